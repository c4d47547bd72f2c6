/**
 * The whole stage on the generated district: background far from roads, linearity of the traffic increment in the
 * traffic (canyons included), NO2 below NOx, determinism, and exposure consistent with the grid.
 */
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../data/sample/index.ts';
import { gridStats } from '../raster/grid.ts';
import { defaultTrafficLoad } from './default-traffic.ts';
import { RENNES_DEFAULT_ROSE, singleHour } from './meteo.ts';
import { airExposure, airExposures, airGrid, airGrids, prepareAir, toConcentration, type AirPollutant } from './model.ts';

const t = generateSample({ size: 'district', seed: 1 });
const traffic = defaultTrafficLoad(t.roads);
const params = { cutoffM: 500 };
// 1.6 km square around the centre plus a strip more than the cutoff beyond every road (x > 1300 m).
const grid = { width: 110, height: 80, cellSizeM: 20, originX: -800, originY: 800 };

function run(pollutant: AirPollutant, scale = 1, rose = RENNES_DEFAULT_ROSE, canyons = true) {
  const tr = { ...traffic, flowVehH: traffic.flowVehH.map((f) => f * scale) };
  const s = prepareAir({ territory: t, traffic: tr, pollutant, rose, params, canyons });
  return { s, g: airGrid(s, grid) };
}

describe('air stage on the sample district', () => {
  const pm = run('pm10');

  it('finds street canyons and adds them', () => {
    expect(pm.s.canyons?.count).toBeGreaterThan(10);
    expect(pm.g.canyonCells).toBeGreaterThan(0);
  });

  it('is the background beyond the cutoff and above it near roads', () => {
    const bg = pm.s.params.backgroundPm10UgM3;
    const st = gridStats(pm.g.values);
    expect(st.min).toBeGreaterThanOrEqual(bg - 1e-4);
    expect(st.max).toBeGreaterThan(bg + 0.5);
    for (let row = 0; row < grid.height; row++) for (let col = 105; col < grid.width; col++) expect(pm.g.values[row * grid.width + col]).toBe(bg);
  });

  it('doubling the traffic doubles the open-terrain increment; canyons grow less (traffic turbulence)', () => {
    const bg = pm.s.params.backgroundPm10UgM3;
    const open = run('pm10', 1, RENNES_DEFAULT_ROSE, false);
    const open2 = run('pm10', 2, RENNES_DEFAULT_ROSE, false);
    for (let i = 0; i < open.g.values.length; i++) expect(open2.g.values[i] - bg).toBeCloseTo(2 * (open.g.values[i] - bg), 4);
    expect(open2.s.totalsTonnesPerYear.pm10).toBeCloseTo(2 * open.s.totalsTonnesPerYear.pm10, 9);
    const twice = run('pm10', 2);
    let canyonCells = 0;
    for (let i = 0; i < pm.g.values.length; i++) {
      const add1 = pm.g.values[i] - open.g.values[i];
      const add2 = twice.g.values[i] - open2.g.values[i];
      if (add1 > 1e-3) {
        canyonCells++;
        expect(add2 / add1).toBeGreaterThan(1);
        expect(add2 / add1).toBeLessThan(2);
      }
    }
    expect(canyonCells).toBeGreaterThan(0);
    expect(canyonCells).toBeLessThanOrEqual(pm.g.canyonCells);
  });

  it('NO2 stays below total NOx and above its background; runs are deterministic', () => {
    const no2 = run('no2');
    const nox = run('nox');
    for (let i = 0; i < no2.g.values.length; i++) {
      expect(no2.g.values[i]).toBeLessThanOrEqual(nox.g.values[i] + 1e-3);
      expect(no2.g.values[i]).toBeGreaterThanOrEqual(no2.s.params.backgroundNo2UgM3 - 1e-4);
    }
    expect(Array.from(run('no2').g.values)).toEqual(Array.from(no2.g.values));
    const hour = run('no2', 1, singleHour(240, 1.5, 'E'));
    expect(hour.s.mode).toBe('hour');
    expect(hour.s.components).toEqual(['nox', 'no2']);
    expect(gridStats(hour.g.values).max).toBeGreaterThan(gridStats(no2.g.values).max);
  });

  it('exposure: residents at façades, above-threshold counts consistent with the building values', () => {
    const e = airExposure(pm.s);
    expect(e.inhabitants).toBeGreaterThan(1000);
    expect(e.populationWeightedMean).toBeGreaterThan(pm.s.params.backgroundPm10UgM3);
    expect(e.populationWeightedMean).toBeLessThan(gridStats(pm.g.values).max + 5);
    const who = e.above.find((a) => a.id === 'who-2021');
    let above = 0;
    for (let b = 0; b < t.buildings.count; b++) if (e.buildingUgM3[b] > 15 && t.buildings.inhabitants[b] > 0) above += t.buildings.inhabitants[b];
    expect(who?.inhabitants).toBeCloseTo(above, 6);
    const zoneTotal = e.zones.reduce((s, z) => s + z.inhabitants, 0) + e.unzonedInhabitants;
    expect(zoneTotal).toBeCloseTo(e.inhabitants, 6);
  });

  it('one pass for several pollutants gives what each gives alone (grid and residents)', () => {
    const all = prepareAir({ territory: t, traffic, pollutant: ['no2', 'pm10', 'pm25'], rose: RENNES_DEFAULT_ROSE, params });
    expect(all.components).toEqual(['nox', 'pm10', 'pm25']);
    const grids = airGrids(all, grid);
    const exposures = airExposures(all);
    for (const p of ['no2', 'pm10', 'pm25'] as const) {
      const alone = run(p);
      const g = grids.values[p]!;
      let gap = 0;
      for (let i = 0; i < g.length; i++) gap = Math.max(gap, Math.abs(g[i] - alone.g.values[i]));
      expect(gap, p).toBeLessThan(1e-4);
      expect(exposures[p]!.populationWeightedMean, p).toBeCloseTo(airExposure(alone.s).populationWeightedMean, 4);
    }
    expect(() => toConcentration(all, new Float64Array(3 * 4), 4, 'co2')).toThrow(/co2 was not prepared \(pollutants of this setup: no2, pm10, pm25\)/);
  });

  it('refuses a traffic load of another network', () => {
    expect(() => prepareAir({ territory: t, traffic: { ...traffic, linkCount: 3 }, pollutant: 'pm10', rose: RENNES_DEFAULT_ROSE })).toThrow(/traffic load has 3 links/);
    expect(() => prepareAir({ territory: t, traffic, pollutant: 'so2' as AirPollutant, rose: RENNES_DEFAULT_ROSE })).toThrow(/pollutant must be one of/);
  });
});
