/**
 * Territory → heat inputs on the sample district: the DSM nests in the heat grid snapped in Lambert-93,
 * inhabitants and footprint areas are conserved, preparation is deterministic, new buildings warm the night
 * where they are built, and bad input is named. With the real data of ../shared/data: the medieval core of
 * Rodez around its cathedral is classified compact midrise and is among the warmest cells at night.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGeoJson } from '../importers/geojson.ts';
import { FrameTransform } from '../frame.ts';
import { isBuiltLcz } from '../../engine/heat/lcz.ts';
import { generateSample } from '../sample/index.ts';
import { prepareTerritoryHeat, type TerritoryHeatInputs } from './heat.ts';
import { runHeat } from '../../engine/heat/model.ts';
import { LAND_COVERS, featureArea, featureCentroid, type Territory } from '../../engine/territory.ts';
import { rect } from '../../engine/heat/synthetic.ts';

let t: Territory;
let h: TerritoryHeatInputs;
beforeAll(() => {
  t = generateSample({ size: 'district', seed: 5 });
  h = prepareTerritoryHeat(t, { cellSizeM: 25 });
});

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

describe('territory heat inputs', () => {
  it('nests the DSM in a heat grid snapped to the cell size in Lambert-93 and conserves people and footprints', () => {
    const g = h.inputs.grid;
    expect(h.dsm.cellSizeM).toBe(5);
    expect([h.dsm.width, h.dsm.height]).toEqual([g.width * 5, g.height * 5]);
    expect((g.originX + t.frame.originX) % 25).toBe(0);
    expect((g.originY + t.frame.originY) % 25).toBe(0);
    expect(sum(h.inputs.population)).toBeCloseTo(sum(t.buildings.inhabitants), 1);
    expect(sum(h.inputs.buildingM2) / sum(t.buildings.footprintAreaM2)).toBeGreaterThan(0.99);
    expect(sum(h.inputs.buildingM2) / sum(t.buildings.footprintAreaM2)).toBeLessThan(1.01);
    expect(h.inputs.trafficSource).toBe('default-by-road-class');
    expect(h.timings.svfS).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const again = prepareTerritoryHeat(t, { cellSizeM: 25 });
    for (const k of ['buildingM2', 'facadeM2', 'groundSvfSum', 'groundShadeSum', 'imperviousM2', 'trafficVehMPerDay'] as const) expect(Array.from(again.inputs[k])).toEqual(Array.from(h.inputs[k]));
    expect(JSON.stringify(runHeat(again.inputs).summary)).toBe(JSON.stringify(runHeat(h.inputs).summary));
  });

  it('new buildings on a park warm the night there; removing the buildings of a zone cools it', () => {
    // The largest park of the district.
    let park = -1;
    for (let i = 0; i < t.landCover.count; i++) if (LAND_COVERS[t.landCover.cover[i]] === 'vegetation' && (park < 0 || featureArea(t.landCover.geometry, i) > featureArea(t.landCover.geometry, park))) park = i;
    const [cx, cy] = featureCentroid(t.landCover.geometry, park, [0, 0]);
    const add = [-1, 0, 1].flatMap((i) => [-1, 0, 1].map((j) => ({ rings: [rect(cx + 25 * i - 10, cy + 25 * j - 10, 20, 20)], heightM: 18, floors: 6, inhabitants: 40 })));
    const base = runHeat(h.inputs);
    const built = runHeat(prepareTerritoryHeat(t, { cellSizeM: 25, buildingChanges: { add } }).inputs);
    const g = base.grid;
    const at = (x: number, y: number): number => Math.floor((g.originY - y) / g.cellSizeM) * g.width + Math.floor((x - g.originX) / g.cellSizeM);
    expect(built.nightUhiK[at(cx, cy)]).toBeGreaterThan(base.nightUhiK[at(cx, cy)] + 0.05);
    expect(built.dayAnomalyK[at(cx, cy)]).toBeGreaterThan(base.dayAnomalyK[at(cx, cy)]);
    // Remove every building of the 300 m around the district's centre.
    const remove: number[] = [];
    const c = [0, 0];
    for (let i = 0; i < t.buildings.count; i++) {
      featureCentroid(t.buildings.footprint, i, c);
      if (Math.hypot(c[0], c[1]) < 300) remove.push(i);
    }
    expect(remove.length).toBeGreaterThan(100);
    const cleared = runHeat(prepareTerritoryHeat(t, { cellSizeM: 25, buildingChanges: { remove } }).inputs);
    expect(cleared.nightUhiK[at(0, 0)]).toBeLessThan(base.nightUhiK[at(0, 0)] - 1);
  });

  it('names bad input', () => {
    expect(() => prepareTerritoryHeat(t, { cellSizeM: 0.5 })).toThrow(/heat cell size must be a number of metres in \[1, 1000\]/);
    expect(() => prepareTerritoryHeat(t, { cellSizeM: 25, dsmSubdivision: 0 })).toThrow(/dsmSubdivision must be an integer/);
    expect(() => prepareTerritoryHeat(t, { cellSizeM: 25, date: '2025-13-01' })).toThrow(/2025-13-01/);
    expect(() => prepareTerritoryHeat(t, { cellSizeM: 25, buildingChanges: { remove: [t.buildings.count] } })).toThrow(/buildings.remove\[0\] must be a building index/);
    expect(() => prepareTerritoryHeat(t, { cellSizeM: 25, buildingChanges: { add: [{ rings: [rect(0, 0, 10, 10)], heightM: -3 }] } })).toThrow(/buildings.add\[0\].heightM must be a positive number/);
    const empty = { ...t, buildings: { ...t.buildings, count: 0, footprint: { featureRingStart: new Uint32Array(1), ringVertexStart: new Uint32Array(1), xy: new Float64Array(0) } } };
    expect(() => prepareTerritoryHeat(empty, {})).toThrow(/has no buildings: give explicit bounds/);
  });
});

const rodez = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data/rodez/centre-2km-geojson');
if (!existsSync(rodez)) console.log(`data/heat real-data test skipped: ${rodez} is absent`);

describe.skipIf(!existsSync(rodez))('Rodez centre, IGN BD TOPO (real data)', () => {
  it('classifies the medieval core around the cathedral as compact midrise (LCZ 2), among the warmest 10 % at night', async () => {
    const { territory } = await importGeoJson(rodez);
    const r = runHeat(prepareTerritoryHeat(territory, { cellSizeM: 25 }).inputs);
    // Cathédrale Notre-Dame de Rodez: 44.3509° N, 2.5741° E.
    const p = [0, 0];
    new FrameTransform(territory.frame, 'EPSG:4326').sourceToLocal(2.5741, 44.3509, p);
    const g = r.grid;
    const c = Math.floor((g.originY - p[1]) / g.cellSizeM) * g.width + Math.floor((p[0] - g.originX) / g.cellSizeM);
    expect(r.lcz[c]).toBe(2);
    const built: number[] = [];
    for (let i = 0; i < r.lcz.length; i++) if (isBuiltLcz(r.lcz[i])) built.push(r.nightUhiK[i]);
    built.sort((a, b) => a - b);
    expect(r.nightUhiK[c]).toBeGreaterThan(built[Math.floor(0.9 * built.length)]);
  });
});
