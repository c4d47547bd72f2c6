/**
 * Parcels inside a block. Two decompositions, both giving convex lots that tile the block without overlap:
 *
 * - Perimeter lots: the block minus its inset by the lot depth is a band along the streets, cut into
 *   trapezoids (one per edge, mitred at the corners) and then into lots by cuts perpendicular to the street —
 *   the layout of French "îlots" and of back-to-back suburban lots.
 * - Recursive split: the block cut perpendicular to its longest edge until pieces are small enough, after the
 *   recursive oriented-bounding-box subdivision of Vanegas et al., "Procedural generation of parcels in urban
 *   modeling" (Eurographics 2012).
 */
import { clipLeftOf, insetConvex, isConvexCCW, longestEdge, rect, ringInConvex, signedArea, type LPoly } from './geom.ts';
import type { Rng } from './prng.ts';

export interface Lot {
  /** Counter-clockwise quad; edge 0 is the street frontage. */
  ring: number[];
  /** Label of the street (block edge) the lot fronts. */
  label: number;
  /** Frontage direction (unit) and inward normal are (ux, uy) and (-uy, ux). */
  ux: number;
  uy: number;
  /** Depth of the lot from its frontage (m). */
  depth: number;
}

export interface PerimeterLots {
  lots: Lot[];
  /** The inner courtyard (block inset by the depth). */
  inner: LPoly;
}

/**
 * Cuts the band of width `depth` along the edges of the convex block `b` into lots whose frontages are drawn
 * from `width()`. When the inset loses an edge the depth is reduced (down to `minDepth`); returns null when the
 * block is too small even then.
 */
export function perimeterLots(b: LPoly, depth: number, width: () => number, minWidth: number, minDepth = depth): PerimeterLots | null {
  const n = b.lab.length;
  const edgeLen = (e: number): number => Math.hypot(b.xy[2 * ((e + 1) % n)] - b.xy[2 * e], b.xy[2 * ((e + 1) % n) + 1] - b.xy[2 * e + 1]);
  // Short edges (cut corners) may vanish from the inset: they become corner lots. A long edge vanishing means
  // the block is too narrow for this depth: try shallower lots.
  const acceptable = (q: LPoly | null): q is LPoly => {
    if (!q || q.lab.length < 3) return false;
    const kept = new Set(q.lab);
    for (let e = 0; e < n; e++) if (!kept.has(b.lab[e]) && edgeLen(e) > 2 * depth) return false;
    return true;
  };
  let inner = insetConvex(b, () => depth, 4);
  while (!acceptable(inner) && depth * 0.85 >= minDepth) {
    depth *= 0.85;
    inner = insetConvex(b, () => depth, 4);
  }
  if (!acceptable(inner)) return null;
  const m = inner.lab.length;
  const at = new Map<number, number>();
  for (let k = 0; k < m; k++) at.set(inner.lab[k], k);
  const lots: Lot[] = [];
  for (let e = 0; e < n; e++) {
    const k = at.get(b.lab[e]);
    if (k === undefined) continue;
    const f = (e + 1) % n;
    const kn = (k + 1) % m;
    const oax = b.xy[2 * e];
    const oay = b.xy[2 * e + 1];
    const obx = b.xy[2 * f];
    const oby = b.xy[2 * f + 1];
    const iax = inner.xy[2 * k];
    const iay = inner.xy[2 * k + 1];
    const ibx = inner.xy[2 * kn];
    const iby = inner.xy[2 * kn + 1];
    const L = Math.hypot(obx - oax, oby - oay);
    const ux = (obx - oax) / L;
    const uy = (oby - oay) / L;
    const nx = -uy;
    const ny = ux;
    const sIa = (iax - oax) * ux + (iay - oay) * uy;
    const sIb = (ibx - oax) * ux + (iby - oay) * uy;
    // Cuts must land on both the street edge [0, L] and the inner edge [sIa, sIb].
    const cuts: number[] = [];
    const last = Math.min(L, sIb) - minWidth / 2;
    let s = Math.max(width(), Math.max(0, sIa) + minWidth / 2);
    while (s < last) {
      cuts.push(s);
      s += width();
    }
    const O = (t: number): [number, number] => [oax + t * ux, oay + t * uy];
    const I = (t: number): [number, number] => [oax + t * ux + depth * nx, oay + t * uy + depth * ny];
    let prevO: [number, number] = [oax, oay];
    let prevI: [number, number] = [iax, iay];
    for (let c = 0; c <= cuts.length; c++) {
      const o = c < cuts.length ? O(cuts[c]) : ([obx, oby] as [number, number]);
      const i = c < cuts.length ? I(cuts[c]) : ([ibx, iby] as [number, number]);
      const ring = [prevO[0], prevO[1], o[0], o[1], i[0], i[1], prevI[0], prevI[1]];
      if (isConvexCCW(ring, 1e-6) && signedArea(ring) > 1) lots.push({ ring, label: b.lab[e], ux, uy, depth });
      prevO = o;
      prevI = i;
    }
    // Vanished edges after this one: a corner lot fanning from the inner corner.
    if (!at.has(b.lab[f])) {
      const ring = [obx, oby];
      let g = f;
      while (!at.has(b.lab[g])) {
        g = (g + 1) % n;
        ring.push(b.xy[2 * g], b.xy[2 * g + 1]);
      }
      if (inner.lab[kn] !== b.lab[g]) return null;
      ring.push(ibx, iby);
      const cx = ring[2] - ring[0];
      const cy = ring[3] - ring[1];
      const cl = Math.hypot(cx, cy);
      if (isConvexCCW(ring, 1e-6) && signedArea(ring) > 1) lots.push({ ring, label: b.lab[f], ux: cx / cl, uy: cy / cl, depth });
    }
  }
  return { lots, inner };
}

