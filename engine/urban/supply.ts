/**
 * Needs against the capacity of equipment within catchments: the two-step floating catchment area method
 * (2SFCA; Luo & Wang 2003, "Measures of spatial accessibility to health care in a GIS environment", Environment
 * and Planning B 30(6); the basis of the French "accessibilité potentielle localisée" of DREES/IRDES).
 *
 * 1. Each equipment j: demand in its catchment D_j = Σ_{i ∈ C_j} need_i, ratio R_j = S_j / D_j.
 * 2. Each demand point i: places available A_i = Σ_{j ∋ i} R_j; allocated places need_i × A_i.
 * The allocation conserves supply: Σ_i need_i × A_i = Σ_{j: D_j > 0} S_j. Per equipment, the need of i is
 * attributed to the equipment reaching it in proportion to R_j (a point reached only by equipment of zero capacity
 * splits its need evenly among them), so Σ_j attributed = Σ of the need that some equipment reaches, and the
 * balance of equipment j is S_j − attributed_j (> 0 surplus, < 0 deficit). Need that no catchment reaches is a
 * deficit of its zone, attributed to no equipment.
 */
import type { CatchmentPairs } from './catchment.ts';

export interface SupplyResult {
  /** Per equipment: demand within the catchment (counted once per equipment reaching it). */
  potentialDemand: Float64Array;
  /** Per equipment: need attributed to it (sums to the reached need). */
  attributedDemand: Float64Array;
  /** Per equipment: capacity − attributed demand. */
  balance: Float64Array;
  /** Per equipment: demand points reached, and how many of them along the network. */
  reached: Uint32Array;
  reachedNetwork: Uint32Array;
  /** Per demand point: places allocated (need × Σ R_j), and 1 when some equipment reaches it. */
  allocated: Float64Array;
  reachedPoint: Uint8Array;
}

/** Demand within each equipment's catchment. */
export function potentialDemand(need: ArrayLike<number>, pairs: CatchmentPairs): Float64Array {
  const E = pairs.pairStart.length - 1;
  const D = new Float64Array(E);
  for (let j = 0; j < E; j++) for (let k = pairs.pairStart[j]; k < pairs.pairStart[j + 1]; k++) D[j] += need[pairs.pairPoint[k]];
  return D;
}

export function twoStepFloatingCatchment(need: ArrayLike<number>, capacity: ArrayLike<number>, pairs: CatchmentPairs): SupplyResult {
  const E = pairs.pairStart.length - 1;
  const P = need.length;
  const D = potentialDemand(need, pairs);
  const R = new Float64Array(E);
  for (let j = 0; j < E; j++) R[j] = D[j] > 0 ? capacity[j] / D[j] : 0;
  const A = new Float64Array(P);
  const reachCount = new Uint32Array(P);
  const reached = new Uint32Array(E);
  const reachedNetwork = new Uint32Array(E);
  for (let j = 0; j < E; j++)
    for (let k = pairs.pairStart[j]; k < pairs.pairStart[j + 1]; k++) {
      const i = pairs.pairPoint[k];
      A[i] += R[j];
      reachCount[i]++;
      reached[j]++;
      reachedNetwork[j] += pairs.pairNetwork[k];
    }
  const allocated = new Float64Array(P);
  const reachedPoint = new Uint8Array(P);
  for (let i = 0; i < P; i++) {
    allocated[i] = need[i] * A[i];
    reachedPoint[i] = reachCount[i] > 0 ? 1 : 0;
  }
  const attributed = new Float64Array(E);
  for (let j = 0; j < E; j++)
    for (let k = pairs.pairStart[j]; k < pairs.pairStart[j + 1]; k++) {
      const i = pairs.pairPoint[k];
      attributed[j] += A[i] > 0 ? (need[i] * R[j]) / A[i] : need[i] / reachCount[i];
    }
  const balance = new Float64Array(E);
  for (let j = 0; j < E; j++) balance[j] = capacity[j] - attributed[j];
  return { potentialDemand: D, attributedDemand: attributed, balance, reached, reachedNetwork, allocated, reachedPoint };
}
