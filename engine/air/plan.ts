/**
 * Two-level evaluation of the dispersion (the splitting of particle–mesh methods: short range exact, long range
 * smooth and cheap). The kernel is split as K = K·(1 − w) + K·w (./kernel.ts `splitKernel`, w a cos² ramp from ρ1
 * to ρ2): the near part is summed pair by pair at every receptor (./dispersion.ts, spatial culling to ρ2), the
 * far part is convolved on a lattice of spacing G by FFT (./far-field.ts) and interpolated at the receptors.
 *
 * The lattice spacing G is at least 10 m and grows with the region so that the padded FFT stays near 1 024 nodes
 * a side; the split starts where the far part is smooth at that spacing: ρ1 = max(3G, widths · G / σθ), σθ the
 * kernel's narrowest angular width (plumes there are ≥ widths · G wide), ρ2 = ρ1 + 3G. Against a converged direct
 * sum (dispersion.test.ts, bench/air.ts): RMS ≈ 0.1 %, max ≈ 1 % (rose) to 2.5 % (one hour) where the
 * concentration exceeds 1 % of the peak. Regions so small that ρ2 would pass 0.7 × the cutoff are computed
 * directly.
 */
import { disperseGrid, dispersePoints, type DispersionStats, type GridSpec, type LineSources } from './dispersion.ts';
import { farFieldAt, farFieldFFT, type FarField } from './far-field.ts';
import { splitKernel, type DispersionKernel } from './kernel.ts';
import { applyNearOperator, NearRecorder, nearOperatorKey, type NearOperatorCache } from './near-operator.ts';

export interface GridPlan {
  near: DispersionKernel;
  /** Far part (0 within its innerM), evaluated on a lattice by FFT; null = direct evaluation with `near`. */
  far: DispersionKernel | null;
  /** Lattice spacing of the far part (m). */
  coarseM: number;
}

/** Smallest far-lattice spacing (m). */
export const FAR_MIN_SPACING_M = 10;
/** Nodes a side the far lattice aims at (region plus the kernel's reach on each side). */
export const FAR_TARGET_NODES = 1000;
/**
 * Plume widths (standard deviations, in lattice spacings) where the far part starts: for a rose (plumes spread over
 * sectors) and for exact directions (one hour: sharp plume edges need a finer lattice relative to the plume).
 */
export const FAR_WIDTHS_ROSE = 2;
export const FAR_WIDTHS_EXACT = 3;

/** Lattice spacing for a region of extent `extentM` (its longer side, m) and a kernel cutoff. */
export function farSpacingM(extentM: number, cutoffM: number): number {
  return Math.max(FAR_MIN_SPACING_M, (Math.max(0, extentM) + 2 * cutoffM) / FAR_TARGET_NODES);
}

/**
 * The plan for receptors spread over `extentM` (the longer side of their bounding box): lattice spacing from
 * {@link farSpacingM} unless `coarseM` is given; direct when the split would reach most of the cutoff.
 */
