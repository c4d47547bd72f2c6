/** Dijkstra on hand-made graphs: distances and trees by hand, centroids not passed through, unreachable nodes. */
import { describe, expect, it } from 'vitest';
import { syntheticGrid } from '../../bench/traffic-grid.ts';
import { createDemand, createTrafficNetwork } from './network.ts';
import { correctLabels, ShortestPaths } from './shortest-path.ts';

describe('shortest paths', () => {
  //   0 →(4) 2, 0 →(1) 3, 3 →(1) 2, 2 →(2) 4, 3 →(7) 4, 1 isolated except 1 → 0
  const net = createTrafficNetwork({
    nodeCount: 5, zoneCount: 2, linkFrom: [0, 0, 3, 2, 3, 1], linkTo: [2, 3, 2, 4, 4, 0], freeFlowTime: [4, 1, 1, 2, 7, 1], capacity: [1, 1, 1, 1, 1, 1],
  });
  const cost = Float64Array.from(net.freeFlowTime);

  it('distances, predecessor links and settle order match a hand computation', () => {
    const sp = new ShortestPaths(net);
    sp.run(0, cost);
    expect([...sp.dist]).toEqual([0, Infinity, 2, 1, 4]);
    expect([...sp.pred]).toEqual([-1, -1, 2, 1, 3]);
    expect([...sp.settled.slice(0, sp.settledCount)]).toEqual([0, 3, 2, 4]);
  });

  it('all-or-nothing loading follows the tree and skips unreachable and intrazonal trips', () => {
    const sp = new ShortestPaths(net);
    sp.run(0, cost);
    const od = createDemand(5, [0, 0, 0], [4, 1, 0], [10, 3, 2]);
    const flow = new Float64Array(net.linkCount);
    const load = new Float64Array(net.nodeCount);
    expect(sp.loadOrigin(od, 0, flow, load)).toBe(40);
    expect([...flow]).toEqual([0, 10, 10, 10, 0, 0]);
    expect(load.every((x) => x === 0)).toBe(true);
  });

  it('does not pass through a centroid below the first thru node', () => {
    // 0 → 1 → 2 costs 2 but node 1 is a centroid; 0 → 2 directly costs 5.
    const g = createTrafficNetwork({ nodeCount: 3, zoneCount: 2, firstThruNode: 2, linkFrom: [0, 1, 0], linkTo: [1, 2, 2], freeFlowTime: [1, 1, 5], capacity: [1, 1, 1] });
    const sp = new ShortestPaths(g);
    sp.run(0, Float64Array.from(g.freeFlowTime));
    expect(sp.dist[1]).toBe(1); // still reachable as a destination
    expect(sp.dist[2]).toBe(5);
    sp.run(1, Float64Array.from(g.freeFlowTime));
    expect(sp.dist[2]).toBe(1); // the origin itself may be left
  });

  it('label correcting from path-cost upper bounds gives exactly the Dijkstra distances (centroids blocked)', () => {
    const { network: net } = syntheticGrid({ columns: 10, rows: 9, zones: 25, diagonals: 12, totalTrips: 1, seed: 11 });
    // Costs varied per link; upper bounds: the costs of the paths of a tree found with other (inflated) costs.
    const cost = Float64Array.from(net.freeFlowTime, (t, a) => t * (1 + ((a * 7919) % 13) / 5));
    const other = Float64Array.from(cost, (c, a) => c * (1 + ((a * 104729) % 7)));
    const exact = new ShortestPaths(net);
    const bound = new ShortestPaths(net);
    const dist = new Float64Array(net.nodeCount);
    const queue = new Int32Array(net.nodeCount);
    const queued = new Uint8Array(net.nodeCount);
    for (const origin of [0, 7, 24]) {
      exact.run(origin, cost);
      bound.run(origin, other);
      dist.fill(Infinity);
      const order = bound.settled.slice(0, bound.settledCount);
      dist[origin] = 0;
      for (let k = 1; k < order.length; k++) dist[order[k]] = dist[net.linkFrom[bound.pred[order[k]]]] + cost[bound.pred[order[k]]];
      expect(correctLabels(net, origin, cost, dist, order, queue, queued)).toBe(true);
      expect([...dist]).toEqual([...exact.dist]);
      expect(queued.every((x) => x === 0)).toBe(true);
      // Already exact: nothing improves.
      expect(correctLabels(net, origin, cost, dist, order, queue, queued)).toBe(false);
    }
  });
});
