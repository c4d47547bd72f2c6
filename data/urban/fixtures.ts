/**
 * Hand-made territory for the urban-model tests, with numbers chosen so results can be computed by hand, and a
 * fingerprint of every array of a territory to prove inputs are not mutated.
 *
 * Cell A [0, 200]² : 100 inhabitants, 50 households (2 persons per household), ages 0–2: 6, 3–5: 3, 6–10: 10,
 *                    11+: 81 (bands of exactly those ranges).
 * Cell B [200, 400] × [0, 200]: 10 inhabitants, 0 households (no usable household size), no age data.
 * Buildings (centroid, footprint, floors, use):
 *   b0 (15, 15)   10 × 10, 3 floors (height 9 m), residential      → 300 m², flats
 *   b1 (60, 55)   20 × 10, 2 floors, residential                   → 400 m², house
 *   b2 (110, 160) 20 × 20, 2 floors, activity                      → 800 m²
 *   b3 (155, 60)  10 × 20, 4 floors, mixed                         → 800 m², 600 m² residential
 *   b4 (305, 55)  10 × 10, 1 floor, residential (cell B)           → 100 m²
 *   b5 (505, 505) 10 × 10, 2 floors, residential, outside the cells
 * Roads: a two-way street y = 100 from x = 0 to 400 (nodes every 100 m) and a one-way spur (300, 100) → (300, 400).
 * Equipment: crèche (50, 100) 10 places; primary school (150, 100) capacity unknown; pre-school (250, 100) 30 pupils.
 * Land cover: one impervious square 20 × 20 at (100, 120).
 */
import { TerritoryBuilder } from '../builder.ts';
import { frameForProjected } from '../frame.ts';
import { ImportReport } from '../report.ts';
import { rect } from '../test-fixtures.ts';
import type { Territory } from '../../engine/territory.ts';

export function urbanFixture(opts: { measuredDwellingsB1?: number } = {}): Territory {
  const b = new TerritoryBuilder('urban-fixture', frameForProjected('EPSG:2154', 352000, 6789000));
  const ds = b.addDataset({ id: 'fixture', title: 'Urban fixture', producer: 'tests', licence: 'CC0', attribution: 'test data', themes: ['urbanism'], date: '2026', sourceCrs: 'EPSG:2154', source: 'fixture', synthetic: false });
  b.setAgeBands([
    { id: 'a0_2', minAge: 0, maxAge: 2 },
    { id: 'a3_5', minAge: 3, maxAge: 5 },
    { id: 'a6_10', minAge: 6, maxAge: 10 },
    { id: 'a11p', minAge: 11, maxAge: Infinity },
  ]);
  b.addPopulation({ sourceId: 'A', dataset: ds, polygons: [[rect(0, 0, 200, 200)]], inhabitants: 100, households: 50, ageCounts: [6, 3, 10, 81] });
  b.addPopulation({ sourceId: 'B', dataset: ds, polygons: [[rect(200, 0, 200, 200)]], inhabitants: 10, households: 0, ageCounts: [NaN, NaN, NaN, NaN] });
  b.addBuilding({ sourceId: 'b0', dataset: ds, polygons: [[rect(10, 10, 10, 10)]], heightM: 9, use: 'residential' });
  b.addBuilding({ sourceId: 'b1', dataset: ds, polygons: [[rect(50, 50, 20, 10)]], floors: 2, use: 'residential', dwellings: opts.measuredDwellingsB1 ?? null });
  b.addBuilding({ sourceId: 'b2', dataset: ds, polygons: [[rect(100, 150, 20, 20)]], floors: 2, use: 'activity' });
  b.addBuilding({ sourceId: 'b3', dataset: ds, polygons: [[rect(150, 50, 10, 20)]], floors: 4, use: 'mixed' });
  b.addBuilding({ sourceId: 'b4', dataset: ds, polygons: [[rect(300, 50, 10, 10)]], floors: 1, use: 'residential' });
  b.addBuilding({ sourceId: 'b5', dataset: ds, polygons: [[rect(500, 500, 10, 10)]], floors: 2, use: 'residential' });
  b.addRoadSegment({ sourceId: 'r0', dataset: ds, line: [0, 100, 100, 100], roadClass: 'residential', direction: 'both' });
  b.addRoadSegment({ sourceId: 'r1', dataset: ds, line: [100, 100, 200, 100], roadClass: 'residential', direction: 'both' });
  b.addRoadSegment({ sourceId: 'r2', dataset: ds, line: [200, 100, 300, 100], roadClass: 'residential', direction: 'both' });
  b.addRoadSegment({ sourceId: 'r3', dataset: ds, line: [300, 100, 400, 100], roadClass: 'residential', direction: 'both' });
  b.addRoadSegment({ sourceId: 'r4', dataset: ds, line: [300, 100, 300, 400], roadClass: 'residential', direction: 'forward' });
  b.addLandCover({ sourceId: 'parking', dataset: ds, polygons: [[rect(100, 120, 20, 20)]], cover: 'impervious', detail: 'parking' });
  b.addEquipment({ sourceId: 'creche', dataset: ds, x: 50, y: 100, kind: 'creche', name: 'Crèche', capacity: 10 });
  b.addEquipment({ sourceId: 'ecole', dataset: ds, x: 150, y: 100, kind: 'primary', name: 'École élémentaire' });
  b.addEquipment({ sourceId: 'maternelle', dataset: ds, x: 250, y: 100, kind: 'preschool', name: 'École maternelle', capacity: 30 });
  return b.build({ report: new ImportReport('fixture', 'test') });
}

/** FNV-1a hash over every typed array, string and number reachable from `v` (keys in sorted order). */
export function fingerprint(v: unknown): string {
  let h = 0x811c9dc5;
  const mix = (byte: number): void => {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const seen = new Set<unknown>();
  const walk = (x: unknown): void => {
    if (ArrayBuffer.isView(x)) {
      const u = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
      for (let i = 0; i < u.length; i++) mix(u[i]);
      return;
    }
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) {
      const s = String(x);
      for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i) & 0xff);
      mix(0);
      return;
    }
    if (typeof x === 'object') {
      if (seen.has(x)) return;
      seen.add(x);
      for (const k of Object.keys(x as object).sort()) {
        for (let i = 0; i < k.length; i++) mix(k.charCodeAt(i) & 0xff);
        walk((x as Record<string, unknown>)[k]);
      }
    }
  };
  walk(v);
  return h.toString(16);
}
