/**
 * Trip distribution: the doubly-constrained gravity model balanced by the Furness method, its deterrence function
 * and the geometric constants it needs.
 *
 * Doubly-constrained gravity model (Wilson 1967, *A statistical theory of spatial distribution models*,
 * Transportation Research 1(3); Ortúzar & Willumsen, *Modelling Transport*, chapter on trip distribution):
 *
 *   T_ij = a_i · b_j · P_i · A_j · f(c_ij),   Σ_j T_ij = P_i,   Σ_i T_ij = A_j   (Σ P = Σ A)
 *
 * The balancing factors are found by the Furness (1965) iterations, i.e. iterative proportional fitting: alternately
 * a_i = 1 / Σ_j b_j A_j f_ij (rows exact) and b_j = 1 / Σ_i a_i P_i f_ij (columns exact). With f > 0 the iteration
 * converges to the unique solution (Sinkhorn 1964; Bregman 1967). The convergence error reported is the largest
 * relative row error after a column update (the columns are then exact).
 */
import * as dmath from '../math/dmath.ts';

/**
 * Mean distance between two points drawn uniformly in a square of side 1:
 * (2 + √2 + 5·ln(1 + √2)) / 15 ≈ 0.5214054 (Ghosh 1951, *Random distances within a rectangle and between two
 * rectangles*, Bull. Calcutta Math. Soc. 43). Used for the internal distance of a zone cell.
 */
export const MEAN_DISTANCE_UNIT_SQUARE = (2 + Math.SQRT2 + 5 * dmath.log(1 + Math.SQRT2)) / 15;

/**
 * Distance-decay parameter β (per km) of the normalised gravity law with exponential deterrence exp(−β·d) fitted on
 * commuting flows, as a function of the mean area S (km²) of the spatial units: β = 0.3028 · S^−0.1665
 * (Lenormand, Bassolas & Ramasco 2016, *Systematic comparison of trip distribution laws and models*, Journal of
 * Transport Geography 51, 158–169, Fig. 8; coefficients as published in their R package TDLM, `calib_param`).
 * Their fit covers units of a few km² upwards; below that it is an extrapolation.
 */
export function lenormandBetaPerKm(meanAreaKm2: number): number {
  if (!(meanAreaKm2 > 0) || !Number.isFinite(meanAreaKm2)) throw new Error(`gravity: mean zone area must be a finite number > 0 km², got ${meanAreaKm2}`);
  return 0.3028016 * dmath.pow(meanAreaKm2, -0.1665103);
}

/** Exponential deterrence f(d) = exp(−β·d), d in km, β per km (≥ 0): 1 at d = 0, strictly decreasing when β > 0. */
export function exponentialDeterrence(distanceKm: number, betaPerKm: number): number {
  return dmath.exp(-betaPerKm * distanceKm);
}

export interface FurnessOptions {
  /** Stop when the largest relative row error is at most this (default 1e-9). */
  tolerance?: number;
  /** Default 500. */
  maxIterations?: number;
}

export interface GravityResult {
  /** Row-major Z × Z matrix T_ij (origin rows). */
  matrix: Float64Array;
  /** Balancing factors a_i (rows) and b_j (columns); 0 for zones without trips. */
  rowFactor: Float64Array;
  colFactor: Float64Array;
  /** Furness iterations done (one = a row update and a column update). */
  iterations: number;
  /** Largest relative marginal error max(|Σ_j T_ij − P_i| / P_i, |Σ_i T_ij − A_j| / A_j) at the end. */
  error: number;
  converged: boolean;
}

function check(name: string, v: ArrayLike<number>, n: number): number {
  if (v.length !== n) throw new Error(`gravity: ${name} has ${v.length} values, expected ${n}`);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!(v[i] >= 0) || !Number.isFinite(v[i])) throw new Error(`gravity: ${name}[${i}] must be a finite number ≥ 0, got ${v[i]}`);
    s += v[i];
  }
  return s;
}

/**
 * Doubly-constrained gravity model with Furness balancing. `deterrence` is the row-major Z × Z matrix f(c_ij) (> 0
 * wherever both ends have trips). Σ P must equal Σ A (within 1e-9 relative). Inputs are not modified.
 */
