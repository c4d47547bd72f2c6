/**
 * Local streets and blocks inside the faces of the main network.
 *
 * Each convex face gets a curvilinear grid adapted to its shape: "U" streets run from one radial side to the
 * other (parallel to the rings) and "V" streets from the inner ring towards the outer one. As faces widen
 * outwards, V streets start at a U street (a T-junction) once the strip is wide enough, like the streets added
 * as a town spread. Every crossing point is computed once and shared by both streets, and every street end on
 * a main road is recorded on that road so it is split there: the road graph is noded by construction.
 * Blocks are the face clipped between consecutive streets (convex polygons whose edges remember their street).
 */
import type { RoadDirection } from '../builder.ts';
import { clipLeftOf, lineCrossT, type LPoly } from './geom.ts';
import { streetName } from './names.ts';
import { KIND, ZONE, type KindId, type Zone } from './presets.ts';
import { Rng } from './prng.ts';
import type { Face, MainNet } from './web.ts';

/**
 * Edge labels: ≥ LOCAL_BASE a local street (label − LOCAL_BASE), ≥ 0 a main edge, < 0 no street (river bank,
 * party wall between lots…). Labels are unique within a polygon.
 */
export const LOCAL_BASE = 1 << 28;

export interface LocalStreet {
  kind: KindId;
  name: string;
  dir: RoadDirection;
  /** Point ids in order along the street. */
  pts: number[];
}

export interface Block {
  poly: LPoly;
  face: number;
  town: number;
  zone: Zone;
}

interface ZoneGrid {
  u: [number, number];
  v: [number, number];
  jitter: number;
}

/** Street spacing per zone (m). Historic: 30–65 m blocks; suburbs: two rows of ~30 m deep lots between U streets. */
const GRID: Partial<Record<Zone, ZoneGrid>> = {
  [ZONE.historic]: { u: [32, 62], v: [34, 66], jitter: 0.18 },
  [ZONE.dense]: { u: [70, 115], v: [75, 125], jitter: 0.06 },
  [ZONE.faubourg]: { u: [48, 72], v: [55, 90], jitter: 0.1 },
  [ZONE.suburb]: { u: [66, 84], v: [150, 230], jitter: 0.05 },
  [ZONE.activity]: { u: [150, 230], v: [160, 260], jitter: 0.04 },
};

const END_GAP_M = 8;

export class Streets {
  readonly lines: LocalStreet[] = [];
  /** Per main edge: [t, pointId, …] of the street ends lying on it. */
  readonly splits: number[][];
  readonly blocks: Block[] = [];

  constructor(
    readonly net: MainNet,
    readonly seed: number,
  ) {
    this.splits = Array.from({ length: net.edgeCount }, () => []);
  }

  kindOf(label: number): KindId {
    if (label < 0) return KIND.none;
    return label >= LOCAL_BASE ? this.lines[label - LOCAL_BASE].kind : this.net.ekind[label];
  }

  private split(edge: number, t: number, p: number): void {
    this.splits[edge].push(t, p);
  }

  /** Point at arclength fraction f of a path (point ids); returns [x, y, edge index within the path, t]. */
  private along(pts: number[], f: number): [number, number, number, number] {
    const P = this.net.pts;
    let total = 0;
    for (let i = 0; i + 1 < pts.length; i++) total += Math.hypot(P[2 * pts[i + 1]] - P[2 * pts[i]], P[2 * pts[i + 1] + 1] - P[2 * pts[i] + 1]);
    let target = f * total;
    for (let i = 0; i + 1 < pts.length; i++) {
      const ax = P[2 * pts[i]];
      const ay = P[2 * pts[i] + 1];
      const l = Math.hypot(P[2 * pts[i + 1]] - ax, P[2 * pts[i + 1] + 1] - ay);
      if (target <= l || i + 2 === pts.length) {
        const t = Math.min(1, Math.max(0, target / l));
        return [ax + t * (P[2 * pts[i + 1]] - ax), ay + t * (P[2 * pts[i + 1] + 1] - ay), i, t];
      }
      target -= l;
    }
    throw new Error('empty path');
  }

