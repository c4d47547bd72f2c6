/**
 * Algorithm B user equilibrium against closed-form equilibria (two parallel BPR links), and invariants on a seeded
 * congested grid: flow conservation node by node for every origin, all assignable demand assigned, link costs
 * consistent with link flows, Wardrop (used paths within the gap of the shortest), determinism, the centroid
 * pass-through rule, unreachable pairs, extreme BPR parameters, and warm starts after small changes.
 */
import { describe, expect, it } from 'vitest';
import { syntheticGrid } from '../../bench/traffic-grid.ts';
import { assignUserEquilibrium, type AssignmentResult } from './assign.ts';
import { linkCost } from './bpr.ts';
import { createDemand, createTrafficNetwork, withLinkAttributes, type Demand, type TrafficNetwork } from './network.ts';
import { ShortestPaths } from './shortest-path.ts';

/** Two zones joined by two parallel links; `demand` trips from zone 0 to zone 1. */
function parallel(t0: [number, number], cap: [number, number], b: [number, number], p: [number, number], demand: number): { net: TrafficNetwork; od: Demand } {
  const net = createTrafficNetwork({ nodeCount: 2, zoneCount: 2, linkFrom: [0, 0], linkTo: [1, 1], freeFlowTime: t0, capacity: cap, bprB: b, bprPower: p });
  return { net, od: createDemand(2, [0], [1], [demand]) };
}

const grid = (): ReturnType<typeof syntheticGrid> => syntheticGrid({ columns: 8, rows: 8, zones: 30, diagonals: 10, totalTrips: 120_000, seed: 3 });

/** Node balance of each origin's bush: inflow − outflow = trips ending there (− all trips at the origin). */
function checkConservation(net: TrafficNetwork, od: Demand, r: AssignmentResult): void {
  const total = new Float64Array(net.linkCount);
  for (const b of r.state.bushes) {
    if (!b) continue;
    const balance = new Float64Array(net.nodeCount);
    let sent = 0;
    for (let q = 0; q < b.links.length; q++) {
      const a = b.links[q];
      expect(b.flow[q]).toBeGreaterThanOrEqual(0);
      balance[net.linkTo[a]] += b.flow[q];
      balance[net.linkFrom[a]] -= b.flow[q];
      total[a] += b.flow[q];
    }
    const expected = new Float64Array(net.nodeCount);
    for (let k = od.originStart[b.origin]; k < od.originStart[b.origin + 1]; k++) {
      const s = od.destination[k];
      if (s === b.origin || !r.state.bushes[b.origin]!.order.includes(s)) continue;
      expected[s] += od.trips[k];
      sent += od.trips[k];
    }
    expected[b.origin] = -sent;
    for (let n = 0; n < net.nodeCount; n++) expect(Math.abs(balance[n] - expected[n]), `origin ${b.origin} node ${n}`).toBeLessThan(1e-9 * Math.max(1, sent));
  }
  for (let a = 0; a < net.linkCount; a++) expect(r.linkFlow[a]).toBe(total[a]);
}

