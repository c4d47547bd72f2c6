/**
 * Dispersion kernel: the ground-level concentration at offset (dx, dy) from a unit point source (1 g/s),
 * weighted over a wind rose — K(dx, dy) = Σ_conditions f / u · plume(x, y) with the Briggs urban Gaussian plume
 * of ./plume.ts, x and y the downwind and crosswind coordinates of the offset for each direction. Concentrations
 * are linear in the emissions and, on flat open ground, invariant by translation, so one kernel serves every
 * source; a line source is the integral of K along it (./dispersion.ts).
 *
 * Storage: `levels` nested square tables of (2N + 1)² nodes, N = 64, spacing h_k = h0 · 2^k (h0 = 0.5 m), table k
 * covering |dx|, |dy| < E_k = N · h_k. A lookup uses the finest table containing the offset and interpolates
 * bilinearly; offsets are then at least 32 spacings from the origin, so the table resolves angular features of
 * 1/32 rad. Beyond `cutoffM` the kernel is 0, reached by a cos² taper over the last 10 %: contributions of more
 * distant roads belong to the background concentration.
 */
import { briggsUrbanSigmaY, briggsUrbanSigmaZ } from './plume.ts';
import { collapseRose, type CollapsedRose, type WindRose } from './meteo.ts';
import * as dmath from '../math/dmath.ts';

export interface KernelOptions {
  /** Receptor height above ground (m). */
  receptorHeightM: number;
  /** Release height (m). */
  sourceHeightM: number;
  /** Initial lateral and vertical spreads of road emissions (m). */
  sigmaY0M: number;
  sigmaZ0M: number;
  /** Distance beyond which sources are not counted (m). */
  cutoffM: number;
  /** Calm threshold: lower wind speeds are raised to it (m/s). */
  minWindSpeedMS: number;
}

export interface DispersionKernel {
  /** N: nodes from the centre to the edge of a table. */
  half: number;
  /** 2N + 1. */
  size: number;
  levels: number;
  /** Spacing of table 0 (m). */
  h0: number;
  /** Half-side of table 0, N · h0 (m). */
  e0: number;
  /** 1 / h_k per table. */
  invH: Float64Array;
  /** K values (s/m³), table k at [k · size² + row · size + col], row = y index, col = x index. */
  table: Float32Array;
  cutoffM: number;
  /** Offsets outside [minDx, maxDx] × [minDy, maxDy] have K = 0 (culling box). */
  support: [number, number, number, number];
  /** Narrowest angular width of the kernel at the cutoff (plume σθ combined with the sector spread), rad. */
  angularScaleRad: number;
  /** Width of the rose's direction sectors (rad); 0 for exact directions (one hour). */
  sectorWidthRad: number;
  /** Sub-point spacing along a line source as a share of the receptor distance (rad). */
  angularStepRad: number;
  /** K = 0 closer than this (m): set on the far part of a split kernel, 0 otherwise. */
  innerM: number;
  /** Smallest sub-point spacing (m). */
  minStepM: number;
  options: KernelOptions;
  description: string;
}

export const KERNEL_HALF = 64;
export const KERNEL_H0 = 0.5;

export function validateKernelOptions(o: KernelOptions): void {
  const check = (name: keyof KernelOptions, min: number, max: number, strictMin = false): void => {
    const v = o[name];
    if (!Number.isFinite(v) || (strictMin ? !(v > min) : !(v >= min)) || v > max) throw new Error(`dispersion: ${name} must be a number in ${strictMin ? '(' : '['}${min}, ${max}], got ${v}`);
  };
  check('receptorHeightM', 0, 100);
  check('sourceHeightM', 0, 100);
  check('sigmaY0M', 0, 50);
  check('sigmaZ0M', 0, 50);
  check('cutoffM', 50, 20000);
  check('minWindSpeedMS', 0, 10, true);
}

/** Kernels already built, by rose and options (a scenario batch or repeated runs build the same one). */
const built = new Map<string, DispersionKernel>();
const BUILT_MAX = 4;

/**
 * Builds the kernel of a wind rose (annual mean) or of a single-hour rose. Kernels are immutable once built, and
 * the last few are kept: the same rose and options return the same object.
 */
export function buildKernel(rose: WindRose, o: KernelOptions): DispersionKernel {
  validateKernelOptions(o);
  const key = JSON.stringify([rose, o.receptorHeightM, o.sourceHeightM, o.sigmaY0M, o.sigmaZ0M, o.cutoffM, o.minWindSpeedMS]);
  const hit = built.get(key);
  if (hit) return hit;
  const k = tabulateKernel(rose, o);
  if (built.size >= BUILT_MAX) built.delete(built.keys().next().value!);
  built.set(key, k);
  return k;
}

