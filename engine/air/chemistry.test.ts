/** NO2 conversions by hand, the wind rose's documented shape, and the parameter table's bounds. */
import { describe, expect, it } from 'vitest';
import { annualNo2FromNox, BACHLIN_2008, hourlyNo2OzoneLimited, ROMBERG_1996 } from './chemistry.ts';
import { collapseRose, RENNES_DEFAULT_ROSE, singleHour, validateWindRose } from './meteo.ts';
import { AIR_PARAMETERS, defaultAirParameters, validateAirParameters } from './params.ts';

describe('NO2 from NOx', () => {
  it('annual means: Bächlin et al. 2008 and Romberg et al. 1996 by hand', () => {
    expect(annualNo2FromNox(100)).toBeCloseTo((29 * 100) / 135 + 21.7, 10);
    expect(annualNo2FromNox(100, ROMBERG_1996)).toBeCloseTo((103 * 100) / 230 + 0.5, 10);
    expect(annualNo2FromNox(0)).toBe(0);
    // NO2 grows with NOx but never exceeds it.
    let prev = 0;
    for (let nox = 5; nox <= 400; nox += 5) {
      const no2 = annualNo2FromNox(nox, BACHLIN_2008);
      expect(no2).toBeGreaterThan(prev);
      expect(no2).toBeLessThan(nox);
      prev = no2;
    }
    expect(annualNo2FromNox(-1)).toBeNaN();
  });

  it('one hour: ozone limits the conversion of NO', () => {
    // Plenty of ozone: all NOx ends as NO2.
    expect(hourlyNo2OzoneLimited(40, 0.1, 200, 10)).toBeCloseTo(10 + 40, 10);
    // Little ozone: primary NO2 + 46/48 of the ozone.
    expect(hourlyNo2OzoneLimited(300, 0.1, 48, 10)).toBeCloseTo(10 + 30 + 46, 10);
    expect(hourlyNo2OzoneLimited(0, 0.1, 60, 12)).toBe(12);
    expect(hourlyNo2OzoneLimited(10, 1.5, 60, 12)).toBeNaN();
  });
});

describe('wind rose', () => {
  it('the Rennes default has its documented shape', () => {
    const r = RENNES_DEFAULT_ROSE;
    expect(() => validateWindRose(r)).not.toThrow();
    let mean = 0;
    let d = 0;
    let sw = 0;
    for (const c of r.conditions) {
      mean += c.frequency * c.speedMS;
      if (c.stability === 'D') d += c.frequency;
      if (c.fromDeg >= 210 && c.fromDeg <= 270) sw += c.frequency;
    }
    expect(mean).toBeCloseTo(0.3 * 1.5 + 0.45 * 3.5 + 0.25 * 6.5, 10);
    expect(d).toBeCloseTo(0.3 * 0.35 + 0.45 * 0.55 + 0.25 * 0.9, 10);
    expect(sw).toBeCloseTo(0.38, 10); // 13 + 14 + 11 % from south-west to west
  });

  it('collapses speeds into Σ f/u and spreads sectors', () => {
    const c = collapseRose(RENNES_DEFAULT_ROSE, 1, 1);
    let total = 0;
    for (const w of c.weight) for (const v of w) total += v;
    let expected = 0;
    for (const k of RENNES_DEFAULT_ROSE.conditions) expected += k.frequency / Math.max(1, k.speedMS);
    expect(total).toBeCloseTo(expected, 12);
    expect(c.angle.length).toBe(360);
    const h = collapseRose(singleHour(270, 0.4, 'F'), 1);
    expect(Array.from(h.angle)).toEqual([0]); // from the west: blowing east
    expect(h.weight[5][0]).toBe(1); // calm raised to 1 m/s
  });

  it('names the faulty condition', () => {
    expect(() => singleHour(270, 2, 'G')).toThrow(/stability class/);
    expect(() => validateWindRose({ name: 'r', source: '', sectorWidthDeg: 30, conditions: [{ fromDeg: 0, speedMS: 2, stability: 'D', frequency: 0.5 }] })).toThrow(/frequencies sum to 0\.5/);
    expect(() => validateWindRose({ name: 'r', source: '', sectorWidthDeg: 30, conditions: [{ fromDeg: 0, speedMS: -2, stability: 'D', frequency: 1 }] })).toThrow(/condition 0: speedMS/);
  });
});

describe('parameters', () => {
  it('defaults lie within their bounds and bad values are named', () => {
    for (const [k, p] of Object.entries(AIR_PARAMETERS)) {
      expect(p.value, k).toBeGreaterThanOrEqual(p.min);
      expect(p.value, k).toBeLessThanOrEqual(p.max);
      expect(p.source.length, k).toBeGreaterThan(0);
    }
    expect(validateAirParameters({ cutoffM: 500 }).cutoffM).toBe(500);
    expect(validateAirParameters({}).backgroundNo2UgM3).toBe(defaultAirParameters().backgroundNo2UgM3);
    expect(() => validateAirParameters({ cutoffM: 50 })).toThrow(/cutoffM must be a number in \[100, 5000\]/);
    expect(() => validateAirParameters({ nope: 1 } as never)).toThrow(/unknown parameter "nope"/);
  });
});
