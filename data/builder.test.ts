import { describe, expect, it } from 'vitest';
import { BUILDING_USES, RULE_MEASURED, RULE_MISSING } from '../engine/territory.ts';
import { tinyTerritory, rect } from './test-fixtures.ts';
import { TerritoryBuilder } from './builder.ts';
import { frameForProjected } from './frame.ts';
import { cleanPolygons } from './geometry.ts';

describe('TerritoryBuilder', () => {
  const { territory: t, report } = tinyTerritory();
  const rule = (code: number): string => t.rules[code].id;

  it('keeps measured values and tags them measured', () => {
    expect(t.buildings.heightM[0]).toBe(9);
    expect(t.buildings.heightRule[0]).toBe(RULE_MEASURED);
    expect(t.buildings.floors[1]).toBe(2);
    expect(t.buildings.floorsRule[1]).toBe(RULE_MEASURED);
  });

  it('imputes height from floors × 3 m, then floors from height', () => {
    expect(t.buildings.heightM[1]).toBe(6); // 2 floors × 3.0 m
    expect(rule(t.buildings.heightRule[1])).toBe('height.floors-x-storey');
    expect(t.buildings.floors[0]).toBe(3); // 9 m / 3 m
    expect(rule(t.buildings.floorsRule[0])).toBe('floors.height-div-storey');
    // Fewer than 10 measured buildings per use → territory median of measured heights (only b0: 9 m).
    expect(t.buildings.heightM[2]).toBe(9);
    expect(rule(t.buildings.heightRule[2])).toBe('height.median-all');
    expect(t.buildings.floors[2]).toBe(2); // round(9 / 6 m industrial storey) = 2
  });

  it('shares cell households and inhabitants by residential floor area (hand-computed)', () => {
    // Cell A: b0 100 m² × 3 floors = 300 m², b1 200 m² × 2 = 400 m² → households 40 split 300:400.
    expect(t.buildings.dwellings[0]).toBeCloseTo((40 * 300) / 700, 5);
    expect(t.buildings.dwellings[1]).toBeCloseTo((40 * 400) / 700, 5);
    expect(t.buildings.inhabitants[0]).toBeCloseTo((100 * 300) / 700, 4);
    expect(t.buildings.inhabitants[1]).toBeCloseTo((100 * 400) / 700, 4);
    expect(rule(t.buildings.inhabitantsRule[0])).toBe('inhabitants.cell-by-dwellings');
    // Industrial hall: no dwelling; its cell's 10 inhabitants have no residential building (reported).
    expect(t.buildings.dwellings[2]).toBe(0);
    expect(report.data.notes.join(' ')).toMatch(/1 population cells \(10 inhabitants\)/);
    // b3 lies in no cell: 100 m² × 3 floors (median 9 m / 3) × 0.8 / 63 m² (flats, > 2 floors).
    expect(t.buildings.floors[3]).toBe(3);
    expect(t.buildings.dwellings[3]).toBeCloseTo((300 * 0.8) / 63, 5);
    expect(t.buildings.inhabitants[3]).toBeCloseTo(((300 * 0.8) / 63) * 2.12, 4);
  });

  it('conserves each cell total among its buildings', () => {
    expect(t.buildings.inhabitants[0] + t.buildings.inhabitants[1]).toBeCloseTo(100, 4);
  });

  it('builds a directed road graph from segment ends with one-way handling', () => {
    const r = t.roads;
    expect(r.segmentCount).toBe(3);
    expect(r.nodeCount).toBe(4);
    expect(r.linkCount).toBe(4); // 2 (both) + 1 (forward) + 1 (backward)
    const links = Array.from({ length: r.linkCount }, (_, i) => [r.linkSegment[i], r.linkFrom[i], r.linkTo[i], r.linkReversed[i]]);
    expect(links).toEqual([
      [0, 0, 1, 0],
      [0, 1, 0, 1],
      [1, 1, 2, 0],
      [2, 3, 2, 1],
    ]);
    expect(r.lengthM[2]).toBeCloseTo(100, 5);
    // Secondary one-way with 2 lanes: 2 × 1000 veh/h; primary two-lane-per-direction at 70 km/h measured.
    expect(r.capacityVehH[2]).toBe(2000);
    expect(r.lanes[3]).toBe(4);
    expect(r.freeSpeedKmh[3]).toBe(70);
    expect(r.speedRule[3]).toBe(RULE_MEASURED);
    expect(rule(r.speedRule[0])).toBe('speed.class-default');
  });

  it('records missing attributes as missing, not as numbers', () => {
    expect(t.buildings.periodRule[0]).toBe(RULE_MISSING);
    expect(t.equipment.capacityRule[1]).toBe(RULE_MISSING);
    expect(Number.isNaN(t.equipment.capacity[1])).toBe(true);
    expect(BUILDING_USES[t.buildings.use[2]]).toBe('industrial');
  });

  it('rejects invalid geometry with a reason and normalises ring orientation', () => {
    const b = new TerritoryBuilder('x', frameForProjected('EPSG:2154', 0, 0));
    expect(b.addBuilding({ sourceId: 'bad', dataset: 0, polygons: [[[0, 0, 1, 1, 0, 0]]] })).toEqual({ ok: false, reason: 'outer ring: fewer than 3 distinct vertices' });
    expect(b.addBuilding({ sourceId: 'nan', dataset: 0, polygons: [[[0, 0, NaN, 1, 1, 1]]] })).toEqual({ ok: false, reason: 'outer ring: non-finite coordinate' });
    // Clockwise outer ring, closed, with a counter-clockwise hole: both re-oriented, closing vertex dropped.
    const cw = [0, 0, 0, 10, 10, 10, 10, 0, 0, 0];
    const c = cleanPolygons([[cw, rect(2, 2, 2, 2)]]);
    expect(c.rings[0]).toEqual([10, 0, 10, 10, 0, 10, 0, 0]);
    expect(c.rings[1]).toEqual([2, 4, 4, 4, 4, 2, 2, 2]);
  });
});
