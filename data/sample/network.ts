/**
 * Final road segments: main edges split at every street end, local streets split at every crossing, rural roads,
 * then the river (roads stop at the banks except bridges), and the connectivity guarantees the road graph
 * needs: one weakly connected component (the largest is kept) and strong connectivity (a one-way street that
 * would trap traffic after the river cut it is made two-way).
 */
import { KIND, type KindId } from './presets.ts';
import { hashSeed } from './prng.ts';
import type { River } from './river.ts';
import type { RoadDirection } from '../builder.ts';
import type { Streets } from './streets.ts';
import type { MainNet } from './web.ts';

export interface RoadSegments {
  a: number[];
  b: number[];
  kind: KindId[];
  name: string[];
  dir: RoadDirection[];
  /** 1 when the segment crosses the river. */
  bridge: number[];
}

export interface RuralRoad {
  pts: number[];
  kind: KindId;
  name: string;
}

/** Points closer than this along a main road are merged into one junction. */
const MERGE_M = 0.5;
/** Road centrelines stay this far from the water's edge, except on bridges. */
const BANK_GAP_M = 3;
/** Pieces shorter than this after the river cut are dropped. */
const MIN_PIECE_M = 4;

export function assembleRoads(net: MainNet, streets: Streets, rural: RuralRoad[], river: River | null, seed: number): RoadSegments {
  const P = net.pts;
  const alias = new Int32Array(P.length / 2 + 1).fill(-1);
  const find = (p: number): number => {
    while (alias[p] >= 0) p = alias[p];
    return p;
  };
  const raw: RoadSegments = { a: [], b: [], kind: [], name: [], dir: [], bridge: [] };
  const push = (a: number, b: number, kind: KindId, name: string, dir: RoadDirection, bridge: number): void => {
    raw.a.push(a);
    raw.b.push(b);
    raw.kind.push(kind);
    raw.name.push(name);
    raw.dir.push(dir);
    raw.bridge.push(bridge);
  };
  const wetWidth = river ? river.halfWidth + BANK_GAP_M : 0;
  const bridgeOf = (a: number, b: number, minAngle: number): number => (river && river.isBridge(P[2 * a], P[2 * a + 1], P[2 * b], P[2 * b + 1], wetWidth, minAngle) ? 1 : 0);

  // Bridges of the main roads: an edge crossing cleanly, or two consecutive edges of the same road when their
  // shared vertex falls in the water.
  const mainBridge = new Uint8Array(net.edgeCount);
  if (river) {
    const incident = new Map<number, number[]>();
    for (let e = 0; e < net.edgeCount; e++) {
      if (net.ekind[e] === KIND.none) continue;
      for (const v of [net.ea[e], net.eb[e]]) {
        const l = incident.get(v);
        if (l) l.push(e);
        else incident.set(v, [e]);
      }
    }
    const wetPoint = (v: number): boolean => river.distance(P[2 * v], P[2 * v + 1]) < wetWidth;
    for (let e = 0; e < net.edgeCount; e++) {
      if (net.ekind[e] === KIND.none || mainBridge[e]) continue;
      if (bridgeOf(net.ea[e], net.eb[e], 30)) {
        mainBridge[e] = 1;
        continue;
      }
      for (const v of [net.ea[e], net.eb[e]]) {
        if (!wetPoint(v)) continue;
        const a = v === net.ea[e] ? net.eb[e] : net.ea[e];
        for (const e2 of incident.get(v) ?? []) {
          if (e2 === e || net.ekind[e2] !== net.ekind[e] || net.ename[e2] !== net.ename[e]) continue;
          const b = v === net.ea[e2] ? net.eb[e2] : net.ea[e2];
          if (wetPoint(a) || wetPoint(b)) continue;
          const c1 = river.crossings(P[2 * a], P[2 * a + 1], P[2 * v], P[2 * v + 1]);
          const c2 = river.crossings(P[2 * v], P[2 * v + 1], P[2 * b], P[2 * b + 1]);
          const sines = [...c1.filter((_, k) => k % 2 === 1), ...c2.filter((_, k) => k % 2 === 1)];
          if (sines.length >= 1 && sines.length <= 2 && sines.every((x) => x >= 0.5) && aloneInWater(river, P, a, v, b, wetWidth)) {
            mainBridge[e] = 1;
            mainBridge[e2] = 1;
          }
        }
      }
    }
  }
  // Main edges, split at the street ends recorded on them (near-coincident junctions merged).
  for (let e = 0; e < net.edgeCount; e++) {
    const kind = net.ekind[e];
    if (kind === KIND.none) continue;
    const sp = streets.splits[e];
    const order = Array.from({ length: sp.length / 2 }, (_, i) => i).sort((x, y) => sp[2 * x] - sp[2 * y] || sp[2 * x + 1] - sp[2 * y + 1]);
    const chain = [net.ea[e]];
    for (const i of order) chain.push(sp[2 * i + 1]);
    chain.push(net.eb[e]);
    const pts: number[] = [chain[0]];
    for (let i = 1; i < chain.length; i++) {
      const p = chain[i];
      const q = pts[pts.length - 1];
      if (Math.hypot(P[2 * p] - P[2 * q], P[2 * p + 1] - P[2 * q + 1]) < MERGE_M) {
        if (i === chain.length - 1) {
          // The fixed end vertex wins over a street end next to it.
          alias[q] = p;
          pts[pts.length - 1] = p;
        } else alias[p] = q;
        continue;
      }
      pts.push(p);
    }
    for (let i = 0; i + 1 < pts.length; i++) push(pts[i], pts[i + 1], kind, net.ename[e], 'both', mainBridge[e]);
  }
  // Local streets; a few cross the river on a footbridge or a small bridge.
  for (let l = 0; l < streets.lines.length; l++) {
    const s = streets.lines[l];
    const first = s.pts[0];
    const last = s.pts[s.pts.length - 1];
    const bridge = (hashSeed(seed, 11, l) % 100) < 35 ? bridgeOf(first, last, 60) : 0;
    for (let i = 0; i + 1 < s.pts.length; i++) push(s.pts[i], s.pts[i + 1], s.kind, s.name, s.dir, bridge);
  }
  // Rural roads (their river crossings were checked when they were laid out).
  for (const r of rural) for (let i = 0; i + 1 < r.pts.length; i++) push(r.pts[i], r.pts[i + 1], r.kind, r.name, 'both', 1);

  // Resolve merged points, cut at the river.
  const cut: RoadSegments = { a: [], b: [], kind: [], name: [], dir: [], bridge: [] };
  for (let s = 0; s < raw.a.length; s++) {
    const a = find(raw.a[s]);
    const b = find(raw.b[s]);
    if (a === b) continue;
    const keep = (x: number, y: number): void => {
      cut.a.push(x);
      cut.b.push(y);
      cut.kind.push(raw.kind[s]);
      cut.name.push(raw.name[s]);
      cut.dir.push(raw.dir[s]);
      cut.bridge.push(raw.bridge[s]);
    };
    const wet = river && !raw.bridge[s] ? river.wetIntervals(P[2 * a], P[2 * a + 1], P[2 * b], P[2 * b + 1], wetWidth) : [];
    if (!wet.length) {
      keep(a, b);
      continue;
    }
    const len = Math.hypot(P[2 * b] - P[2 * a], P[2 * b + 1] - P[2 * a + 1]);
    const bounds = [0, ...wet, 1];
    for (let k = 0; k < bounds.length; k += 2) {
      const t0 = bounds[k];
      const t1 = bounds[k + 1];
      if ((t1 - t0) * len < MIN_PIECE_M) continue;
      const at = (t: number): number => (t <= 0 ? a : t >= 1 ? b : net.point(P[2 * a] + t * (P[2 * b] - P[2 * a]), P[2 * a + 1] + t * (P[2 * b + 1] - P[2 * a + 1])));
      keep(at(t0), at(t1));
    }
  }
  return connect(cut, P.length / 2);
}

