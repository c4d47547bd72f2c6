/**
 * The solar commands end to end through their `run` functions: NREL vector from `sun`, a DSM from a territory,
 * shadow / SVF / sun-hours rasters checked against analytic values, and bad input (not a GeoTIFF, no
 * georeferencing, no-data cells, sun below the horizon, bad options) giving one clear message.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { sunCommand } from './sun.ts';
import { dsmCommand } from './dsm.ts';
import { shadowCommand } from './shadow.ts';
import { svfCommand } from './svf.ts';
import { sunhoursCommand } from './sunhours.ts';
import { tinyTerritory } from '../../../data/test-fixtures.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { readGeoTiffFile, writeGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { writeGeoTiff } from '../../../data/geotiff/write.ts';
import type { GeoRaster } from '../../../data/geotiff/types.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'jumeau-solar-'));

async function run(cmd: Command, ...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await cmd.run(argv, { log: (s) => out.push(s), err: (s) => out.push(s) });
  return { code, out };
}

/** A DSM raster in Lambert-93 near Paris (x = 652 000, y = 6 862 000), `cs` m cells, all at `fill` m. */
function l93(width: number, height: number, cs = 1, fill = 0): GeoRaster {
  return { width, height, values: new Float32Array(width * height).fill(fill), originX: 652000, originY: 6862000, pixelSizeX: cs, pixelSizeY: cs, nodata: NaN, crs: { kind: 'epsg', code: 2154, geographic: false } };
}

describe('jumeau sun', () => {
  it('prints the NREL SPA test vector as JSON', async () => {
    const r = await run(sunCommand, '--lat', '39.742476', '--lon', '-105.1786', '--time', '2003-10-17T12:30:30-07:00', '--elevation-m', '1830.14', '--pressure-hpa', '820', '--temperature-c', '11', '--delta-t-s', '67', '--json');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out.join(''));
    expect(Object.keys(p)).toEqual(['zenithDeg', 'azimuthDeg', 'elevationDeg']);
    expect(Math.abs(p.zenithDeg - 50.111622)).toBeLessThan(0.0005);
    expect(Math.abs(p.azimuthDeg - 194.340241)).toBeLessThan(0.0005);
    expect(p.elevationDeg).toBeCloseTo(90 - p.zenithDeg, 10);
    // Same instant in UTC.
    const z = await run(sunCommand, '--lat', '39.742476', '--lon', '-105.1786', '--time', '2003-10-17T19:30:30Z', '--elevation-m', '1830.14', '--pressure-hpa', '820', '--temperature-c', '11', '--delta-t-s', '67', '--json');
    expect(JSON.parse(z.out.join(''))).toEqual(p);
    const text = await run(sunCommand, '--lat', '48.85', '--lon', '2.35', '--time', '2024-12-21T03:00+01:00');
    expect(text.out.join('\n')).toMatch(/azimuth .*from north, clockwise/);
    expect(text.out.join('\n')).toMatch(/below the horizon/);
  });

  it('refuses ambiguous or invalid input', async () => {
    const base = ['--lat', '45', '--lon', '5'];
    await expect(run(sunCommand, ...base, '--time', '2024-06-21T12:00:00')).rejects.toThrow(/needs a UTC offset/);
    await expect(run(sunCommand, ...base, '--time', 'noon')).rejects.toThrow(UsageError);
    await expect(run(sunCommand, ...base, '--time', '2024-02-30T12:00Z')).rejects.toThrow(/not a calendar date/);
    await expect(run(sunCommand, '--lat', '95', '--lon', '5', '--time', '2024-06-21T12:00Z')).rejects.toThrow(/--lat must be a number in \[-90, 90\]/);
    await expect(run(sunCommand, ...base, '--time', '2024-06-21T12:00Z', '--pressure-hpa', 'high')).rejects.toThrow(/--pressure-hpa/);
  });
});

