/** Age bands ↔ single years: Filosofi children by hand (¾ of ind_0_3 are 0–2), round trips, national fallback. */
import { describe, expect, it } from 'vitest';
import type { Population } from '../territory.ts';
import { cellAgeProfiles, FILOSOFI_AGE_BANDS, FRANCE_AGE_SHARES_PCT, fromSingleYears, MAX_AGE, sumAges, toSingleYears } from './ages.ts';

describe('age structure', () => {
  it('takes 0–2 as ¾ of ind_0_3, 3–5 as ¼ ind_0_3 + ind_4_5 and 6–10 as ind_6_10', () => {
    const counts = [40, 20, 50, 70, 60, 100, 100, 60, 50, 30];
    const y = toSingleYears(counts, FILOSOFI_AGE_BANDS);
    expect(sumAges(y, 0, 2)).toBeCloseTo(30, 12);
    expect(sumAges(y, 3, 5)).toBeCloseTo(10 + 20, 12);
    expect(sumAges(y, 6, 10)).toBeCloseTo(50, 12);
    expect(sumAges(y, 80, MAX_AGE)).toBeCloseTo(30, 12);
    expect(sumAges(y, 0, MAX_AGE)).toBeCloseTo(580, 9);
    expect(Array.from(fromSingleYears(y, FILOSOFI_AGE_BANDS))).toEqual(counts.map((c) => expect.closeTo(c, 9)));
  });

  it('re-bins between band layouts conserving the total', () => {
    const y = toSingleYears([10, 20], [{ id: 'young', minAge: 0, maxAge: 9 }, { id: 'old', minAge: 10, maxAge: Infinity }]);
    const b = fromSingleYears(y, [{ id: 'a', minAge: 0, maxAge: 4 }, { id: 'b', minAge: 5, maxAge: 19 }, { id: 'c', minAge: 20, maxAge: Infinity }]);
    expect(b[0]).toBeCloseTo(5, 12);
    expect(b[1]).toBeCloseTo(5 + (20 * 10) / 90, 12);
    expect(b[0] + b[1] + b[2]).toBeCloseTo(30, 12);
  });

  it('uses the cell profile when the cell has age data, the national one otherwise', () => {
    const pop = {
      count: 3, ageBands: FILOSOFI_AGE_BANDS,
      ageCounts: Float64Array.from([...[4, 0, 0, 0, 0, 0, 0, 0, 0, 0], ...new Array(10).fill(NaN), ...new Array(10).fill(0)]),
    } as unknown as Population;
    const p = cellAgeProfiles(pop);
    expect(Array.from(p.fromCell)).toEqual([1, 0, 0]);
    const Y = MAX_AGE + 1;
    expect(sumAges(p.shares.subarray(0, Y), 0, 2)).toBeCloseTo(0.75, 12);
    expect(sumAges(p.shares.subarray(Y, 2 * Y), 0, 2)).toBeCloseTo((0.75 * FRANCE_AGE_SHARES_PCT[0]) / FRANCE_AGE_SHARES_PCT.reduce((a, b) => a + b, 0), 12);
    expect(sumAges(p.national, 0, MAX_AGE)).toBeCloseTo(1, 12);
  });
});
