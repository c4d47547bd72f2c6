/**
 * The viewer's worker API, run in-thread on a hand-made territory read back from a real store: building details
 * and provenance against the territory's own rule table, buffers against analytic areas, sun geometry against
 * the definition of azimuth (north, clockwise), sun hours against day length, search and colours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeStoreIO, saveTerritory } from '../data/store-node.ts';
import { tinyTerritory } from '../data/test-fixtures.ts';
import { solarPosition } from '../engine/solar/spa.ts';
import { sunriseSunset } from '../engine/solar/sun-path.ts';
import { RULE_MEASURED, type Territory } from '../engine/territory.ts';
import { LANE_WIDTH_M, OVERLAY_LIFT_M, segmentLanes } from './buffers.ts';
import { fetchStoreIO } from './fetch-store.ts';
import { BUILDING_COLOR, BUILDING_NO_DATA_COLOR, DENSITY_BOUNDS, USE_COLORS, YL_OR_RD, classOf } from './styles.ts';
import { FACADE_ORIENTATIONS, TerritoryApi, TerritoryNotOpenError } from './territory-api.ts';

let dir = '';
let t: Territory;
const api = new TerritoryApi();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jumeau-worker-api-'));
  t = tinyTerritory().territory;
  await saveTerritory(dir, t);
  await api.open(nodeStoreIO(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function triangleArea(p: Float32Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i += 9) s += ((p[i + 3] - p[i]) * (p[i + 7] - p[i + 1]) - (p[i + 6] - p[i]) * (p[i + 4] - p[i + 1])) / 2;
  return s;
}

describe('TerritoryApi', () => {
  it('refuses work before a territory is open, naming the missing step', () => {
    expect(() => new TerritoryApi().building(0)).toThrow(TerritoryNotOpenError);
  });

  it('describes a building with units and the provenance of each attribute from the rule table', () => {
    // b1: 2 measured floors, no height → height imputed by a rule; b0: measured height 9 m.
    const b0 = api.building(0);
    expect(b0.sourceId).toBe('b0');
    const h0 = b0.attributes.find((a) => a.key === 'heightM')!;
    expect(h0).toMatchObject({ value: 9, unit: 'm', provenance: { kind: 'measured' } });
    const b1 = api.building(1);
    const h1 = b1.attributes.find((a) => a.key === 'heightM')!;
    const rule = t.rules[t.buildings.heightRule[1]];
    expect(t.buildings.heightRule[1]).not.toBe(RULE_MEASURED);
    expect(h1.provenance).toEqual({ kind: 'imputed', ruleId: rule.id, description: rule.description });
    expect(h1.value).toBeCloseTo(t.buildings.heightM[1], 5);
    expect(b1.attributes.find((a) => a.key === 'footprintAreaM2')!.value).toBeCloseTo(200, 9);
    expect(b1.dataset).toMatchObject({ id: 'fixture', licence: 'CC0', producer: 'tests' });
    expect(b1.centroid[0]).toBeCloseTo(60, 9);
    expect(b1.centroid[1]).toBeCloseTo(55, 9);
    expect(() => api.building(99)).toThrow(/building 99 does not exist.*4 buildings/);
  });

  it('finds the building under a point from the footprints', () => {
    expect(api.buildingAt(15, 15)).toBe(0);
    expect(api.buildingAt(255, 60)).toBe(2);
    expect(api.buildingAt(-50, -50)).toBe(-1);
  });

  it('makes street surfaces whose area is Σ (piece length + width) × width', () => {
    const g = api.ground();
    const lanes = segmentLanes(t);
    const geo = t.roads.segmentGeometry;
    let expected = 0;
    for (let s = 0; s < t.roads.segmentCount; s++) {
      const w = lanes[s] * LANE_WIDTH_M;
      for (let k = geo.lineVertexStart[s]; k < geo.lineVertexStart[s + 1] - 1; k++) expected += (Math.hypot(geo.xy[2 * k + 2] - geo.xy[2 * k], geo.xy[2 * k + 3] - geo.xy[2 * k + 1]) + w) * w;
    }
    expect(triangleArea(g.streets.positions)).toBeCloseTo(expected, 3);
    // Land cover: the 50 × 50 m park, counter-clockwise (facing up).
    expect(triangleArea(g.landCover.positions)).toBeCloseTo(2500, 6);
  });

  it('colours population cells by density classes and lifts overlays off the ground', () => {
    const { population, roads } = api.overlays();
    expect(population.length).toBe(2);
    // Cell A: 100 inhabitants on 200 × 200 m = 2 500 / km²; cell B: 10 → 250 / km².
    expect(population.densityKm2[0]).toBeCloseTo(2500, 6);
    expect(population.densityKm2[1]).toBeCloseTo(250, 6);
    const v = population.startIndices[0];
    expect([...population.colors.subarray(4 * v, 4 * v + 3)]).toEqual([...YL_OR_RD[classOf(DENSITY_BOUNDS, 2500)]]);
    expect(triangleArea(population.positions)).toBeCloseTo(80000, 3);
    for (let i = 2; i < population.positions.length; i += 3) expect(population.positions[i]).toBe(OVERLAY_LIFT_M);
    expect(roads.length).toBe(t.roads.segmentCount);
    expect(roads.positions.length / 3).toBe(t.roads.segmentGeometry.lineVertexStart[t.roads.segmentCount]);
  });

  it('places the sun with azimuth from north clockwise: due south at the transit, east in the morning', () => {
    const f = t.frame;
    const day = sunriseSunset({ year: 2025, month: 6, day: 21 }, f.originLat, f.originLon);
    const noon = api.sun(day.transitUnixMs);
    expect(noon.vector[0]).toBeCloseTo(0, 3);
    expect(noon.vector[1]).toBeLessThan(0);
    expect(Math.hypot(...noon.vector)).toBeCloseTo(1, 12);
    const morning = api.sun(day.transitUnixMs - 4 * 3600000);
    expect(morning.vector[0]).toBeGreaterThan(0.5);
    expect(morning.elevationDeg).toBeCloseTo(solarPosition({ unixMs: morning.unixMs, latitudeDeg: f.originLat, longitudeDeg: f.originLon }).elevationDeg, 9);
    expect(Math.asin(morning.vector[2]) * (180 / Math.PI)).toBeCloseTo(morning.elevationDeg, 9);
  });

  it('computes sun hours: open ground receives the day length, the ground north of a building less', () => {
    const r = api.sunHours({ date: '2025-12-21', resolutionM: 1 });
    expect(r.unit).toBe('h');
    const at = (x: number, y: number): number => r.values[Math.floor((r.originY - y) / r.cellSizeM) * r.width + Math.floor((x - r.originX) / r.cellSizeM)];
    expect(at(-10, 200)).toBeCloseTo(r.max, 5);
    // 2 m north of the 9 m tall b0 (10–20 × 10–20) in December: in its shadow around noon.
    expect(at(15, 22)).toBeLessThan(r.max - 1);
    expect(r.rgba.length).toBe(r.values.length * 4);
    expect(r.note).toMatch(/2025-12-21/);
    expect(() => api.sunHours({ date: '2025-02-30' })).toThrow(/not a calendar date/);
  });

  it('windows the sun-hours grid around the view centre beyond the cell budget', () => {
    const r = api.sunHours({ date: '2025-06-21', resolutionM: 2, maxCells: 2500, centre: [15, 15] });
    expect(r.width * r.height).toBeLessThanOrEqual(2700);
    expect(r.originX).toBeLessThan(15);
    expect(r.originX + r.width * 2).toBeGreaterThan(15);
    expect(r.note).toMatch(/around the view centre/);
  });

  it('gives an isolated building\'s south façade the whole winter day of sun and its north façade none', () => {
    // Truth from geometry: at the December solstice at ≈ 48° N the sun rises and sets south of the east–west line
    // (azimuth ≈ 127° to 233°), so it is always in front of a south wall and never in front of a north wall; with
    // nothing to the south of b0, its south façade and roof are lit the whole day, its east and west façades
    // share the day (morning / afternoon).
    const h = api.buildingSunHours({ date: '2025-12-21', resolutionM: 1, stepMin: 15 });
    const f = t.frame;
    const day = sunriseSunset({ year: 2025, month: 12, day: 21 }, f.originLat, f.originLon).dayLengthH;
    const o = (name: (typeof FACADE_ORIENTATIONS)[number]): number => h.facadeByOrientation[4 * 0 + FACADE_ORIENTATIONS.indexOf(name)];
    expect(o('north')).toBe(0);
    expect(o('south')).toBeGreaterThan(o('north') + day - 0.5);
    expect(Math.abs(o('south') - day)).toBeLessThanOrEqual(0.5); // two 15-min steps (sunrise and sunset)
    expect(Math.abs(o('east') + o('west') - day)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(h.roofHours[0] - day)).toBeLessThanOrEqual(0.5);
    // The per-building façade mean lies between the darkest and the sunniest orientation.
    expect(h.facadeHours[0]).toBeGreaterThan(0);
    expect(h.facadeHours[0]).toBeLessThan(o('south'));
    expect(h.scaleMaxH).toBeGreaterThanOrEqual(16); // longest day at 48° N ≈ 16 h
    expect(h.note).toMatch(/2025-12-21/);
  });

  it('colours buildings by façade sun hours for a date, more in June than in December, no data outside the window', () => {
    const dec = api.buildingColors('sun-facade', { date: '2025-12-21', resolutionM: 1 });
    const jun = api.buildingColors('sun-facade', { date: '2025-06-21', resolutionM: 1 });
    expect(dec.legend).toMatchObject({ kind: 'ramp', unit: 'h', min: 0 });
    expect(dec.legend!.kind === 'ramp' && dec.legend!.noData).toMatch(/no data/);
    expect(jun.values![0]).toBeGreaterThan(dec.values![0] + 2);
    expect([...jun.rgb.subarray(0, 3)]).not.toEqual([...dec.rgb.subarray(0, 3)]);
    expect(() => api.buildingColors('sun-roof')).toThrow(/needs a date/);
    // A 50 × 50 m window around b0: b2 (250–290 m east) is outside, shown in the no-data colour.
    const win = api.buildingColors('sun-roof', { date: '2025-06-21', resolutionM: 1, maxCells: 2500, centre: [15, 15] });
    expect(win.values![0]).toBeGreaterThan(10);
    expect(Number.isNaN(win.values![2])).toBe(true);
    expect([...win.rgb.subarray(6, 9)]).toEqual([...BUILDING_NO_DATA_COLOR]);
    expect(win.note).toMatch(/1 of 4 buildings inside the window/);
  });

  it('searches buildings by id, places by name without accents, and lat, lon', () => {
    expect(api.search('b2')[0]).toMatchObject({ kind: 'building', building: 2 });
    expect(api.search('ecole')[0]).toMatchObject({ kind: 'place', label: 'École', x: 120, y: 20 });
    const o = api.search(`${t.frame.originLat}, ${t.frame.originLon}`)[0];
    expect(o.kind).toBe('coordinates');
    expect(Math.hypot(o.x, o.y)).toBeLessThan(0.01);
    expect(api.search('   ')).toEqual([]);
  });

  it('colours buildings by use (one RGB per building)', () => {
    const c = api.buildingColors('use');
    expect(c.rgb.length).toBe(3 * t.buildings.count);
    expect([...c.rgb.subarray(6, 9)]).toEqual([...USE_COLORS.industrial]);
    expect([...api.buildingColors('plain').rgb.subarray(0, 3)]).toEqual([...BUILDING_COLOR]);
  });

  it('reads a store over HTTP and names the URL of a missing file', async () => {
    const files = nodeStoreIO(dir);
    const okFetch = (async (url: string) => {
      const rel = new URL(url).pathname.replace(/^\/store\//, '');
      try {
        return new Response((await files.read(rel)) as Uint8Array<ArrayBuffer>);
      } catch {
        return new Response('no', { status: 404, statusText: 'Not Found' });
      }
    }) as unknown as typeof fetch;
    const other = new TerritoryApi();
    const s = await other.open(fetchStoreIO('http://host/store/', okFetch));
    expect(s.info.buildings).toBe(4);
    expect(s.places.map((p) => p.name)).toEqual(['Crèche', 'École']);
    const broken = (async (url: string) => (url.endsWith('buildings.heightM.f32') ? new Response('', { status: 404, statusText: 'Not Found' }) : okFetch(url))) as unknown as typeof fetch;
    await expect(new TerritoryApi().open(fetchStoreIO('http://host/store/', broken))).rejects.toThrow(/buildings\.heightM\.f32.*HTTP 404/);
  });
});
