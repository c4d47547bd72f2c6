/**
 * The region around the central town (city and metropolis sizes): secondary towns and villages spread over the
 * countryside like the communes of Rennes Métropole, the rural roads joining them, and woods.
 *
 * Rural roads follow the relative neighbourhood graph of the settlements (Toussaint 1980: a planar graph
 * containing the minimum spanning tree, close to how roads join neighbouring villages), completed by
 * expressways from the central town to the secondary towns. A road is kept only if it passes no other
 * settlement and crosses the river cleanly (bridge at more than 35°).
 */
import { distToSegment, segmentCross } from './geom.ts';
import { townNames } from './names.ts';
import { KIND, SIZE_PRESETS, centralPlan, satellitePlan, type KindId, type SampleSize, type TownPlan } from './presets.ts';
import type { Rng } from './prng.ts';
import type { River } from './river.ts';
import type { RuralRoad } from './network.ts';
import type { MainNet, TownWeb } from './web.ts';

/** Central town plus secondary towns and villages, none closer than their radii plus a gap. */
export function placeSettlements(size: SampleSize, rng: Rng): TownPlan[] {
  const preset = SIZE_PRESETS[size];
  const h = preset.halfSide;
  const names = townNames(rng, 1 + preset.towns + preset.villages);
  const plans: TownPlan[] = [centralPlan(size, names[0], rng.range(0, 2 * Math.PI))];
  const place = (role: 'town' | 'village', name: string): void => {
    for (let attempt = 0; attempt < 3000; attempt++) {
      const scale = role === 'town' ? rng.range(0.6, 0.9) : rng.range(0.7, 1.15);
      const r = (role === 'town' ? 1800 : 520) * scale;
      const x = rng.range(-h + r + 300, h - r - 300);
      const y = rng.range(-h + r + 300, h - r - 300);
      const gap = role === 'town' ? 1500 : 600;
      if (plans.some((p) => Math.hypot(p.cx - x, p.cy - y) < p.radius + r + gap)) continue;
      plans.push(satellitePlan(role, name, x, y, scale, rng.range(0, 2 * Math.PI)));
      return;
    }
  };
  for (let i = 0; i < preset.towns; i++) place('town', names[1 + i]);
  for (let i = 0; i < preset.villages; i++) place('village', names[1 + preset.towns + i]);
  return plans;
}

export interface RuralNetwork {
  roads: RuralRoad[];
  /** Settlements joined to the central town; the others are left out of the territory. */
  connected: boolean[];
}

