/**
 * The river crossing the territory: a smooth meandering centreline (two superposed sine waves), its water
 * polygon (the centreline buffered by the half width) and the queries the generator needs: distance to the
 * water, the stretches of a straight road that are wet, and where a road crosses the centreline (bridges).
 */
import { clipHalfPlane, distToSegment, segmentCross, signedArea, type LPoly } from './geom.ts';
import type { Rng } from './prng.ts';

/** Queries farther than this from the centreline report "far" (the index only looks this far). */
const REACH_M = 320;
const CELL_M = 160;

export class River {
  /** Centreline vertices, flat x, y. */
  readonly xy: number[];
  readonly halfWidth: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cells: number[][];
  private readonly stamp: Uint32Array;
  private stampNow = 0;

  constructor(xy: number[], halfWidth: number) {
    this.xy = xy;
    this.halfWidth = halfWidth;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < xy.length; i += 2) {
      minX = Math.min(minX, xy[i]);
      maxX = Math.max(maxX, xy[i]);
      minY = Math.min(minY, xy[i + 1]);
      maxY = Math.max(maxY, xy[i + 1]);
    }
    this.minX = minX - REACH_M;
    this.minY = minY - REACH_M;
    this.nx = Math.ceil((maxX - minX + 2 * REACH_M) / CELL_M) + 1;
    this.ny = Math.ceil((maxY - minY + 2 * REACH_M) / CELL_M) + 1;
    this.cells = Array.from({ length: this.nx * this.ny }, () => []);
    this.stamp = new Uint32Array(Math.max(1, xy.length / 2));
    for (let s = 0; s + 3 < xy.length; s += 2) {
      const x0 = Math.min(xy[s], xy[s + 2]) - REACH_M;
      const x1 = Math.max(xy[s], xy[s + 2]) + REACH_M;
      const y0 = Math.min(xy[s + 1], xy[s + 3]) - REACH_M;
      const y1 = Math.max(xy[s + 1], xy[s + 3]) + REACH_M;
      for (let cy = this.cy(y0); cy <= this.cy(y1); cy++) for (let cx = this.cx(x0); cx <= this.cx(x1); cx++) this.cells[cy * this.nx + cx].push(s >> 1);
    }
  }

  private cx(x: number): number {
    return Math.max(0, Math.min(this.nx - 1, Math.floor((x - this.minX) / CELL_M)));
  }
  private cy(y: number): number {
    return Math.max(0, Math.min(this.ny - 1, Math.floor((y - this.minY) / CELL_M)));
  }

  /** Centreline segments registered near the box (every segment within REACH_M of it is included). */
  private near(x0: number, y0: number, x1: number, y1: number, out: number[]): number[] {
    out.length = 0;
    if (x1 < this.minX || y1 < this.minY || x0 > this.minX + this.nx * CELL_M || y0 > this.minY + this.ny * CELL_M) return out;
    const now = ++this.stampNow;
    for (let cy = this.cy(y0); cy <= this.cy(y1); cy++)
      for (let cx = this.cx(x0); cx <= this.cx(x1); cx++)
        for (const s of this.cells[cy * this.nx + cx]) {
          if (this.stamp[s] === now) continue;
          this.stamp[s] = now;
          out.push(s);
        }
    return out;
  }
  private readonly buf: number[] = [];

  /** Distance to the centreline, exact below REACH_M (Infinity beyond). */
  distance(x: number, y: number): number {
    const xy = this.xy;
    let d = Infinity;
    for (const s of this.near(x, y, x, y, this.buf)) d = Math.min(d, distToSegment(x, y, xy[2 * s], xy[2 * s + 1], xy[2 * s + 2], xy[2 * s + 3]));
    return d <= REACH_M ? d : Infinity;
  }

  /** Closest centreline point to (x, y) within REACH_M, or null. */
  closest(x: number, y: number): [number, number] | null {
    const xy = this.xy;
    let best = Infinity;
    let bx = 0;
    let by = 0;
    for (const s of this.near(x, y, x, y, this.buf)) {
      const ax = xy[2 * s];
      const ay = xy[2 * s + 1];
      const dx = xy[2 * s + 2] - ax;
      const dy = xy[2 * s + 3] - ay;
      const l2 = dx * dx + dy * dy;
      const t = Math.max(0, Math.min(1, l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0));
      const d = Math.hypot(x - ax - t * dx, y - ay - t * dy);
      if (d < best) {
        best = d;
        bx = ax + t * dx;
        by = ay + t * dy;
      }
    }
    return best <= REACH_M ? [bx, by] : null;
  }

  /**
   * Sorted, merged parameter intervals [t0, t1, …] ⊂ [0, 1] of segment AB lying within `w` of the centreline
   * (the segment ∩ the union of capsules around the centreline segments).
   */
  wetIntervals(ax: number, ay: number, bx: number, by: number, w: number): number[] {
    const xy = this.xy;
    const dx = bx - ax;
    const dy = by - ay;
    const spans: number[] = [];
    const segs = this.near(Math.min(ax, bx) - w, Math.min(ay, by) - w, Math.max(ax, bx) + w, Math.max(ay, by) + w, this.buf);
    for (const s of segs) {
      const cx = xy[2 * s];
      const cy = xy[2 * s + 1];
      const ex = xy[2 * s + 2];
      const ey = xy[2 * s + 3];
      let lo = Infinity;
      let hi = -Infinity;
      const disc = (px: number, py: number): void => {
        const a = dx * dx + dy * dy;
        const b = 2 * (dx * (ax - px) + dy * (ay - py));
        const c = (ax - px) ** 2 + (ay - py) ** 2 - w * w;
        const q = b * b - 4 * a * c;
        if (a <= 0 || q < 0) return;
        const r = Math.sqrt(q);
        lo = Math.min(lo, (-b - r) / (2 * a));
        hi = Math.max(hi, (-b + r) / (2 * a));
      };
      disc(cx, cy);
      disc(ex, ey);
      const L = Math.hypot(ex - cx, ey - cy);
      if (L > 0) {
        const sx = (ex - cx) / L;
        const sy = (ey - cy) / L;
        const along0 = (ax - cx) * sx + (ay - cy) * sy;
        const along1 = dx * sx + dy * sy;
        const across0 = -(ax - cx) * sy + (ay - cy) * sx;
        const across1 = -dx * sy + dy * sx;
        const i1 = span(along0, along1, 0, L);
        const i2 = span(across0, across1, -w, w);
        const t0 = Math.max(i1[0], i2[0]);
        const t1 = Math.min(i1[1], i2[1]);
        if (t0 <= t1) {
          lo = Math.min(lo, t0);
          hi = Math.max(hi, t1);
        }
      }
      lo = Math.max(lo, 0);
      hi = Math.min(hi, 1);
      if (lo < hi) spans.push(lo, hi);
    }
    return mergeSpans(spans);
  }

  /** Crossings of segment AB with the centreline: [t, |sin angle|, …]. */
  crossings(ax: number, ay: number, bx: number, by: number): number[] {
    const xy = this.xy;
    const out: number[] = [];
    const len = Math.hypot(bx - ax, by - ay);
    for (const s of this.near(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), this.buf)) {
      const c = segmentCross(ax, ay, bx, by, xy[2 * s], xy[2 * s + 1], xy[2 * s + 2], xy[2 * s + 3]);
      if (!c) continue;
      const sx = xy[2 * s + 2] - xy[2 * s];
      const sy = xy[2 * s + 3] - xy[2 * s + 1];
      const sin = Math.abs((bx - ax) * sy - (by - ay) * sx) / (len * Math.hypot(sx, sy));
      out.push(c[0], sin);
    }
    return out;
  }

  /** True when an edge of the closed ring xy comes within w of the centreline (or crosses it). */
  touches(xy: ArrayLike<number>, w: number): boolean {
    const n = xy.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      if (this.wetIntervals(xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], w).length) return true;
    }
    return false;
  }

  /**
   * True when AB crosses the water cleanly: one centreline crossing at more than `minAngleDeg` and both ends
   * dry (≥ w from the centreline). Such roads are kept whole as bridges.
   */
  isBridge(ax: number, ay: number, bx: number, by: number, w: number, minAngleDeg: number): boolean {
    const c = this.crossings(ax, ay, bx, by);
    if (c.length !== 2 || c[1] < Math.sin((minAngleDeg * Math.PI) / 180)) return false;
    const wet = this.wetIntervals(ax, ay, bx, by, w);
    return wet.length === 2 && wet[0] > 0 && wet[1] < 1;
  }

  /** Water polygon (counter-clockwise ring) clipped to the square domain [-h, h]². */
  waterRing(h: number): number[] | null {
    const xy = this.xy;
    const n = xy.length / 2;
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = Math.max(0, i - 1);
      const q = Math.min(n - 1, i + 1);
      const tx = xy[2 * q] - xy[2 * p];
      const ty = xy[2 * q + 1] - xy[2 * p + 1];
      const tl = Math.hypot(tx, ty);
      const nx = -ty / tl;
      const ny = tx / tl;
      left.push(xy[2 * i] + nx * this.halfWidth, xy[2 * i + 1] + ny * this.halfWidth);
      right.push(xy[2 * i] - nx * this.halfWidth, xy[2 * i + 1] - ny * this.halfWidth);
    }
    const ring = left.slice();
    for (let i = n - 1; i >= 0; i--) ring.push(right[2 * i], right[2 * i + 1]);
    if (signedArea(ring) < 0) {
      const r: number[] = [];
      for (let i = ring.length - 2; i >= 0; i -= 2) r.push(ring[i], ring[i + 1]);
      ring.splice(0, ring.length, ...r);
    }
    let p: LPoly | null = { xy: ring, lab: new Array<number>(ring.length / 2).fill(0) };
    p = p && clipHalfPlane(p, 1, 0, -h, 1);
    p = p && clipHalfPlane(p, -1, 0, -h, 1);
    p = p && clipHalfPlane(p, 0, 1, -h, 1);
    p = p && clipHalfPlane(p, 0, -1, -h, 1);
    return p ? p.xy : null;
  }
}

