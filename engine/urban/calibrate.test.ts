/**
 * Dwelling classes, the one-dwelling house rule, the unknown-use yields and their calibration:
 * - NNLS checked against the Karush–Kuhn–Tucker conditions on random problems (the optimum of a convex problem);
 * - the calibration recovers yields used to generate a grid's households exactly, ignores the cells left out and
 *   counts buildings outside every cell as 0 households;
 * - a building whose residential use is assumed (importer rule of BD TOPO v2) gets yield × its dwellings; one
 *   with a known use does not.
 */
import { describe, expect, it } from 'vitest';
import { TerritoryBuilder } from '../../data/builder.ts';
import { frameForProjected } from '../../data/frame.ts';
import { ImportReport } from '../../data/report.ts';
import { rect } from '../../data/test-fixtures.ts';
import { defaultUrbanParams } from '../../data/urban/params.ts';
import type { BuildingUse, Territory } from '../territory.ts';
import { calibrateUnknownUseYields, nnls } from './calibrate.ts';
import { runUrban } from './model.ts';
import { UNKNOWN_USE_YIELDS } from './params.ts';
import { DWELLING_CLASS, dwellingClass, knownUseDwellings, modelDwellings } from './people.ts';

const p = defaultUrbanParams();

describe('dwelling classes and the house rule', () => {
  it('classes by floors and footprint at the documented thresholds', () => {
    expect(dwellingClass(2, 250, p)).toBe(DWELLING_CLASS.house);
    expect(dwellingClass(2, 251, p)).toBe(DWELLING_CLASS.collective);
    expect(dwellingClass(3, 100, p)).toBe(DWELLING_CLASS.collective);
    expect(dwellingClass(1, 999, p)).toBe(DWELLING_CLASS.collective);
    expect(dwellingClass(1, 1000, p)).toBe(DWELLING_CLASS.large);
    expect(dwellingClass(12, 5000, p)).toBe(DWELLING_CLASS.large);
  });

  it('a house holds one dwelling; other buildings living area / dwelling size', () => {
    expect(knownUseDwellings(2 * 200, 2, 200, p)).toBe(1);
    expect(knownUseDwellings(0, 2, 200, p)).toBe(0);
    expect(knownUseDwellings(2 * 300, 2, 300, p)).toBeCloseTo((600 * 0.8) / 112, 12); // a row of houses
    expect(knownUseDwellings(4 * 300, 4, 300, p)).toBeCloseTo((1200 * 0.8) / 63, 12);
    expect(modelDwellings(4 * 300, 4, 300, true, p)).toBeCloseTo(((1200 * 0.8) / 63) * UNKNOWN_USE_YIELDS.collective, 12);
    expect(modelDwellings(2 * 200, 2, 200, true, p)).toBeCloseTo(UNKNOWN_USE_YIELDS.house, 12);
    expect(modelDwellings(1200, 1, 1200, true, p)).toBeCloseTo(((1200 * 0.8) / 112) * UNKNOWN_USE_YIELDS.large, 12);
  });
});

describe('non-negative least squares', () => {
  it('meets the KKT conditions on random problems', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let trial = 0; trial < 200; trial++) {
      const K = 1 + (trial % 4);
      const A = Array.from({ length: 12 }, () => Array.from({ length: K }, rnd));
      const y = Array.from({ length: 12 }, rnd);
      const x = nnls(A, y);
      // Gradient of ½‖Ax − y‖²: g = Aᵀ(Ax − y); optimum ⇔ x ≥ 0, g ≥ 0, x·g = 0.
      const r = A.map((row, i) => row.reduce((s, a, k) => s + a * x[k], 0) - y[i]);
      for (let k = 0; k < K; k++) {
        const g = A.reduce((s, row, i) => s + row[k] * r[i], 0);
        expect(x[k]).toBeGreaterThanOrEqual(0);
        expect(g).toBeGreaterThan(-1e-9);
        if (x[k] > 1e-12) expect(Math.abs(g)).toBeLessThan(1e-9);
      }
    }
  });

  it('returns the exact solution when it is non-negative', () => {
    const x = nnls([[1, 0], [0, 2], [1, 1]], [3, 4, 5]);
    expect(x[0]).toBeCloseTo(3, 12);
    expect(x[1]).toBeCloseTo(2, 12);
  });
});

/**
 * Three cells of 200 m; in each, assumed-residential houses (10 × 10 m, 2 floors), collective buildings
 * (20 × 20 m, 4 floors) and large buildings (40 × 30 m, 1 floor) in different numbers, and one known-use flat
 * building; households generated from `yields`. Optionally one assumed-residential house outside the cells.
 */