/** Rural roads between settlements, noded where they cross each other. */
export function ruralRoads(net: MainNet, webs: TownWeb[], river: River | null, rng: Rng, h: number): RuralNetwork {
  const n = webs.length;
  if (n < 2) return { roads: [], connected: webs.map(() => true) };
  const P = net.pts;
  const c = webs.map((w) => [w.plan.cx, w.plan.cy] as const);
  const dist = (i: number, j: number): number => Math.hypot(c[i][0] - c[j][0], c[i][1] - c[j][1]);
  const wetWidth = river ? river.halfWidth + 3 : 0;

  /** Outer-ring vertex of town i facing town j (a main radial's end when one faces it). */
  const attach = (i: number, j: number): number => {
    const dx = (c[j][0] - c[i][0]) / dist(i, j);
    const dy = (c[j][1] - c[i][1]) / dist(i, j);
    let best = -1;
    let bestDot = -2;
    let bestMain = -1;
    let bestMainDot = -2;
    const w = webs[i];
    for (let k = 0; k < w.outer.length; k++) {
      const p = w.outer[k];
      const ex = P[2 * p] - c[i][0];
      const ey = P[2 * p + 1] - c[i][1];
      const dot = (ex * dx + ey * dy) / Math.hypot(ex, ey);
      if (dot > bestDot) [best, bestDot] = [p, dot];
      if (w.outerMain[k] && dot > bestMainDot) [bestMain, bestMainDot] = [p, dot];
    }
    return bestMainDot > Math.cos((25 * Math.PI) / 180) ? bestMain : best;
  };

  /** Lays out the road i–j as a gently curving polyline; null when it would hit a settlement or the river. */
  const layout = (i: number, j: number): number[] | null => {
    const a = attach(i, j);
    const b = attach(j, i);
    const ax = P[2 * a];
    const ay = P[2 * a + 1];
    const bx = P[2 * b];
    const by = P[2 * b + 1];
    const len = Math.hypot(bx - ax, by - ay);
    const pieces = Math.max(2, Math.ceil(len / 350));
    const nx = -(by - ay) / len;
    const ny = (bx - ax) / len;
    // A few shapes are tried: the first gently curved at random, then straighter or bent the other way.
    for (let attempt = 0; attempt < 5; attempt++) {
      const amp1 = (attempt === 0 ? rng.range(-0.04, 0.04) : [0, 0.05, -0.05, 0.1][attempt - 1]) * len;
      const amp2 = attempt === 0 ? rng.range(-0.015, 0.015) * len : 0;
      const xy: number[] = [ax, ay];
      for (let k = 1; k < pieces; k++) {
        const t = k / pieces;
        const off = amp1 * Math.sin(Math.PI * t) + amp2 * Math.sin(2 * Math.PI * t);
        xy.push(ax + t * (bx - ax) + off * nx, ay + t * (by - ay) + off * ny);
      }
      xy.push(bx, by);
      if (!clearOf(xy, i, j)) continue;
      const pts = [a];
      for (let k = 2; k + 2 < xy.length; k += 2) pts.push(net.point(xy[k], xy[k + 1]));
      pts.push(b);
      return pts;
    }
    return null;
  };
  /** The polyline stays in the domain, out of other settlements, and crosses the river only on clean bridges. */
  const clearOf = (xy: number[], i: number, j: number): boolean => {
    for (let k = 2; k + 2 < xy.length; k += 2) {
      if (Math.abs(xy[k]) > h - 50 || Math.abs(xy[k + 1]) > h - 50) return false;
      for (const m of [i, j]) if (Math.hypot(xy[k] - c[m][0], xy[k + 1] - c[m][1]) < webs[m].plan.radius * 1.05 + 20) return false;
    }
    for (let k = 0; k + 3 < xy.length; k += 2) {
      for (let m = 0; m < n; m++) {
        if (m === i || m === j) continue;
        if (distToSegment(c[m][0], c[m][1], xy[k], xy[k + 1], xy[k + 2], xy[k + 3]) < webs[m].plan.radius * 1.05 + 150) return false;
      }
      if (river && river.wetIntervals(xy[k], xy[k + 1], xy[k + 2], xy[k + 3], wetWidth).length && !river.isBridge(xy[k], xy[k + 1], xy[k + 2], xy[k + 3], wetWidth, 35)) return false;
    }
    return true;
  };

  const roads: RuralRoad[] = [];
  const linked = new Set<number>();
  const uf = Array.from({ length: n }, (_, i) => i);
  const root = (x: number): number => (uf[x] === x ? x : (uf[x] = root(uf[x])));
  const kindOf = (i: number, j: number): KindId => {
    const roles = [webs[i].plan.role, webs[j].plan.role].sort().join('-');
    if (roles === 'central-town') return KIND.expressway;
    if (roles === 'town-town' || roles === 'central-village' || roles === 'town-village') return KIND.departmental;
    return KIND.rural;
  };
  const tryLink = (i: number, j: number): boolean => {
    const key = Math.min(i, j) * n + Math.max(i, j);
    if (linked.has(key)) return false;
    const pts = layout(i, j);
    if (!pts) return false;
    linked.add(key);
    uf[root(i)] = root(j);
    const kind = kindOf(i, j);
    const label = kind === KIND.expressway ? 'Voie express' : kind === KIND.departmental ? 'Route départementale' : 'Route';
    roads.push({ pts, kind, name: `${label} ${webs[i].plan.name} – ${webs[j].plan.name}` });
    return true;
  };
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([dist(i, j), i, j]);
  pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  // Relative neighbourhood graph edges.
  for (const [d, i, j] of pairs) {
    let neighbours = true;
    for (let k = 0; k < n && neighbours; k++) if (k !== i && k !== j && Math.max(dist(i, k), dist(j, k)) < d) neighbours = false;
    if (neighbours) tryLink(i, j);
  }
  // Expressways from the central town to secondary towns.
  for (let j = 1; j < n; j++) if (webs[j].plan.role === 'town' && dist(0, j) < 14_000) tryLink(0, j);
  // Connect whatever is still apart (Kruskal over the remaining pairs).
  for (const [, i, j] of pairs) if (root(i) !== root(j)) tryLink(i, j);
  nodeCrossings(net, roads);
  return { roads, connected: webs.map((_, i) => root(i) === root(0)) };
}

/** Splits rural roads where they cross each other, inserting a shared junction point in both. */
function nodeCrossings(net: MainNet, roads: RuralRoad[]): void {
  const P = net.pts;
  const inserts: [number, number, number, number][] = []; // road, piece, t, point
  for (let r = 0; r < roads.length; r++) {
    for (let s = r + 1; s < roads.length; s++) {
      const A = roads[r].pts;
      const B = roads[s].pts;
      for (let i = 0; i + 1 < A.length; i++) {
        for (let j = 0; j + 1 < B.length; j++) {
          if (A[i] === B[j] || A[i] === B[j + 1] || A[i + 1] === B[j] || A[i + 1] === B[j + 1]) continue;
          const x = segmentCross(P[2 * A[i]], P[2 * A[i] + 1], P[2 * A[i + 1]], P[2 * A[i + 1] + 1], P[2 * B[j]], P[2 * B[j] + 1], P[2 * B[j + 1]], P[2 * B[j + 1] + 1]);
          if (!x || x[0] <= 1e-6 || x[0] >= 1 - 1e-6 || x[1] <= 1e-6 || x[1] >= 1 - 1e-6) continue;
          const t = x[0];
          const p = net.point(P[2 * A[i]] + t * (P[2 * A[i + 1]] - P[2 * A[i]]), P[2 * A[i] + 1] + t * (P[2 * A[i + 1] + 1] - P[2 * A[i] + 1]));
          inserts.push([r, i, t, p], [s, j, x[1], p]);
        }
      }
    }
  }
  inserts.sort((p, q) => p[0] - q[0] || p[1] - q[1] || p[2] - q[2]);
  let k = 0;
  for (let r = 0; r < roads.length; r++) {
    const old = roads[r].pts;
    const pts: number[] = [];
    for (let i = 0; i < old.length; i++) {
      pts.push(old[i]);
      while (k < inserts.length && inserts[k][0] === r && inserts[k][1] === i) pts.push(inserts[k++][3]);
    }
    roads[r].pts = pts;
  }
}
