/**
 * Sky view factor and building shade of a DSM with a bounded horizon radius, on digital lines anchored to a
 * global lattice, so that any window of a larger DSM gives, on its cells at least one radius from its edges,
 * exactly (bit for bit) the values of the whole DSM. This is what lets a scenario recompute the sky only
 * around the buildings it changes (data/heat/sky.ts).
 *
 * Horizon of a cell towards an azimuth: the steepest tangent from the cell centre to the obstacles ahead on its
 * digital line, each cell a vertical prism whose near edge (half a step before its centre) is the obstacle
 * point — the convention of engine/raster/svf.ts and engine/raster/shadow.ts — but only over the cells whose
 * centre lies within `radiusM` along the line (s·step ≤ R). Bounding the search radius is the usual practice
 * for sky view factors of elevation models (Zakšek, Oštir & Kokalj 2011, "Sky-view factor as a relief
 * visualization technique", Remote Sensing 3: 398–415: search radius R); obstacles farther than R are ignored.
 *
 *   SVF = 1 − (1/N) Σ_φ sin² β(φ)        (cosine-weighted SVF, as engine/raster/svf.ts; β ≥ 0)
 *   shaded at sun (A, e)  ⇔  ∃ s ≤ S: z_s − z − ε > (s − ½)·step·tan e      (engine/raster/shadow.ts, ε = SHADOW_EPS_M)
 *
 * Lines: for an azimuth with direction (dcol, drow) = (sin A, −cos A), the major axis is the one with the larger
 * component; a line advances one cell per step along it and by o(k) = ⌊k·m + ½⌋ along the other (m ≤ 1), where k
 * is the ABSOLUTE major coordinate (times the direction's sign) in the lattice, not a position counted from the
 * window's edge as in engine/raster/sweep.ts. Every lattice cell lies on exactly one line (j = minor − o(k)),
 * and a window only cuts segments out of the same lines. Per line, a sliding maximum of the heights ahead
 * (monotone deque) skips cells nothing can rise above and stops each tangent search as soon as no remaining
 * obstacle can beat the best tangent found: cost O(cells × N × d̄), d̄ the mean distance to the decisive obstacle.
 */
import { scanFeature } from '../raster/rasterize.ts';
import { SHADOW_EPS_M } from '../raster/shadow.ts';
import type { Polygons } from '../territory.ts';
import { HeatInputError } from './params.ts';
import * as dmath from '../math/dmath.ts';

export interface SunPosition {
  azimuthDeg: number;
  elevationDeg: number;
}

/** A window of a DSM in a global lattice: its north-west cell is (col0, row0) of the lattice. */
export interface SkyWindow {
  /** Heights (m), row-major from the north-west cell, width × height values, finite. */
  heights: ArrayLike<number>;
  width: number;
  height: number;
  cellSizeM: number;
  col0: number;
  row0: number;
}

export interface SkyOptions {
  /** Azimuths of the SVF (≥ 4), evenly spaced from north. */
  directions: number;
  /** Horizon search radius (m). */
  radiusM: number;
  /** Sun positions of the shade (elevation ≤ 0: every cell shaded, as engine/raster/shadow.ts). */
  suns: SunPosition[];
  /** Cells computed, [col0, row0, col1, row1) in window coordinates (default: the whole window). */
  region?: [number, number, number, number];
}

export interface SkyResult {
  /** SVF per window cell (NaN outside the region). */
  svf: Float32Array;
  /** Number of sun positions for which each cell is shaded (0 outside the region). */
  shaded: Uint16Array;
}

/** Window margin (cells) that makes its interior exact for a radius: every obstacle within R is ≤ R/cell cells away on each axis. */
export const skyMarginCells = (radiusM: number, cellSizeM: number): number => Math.ceil(radiusM / cellSizeM - 1e-9);

/** One family of parallel digital lines over a window (see the module comment). */
class Lines {
  readonly stepM: number;
  /** Window index of step t of line j: base[t] + jStride·j, for t in the line's range. */
  private readonly base: Int32Array;
  private readonly jStride: number;
  /** Minor offsets o_t, and the first t with o_t ≥ v (indexed v − o_0). */
  private readonly o: Int32Array;
  private readonly firstT: Int32Array;
  private readonly jMin: number;
  private readonly bLo: number;
  private readonly bHi: number;
  readonly count: number;