function tabulateKernel(rose: WindRose, o: KernelOptions): DispersionKernel {
  const cr = collapseRose(rose, o.minWindSpeedMS, 1);
  const N = KERNEL_HALF;
  const S = 2 * N + 1;
  const h0 = KERNEL_H0;
  const e0 = N * h0;
  const levels = 1 + Math.max(0, Math.ceil(dmath.log2(o.cutoffM / e0)));
  const table = new Float32Array(levels * S * S);
  const invH = new Float64Array(levels);
  const R = o.cutoffM;
  const taper0 = 0.9 * R;
  const sy0 = o.sigmaY0M * o.sigmaY0M;
  const angle = cr.angle;
  const nd = angle.length;
  const polar = nd > DIRECT_MAX_DIRECTIONS ? polarKernel(cr, o) : null;
  const evalAt = (rho: number, phi: number): number => {
    if (polar) return polar.at(rho, phi);
    let v = 0;
    for (const cls of cr.classes) {
      const w = cr.weight[cls];
      const win = (WINDOW_SIGMAS * Math.sqrt(sy0 + dmath.sq(briggsUrbanSigmaY(cls, rho)))) / rho;
      for (let d = 0; d < nd; d++) {
        if (w[d] === 0) continue;
        let a = phi - angle[d];
        a -= 2 * Math.PI * Math.round(a / (2 * Math.PI));
        if (a <= win && a >= -win) v += w[d] * unitPlume(cls, rho, a, o);
      }
    }
    return v;
  };
  let minDx = Infinity;
  let minDy = Infinity;
  let maxDx = -Infinity;
  let maxDy = -Infinity;
  for (let k = 0; k < levels; k++) {
    const h = h0 * dmath.pow2i(k);
    invH[k] = 1 / h;
    const inner = k === 0 ? -1 : (N / 2 - 1) * h; // nodes strictly inside the finer table are never read here
    for (let j = 0; j < S; j++) {
      const dy = (j - N) * h;
      for (let i = 0; i < S; i++) {
        const dx = (i - N) * h;
        if (Math.max(Math.abs(dx), Math.abs(dy)) < inner) continue;
        const rho = dmath.hypot(dx, dy);
        if (rho >= R) continue;
        let v = 0;
        if (rho > 0) v = evalAt(rho, dmath.atan2(dy, dx));
        else {
          // The source point itself: the mean over directions of a ring of radius h0/4, independent of the wind.
          for (let a = 0; a < 36; a++) v += evalAt(h0 / 4, (a * Math.PI) / 18) / 36;
        }
        if (rho > taper0) v *= dmath.sq(dmath.cos(((rho - taper0) / (R - taper0)) * (Math.PI / 2)));
        if (v > 0) {
          table[k * S * S + j * S + i] = v;
          if (dx < minDx) minDx = dx;
          if (dx > maxDx) maxDx = dx;
          if (dy < minDy) minDy = dy;
          if (dy > maxDy) maxDy = dy;
        }
      }
    }
  }
  // Widen the support by one spacing of the coarsest table that holds it (interpolation reaches one node further).
  const pad = h0 * dmath.pow2i(levels - 1);
  const support: [number, number, number, number] = minDx <= maxDx ? [minDx - pad, minDy - pad, maxDx + pad, maxDy + pad] : [0, 0, 0, 0];
  // Sub-point spacing along a source, as an angle seen from the receptor: 1.5 × (rose) or 0.75 × (exact
  // directions) the narrowest angular width of the kernel at the cutoff distance (plume σθ combined with the
  // spread of the sectors), at most 0.25 rad. Against a fine reference (dispersion.test.ts): ≤ 0.5 % (rose) and
  // ≤ 3 % (one hour, class F, plume edges) where the concentration exceeds 1 % of the peak.
  let sigmaTheta = Infinity;
  for (const cls of cr.classes) {
    const st = Math.sqrt(sy0 + dmath.sq(briggsUrbanSigmaY(cls, R))) / R;
    sigmaTheta = Math.min(sigmaTheta, dmath.hypot(st, cr.sectorWidthRad / Math.sqrt(6)));
  }
  const angularStepRad = Math.min(0.25, Math.max(0.02, (cr.sectorWidthRad > 0 ? 1.5 : 0.75) * sigmaTheta));
  return {
    half: N,
    size: S,
    levels,
    h0,
    e0,
    invH,
    table,
    cutoffM: R,
    support,
    angularScaleRad: sigmaTheta,
    sectorWidthRad: cr.sectorWidthRad,
    angularStepRad,
    innerM: 0,
    minStepM: h0,
    options: { ...o },
    description: `${rose.name}; Briggs urban σ, σy0 ${o.sigmaY0M} m, σz0 ${o.sigmaZ0M} m, receptor ${o.receptorHeightM} m, cutoff ${R} m`,
  };
}