/** The path a–v–b is wet along a single stretch (one crossing of the water, both ends dry). */
function aloneInWater(river: River, P: number[], a: number, v: number, b: number, w: number): boolean {
  const w1 = river.wetIntervals(P[2 * a], P[2 * a + 1], P[2 * v], P[2 * v + 1], w);
  const w2 = river.wetIntervals(P[2 * v], P[2 * v + 1], P[2 * b], P[2 * b + 1], w);
  return w1.length === 2 && w1[1] >= 1 && w2.length === 2 && w2[0] <= 0;
}

/** Keeps the largest weakly connected component, then makes one-way segments two-way until strongly connected. */
function connect(s: RoadSegments, nPoints: number): RoadSegments {
  const parent = new Int32Array(nPoints);
  for (let i = 0; i < nPoints; i++) parent[i] = i;
  const root = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let i = 0; i < s.a.length; i++) {
    const ra = root(s.a[i]);
    const rb = root(s.b[i]);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const size = new Int32Array(nPoints);
  for (let i = 0; i < s.a.length; i++) size[root(s.a[i])]++;
  let best = -1;
  for (let i = 0; i < nPoints; i++) if (size[i] > 0 && (best < 0 || size[i] > size[best])) best = i;
  const out: RoadSegments = { a: [], b: [], kind: [], name: [], dir: [], bridge: [] };
  for (let i = 0; i < s.a.length; i++) {
    if (root(s.a[i]) !== best) continue;
    out.a.push(s.a[i]);
    out.b.push(s.b[i]);
    out.kind.push(s.kind[i]);
    out.name.push(s.name[i]);
    out.dir.push(s.dir[i]);
    out.bridge.push(s.bridge[i]);
  }
  if (!out.a.length) return out;
  // Strong connectivity: nodes not reachable from (or not reaching) the root lose their one-way restrictions.
  for (let iter = 0; iter < 1000; iter++) {
    const fwd = reach(out, nPoints, out.a[0], false);
    const bwd = reach(out, nPoints, out.a[0], true);
    let changed = false;
    for (let i = 0; i < out.a.length; i++) {
      if (out.dir[i] === 'both') continue;
      if (!fwd[out.a[i]] || !fwd[out.b[i]] || !bwd[out.a[i]] || !bwd[out.b[i]]) {
        out.dir[i] = 'both';
        out.kind[i] = out.kind[i] === KIND.lane ? KIND.narrow : out.kind[i];
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

/** Nodes reachable from `from` along allowed directions (reverse = against them). */
function reach(s: RoadSegments, nPoints: number, from: number, reverse: boolean): Uint8Array {
  const deg = new Int32Array(nPoints + 1);
  const dirOk = (i: number, forward: boolean): boolean => s.dir[i] === 'both' || (s.dir[i] === 'forward') === forward;
  for (let i = 0; i < s.a.length; i++) {
    if (dirOk(i, !reverse)) deg[s.a[i] + 1]++;
    if (dirOk(i, reverse)) deg[s.b[i] + 1]++;
  }
  for (let i = 0; i < nPoints; i++) deg[i + 1] += deg[i];
  const adj = new Int32Array(deg[nPoints]);
  const fill = deg.slice();
  for (let i = 0; i < s.a.length; i++) {
    if (dirOk(i, !reverse)) adj[fill[s.a[i]]++] = s.b[i];
    if (dirOk(i, reverse)) adj[fill[s.b[i]]++] = s.a[i];
  }
  const seen = new Uint8Array(nPoints);
  const stack = [from];
  seen[from] = 1;
  while (stack.length) {
    const n = stack.pop()!;
    for (let k = deg[n]; k < deg[n + 1]; k++) {
      const m = adj[k];
      if (!seen[m]) {
        seen[m] = 1;
        stack.push(m);
      }
    }
  }
  return seen;
}