describe('Algorithm B user equilibrium', () => {
  it('two parallel linear links: the closed-form split, equal times', () => {
    // 10·(1 + 0.15·x/1000) = 15·(1 + 0.15·(5000 − x)/2000)  ⇒  x = (5 + 0.001125·5000) / 0.002625
    const { net, od } = parallel([10, 15], [1000, 2000], [0.15, 0.15], [1, 1], 5000);
    const r = assignUserEquilibrium(net, od, { targetGap: 1e-12 });
    const x = (5 + 0.001125 * 5000) / 0.002625;
    expect(Math.abs(r.linkFlow[0] - x) / x).toBeLessThan(1e-6);
    expect(Math.abs(r.linkFlow[1] - (5000 - x)) / (5000 - x)).toBeLessThan(1e-6);
    expect(Math.abs(r.linkCost[0] - r.linkCost[1]) / r.linkCost[0]).toBeLessThan(1e-6);
    expect(r.converged).toBe(true);
  });

  it('two parallel quartic BPR links with equal t0: flows split in proportion to capacity', () => {
    const { net, od } = parallel([7, 7], [1200, 2400], [0.15, 0.15], [4, 4], 6000);
    const r = assignUserEquilibrium(net, od, { targetGap: 1e-12 });
    expect(Math.abs(r.linkFlow[0] - 2000) / 2000).toBeLessThan(1e-6);
    expect(Math.abs(r.linkFlow[1] - 4000) / 4000).toBeLessThan(1e-6);
  });

  it('a corner solution: the slower link stays unused when the faster one is never worse', () => {
    const { net, od } = parallel([10, 15], [1000, 2000], [0.15, 0.15], [1, 1], 3000); // 10 + 4.5 < 15
    const r = assignUserEquilibrium(net, od);
    expect([...r.linkFlow]).toEqual([3000, 0]);
    expect(r.relativeGap).toBe(0);
  });

  it('congested grid: conservation, all assignable demand assigned, costs consistent with flows, Wardrop', () => {
    const { network: net, demand: od } = grid();
    const r = assignUserEquilibrium(net, od, { targetGap: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(2);
    checkConservation(net, od, r);
    let total = 0;
    for (let k = 0; k < od.trips.length; k++) total += od.trips[k];
    expect(r.assignedTrips).toBeCloseTo(total, 6);
    expect(r.unreachable).toEqual([]);
    for (let a = 0; a < net.linkCount; a++) expect(r.linkCost[a]).toBe(linkCost(net, a, r.linkFlow[a]));
    // Wardrop: the longest used path to every destination costs at most the shortest path plus a hair.
    const sp = new ShortestPaths(net);
    let worst = 0;
    for (const b of r.state.bushes) {
      if (!b) continue;
      sp.run(b.origin, r.linkCost);
      const U = new Float64Array(net.nodeCount);
      for (let k = 1; k < b.order.length; k++) {
        let u = -Infinity;
        for (let q = b.linkStart[k]; q < b.linkStart[k + 1]; q++) if (b.flow[q] > 0) u = Math.max(u, U[net.linkFrom[b.links[q]]] + r.linkCost[b.links[q]]);
        U[b.order[k]] = u === -Infinity ? sp.dist[b.order[k]] : u;
      }
      for (let k = od.originStart[b.origin]; k < od.originStart[b.origin + 1]; k++) {
        const s = od.destination[k];
        worst = Math.max(worst, (U[s] - sp.dist[s]) / sp.dist[s]);
      }
    }
    expect(worst).toBeLessThan(1e-5);
    expect(worst).toBeGreaterThanOrEqual(-1e-12);
    // The reported gap equals (TSTT − SPTT) / TSTT recomputed here with Dijkstra on the whole network.
    let tstt = 0;
    let sptt = 0;
    for (let a = 0; a < net.linkCount; a++) tstt += r.linkFlow[a] * r.linkCost[a];
    for (let o = 0; o < od.zoneCount; o++) {
      sp.run(o, r.linkCost);
      for (let k = od.originStart[o]; k < od.originStart[o + 1]; k++) sptt += od.trips[k] * sp.dist[od.destination[k]];
    }
    expect(Math.abs(r.relativeGap - (tstt - sptt) / tstt)).toBeLessThan(1e-12);
    expect(r.relativeGap).toBeLessThanOrEqual(1e-10);
  });

  it('is deterministic: the same input gives bitwise the same flows', () => {
    const { network: net, demand: od } = grid();
    const a = assignUserEquilibrium(net, od, { targetGap: 1e-8 });
    const b = assignUserEquilibrium(net, od, { targetGap: 1e-8 });
    expect(new Uint8Array(b.linkFlow.buffer)).toEqual(new Uint8Array(a.linkFlow.buffer));
    expect(b.iterations).toBe(a.iterations);
    expect(b.objective).toBe(a.objective);
  });

  it('never passes through a centroid below the first thru node', () => {
    // 0 → 3 → 4 → 1 costs 12; the short cut 3 → 2 → 4 through centroid 2 would cost 4.
    const input = { nodeCount: 5, zoneCount: 3, linkFrom: [0, 3, 4, 3, 2], linkTo: [3, 4, 1, 2, 4], freeFlowTime: [1, 10, 1, 1, 1], capacity: [100, 100, 100, 100, 100] };
    const od = createDemand(3, [0], [1], [50]);
    const blocked = assignUserEquilibrium(createTrafficNetwork({ ...input, firstThruNode: 3 }), od);
    expect([...blocked.linkFlow]).toEqual([50, 50, 50, 0, 0]);
    const open = assignUserEquilibrium(createTrafficNetwork({ ...input, firstThruNode: 0 }), od);
    expect(open.linkFlow[4]).toBe(50);
  });

  it('reports OD pairs without a path, assigns the rest, and stops', () => {
    const net = createTrafficNetwork({ nodeCount: 3, zoneCount: 3, linkFrom: [0], linkTo: [1], freeFlowTime: [1], capacity: [10] });
    const od = createDemand(3, [0, 0, 1, 2], [1, 2, 0, 2], [10, 5, 3, 4]);
    const r = assignUserEquilibrium(net, od);
    expect(r.unreachable).toEqual([{ origin: 0, destination: 2, trips: 5 }, { origin: 1, destination: 0, trips: 3 }]);
    expect(r.unreachableTrips).toBe(8);
    expect(r.intrazonalTrips).toBe(4);
    expect(r.assignedTrips).toBe(10);
    expect(r.linkFlow[0]).toBe(10);
    expect(r.converged).toBe(true);
  });

  it('extreme BPR parameters: power 17, tiny B, power 0 — converges with finite values', () => {
    const { network: g, demand: od } = grid();
    const n = g.linkCount;
    // Power 17 on every third link of the congested grid (as in TNTP networks that mix powers).
    const mixed = g.bprPower.slice();
    for (let a = 0; a < n; a += 3) mixed[a] = 17;
    const p17 = withLinkAttributes(g, { bprPower: mixed });
    const tinyB = withLinkAttributes(g, { bprB: new Float64Array(n).fill(1e-12) });
    // Power 0 (constant cost) on every link: unused links evaluate 0^0 = 1 and a zero derivative.
    const p0 = withLinkAttributes(g, { bprPower: new Float64Array(n).fill(0) });
    for (const [name, net] of [['power 17', p17], ['tiny B', tinyB], ['power 0', p0]] as const) {
      const r = assignUserEquilibrium(net, od, { targetGap: 1e-6, maxIterations: 500 });
      expect(r.converged, name).toBe(true);
      expect(Number.isFinite(r.objective), name).toBe(true);
      expect(r.linkFlow.every((v) => Number.isFinite(v) && v >= 0), name).toBe(true);
      checkConservation(net, od, r);
    }
  });

  it('warm start after +5 % on one OD pair or one lane less on a link: fewer iterations, same equilibrium', () => {
    const { network: net, demand: od } = grid();
    const base = assignUserEquilibrium(net, od, { targetGap: 1e-6 });
    const snapshot = base.state.bushes.map((b) => b?.flow.slice());
    // +5 % on the largest OD pair.
    let big = 0;
    for (let k = 1; k < od.trips.length; k++) if (od.trips[k] > od.trips[big]) big = k;
    const trips = od.trips.slice();
    trips[big] *= 1.05;
    const od2: Demand = { ...od, trips };
    const cold = assignUserEquilibrium(net, od2, { targetGap: 1e-6 });
    const warm = assignUserEquilibrium(net, od2, { targetGap: 1e-6, warmStart: base.state });
    expect(warm.converged && cold.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(Math.abs(warm.objective - cold.objective) / cold.objective).toBeLessThan(1e-6);
    checkConservation(net, od2, warm);
    // The previous solution is left untouched.
    base.state.bushes.forEach((b, o) => expect(b?.flow).toEqual(snapshot[o]));
    // One lane less (of three) on the busiest road link running near capacity (0.8 < v/c < 1.2).
    let hot = -1;
    for (let a = 0; a < net.linkCount; a++) {
      const vc = base.linkFlow[a] / net.capacity[a];
      if (net.linkFrom[a] >= net.firstThruNode && vc > 0.8 && vc < 1.2 && (hot < 0 || base.linkFlow[a] > base.linkFlow[hot])) hot = a;
    }
    const capacity = net.capacity.slice();
    capacity[hot] *= 2 / 3;
    const closed = withLinkAttributes(net, { capacity });
    const cold2 = assignUserEquilibrium(closed, od, { targetGap: 1e-6 });
    const warm2 = assignUserEquilibrium(closed, od, { targetGap: 1e-6, warmStart: base.state });
    expect(warm2.iterations).toBeLessThan(cold2.iterations);
    expect(Math.abs(warm2.objective - cold2.objective) / cold2.objective).toBeLessThan(1e-6);
    expect(warm2.linkFlow[hot]).toBeLessThan(base.linkFlow[hot]);
  });

  it('refuses a warm start from another network', () => {
    const { net, od } = parallel([1, 1], [1, 1], [0.15, 0.15], [4, 4], 1);
    const other = assignUserEquilibrium(createTrafficNetwork({ nodeCount: 2, zoneCount: 2, linkFrom: [0], linkTo: [1], freeFlowTime: [1], capacity: [1] }), od);
    expect(() => assignUserEquilibrium(net, od, { warmStart: other.state })).toThrow(/warm start: the previous solution is for 2 nodes, 1 links/);
  });
});
