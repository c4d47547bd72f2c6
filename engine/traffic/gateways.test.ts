/**
 * Gateways and external traffic on hand-made towns: which road ends are gateways (main roads leaving the town: yes;
 * a residential road, a main road ending inside: no), dual carriageways joined, capacities per direction read off
 * the links; exchange trips conserved (share × the residents' trips, split by capacity, inside ends by the
 * attraction/production weights) and through trips only between distinct, distant gateways; with both shares 0 the
 * results are bitwise those of the model without external traffic (hashes recorded before it existed); more
 * exchange → more vehicle-km; vehicles conserved at the gateways; gateways count against the zone cap.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gatewayTown, gridTown } from '../../data/traffic/fixtures.ts';
import { buildTrafficZones, territoryDemand } from './demand.ts';
import { findGateways } from './gateways.ts';
import { runTerritoryTraffic } from './territory-traffic.ts';
import { resolveTrafficParams } from './traffic-params.ts';

const T = gatewayTown();
const node = (x: number, y: number): number => {
  for (let n = 0; n < T.roads.nodeCount; n++) if (T.roads.nodeXY[2 * n] === x && T.roads.nodeXY[2 * n + 1] === y) return n;
  throw new Error(`no node at ${x}, ${y}`);
};
/** Capacity of the car links leaving / arriving at road node n. */
function linkCapacity(t: typeof T, n: number, leaving: boolean): number {
  let c = 0;
  for (let l = 0; l < t.roads.linkCount; l++) if ((leaving ? t.roads.linkFrom[l] : t.roads.linkTo[l]) === n) c += t.roads.capacityVehH[l];
  return c;
}
const hash = (a: Float64Array): string => createHash('sha256').update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);

describe('gateways', () => {
  it('are the main roads leaving the town: not a residential road, not a main road ending inside', () => {
    const g = findGateways(T, { gatewayMarginM: 200, gatewayMergeM: 500 });
    expect(g.box).toEqual([0, 0, 1600, 1600]); // the population cells' extent
    expect(g.count).toBe(2);
    const west = node(-1000, 800);
    const east = node(2600, 800);
    expect(g.id).toEqual([`gw_${Math.min(west, east)}`, `gw_${Math.max(west, east)}`]);
    const k = g.id.indexOf(`gw_${west}`);
    expect(g.roadClass[k]).toBe('primary');
    expect([g.x[k], g.y[k]]).toEqual([-1000, 800]);
    // Into the town = the link leaving the road end; out of it = the link arriving there (one lane each way, 1 500 veh/h).
    expect(g.capacityInVehH[k]).toBe(linkCapacity(T, west, true));
    expect(g.capacityOutVehH[k]).toBe(linkCapacity(T, west, false));
    expect(g.capacityInVehH[k]).toBe(1500);
    expect(g.capacityInVehH[1 - k]).toBe(2000); // the secondary road, two lanes each way of 1 000 veh/h
    // A margin reaching the spur's end (600 m inside the box) makes it a gateway too; the residential lane never is.
    const wide = findGateways(T, { gatewayMarginM: 700, gatewayMergeM: 500 });
    expect(wide.id).toContain(`gw_${node(600, 600)}`);
    expect(wide.id).not.toContain(`gw_${node(800, 2400)}`);
    expect(wide.count).toBe(3);
  });

  it('joins the two one-way carriageways of a dual carriageway; a lone one-way road is a one-way gateway', () => {
    const t = gridTown({
      columns: 3, rows: 3, spacingM: 400, roadClass: 'residential', cells: [{ x: 300, y: 300, inhabitants: 500 }],
      roads: [
        { line: [0, 400, -1000, 400], roadClass: 'trunk', lanes: 2, direction: 'forward' }, // leaves the town
        { line: [-1000, 430, 0, 400], roadClass: 'trunk', lanes: 2, direction: 'forward' }, // enters it, 30 m away
        { line: [800, 0, 1800, 0], roadClass: 'primary', lanes: 1, direction: 'forward' }, // leaves only
      ],
    });
    const at = (x: number, y: number): number => [...Array(t.roads.nodeCount).keys()].find((n) => t.roads.nodeXY[2 * n] === x && t.roads.nodeXY[2 * n + 1] === y)!;
    const g = findGateways(t, { gatewayMarginM: 200, gatewayMergeM: 500 });
    expect(g.count).toBe(2);
    const dual = g.roadClass.indexOf('trunk');
    expect([...g.node.subarray(g.nodeStart[dual], g.nodeStart[dual + 1])].sort((a, b) => a - b)).toEqual([at(-1000, 400), at(-1000, 430)].sort((a, b) => a - b));
    expect(g.capacityInVehH[dual]).toBe(linkCapacity(t, at(-1000, 430), true));
    expect(g.capacityOutVehH[dual]).toBe(linkCapacity(t, at(-1000, 400), false));
    const lone = 1 - dual;
    expect(g.capacityInVehH[lone]).toBe(0);
    expect(g.capacityOutVehH[lone]).toBe(linkCapacity(t, at(1800, 0), false));
    // Closer merge distance than the carriageways' gap: three one-way gateways.
    expect(findGateways(t, { gatewayMarginM: 200, gatewayMergeM: 20 }).count).toBe(3);
  });
});

