/**
 * `jumeau air` end to end through its `run` function: the GeoTIFF (CRS, unit, DEFAULT TRAFFIC label, values equal
 * to the summary), the JSON summary, one-hour mode, threads giving the same raster, a scenario's buildings and
 * roads under default traffic, assigned traffic from the scenario pipeline (when the traffic stage is registered),
 * bad options; and (real data) the Rodez BD TOPO import.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { airCommand } from './air.ts';
import { importCommand } from './import.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { generateSample } from '../../../data/sample/index.ts';
import { readGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { gridStats } from '../../../engine/raster/grid.ts';
import { STAGES } from '../../pipeline/stages/index.ts';

async function run(cmd: Command, ...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await cmd.run(argv, { log: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, out: lines.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'jumeau-air-'));
const EXAMPLES = resolve(import.meta.dirname, '../../examples');
/** Whether a stage of the pipeline produces the assigned flows `--traffic assigned` needs. */
const hasTrafficStage = STAGES.some((s) => s.outputs.includes('traffic.flows'));
if (!hasTrafficStage) console.log('skipping the assigned-traffic runs of jumeau air: no stage of scenarios/pipeline/stages/index.ts produces traffic.flows yet');
const district = join(dir, 'district');

beforeAll(async () => {
  await saveTerritory(district, generateSample({ size: 'district', seed: 1 }));
});

describe('jumeau air on the sample district', () => {
  it('writes an annual NO2 GeoTIFF labelled as default traffic, with the JSON summary', async () => {
    const tif = join(dir, 'no2.tif');
    const r = await run(airCommand, district, '--traffic', 'default', '--pollutant', 'no2', '--cell-m', '20', '--out', tif, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.mode).toBe('annual');
    expect(s.traffic.basedOnDefaultTraffic).toBe(true);
    expect(s.traffic.description).toMatch(/DEFAULT TRAFFIC/);
    expect(s.emissionsTonnesPerYear.nox).toBeGreaterThan(0);
    // Road traffic emits a few hundred grams of CO2 per gram of NOx (national inventories: ~10² Mt CO2 for ~10⁻¹ Mt NOx).
    const ratio = s.emissionsTonnesPerYear.co2 / s.emissionsTonnesPerYear.nox;
    expect(ratio).toBeGreaterThan(100);
    expect(ratio).toBeLessThan(1000);
    expect(s.canyons.streets).toBeGreaterThan(0);
    expect(s.exposure.above.map((a: { id: string }) => a.id)).toEqual(['eu-2008', 'eu-2030', 'who-2021']);
    expect(s.exposure.above.map((a: { thresholdUgM3: number }) => a.thresholdUgM3)).toEqual([40, 20, 10]);
    expect(s.dispersion.pairs).toBeGreaterThan(0);
    const g = readGeoTiffFile(tif);
    expect(g.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
    expect(g.unit).toBe('ug/m3');
    expect(g.description).toMatch(/annual mean NO2/);
    expect(g.description).toMatch(/DEFAULT TRAFFIC/);
    expect([g.width, g.height, g.pixelSizeX]).toEqual([s.grid.width, s.grid.height, 20]);
    const st = gridStats(g.values);
    expect(st.mean).toBeCloseTo(s.concentration.mean, 4);
    expect(st.min).toBeGreaterThanOrEqual(s.backgroundUgM3 - 1e-3);
    expect(st.max).toBeGreaterThan(s.backgroundUgM3 + 1);
    // Residents breathe at least the background and no more than the peak of the map plus canyon increments.
    expect(s.exposure.populationWeightedMeanUgM3).toBeGreaterThan(s.backgroundUgM3);
  });

  it('one hour of PM2.5 in text form', async () => {
    const r = await run(airCommand, district, '--traffic', 'default', '--pollutant', 'pm25', '--cell-m', '25', '--hour', '240,2,E', '--out', join(dir, 'pm25.tif'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PM2\.5 one hour/);
    expect(r.out).toMatch(/DEFAULT road-class flows/);
    expect(r.out).toMatch(/exposure: \d+ residents/);
    expect(readGeoTiffFile(join(dir, 'pm25.tif')).description).toMatch(/one-hour PM2\.5.*wind from 240 deg at 2 m\/s, class E/);
  });

  it('gives the same raster on 1 and 2 threads', async () => {
    await run(airCommand, district, '--traffic', 'default', '--pollutant', 'pm10', '--cell-m', '10', '--threads', '1', '--no-canyons', '--out', join(dir, 'a.tif'));
    await run(airCommand, district, '--traffic', 'default', '--pollutant', 'pm10', '--cell-m', '10', '--threads', '2', '--no-canyons', '--out', join(dir, 'b.tif'));
    expect(Array.from(readGeoTiffFile(join(dir, 'b.tif')).values)).toEqual(Array.from(readGeoTiffFile(join(dir, 'a.tif')).values));
  });

  it("applies a scenario's buildings and roads under default traffic", async () => {
    const base = JSON.parse((await run(airCommand, district, '--traffic', 'default', '--pollutant', 'nox', '--cell-m', '40', '--out', join(dir, 'base.tif'), '--json')).out);
    const calm = join(EXAMPLES, 'district-calm-streets.json');
    const s = JSON.parse((await run(airCommand, district, '--traffic', 'default', '--scenario', calm, '--pollutant', 'nox', '--cell-m', '40', '--out', join(dir, 'calm.tif'), '--json')).out);
    expect(base.scenario).toBeNull();
    expect(s.scenario.id).toBe('district-calm-streets');
    expect(s.traffic.basedOnDefaultTraffic).toBe(true);
    expect(s.traffic.stageSeconds).toHaveProperty('urban');
    expect(s.traffic.stageSeconds).toHaveProperty('roads');
    // The new 9-floor residential block brings residents; 30 km/h streets change the emission factors.
    expect(s.exposure.inhabitants).toBeGreaterThan(base.exposure.inhabitants + 50);
    expect(s.emissionsTonnesPerYear.nox).not.toBeCloseTo(base.emissionsTonnesPerYear.nox, 3);
    expect(readGeoTiffFile(join(dir, 'calm.tif')).description).toMatch(/DEFAULT TRAFFIC/);
  });

  it.skipIf(hasTrafficStage)('without a traffic stage, --traffic assigned (the default) says what is missing', async () => {
    await expect(run(airCommand, district, '--pollutant', 'no2', '--out', join(dir, 'x.tif'))).rejects.toThrow(/no stage of this pipeline produces traffic.flows .* use --traffic default/);
  });

  it('refuses bad options with one clear message', async () => {
    const out = join(dir, 'x.tif');
    await expect(run(airCommand, district, '--traffic', 'counts', '--pollutant', 'no2', '--out', out)).rejects.toThrow(/--traffic must be "assigned" or "default", got "counts"/);
    await expect(run(airCommand, district, '--scenario', join(dir, 'none.json'), '--pollutant', 'no2', '--out', out)).rejects.toThrow(/none.json: cannot read the scenario/);
    await expect(run(airCommand, district, '--pollutant', 'so2', '--out', out)).rejects.toThrow(/--pollutant must be one of no2, nox, pm10, pm25, co2/);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--hour', '240,2', '--out', out)).rejects.toThrow(UsageError);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--hour', '240,2,G', '--out', out)).rejects.toThrow(/--hour expects/);
    await expect(run(airCommand, district, '--pollutant', 'no2')).rejects.toThrow(/missing required option --out/);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--cell-m', '0', '--out', out)).rejects.toThrow(/--cell-m must be a number/);
    await expect(run(airCommand, district, '--traffic', 'default', '--pollutant', 'no2', '--cell-m', '1', '--margin', '5000', '--out', out)).rejects.toThrow(/M cells, above 25 M: use a larger --cell-m/);
    await expect(run(airCommand, dir, '--pollutant', 'no2', '--out', out)).rejects.toThrow(/not a territory directory/);
  });
});