/** Roses with more directions than this are tabulated in polar coordinates first (see {@link polarKernel}). */
export const DIRECT_MAX_DIRECTIONS = 8;

/**
 * Ground-level concentration (s/m³ per g/s) of a unit source with unit wind at distance rho and angle `a` from the
 * downwind direction (the point plume of ./plume.ts written in polar form).
 */
function unitPlume(cls: number, rho: number, a: number, o: KernelOptions): number {
  a -= 2 * Math.PI * Math.round(a / (2 * Math.PI));
  if (a >= Math.PI / 2 || a <= -Math.PI / 2) return 0;
  const x = rho * dmath.cos(a);
  if (x === 0 && !(o.sigmaY0M > 0 && o.sigmaZ0M > 0)) return 0;
  const y = rho * dmath.sin(a);
  const syB = briggsUrbanSigmaY(cls, x);
  const szB = briggsUrbanSigmaZ(cls, x);
  const sy2 = o.sigmaY0M * o.sigmaY0M + syB * syB;
  const sz2 = o.sigmaZ0M * o.sigmaZ0M + szB * szB;
  const zr = o.receptorHeightM;
  const hs = o.sourceHeightM;
  const vert = dmath.exp(-dmath.sq(zr - hs) / (2 * sz2)) + dmath.exp(-dmath.sq(zr + hs) / (2 * sz2));
  return (1 / (2 * Math.PI * Math.sqrt(sy2 * sz2))) * dmath.exp(-(y * y) / (2 * sy2)) * vert;
}

/** Polar tabulation: radii log-spaced (16 per octave from 0.25 m), angles every 1°. */
const POLAR_RHO0 = 0.25;
const POLAR_PER_OCTAVE = 16;
const POLAR_NPHI = 360;
/** Plumes are evaluated within this many σθ of their axis (exp(−18) ≈ 1.5e−8 of the centreline beyond). */
const WINDOW_SIGMAS = 6;

/**
 * A rose kernel tabulated in polar coordinates: for each radius and class the plume's angular profile is computed
 * once and circularly convolved with the rose's direction weights (binned every 1°, split linearly between
 * the two nearest bins), which costs products instead of exponentials for the many sub-directions of a rose.
 */
function polarKernel(cr: CollapsedRose, o: KernelOptions): { at(rho: number, phi: number): number } {
  const nr = Math.ceil(dmath.log2(o.cutoffM / POLAR_RHO0) * POLAR_PER_OCTAVE) + 2;
  const nphi = POLAR_NPHI;
  const dphi = (2 * Math.PI) / nphi;
  const t = new Float64Array(nr * nphi);
  const bins = new Float64Array(nphi);
  const profile = new Float64Array(nphi);
  // The direction weights repeated three times, so that bins j ± m need no modulo.
  const ext = new Float64Array(3 * nphi);
  for (const cls of cr.classes) {
    bins.fill(0);
    const w = cr.weight[cls];
    for (let d = 0; d < cr.angle.length; d++) {
      if (w[d] === 0) continue;
      const p = (cr.angle[d] + Math.PI) / dphi;
      const j0 = Math.floor(p);
      const f = p - j0;
      bins[((j0 % nphi) + nphi) % nphi] += w[d] * (1 - f);
      bins[(((j0 + 1) % nphi) + nphi) % nphi] += w[d] * f;
    }
    for (let j = 0; j < nphi; j++) ext[j] = ext[j + nphi] = ext[j + 2 * nphi] = bins[j];
    for (let i = 0; i < nr; i++) {
      const rho = POLAR_RHO0 * dmath.pow(2, i / POLAR_PER_OCTAVE);
      const syr = Math.sqrt(o.sigmaY0M * o.sigmaY0M + dmath.sq(briggsUrbanSigmaY(cls, rho)));
      const M = Math.min(nphi / 4, Math.ceil(Math.min(Math.PI / 2, (WINDOW_SIGMAS * syr) / rho) / dphi));
      // The plume is symmetric about its axis: profile[m] = profile[−m], so pairs of bins share one product.
      for (let m = 0; m <= M; m++) profile[m] = unitPlume(cls, rho, m * dphi, o);
      const row = i * nphi;
      for (let j = 0; j < nphi; j++) {
        const c = j + nphi;
        let v = profile[0] * ext[c];
        for (let m = 1; m <= M; m++) v += profile[m] * (ext[c - m] + ext[c + m]);
        t[row + j] += v;
      }
    }
  }
  return {
    at(rho: number, phi: number): number {
      const fr = Math.max(0, dmath.log2(Math.max(rho, POLAR_RHO0) / POLAR_RHO0) * POLAR_PER_OCTAVE);
      const i = Math.min(nr - 2, Math.floor(fr));
      const tr = Math.min(1, fr - i);
      const fp = (phi + Math.PI) / dphi;
      const j = Math.floor(fp);
      const tp = fp - j;
      const j0 = ((j % nphi) + nphi) % nphi;
      const j1 = (j0 + 1) % nphi;
      const a = t[i * nphi + j0] + tp * (t[i * nphi + j1] - t[i * nphi + j0]);
      const b = t[(i + 1) * nphi + j0] + tp * (t[(i + 1) * nphi + j1] - t[(i + 1) * nphi + j0]);
      return a + tr * (b - a);
    },
  };
}

