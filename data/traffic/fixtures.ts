/**
 * Hand-made territories for the traffic tests: a square grid of two-way streets, 200 m population cells and
 * buildings placed where the test says, so that zones, trip ends and distances can be computed by hand.
 */
import { TerritoryBuilder } from '../builder.ts';
import { frameForProjected } from '../frame.ts';
import { ImportReport } from '../report.ts';
import type { BuildingUse, EquipmentKind, RoadClass, Territory } from '../../engine/territory.ts';

export interface GridTownOptions {
  /** Grid of streets: nodes at (i·spacing, j·spacing), 0 ≤ i < columns, 0 ≤ j < rows. */
  columns: number;
  rows: number;
  spacingM: number;
  roadClass?: RoadClass;
  /** Population cells: south-west corner and inhabitants (200 m squares). */
  cells?: Array<{ x: number; y: number; inhabitants: number }>;
  /** Buildings: centre, size (m), floors and use. */
  buildings?: Array<{ x: number; y: number; size?: number; floors?: number; use: BuildingUse }>;
  equipment?: Array<{ x: number; y: number; kind: EquipmentKind; capacity?: number }>;
}

const square = (x0: number, y0: number, w: number): number[] => [x0, y0, x0 + w, y0, x0 + w, y0 + w, x0, y0 + w];

export function gridTown(o: GridTownOptions): Territory {
  const b = new TerritoryBuilder('grid-town', frameForProjected('EPSG:2154', 352000, 6789000));
  const ds = b.addDataset({ id: 'grid-town', title: 'Grid town (test fixture)', producer: 'tests', licence: 'CC0', attribution: 'test data', themes: ['mobility'], date: '2026', sourceCrs: 'EPSG:2154', source: 'fixture', synthetic: true });
  b.setAgeBands([{ id: 'all', minAge: 0, maxAge: Infinity }]);
  const s = o.spacingM;
  const cls = o.roadClass ?? 'secondary';
  for (let j = 0; j < o.rows; j++)
    for (let i = 0; i < o.columns; i++) {
      if (i + 1 < o.columns) b.addRoadSegment({ sourceId: `h${i}_${j}`, dataset: ds, line: [i * s, j * s, (i + 1) * s, j * s], roadClass: cls, direction: 'both', name: `Row ${j}` });
      if (j + 1 < o.rows) b.addRoadSegment({ sourceId: `v${i}_${j}`, dataset: ds, line: [i * s, j * s, i * s, (j + 1) * s], roadClass: cls, direction: 'both', name: `Column ${i}` });
    }
  (o.cells ?? []).forEach((c, k) => b.addPopulation({ sourceId: `cell${k}`, dataset: ds, polygons: [[square(c.x, c.y, 200)]], inhabitants: c.inhabitants, households: c.inhabitants / 2, ageCounts: [c.inhabitants] }));
  (o.buildings ?? []).forEach((f, k) => {
    const w = f.size ?? 20;
    b.addBuilding({ sourceId: `b${k}`, dataset: ds, polygons: [[square(f.x - w / 2, f.y - w / 2, w)]], floors: f.floors ?? 1, heightM: 3 * (f.floors ?? 1), use: f.use });
  });
  (o.equipment ?? []).forEach((e, k) => b.addEquipment({ sourceId: `e${k}`, dataset: ds, x: e.x, y: e.y, kind: e.kind, capacity: e.capacity ?? null }));
  return b.build({ report: new ImportReport('fixture', 'test') });
}
