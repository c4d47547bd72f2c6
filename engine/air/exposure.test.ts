/** Exposure on the tiny hand-made territory: façade receptors, building means, zone means and thresholds by hand. */
import { describe, expect, it } from 'vitest';
import { tinyTerritory } from '../../data/test-fixtures.ts';
import { pointInFeature } from '../territory.ts';
import { buildingMeans, exposureIndicators, facadeReceptors, DEFAULT_FACADES } from './exposure.ts';
import { AIR_THRESHOLDS } from './params.ts';

describe('exposure', () => {
  const { territory: t } = tinyTerritory();
  const bl = t.buildings;

  it('places one receptor 1 m outside the middle of each façade', () => {
    const f = facadeReceptors(bl, { ...DEFAULT_FACADES, inhabitedOnly: false });
    // b0 is the 10 × 10 m square at (10, 10): receptors at the four edge midpoints, 1 m out.
    const mine: Array<[number, number]> = [];
    for (let i = 0; i < f.count; i++) if (f.building[i] === 0) mine.push([f.xy[2 * i], f.xy[2 * i + 1]]);
    expect(mine.map(([x, y]) => `${x},${y}`).sort()).toEqual(['15,21', '15,9', '21,15', '9,15']);
    for (let i = 0; i < f.count; i++) expect(pointInFeature(bl.footprint, f.building[i], f.xy[2 * i], f.xy[2 * i + 1])).toBe(false);
    // Inhabited buildings only by default.
    const inhabited = facadeReceptors(bl);
    for (let i = 0; i < inhabited.count; i++) expect(bl.inhabitants[inhabited.building[i]]).toBeGreaterThan(0);
  });

  it('weights façades by length', () => {
    const f = { count: 3, xy: new Float64Array(6), building: Uint32Array.from([0, 0, 1]), weight: Float64Array.from([10, 30, 5]) };
    const m = buildingMeans(f, [20, 40, 7], 3);
    expect(m[0]).toBeCloseTo((10 * 20 + 30 * 40) / 40, 12);
    expect(m[1]).toBe(7);
    expect(m[2]).toBeNaN();
  });

  it('population-weighted means per zone and people above thresholds, by hand', () => {
    const conc = [30, 50, 12, 8];
    const inh = Array.from(bl.inhabitants);
    const e = exposureIndicators(bl, t.population, conc, 'no2', AIR_THRESHOLDS);
    const people = inh.map((v) => (v > 0 ? v : 0));
    const total = people.reduce((a, b) => a + b, 0);
    expect(e.inhabitants).toBeCloseTo(total, 9);
    expect(e.populationWeightedMean).toBeCloseTo(people.reduce((s, p, i) => s + p * conc[i], 0) / total, 9);
    // Zone A (cell 0) holds b0 and b1.
    const zoneA = e.zones.find((z) => z.zone === 0);
    expect(zoneA?.meanUgM3).toBeCloseTo((people[0] * 30 + people[1] * 50) / (people[0] + people[1]), 9);
    expect(e.unzonedInhabitants).toBeCloseTo(people[3], 9);
    const above = (limit: number): number => people.reduce((s, p, i) => s + (conc[i] > limit ? p : 0), 0);
    expect(e.above.map((a) => a.inhabitants)).toEqual([above(40), above(20), above(10)].map((v) => expect.closeTo(v, 9)));
    expect(e.above[0].thresholdUgM3).toBe(40);
    // No thresholds for NOx or CO2.
    expect(exposureIndicators(bl, t.population, conc, 'co2', AIR_THRESHOLDS).above).toEqual([]);
  });
});
