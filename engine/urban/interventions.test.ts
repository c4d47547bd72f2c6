/**
 * Interventions by hand on the fixture (data/urban/fixtures.ts): floors ⇄ heights with the storey heights of
 * data/impute.ts, FAR and coverage reached, use changes, demolition, new buildings replacing the buildings they
 * cover, provenance rules; input never mutated; nothing outside the zone changes; errors name the intervention.
 */
import { describe, expect, it } from 'vitest';
import { BUILDING_USES, RULE_MISSING } from '../territory.ts';
import { fingerprint, urbanFixture } from '../../data/urban/fixtures.ts';
import { defaultUrbanParams } from '../../data/urban/params.ts';
import { rect } from '../../data/test-fixtures.ts';
import { applyInterventions, type Intervention } from './interventions.ts';

const k = defaultUrbanParams();
const cellA = [rect(0, 0, 200, 200)];

describe('interventions', () => {
  it('adds floors with the storey height of the use and tags the changed attributes', () => {
    const t = urbanFixture();
    const before = fingerprint(t);
    const r = applyInterventions(t, [{ id: 'up', kind: 'add-floors', zone: cellA, floors: 2 }], k);
    expect(fingerprint(t)).toBe(before);
    const b = r.territory.buildings;
    // b0 (3 floors, 9 m, residential 3 m) → 5 floors, 15 m; b2 (activity 3.9 m) 2 → 4 floors.
    expect(b.floors[0]).toBe(5);
    expect(b.heightM[0]).toBeCloseTo(15, 5);
    expect(b.floors[2]).toBe(4);
    expect(b.heightM[2]).toBeCloseTo(2 * 3.9 + 2 * 3.9, 5);
    // b4 and b5 are outside the zone: untouched, same rules, same dwellings.
    for (const i of [4, 5]) {
      expect(b.floors[i]).toBe(t.buildings.floors[i]);
      expect(b.floorsRule[i]).toBe(t.buildings.floorsRule[i]);
      expect(b.dwellings[i]).toBe(t.buildings.dwellings[i]);
      expect(r.modified[i]).toBe(0);
    }
    const rule = r.territory.rules[b.floorsRule[0]];
    expect(rule.id).toBe('urban.add-floors:up');
    expect(rule.description).toMatch(/add 2 floor\(s\) in zone of 40 000 m²/);
    expect(b.heightRule[0]).toBe(b.floorsRule[0]);
    expect(b.dwellingsRule[0]).toBe(RULE_MISSING);
    expect(Array.from(r.newFloorAreaM2)).toEqual([200, 400, 800, 400, 0, 0]);
    expect(r.territory.population).toBe(t.population);
    expect(r.log[0]).toMatchObject({ id: 'up', buildings: 4, floorAreaBeforeM2: 2300, floorAreaAfterM2: 4100 });
  });

  it('sets floors and heights', () => {
    const t = urbanFixture();
    const a = applyInterventions(t, [{ id: 's', kind: 'set-floors', zone: cellA, floors: 6, uses: ['residential'] }], k).territory.buildings;
    expect([a.floors[0], a.floors[1], a.floors[2], a.floors[3]]).toEqual([6, 6, 2, 4]);
    expect(a.heightM[1]).toBeCloseTo(18, 5);
    const h = applyInterventions(t, [{ id: 'h', kind: 'set-height', zone: cellA, heightM: 20 }], k).territory.buildings;
    // round(20 / 3) = 7 residential floors, round(20 / 3.9) = 5 activity floors.
    expect([h.floors[0], h.floors[2], h.heightM[0]]).toEqual([7, 5, 20]);
    const g = applyInterventions(t, [{ id: 'g', kind: 'add-height', zone: cellA, heightM: 6 }], k).territory.buildings;
    expect(g.heightM[0]).toBeCloseTo(15, 5);
    expect(g.floors[0]).toBe(5);
  });

  it('reaches a floor-area ratio by scaling floors', () => {
    const t = urbanFixture();
    // Cell A (40 000 m²) has 2 300 m² of floor area; FAR 0.1 → 4 000 m².
    const r = applyInterventions(t, [{ id: 'far', kind: 'set-far', zone: cellA, far: 0.1 }], k);
    const b = r.territory.buildings;
    let fa = 0;
    for (let i = 0; i < 4; i++) fa += b.footprintAreaM2[i] * b.floors[i];
    expect(Math.abs(fa - 4000)).toBeLessThanOrEqual(100); // within half the largest footprint (400 m²)
    expect(r.log[0].achieved).toBeCloseTo(fa / 40000, 12);
    expect(r.territory.rules[b.floorsRule[0]].id).toBe('urban.set-far:far');
  });

  it('reaches a ground coverage by scaling footprints about their centroids', () => {
    const t = urbanFixture();
    // Cell A footprints: 100 + 200 + 400 + 200 = 900 m²; coverage 0.045 → 1 800 m² (× 2, linear scale √2).
    const r = applyInterventions(t, [{ id: 'cov', kind: 'set-coverage', zone: cellA, coverage: 0.045 }], k);
    const b = r.territory.buildings;
    expect(b.footprintAreaM2[0]).toBeCloseTo(200, 9);
    expect(r.log[0].achieved).toBeCloseTo(0.045, 12);
    const xy = b.footprint.xy;
    const v0 = b.footprint.ringVertexStart[b.footprint.featureRingStart[0]];
    expect(xy[2 * v0]).toBeCloseTo(15 - 5 * Math.SQRT2, 9);
    expect(b.floors[0]).toBe(3);
    expect(r.newFloorAreaM2[0]).toBeCloseTo(300, 9);
  });

  it('changes use, demolishes, and replaces the buildings a new one covers', () => {
    const t = urbanFixture();
    const ivs: Intervention[] = [
      { id: 'shops', kind: 'change-use', zone: [rect(140, 40, 40, 40)], use: 'activity' },
      { id: 'gone', kind: 'demolish', zone: [rect(0, 0, 30, 30)] },
      { id: 'tower', kind: 'add-building', footprint: [rect(40, 40, 40, 40)], floors: 8, use: 'residential' },
    ];
    const r = applyInterventions(t, ivs, k);
    const b = r.territory.buildings;
    // b0 demolished, b1 (centroid (60, 55)) replaced by the tower; b2…b5 kept, new building last.
    expect(Array.from(r.origin)).toEqual([2, 3, 4, 5, -1]);
    expect(Array.from(r.removedInput)).toEqual([1, 2, 0, 0, 0, 0]);
    expect(BUILDING_USES[b.use[1]]).toBe('activity');
    expect(r.territory.rules[b.useRule[1]].id).toBe('urban.change-use:shops');
    expect(b.count).toBe(5);
    expect(b.footprintAreaM2[4]).toBeCloseTo(1600, 9);
    expect(b.floors[4]).toBe(8);
    expect(b.heightM[4]).toBeCloseTo(24, 5);
    expect(b.sourceId[4]).toBe('new:tower');
    expect(r.territory.datasets[b.dataset[4]].id).toBe('urban-interventions');
    expect(r.newFloorAreaM2[4]).toBe(12800);
    // Sealed ground: b0's footprint (100 m²) stays sealed; the tower is larger than b1, so nothing beside it.
    expect(Array.from(r.sealedGround.areaM2)).toEqual([100]);
    expect(r.log[2]).toMatchObject({ replaced: 1, floorAreaBeforeM2: 400, floorAreaAfterM2: 12800 });
    // Footprint geometry is a valid territory polygon: counter-clockwise outer ring.
    const p = b.footprint;
    expect(p.featureRingStart.length).toBe(6);
    expect(p.ringVertexStart[p.featureRingStart[5]]).toBe(p.xy.length / 2);
  });

  it('de-seals a demolished footprint on request', () => {
    const r = applyInterventions(urbanFixture(), [{ id: 'park', kind: 'demolish', zone: [rect(0, 0, 30, 30)], deseal: true }], k);
    expect(r.sealedGround.areaM2.length).toBe(0);
  });

  it('changes nothing with a zone that contains no building', () => {
    const t = urbanFixture();
    const r = applyInterventions(t, [{ id: 'x', kind: 'add-floors', zone: [rect(1000, 1000, 50, 50)], floors: 3 }], k);
    const a = t.buildings;
    const b = r.territory.buildings;
    expect(Array.from(b.floors)).toEqual(Array.from(a.floors));
    expect(Array.from(b.heightM)).toEqual(Array.from(a.heightM));
    expect(Array.from(b.footprint.xy)).toEqual(Array.from(a.footprint.xy));
    expect(Array.from(b.dwellings)).toEqual(Array.from(a.dwellings));
    expect(Array.from(r.modified)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('names the intervention and the field in errors', () => {
    const t = urbanFixture();
    expect(() => applyInterventions(t, [{ id: 'a', kind: 'set-floors', zone: cellA, floors: 0 }], k)).toThrow(/intervention "a": floors must be an integer in \[1, 300\]/);
    expect(() => applyInterventions(t, [{ id: 'b', kind: 'add-floors', zone: [[0, 0, 1, 1]], floors: 1 }], k)).toThrow(/intervention "b" zone: ring 0 must be a flat/);
    expect(() => applyInterventions(t, [{ id: 'c', kind: 'change-use', zone: cellA, use: 'castle' as never }], k)).toThrow(/intervention "c": use must be one of/);
    expect(() => applyInterventions(t, [{ id: 'd', kind: 'explode', zone: cellA } as never], k)).toThrow(/unknown kind "explode"/);
    expect(() => applyInterventions(t, [{ id: 'e', kind: 'demolish', zone: cellA }, { id: 'e', kind: 'demolish', zone: cellA }], k)).toThrow(/"e": duplicate id/);
    expect(() => applyInterventions(t, [{ id: 'f', kind: 'set-far', zone: [rect(1000, 1000, 10, 10)], far: 2 }], k)).toThrow(/"f": zone contains no selected building/);
    expect(() => applyInterventions(t, [{ id: 'g', kind: 'add-building', footprint: [rect(0, 0, 10, 10)], floors: 2, use: 'residential', period: '1800' as never }], k)).toThrow(/"g": period must be one of/);
  });
});