/** K(dx, dy) in s/m³ (bilinear lookup); 0 beyond the tables. */
export function kernelAt(k: DispersionKernel, dx: number, dy: number): number {
  const m = Math.max(Math.abs(dx), Math.abs(dy));
  if (m >= k.e0 * dmath.pow2i(k.levels - 1)) return 0;
  const lv = 32 - Math.clz32((m / k.e0) | 0);
  const ih = k.invH[lv];
  const fx = dx * ih + k.half;
  const fy = dy * ih + k.half;
  const i = fx | 0;
  const j = fy | 0;
  const tx = fx - i;
  const ty = fy - j;
  const S = k.size;
  const b = lv * S * S + j * S + i;
  const t = k.table;
  const v0 = t[b] + tx * (t[b + 1] - t[b]);
  const v1 = t[b + S] + tx * (t[b + S + 1] - t[b + S]);
  return v0 + ty * (v1 - v0);
}

/**
 * Splits a kernel into a near part K·(1 − w) and a far part K·w, w rising smoothly (cos²) from 0 at `rho1` to 1 at
 * `rho2`: K = near + far exactly at every node. The near part has cutoff `rho2`; the far part is 0 inside `rho1`
 * and, being smooth on scales of the ramp and of the kernel's angular width, can be evaluated on coarser receptors.
 */
export function splitKernel(k: DispersionKernel, rho1: number, rho2: number): { near: DispersionKernel; far: DispersionKernel } {
  if (!(rho1 > 0 && rho2 > rho1 && rho2 < k.cutoffM)) throw new Error(`split kernel: need 0 < rho1 < rho2 < cutoff (${k.cutoffM} m), got ${rho1}, ${rho2}`);
  const S = k.size;
  const N = k.half;
  const nearLevels = 1 + Math.max(0, Math.ceil(dmath.log2(rho2 / k.e0)));
  const near = new Float32Array(nearLevels * S * S);
  const far = new Float32Array(k.table.length);
  for (let lv = 0; lv < k.levels; lv++) {
    const h = k.h0 * dmath.pow2i(lv);
    for (let j = 0; j < S; j++) {
      for (let i = 0; i < S; i++) {
        const idx = lv * S * S + j * S + i;
        const v = k.table[idx];
        if (v === 0) continue;
        const rho = dmath.hypot((i - N) * h, (j - N) * h);
        const w = rho <= rho1 ? 0 : rho >= rho2 ? 1 : dmath.sq(dmath.sin(((rho - rho1) / (rho2 - rho1)) * (Math.PI / 2)));
        far[idx] = v * w;
        if (lv < nearLevels) near[idx] = v * (1 - w);
      }
    }
  }
  const [a, b, c, d] = k.support;
  const pad = k.h0 * dmath.pow2i(nearLevels - 1);
  return {
    near: { ...k, levels: nearLevels, table: near, invH: k.invH.slice(0, nearLevels), cutoffM: rho2, support: [Math.max(a, -rho2 - pad), Math.max(b, -rho2 - pad), Math.min(c, rho2 + pad), Math.min(d, rho2 + pad)], description: `${k.description}; near part < ${rho2} m` },
    far: { ...k, table: far, innerM: rho1, description: `${k.description}; far part > ${rho1} m` },
  };
}
