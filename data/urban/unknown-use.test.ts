/**
 * The importer rules that mark a residential use as assumed (BD TOPO v2 "bâti indifférencié") are the ones the
 * urban model lists (ASSUMED_RESIDENTIAL_USE_RULES), for both readers of v2 data: the shapefile importer and the
 * GeoJSON importer. Checked on small synthetic inputs written to a temporary folder: a house, a collective
 * building, a large one and a small annex; the yield applies to the first three only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import type { Territory } from '../../engine/territory.ts';
import { runUrban } from '../../engine/urban/model.ts';
import { UNKNOWN_USE_YIELDS } from '../../engine/urban/params.ts';
import { ASSUMED_RESIDENTIAL_USE_RULES, DWELLING_CLASS } from '../../engine/urban/people.ts';
import { LAMBERT93_PROJ4, WGS84_PROJ4 } from '../frame.ts';
import { LAMBERT93_PRJ, dbfBytes, shpBytes } from '../formats/test-shapefile-writer.ts';
import { importBdtopo } from '../importers/bdtopo.ts';
import { importGeoJson } from '../importers/geojson.ts';
import { defaultUrbanParams } from './params.ts';

const X0 = 665000;
const Y0 = 6360000;
/** [id, x offset, width, depth, height m]: house 10 × 10 (2 floors), collective 20 × 20 (4), large 40 × 30 (2), annex 4 × 4. */
const BUILDINGS: [string, number, number, number, number][] = [
  ['house', 0, 10, 10, 6],
  ['block', 50, 20, 20, 12],
  ['large', 100, 40, 30, 6],
  ['shed', 200, 4, 4, 3],
];
const ring = (x: number, w: number, d: number): number[][] => [[X0 + x, Y0], [X0 + x, Y0 + d], [X0 + x + w, Y0 + d], [X0 + x + w, Y0], [X0 + x, Y0]];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'jumeau-unknown-use-'));
  dirs.push(d);
  return d;
};

function shapefileFolder(): string {
  const dir = tempDir();
  const { shp, shx } = shpBytes(15, BUILDINGS.map(([, x, w, d]) => ({ parts: [ring(x, w, d).flat()] })));
  writeFileSync(path.join(dir, 'BATI_INDIFFERENCIE.shp'), shp);
  writeFileSync(path.join(dir, 'BATI_INDIFFERENCIE.shx'), shx);
  const fields = [{ name: 'id', type: 'C' as const, length: 24 }, { name: 'hauteur', type: 'N' as const, length: 10 }];
  writeFileSync(path.join(dir, 'BATI_INDIFFERENCIE.dbf'), dbfBytes(fields, BUILDINGS.map(([id, , , , h]) => [id, h])));
  writeFileSync(path.join(dir, 'BATI_INDIFFERENCIE.prj'), LAMBERT93_PRJ);
  return dir;
}

function geojsonFolder(): string {
  const dir = tempDir();
  const toLonLat = proj4(LAMBERT93_PROJ4, WGS84_PROJ4);
  const features = BUILDINGS.map(([id, x, w, d, h]) => ({
    type: 'Feature',
    properties: { id, layer: 'bati_indifferencie', hauteur: h },
    geometry: { type: 'Polygon', coordinates: [ring(x, w, d).map(([a, b]) => toLonLat.forward([a, b]))] },
  }));
  writeFileSync(path.join(dir, 'buildings.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
  return dir;
}

function check(t: Territory, ruleId: string): void {
  expect(ASSUMED_RESIDENTIAL_USE_RULES as readonly string[]).toContain(ruleId);
  expect(t.rules.map((r) => r.id)).toContain(ruleId);
  const p = defaultUrbanParams();
  const b = runUrban(t, { params: p, baseline: 'model' }).baseline.buildings;
  const at = (id: string): number => b.sourceId.indexOf(id);
  expect(['house', 'block', 'large'].map((id) => b.useAssumed[at(id)])).toEqual([1, 1, 1]);
  expect(b.useAssumed[at('shed')]).toBe(0); // < 20 m²: annex, no dwelling
  expect(b.dwellings[at('shed')]).toBe(0);
  expect([b.dwellingClass[at('house')], b.dwellingClass[at('block')], b.dwellingClass[at('large')]]).toEqual([DWELLING_CLASS.house, DWELLING_CLASS.collective, DWELLING_CLASS.large]);
  // Footprints move slightly through the WGS84 round trip of the GeoJSON: 1e-3 relative.
  const near = (v: number, want: number): void => expect(Math.abs(v / want - 1)).toBeLessThan(1e-3);
  near(b.dwellings[at('house')], UNKNOWN_USE_YIELDS.house);
  near(b.dwellings[at('block')], ((400 * 4 * 0.8) / 63) * UNKNOWN_USE_YIELDS.collective);
  near(b.dwellings[at('large')], ((1200 * 2 * 0.8) / 112) * UNKNOWN_USE_YIELDS.large);
}

describe('assumed residential uses of BD TOPO v2 (synthetic inputs)', () => {
  it('shapefile importer: rule use.bdtopo-v2-indifferencie-residential', async () => {
    const { territory } = await importBdtopo(shapefileFolder());
    check(territory, 'use.bdtopo-v2-indifferencie-residential');
  });

  it('GeoJSON importer: rule use.bdtopo-v2-layer', async () => {
    const { territory } = await importGeoJson(geojsonFolder());
    check(territory, 'use.bdtopo-v2-layer');
  });
});
