/**
 * Doubly-constrained gravity model: the closed-form 2 × 2 solution, separable deterrence (T = P·A / total), the
 * cross-ratio invariant of biproportional fitting, marginals and conservation on random problems, determinism,
 * inputs untouched, clear errors; the mean distance in a square against quadrature; the Lenormand β.
 */
import { describe, expect, it } from 'vitest';
import { doublyConstrainedGravity, exponentialDeterrence, lenormandBetaPerKm, MEAN_DISTANCE_UNIT_SQUARE } from './gravity.ts';

/** Small deterministic generator (LCG, Numerical Recipes constants) for random test problems. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomProblem(Z: number, seed: number): { P: Float64Array; A: Float64Array; f: Float64Array } {
  const r = lcg(seed);
  const P = Float64Array.from({ length: Z }, () => (r() < 0.15 ? 0 : 10 + 1000 * r()));
  const A = Float64Array.from({ length: Z }, () => (r() < 0.15 ? 0 : 10 + 1000 * r()));
  const sp = P.reduce((a, b) => a + b, 0);
  const sa = A.reduce((a, b) => a + b, 0);
  for (let j = 0; j < Z; j++) A[j] *= sp / sa;
  const x = Float64Array.from({ length: Z }, () => 20 * r());
  const y = Float64Array.from({ length: Z }, () => 20 * r());
  const f = new Float64Array(Z * Z);
  for (let i = 0; i < Z; i++) for (let j = 0; j < Z; j++) f[i * Z + j] = exponentialDeterrence(i === j ? 0.5 : Math.hypot(x[i] - x[j], y[i] - y[j]), 0.3);
  return { P, A, f };
}

describe('doubly-constrained gravity (Furness)', () => {
  it('2 × 2: matches the closed form from the marginals and the cross ratio', () => {
    // P = (100, 200), A = (150, 150), f = [[1, e^-1], [e^-1, 1]]. With T11 = x: T12 = 100 − x, T21 = 150 − x,
    // T22 = 50 + x, and the model keeps T11·T22 / (T12·T21) = f11·f22 / (f12·f21) = e²:
    // (1 − k)x² + (50 + 250k)x − 15 000k = 0, k = e².
    const k = Math.E ** 2;
    const [a, b, c] = [1 - k, 50 + 250 * k, -15000 * k];
    const x = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a); // the root in (50, 100)
    expect(x).toBeGreaterThan(50);
    expect(x).toBeLessThan(100);
    const g = doublyConstrainedGravity([100, 200], [150, 150], [1, Math.exp(-1), Math.exp(-1), 1]);
    expect(g.converged).toBe(true);
    expect(g.matrix[0]).toBeCloseTo(x, 7);
    expect(g.matrix[1]).toBeCloseTo(100 - x, 7);
    expect(g.matrix[2]).toBeCloseTo(150 - x, 7);
    expect(g.matrix[3]).toBeCloseTo(50 + x, 7);
  });

  it('3 × 3 with separable deterrence f_ij = u_i·v_j: T_ij = P_i·A_j / total, whatever u and v', () => {
    const P = [30, 50, 20];
    const A = [10, 60, 30];
    const u = [1, 0.5, 2];
    const v = [0.2, 1, 3];
    const f = u.flatMap((ui) => v.map((vj) => ui * vj));
    const g = doublyConstrainedGravity(P, A, f);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(g.matrix[i * 3 + j]).toBeCloseTo((P[i] * A[j]) / 100, 9);
  });

  it('random 40 × 40: marginals to 1e-9, trips conserved, cross ratios of f kept, deterministic, inputs untouched', () => {
    const { P, A, f } = randomProblem(40, 7);
    const copies = [P.slice(), A.slice(), f.slice()];
    const g = doublyConstrainedGravity(P, A, f);
    expect(g.converged).toBe(true);
    expect(g.error).toBeLessThan(1e-9);
    expect(g.iterations).toBeGreaterThan(1);
    let total = 0;
    for (let i = 0; i < 40; i++) {
      let row = 0;
      let col = 0;
      for (let j = 0; j < 40; j++) {
        row += g.matrix[i * 40 + j];
        col += g.matrix[j * 40 + i];
      }
      total += row;
      expect(Math.abs(row - P[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, P[i]));
      expect(Math.abs(col - A[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, A[i]));
    }
    expect(total).toBeCloseTo(P.reduce((a, b) => a + b, 0), 6);
    // T_ij·T_kl / (T_il·T_kj) = f_ij·f_kl / (f_il·f_kj) on pairs with trips (the balancing factors cancel).
    const T = g.matrix;
    const rows = [...P.keys()].filter((i) => P[i] > 0);
    const cols = [...A.keys()].filter((j) => A[j] > 0);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.length).toBeLessThan(40);
    for (let q = 0; q + 1 < Math.min(rows.length, cols.length); q += 3) {
      const [i, k, j, l] = [rows[q], rows[q + 1], cols[q], cols[q + 1]];
      {
        const lhs = (T[i * 40 + j] * T[k * 40 + l]) / (T[i * 40 + l] * T[k * 40 + j]);
        const rhs = (f[i * 40 + j] * f[k * 40 + l]) / (f[i * 40 + l] * f[k * 40 + j]);
        expect(lhs / rhs).toBeCloseTo(1, 10);
      }
    }
    expect([...P]).toEqual([...copies[0]]);
    expect([...A]).toEqual([...copies[1]]);
    expect([...f]).toEqual([...copies[2]]);
    const again = doublyConstrainedGravity(P, A, f);
    expect(Buffer.from(again.matrix.buffer).equals(Buffer.from(g.matrix.buffer))).toBe(true);
  });

  it('a pair made farther gets fewer trips (impedance monotonicity)', () => {
    const { P, A, f } = randomProblem(12, 3);
    let i = 0;
    while (!(P[i] > 0)) i++;
    let j = (i + 1) % 12;
    while (!(A[j] > 0) || j === i) j = (j + 1) % 12;
    const base = doublyConstrainedGravity(P, A, f).matrix[i * 12 + j];
    const g = f.slice();
    g[i * 12 + j] *= exponentialDeterrence(2, 0.3); // 2 km more
    expect(doublyConstrainedGravity(P, A, g).matrix[i * 12 + j]).toBeLessThan(base);
    for (let d = 0; d < 30; d++) expect(exponentialDeterrence(d + 0.5, 0.3)).toBeLessThan(exponentialDeterrence(d, 0.3));
    expect(exponentialDeterrence(0, 0.3)).toBe(1);
  });

  it('zones without trips, no trips at all, and clear errors', () => {
    const g = doublyConstrainedGravity([0, 10], [10, 0], [1, 1, 1, 1]);
    expect([...g.matrix]).toEqual([0, 0, 10, 0]);
    expect([...doublyConstrainedGravity([0, 0], [0, 0], [1, 1, 1, 1]).matrix]).toEqual([0, 0, 0, 0]);
    expect(() => doublyConstrainedGravity([1, 2], [1, 1], [1, 1, 1, 1])).toThrow(/total production 3 differs from total attraction 2/);
    expect(() => doublyConstrainedGravity([1, -1], [0, 0], [1, 1, 1, 1])).toThrow(/production\[1\] must be a finite number ≥ 0, got -1/);
    expect(() => doublyConstrainedGravity([1, 1], [1, 1], [1, 1, 1])).toThrow(/deterrence has 3 values, expected 2² = 4/);
    expect(() => doublyConstrainedGravity([1, 1], [1, 1], [1, NaN, 1, 1])).toThrow(/deterrence from zone 0 to zone 1/);
    expect(() => doublyConstrainedGravity([1, 0], [0, 1], [1, 0, 1, 1])).toThrow(/zone 0 produces 1 trips but no attraction is reachable/);
  });
});

describe('geometric constants', () => {
  it('mean distance between two random points of a unit square = 0.5214054 (midpoint quadrature of its integral)', () => {
    // |x1 − x2| has density 2(1 − u) on [0, 1]: E = ∫∫ √(u² + v²)·4(1 − u)(1 − v) du dv.
    const n = 600;
    let s = 0;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        const u = (a + 0.5) / n;
        const v = (b + 0.5) / n;
        s += Math.hypot(u, v) * 4 * (1 - u) * (1 - v);
      }
    expect(s / (n * n)).toBeCloseTo(MEAN_DISTANCE_UNIT_SQUARE, 5);
    expect(MEAN_DISTANCE_UNIT_SQUARE).toBeCloseTo(0.5214054, 7);
  });

  it('Lenormand et al. β: 0.3028 per km for 1 km² units, decreasing with the unit area', () => {
    expect(lenormandBetaPerKm(1)).toBeCloseTo(0.3028016, 7);
    expect(lenormandBetaPerKm(0.64)).toBeCloseTo(0.3028016 * 0.64 ** -0.1665103, 9);
    expect(lenormandBetaPerKm(100)).toBeLessThan(lenormandBetaPerKm(1));
    expect(() => lenormandBetaPerKm(0)).toThrow(/mean zone area must be a finite number > 0/);
  });
});
