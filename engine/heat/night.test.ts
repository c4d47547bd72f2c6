/** The night relations against Oke (1981) values computed by hand and the limits of their modulations. */
import { describe, expect, it } from 'vitest';
import { anthropogenicFactor, okeAspectRatioUhi, okeSkyViewUhi, vegetationFactor, windFactor } from './night.ts';

describe('night-time UHI relations', () => {
  it("gives Oke's (1981) canyon maxima: 7.45 + 3.97 ln(H/W)", () => {
    // By hand: 7.45 − 3.97·0.693147 = 4.6982; 7.45; 7.45 + 2.7518 = 10.2018; H/W = 4: 12.9536.
    expect(okeAspectRatioUhi(0.5)).toBeCloseTo(4.6982, 3);
    expect(okeAspectRatioUhi(1)).toBeCloseTo(7.45, 6);
    expect(okeAspectRatioUhi(2)).toBeCloseTo(10.2018, 3);
    expect(okeAspectRatioUhi(4)).toBeCloseTo(12.9536, 3);
    // Beyond the measured range the value is held, and open ground (H/W → 0) gives 0, never a negative UHI.
    expect(okeAspectRatioUhi(8)).toBeCloseTo(okeAspectRatioUhi(4), 9);
    expect(okeAspectRatioUhi(0)).toBe(0);
    expect(okeAspectRatioUhi(0.1)).toBe(0);
    expect(okeAspectRatioUhi(0.16)).toBeGreaterThan(0);
  });

  it("gives Oke's sky-view-factor form: 10–12 K at ψ = 0.3, about 3 K at ψ = 0.8–0.9", () => {
    expect(okeSkyViewUhi(0.3)).toBeCloseTo(15.27 - 13.88 * 0.3, 9);
    expect(okeSkyViewUhi(0.3)).toBeGreaterThan(10);
    expect(okeSkyViewUhi(0.3)).toBeLessThan(12);
    expect(okeSkyViewUhi(0.85)).toBeGreaterThan(2.5);
    expect(okeSkyViewUhi(0.85)).toBeLessThan(4);
  });

  it('modulations: vegetation cools, wind cools, anthropogenic heat warms; the rural limit is 0', () => {
    expect(vegetationFactor(0.5, 0)).toBe(1);
    expect(vegetationFactor(1, 1)).toBe(0);
    let prev = Infinity;
    for (const f of [0, 0.1, 0.3, 0.6, 0.9]) {
      const v = vegetationFactor(0.6, f);
      expect(v).toBeLessThan(prev);
      prev = v;
    }
    // Theeuwes et al. (2017): (2 − SVF − f) / (2 − SVF) = (2 − 0.6 − 0.3) / 1.4.
    expect(vegetationFactor(0.6, 0.3)).toBeCloseTo(1.1 / 1.4, 12);
    expect(windFactor(0.5, 1)).toBe(1);
    expect(windFactor(16, 1)).toBeCloseTo(0.5, 12); // (1/16)^¼
    expect(windFactor(4, 1)).toBeGreaterThan(windFactor(8, 1));
    expect(anthropogenicFactor(0, 250)).toBe(1);
    expect(anthropogenicFactor(250 * 15, 250)).toBeCloseTo(2, 12); // (16)^¼
    expect(anthropogenicFactor(50, 250)).toBeGreaterThan(anthropogenicFactor(20, 250));
  });
});
