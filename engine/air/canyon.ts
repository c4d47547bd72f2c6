/**
 * Street canyons: detection from the territory's buildings, and an OSPM-like concentration in the canyon.
 *
 * Detection — along each road segment, every `sampleSpacingM`, a ray is cast to the left and to the right,
 * perpendicular to the road, up to `searchM`; the first building façade hit on each side gives the distances
 * and heights. A segment is a canyon when façades line both sides on at least `minCoverage` of its samples and
 * its aspect ratio H/W ≥ `minAspectRatio` (W = median façade-to-façade width, H = mean height of the two rows).
 * Below H/W ≈ 0.3 the flow over the street is the "isolated roughness" regime of Oke (1988, Energy and
 * Buildings 11:103–113), with no trapped vortex.
 *
 * Concentration — after the Operational Street Pollution Model (Berkowicz 2000, Environmental Monitoring and
 * Assessment 65:323–331; Hertel & Berkowicz 1989, NERI report): a direct plume from the street's emissions
 * carried by the street-level wind, plus the recirculation of a vortex ventilated at its top. Per condition
 * (roof-level wind u from a direction at angle φ to the street axis), for emission q (g/(m·s)) spread over
 * the width W:
 *   traffic turbulence  σw0 = b √(N V S / W)        (b = 0.3; N veh/s, V m/s, S = plan area of a vehicle)
 *   street-level wind   ub = u · ln(h0/z0) / ln(H/z0)   (h0 = 2 m initial plume height, z0 = 0.6 m)
 *   σw = √((α ub)² + σw0²) (α = 0.1), ventilation σwt = √((λ u)² + σw0²) (λ = 0.1)
 *   direct from a path of length P: Cd(P) = √(2/π) · q / (W σw) · ln((h0 + σw P / ub) / h0)
 *   vortex across the street Lv = min(W, 2 H_upwind · min(1, u / 2 m/s)); the leeward façade (upwind row)
 *   gets the emissions of the vortex, path Lv / |sin φ|; the windward façade those outside it,
 *   path (W − Lv) / |sin φ|; paths are capped at `maxPathM`
 *   recirculation Cr = q / (W σwt) (box model of the vortex ventilated through its top)
 *   C_side = |sin φ| · (Cd(path_side) + Cr) + (1 − |sin φ|) · Cd(maxPathM): the cross-wind vortex regime
 *   blended with the along-street regime, in which both façades see the same upwind stretch of street.
 * Simplifications against OSPM: no building-height asymmetry in the ventilation, the vortex's upper edge taken
 * equal to its width, no street-end or intersection effects, stability ignored (as in OSPM).
 */
import type { Buildings, RoadNetwork } from '../territory.ts';
import * as dmath from '../math/dmath.ts';

export interface CanyonDetectionOptions {
  /** Farthest façade searched on each side (m). */
  searchM: number;
  /** Distance between samples along a segment (m). */
  sampleSpacingM: number;
  /** Share of samples with façades on both sides. */
  minCoverage: number;
  /** Smallest H/W. */
  minAspectRatio: number;
}

export const DEFAULT_CANYON_DETECTION: CanyonDetectionOptions = { searchM: 25, sampleSpacingM: 10, minCoverage: 0.6, minAspectRatio: 0.3 };

export interface StreetCanyons {
  count: number;
  /** Road segment of each canyon. */
  segment: Uint32Array;
  /** Façade-to-façade width (m), heights of the left and right rows (m), left = left of the digitising direction. */
  widthM: Float64Array;
  heightLeftM: Float64Array;
  heightRightM: Float64Array;
  /** Share of samples with façades on both sides. */
  coverage: Float64Array;
  /** Direction of the segment's chord (rad from +x). */
  axisRad: Float64Array;
}

