/**
 * `jumeau air` end to end through its `run` function: the GeoTIFF (CRS, unit, DEFAULT TRAFFIC label, values equal
 * to the summary), the JSON summary, one-hour mode, threads giving the same raster, bad options; and (real data)
 * the Rodez BD TOPO import.
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

async function run(cmd: Command, ...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await cmd.run(argv, { log: (s) => lines.push(s), err: (s) => lines.push(s) });
  return { code, out: lines.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'jumeau-air-'));
const district = join(dir, 'district');

beforeAll(async () => {
  await saveTerritory(district, generateSample({ size: 'district', seed: 1 }));
});

describe('jumeau air on the sample district', () => {
  it('writes an annual NO2 GeoTIFF labelled as default traffic, with the JSON summary', async () => {
    const tif = join(dir, 'no2.tif');
    const r = await run(airCommand, district, '--pollutant', 'no2', '--cell-m', '20', '--out', tif, '--json');
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
    const r = await run(airCommand, district, '--pollutant', 'pm25', '--cell-m', '25', '--hour', '240,2,E', '--out', join(dir, 'pm25.tif'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PM2\.5 one hour/);
    expect(r.out).toMatch(/DEFAULT road-class flows/);
    expect(r.out).toMatch(/exposure: \d+ residents/);
    expect(readGeoTiffFile(join(dir, 'pm25.tif')).description).toMatch(/one-hour PM2\.5.*wind from 240 deg at 2 m\/s, class E/);
  });

  it('gives the same raster on 1 and 2 threads', async () => {
    await run(airCommand, district, '--pollutant', 'pm10', '--cell-m', '10', '--threads', '1', '--no-canyons', '--out', join(dir, 'a.tif'));
    await run(airCommand, district, '--pollutant', 'pm10', '--cell-m', '10', '--threads', '2', '--no-canyons', '--out', join(dir, 'b.tif'));
    expect(Array.from(readGeoTiffFile(join(dir, 'b.tif')).values)).toEqual(Array.from(readGeoTiffFile(join(dir, 'a.tif')).values));
  });

  it('refuses bad options with one clear message', async () => {
    const out = join(dir, 'x.tif');
    await expect(run(airCommand, district, '--pollutant', 'so2', '--out', out)).rejects.toThrow(/--pollutant must be one of no2, nox, pm10, pm25, co2/);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--hour', '240,2', '--out', out)).rejects.toThrow(UsageError);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--hour', '240,2,G', '--out', out)).rejects.toThrow(/--hour expects/);
    await expect(run(airCommand, district, '--pollutant', 'no2')).rejects.toThrow(/missing required option --out/);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--cell-m', '0', '--out', out)).rejects.toThrow(/--cell-m must be a number/);
    await expect(run(airCommand, district, '--pollutant', 'no2', '--cell-m', '1', '--margin', '5000', '--out', out)).rejects.toThrow(/M cells, above 25 M: use a larger --cell-m/);
    await expect(run(airCommand, dir, '--pollutant', 'no2', '--out', out)).rejects.toThrow(/not a territory directory/);
  });
});

const DATA = resolve(import.meta.dirname, '../../../../shared/data');
const RODEZ = join(DATA, 'rodez/bdtopo-v2');
if (!existsSync(RODEZ)) console.log(`skipping the Rodez air run: ${RODEZ} is absent`);

describe.skipIf(!existsSync(RODEZ))('jumeau air on Rodez (real data)', () => {
  it('maps annual NO2 over the BD TOPO import with default traffic', async () => {
    const t = join(dir, 'rodez');
    expect((await run(importCommand, 'bdtopo', RODEZ, '--out', t, '--quiet')).code).toBe(0);
    const r = await run(airCommand, t, '--pollutant', 'no2', '--cell-m', '25', '--out', join(dir, 'rodez-no2.tif'), '--json');
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
