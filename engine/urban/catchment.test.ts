/**
 * Catchments: distances along a hand-made network, one-way links walked both ways, the straight-line fallback
 * (off-network points, other components), and the bounded Dijkstra against brute force (Floyd–Warshall) on
 * random graphs; nearest-point queries against brute force.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/sample/prng.ts';
import * as dmath from '../math/dmath.ts';
import type { RoadNetwork } from '../territory.ts';
import { CatchmentIndex, PointGrid } from './catchment.ts';

function network(nodes: number[], links: Array<[number, number]>): RoadNetwork {
  const nodeXY = Float64Array.from(nodes);
  const lengthM = Float32Array.from(links, ([a, b]) => Math.hypot(nodes[2 * a] - nodes[2 * b], nodes[2 * a + 1] - nodes[2 * b + 1]));
  return {
    nodeCount: nodes.length / 2, nodeXY, linkCount: links.length, linkFrom: Uint32Array.from(links, (l) => l[0]), linkTo: Uint32Array.from(links, (l) => l[1]),
    lengthM,
  } as unknown as RoadNetwork;
}

function pairsOf(r: ReturnType<CatchmentIndex['pairs']>, j: number): Map<number, [number, number]> {
  const m = new Map<number, [number, number]>();
  for (let k = r.pairStart[j]; k < r.pairStart[j + 1]; k++) m.set(r.pairPoint[k], [r.pairDistM[k], r.pairNetwork[k]]);
  return m;
}

describe('catchments', () => {
  // An L-shaped street: (0,0) → (100,0) → (100,100), one-way links only; a separate segment far east.
  const roads = network([0, 0, 100, 0, 100, 100, 1000, 0, 1100, 0], [[0, 1], [1, 2], [3, 4]]);

  it('measures access + path + access, walking one-way links both ways', () => {
    // Points: p0 near (100,100) offset 10 m; p1 near (0,0) offset 5 m; p2 300 m from any node; p3 on the east segment.
    const idx = new CatchmentIndex(roads, [110, -5, 500, 1050], [100, 0, 500, 10], 150);
    expect(Array.from(idx.pointNode)).toEqual([2, 0, -1, 3]);
    // Equipment at (0, 10): node 0 at 10 m. To p0: 10 + 200 + 10 = 220 (straight line 139.3); to p1: 10 + 0 + 5 = 15.
    const r = idx.pairs([0], [10], [1100]);
    const m = pairsOf(r, 0);
    expect(m.get(0)![0]).toBeCloseTo(220, 4);
    expect(m.get(0)![1]).toBe(1);
    expect(m.get(1)![0]).toBeCloseTo(15, 9);
    // p2 is off the network: straight line 707.1 m; p3 is on another component: straight line.
    expect(m.get(2)![0]).toBeCloseTo(Math.hypot(500, 490), 9);
    expect(m.get(2)![1]).toBe(0);
    expect(m.get(3)![1]).toBe(0);
    expect(m.get(3)![0]).toBeCloseTo(Math.hypot(1050, 0), 9);
  });

  it('excludes a point of the same component beyond the radius along the network, even if close in a straight line', () => {
    const idx = new CatchmentIndex(roads, [110], [100], 150);
    // Straight line from (0,10) to (110,100) is 142 m < 200 m, but the network distance is 220 m.
    expect(pairsOf(idx.pairs([0], [10], [200]), 0).size).toBe(0);
    expect(pairsOf(idx.pairs([0], [10], [220.5]), 0).size).toBe(1);
  });

  it('uses straight lines everywhere without a road network', () => {
    const idx = new CatchmentIndex(network([], []), [0, 30, 400], [0, 40, 0], 300);
    const m = pairsOf(idx.pairs([0], [0], [100]), 0);
    expect([...m.keys()].sort()).toEqual([0, 1]);
    expect(m.get(1)).toEqual([50, 0]);
  });

  it('agrees with brute-force shortest paths on random graphs', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 5; trial++) {
      const N = 30;
      const nodes: number[] = [];
      for (let i = 0; i < N; i++) nodes.push(rng.range(0, 1000), rng.range(0, 1000));
      const links: Array<[number, number]> = [];
      for (let i = 0; i < 60; i++) {
        const a = rng.int(0, N - 1);
        const b = rng.int(0, N - 1);
        if (a !== b) links.push([a, b]);
      }
      const net = network(nodes, links);
      // Floyd–Warshall on the undirected graph.
      const D = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? 0 : Infinity)));
      links.forEach(([a, b], l) => {
        const w = net.lengthM[l];
        D[a][b] = Math.min(D[a][b], w);
        D[b][a] = Math.min(D[b][a], w);
      });
      for (let k = 0; k < N; k++) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) if (D[i][k] + D[k][j] < D[i][j]) D[i][j] = D[i][k] + D[k][j];
      // Points exactly on the nodes; equipment on node 0 with radius 700 m.
      const idx = new CatchmentIndex(net, nodes.filter((_, k) => k % 2 === 0), nodes.filter((_, k) => k % 2 === 1), 1e-6);
      const m = pairsOf(idx.pairs([nodes[0]], [nodes[1]], [700]), 0);
      for (let i = 0; i < N; i++) {
        const sameComp = idx.component[i] === idx.component[idx.pointNode[0]];
        if (!sameComp) continue;
        if (D[0][i] <= 700) expect(m.get(i)?.[0]).toBeCloseTo(D[0][i], 3);
        else expect(m.has(i)).toBe(false);
      }
    }
  });

  it('finds the nearest point like brute force', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 500 }, () => rng.range(-500, 500));
    const ys = Array.from({ length: 500 }, () => rng.range(-500, 500));
    const g = new PointGrid(xs, ys, 37);
    for (let q = 0; q < 200; q++) {
      const x = rng.range(-700, 700);
      const y = rng.range(-700, 700);
      let best = -1;
      let bd = Infinity;
      xs.forEach((px, i) => {
        const d = dmath.hypot(px - x, ys[i] - y); // the index's own distance, for an exact comparison
        if (d <= 120 && d < bd) [best, bd] = [i, d];
      });
      expect(g.nearest(x, y, 120)).toEqual([best, bd]);
    }
  });
});
