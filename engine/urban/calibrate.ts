/**
 * Calibration of the unknown-use dwelling yields (parameters unknownUseHouseYield, unknownUseCollectiveYield,
 * unknownUseLargeYield) against the households of a population grid.
 *
 * Model (people.ts): in population cell c, main residences = occupied share × [Σ known-use dwellings +
 * Σ_k yield_k × U_k,c], where U_k,c is the sum over the cell's buildings of assumed residential use and dwelling
 * class k of their dwellings before the yield ({@link knownUseDwellings}: 1 per house, living area / dwelling size
 * otherwise). With the grid's households H_c (Filosofi `men`: fiscal households = main residences), the yields are
 * the non-negative least-squares fit of H_c / occupied share − known_c = Σ_k yield_k × U_k,c over the cells kept.
 * NNLS is solved exactly: the optimum is the least-squares solution on one subset of the classes, so every subset
 * is solved and the best feasible one kept (3 classes → 8 subsets).
 *
 * Buildings are placed in the cell of their footprint centroid, as the model does. Buildings outside every cell
 * stand where the grid has no household (Filosofi publishes every 200 m cell with at least one household): they
 * are grouped into squares of the cell size, each a row with 0 households, so that yields are also fitted on
 * the activity areas without residents. `keep(x, y)` (local metres) selects the cells (by their centroid) and
 * the buildings outside cells used; those left out (e.g. a test window) give an out-of-sample check.
 */
import { featureArea, featureCentroid, type Territory } from '../territory.ts';
import { PolygonGridIndex } from '../spatial.ts';
import { residentialShare, type UrbanParams } from './params.ts';
import { assumedUseRuleSet, DWELLING_CLASSES, dwellingClass, knownUseDwellings } from './people.ts';

export interface YieldCalibration {
  /** Fitted yields by dwelling class (house, collective, large). */
  yields: Record<(typeof DWELLING_CLASSES)[number], number>;
  /** Cells used in the fit, and squares of buildings outside every cell (0 households). */
  cells: number;
  emptySquares: number;
  /** Σ households of the cells used, and Σ main residences the fitted model gives them. */
  households: number;
  fittedHouseholds: number;
  /** Per class: Σ dwellings before the yield over the cells used, and buildings. */
  units: number[];
  buildings: number[];
}

/**
 * Fits the unknown-use yields on the population cells of `t` (and the buildings outside every cell) whose centroid
 * satisfies `keep`, with the other parameters of `p` (occupied share, dwelling sizes, class thresholds). Throws
 * when nothing is kept.
 */