describe('jumeau dsm / shadow / svf / sunhours', () => {
  it('dsm writes a Lambert-93 DSM of a territory', async () => {
    const dir = tmp();
    await saveTerritory(join(dir, 't'), tinyTerritory().territory);
    const r = await run(dsmCommand, join(dir, 't'), '--res', '2', '--out', join(dir, 'dsm.tif'));
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/4 of 4 buildings rasterised/);
    const d = readGeoTiffFile(join(dir, 'dsm.tif'));
    expect(d.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
    expect(d.pixelSizeX).toBe(2);
    expect(Math.max(...d.values)).toBeGreaterThanOrEqual(9);
    await expect(run(dsmCommand, dir, '--out', join(dir, 'x.tif'))).rejects.toThrow(/not a territory directory/);
    await expect(run(dsmCommand, join(dir, 't'), '--res', '-1', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--res must be a number/);
  });

  it('shadow: a 20 m box at 45° elevation casts 20 m of shadow; sun below the horizon shades everything', async () => {
    const dir = tmp();
    const r = l93(80, 80);
    for (let row = 30; row < 40; row++) for (let c = 30; c < 40; c++) r.values[row * 80 + c] = 20;
    writeGeoTiffFile(join(dir, 'box.tif'), r);
    const res = await run(shadowCommand, join(dir, 'box.tif'), '--azimuth-deg', '180', '--elevation-deg', '45', '--out', join(dir, 'm.tif'));
    expect(res.code).toBe(0);
    const m = readGeoTiffFile(join(dir, 'm.tif'));
    expect([m.originX, m.originY, m.crs?.kind]).toEqual([652000, 6862000, 'epsg']);
    let len = 0;
    while (m.values[(29 - len) * 80 + 35] === 1) len++; // north of the box (sun in the south)
    expect(Math.abs(len - 20)).toBeLessThanOrEqual(1);
    const below = await run(shadowCommand, join(dir, 'box.tif'), '--azimuth-deg', '180', '--elevation-deg', '-5', '--out', join(dir, 'm2.tif'));
    expect(below.out.join('\n')).toMatch(/below the horizon.*every cell is in shadow/);
    expect(readGeoTiffFile(join(dir, 'm2.tif')).values.every((v) => v === 1)).toBe(true);
  });

  it('svf: centre of a street canyon with H/W = 1 gives 0.4472', async () => {
    const dir = tmp();
    const W = 27;
    const H = 600;
    const r = l93(W, H);
    for (let row = 0; row < H; row++) for (let c = 0; c < W; c++) if (c < 3 || c >= 24) r.values[row * W + c] = 21;
    writeGeoTiffFile(join(dir, 'canyon.tif'), r);
    const res = await run(svfCommand, join(dir, 'canyon.tif'), '--out', join(dir, 'svf.tif'));
    expect(res.out.join('\n')).toMatch(/32 directions/);
    const s = readGeoTiffFile(join(dir, 'svf.tif'));
    expect(Math.abs(s.values[300 * W + 13] - 0.4472)).toBeLessThan(0.01);
    await expect(run(svfCommand, join(dir, 'canyon.tif'), '--directions', '3', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--directions must be an integer in \[4, 1440\]/);
  });

  it('sunhours: open ground near Paris gets the day length, lat/lon from the DSM centre; per-building CSV', async () => {
    const dir = tmp();
    writeGeoTiffFile(join(dir, 'flat.tif'), l93(30, 20));
    const res = await run(sunhoursCommand, join(dir, 'flat.tif'), '--date', '2024-06-21', '--out', join(dir, 'h.tif'));
    expect(res.out.join('\n')).toMatch(/at 48\.8\d+°, 2\.\d+°/);
    const h = readGeoTiffFile(join(dir, 'h.tif'));
    expect(h.unit).toBe('h');
    // Paris, June solstice: 16 h 10 min from sunrise to sunset (upper limb).
    expect(Math.abs(h.values[0] - 16.17)).toBeLessThanOrEqual(0.25);
    // Per building, on the DSM of a territory.
    await saveTerritory(join(dir, 't'), tinyTerritory().territory);
    await run(dsmCommand, join(dir, 't'), '--out', join(dir, 'dsm.tif'));
    const b = await run(sunhoursCommand, join(dir, 'dsm.tif'), '--date', '2024-03-20', '--step-min', '30', '--territory', join(dir, 't'), '--buildings-csv', join(dir, 'b.csv'), '--out', join(dir, 'h2.tif'));
    expect(b.code).toBe(0);
    const csv = readFileSync(join(dir, 'b.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('building,source_id,roof_cells,roof_sun_hours,facade_samples,facade_sun_hours');
    expect(csv).toHaveLength(5);
    const day = Number(/day length ([\d.]+) h/.exec(b.out.join('\n'))?.[1]);
    for (const line of csv.slice(1)) {
      const [, , cells, roof, samples, facade] = line.split(',');
      expect(Number(cells)).toBeGreaterThan(0);
      expect(Number(roof)).toBeCloseTo(day, 2); // isolated flat roofs see the whole day
      expect(Number(samples)).toBeGreaterThan(0);
      expect(Number(facade)).toBeGreaterThan(0.3 * day);
      expect(Number(facade)).toBeLessThan(0.7 * day);
    }
  });

  it('polar night, missing lat/lon without CRS, no-data cells', async () => {
    const dir = tmp();
    writeGeoTiffFile(join(dir, 'flat.tif'), l93(10, 10));
    const night = await run(sunhoursCommand, join(dir, 'flat.tif'), '--date', '2024-12-21', '--lat', '80', '--lon', '15', '--out', join(dir, 'n.tif'));
    expect(night.out.join('\n')).toMatch(/below the horizon all day/);
    writeGeoTiffFile(join(dir, 'nocrs.tif'), { ...l93(10, 10), crs: null });
    await expect(run(sunhoursCommand, join(dir, 'nocrs.tif'), '--date', '2024-06-21', '--out', join(dir, 'x.tif'))).rejects.toThrow(/has no CRS: give --lat and --lon/);
    await expect(run(sunhoursCommand, join(dir, 'flat.tif'), '--date', '2024-06-21', '--lat', '45', '--out', join(dir, 'x.tif'))).rejects.toThrow(/both --lat and --lon/);
    await expect(run(sunhoursCommand, join(dir, 'flat.tif'), '--date', '21/06/2024', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--date: date must be YYYY-MM-DD/);
    await expect(run(sunhoursCommand, join(dir, 'flat.tif'), '--date', '2024-06-21', '--step-min', '7', '--out', join(dir, 'x.tif'))).rejects.toThrow(/must divide 1440/);
    const holes = l93(10, 10);
    holes.values[12] = NaN;
    writeGeoTiffFile(join(dir, 'holes.tif'), holes);
    const s = await run(svfCommand, join(dir, 'holes.tif'), '--directions', '8', '--out', join(dir, 's.tif'));
    expect(s.out.join('\n')).toMatch(/1 no-data cells left as no-data/);
    const v = readGeoTiffFile(join(dir, 's.tif')).values;
    expect(Number.isNaN(v[12])).toBe(true);
    expect(v.filter((x) => Number.isNaN(x))).toHaveLength(1);
  });

  it('bad rasters: not a GeoTIFF, no georeferencing, geographic CRS, all no-data', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.tif'), 'not an image');
    await expect(run(shadowCommand, join(dir, 'a.tif'), '--azimuth-deg', '0', '--elevation-deg', '30', '--out', join(dir, 'x.tif'))).rejects.toThrow(/a\.tif: not a TIFF file/);
    // A TIFF without georeferencing tags: drop ModelPixelScale/ModelTiepoint by renaming them to private tags.
    const bytes = writeGeoTiff(l93(4, 4));
    const dv = new DataView(bytes.buffer);
    const n = dv.getUint16(8, true);
    for (let i = 0; i < n; i++) {
      const tag = dv.getUint16(10 + 12 * i, true);
      if (tag === 33550 || tag === 33922) dv.setUint16(10 + 12 * i, 65000 + i, true);
    }
    writeFileSync(join(dir, 'nogeo.tif'), bytes);
    await expect(run(svfCommand, join(dir, 'nogeo.tif'), '--out', join(dir, 'x.tif'))).rejects.toThrow(/nogeo\.tif: no georeferencing/);
    writeGeoTiffFile(join(dir, 'wgs.tif'), { ...l93(4, 4), crs: { kind: 'epsg', code: 4326, geographic: true }, originX: 2, originY: 48, pixelSizeX: 1e-5, pixelSizeY: 1e-5 });
    await expect(run(svfCommand, join(dir, 'wgs.tif'), '--out', join(dir, 'x.tif'))).rejects.toThrow(/geographic CRS .*reproject/);
    writeGeoTiffFile(join(dir, 'empty.tif'), l93(4, 4, 1, NaN));
    await expect(run(shadowCommand, join(dir, 'empty.tif'), '--azimuth-deg', '0', '--elevation-deg', '30', '--out', join(dir, 'x.tif'))).rejects.toThrow(/every cell is no-data/);
    expect(existsSync(join(dir, 'x.tif'))).toBe(false);
  });
});
