/**
 * Seeded synthetic assignment problems for the traffic benchmarks and tests (run directly, it prints their sizes).
 *
 * 1. {@link syntheticGrid}: a grid of two-way arterials with faster "freeway" lines every fifth row and column,
 *    diagonal express links, zone centroids (below the first thru node, as in the TNTP networks) each tied to a grid
 *    node by a pair of connectors, and a gravity demand T_rs = k · P_r · P_s · exp(−d_rs / 6 km) scaled to a total
 *    that congests the network (about a fifth of the road links above capacity at equilibrium). {@link CHICAGO_LIKE}
 *    mimics Chicago-Sketch (TNTP: 933 nodes, 2 950 links, 387 zones): 23 × 22 grid nodes + 390 zones = 896 nodes,
 *    1 934 grid + 236 diagonal + 780 connector links = 2 950 links.
 * 2. {@link sampleProblem}: the road network of a sample territory (data/sample), zones made by grouping its 200 m
 *    population cells into square districts, tied by connectors to the nearest drivable road node of each of their
 *    cells, and a gravity demand of peak-hour car trips: inhabitants × 4.0 trips per day (Rennes household travel
 *    survey 2007) × 47.2 % by car (2023 survey, metropolis) × 10 % in the peak hour (an assumption of this
 *    benchmark) × `demandScale`, shared among the districts (its own included: intrazonal trips are not assigned)
 *    in proportion to their inhabitants × exp(−d / 5 km). A stand-in until demand is derived from territories.
 *
 * Same options → the same problem (seeded sfc32 streams, no Math.random).
 */
import { fileURLToPath } from 'node:url';
import { Rng } from '../data/sample/prng.ts';
import { createDemand, createTrafficNetwork, type Demand, type TrafficNetwork } from '../engine/traffic/network.ts';
import { roadAssignmentNetwork } from '../engine/traffic/road-network.ts';
import { featureCentroid, type Territory } from '../engine/territory.ts';

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

/** Peak-hour car trips per inhabitant: 4.0 trips/day × 0.472 by car × 0.10 in the peak hour. */
export const PEAK_CAR_TRIPS_PER_INHABITANT = 4.0 * 0.472 * 0.1;

/** Sample territory → assignment problem with districts of `districtM` metres (see the file comment). */
/** Nearest road node accepted by `ok` (uniform 250 m bucket grid, rings searched outwards). */
function nearestDrivableNode(roads: Territory['roads'], ok: (n: number) => boolean): (x: number, y: number) => number {
  const CELL = 250;
  const buckets = new Map<string, number[]>();
  for (let n = 0; n < roads.nodeCount; n++) {
    if (!ok(n)) continue;
    const k = `${Math.floor(roads.nodeXY[2 * n] / CELL)},${Math.floor(roads.nodeXY[2 * n + 1] / CELL)}`;
    const b = buckets.get(k);
    if (b) b.push(n);
    else buckets.set(k, [n]);
  }
  return (x, y) => {
    const cx = Math.floor(x / CELL);
    const cy = Math.floor(y / CELL);
    let best = -1;
    let bd = Infinity;
    for (let ring = 0; ring < 400; ring++) {
      for (let i = cx - ring; i <= cx + ring; i++)
        for (let j = cy - ring; j <= cy + ring; j++) {
          if (Math.max(Math.abs(i - cx), Math.abs(j - cy)) !== ring) continue;
          for (const n of buckets.get(`${i},${j}`) ?? []) {
            const d = (roads.nodeXY[2 * n] - x) ** 2 + (roads.nodeXY[2 * n + 1] - y) ** 2;
            if (d < bd) {
              bd = d;
              best = n;
            }
          }
        }
      // Every node outside the searched square is at least `ring · CELL` away.
      if (best >= 0 && bd <= (ring * CELL) ** 2) return best;
    }
    return best;
  };
}

export function sampleProblem(t: Territory, districtM: number, demandScale = 1): { network: TrafficNetwork; demand: Demand; zones: number } {
  const roads = t.roads;
  const pop = t.population;
  // Drivable road nodes (a car can leave and reach them), in a uniform grid for nearest-node queries.
  const out = new Uint8Array(roads.nodeCount);
  const inn = new Uint8Array(roads.nodeCount);
  for (let l = 0; l < roads.linkCount; l++)
    if (roads.capacityVehH[l] > 0 && roads.freeSpeedKmh[l] > 0) {
      out[roads.linkFrom[l]] = 1;
      inn[roads.linkTo[l]] = 1;
    }
  const nearest = nearestDrivableNode(roads, (n) => out[n] === 1 && inn[n] === 1);
  // Districts: population cells grouped on a square grid; centroid weighted by inhabitants; one connector to the
  // nearest drivable node of each of the district's cells, so a district's trips enter the network at many points.
  const key = new Map<string, number>();
  const sx: number[] = [];
  const sy: number[] = [];
  const inh: number[] = [];
  const connectorZone: number[] = [];
  const connectorNode: number[] = [];
  const seen = new Set<string>();
  const c = new Float64Array(2);
  for (let i = 0; i < pop.count; i++) {
    const n = pop.inhabitants[i];
    if (!(n > 0)) continue;
    featureCentroid(pop.geometry, i, c);
    const k = `${Math.floor(c[0] / districtM)},${Math.floor(c[1] / districtM)}`;
    let z = key.get(k);
    if (z === undefined) {
      z = inh.length;
      key.set(k, z);
      sx.push(0);
      sy.push(0);
      inh.push(0);
    }
    sx[z] += n * c[0];
    sy[z] += n * c[1];
    inh[z] += n;
    const node = nearest(c[0], c[1]);
    if (!seen.has(`${z}:${node}`)) {
      seen.add(`${z}:${node}`);
      connectorZone.push(z);
      connectorNode.push(node);
    }
  }
  const Z = inh.length;
  const { network } = roadAssignmentNetwork(roads, { zoneCount: Z, connectorZone, connectorNode, connectorTimeS: 60 });
  const oz: number[] = [];
  const dz: number[] = [];
  const tv: number[] = [];
  for (let r = 0; r < Z; r++) {
    let sum = 0;
    const w: number[] = [];
    for (let s2 = 0; s2 < Z; s2++) {
      const d = Math.hypot(sx[r] / inh[r] - sx[s2] / inh[s2], sy[r] / inh[r] - sy[s2] / inh[s2]);
      const v = inh[s2] * Math.exp(-(r === s2 ? districtM / 2 : d) / 5000);
      w.push(v);
      sum += v;
    }
    const produced = inh[r] * PEAK_CAR_TRIPS_PER_INHABITANT * demandScale;
    for (let s2 = 0; s2 < Z; s2++)
      if (w[s2] > 0) {
        oz.push(r);
        dz.push(s2);
        tv.push((produced * w[s2]) / sum);
      }
  }
  return { network, demand: createDemand(Z, oz, dz, tv), zones: Z };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const g = syntheticGrid(CHICAGO_LIKE);
  console.log(
    `Chicago-Sketch-like grid: ${g.network.nodeCount} nodes, ${g.network.linkCount} links, ${g.network.zoneCount} zones, ` +
      `${g.demand.trips.length} OD pairs, generated in ${((performance.now() - t0) / 1000).toFixed(3)} s`,
  );
}
