/**
 * Sun hours against analytic day lengths (sunrise hour angle of spherical astronomy, with Spencer's 1971
 * declination — independent of SPA), a wall that hides the winter sun, façades facing each way, and a scene
 * rotated together with the sun.
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate, sunPositionsForDay } from '../solar/sun-path.ts';
import { createGrid, rotateGridClockwise } from './grid.ts';
import { rasterizeBuildings } from './rasterize.ts';
import { sampleFacades, sunHours } from './sunhours.ts';
import { buildingsFromRings, rectRing, syntheticCityDsm } from './synthetic.ts';

const PARIS = { lat: 48.8566, lon: 2.3522 };
const STEP_H = 0.25;

/** Day length (h) for a sun centre at apparent elevation 0 (geometric −0.5667°): cos ω0 formula, Spencer δ. */
function analyticDayLengthH(date: string, latDeg: number): number {
  const t = new Date(`${date}T12:00:00Z`);
  const n = Math.round((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86400000) + 1;
  const g = (2 * Math.PI * (n - 1)) / 365;
  const d = 0.006918 - 0.399912 * Math.cos(g) + 0.070257 * Math.sin(g) - 0.006758 * Math.cos(2 * g) + 0.000907 * Math.sin(2 * g) - 0.002697 * Math.cos(3 * g) + 0.00148 * Math.sin(3 * g);
  const phi = (latDeg * Math.PI) / 180;
  const c = (Math.sin((-0.5667 * Math.PI) / 180) - Math.sin(phi) * Math.sin(d)) / (Math.cos(phi) * Math.cos(d));
  if (c <= -1) return 24;
  if (c >= 1) return 0;
  return (2 * ((Math.acos(c) * 180) / Math.PI)) / 15;
}

describe('sun hours', () => {
  it('open flat ground receives the day length within one time step', () => {
    for (const [date, lat, lon] of [
      ['2024-06-21', PARIS.lat, PARIS.lon],
      ['2024-12-21', PARIS.lat, PARIS.lon],
      ['2024-03-20', PARIS.lat, PARIS.lon],
      ['2024-09-01', -33.87, 151.21],
      ['2024-06-21', 78, 15],
      ['2024-12-21', 78, 15],
    ] as const) {
      const sun = sunPositionsForDay(parseIsoDate(date), lat, lon, 15);
      const r = sunHours({ dsm: createGrid(20, 10, 1, 0, 0, 3), sun });
      const want = analyticDayLengthH(date, lat);
      for (const v of r.hours.values) expect(Math.abs(v - want), `${date} ${lat}`).toBeLessThanOrEqual(STEP_H);
      expect(r.dayLengthH).toBe(r.hours.values[0]);
    }
  });

  it('a long wall hides the winter sun from the ground north of it, not from the ground south of it', () => {
    const W = 400;
    const g = createGrid(W, 120, 1);
    for (let r = 58; r < 62; r++) for (let c = 0; c < W; c++) g.values[r * W + c] = 30; // east–west wall, 30 m
    const sun = sunPositionsForDay(parseIsoDate('2024-12-21'), PARIS.lat, PARIS.lon, 15);
    const r = sunHours({ dsm: g, sun });
    const day = analyticDayLengthH('2024-12-21', PARIS.lat);
    // 10 m north of the wall: tan(noon elevation ≈ 17.7°) × 10 m ≪ 30 m and the sun stays in the south.
    expect(r.hours.values[(58 - 10) * W + 200]).toBe(0);
    expect(Math.abs(r.hours.values[(62 + 10) * W + 200] - day)).toBeLessThanOrEqual(STEP_H);
    expect(Math.abs(r.hours.values[59 * W + 200] - day)).toBeLessThanOrEqual(STEP_H); // top of the wall
  });

  it('façades: south all day, north never, east and west each half the day (isolated box, December, Paris)', () => {
    const b = buildingsFromRings([[rectRing(-10, -10, 20, 20)]], [12]);
    const g = createGrid(160, 160, 1, -80, 80);
    const { buildingId } = rasterizeBuildings(b, g);
    const facades = sampleFacades(b, g, buildingId);
    const sun = sunPositionsForDay(parseIsoDate('2024-12-21'), PARIS.lat, PARIS.lon, 15);
    const r = sunHours({ dsm: g, sun, buildings: { count: 1, buildingId, facades } });
    const day = r.dayLengthH;
    expect(Math.abs(day - analyticDayLengthH('2024-12-21', PARIS.lat))).toBeLessThanOrEqual(STEP_H);
    const hours = r.facadeSampleHours as Float32Array;
    const perSide = { s: [] as number[], n: [] as number[], e: [] as number[], w: [] as number[] };
    for (let f = 0; f < facades.count; f++) {
      const side = facades.ny[f] < -0.9 ? 's' : facades.ny[f] > 0.9 ? 'n' : facades.nx[f] > 0.9 ? 'e' : 'w';
      perSide[side].push(hours[f]);
    }
    expect(perSide.s.length).toBe(20 * 4); // 20 one-metre samples × 4 levels of 3 m
    for (const v of perSide.s) expect(Math.abs(v - day)).toBeLessThanOrEqual(STEP_H);
    for (const v of perSide.n) expect(v).toBe(0);
    for (const v of [...perSide.e, ...perSide.w]) expect(Math.abs(v - day / 2)).toBeLessThanOrEqual(STEP_H);
    const bl = r.buildings!;
    expect(bl.roofCells[0]).toBe(400);
    expect(bl.roofHours[0]).toBeCloseTo(day, 5);
    expect(bl.facadeSamples[0]).toBe(facades.count);
    expect(Math.abs(bl.facadeHours[0] - day / 2)).toBeLessThanOrEqual(STEP_H);
  });

  it('a building in the shadow of a tall one gets no sun on its roof; party walls are not façade', () => {
    const b = buildingsFromRings(
      [[rectRing(-10, 10, 20, 20)], [rectRing(-100, -10, 200, 15)], [rectRing(10, 10, 10, 20)]],
      [12, 60, 12],
    );
    const g = createGrid(300, 300, 1, -150, 150);
    const { buildingId } = rasterizeBuildings(b, g);
    const facades = sampleFacades(b, g, buildingId);
    const sun = sunPositionsForDay(parseIsoDate('2024-12-21'), PARIS.lat, PARIS.lon, 15);
    const r = sunHours({ dsm: g, sun, buildings: { count: 3, buildingId, facades } });
    const bl = r.buildings!;
    expect(bl.roofHours[0]).toBe(0);
    expect(bl.facadeHours[0]).toBe(0);
    expect(bl.roofHours[1]).toBeCloseTo(r.dayLengthH, 5);
    // Buildings 0 and 2 share the wall x = 10: no sample of either lies on it.
    for (let f = 0; f < facades.count; f++) {
      if (facades.building[f] === 0) expect(facades.nx[f] > 0.9).toBe(false);
      if (facades.building[f] === 2) expect(facades.nx[f] < -0.9).toBe(false);
    }
  });

  it('rotating the scene by 90° together with the sun rotates the sun hours', () => {
    const g = syntheticCityDsm(140, 100, 1, 11);
    const sun = sunPositionsForDay(parseIsoDate('2024-04-15'), PARIS.lat, PARIS.lon, 30);
    const turned = { ...sun, azimuthDeg: sun.azimuthDeg.map((a) => a + 90) };
    const a = rotateGridClockwise(sunHours({ dsm: g, sun }).hours).values;
    const b = sunHours({ dsm: rotateGridClockwise(g), sun: turned }).hours.values;
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    expect(diff).toBe(0);
    expect(Math.min(...a)).toBeLessThan(Math.max(...a) - 2); // the scene has shade
  });

  it('no-data cells are NaN in the result and cast nothing; malformed sun steps are refused', () => {
    const g = createGrid(10, 10, 1);
    g.values[44] = NaN;
    const sun = sunPositionsForDay(parseIsoDate('2024-06-21'), PARIS.lat, PARIS.lon, 60);
    const r = sunHours({ dsm: g, sun });
    expect(r.missingCells).toBe(1);
    expect(Number.isNaN(r.hours.values[44])).toBe(true);
    expect(r.hours.values.filter((v) => !Number.isNaN(v)).every((v) => v === r.dayLengthH)).toBe(true);
    expect(() => sunHours({ dsm: g, sun: { ...sun, stepMin: 0 } })).toThrow(/step/);
  });
});