export function doublyConstrainedGravity(production: ArrayLike<number>, attraction: ArrayLike<number>, deterrence: ArrayLike<number>, options: FurnessOptions = {}): GravityResult {
  const Z = production.length;
  const sp = check('production', production, Z);
  const sa = check('attraction', attraction, Z);
  if (deterrence.length !== Z * Z) throw new Error(`gravity: deterrence has ${deterrence.length} values, expected ${Z}² = ${Z * Z}`);
  if (Math.abs(sp - sa) > 1e-9 * Math.max(sp, sa)) throw new Error(`gravity: total production ${sp} differs from total attraction ${sa}`);
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 500;
  const a = new Float64Array(Z);
  const b = new Float64Array(Z);
  for (let j = 0; j < Z; j++) b[j] = attraction[j] > 0 ? 1 : 0;
  for (let i = 0; i < Z; i++)
    for (let j = 0; j < Z; j++) {
      const f = deterrence[i * Z + j];
      if (!(f >= 0) || !Number.isFinite(f)) throw new Error(`gravity: deterrence from zone ${i} to zone ${j} must be a finite number ≥ 0, got ${f}`);
    }
  const colSum = new Float64Array(Z);
  let iterations = 0;
  let error = Infinity;
  const rowError = (): number => {
    // Row sums with the current factors: R_i = a_i P_i Σ_j b_j A_j f_ij.
    let e = 0;
    for (let i = 0; i < Z; i++) {
      if (!(production[i] > 0)) continue;
      let s = 0;
      const r = i * Z;
      for (let j = 0; j < Z; j++) s += b[j] * attraction[j] * deterrence[r + j];
      e = Math.max(e, Math.abs(a[i] * s - 1));
    }
    return e;
  };
  if (sp > 0) {
    while (iterations < maxIterations) {
      iterations++;
      for (let i = 0; i < Z; i++) {
        if (!(production[i] > 0)) {
          a[i] = 0;
          continue;
        }
        let s = 0;
        const r = i * Z;
        for (let j = 0; j < Z; j++) s += b[j] * attraction[j] * deterrence[r + j];
        if (!(s > 0)) throw new Error(`gravity: zone ${i} produces ${production[i]} trips but no attraction is reachable from it (deterrence 0 to every attracting zone)`);
        a[i] = 1 / s;
      }
      colSum.fill(0);
      for (let i = 0; i < Z; i++) {
        const w = a[i] * production[i];
        if (w === 0) continue;
        const r = i * Z;
        for (let j = 0; j < Z; j++) colSum[j] += w * deterrence[r + j];
      }
      for (let j = 0; j < Z; j++) {
        if (!(attraction[j] > 0)) continue;
        if (!(colSum[j] > 0)) throw new Error(`gravity: zone ${j} attracts ${attraction[j]} trips but no production reaches it (deterrence 0 from every producing zone)`);
        b[j] = 1 / colSum[j];
      }
      error = rowError();
      if (error <= tolerance) break;
    }
  } else error = 0;
  const matrix = new Float64Array(Z * Z);
  for (let i = 0; i < Z; i++) {
    const w = a[i] * production[i];
    if (w === 0) continue;
    const r = i * Z;
    for (let j = 0; j < Z; j++) matrix[r + j] = w * b[j] * attraction[j] * deterrence[r + j];
  }
  const converged = error <= tolerance;
  // Reported error measured on the matrix itself, rows and columns.
  const rows = new Float64Array(Z);
  colSum.fill(0);
  for (let i = 0; i < Z; i++)
    for (let j = 0; j < Z; j++) {
      rows[i] += matrix[i * Z + j];
      colSum[j] += matrix[i * Z + j];
    }
  error = 0;
  for (let i = 0; i < Z; i++) {
    if (production[i] > 0) error = Math.max(error, Math.abs(rows[i] - production[i]) / production[i]);
    if (attraction[i] > 0) error = Math.max(error, Math.abs(colSum[i] - attraction[i]) / attraction[i]);
  }
  return { matrix, rowFactor: a, colFactor: b, iterations, error, converged };
}