describe.skipIf(!hasTrafficStage)('jumeau air with assigned traffic (scenario pipeline) on the sample district', () => {
  it('maps NO2 from the assigned flows of the baseline and of a scenario, and says so', async () => {
    const tif = join(dir, 'assigned.tif');
    const r = await run(airCommand, district, '--pollutant', 'no2', '--cell-m', '40', '--out', tif, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.traffic.mode).toBe('assigned');
    expect(s.traffic.source).toBe('assignment');
    expect(s.traffic.basedOnDefaultTraffic).toBe(false);
    expect(s.traffic.description).toMatch(/annual-average hour = daily flow × 1 \/ 24; 2 h\/day at the congested peak-hour speed/);
    expect(s.scenario.id).toBe('baseline');
    expect(s.emissionsTonnesPerYear.nox).toBeGreaterThan(0);
    expect(s.exposure.populationWeightedMeanUgM3).toBeGreaterThan(s.backgroundUgM3);
    expect(readGeoTiffFile(tif).description).toMatch(/ASSIGNED TRAFFIC of scenario "baseline"/);
    const text = (await run(airCommand, district, '--scenario', join(EXAMPLES, 'district-calm-streets.json'), '--pollutant', 'no2', '--cell-m', '40', '--out', join(dir, 'assigned-calm.tif'))).out;
    expect(text).toMatch(/traffic: assigned flows of scenario "district-calm-streets"/);
  });
});

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const RODEZ = join(DATA, 'rodez/bdtopo-v2');
if (!existsSync(RODEZ)) console.log(`skipping the Rodez air run: ${RODEZ} is absent`);

describe.skipIf(!existsSync(RODEZ))('jumeau air on Rodez (real data)', () => {
  it('maps annual NO2 over the BD TOPO import with default traffic', async () => {
    const t = join(dir, 'rodez');
    expect((await run(importCommand, 'bdtopo', RODEZ, '--out', t, '--quiet')).code).toBe(0);
    const r = await run(airCommand, t, '--traffic', 'default', '--pollutant', 'no2', '--cell-m', '25', '--out', join(dir, 'rodez-no2.tif'), '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.traffic.basedOnDefaultTraffic).toBe(true);
    expect(s.grid.crs).toBe('EPSG:2154');
    // 4 981 BD TOPO road segments give tens of thousands of line pieces; NOx of a town of 30 000 people: 10²–10³ t/yr.
    expect(s.dispersion.lineSources).toBeGreaterThan(4981);
    expect(s.emissionsTonnesPerYear.nox).toBeGreaterThan(50);
    expect(s.emissionsTonnesPerYear.nox).toBeLessThan(2000);
    expect(s.concentration.max).toBeLessThan(100);
    expect(s.canyons.streets).toBeGreaterThan(50);
    // Residents inside the INSEE cells cannot exceed the 29 736 of the Filosofi grid.
    const zoned = s.exposure.zones.reduce((a: number, z: { inhabitants: number }) => a + z.inhabitants, 0);
    expect(zoned).toBeLessThanOrEqual(29736 + 1);
    expect(zoned).toBeGreaterThan(20000);
  });
});