describe('external demand', () => {
  const p = resolveTrafficParams({ zoneSizeM: 400 });
  const D = territoryDemand(T, p);
  const off = territoryDemand(T, resolveTrafficParams({ zoneSizeM: 400, exchangeShare: 0, throughShare: 0 }));
  const Z = D.zones.count;
  const G = D.external.gateways.count;
  const gw = D.external.gateways;
  /** Peak OD as a dense (Z + G)² matrix. */
  const od = (() => {
    const N = Z + G;
    const m = new Float64Array(N * N);
    const d = D.peak;
    for (let o = 0; o < N; o++) for (let k = d.originStart[o]; k < d.originStart[o + 1]; k++) m[o * N + d.destination[k]] += d.trips[k];
    return m;
  })();
  const N = Z + G;

  it('exchange trips: share × the residents\' trips, half each way, split by capacity, inside ends by the weights', () => {
    const sumP = D.productionDay.reduce((a, b) => a + b, 0);
    const sumA = D.attractionDay.reduce((a, b) => a + b, 0);
    expect(D.totals.exchangeTripsDay).toBeCloseTo(0.9 * sumP, 9);
    expect(D.totals.internalTripsDay).toBeCloseTo(sumP, 9);
    const half = (0.1 * 0.9 * sumP) / 2;
    const Cin = gw.capacityInVehH.reduce((a, b) => a + b, 0);
    const Cout = gw.capacityOutVehH.reduce((a, b) => a + b, 0);
    let enter = 0;
    let leave = 0;
    for (let g = 0; g < G; g++) {
      let eg = 0;
      let lg = 0;
      for (let j = 0; j < Z; j++) {
        eg += od[(Z + g) * N + j];
        lg += od[j * N + Z + g];
        // Inside end: ι·A_j/ΣA + (1 − ι)·P_j/ΣP of the gateway's trips.
        const w = (0.7 * D.attractionDay[j]) / sumA + (0.3 * D.productionDay[j]) / sumP;
        expect(od[(Z + g) * N + j]).toBeCloseTo(((half * gw.capacityInVehH[g]) / Cin) * w, 9);
      }
      expect(eg).toBeCloseTo((half * gw.capacityInVehH[g]) / Cin, 9);
      expect(lg).toBeCloseTo((half * gw.capacityOutVehH[g]) / Cout, 9);
      enter += eg;
      leave += lg;
    }
    expect(enter + leave).toBeCloseTo(D.totals.exchangeTripsPeak, 9);
    expect(D.totals.exchangeTripsPeak).toBeCloseTo(0.1 * 0.9 * sumP, 9);
  });

  it('through trips: only between distinct gateways, Θ = share × capacity, in proportion to cin_g·cout_h', () => {
    const Cin = gw.capacityInVehH.reduce((a, b) => a + b, 0);
    const Cout = gw.capacityOutVehH.reduce((a, b) => a + b, 0);
    expect(G).toBe(2);
    let total = 0;
    for (let g = 0; g < G; g++) {
      expect(od[(Z + g) * N + Z + g]).toBe(0);
      for (let h = 0; h < G; h++) total += od[(Z + g) * N + Z + h];
    }
    expect(total).toBeCloseTo((0.03 * (Cin + Cout)) / 2, 9);
    expect(D.totals.throughTripsPeak).toBeCloseTo(total, 9);
    expect(od[Z * N + Z + 1] / od[(Z + 1) * N + Z]).toBeCloseTo((gw.capacityInVehH[0] * gw.capacityOutVehH[1]) / (gw.capacityInVehH[1] * gw.capacityOutVehH[0]), 9);
    // Gateways closer than gatewayMergeM exchange no through trips (here: all of them).
    const near = territoryDemand(T, resolveTrafficParams({ zoneSizeM: 400, gatewayMergeM: 5000 }));
    expect(near.totals.throughTripsPeak).toBe(0);
    expect(near.notes.join(' ')).toMatch(/no through trip/);
  });

  it('leaves the internal trips as they were; with both shares 0 the results are bitwise the model without gateways', () => {
    for (let i = 0; i < Z; i++) for (let j = 0; j < Z; j++) expect(od[i * N + j]).toBe(i === j ? 0 : odOff(i, j));
    expect(off.external.gateways.count).toBe(0);
    expect(D.zones.count).toBe(off.zones.count);
    // Hashes of flows and peak trips recorded with the model before exchange and through traffic existed
    // (recorded again when the models moved to the deterministic engine/math/dmath.ts).
    const r = runTerritoryTraffic(T, { gap: 1e-6, maxIterations: 300, params: { zoneSizeM: 400, exchangeShare: 0, throughShare: 0 } });
    expect([hash(r.flowVehH), hash(r.demand.peak.trips), r.summary.iterations]).toEqual(['959c03dd95355ec4', '2c220f2bd8a4d851', 2]);
    const auto = runTerritoryTraffic(T, { gap: 1e-6, maxIterations: 300, params: { maxZones: 10, exchangeShare: 0, throughShare: 0 } });
    expect([hash(auto.flowVehH), hash(auto.demand.peak.trips), auto.summary.zones]).toEqual(['5df174e2ca17180e', '8e65f607eafc14fc', 9]);
  });

  function odOff(i: number, j: number): number {
    const d = off.peak;
    for (let k = d.originStart[i]; k < d.originStart[i + 1]; k++) if (d.destination[k] === j) return d.trips[k];
    return 0;
  }

  it('gateways count against the automatic zone cap', () => {
    const withGw = territoryDemand(T, resolveTrafficParams({ maxZones: 10 }));
    const without = territoryDemand(T, resolveTrafficParams({ maxZones: 10, exchangeShare: 0, throughShare: 0 }));
    expect(withGw.external.gateways.count).toBe(2);
    expect(withGw.zones.count + 2).toBeLessThanOrEqual(10);
    expect(without.zones.count).toBe(9);
    // The same zoning as a cap of 10 − 2 without gateways.
    const eight = territoryDemand(T, resolveTrafficParams({ maxZones: 8, exchangeShare: 0, throughShare: 0 }));
    expect(withGw.zones.sizeM).toBe(eight.zones.sizeM);
    expect(withGw.zones.id).toEqual(eight.zones.id);
    expect(buildTrafficZones(T, resolveTrafficParams({ maxZones: 10 }), {}, 2).sizeM).toBe(eight.zones.sizeM);
  });
});

