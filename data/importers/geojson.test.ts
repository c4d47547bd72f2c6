import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILDING_USES, ROAD_CLASSES } from '../../engine/territory.ts';
import { describeIssue, type ImportReportData } from '../report.ts';
import { importGeoJson, jsonErrorPosition } from './geojson.ts';
import { bdtopoDirection, bdtopoRoadClass, bdtopoV2BuildingUse } from './bdtopo-mapping.ts';
import { ImportError } from './types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rodez = path.resolve(repoRoot, '../shared/data/rodez/centre-2km-geojson');
const tmp = mkdtempSync(path.join(tmpdir(), 'jumeau-geojson-'));

/** A folder of layer files: name → text or object (serialised). */
function folder(name: string, files: Record<string, unknown>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(path.join(dir, f), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

/** A lon/lat square of ~11 m near Rennes, offset by k steps. */
const square = (k: number) => {
  const x = -1.68 + k * 0.0003;
  const y = 48.11;
  return { type: 'Polygon', coordinates: [[[x, y], [x + 0.00015, y], [x + 0.00015, y + 0.0001], [x, y + 0.0001], [x, y]]] };
};
const fc = (features: unknown[], extra: object = {}) => ({ type: 'FeatureCollection', ...extra, features });
const feature = (properties: object, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const issues = (r: ImportReportData, field: string) => r.issues.filter((i) => i.field === field);

describe('BD TOPO mapping', () => {
  it('maps nature and importance to road classes, sens to directions, layers to uses', () => {
    const cases: Array<[string, unknown, string]> = [
      ['Autoroute', '1', 'motorway'],
      ['Quasi-autoroute', 2, 'trunk'],
      ['Route à 2 chaussées', '1', 'trunk'],
      ['Route à 2 chaussées', '3', 'secondary'],
      ['Route à 1 chaussée', '2', 'primary'],
      ['Bretelle', '4', 'tertiary'],
      ['Rond-point', '5', 'residential'],
      ['Route à 1 chaussée', 'NC', 'residential'],
      ['Route empierrée', '5', 'service'],
      ['Escalier', 'NC', 'pedestrian'],
      ['Piste cyclable', 'NC', 'pedestrian'],
      ['Bac auto', 'NC', 'unknown'],
    ];
    for (const [nature, importance, cls] of cases) expect([nature, importance, bdtopoRoadClass(nature, importance)]).toEqual([nature, importance, cls]);
    expect(['Double', 'Direct', 'Inverse', 'NC', 'Sens inverse', 'Sideways'].map(bdtopoDirection)).toEqual(['both', 'forward', 'backward', 'both', 'backward', null]);
    expect(bdtopoV2BuildingUse('bati_indifferencie', undefined, 120)).toBe('residential');
    expect(bdtopoV2BuildingUse('bati_indifferencie', undefined, 12)).toBe('annex');
    expect(bdtopoV2BuildingUse('bati_industriel', 'Bâtiment commercial', 500)).toBe('activity');
    expect(bdtopoV2BuildingUse('BATI_INDUSTRIEL', 'Serre', 500)).toBe('annex');
    expect(bdtopoV2BuildingUse('bati_remarquable', 'Eglise', 500)).toBe('public');
    expect(bdtopoV2BuildingUse('zone_vegetation', null, 500)).toBeNull();
  });
});

describe('jsonErrorPosition', () => {
  it('locates the first invalid character (also where V8 gives no position)', () => {
    expect(jsonErrorPosition('{"a": [1, 2.5e3, "x\\n", true, null]}')).toBe(-1);
    expect(jsonErrorPosition('{"a":1,}')).toBe(7);
    expect(jsonErrorPosition('{"a": tru}')).toBe(6);
    expect(jsonErrorPosition('[1, 2')).toBe(5);
    expect(jsonErrorPosition('{} x')).toBe(3);
  });
});

describe('GeoJSON import: validation (synthetic)', () => {
  const dir = folder('bad-inputs', {
    'buildings.geojson': fc([
      feature({ id: 'B0', hauteur: 9 }, square(0)),
      feature({ id: 'B1', hauteur: 9 }, null),
      feature({ id: 'B2', height: 'abc' }, square(2)),
      feature({ id: 'B3', height: -4 }, square(3)),
      feature({ id: 'B4', hauteur: 'NaN', use: 'castle' }, square(4)),
      feature({ id: 'B5', height: '12,5', floors: 4, use: 'activity' }, square(5)),
    ]),
    'roads.geojson': '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "properties": {}, tru}\n]}',
    'population_200m.geojson': fc([
      feature({ id_car2010: 'C0', ind: 120, men: 50, ind_0_3: 6, ind_80p: 4 }, square(0)),
      feature({ id_car2010: 'C1', men: 20 }, square(1)),
      feature({ id_car2010: 'C2', ind: 30, men: 'many', ind_0_3: 2 }, square(2)),
    ]),
    'landcover.geojson': fc([feature({ id: 'L0', cover: 'forest' }, square(7))], { crs: { type: 'name', properties: { name: 'EPSG:9999' } } }),
    'equipment.geojson': { type: 'Feature', properties: {}, geometry: null },
  });

  it('malformed JSON is an error naming the file, line and column; the rest is imported', async () => {
    const { report, territory } = await importGeoJson(dir);
    const err = report.issues.find((i) => i.severity === 'error' && i.file.endsWith('roads.geojson'))!;
    expect(err.message).toMatch(/not valid JSON at line 2, column 41 \(character 84\)/);
    expect(report.complete).toBe(false);
    expect(territory.roads.segmentCount).toBe(0);
    expect(territory.buildings.count).toBe(5);
    expect(territory.population.count).toBe(2);
  });

  it('a file that is not a FeatureCollection, or in an unknown CRS, is an error naming it', async () => {
    const { report, territory } = await importGeoJson(dir);
    const errors = report.issues.filter((i) => i.severity === 'error');
    expect(errors.find((e) => e.file.endsWith('equipment.geojson'))?.message).toMatch(/not a GeoJSON FeatureCollection \(found type "Feature"/);
    expect(errors.find((e) => e.file.endsWith('landcover.geojson'))?.message).toMatch(/unknown CRS "EPSG:9999".*declared by the crs member/);
    expect(territory.landCover.count).toBe(0);
  });

  it('a feature without geometry is dropped naming file, index and id', async () => {
    const { report } = await importGeoJson(dir);
    const drop = report.issues.find((i) => i.severity === 'drop' && i.featureId === 'B1')!;
    expect(drop).toMatchObject({ feature: 1, field: 'geometry', message: expect.stringContaining('without geometry') });
    expect(describeIssue(drop)).toBe(`${path.join(dir, 'buildings.geojson')}, feature 1 (B1), field geometry: feature without geometry (null or absent)`);
    expect(report.layers.find((l) => l.layer === 'buildings')).toMatchObject({ read: 6, kept: 5, dropped: 1, repaired: 3, dropReasons: { 'no geometry': 1 } });
  });

  it('non-numeric, negative and NaN heights are repaired naming the field; the height is imputed', async () => {
    const { report, territory: t } = await importGeoJson(dir);
    const h = [...issues(report, 'height'), ...issues(report, 'hauteur')].filter((i) => i.severity === 'repair');
    expect(h.map((i) => [i.featureId, i.field])).toEqual([['B2', 'height'], ['B3', 'height'], ['B4', 'hauteur']]);
    expect(h[0].message).toContain('"abc"');
    for (const id of ['B2', 'B3', 'B4']) {
      const i = t.buildings.sourceId.indexOf(id);
      expect(t.buildings.heightRule[i]).not.toBe(0);
      expect(t.buildings.heightM[i]).toBeGreaterThan(0);
    }
    const b5 = t.buildings.sourceId.indexOf('B5');
    expect([t.buildings.heightM[b5], t.buildings.heightRule[b5], t.buildings.floors[b5], BUILDING_USES[t.buildings.use[b5]]]).toEqual([12.5, 0, 4, 'activity']);
    expect(issues(report, 'use')[0]).toMatchObject({ severity: 'warning', featureId: 'B4', message: expect.stringContaining('castle') });
  });

  it('a population cell without ind is dropped naming the field; a bad men value is repaired', async () => {
    const { report, territory: t } = await importGeoJson(dir);
    expect(issues(report, 'ind')[0]).toMatchObject({ severity: 'drop', featureId: 'C1', feature: 1, message: expect.stringContaining('no ind') });
    expect(issues(report, 'men')[0]).toMatchObject({ severity: 'repair', featureId: 'C2' });
    expect(t.population.ageBands.map((b) => [b.id, b.minAge, b.maxAge])).toEqual([['ind_0_3', 0, 3], ['ind_80p', 80, Infinity]]);
    expect(Array.from(t.population.ageCounts)).toEqual([6, 4, 2, NaN]);
    expect(Array.from(t.population.households)).toEqual([50, NaN]);
  });

  it('an unknown crs option fails the import with every file named', async () => {
    await expect(importGeoJson(dir, { crs: 'EPSG:9999' })).rejects.toThrow(ImportError);
    await expect(importGeoJson(dir, { crs: 'EPSG:9999' })).rejects.toThrow(/buildings\.geojson: unknown CRS "EPSG:9999"/);
  });
});

describe('GeoJSON import: generic roads, declared CRS, single file (synthetic)', () => {
  const line = (k: number) => ({ type: 'LineString', coordinates: [[-1.68, 48.11 + k * 0.001], [-1.679, 48.11 + k * 0.001]] });
  const dir = folder('generic', {
    'roads.geojson': fc([
      feature({ id: 'R0', class: 'primary', oneway: 'yes', lanes: 2, speed_kmh: 70, name: 'Avenue' }, line(0)),
      feature({ id: 'R1', class: 'residential', oneway: -1 }, line(1)),
      feature({ id: 'R2', highway: 'living_street' }, line(2)),
      feature({ id: 'R3', class: 'boulevard', oneway: 'sometimes' }, line(3)),
    ]),
  });

  it('reads generic road properties', async () => {
    const { territory: t, report } = await importGeoJson(dir);
    const r = t.roads;
    const links = (id: string) => Array.from(r.linkSegment).flatMap((s, k) => (r.segmentSourceId[s] === id ? [k] : []));
    expect(links('R0').map((k) => [r.linkReversed[k], r.freeSpeedKmh[k], r.lanes[k], ROAD_CLASSES[r.roadClass[k]]])).toEqual([[0, 70, 2, 'primary']]);
    expect(links('R1').map((k) => r.linkReversed[k])).toEqual([1]);
    expect(links('R2').map((k) => ROAD_CLASSES[r.roadClass[k]])).toEqual(['residential', 'residential']);
    expect(links('R3').length).toBe(2);
    expect(issues(report, 'class')[0]).toMatchObject({ severity: 'warning', featureId: 'R3' });
    expect(issues(report, 'oneway')[0]).toMatchObject({ severity: 'warning', featureId: 'R3' });
  });

  it('honours a declared Lambert-93 crs member (a 10 m square keeps its 100 m²)', async () => {
    const sq = [[[666000, 6361000], [666010, 6361000], [666010, 6361010], [666000, 6361010], [666000, 6361000]]];
    const f = path.join(folder('l93', {}), 'my-buildings.geojson');
    writeFileSync(f, JSON.stringify(fc([feature({ id: 'Q', hauteur: 6 }, { type: 'Polygon', coordinates: sq })], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } })));
    const { territory: t } = await importGeoJson(f);
    expect(t.frame.planeCrs).toBe('EPSG:2154');
    expect([t.frame.originX, t.frame.originY]).toEqual([666000, 6361000]);
    expect(t.buildings.footprintAreaM2[0]).toBeCloseTo(100, 9);
    expect(Array.from(t.buildings.footprint.xy.slice(0, 2))).toEqual([0, 0]);
  });

  it('keeps features whose bbox centre is in the clip box and counts the others', async () => {
    const { territory: t, report } = await importGeoJson(dir, { clip: [-1.681, 48.1095, -1.678, 48.1115] });
    expect(t.roads.segmentSourceId).toEqual(['R0', 'R1']);
    expect(report.layers[0].dropReasons).toEqual({ 'outside the clip box': 2 });
  });
});

const hasRodez = existsSync(rodez);
if (!hasRodez) console.warn(`skipping the Rodez GeoJSON tests: ${rodez} not found (see ../shared/data/README.md)`);

describe.skipIf(!hasRodez)('Rodez centre 2 km GeoJSON (real data)', () => {
  it('imports the counts of stats.json', async () => {
    const { territory: t, report } = await importGeoJson(rodez);
    // Literals from ../shared/data/rodez/centre-2km-geojson/stats.json and the data README.
    expect(t.buildings.count).toBe(4597);
    expect(t.buildings.heightRule.filter((r) => r === 0).length).toBe(4105);
    expect(t.roads.segmentCount).toBe(1298);
    expect(t.population.count).toBe(94);
    expect(t.population.inhabitants.reduce((a, b) => a + b, 0)).toBe(15976);
    expect(Math.round(t.population.households.reduce((a, b) => a + b, 0))).toBe(8707);
    expect(report.complete).toBe(true);
    expect(report.layers.every((l) => l.dropped === 0)).toBe(true);
    expect(t.datasets.map((d) => d.attribution)).toEqual(['Source : Insee, Filosofi 2015, données carroyées à 200 m', '© IGN – BD TOPO®', '© IGN – BD TOPO®']);
  });

  it('maps BD TOPO v2 layers, road natures and directions', async () => {
    const { territory: t } = await importGeoJson(rodez);
    const uses = new Map<string, number>();
    for (let i = 0; i < t.buildings.count; i++) uses.set(BUILDING_USES[t.buildings.use[i]], (uses.get(BUILDING_USES[t.buildings.use[i]]) ?? 0) + 1);
    // 33 bati_remarquable, 102 + 14 bati_industriel (14 greenhouses), 4 448 bati_indifferencie (data files).
    expect(uses.get('public')).toBe(33);
    expect(uses.get('industrial')).toBe(102);
    expect((uses.get('residential') ?? 0) + (uses.get('annex') ?? 0)).toBe(4448 + 14);
    // stats.json roads_by_sens: Double 800, NC 93 (two links each), Direct 218, Inverse 187 (one link).
    const r = t.roads;
    expect(r.linkCount).toBe(2 * (800 + 93) + 218 + 187);
    expect(r.linkReversed.filter((x) => x === 1).length).toBe(800 + 93 + 187);
  });
});