export function planDispersion(k: DispersionKernel, o: { extentM: number; coarseM?: number; widths?: number }): GridPlan {
  const G = o.coarseM ?? farSpacingM(o.extentM, k.cutoffM);
  if (!(G > 0)) throw new Error(`dispersion plan: lattice spacing must be > 0 m, got ${G}`);
  const widths = o.widths ?? (k.sectorWidthRad > 0 ? FAR_WIDTHS_ROSE : FAR_WIDTHS_EXACT);
  // Plans of a kernel are kept with it (the split tables and the far kernel's FFT are then re-used).
  let byKey = plans.get(k);
  if (!byKey) plans.set(k, (byKey = new Map()));
  const key = `${G}|${widths}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const rho1 = Math.max(3 * G, (widths * G) / k.angularScaleRad);
  const rho2 = rho1 + 3 * G;
  let plan: GridPlan;
  if (rho2 > 0.7 * k.cutoffM) plan = { near: k, far: null, coarseM: G };
  else {
    const { near, far } = splitKernel(k, rho1, rho2);
    plan = { near, far, coarseM: G };
  }
  if (byKey.size >= 4) byKey.clear();
  byKey.set(key, plan);
  return plan;
}

const plans = new WeakMap<DispersionKernel, Map<string, GridPlan>>();

/** Region [xmin, ymin, xmax, ymax] spanned by the cell centres of a grid. */
export function gridRegion(grid: GridSpec): [number, number, number, number] {
  const cs = grid.cellSizeM;
  return [grid.originX + cs / 2, grid.originY - (grid.height - 0.5) * cs, grid.originX + (grid.width - 0.5) * cs, grid.originY - cs / 2];
}

/** Bounding box of interleaved points. */
export function pointsRegion(xy: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    if (xy[i] < x0) x0 = xy[i];
    if (xy[i] > x1) x1 = xy[i];
    if (xy[i + 1] < y0) y0 = xy[i + 1];
    if (xy[i + 1] > y1) y1 = xy[i + 1];
  }
  return [x0, y0, x1, y1];
}

/** Longer side of a region (m). */
export function regionExtentM(r: [number, number, number, number]): number {
  return Math.max(r[2] - r[0], r[3] - r[1], 0);
}

/** The far field of a plan over a region (null for a direct plan). */
export function farFieldOf(src: LineSources, plan: GridPlan, region: [number, number, number, number]): FarField | null {
  return plan.far ? farFieldFFT(src, plan.far, region, plan.coarseM) : null;
}

function checkCovers(f: FarField, r: [number, number, number, number], what: string): void {
  const tol = 1e-6 * (1 + Math.abs(f.x0) + Math.abs(f.y0));
  const fx1 = f.x0 + (f.width - 1) * f.spacingM;
  const fy0 = f.y0 - (f.height - 1) * f.spacingM;
  if (r[0] < f.x0 - tol || r[2] > fx1 + tol || r[1] < fy0 - tol || r[3] > f.y0 + tol)
    throw new Error(`dispersion plan: the far field [${f.x0}, ${fy0}, ${fx1}, ${f.y0}] does not cover the ${what} [${r.join(', ')}]`);
}

/** Adds a far field to component-major values of rows [r0, r1) of a grid. */
export function addFarToGrid(f: FarField, grid: GridSpec, r0: number, r1: number, out: Float64Array): void {
  const W = grid.width;
  const cells = (r1 - r0) * W;
  const cs = grid.cellSizeM;
  for (let c = 0; c < f.components; c++)
    for (let row = r0; row < r1; row++) {
      const y = grid.originY - (row + 0.5) * cs;
      const base = c * cells + (row - r0) * W;
      for (let col = 0; col < W; col++) out[base + col] += farFieldAt(f, c, grid.originX + (col + 0.5) * cs, y);
    }
}

/**
 * Grid concentrations by a plan (same layout and band semantics as ./dispersion.ts `disperseGrid`). The far field
 * is computed over the whole grid (so bands join up exactly) unless one covering the grid is given.
 */
export function disperseGridPlan(src: LineSources, plan: GridPlan, grid: GridSpec, band: { rowStart?: number; rowEnd?: number } = {}, far?: FarField | null, cache?: NearOperatorCache): { values: Float64Array; stats: DispersionStats } {
  const receptors = { grid, rowStart: band.rowStart ?? 0, rowEnd: band.rowEnd ?? grid.height };
  const near = nearPart(src, plan.near, cache, receptors, (rec) => disperseGrid(src, plan.near, grid, band, rec), (receptors.rowEnd - receptors.rowStart) * grid.width);
  if (!plan.far) return near;
  const r0 = band.rowStart ?? 0;
  const r1 = band.rowEnd ?? grid.height;
  const region = gridRegion(grid);
  const f = far ?? farFieldOf(src, plan, region)!;
  checkCovers(f, region, 'grid');
  addFarToGrid(f, grid, r0, r1, near.values);
  return { values: near.values, stats: { ...near.stats, fftNodes: f.fftWidth * f.fftHeight } };
}

/**
 * Receptor points by a plan: the near part exactly at each point, the far part from a far field over the points'
 * bounding box (or the one given, which must cover them), interpolated bilinearly.
 */
export function dispersePointsPlan(src: LineSources, plan: GridPlan, xy: ArrayLike<number>, far?: FarField | null, cache?: NearOperatorCache): { values: Float64Array; stats: DispersionStats } {
  const n = xy.length / 2;
  const points = xy instanceof Float64Array ? xy : Float64Array.from(xy);
  const near = nearPart(src, plan.near, cache, { points }, (rec) => dispersePoints(src, plan.near, points, rec), n);
  if (!plan.far || n === 0) return near;
  const region = pointsRegion(xy);
  const f = far ?? farFieldOf(src, plan, region)!;
  checkCovers(f, region, 'points');
  for (let c = 0; c < src.components; c++) for (let i = 0; i < n; i++) near.values[c * n + i] += farFieldAt(f, c, xy[2 * i], xy[2 * i + 1]);
  return { values: near.values, stats: { ...near.stats, fftNodes: f.fftWidth * f.fftHeight } };
}

/**
 * The near part by direct evaluation, or — with a cache — by the operator recorded for the same pieces, kernel and
 * receptors (bitwise the same values, ./near-operator.ts), recording it on a miss.
 */
function nearPart(
  src: LineSources,
  k: DispersionKernel,
  cache: NearOperatorCache | undefined,
  receptors: Parameters<typeof nearOperatorKey>[2],
  direct: (rec?: NearRecorder) => { values: Float64Array; stats: DispersionStats },
  count: number,
): { values: Float64Array; stats: DispersionStats } {
  if (!cache) return direct();
  const key = nearOperatorKey(src, k, receptors);
  const op = cache.get(key);
  if (op) return { values: applyNearOperator(op, src), stats: { ...op.stats } };
  const rec = new NearRecorder(src.count, cache.maxPairs);
  const r = direct(rec);
  const recorded = rec.finish(count, r.stats);
  if (recorded) cache.set(key, recorded);
  return r;
}
