/** Small hand-made territories for unit tests (values chosen so expected results can be computed by hand). */
import { TerritoryBuilder } from './builder.ts';
import { frameForProjected } from './frame.ts';
import { ImportReport } from './report.ts';
import type { Territory } from '../engine/territory.ts';

export const rect = (x0: number, y0: number, w: number, h: number): number[] => [x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h];

/**
 * Two 200 m population cells side by side; in cell A a 10 × 10 m residential building of 3 floors (measured
 * height 9 m) and a 20 × 10 m one with 2 measured floors and no height; in cell B an industrial hall with no
 * height; outside the cells a residential house with no data. Roads: one two-way, one one-way (forward) and one
 * backward segment forming a chain of 4 nodes.
 */
export function tinyTerritory(): { territory: Territory; report: ImportReport } {
  const b = new TerritoryBuilder('tiny', frameForProjected('EPSG:2154', 352000, 6789000));
  const report = new ImportReport('fixture', 'test');
  const ds = b.addDataset({ id: 'fixture', title: 'Fixture', producer: 'tests', licence: 'CC0', attribution: 'test data', themes: ['urbanism'], date: '2026', sourceCrs: 'EPSG:2154', source: 'fixture', synthetic: false });
  b.setAgeBands([
    { id: 'young', minAge: 0, maxAge: 17 },
    { id: 'adult', minAge: 18, maxAge: Infinity },
  ]);
  b.addPopulation({ sourceId: 'A', dataset: ds, polygons: [[rect(0, 0, 200, 200)]], inhabitants: 100, households: 40, ageCounts: [30, 70] });
  b.addPopulation({ sourceId: 'B', dataset: ds, polygons: [[rect(200, 0, 200, 200)]], inhabitants: 10, households: 5, ageCounts: [2, 8] });
  b.addBuilding({ sourceId: 'b0', dataset: ds, polygons: [[rect(10, 10, 10, 10)]], heightM: 9, use: 'residential' });
  b.addBuilding({ sourceId: 'b1', dataset: ds, polygons: [[rect(50, 50, 20, 10)]], floors: 2, use: 'residential' });
  b.addBuilding({ sourceId: 'b2', dataset: ds, polygons: [[rect(250, 50, 40, 30)]], use: 'industrial' });
  b.addBuilding({ sourceId: 'b3', dataset: ds, polygons: [[rect(500, 500, 10, 10)]], use: 'residential' });
  b.addRoadSegment({ sourceId: 'r0', dataset: ds, line: [0, -10, 100, -10], roadClass: 'residential', direction: 'both', name: 'Rue A' });
  b.addRoadSegment({ sourceId: 'r1', dataset: ds, line: [100, -10, 150, -10, 200, -10], roadClass: 'secondary', lanes: 2, direction: 'forward', name: 'Rue B' });
  b.addRoadSegment({ sourceId: 'r2', dataset: ds, line: [200, -10, 300, -10], roadClass: 'primary', lanes: 4, speedKmh: 70, direction: 'backward', name: 'Av. C' });
  b.addLandCover({ sourceId: 'park', dataset: ds, polygons: [[rect(100, 100, 50, 50)]], cover: 'vegetation', detail: 'park' });
  b.addEquipment({ sourceId: 'school', dataset: ds, x: 120, y: 20, kind: 'primary', name: 'École', capacity: 200 });
  b.addEquipment({ sourceId: 'creche', dataset: ds, x: 140, y: 20, kind: 'creche', name: 'Crèche' });
  return { territory: b.build({ report }), report };
}