  /** Subdivides face f (convex, built zone); other faces become a single block. */
  subdivide(f: number): void {
    const face = this.net.faces[f];
    const grid = GRID[face.zone];
    const poly: LPoly = { xy: [], lab: face.sides.slice() };
    for (const p of face.verts) poly.xy.push(this.net.pts[2 * p], this.net.pts[2 * p + 1]);
    if (!grid || !face.convex || face.band < 0) {
      this.blocks.push({ poly, face: f, town: face.town, zone: face.zone });
      return;
    }
    const rng = Rng.stream(this.seed, 7, f);
    const P = this.net.pts;
    const net = this.net;
    const xyOf = (p: number): [number, number] => [P[2 * p], P[2 * p + 1]];
    const pathLen = (pts: number[]): number => {
      let s = 0;
      for (let i = 0; i + 1 < pts.length; i++) s += Math.hypot(P[2 * pts[i + 1]] - P[2 * pts[i]], P[2 * pts[i + 1] + 1] - P[2 * pts[i] + 1]);
      return s;
    };
    const [lax, lay] = xyOf(net.ea[face.leftEdge]);
    const [lbx, lby] = xyOf(net.eb[face.leftEdge]);
    const [rax, ray] = xyOf(net.ea[face.rightEdge]);
    const [rbx, rby] = xyOf(net.eb[face.rightEdge]);
    const lenL = Math.hypot(lbx - lax, lby - lay);
    const lenR = Math.hypot(rbx - rax, rby - ray);
    const depth = (lenL + lenR) / 2;

    // U streets: fractions along the left and right radial sides.
    const gl: number[] = [];
    const gr: number[] = [];
    for (let d = rng.range(0.7, 1) * grid.u[0]; d < depth - 0.6 * grid.u[0]; d += rng.range(grid.u[0], grid.u[1])) {
      const j = grid.jitter * grid.u[0];
      const a = (d + rng.range(-j, j)) / depth;
      const b = (d + rng.range(-j, j)) / depth;
      if (a * lenL < END_GAP_M || (1 - a) * lenL < END_GAP_M || b * lenR < END_GAP_M || (1 - b) * lenR < END_GAP_M) continue;
      if (gl.length && ((a - gl[gl.length - 1]) * lenL < 12 || (b - gr[gr.length - 1]) * lenR < 12)) continue;
      gl.push(a);
      gr.push(b);
    }
    const nU = gl.length;
    const ul = new Array<number>(nU);
    const ur = new Array<number>(nU);
    for (let i = 0; i < nU; i++) {
      ul[i] = net.point(lax + gl[i] * (lbx - lax), lay + gl[i] * (lby - lay));
      ur[i] = net.point(rax + gr[i] * (rbx - rax), ray + gr[i] * (rby - ray));
    }

    // V street candidates: fractions along the inner and outer paths, kept away from path vertices.
    const Wi = pathLen(face.innerPts);
    const Wo = pathLen(face.outerPts);
    const outerVertexPos: number[] = [];
    {
      let s = 0;
      for (let i = 0; i + 1 < face.outerPts.length; i++) {
        s += Math.hypot(P[2 * face.outerPts[i + 1]] - P[2 * face.outerPts[i]], P[2 * face.outerPts[i + 1] + 1] - P[2 * face.outerPts[i] + 1]);
        outerVertexPos.push(s);
      }
    }
    const fi: number[] = [];
    const fo: number[] = [];
    for (let e = rng.range(0.7, 1) * grid.v[0]; e < Wo - 0.6 * grid.v[0]; e += rng.range(grid.v[0], grid.v[1])) {
      const j = grid.jitter * grid.v[0];
      let eo = e + rng.range(-j, j);
      for (const vp of outerVertexPos) if (Math.abs(eo - vp) < END_GAP_M) eo = eo < vp ? vp - END_GAP_M : vp + END_GAP_M;
      const a = e / Wo + rng.range(-j, j) / Math.max(Wi, 1);
      const b = eo / Wo;
      if (b * Wo < END_GAP_M || (1 - b) * Wo < END_GAP_M) continue;
      if (fo.length && (b - fo[fo.length - 1]) * Wo < 20) continue;
      fi.push(a);
      fo.push(b);
    }
    // Activation: strips widen outwards; a V street joins once its strip needs it (priority by bisection).
    const stripWidth = (i: number): number => {
      const w0 = i === 0 ? Wi : Math.hypot(P[2 * ur[i - 1]] - P[2 * ul[i - 1]], P[2 * ur[i - 1] + 1] - P[2 * ul[i - 1] + 1]);
      const w1 = i === nU ? Wo : Math.hypot(P[2 * ur[i]] - P[2 * ul[i]], P[2 * ur[i] + 1] - P[2 * ul[i] + 1]);
      return (w0 + w1) / 2;
    };
    let nV = fi.length;
    const order = bisectionOrder(nV);
    const start = new Array<number>(nV).fill(nU); // U index where V street j starts (-1 = inner path)
    let want = 0;
    for (let i = 0; i <= nU; i++) {
      want = Math.max(want, Math.min(nV, Math.round(stripWidth(i) / ((grid.v[0] + grid.v[1]) / 2)) - 1));
      for (let r = 0; r < want; r++) if (start[order[r]] === nU) start[order[r]] = i - 1;
    }
    // Keep only V streets that are used; drop those whose inner start would be too close to the path ends.
    const keep: number[] = [];
    for (let j = 0; j < nV; j++) {
      if (start[j] >= nU) continue;
      if (start[j] < 0 && (fi[j] * Wi < END_GAP_M || (1 - fi[j]) * Wi < END_GAP_M)) continue;
      keep.push(j);
    }
    const vIn: [number, number, number, number][] = keep.map((j) => this.along(face.innerPts, Math.min(1, Math.max(0, fi[j]))));
    const vOut: [number, number, number, number][] = keep.map((j) => this.along(face.outerPts, fo[j]));
    const vStart = keep.map((j) => start[j]);
    nV = keep.length;

    // Crossings of U street i with V street j (i ≥ start): parameter on the U street, checked for order and gaps.
    const cross = new Array<number>(nU * Math.max(nV, 1)).fill(NaN);
    const alive = new Array<boolean>(nV).fill(true);
    for (let changed = true; changed; ) {
      changed = false;
      // Streets leaving the inner path must keep their order there too (no crossing before the first U street).
      let prevIn = -Infinity;
      for (let j = 0; j < nV && !changed; j++) {
        if (!alive[j] || vStart[j] >= 0) continue;
        const at = fi[keep[j]] * Wi;
        if (at < prevIn + 10) {
          alive[j] = false;
          changed = true;
        }
        prevIn = at;
      }
      for (let i = 0; i < nU && !changed; i++) {
        const ax = P[2 * ul[i]];
        const ay = P[2 * ul[i] + 1];
        const bx = P[2 * ur[i]];
        const by = P[2 * ur[i] + 1];
        const ulen = Math.hypot(bx - ax, by - ay);
        let prev = 0;
        for (let j = 0; j < nV; j++) {
          if (!alive[j] || vStart[j] > i) continue;
          const t = lineCrossT(ax, ay, bx, by, vIn[j][0], vIn[j][1], vOut[j][0], vOut[j][1]);
          cross[i * nV + j] = t;
          if (!(t * ulen > prev + 10) || (1 - t) * ulen < 10) {
            alive[j] = false;
            changed = true;
            break;
          }
          prev = t * ulen;
        }
      }
    }
    const crossPt = new Int32Array(nU * Math.max(nV, 1)).fill(-1);
    const crossPoint = (i: number, j: number): number => {
      const k = i * nV + j;
      if (crossPt[k] < 0) {
        const t = cross[k];
        crossPt[k] = net.point(P[2 * ul[i]] + t * (P[2 * ur[i]] - P[2 * ul[i]]), P[2 * ul[i] + 1] + t * (P[2 * ur[i] + 1] - P[2 * ul[i] + 1]));
      }
      return crossPt[k];
    };

    // Emit U streets.
    const kinds = this.streetKinds(face.zone, rng, nU + nV);
    const uLabel: number[] = [];
    for (let i = 0; i < nU; i++) {
      const pts = [ul[i]];
      for (let j = 0; j < nV; j++) if (alive[j] && vStart[j] <= i) pts.push(crossPoint(i, j));
      pts.push(ur[i]);
      this.split(face.leftEdge, gl[i], ul[i]);
      this.split(face.rightEdge, gr[i], ur[i]);
      uLabel.push(LOCAL_BASE + this.lines.length);
      this.lines.push({ ...kinds[i], pts });
    }
    // Emit V streets.
    const vLabel: number[] = [];
    for (let j = 0; j < nV; j++) {
      if (!alive[j]) {
        vLabel.push(-2);
        continue;
      }
      let first: number;
      if (vStart[j] < 0) {
        first = net.point(vIn[j][0], vIn[j][1]);
        this.split(face.innerEdges[vIn[j][2]], vIn[j][3], first);
      } else first = crossPoint(vStart[j], j);
      const pts = [first];
      for (let i = vStart[j] + 1; i < nU; i++) pts.push(crossPoint(i, j));
      const last = net.point(vOut[j][0], vOut[j][1]);
      this.split(face.outerEdges[vOut[j][2]], vOut[j][3], last);
      pts.push(last);
      vLabel.push(LOCAL_BASE + this.lines.length);
      this.lines.push({ ...kinds[nU + j], pts });
    }

    // Blocks: strip i between U streets i-1 and i, cut by the V streets active in it.
    const innerMid = this.along(face.innerPts, 0.5);
    const lmx = (lax + lbx) / 2; // the low-angle radial side lies below every V street
    const lmy = (lay + lby) / 2;
    for (let i = 0; i <= nU; i++) {
      let strip: LPoly | null = poly;
      if (i > 0) strip = keepSide(strip, P, ul[i - 1], ur[i - 1], innerMid, false, uLabel[i - 1]);
      if (strip && i < nU) strip = keepSide(strip, P, ul[i], ur[i], innerMid, true, uLabel[i]);
      if (!strip) continue;
      const act: number[] = [];
      for (let j = 0; j < nV; j++) if (alive[j] && vStart[j] < i) act.push(j);
      for (let m = 0; m <= act.length; m++) {
        let cell: LPoly | null = strip;
        if (m > 0) cell = keepLineSide(cell, vIn[act[m - 1]], vOut[act[m - 1]], lmx, lmy, false, vLabel[act[m - 1]]);
        if (cell && m < act.length) cell = keepLineSide(cell, vIn[act[m]], vOut[act[m]], lmx, lmy, true, vLabel[act[m]]);
        if (cell) this.blocks.push({ poly: cell, face: f, town: face.town, zone: face.zone });
      }
    }
  }

