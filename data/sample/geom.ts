/**
 * Plane geometry for the sample generator: convex polygons with labelled edges (flat x, y arrays), half-plane
 * clipping, per-edge insets, rectangles and segment tests. Every block and lot of the generated town is a convex
 * polygon, which keeps clipping exact and cheap (Sutherland & Hodgman, "Reentrant polygon clipping", CACM 1974).
 */

/**
 * A polygon whose edge i (vertex i → vertex i+1) carries `lab[i]`: the line it lies on (face side, street,
 * river bank…). Counter-clockwise, not closed.
 */
export interface LPoly {
  xy: number[];
  lab: number[];
}

const DUP_EPS = 1e-7;

/** Signed area (positive when counter-clockwise) of a flat ring xy[start .. end). */
export function signedArea(xy: ArrayLike<number>, start = 0, end = xy.length): number {
  let s = 0;
  for (let i = start, j = end - 2; i < end; j = i, i += 2) s += xy[j] * xy[i + 1] - xy[i] * xy[j + 1];
  return s / 2;
}

/** Area centroid of a flat ring (falls back to the vertex mean for a degenerate ring). */
export function centroid(xy: ArrayLike<number>): [number, number] {
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  const n = xy.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const cr = xy[j] * xy[i + 1] - xy[i] * xy[j + 1];
    a2 += cr;
    cx += (xy[j] + xy[i]) * cr;
    cy += (xy[j + 1] + xy[i + 1]) * cr;
  }
  if (Math.abs(a2) < 1e-12) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i += 2) {
      sx += xy[i];
      sy += xy[i + 1];
    }
    return [(2 * sx) / n, (2 * sy) / n];
  }
  return [cx / (3 * a2), cy / (3 * a2)];
}

/** True when the counter-clockwise ring is convex (no right turn beyond `eps` m²). */
export function isConvexCCW(xy: ArrayLike<number>, eps = 1e-9): boolean {
  const n = xy.length / 2;
  for (let i = 0; i < n; i++) {
    const a = 2 * i;
    const b = 2 * ((i + 1) % n);
    const c = 2 * ((i + 2) % n);
    const cr = (xy[b] - xy[a]) * (xy[c + 1] - xy[b + 1]) - (xy[b + 1] - xy[a + 1]) * (xy[c] - xy[b]);
    if (cr < -eps) return false;
  }
  return true;
}

/** Keeps the part of `p` where nx·x + ny·y ≥ c; the new edge along the clip line gets `label`. */
export function clipHalfPlane(p: LPoly, nx: number, ny: number, c: number, label: number): LPoly | null {
  const xy = p.xy;
  const n = p.lab.length;
  const d = new Array<number>(n);
  let inside = 0;
  for (let i = 0; i < n; i++) {
    d[i] = nx * xy[2 * i] + ny * xy[2 * i + 1] - c;
    if (d[i] >= 0) inside++;
  }
  if (inside === n) return p;
  if (inside === 0) return null;
  const ox: number[] = [];
  const ol: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const inI = d[i] >= 0;
    if (inI) {
      ox.push(xy[2 * i], xy[2 * i + 1]);
      ol.push(p.lab[i]);
    }
    if (inI !== d[j] >= 0) {
      const t = d[i] / (d[i] - d[j]);
      ox.push(xy[2 * i] + t * (xy[2 * j] - xy[2 * i]), xy[2 * i + 1] + t * (xy[2 * j + 1] - xy[2 * i + 1]));
      ol.push(inI ? label : p.lab[i]);
    }
  }
  return dedupe({ xy: ox, lab: ol });
}

/** Removes zero-length edges (keeping the label of the edge that follows) and degenerate results. */
function dedupe(p: LPoly): LPoly | null {
  let n = p.lab.length;
  const xy = p.xy;
  const lab = p.lab;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    if (Math.abs(xy[2 * i] - xy[2 * j]) < DUP_EPS && Math.abs(xy[2 * i + 1] - xy[2 * j + 1]) < DUP_EPS) continue;
    xy[2 * w] = xy[2 * i];
    xy[2 * w + 1] = xy[2 * i + 1];
    lab[w] = lab[i];
    w++;
  }
  n = w;
  xy.length = 2 * n;
  lab.length = n;
  if (n < 3 || signedArea(xy) < 1e-6) return null;
  return p;
}

/** Half-plane to the left of the directed line A→B (as nx·x + ny·y ≥ c). */
export function clipLeftOf(p: LPoly, ax: number, ay: number, bx: number, by: number, label: number, offset = 0): LPoly | null {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  const nx = -dy / len;
  const ny = dx / len;
  return clipHalfPlane(p, nx, ny, nx * ax + ny * ay + offset, label);
}

/**
 * Insets a convex counter-clockwise polygon: edge i moves inwards by `dist(lab[i])` metres. Edges that vanish
 * are dropped; returns null when nothing (or less than `minArea` m²) remains. Labels are kept.
 */
