/**
 * Territory traffic on a congested grid town: vehicles conserved at every road node (connectors included), every
 * zone's peak-hour trips loaded and unloaded, trip classes adding up, link speeds = length / BPR time at the flow,
 * v/c and daily flows by definition, totals re-summed; more inhabitants → more vehicle-km; a halved capacity
 * diverts flow; a closure is a new graph (cold start, reported); warm starts after a small demand change need
 * fewer iterations; determinism; cancellation.
 */
import { describe, expect, it } from 'vitest';
import { gridTown } from '../../data/traffic/fixtures.ts';
import type { Territory } from '../territory.ts';
import { runTerritoryTraffic, TrafficCancelledError, type TerritoryTrafficResult } from './territory-traffic.ts';

/** 7 × 7 streets 400 m apart (residential: 600 veh/h, 30 km/h); homes in the west, jobs in the east; 60 % of the attractions are work trips; 800 m zones. */
function town(): Territory {
  const cells = [];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 12; j++) cells.push({ x: 100 + 200 * (i % 3), y: 200 * j, inhabitants: 600 + 150 * ((i * 7 + j * 3) % 5) });
  const buildings = [];
  for (let j = 0; j < 6; j++) buildings.push({ x: 2000 + 100 * (j % 2), y: 200 + 400 * j, size: 60, floors: 10, use: 'activity' as const });
  return gridTown({ columns: 7, rows: 7, spacingM: 400, roadClass: 'residential', cells, buildings });
}

const T = town();
const OPTS = { gap: 1e-6, maxIterations: 300, params: { workShare: 0.6, zoneSizeM: 800 } } as const;
const BASE = runTerritoryTraffic(T, OPTS);

function withCapacity(t: Territory, link: number, factor: number): Territory {
  const capacityVehH = t.roads.capacityVehH.slice();
  capacityVehH[link] *= factor;
  return { ...t, roads: { ...t.roads, capacityVehH } };
}

function busiest(r: TerritoryTrafficResult): number {
  let best = 0;
  for (let l = 0; l < r.linkCount; l++) if (r.flowVehH[l] > r.flowVehH[best]) best = l;
  return best;
}