  /** Kinds, names and directions of a face's streets. Historic one-way lanes alternate in direction. */
  private streetKinds(zone: Zone, rng: Rng, n: number): Omit<LocalStreet, 'pts'>[] {
    const out: Omit<LocalStreet, 'pts'>[] = [];
    let flip = rng.chance(0.5);
    for (let i = 0; i < n; i++) {
      if (zone === ZONE.historic) {
        const x = rng.float();
        if (x < 0.15) out.push({ kind: KIND.pedestrian, name: streetName(rng, 'ruelle'), dir: 'both' });
        else if (x < 0.7) {
          flip = !flip;
          out.push({ kind: KIND.lane, name: streetName(rng, 'ruelle'), dir: flip ? 'forward' : 'backward' });
        } else out.push({ kind: KIND.narrow, name: streetName(rng, 'ruelle'), dir: 'both' });
      } else if (zone === ZONE.activity) out.push({ kind: KIND.activityStreet, name: streetName(rng, 'zone'), dir: 'both' });
      else if (zone === ZONE.suburb) out.push({ kind: KIND.residential, name: streetName(rng, 'allee'), dir: 'both' });
      else if (zone === ZONE.faubourg) out.push({ kind: KIND.residential, name: streetName(rng, 'rue'), dir: 'both' });
      else out.push({ kind: rng.chance(0.2) ? KIND.street : KIND.residential, name: streetName(rng, 'rue'), dir: 'both' });
    }
    return out;
  }
}

