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
  /** Further roads (e.g. a main road leaving the town): polyline [x0, y0, x1, y1, …], class, lanes, direction. */
  roads?: Array<{ line: number[]; roadClass: RoadClass; lanes?: number; direction?: 'both' | 'forward' | 'backward'; name?: string }>;
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
  (o.roads ?? []).forEach((r, k) =>
    b.addRoadSegment({ sourceId: `r${k}`, dataset: ds, line: r.line, roadClass: r.roadClass, lanes: r.lanes ?? null, direction: r.direction ?? 'both', name: r.name ?? `Road ${k}` }),
  );
  (o.cells ?? []).forEach((c, k) => b.addPopulation({ sourceId: `cell${k}`, dataset: ds, polygons: [[square(c.x, c.y, 200)]], inhabitants: c.inhabitants, households: c.inhabitants / 2, ageCounts: [c.inhabitants] }));
  (o.buildings ?? []).forEach((f, k) => {
    const w = f.size ?? 20;
    b.addBuilding({ sourceId: `b${k}`, dataset: ds, polygons: [[square(f.x - w / 2, f.y - w / 2, w)]], floors: f.floors ?? 1, heightM: 3 * (f.floors ?? 1), use: f.use });
  });
  (o.equipment ?? []).forEach((e, k) => b.addEquipment({ sourceId: `e${k}`, dataset: ds, x: e.x, y: e.y, kind: e.kind, capacity: e.capacity ?? null }));
  return b.build({ report: new ImportReport('fixture', 'test') });
}

/**
 * A grid town with roads reaching its edge: 5 × 5 residential streets 400 m apart over [0, 1 600]², 200 m population
 * cells covering that square (inhabitants varying by a fixed pattern), two activity buildings in the east; a primary
 * road (one lane each way) leaves it west from (0, 800) to (−1 000, 800) and a secondary road (two lanes each way)
 * east from (1 600, 800) to (2 600, 800); a residential road leaves north from (800, 1 600) to (800, 2 400) and a
 * primary spur ends inside the town at (600, 600). Only the primary and the secondary roads are gateways.
 */
export function gatewayTown(): Territory {
  const cells: Array<{ x: number; y: number; inhabitants: number }> = [];
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) cells.push({ x: 200 * i, y: 200 * j, inhabitants: 400 + 150 * ((3 * i + 5 * j) % 7) });
  return gridTown({
    columns: 5, rows: 5, spacingM: 400, roadClass: 'residential', cells,
    buildings: [{ x: 1300, y: 500, size: 60, floors: 6, use: 'activity' }, { x: 1300, y: 1100, size: 60, floors: 6, use: 'activity' }],
    roads: [
      { line: [0, 800, -1000, 800], roadClass: 'primary', lanes: 2, name: 'West road' },
      { line: [1600, 800, 2600, 800], roadClass: 'secondary', lanes: 4, name: 'East road' },
      { line: [800, 1600, 800, 2400], roadClass: 'residential', name: 'North lane' },
      { line: [400, 400, 600, 600], roadClass: 'primary', lanes: 2, name: 'Inner spur' },
    ],
  });
}