/** Interval of t where lo ≤ f0 + t·f1 ≤ hi. */
function span(f0: number, f1: number, lo: number, hi: number): [number, number] {
  if (Math.abs(f1) < 1e-12) return f0 >= lo && f0 <= hi ? [-Infinity, Infinity] : [Infinity, -Infinity];
  const a = (lo - f0) / f1;
  const b = (hi - f0) / f1;
  return a < b ? [a, b] : [b, a];
}

function mergeSpans(spans: number[]): number[] {
  const n = spans.length / 2;
  if (n <= 1) return spans;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => spans[2 * a] - spans[2 * b] || a - b);
  const out: number[] = [];
  for (const i of order) {
    const a = spans[2 * i];
    const b = spans[2 * i + 1];
    if (out.length && a <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], b);
    else out.push(a, b);
  }
  return out;
}

/**
 * Meandering centreline across the square domain [-h, h]², passing `offset` metres from the origin (the
 * historic centre sits on one bank, as in Rennes or Rodez's Aveyron valley). Vertices every `step` metres.
 */
export function makeRiver(rng: Rng, h: number, halfWidth: number): River {
  const angle = rng.range(-0.55, 0.55) + (rng.chance(0.5) ? Math.PI : 0);
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  const side = 2 * h;
  const l1 = side * rng.range(0.45, 0.7);
  const l2 = side * rng.range(0.16, 0.24);
  const a1 = side * rng.range(0.03, 0.05);
  const a2 = side * rng.range(0.008, 0.014);
  const p1 = rng.range(0, 2 * Math.PI);
  const p2 = rng.range(0, 2 * Math.PI);
  const offset = (rng.chance(0.5) ? 1 : -1) * (halfWidth + rng.range(70, 130));
  const y0 = offset - a1 * Math.sin(p1) - a2 * Math.sin(p2);
  const L = h * 1.5;
  const step = Math.max(12, Math.min(40, side / 150));
  const xy: number[] = [];
  for (let u = -L; u <= L + 1e-9; u += step) {
    const v = y0 + a1 * Math.sin((2 * Math.PI * u) / l1 + p1) + a2 * Math.sin((2 * Math.PI * u) / l2 + p2);
    xy.push(u * ca - v * sa, u * sa + v * ca);
  }
  return new River(xy, halfWidth);
}