/** Clips `p` to the side of the line through points a, b that contains (inside) or excludes (!inside) `ref`. */
function keepSide(p: LPoly, P: number[], a: number, b: number, ref: [number, number, number, number], towardRef: boolean, label: number): LPoly | null {
  return keepLineSide(p, [P[2 * a], P[2 * a + 1], 0, 0], [P[2 * b], P[2 * b + 1], 0, 0], ref[0], ref[1], towardRef, label);
}

function keepLineSide(p: LPoly, a: ArrayLike<number>, b: ArrayLike<number>, rx: number, ry: number, towardRef: boolean, label: number): LPoly | null {
  const refLeft = (b[0] - a[0]) * (ry - a[1]) - (b[1] - a[1]) * (rx - a[0]) > 0;
  return refLeft === towardRef ? clipLeftOf(p, a[0], a[1], b[0], b[1], label) : clipLeftOf(p, b[0], b[1], a[0], a[1], label);
}

/** Indices 0..n-1 ordered by recursive bisection (middle first), so any prefix is evenly spread. */
function bisectionOrder(n: number): number[] {
  const out: number[] = [];
  const queue: [number, number][] = [[0, n - 1]];
  while (queue.length) {
    const [a, b] = queue.shift()!;
    if (a > b) continue;
    const m = (a + b) >> 1;
    out.push(m);
    queue.push([a, m - 1], [m + 1, b]);
  }
  return out;
}