/** Recursively halves a convex polygon across its longest edge until every piece is below `maxArea` m². */
export function splitConvex(p: LPoly, maxArea: number, rng: Rng, out: LPoly[] = [], depth = 0): LPoly[] {
  const area = signedArea(p.xy);
  if (area <= maxArea || depth > 12) {
    out.push(p);
    return out;
  }
  const e = longestEdge(p.xy);
  const n = p.lab.length;
  const f = (e + 1) % n;
  const ax = p.xy[2 * e];
  const ay = p.xy[2 * e + 1];
  const dx = p.xy[2 * f] - ax;
  const dy = p.xy[2 * f + 1] - ay;
  const t = rng.range(0.42, 0.58);
  const mx = ax + t * dx;
  const my = ay + t * dy;
  // Cut line through M perpendicular to the edge; label -3 marks a party wall (no street).
  const a = clipLeftOf(p, mx, my, mx - dy, my + dx, -3);
  const b = clipLeftOf(p, mx - dy, my + dx, mx, my, -3);
  if (!a || !b) {
    out.push(p);
    return out;
  }
  splitConvex(a, maxArea, rng, out, depth + 1);
  splitConvex(b, maxArea, rng, out, depth + 1);
  return out;
}

/**
 * A rectangle of half extents (hu along the frontage, hv inwards) set back `front` metres from the lot's
 * street edge, centred at `along` metres from its first corner; shrunk (up to `tries` times by 15 %) until it
 * fits in `container` with `margin`. Returns the ring and its half extents, or null.
 */