  constructor(w: SkyWindow, azimuthDeg: number) {
    const rad = (azimuthDeg * Math.PI) / 180;
    let dc = dmath.sin(rad);
    let dr = -dmath.cos(rad);
    if (Math.abs(dc) < 1e-12) dc = 0;
    if (Math.abs(dr) < 1e-12) dr = 0;
    const majorIsCol = Math.abs(dc) >= Math.abs(dr);
    const [dMaj, dMin] = majorIsCol ? [dc, dr] : [dr, dc];
    const sMaj = dMaj > 0 ? 1 : -1;
    const sMin = dMin >= 0 ? 1 : -1;
    const m = Math.min(1, Math.abs(dMin) / Math.abs(dMaj));
    this.stepM = Math.sqrt(1 + m * m) * w.cellSizeM;
    // Absolute major / minor coordinates of the window's first cell and the window's extent along them.
    const [A0, LA, B0, LB] = majorIsCol ? [w.col0, w.width, w.row0, w.height] : [w.row0, w.height, w.col0, w.width];
    const kFirst = sMaj > 0 ? A0 : -(A0 + LA - 1);
    const o = new Int32Array(LA);
    const base = new Int32Array(LA);
    const W = w.width;
    for (let t = 0; t < LA; t++) {
      o[t] = Math.floor((kFirst + t) * m + 0.5);
      // Major a = sMaj·(kFirst + t) − A0, minor b = sMin·(j + o_t) − B0 (window coordinates).
      const a = sMaj * (kFirst + t) - A0;
      const b0 = sMin * o[t] - B0;
      base[t] = majorIsCol ? b0 * W + a : a * W + b0;
    }
    this.jStride = majorIsCol ? sMin * W : sMin;
    this.o = o;
    this.base = base;
    const oMin = o[0];
    const oMax = o[LA - 1];
    const firstT = new Int32Array(oMax - oMin + 2);
    let t = 0;
    for (let v = oMin; v <= oMax + 1; v++) {
      while (t < LA && o[t] < v) t++;
      firstT[v - oMin] = t;
    }
    this.firstT = firstT;
    // Signed minor coordinate b̃ = sMin·B = j + o_t ranges over [bLo, bHi].
    [this.bLo, this.bHi] = sMin > 0 ? [B0, B0 + LB - 1] : [-(B0 + LB - 1), -B0];
    this.jMin = this.bLo - oMax;
    this.count = this.bHi - oMin - this.jMin + 1;
  }

  /** Window cell indices of line `i` (0 ≤ i < count) in travel order; returns how many. */
  line(i: number, out: Int32Array): number {
    const j = this.jMin + i;
    const o = this.o;
    const oMin = o[0];
    const lo = Math.max(this.bLo - j, oMin);
    const hi = Math.min(this.bHi - j, o[o.length - 1]);
    if (lo > hi) return 0;
    const t0 = this.firstT[lo - oMin];
    const t1 = this.firstT[hi + 1 - oMin];
    const off = this.jStride * j;
    const base = this.base;
    let n = 0;
    for (let t = t0; t < t1; t++) out[n++] = base[t] + off;
    return n;
  }
}

/** Line buffers shared by the sweeps of one call. */
interface LineBuffers {
  idx: Int32Array;
  z: Float64Array;
  want: Uint8Array;
  dq: Int32Array;
  /** Maximum of the heights within S ahead of each position (−Infinity at the line's end). */
  ahead: Float64Array;
  inv: Float64Array;
}

/** Gathers line `line` into the buffers and fills `ahead` (sliding maximum by a monotone deque); returns its length, 0 when no cell is wanted. */
function gather(lines: Lines, line: number, S: number, z: Float64Array, wanted: Uint8Array, b: LineBuffers): number {
  const n = lines.line(line, b.idx);
  const { idx, z: zl, want, dq, ahead } = b;
  let any = 0;
  for (let k = 0; k < n; k++) {
    zl[k] = z[idx[k]];
    any |= want[k] = wanted[idx[k]];
  }
  if (!any || S < 1) return 0;
  let head = 0;
  let tail = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (i + 1 < n) {
      const zn = zl[i + 1];
      while (tail > head && zl[dq[tail - 1]] <= zn) tail--;
      dq[tail++] = i + 1;
    }
    while (tail > head && dq[head] > i + S) head++;
    ahead[i] = tail > head ? zl[dq[head]] : -Infinity;
  }
  return n;
}