describe('external traffic assigned', () => {
  const OPTS = { gap: 1e-6, maxIterations: 300 } as const;
  const run = (exchangeShare: number, throughShare = 0.03) => runTerritoryTraffic(T, { ...OPTS, params: { zoneSizeM: 400, exchangeShare, throughShare } });
  const R = run(0.9);

  it('loads each gateway\'s trips on its connectors and conserves vehicles at every road node', () => {
    const s = R.summary;
    expect(s.converged).toBe(true);
    expect(s.gateways).toBe(2);
    expect(s.unreachableTrips).toBe(0);
    expect(s.internalTripsPeak + s.exchangeTripsPeak + s.throughTripsPeak).toBeCloseTo(s.vehicleTripsPeak, 9);
    expect(s.assignedTrips + s.intrazonalTrips).toBeCloseTo(s.vehicleTripsPeak, 6);
    const roads = T.roads;
    const net = new Float64Array(roads.nodeCount);
    for (let l = 0; l < R.linkCount; l++) {
      net[roads.linkTo[l]] += R.flowVehH[l];
      net[roads.linkFrom[l]] -= R.flowVehH[l];
    }
    const c = R.connectors;
    for (let k = 0; k < c.zone.length; k++) net[c.node[k]] += R.connectorFlowOut[k] - R.connectorFlowIn[k];
    for (let n = 0; n < roads.nodeCount; n++) expect(Math.abs(net[n])).toBeLessThan(1e-8);
    // The west road carries exactly the trips of its gateway (its only way in and out).
    const Z = R.demand.zones.count;
    const gw = R.demand.external.gateways;
    const west = gw.id.indexOf(`gw_${node(-1000, 800)}`);
    const d = R.demand.peak;
    let out = 0;
    let inn = 0;
    for (let k = d.originStart[Z + west]; k < d.originStart[Z + west + 1]; k++) out += d.trips[k];
    for (let o = 0; o < d.zoneCount; o++) for (let k = d.originStart[o]; k < d.originStart[o + 1]; k++) if (d.destination[k] === Z + west) inn += d.trips[k];
    const l = [...Array(roads.linkCount).keys()].find((k) => roads.linkFrom[k] === node(-1000, 800))!;
    expect(R.flowVehH[l]).toBeCloseTo(out, 6);
    const back = [...Array(roads.linkCount).keys()].find((k) => roads.linkTo[k] === node(-1000, 800))!;
    expect(R.flowVehH[back]).toBeCloseTo(inn, 6);
  });

  it('more exchange → more trips and more vehicle-km; none → the internal model', () => {
    const less = run(0.3);
    const none = run(0, 0);
    expect(less.summary.vehicleKmPeak).toBeGreaterThan(none.summary.vehicleKmPeak);
    expect(R.summary.vehicleKmPeak).toBeGreaterThan(less.summary.vehicleKmPeak);
    expect(R.summary.exchangeTripsPeak).toBeCloseTo(3 * less.summary.exchangeTripsPeak, 9);
    expect(none.summary.gateways).toBe(0);
    expect(none.summary.vehicleTripsPeak).toBe(none.summary.internalTripsPeak);
  });

  it('a territory without main roads at its edge gets no gateway (reported) and the internal results', () => {
    const t = gridTown({ columns: 4, rows: 4, spacingM: 400, roadClass: 'residential', cells: [{ x: 0, y: 0, inhabitants: 800 }, { x: 1000, y: 1000, inhabitants: 800 }] });
    const a = runTerritoryTraffic(t, { ...OPTS, params: { zoneSizeM: 400 } });
    const b = runTerritoryTraffic(t, { ...OPTS, params: { zoneSizeM: 400, exchangeShare: 0, throughShare: 0 } });
    expect(a.summary.gateways).toBe(0);
    expect(a.notes.join(' ')).toMatch(/no gateway/);
    expect(hash(a.flowVehH)).toBe(hash(b.flowVehH));
  });

  it('names bad external parameters', () => {
    expect(() => resolveTrafficParams({ exchangeShare: -0.1 })).toThrow(/exchangeShare must be a number in \[0, 10\], got -0.1/);
    expect(() => resolveTrafficParams({ exchangeInboundShare: 2 })).toThrow(/exchangeInboundShare/);
    expect(() => resolveTrafficParams({ throughShare: Number.NaN })).toThrow(/throughShare/);
  });
});
