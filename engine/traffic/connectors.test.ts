/**
 * Connectors: strongly connected components against brute-force mutual reachability on random directed graphs,
 * nearest-node queries against brute force, and zone connectors (main component only, time = distance / speed).
 */
import { describe, expect, it } from 'vitest';
import type { RoadNetwork } from '../territory.ts';
import { carComponents, NearestNode, zoneConnectors } from './connectors.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function roads(nodeXY: number[], links: Array<[number, number, number?]>): RoadNetwork {
  const n = links.length;
  return {
    nodeCount: nodeXY.length / 2, nodeXY: Float64Array.from(nodeXY), linkCount: n,
    linkFrom: Uint32Array.from(links.map((l) => l[0])), linkTo: Uint32Array.from(links.map((l) => l[1])),
    linkSegment: new Uint32Array(n), linkReversed: new Uint8Array(n), lengthM: new Float32Array(n).fill(100), lanes: new Uint8Array(n).fill(1),
    lanesRule: new Uint8Array(n), capacityVehH: Float32Array.from(links.map((l) => l[2] ?? 600)), freeSpeedKmh: new Float32Array(n).fill(30),
    speedRule: new Uint8Array(n), roadClass: new Uint8Array(n),
    segmentCount: 0, segmentGeometry: { lineVertexStart: new Uint32Array(1), xy: new Float64Array(0) }, segmentSourceId: [], segmentName: [], segmentDataset: new Uint16Array(0),
  };
}

function reach(N: number, links: Array<[number, number, number?]>, s: number): Uint8Array {
  const seen = new Uint8Array(N);
  const stack = [s];
  seen[s] = 1;
  while (stack.length) {
    const n = stack.pop()!;
    for (const [a, b, c] of links) if (a === n && (c ?? 600) > 0 && !seen[b]) {
      seen[b] = 1;
      stack.push(b);
    }
  }
  return seen;
}

describe('car network components', () => {
  it('equal mutual reachability on random directed graphs; pedestrian links ignored', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const r = lcg(seed);
      const N = 40;
      const links: Array<[number, number, number?]> = [];
      for (let k = 0; k < 70; k++) links.push([Math.floor(r() * N), Math.floor(r() * N), r() < 0.1 ? 0 : 600]);
      const xy = Array.from({ length: 2 * N }, () => 1000 * r());
      const cc = carComponents(roads(xy, links));
      const R = Array.from({ length: N }, (_, s) => reach(N, links, s));
      for (let a = 0; a < N; a++)
        for (let b = 0; b < N; b++) {
          if (cc.component[a] < 0 || cc.component[b] < 0) continue;
          expect(cc.component[a] === cc.component[b]).toBe(R[a][b] === 1 && R[b][a] === 1);
        }
      const sizes = new Map<number, number>();
      for (const c of cc.component) if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
      expect(cc.largestSize).toBe(Math.max(...sizes.values()));
    }
  });
});

describe('nearest node', () => {
  it('equals brute force (ties to the lowest id), also for queries far outside the nodes', () => {
    const r = lcg(11);
    const xy = Float64Array.from({ length: 400 }, () => Math.round(3000 * r()));
    const accept = (n: number): boolean => n % 3 !== 0;
    const nn = new NearestNode(xy, accept, 250);
    for (let q = 0; q < 300; q++) {
      const x = -2000 + 7000 * r();
      const y = -2000 + 7000 * r();
      let best = -1;
      let bd = Infinity;
      for (let n = 0; n < 200; n++) {
        if (!accept(n)) continue;
        const d = (xy[2 * n] - x) ** 2 + (xy[2 * n + 1] - y) ** 2;
        if (d < bd) {
          bd = d;
          best = n;
        }
      }
      const got = nn.query(x, y);
      expect(got.node).toBe(best);
      expect(got.distanceM).toBeCloseTo(Math.sqrt(bd), 9);
    }
  });
});

describe('zone connectors', () => {
  it('tie points to the nearest node of the largest strongly connected component, time = distance / speed', () => {
    // Nodes 0–1–2 two-way (main component); node 3 reachable from 2 but with no way back (dead end).
    const r = roads([0, 0, 100, 0, 200, 0, 300, 0], [[0, 1], [1, 0], [1, 2], [2, 1], [2, 3]]);
    const c = zoneConnectors(r, [0, 0, 1], [10, 290, 110], [0, 5, 30], 5);
    expect([...c.zone]).toEqual([0, 0, 1]);
    expect([...c.node]).toEqual([0, 2, 1]); // the point at x = 290 goes to node 2, not to the dead-end node 3
    expect(c.distanceM[1]).toBeCloseTo(Math.hypot(90, 5), 9);
    expect(c.timeS[1]).toBeCloseTo(Math.hypot(90, 5) / (5 / 3.6), 9);
    expect(c.nodesOutsideMainComponent).toBe(1);
    // Two points of one zone at the same node: one connector, the shorter distance.
    const d = zoneConnectors(r, [0, 0], [10, 30], [0, 0], 5);
    expect([...d.node]).toEqual([0]);
    expect(d.distanceM[0]).toBeCloseTo(10, 9);
    expect(() => zoneConnectors(roads([0, 0, 1, 1], [[0, 1, 0]]), [0], [0], [0], 5)).toThrow(/no link usable by cars/);
  });
});
