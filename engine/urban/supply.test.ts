/** 2SFCA: hand-computed cases and the conservation identities on random catchments. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../data/sample/prng.ts';
import type { CatchmentPairs } from './catchment.ts';
import { twoStepFloatingCatchment } from './supply.ts';

function pairs(lists: number[][]): CatchmentPairs {
  const pairStart = new Uint32Array(lists.length + 1);
  lists.forEach((l, j) => (pairStart[j + 1] = pairStart[j] + l.length));
  const flat = lists.flat();
  return { pairStart, pairPoint: Uint32Array.from(flat), pairDistM: new Float64Array(flat.length), pairNetwork: new Uint8Array(flat.length).fill(1) };
}

describe('two-step floating catchment', () => {
  it('one equipment of 100 places and needs 30 + 90: 25 and 75 allocated, deficit 20', () => {
    const r = twoStepFloatingCatchment([30, 90], [100], pairs([[0, 1]]));
    expect(Array.from(r.allocated)).toEqual([25, 75]);
    expect(r.attributedDemand[0]).toBe(120);
    expect(r.balance[0]).toBe(-20);
  });

  it('overlapping catchments, by hand', () => {
    // E0 (60 places) reaches points 0 and 1, E1 (20 places) reaches 1 and 2; needs 10, 20, 30.
    // R0 = 60 / 30 = 2, R1 = 20 / 50 = 0.4; A = [2, 2.4, 0.4]; allocated = [20, 48, 12] (Σ = 80 = capacity).
    const r = twoStepFloatingCatchment([10, 20, 30, 5], [60, 20], pairs([[0, 1], [1, 2]]));
    expect(Array.from(r.potentialDemand)).toEqual([30, 50]);
    expect(Array.from(r.allocated).map((v) => +v.toFixed(12))).toEqual([20, 48, 12, 0]);
    // Point 1's need 20 split 2 : 0.4 → 16.667 to E0 and 3.333 to E1; point 3 (need 5) is reached by nobody.
    expect(r.attributedDemand[0]).toBeCloseTo(10 + (20 * 2) / 2.4, 12);
    expect(r.attributedDemand[1]).toBeCloseTo((20 * 0.4) / 2.4 + 30, 12);
    expect(Array.from(r.reachedPoint)).toEqual([1, 1, 1, 0]);
  });

  it('splits need evenly between equipment of zero capacity', () => {
    const r = twoStepFloatingCatchment([12], [0, 0], pairs([[0], [0]]));
    expect(Array.from(r.attributedDemand)).toEqual([6, 6]);
    expect(r.allocated[0]).toBe(0);
  });

  it('conserves supply and need on random catchments', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const P = rng.int(1, 40);
      const E = rng.int(1, 8);
      const need = Array.from({ length: P }, () => (rng.chance(0.2) ? 0 : rng.range(0, 10)));
      const cap = Array.from({ length: E }, () => rng.range(0, 50));
      const lists = Array.from({ length: E }, () => Array.from({ length: P }, (_, i) => i).filter(() => rng.chance(0.4)));
      const r = twoStepFloatingCatchment(need, cap, pairs(lists));
      const withDemand = cap.reduce((s, c, j) => s + (r.potentialDemand[j] > 0 ? c : 0), 0);
      const reachedNeed = need.reduce((s, v, i) => s + (r.reachedPoint[i] ? v : 0), 0);
      expect(r.allocated.reduce((a, b) => a + b, 0)).toBeCloseTo(withDemand, 9);
      expect(r.attributedDemand.reduce((a, b) => a + b, 0)).toBeCloseTo(reachedNeed, 9);
    }
  });
});
