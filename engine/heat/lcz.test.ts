/**
 * LCZ classification against the published property ranges (Stewart & Oke 2012 table 3 as encoded by
 * GeoClimate, table 4 for anthropogenic heat) and GeoClimate's rural decision tree.
 */
import { describe, expect, it } from 'vitest';
import { LCZ_RANGES, classifyLcz, nearestBuiltLcz, type LczCell } from './lcz.ts';

/**
 * Anthropogenic heat output mid-ranges (W/m²), Stewart & Oke (2012) table 4: 1: 50–300, 2 and 3: < 75, 4: < 50,
 * 5 and 6: < 25, 7: < 35, 8: < 50, 9: < 10, 10: > 300 (open bound → 1.5 × the bound).
 */
const QF_MID: Record<number, number> = { 1: 175, 2: 37.5, 3: 37.5, 4: 25, 5: 12.5, 6: 12.5, 7: 17.5, 8: 25, 9: 5, 10: 450 };

/** Middle of a range; an open upper bound is taken as 1.5 × the lower bound (e.g. H/W > 2 → 3, H > 25 m → 37.5 m). */
const mid = ([lo, hi]: readonly [number | null, number | null]): number => (hi === null ? 1.5 * (lo as number) : ((lo ?? 0) + hi) / 2);

function middleCell(code: number): LczCell {
  const r = LCZ_RANGES[code];
  const pervious = mid(r[4]);
  return {
    skyViewFactor: mid(r[0]),
    aspectRatio: mid(r[1]),
    buildingFraction: mid(r[2]),
    imperviousFraction: mid(r[3]),
    perviousFraction: pervious,
    heightM: mid(r[5]),
    treeFraction: 0,
    treeOverImperviousFraction: 0,
    vegetationFraction: pervious,
    waterFraction: 0,
    anthropogenicWm2: QF_MID[code],
  };
}

describe('LCZ classification', () => {
  it('classifies a synthetic cell in the middle of each built LCZ range as that LCZ (all 10 built types)', () => {
    for (let code = 1; code <= 10; code++) expect({ code, got: classifyLcz(middleCell(code)) }).toEqual({ code, got: code });
  });

  it('keeps each middle cell in its type when every property moves a quarter of the way to a bound', () => {
    for (let code = 1; code <= 9; code++) {
      const r = LCZ_RANGES[code];
      const c = middleCell(code);
      const q = (i: number): number => {
        const [lo, hi] = r[i];
        return hi === null ? 1.25 * (lo as number) : (lo ?? 0) + ((hi - (lo ?? 0)) * 3) / 8;
      };
      const shifted = { ...c, skyViewFactor: q(0), aspectRatio: q(1), buildingFraction: q(2), imperviousFraction: q(3), perviousFraction: q(4), heightM: q(5) };
      expect({ code, got: classifyLcz(shifted) }).toEqual({ code, got: code });
    }
  });

  it('takes the nearest range outside all ranges, in normalised units', () => {
    // Compact midrise with a slightly too low SVF and too tall buildings: still LCZ 2.
    expect(nearestBuiltLcz([0.28, 1.4, 0.55, 0.4, 0.1, 26])).toBe(2);
    // Very tall, very dense: LCZ 1.
    expect(nearestBuiltLcz([0.15, 3.5, 0.55, 0.45, 0.05, 60])).toBe(1);
    // Detached houses with gardens: LCZ 6.
    expect(nearestBuiltLcz([0.8, 0.45, 0.25, 0.3, 0.45, 6])).toBe(6);
  });

  it('follows the rural decision tree of GeoClimate', () => {
    const rural = { skyViewFactor: 1, aspectRatio: 0, buildingFraction: 0, heightM: 0, treeOverImperviousFraction: 0 };
    expect(classifyLcz({ ...rural, imperviousFraction: 0.9, perviousFraction: 0.1, treeFraction: 0, vegetationFraction: 0.1, waterFraction: 0 })).toBe(15); // E paved
    expect(classifyLcz({ ...rural, imperviousFraction: 0, perviousFraction: 1, treeFraction: 0, vegetationFraction: 0.2, waterFraction: 0.8 })).toBe(17); // G water
    expect(classifyLcz({ ...rural, imperviousFraction: 0, perviousFraction: 1, treeFraction: 0.02, vegetationFraction: 1, waterFraction: 0 })).toBe(14); // D low plants
    expect(classifyLcz({ ...rural, imperviousFraction: 0, perviousFraction: 1, treeFraction: 0.4, vegetationFraction: 1, waterFraction: 0 })).toBe(12); // B scattered trees
    expect(classifyLcz({ ...rural, imperviousFraction: 0, perviousFraction: 1, treeFraction: 0.9, vegetationFraction: 1, waterFraction: 0 })).toBe(11); // A dense trees
    // Street trees over a paved square: trees take precedence over paving, so the square reads as B, not E.
    expect(classifyLcz({ ...rural, imperviousFraction: 0.8, perviousFraction: 0.2, treeFraction: 0.4, treeOverImperviousFraction: 0.4, vegetationFraction: 0.6, waterFraction: 0 })).toBe(12);
  });

  it('applies the large low-rise typology rule and the heavy-industry heat rule', () => {
    const boxes: LczCell = { skyViewFactor: 0.85, aspectRatio: 0.2, buildingFraction: 0.4, imperviousFraction: 0.5, perviousFraction: 0.1, heightM: 8, treeFraction: 0, treeOverImperviousFraction: 0, vegetationFraction: 0.1, waterFraction: 0, lowRiseUseFraction: 0.38, residentialUseFraction: 0.02, meanFloors: 1 };
    expect(classifyLcz(boxes)).toBe(8);
    // Housing instead of warehouses: classified on geometry alone (here inside every range of LCZ 6).
    expect(classifyLcz({ ...boxes, lowRiseUseFraction: 0.02, residentialUseFraction: 0.38, skyViewFactor: 0.6, aspectRatio: 0.6, buildingFraction: 0.3, perviousFraction: 0.3, vegetationFraction: 0.3 })).toBe(6);
    expect(classifyLcz({ ...boxes, lowRiseUseFraction: 0, anthropogenicWm2: 350 })).toBe(10);
  });

  it('returns 0 (no data) when a property is not finite', () => {
    expect(classifyLcz({ ...middleCell(2), skyViewFactor: NaN })).toBe(0);
  });
});