/** Uniform grid over building footprint edges (x0, y0, x1, y1, building). */
class EdgeIndex {
  readonly e: Float64Array;
  readonly b: Uint32Array;
  readonly start: Uint32Array;
  readonly items: Uint32Array;
  readonly x0: number;
  readonly y0: number;
  readonly nx: number;
  readonly ny: number;
  constructor(
    bl: Buildings,
    readonly cell: number,
  ) {
    const fp = bl.footprint;
    const edges: number[] = [];
    const owner: number[] = [];
    for (let i = 0; i < bl.count; i++) {
      for (let r = fp.featureRingStart[i]; r < fp.featureRingStart[i + 1]; r++) {
        const a = fp.ringVertexStart[r];
        const z = fp.ringVertexStart[r + 1];
        for (let k = a, j = z - 1; k < z; j = k++) {
          edges.push(fp.xy[2 * j], fp.xy[2 * j + 1], fp.xy[2 * k], fp.xy[2 * k + 1]);
          owner.push(i);
        }
      }
    }
    this.e = Float64Array.from(edges);
    this.b = Uint32Array.from(owner);
    const n = owner.length;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < 2 * n; i++) {
      const x = this.e[2 * i];
      const y = this.e[2 * i + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (!(x0 <= x1)) x0 = y0 = x1 = y1 = 0;
    this.x0 = x0;
    this.y0 = y0;
    this.nx = Math.floor((x1 - x0) / cell) + 1;
    this.ny = Math.floor((y1 - y0) / cell) + 1;
    const counts = new Uint32Array(this.nx * this.ny + 1);
    const each = (i: number, fn: (c: number) => void): void => {
      const e = this.e;
      const cx0 = Math.floor((Math.min(e[4 * i], e[4 * i + 2]) - x0) / cell);
      const cx1 = Math.floor((Math.max(e[4 * i], e[4 * i + 2]) - x0) / cell);
      const cy0 = Math.floor((Math.min(e[4 * i + 1], e[4 * i + 3]) - y0) / cell);
      const cy1 = Math.floor((Math.max(e[4 * i + 1], e[4 * i + 3]) - y0) / cell);
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) fn(cy * this.nx + cx);
    };
    for (let i = 0; i < n; i++) each(i, (c) => counts[c + 1]++);
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1] += counts[c];
    this.start = counts.slice();
    const fill = counts.slice();
    this.items = new Uint32Array(counts[this.nx * this.ny]);
    for (let i = 0; i < n; i++) each(i, (c) => (this.items[fill[c]++] = i));
  }

  /** Nearest façade hit by the ray p + t·d, t ∈ [tMin, tMax]: [t, building] or null. */
  cast(px: number, py: number, dx: number, dy: number, tMin: number, tMax: number): [number, number] | null {
    let best = Infinity;
    let who = -1;
    const steps = Math.ceil(tMax / (this.cell / 2));
    // A straight ray meets a (convex) cell along one interval: a cell once left never comes back, so the last
    // cell searched is the only one to skip.
    let last = -1;
    for (let s = 0; s <= steps; s++) {
      const t = (tMax * s) / steps;
      const cx = Math.floor((px + t * dx - this.x0) / this.cell);
      const cy = Math.floor((py + t * dy - this.y0) / this.cell);
      if (cx < 0 || cy < 0 || cx >= this.nx || cy >= this.ny) continue;
      const c = cy * this.nx + cx;
      if (c === last) continue;
      last = c;
      for (let k = this.start[c]; k < this.start[c + 1]; k++) {
        const i = this.items[k];
        const ax = this.e[4 * i];
        const ay = this.e[4 * i + 1];
        const ex = this.e[4 * i + 2] - ax;
        const ey = this.e[4 * i + 3] - ay;
        const den = dx * ey - dy * ex;
        if (den === 0) continue;
        const wx = ax - px;
        const wy = ay - py;
        const tt = (wx * ey - wy * ex) / den;
        const uu = (wx * dy - wy * dx) / den;
        if (tt >= tMin && tt <= tMax && uu >= 0 && uu <= 1 && tt < best) {
          best = tt;
          who = this.b[i];
        }
      }
    }
    return who >= 0 ? [best, who] : null;
  }
}

/** Finds the street canyons of a territory (see the module comment for the rule). */
export function detectStreetCanyons(bl: Buildings, roads: RoadNetwork, o: CanyonDetectionOptions = DEFAULT_CANYON_DETECTION): StreetCanyons {
  if (!(o.searchM > 0 && o.sampleSpacingM > 0 && o.minCoverage >= 0 && o.minCoverage <= 1 && o.minAspectRatio >= 0)) throw new Error(`street canyons: invalid detection options ${JSON.stringify(o)}`);
  const idx = new EdgeIndex(bl, 20);
  const g = roads.segmentGeometry;
  const out = { segment: [] as number[], widthM: [] as number[], hl: [] as number[], hr: [] as number[], coverage: [] as number[], axis: [] as number[] };
  for (let s = 0; s < roads.segmentCount; s++) {
    const v0 = g.lineVertexStart[s];
    const v1 = g.lineVertexStart[s + 1];
    let both = 0;
    let samples = 0;
    const widths: number[] = [];
    let sumL = 0;
    let sumR = 0;
    for (let v = v0; v < v1 - 1; v++) {
      const ax = g.xy[2 * v];
      const ay = g.xy[2 * v + 1];
      const len = dmath.hypot(g.xy[2 * v + 2] - ax, g.xy[2 * v + 3] - ay);
      if (!(len > 0)) continue;
      const tx = (g.xy[2 * v + 2] - ax) / len;
      const ty = (g.xy[2 * v + 3] - ay) / len;
      const n = Math.max(1, Math.round(len / o.sampleSpacingM));
      for (let k = 0; k < n; k++) {
        const px = ax + tx * len * ((k + 0.5) / n);
        const py = ay + ty * len * ((k + 0.5) / n);
        samples++;
        const left = idx.cast(px, py, -ty, tx, 1, o.searchM);
        const right = idx.cast(px, py, ty, -tx, 1, o.searchM);
        if (!left || !right) continue;
        both++;
        widths.push(left[0] + right[0]);
        sumL += bl.heightM[left[1]];
        sumR += bl.heightM[right[1]];
      }
    }
    if (samples === 0 || both / samples < o.minCoverage) continue;
    widths.sort((a, b) => a - b);
    const W = widths[widths.length >> 1];
    const hl = sumL / both;
    const hr = sumR / both;
    if ((hl + hr) / 2 / W < o.minAspectRatio) continue;
    out.segment.push(s);
    out.widthM.push(W);
    out.hl.push(hl);
    out.hr.push(hr);
    out.coverage.push(both / samples);
    out.axis.push(dmath.atan2(g.xy[2 * v1 - 1] - g.xy[2 * v0 + 1], g.xy[2 * v1 - 2] - g.xy[2 * v0]));
  }
  return {
    count: out.segment.length,
    segment: Uint32Array.from(out.segment),
    widthM: Float64Array.from(out.widthM),
    heightLeftM: Float64Array.from(out.hl),
    heightRightM: Float64Array.from(out.hr),
    coverage: Float64Array.from(out.coverage),
    axisRad: Float64Array.from(out.axis),
  };
}