/**
 * Sky view factor and shade counts of the region of a window (see the module comment). Throws a HeatInputError
 * on non-finite heights or bad options.
 */
export function boundedSky(w: SkyWindow, options: SkyOptions): SkyResult {
  const { width: W, height: H } = w;
  const N = options.directions;
  if (!Number.isInteger(W) || !Number.isInteger(H) || W < 1 || H < 1 || w.heights.length !== W * H) throw new HeatInputError(`sky window must hold width × height heights, got ${w.heights.length} for ${W} × ${H}`);
  if (!(w.cellSizeM > 0)) throw new HeatInputError(`sky window cell size must be positive, got ${w.cellSizeM}`);
  if (!Number.isInteger(N) || N < 4 || N > 1440) throw new HeatInputError(`sky directions must be an integer in [4, 1440], got ${N}`);
  if (!(options.radiusM > 0) || !Number.isFinite(options.radiusM)) throw new HeatInputError(`sky radius must be a positive number of metres, got ${options.radiusM}`);
  const [rc0, rr0, rc1, rr1] = options.region ?? [0, 0, W, H];
  if (!(rc0 >= 0 && rr0 >= 0 && rc1 <= W && rr1 <= H && rc0 <= rc1 && rr0 <= rr1)) throw new HeatInputError(`sky region [${options.region}] must lie in the ${W} × ${H} window`);
  const z = new Float64Array(W * H);
  for (let i = 0; i < z.length; i++) {
    const v = w.heights[i];
    if (!Number.isFinite(v)) throw new HeatInputError(`sky window height ${i} (row ${Math.floor(i / W)}, column ${i % W}) is not finite: ${v}`);
    z[i] = v;
  }
  const wanted = new Uint8Array(W * H);
  for (let r = rr0; r < rr1; r++) wanted.fill(1, r * W + rc0, r * W + rc1);
  const acc = new Float64Array(W * H);
  const shaded = new Uint16Array(W * H);
  const L = W + H + 2;
  const b: LineBuffers = { idx: new Int32Array(L), z: new Float64Array(L), want: new Uint8Array(L), dq: new Int32Array(L), ahead: new Float64Array(L), inv: new Float64Array(L + 1) };
  const { idx, z: zl, want, ahead, inv } = b;
  const setup = (az: number): [Lines, number] => {
    const lines = new Lines(w, az);
    const S = Math.floor(options.radiusM / lines.stepM + 1e-9);
    for (let s = 1; s <= Math.min(S, L); s++) inv[s] = 1 / ((s - 0.5) * lines.stepM);
    return [lines, S];
  };

  for (let d = 0; d < N; d++) {
    const [lines, S] = setup((d * 360) / N);
    for (let line = 0; line < lines.count; line++) {
      const n = gather(lines, line, S, z, wanted, b);
      for (let i = 0; i < n; i++) {
        const z0 = zl[i];
        const top = ahead[i] - z0;
        if (!want[i] || !(top > 0)) continue;
        const sMax = Math.min(S, n - 1 - i);
        let best = 0;
        for (let s = 1; s <= sMax; s++) {
          const f = inv[s];
          if (top * f <= best) break;
          const v = (zl[i + s] - z0) * f;
          if (v > best) best = v;
        }
        if (best > 0) acc[idx[i]] += (best * best) / (1 + best * best);
      }
    }
  }
  for (const sun of options.suns) {
    if (!Number.isFinite(sun.azimuthDeg) || !Number.isFinite(sun.elevationDeg)) throw new HeatInputError(`sun position must be finite, got azimuth ${sun.azimuthDeg}, elevation ${sun.elevationDeg}`);
    if (sun.elevationDeg >= 90 - 1e-9) continue;
    if (!(sun.elevationDeg > 0)) {
      for (let i = 0; i < shaded.length; i++) shaded[i] += wanted[i];
      continue;
    }
    const tanE = dmath.tan((sun.elevationDeg * Math.PI) / 180);
    const [lines, S] = setup(sun.azimuthDeg);
    for (let line = 0; line < lines.count; line++) {
      const n = gather(lines, line, S, z, wanted, b);
      for (let i = 0; i < n; i++) {
        const z0 = zl[i] + SHADOW_EPS_M;
        const top = ahead[i] - z0;
        if (!want[i] || !(top > 0)) continue;
        const sMax = Math.min(S, n - 1 - i);
        for (let s = 1; s <= sMax; s++) {
          const f = inv[s];
          if (top * f <= tanE) break;
          if ((zl[i + s] - z0) * f > tanE) {
            shaded[idx[i]]++;
            break;
          }
        }
      }
    }
  }
  const svf = new Float32Array(W * H).fill(NaN);
  for (let i = 0; i < svf.length; i++) if (wanted[i]) svf[i] = 1 - acc[i] / N;
  return { svf, shaded };
}