describe('territory traffic', () => {
  it('is congested but converged, and its trip classes add up', () => {
    const s = BASE.summary;
    expect(s.converged).toBe(true);
    expect(s.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(s.linksOverCapacity).toBeGreaterThan(0);
    expect(s.travelTimeIndex).toBeGreaterThan(1.05);
    expect(s.unreachableTrips).toBe(0);
    expect(s.assignedTrips + s.intrazonalTrips + s.unreachableTrips).toBeCloseTo(s.vehicleTripsPeak, 6);
    expect(s.vehicleTripsPeak).toBeCloseTo(s.inhabitants * ((4 * 0.472) / 1.4) * 0.1, 6);
  });

  it('conserves vehicles at every road node and loads the trips of every zone on its connectors', () => {
    const r = BASE;
    const roads = T.roads;
    const net = new Float64Array(roads.nodeCount); // in − out
    for (let l = 0; l < r.linkCount; l++) {
      net[roads.linkTo[l]] += r.flowVehH[l];
      net[roads.linkFrom[l]] -= r.flowVehH[l];
    }
    const c = r.connectors;
    for (let k = 0; k < c.zone.length; k++) net[c.node[k]] += r.connectorFlowOut[k] - r.connectorFlowIn[k];
    const scale = Math.max(...r.flowVehH);
    for (let n = 0; n < roads.nodeCount; n++) expect(Math.abs(net[n])).toBeLessThan(1e-9 * scale);
    // Per zone: what leaves = its row of the peak OD, what arrives = its column.
    const d = r.demand.peak;
    const Z = r.demand.zones.count;
    const row = new Float64Array(Z);
    const col = new Float64Array(Z);
    for (let o = 0; o < Z; o++)
      for (let k = d.originStart[o]; k < d.originStart[o + 1]; k++) {
        row[o] += d.trips[k];
        col[d.destination[k]] += d.trips[k];
      }
    const out = new Float64Array(Z);
    const inn = new Float64Array(Z);
    for (let k = 0; k < c.zone.length; k++) {
      out[c.zone[k]] += r.connectorFlowOut[k];
      inn[c.zone[k]] += r.connectorFlowIn[k];
    }
    for (let z = 0; z < Z; z++) {
      expect(out[z]).toBeCloseTo(row[z], 6);
      expect(inn[z]).toBeCloseTo(col[z], 6);
    }
  });

  it('gives speeds, v/c and daily flows consistent with the flows (BPR by hand), and totals re-summed', () => {
    const r = BASE;
    const roads = T.roads;
    let vkm = 0;
    let vh = 0;
    for (let l = 0; l < r.linkCount; l++) {
      const cap = roads.capacityVehH[l];
      const t0 = (roads.lengthM[l] / roads.freeSpeedKmh[l]) * 3.6;
      const t = t0 * (1 + 0.15 * (r.flowVehH[l] / cap) ** 4);
      expect(r.travelTimeS[l]).toBeCloseTo(t, 6);
      expect(r.speedKmh[l]).toBeCloseTo((roads.lengthM[l] / t) * 3.6, 6);
      expect(r.vc[l]).toBeCloseTo(r.flowVehH[l] / cap, 12);
      expect(r.flowVehDay[l]).toBeCloseTo(r.flowVehH[l] / 0.1, 6);
      vkm += (r.flowVehH[l] * roads.lengthM[l]) / 1000;
      vh += (r.flowVehH[l] * t) / 3600;
    }
    const s = r.summary;
    expect(s.networkVehicleKmPeak).toBeCloseTo(vkm, 6);
    expect(s.vehicleKmPeak).toBeCloseTo(vkm + r.demand.intrazonalVehicleKmPeak, 6);
    expect(s.vehicleHoursPeak).toBeCloseTo(vh, 6);
    expect(s.meanSpeedKmh).toBeCloseTo(vkm / vh, 9);
    expect(s.vehicleKmDay).toBeCloseTo(s.vehicleKmPeak / 0.1, 6);
    expect(s.shareOverCapacity).toBeCloseTo([...r.vc].filter((v) => v > 1).length / s.carLinks, 12);
  });

  it('more inhabitants in one zone → more vehicle-km', () => {
    const inhabitants = T.population.inhabitants.slice();
    inhabitants[0] += 2000;
    const more = runTerritoryTraffic({ ...T, population: { ...T.population, inhabitants } }, OPTS);
    expect(more.summary.vehicleTripsPeak).toBeGreaterThan(BASE.summary.vehicleTripsPeak);
    expect(more.summary.vehicleKmPeak).toBeGreaterThan(BASE.summary.vehicleKmPeak * 1.01);
  });

  it('a lane less (capacity halved) on the busiest link diverts flow to other links', () => {
    const l = busiest(BASE);
    const r = runTerritoryTraffic(withCapacity(T, l, 0.5), { ...OPTS, warmStart: BASE.warmStart });
    expect(r.summary.warmStarted).toBe(true);
    expect(r.flowVehH[l]).toBeLessThan(BASE.flowVehH[l] * 0.95);
    const others = (x: TerritoryTrafficResult): number => x.flowVehH.reduce((a, f, k) => a + (k === l ? 0 : f * T.roads.lengthM[k]), 0);
    expect(others(r)).toBeGreaterThan(others(BASE));
    expect(r.vc[l]).toBeCloseTo(r.flowVehH[l] / (T.roads.capacityVehH[l] / 2), 12);
  });

  it('a closed link is a new graph: cold start (reported), no flow on it', () => {
    const l = busiest(BASE);
    const roads = T.roads;
    const keep = [...Array(roads.linkCount).keys()].filter((k) => k !== l);
    const pick = <A extends Float32Array | Uint32Array | Uint8Array>(a: A): A => a.filter((_, k) => k !== l) as A;
    const closed: Territory = {
      ...T,
      roads: {
        ...roads, linkCount: keep.length, linkFrom: pick(roads.linkFrom), linkTo: pick(roads.linkTo), linkSegment: pick(roads.linkSegment), linkReversed: pick(roads.linkReversed),
        lengthM: pick(roads.lengthM), lanes: pick(roads.lanes), lanesRule: pick(roads.lanesRule), capacityVehH: pick(roads.capacityVehH), freeSpeedKmh: pick(roads.freeSpeedKmh),
        speedRule: pick(roads.speedRule), roadClass: pick(roads.roadClass),
      },
    };
    const r = runTerritoryTraffic(closed, { ...OPTS, warmStart: BASE.warmStart });
    expect(r.summary.warmStarted).toBe(false);
    expect(r.summary.warmStartRejected).toMatch(/the network changed/);
    expect(r.summary.converged).toBe(true);
    expect(r.summary.vehicleHoursPeak).toBeGreaterThan(BASE.summary.vehicleHoursPeak);
  });

  it('a warm start after +100 inhabitants in one cell needs fewer iterations than a cold start, to the same flows', () => {
    const inhabitants = T.population.inhabitants.slice();
    inhabitants[5] += 100;
    const t2 = { ...T, population: { ...T.population, inhabitants } };
    const cold = runTerritoryTraffic(t2, OPTS);
    const warm = runTerritoryTraffic(t2, { ...OPTS, warmStart: BASE.warmStart });
    expect(warm.summary.warmStarted).toBe(true);
    expect(warm.summary.converged).toBe(true);
    expect(warm.summary.iterations).toBeLessThan(cold.summary.iterations);
    expect(warm.summary.vehicleKmPeak).toBeCloseTo(cold.summary.vehicleKmPeak, 0);
  });

  it('is deterministic, and can be cancelled', () => {
    const again = runTerritoryTraffic(T, OPTS);
    expect(Buffer.from(again.flowVehH.buffer).equals(Buffer.from(BASE.flowVehH.buffer))).toBe(true);
    expect(() => runTerritoryTraffic(T, { ...OPTS, signal: { aborted: true } })).toThrow(TrafficCancelledError);
  });
});