export interface OspmOptions {
  /** Initial plume height behind vehicles (m). */
  h0M: number;
  /** Roughness length in the street (m). */
  z0M: number;
  /** Street-level turbulence over street wind, α. */
  alpha: number;
  /** Ventilation turbulence over roof wind, λ. */
  lambda: number;
  /** Traffic-turbulence constant b. */
  b: number;
  /** Plan area of a light / heavy vehicle (m²): about 4.5 × 1.8 m and 12 × 2.5 m. */
  lightVehicleAreaM2: number;
  heavyVehicleAreaM2: number;
  /** Longest direct path along the street (m). */
  maxPathM: number;
  /** Lowest roof-level wind (m/s). */
  minWindSpeedMS: number;
}

export const DEFAULT_OSPM: OspmOptions = { h0M: 2, z0M: 0.6, alpha: 0.1, lambda: 0.1, b: 0.3, lightVehicleAreaM2: 8, heavyVehicleAreaM2: 30, maxPathM: 100, minWindSpeedMS: 1 };

export interface CanyonStreet {
  widthM: number;
  heightLeftM: number;
  heightRightM: number;
  axisRad: number;
  /** Vehicles per second (both directions) and their mean speed (m/s) and heavy share. */
  vehiclesPerS: number;
  speedMS: number;
  heavyShare: number;
}

/**
 * Concentrations (g/m³ per unit emission of 1 g/(m·s)) at the left and right façades of a canyon for one wind:
 * `downwindRad` is the direction the wind blows to (math angle), `speedMS` its roof-level speed.
 */
export function ospmFacades(st: CanyonStreet, downwindRad: number, speedMS: number, o: OspmOptions = DEFAULT_OSPM): { left: number; right: number } {
  const W = st.widthM;
  if (!(W > 0)) throw new Error(`street canyon: width must be > 0 m, got ${W}`);
  const u = Math.max(speedMS, o.minWindSpeedMS);
  const S = (1 - st.heavyShare) * o.lightVehicleAreaM2 + st.heavyShare * o.heavyVehicleAreaM2;
  const sw0 = o.b * Math.sqrt((Math.max(0, st.vehiclesPerS) * Math.max(0, st.speedMS) * S) / W);
  const H = Math.max((st.heightLeftM + st.heightRightM) / 2, o.h0M * 1.01, o.z0M * 2);
  const ub = (u * dmath.log(o.h0M / o.z0M)) / dmath.log(H / o.z0M);
  const sw = dmath.hypot(o.alpha * ub, sw0);
  const swt = dmath.hypot(o.lambda * u, sw0);
  // Cross-street component: positive when the wind blows towards the left side (left normal = (−sin, cos)).
  const cross = dmath.sin(downwindRad - st.axisRad);
  const sinPhi = Math.abs(cross);
  const leftIsLeeward = cross < 0; // wind towards the right: the left row is upwind, its façade leeward
  const hUp = leftIsLeeward ? st.heightLeftM : st.heightRightM;
  const Lv = Math.min(W, 2 * hUp * Math.min(1, u / 2));
  const rec = 1 / (W * swt);
  const along = (1 - sinPhi) * directPlume(o.maxPathM, W, sw, ub, o.h0M);
  const lee = sinPhi * (directPlume(pathLength(Lv, sinPhi, o.maxPathM), W, sw, ub, o.h0M) + rec) + along;
  const wind = sinPhi * (directPlume(pathLength(W - Lv, sinPhi, o.maxPathM), W, sw, ub, o.h0M) + rec) + along;
  return leftIsLeeward ? { left: lee, right: wind } : { left: wind, right: lee };
}

/** OSPM direct plume from a line source over a path of length P (module-level: called millions of times). */
function directPlume(P: number, W: number, sw: number, ub: number, h0M: number): number {
  return P > 0 ? (Math.sqrt(2 / Math.PI) / (W * sw)) * dmath.log((h0M + (sw * P) / ub) / h0M) : 0;
}

/** Path along the wind over a street distance d, capped at maxPathM. */
function pathLength(d: number, sinPhi: number, maxPathM: number): number {
  return d <= 0 ? 0 : sinPhi * maxPathM > d ? d / sinPhi : maxPathM;
}
