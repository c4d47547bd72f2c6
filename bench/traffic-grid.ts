/**
 * Seeded synthetic assignment problems for the traffic benchmarks and tests (run directly, it prints their sizes).
 *
 * 1. {@link syntheticGrid}: a grid of two-way arterials with faster "freeway" lines every fifth row and column,
 *    diagonal express links, zone centroids (below the first thru node, as in the TNTP networks) each tied to a grid
 *    node by a pair of connectors, and a gravity demand T_rs = k · P_r · P_s · exp(−d_rs / 6 km) scaled to a total
 *    that congests the network (about a fifth of the road links above capacity at equilibrium). {@link CHICAGO_LIKE}
 *    mimics Chicago-Sketch (TNTP: 933 nodes, 2 950 links, 387 zones): 23 × 22 grid nodes + 390 zones = 896 nodes,
 *    1 934 grid + 236 diagonal + 780 connector links = 2 950 links.
 * 2. {@link sampleProblem}: the road network of a sample territory (data/sample) with the peak-hour car demand of
 *    the territory demand model (engine/traffic/demand.ts: square zones of the given size, 4.0 trips per person per
 *    day × 47.2 % by car / 1.4 persons per car × 10 % in the peak hour, doubly-constrained gravity), × `demandScale`.
 *
 * Same options → the same problem (seeded sfc32 streams, no Math.random).
 */
import { fileURLToPath } from 'node:url';
import { Rng } from '../data/sample/prng.ts';
import { createDemand, createTrafficNetwork, type Demand, type TrafficNetwork } from '../engine/traffic/network.ts';
import { territoryAssignment } from '../engine/traffic/territory-traffic.ts';
import { resolveTrafficParams } from '../engine/traffic/traffic-params.ts';
import type { Territory } from '../engine/territory.ts';

export interface GridOptions {
  columns: number;
  rows: number;
  zones: number;
  /** Diagonal express links (two-way) added at random grid cells. */
  diagonals: number;
  /** Grid spacing (km); times are in minutes. */
  spacingKm?: number;
  /** Total trips (veh/h). */
  totalTrips: number;
  seed: number;
}

/** ~Chicago-Sketch size: 896 nodes, 2 950 links (connectors included), 390 zones. */
export const CHICAGO_LIKE: GridOptions = { columns: 23, rows: 22, zones: 390, diagonals: 118, totalTrips: 420_000, seed: 7 };

export function syntheticGrid(o: GridOptions): { network: TrafficNetwork; demand: Demand } {
  const rng = new Rng(o.seed);
  const spacing = o.spacingKm ?? 1;
  const Z = o.zones;
  const gridNode = (c: number, r: number): number => Z + r * o.columns + c;
  const from: number[] = [];
  const to: number[] = [];
  const fft: number[] = [];
  const cap: number[] = [];
  const addPair = (a: number, b: number, lengthKm: number, speedKmh: number, capacity: number): void => {
    for (const [x, y] of [[a, b], [b, a]]) {
      from.push(x);
      to.push(y);
      fft.push((60 * lengthKm) / speedKmh);
      cap.push(capacity);
    }
  };
  const arterial = (): [number, number] => [rng.range(40, 60), rng.range(1200, 2400)];
  for (let r = 0; r < o.rows; r++)
    for (let c = 0; c + 1 < o.columns; c++) {
      const [v, k] = r % 5 === 2 ? [90, 5000] : arterial();
      addPair(gridNode(c, r), gridNode(c + 1, r), spacing * rng.range(0.8, 1.2), v, k);
    }
  for (let c = 0; c < o.columns; c++)
    for (let r = 0; r + 1 < o.rows; r++) {
      const [v, k] = c % 5 === 2 ? [90, 5000] : arterial();
      addPair(gridNode(c, r), gridNode(c, r + 1), spacing * rng.range(0.8, 1.2), v, k);
    }
  for (let k = 0; k < o.diagonals; k++) {
    const c = rng.int(0, o.columns - 2);
    const r = rng.int(0, o.rows - 2);
    const flip = rng.chance(0.5);
    addPair(gridNode(c, flip ? r + 1 : r), gridNode(c + 1, flip ? r : r + 1), spacing * Math.SQRT2, 70, 3000);
  }
  // Zones: a random grid node each, tied to it by a pair of centroid connectors (as in the TNTP networks).
  const zx = new Float64Array(Z);
  const zy = new Float64Array(Z);
  const weight = new Float64Array(Z);
  for (let z = 0; z < Z; z++) {
    const c = rng.int(0, o.columns - 1);
    const r = rng.int(0, o.rows - 1);
    zx[z] = c * spacing;
    zy[z] = r * spacing;
    weight[z] = rng.lognormal(1, 0.6, 0.2, 5);
    addPair(z, gridNode(c, r), 0.3, 30, 20000);
  }
  const network = createTrafficNetwork({
    nodeCount: Z + o.columns * o.rows, zoneCount: Z, firstThruNode: Z, linkFrom: from, linkTo: to, freeFlowTime: fft, capacity: cap,
  });
  const oz: number[] = [];
  const dz: number[] = [];
  const tv: number[] = [];
  let sum = 0;
  for (let r = 0; r < Z; r++)
    for (let s = 0; s < Z; s++) {
      if (r === s) continue;
      const d = Math.hypot(zx[r] - zx[s], zy[r] - zy[s]);
      const t = weight[r] * weight[s] * Math.exp(-d / (6 * spacing));
      oz.push(r);
      dz.push(s);
      tv.push(t);
      sum += t;
    }
  for (let k = 0; k < tv.length; k++) tv[k] *= o.totalTrips / sum;
  return { network, demand: createDemand(Z, oz, dz, tv) };
}

/**
 * Sample territory → assignment problem with the territory demand model (engine/traffic/demand.ts, default
 * parameters) on zones of `districtM` metres; `demandScale` multiplies the peak-hour trips.
 */
export function sampleProblem(t: Territory, districtM: number, demandScale = 1): { network: TrafficNetwork; demand: Demand; zones: number } {
  const a = territoryAssignment(t, resolveTrafficParams({ zoneSizeM: districtM }));
  const d = a.demand.peak;
  const demand = demandScale === 1 ? d : { ...d, trips: d.trips.map((v) => v * demandScale) };
  return { network: a.network, demand, zones: a.demand.zones.count };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const g = syntheticGrid(CHICAGO_LIKE);
  console.log(
    `Chicago-Sketch-like grid: ${g.network.nodeCount} nodes, ${g.network.linkCount} links, ${g.network.zoneCount} zones, ` +
      `${g.demand.trips.length} OD pairs, generated in ${((performance.now() - t0) / 1000).toFixed(3)} s`,
  );
}