function yieldTerritory(yields: [number, number, number], outside = false): Territory {
  const b = new TerritoryBuilder('yields', frameForProjected('EPSG:2154', 665000, 6360000));
  const ds = b.addDataset({ id: 'y', title: 'yields', producer: 'tests', licence: 'CC0', attribution: 'test data', themes: ['urbanism'], date: '2026', sourceCrs: 'EPSG:2154', source: 'fixture', synthetic: false });
  const assumed = b.rule('use.bdtopo-v2-layer', 'BD TOPO v2 bâti indifférencié taken as residential');
  const mix = [[3, 1, 0], [1, 2, 1], [2, 0, 2]];
  const units = [1, (1600 * 0.8) / 63, (1200 * 0.8) / 112];
  const occ = p.occupiedDwellingShare;
  const add = (id: string, x: number, y: number, w: number, h: number, floors: number, use: BuildingUse, useRule?: number): void => {
    b.addBuilding({ sourceId: id, dataset: ds, polygons: [[rect(x, y, w, h)]], floors, use, useRule });
  };
  mix.forEach((m, c) => {
    const x0 = 200 * c;
    let households = occ * ((800 * 0.8) / 63); // the known-use building (20 × 10 m, 4 floors)
    add(`known${c}`, x0 + 150, 150, 20, 10, 4, 'residential');
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < m[k]; j++) {
        const [w, h, f] = k === 0 ? [10, 10, 2] : k === 1 ? [20, 20, 4] : [40, 30, 1];
        add(`c${c}k${k}j${j}`, x0 + 5 + 45 * j, 5 + 50 * k, w, h, f, 'residential', assumed);
      }
      households += occ * yields[k] * m[k] * units[k];
    }
    b.addPopulation({ sourceId: `cell${c}`, dataset: ds, polygons: [[rect(x0, 0, 200, 200)]], inhabitants: 2 * households, households, ageCounts: [] });
  });
  if (outside) add('out', 1000, 1000, 10, 10, 2, 'residential', assumed);
  return b.build({ report: new ImportReport('yields', 'test') });
}

describe('calibration of the unknown-use yields', () => {
  it('recovers the yields that generated the households', () => {
    const c = calibrateUnknownUseYields(yieldTerritory([0.8, 0.45, 0.2]), p);
    expect(c.yields.house).toBeCloseTo(0.8, 9);
    expect(c.yields.collective).toBeCloseTo(0.45, 9);
    expect(c.yields.large).toBeCloseTo(0.2, 9);
    expect(c.cells).toBe(3);
    expect(c.buildings).toEqual([6, 3, 3]);
    expect(c.fittedHouseholds).toBeCloseTo(c.households, 6);
  });

  it('leaves out the cells not kept and counts buildings outside every cell as 0 households', () => {
    const t = yieldTerritory([0.8, 0.45, 0.2], true);
    const kept = calibrateUnknownUseYields(t, p, (x) => x < 400);
    expect(kept.cells).toBe(2);
    expect(kept.emptySquares).toBe(0);
    // Two cells for three yields: an exact non-negative fit exists (the generating yields), so NNLS finds one.
    expect(kept.fittedHouseholds).toBeCloseTo(kept.households, 6);
    const all = calibrateUnknownUseYields(t, p);
    expect(all.emptySquares).toBe(1);
    expect(all.yields.house).toBeLessThan(0.8); // the empty house pulls the house yield down
  });

  it('applies the yield to assumed residential uses only, and a use change makes the use known', () => {
    const t = yieldTerritory([0.8, 0.45, 0.2]);
    const r = runUrban(t, { params: p, baseline: 'model', interventions: [{ id: 'known', kind: 'change-use', zone: [rect(0, 0, 200, 200)], use: 'residential' }] });
    const b = r.baseline.buildings;
    const i = b.sourceId.indexOf('c1k1j0');
    const k = b.sourceId.indexOf('known1');
    expect(b.useAssumed[i]).toBe(1);
    expect(b.useAssumed[k]).toBe(0);
    expect(b.dwellings[i]).toBeCloseTo(((1600 * 0.8) / 63) * UNKNOWN_USE_YIELDS.collective, 9);
    expect(b.dwellings[k]).toBeCloseTo((800 * 0.8) / 63, 9);
    // After the use change in cell 0, its assumed house is a known house: one dwelling (baseline + change).
    const s = r.scenario!.buildings;
    const h = s.sourceId.indexOf('c0k0j0');
    expect(s.useAssumed[h]).toBe(0);
    expect(s.dwellings[h]).toBeCloseTo(1, 9);
    expect(s.dwellings[s.sourceId.indexOf('c1k0j0')]).toBeCloseTo(UNKNOWN_USE_YIELDS.house, 9);
  });
});