export function calibrateUnknownUseYields(t: Territory, p: UrbanParams, keep: (x: number, y: number) => boolean = () => true): YieldCalibration {
  const b = t.buildings;
  const pop = t.population;
  const K = DWELLING_CLASSES.length;
  const xy = [0, 0];
  const kept = Uint8Array.from({ length: pop.count }, (_, c) => (featureCentroid(pop.geometry, c, xy), keep(xy[0], xy[1]) ? 1 : 0));
  const areas = Array.from({ length: pop.count }, (_, c) => featureArea(pop.geometry, c)).sort((a, z) => a - z);
  const side = Math.sqrt(areas.length ? areas[areas.length >> 1] : 40000);
  // Rows: the kept cells, then squares of kept buildings outside every cell.
  const rowOfCell = new Int32Array(pop.count).fill(-1);
  const target: number[] = [];
  const households: number[] = [];
  const known: number[] = [];
  for (let c = 0; c < pop.count; c++) {
    if (!kept[c]) continue;
    rowOfCell[c] = target.length;
    const h = Number.isFinite(pop.households[c]) ? pop.households[c] : 0;
    households.push(h);
    target.push(h / p.occupiedDwellingShare);
    known.push(0);
  }
  const cells = target.length;
  const squares = new Map<string, number>();
  const U: number[][] = target.map(() => new Array<number>(K).fill(0));
  const units = new Array<number>(K).fill(0);
  const buildings = new Array<number>(K).fill(0);
  const index = new PolygonGridIndex(pop.geometry);
  const assumed = assumedUseRuleSet(t);
  for (let i = 0; i < b.count; i++) {
    const rs = residentialShare(b.use[i], b.floors[i]);
    if (!(rs > 0)) continue;
    featureCentroid(b.footprint, i, xy);
    const c = index.find(xy[0], xy[1]);
    let row: number;
    if (c >= 0) {
      if (!kept[c]) continue;
      row = rowOfCell[c];
    } else {
      if (!keep(xy[0], xy[1])) continue;
      const key = `${Math.floor(xy[0] / side)},${Math.floor(xy[1] / side)}`;
      let r = squares.get(key);
      if (r === undefined) {
        squares.set(key, (r = target.length));
        target.push(0);
        households.push(0);
        known.push(0);
        U.push(new Array<number>(K).fill(0));
      }
      row = r;
    }
    const d = knownUseDwellings(b.footprintAreaM2[i] * b.floors[i] * rs, b.floors[i], b.footprintAreaM2[i], p);
    if (!assumed.has(b.useRule[i])) {
      known[row] += d;
      continue;
    }
    const k = dwellingClass(b.floors[i], b.footprintAreaM2[i], p);
    U[row][k] += d;
    units[k] += d;
    buildings[k]++;
  }
  if (!target.length) throw new Error('calibrateUnknownUseYields: no population cell or building kept');
  const x = nnls(U, target.map((v, r) => v - known[r]));
  let fitted = 0;
  U.forEach((u, r) => (fitted += p.occupiedDwellingShare * (known[r] + u.reduce((s, a, k) => s + a * x[k], 0))));
  return {
    yields: { house: x[0], collective: x[1], large: x[2] }, cells, emptySquares: squares.size,
    households: households.reduce((s, h) => s + h, 0), fittedHouseholds: fitted, units, buildings,
  };
}

/** Non-negative least squares min ‖A x − y‖², x ≥ 0, by exhaustive search over the passive sets (few columns). */
export function nnls(A: number[][], y: number[]): number[] {
  const K = A[0]?.length ?? 0;
  let best: number[] = new Array<number>(K).fill(0);
  let bestR = residual(A, y, best);
  for (let mask = 1; mask < 1 << K; mask++) {
    const cols: number[] = [];
    for (let k = 0; k < K; k++) if (mask & (1 << k)) cols.push(k);
    const sol = leastSquares(A, y, cols);
    if (!sol || sol.some((v) => v < 0)) continue;
    const x = new Array<number>(K).fill(0);
    cols.forEach((k, j) => (x[k] = sol[j]));
    const r = residual(A, y, x);
    if (r < bestR) [best, bestR] = [x, r];
  }
  return best;
}

function residual(A: number[][], y: number[], x: number[]): number {
  let s = 0;
  for (let r = 0; r < A.length; r++) {
    let e = -y[r];
    for (let k = 0; k < x.length; k++) e += A[r][k] * x[k];
    s += e * e;
  }
  return s;
}

/** Least squares on columns `cols` by the normal equations (Gauss–Jordan with pivoting); null when singular. */
function leastSquares(A: number[][], y: number[], cols: number[]): number[] | null {
  const m = cols.length;
  const M = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (let r = 0; r < A.length; r++) {
    for (let i = 0; i < m; i++) {
      const ai = A[r][cols[i]];
      for (let j = 0; j < m; j++) M[i][j] += ai * A[r][cols[j]];
      M[i][m] += ai * y[r];
    }
  }
  for (let i = 0; i < m; i++) {
    let piv = i;
    for (let r = i + 1; r < m; r++) if (Math.abs(M[r][i]) > Math.abs(M[piv][i])) piv = r;
    if (!(Math.abs(M[piv][i]) > 1e-12 * Math.max(1, Math.abs(M[i][i])))) return null;
    [M[i], M[piv]] = [M[piv], M[i]];
    for (let r = 0; r < m; r++) {
      if (r === i) continue;
      const f = M[r][i] / M[i][i];
      for (let j = i; j <= m; j++) M[r][j] -= f * M[i][j];
    }
  }
  return M.map((row, i) => row[m] / row[i]);
}