export function fitFrontRect(lot: Lot, container: ArrayLike<number>, along: number, front: number, hu: number, hv: number, margin: number, minArea: number, tries = 4): { ring: number[]; hu: number; hv: number; along: number } | null {
  const nx = -lot.uy;
  const ny = lot.ux;
  const w = frontage(lot);
  for (let k = 0; k <= tries; k++) {
    if (4 * hu * hv < minArea) return null;
    // The preferred position first, then slid away from a mitred corner towards either end.
    for (const at of [along, w - hu - margin - 0.5, hu + margin + 0.5]) {
      const cx = lot.ring[0] + at * lot.ux + (front + hv) * nx;
      const cy = lot.ring[1] + at * lot.uy + (front + hv) * ny;
      const ring = rect(cx, cy, lot.ux, lot.uy, hu, hv);
      if (ringInConvex(ring, container, margin)) return { ring, hu, hv, along: at };
    }
    hu *= 0.85;
    hv *= 0.85;
  }
  return null;
}

/** Frontage length of a lot (its edge 0). */
export function frontage(lot: Lot): number {
  return Math.hypot(lot.ring[2] - lot.ring[0], lot.ring[3] - lot.ring[1]);
}

/** Frontage coordinates [sMin, sMax] of a convex polygon at depth n (frame: origin o, axis u, normal left of u). */
function chord(xy: ArrayLike<number>, ox: number, oy: number, ux: number, uy: number, n: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  const m = xy.length / 2;
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    const si = (xy[2 * i] - ox) * ux + (xy[2 * i + 1] - oy) * uy;
    const ni = -(xy[2 * i] - ox) * uy + (xy[2 * i + 1] - oy) * ux;
    const sj = (xy[2 * j] - ox) * ux + (xy[2 * j + 1] - oy) * uy;
    const nj = -(xy[2 * j] - ox) * uy + (xy[2 * j + 1] - oy) * ux;
    if ((ni - n) * (nj - n) > 0 || ni === nj) continue;
    const s = si + ((sj - si) * (n - ni)) / (nj - ni);
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * A large rectangle aligned with (ux, uy) inside the convex polygon `xy`, of area at most `target` m² and at
 * least `minArea`: a few candidate depths are tried and, for convex polygons, the free width of a band is
 * set by the chords at its two ends. Returns a counter-clockwise ring, or null.
 */
export function inscribedRect(xy: ArrayLike<number>, ux: number, uy: number, target: number, minArea: number, maxAspect = 3): number[] | null {
  const ox = xy[0];
  const oy = xy[1];
  let n0 = Infinity;
  let n1 = -Infinity;
  for (let k = 0; k < xy.length; k += 2) {
    const n = -(xy[k] - ox) * uy + (xy[k + 1] - oy) * ux;
    n0 = Math.min(n0, n);
    n1 = Math.max(n1, n);
  }
  const span = n1 - n0;
  let best: [number, number, number, number] | null = null; // s0, s1, a, b
  let bestArea = 0;
  for (const f of [0.35, 0.5, 0.65, 0.8, 0.92]) {
    const d = f * span;
    for (const g of [0.5, 0.1, 0.9]) {
      const a = n0 + g * (span - d);
      const ca = chord(xy, ox, oy, ux, uy, a);
      const cb = chord(xy, ox, oy, ux, uy, a + d);
      if (!ca || !cb) continue;
      const s0 = Math.max(ca[0], cb[0]) + 0.01;
      let s1 = Math.min(ca[1], cb[1]) - 0.01;
      if (s1 - s0 < d / maxAspect) continue;
      s1 = Math.min(s1, s0 + d * maxAspect);
      let area = (s1 - s0) * d;
      let t0 = s0;
      let t1 = s1;
      if (area > target) {
        const w = target / d;
        t0 = (s0 + s1) / 2 - w / 2;
        t1 = t0 + w;
        area = target;
        if (w < d / maxAspect) continue;
      }
      if (area > bestArea) {
        bestArea = area;
        best = [t0, t1, a, a + d];
      }
    }
  }
  if (!best || bestArea < minArea) return null;
  const [s0, s1, a, b] = best;
  const sc = (s0 + s1) / 2;
  const nc = (a + b) / 2;
  return rect(ox + sc * ux - nc * uy, oy + sc * uy + nc * ux, ux, uy, (s1 - s0) / 2, (b - a) / 2);
}