export function insetConvex(p: LPoly, dist: (label: number) => number, minArea = 1): LPoly | null {
  const n = p.lab.length;
  let q: LPoly | null = { xy: p.xy.slice(), lab: p.lab.slice() };
  for (let i = 0; i < n && q; i++) {
    const d = dist(p.lab[i]);
    if (!(d > 0)) continue;
    const j = i + 1 === n ? 0 : i + 1;
    q = clipLeftOf(q, p.xy[2 * i], p.xy[2 * i + 1], p.xy[2 * j], p.xy[2 * j + 1], p.lab[i], d);
  }
  if (!q || signedArea(q.xy) < minArea) return null;
  return q;
}

/** Distance from (x, y) to the inside of each edge line of a CCW polygon is ≥ margin (convex containment). */
export function pointInConvex(xy: ArrayLike<number>, x: number, y: number, margin = 0): boolean {
  const n = xy.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const ex = xy[i] - xy[j];
    const ey = xy[i + 1] - xy[j + 1];
    const cr = ex * (y - xy[j + 1]) - ey * (x - xy[j]);
    if (cr < margin * Math.hypot(ex, ey)) return false;
  }
  return true;
}

/**
 * Rectangle centred on (cx, cy) with half-extent hu along the unit axis (ux, uy) and hv along its left normal,
 * as a counter-clockwise flat ring.
 */
export function rect(cx: number, cy: number, ux: number, uy: number, hu: number, hv: number): number[] {
  const vx = -uy;
  const vy = ux;
  return [
    cx - ux * hu - vx * hv, cy - uy * hu - vy * hv,
    cx + ux * hu - vx * hv, cy + uy * hu - vy * hv,
    cx + ux * hu + vx * hv, cy + uy * hu + vy * hv,
    cx - ux * hu + vx * hv, cy - uy * hu + vy * hv,
  ];
}

/** True when every vertex of `ring` lies inside the convex polygon `xy` with the given margin. */
export function ringInConvex(ring: ArrayLike<number>, xy: ArrayLike<number>, margin = 0): boolean {
  for (let i = 0; i < ring.length; i += 2) if (!pointInConvex(xy, ring[i], ring[i + 1], margin)) return false;
  return true;
}

/**
 * Parameters (t on AB, u on CD) where segments AB and CD cross, or null when they do not (parallel or apart).
 */
export function segmentCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): [number, number] | null {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-12) return null;
  const t = ((cx - ax) * sy - (cy - ay) * sx) / den;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return [t, u];
}

/** Intersection of the infinite lines AB and CD as a parameter on AB (NaN when parallel). */
export function lineCrossT(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-12) return NaN;
  return ((cx - ax) * sy - (cy - ay) * sx) / den;
}

/** Distance from P to segment AB. */
export function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Index of the longest edge of a flat ring. */
export function longestEdge(xy: ArrayLike<number>): number {
  const n = xy.length / 2;
  let best = 0;
  let bestL = -1;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const l = Math.hypot(xy[2 * j] - xy[2 * i], xy[2 * j + 1] - xy[2 * i + 1]);
    if (l > bestL) {
      bestL = l;
      best = i;
    }
  }
  return best;
}

/** Reverses a flat ring in place (turns a counter-clockwise ring into a clockwise hole and back). */
export function reverseRing(xy: number[]): number[] {
  for (let i = 0, j = xy.length / 2 - 1; i < j; i++, j--) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    xy[2 * i] = xy[2 * j];
    xy[2 * i + 1] = xy[2 * j + 1];
    xy[2 * j] = x;
    xy[2 * j + 1] = y;
  }
  return xy;
}

/** Minimum width of a convex ring (attained perpendicular to one of its edges: rotating calipers). */
export function minWidth(xy: ArrayLike<number>): number {
  const n = xy.length / 2;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const ex = xy[2 * j] - xy[2 * i];
    const ey = xy[2 * j + 1] - xy[2 * i + 1];
    const l = Math.hypot(ex, ey);
    if (l === 0) continue;
    let far = 0;
    for (let k = 0; k < n; k++) far = Math.max(far, (ex * (xy[2 * k + 1] - xy[2 * i + 1]) - ey * (xy[2 * k] - xy[2 * i])) / l);
    best = Math.min(best, far);
  }
  return best;
}

/** Separating-axis test for two convex rings (true when their interiors overlap). */
export function convexOverlap(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (const poly of [a, b]) {
    const n = poly.length / 2;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ax = -(poly[2 * j + 1] - poly[2 * i + 1]);
      const ay = poly[2 * j] - poly[2 * i];
      let amin = Infinity;
      let amax = -Infinity;
      let bmin = Infinity;
      let bmax = -Infinity;
      for (let k = 0; k < a.length; k += 2) {
        const p = a[k] * ax + a[k + 1] * ay;
        amin = Math.min(amin, p);
        amax = Math.max(amax, p);
      }
      for (let k = 0; k < b.length; k += 2) {
        const p = b[k] * ax + b[k + 1] * ay;
        bmin = Math.min(bmin, p);
        bmax = Math.max(bmax, p);
      }
      if (amax <= bmin + 1e-9 || bmax <= amin + 1e-9) return false;
    }
  }
  return true;
}

