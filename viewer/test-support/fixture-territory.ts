/**
 * A small hand-made territory for the viewer's browser tests, near Rodez (Lambert-93, Europe/Paris):
 * an isolated 20 × 20 m tower 30 m tall in open ground (shadows and alignment have an analytic truth: a box's
 * shadow is h / tan(elevation) long, opposite the sun), a house, and a building whose source id, like the
 * territory name and the dataset's text, is an HTML injection attempt that must be shown as text.
 */
import { TerritoryBuilder } from '../../data/builder.ts';
import { frameForProjected } from '../../data/frame.ts';
import { rect } from '../../data/test-fixtures.ts';
import type { Territory } from '../../engine/territory.ts';

export const XSS = '<img src=x onerror="window.__pwned=1">';

export interface ViewerFixture {
  territory: Territory;
  tower: number;
  house: number;
  xss: number;
}

export function viewerFixture(): ViewerFixture {
  const b = new TerritoryBuilder(`Test territory ${XSS}`, frameForProjected('EPSG:2154', 664170, 6360126));
  const ds = b.addDataset({
    id: 'viewer-fixture',
    title: 'Viewer test data <b>bold?</b>',
    producer: 'Jumeau viewer tests',
    licence: 'CC0 1.0',
    attribution: '<script>window.__pwned=2</script> test data',
    themes: ['urbanism'],
    date: '2026',
    sourceCrs: 'EPSG:2154',
    source: 'viewer/test-support/fixture-territory.ts',
    synthetic: false,
  });
  b.setAgeBands([{ id: 'all', minAge: 0, maxAge: Infinity }]);
  b.addPopulation({ sourceId: 'CELL-1', dataset: ds, polygons: [[rect(-200, -200, 400, 400)]], inhabitants: 40, households: 16, ageCounts: [40] });
  const tower = b.buildingCount;
  b.addBuilding({ sourceId: 'TOWER-1', dataset: ds, polygons: [[rect(0, 0, 20, 20)]], heightM: 30, floors: 10, use: 'activity' });
  const house = b.buildingCount;
  b.addBuilding({ sourceId: 'HOUSE-1', dataset: ds, polygons: [[rect(-90, 60, 14, 10)]], heightM: 6, use: 'residential' });
  const xss = b.buildingCount;
  b.addBuilding({ sourceId: XSS, dataset: ds, polygons: [[rect(100, -60, 24, 16)]], heightM: 9, use: 'residential' });
  b.addRoadSegment({ sourceId: 'ROAD-EW', dataset: ds, line: [-200, -40, 200, -40], roadClass: 'secondary', lanes: 2, direction: 'both', name: 'Rue <i>test</i>' });
  b.addRoadSegment({ sourceId: 'ROAD-NS', dataset: ds, line: [-40, -200, -40, 200], roadClass: 'residential', direction: 'both', name: 'Rue B' });
  b.addLandCover({ sourceId: 'PARK', dataset: ds, polygons: [[rect(-160, -160, 80, 60)]], cover: 'vegetation', detail: 'park' });
  b.addEquipment({ sourceId: 'SCHOOL', dataset: ds, x: -120, y: 100, kind: 'primary', name: 'École <u>test</u>', capacity: 100 });
  return { territory: b.build(), tower, house, xss };
}