/**
 * Buildings burnt into the window `cells` = [col0, row0, col1, row1) of a DSM lattice (geometry `dsm`):
 * cell-centre rule, tallest wins, ground 0 — the same cells and heights as engine/raster/rasterize.ts
 * `rasterizeBuildings` gives on the whole grid, because the scan runs in the lattice's coordinates and is only
 * clipped to the window.
 */
export function rasterizeWindow(
  footprints: Polygons,
  heights: ArrayLike<number>,
  count: number,
  dsm: { width: number; height: number; cellSizeM: number; originX: number; originY: number },
  cells: [number, number, number, number],
): { heights: Float32Array; buildingId: Int32Array } {
  const [c0, r0, c1, r1] = cells;
  const ww = c1 - c0;
  const wh = r1 - r0;
  const out = new Float32Array(ww * wh);
  const id = new Int32Array(ww * wh).fill(-1);
  const s = dsm.cellSizeM;
  // Local bounds of the window (with one cell of slack: the exact test is the scan's).
  const x0 = dsm.originX + (c0 - 1) * s;
  const x1 = dsm.originX + (c1 + 1) * s;
  const y1 = dsm.originY - (r0 - 1) * s;
  const y0 = dsm.originY - (r1 + 1) * s;
  const grid = { ...dsm, values: new Float32Array(0), nodata: NaN };
  let maxV = 0;
  for (let b = 0; b < count; b++) maxV = Math.max(maxV, footprints.ringVertexStart[footprints.featureRingStart[b + 1]] - footprints.ringVertexStart[footprints.featureRingStart[b]]);
  const xs = new Float64Array(maxV + 2);
  let h = 0;
  let current = 0;
  const fill = (row: number, a: number, b: number): void => {
    if (row < r0 || row >= r1) return;
    const lo = Math.max(a, c0);
    const hi = Math.min(b, c1);
    for (let c = lo, k = (row - r0) * ww + lo - c0; c < hi; c++, k++) {
      if (id[k] < 0 || h > out[k]) {
        out[k] = h;
        id[k] = current;
      }
    }
  };
  const xy = footprints.xy;
  for (let b = 0; b < count; b++) {
    h = heights[b];
    if (!(h > 0) || !Number.isFinite(h)) continue;
    const v0 = footprints.ringVertexStart[footprints.featureRingStart[b]];
    const v1 = footprints.ringVertexStart[footprints.featureRingStart[b + 1]];
    let bx0 = Infinity;
    let bx1 = -Infinity;
    let by0 = Infinity;
    let by1 = -Infinity;
    for (let v = v0; v < v1; v++) {
      const x = xy[2 * v];
      const y = xy[2 * v + 1];
      if (x < bx0) bx0 = x;
      if (x > bx1) bx1 = x;
      if (y < by0) by0 = y;
      if (y > by1) by1 = y;
    }
    const inside = bx1 >= x0 && bx0 <= x1 && by1 >= y0 && by0 <= y1;
    if (!inside) continue;
    current = b;
    scanFeature(footprints, b, grid, xs, fill);
  }
  return { heights: out, buildingId: id };
}
