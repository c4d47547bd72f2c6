/**
 * GDAL as the reference: gdalinfo reads our files (size, geotransform, CRS, no-data, statistics) and our reader
 * reads what gdal_translate writes (LZW, deflate + float predictor, tiles, big-endian, Int16 + predictor 2).
 * Skipped with a message when GDAL (Debian's gdal-bin) is not installed.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoTiffFile, writeGeoTiffFile } from './geotiff-node.ts';
import type { GeoRaster } from './types.ts';

const HAS_GDAL = spawnSync('gdalinfo', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAS_GDAL) console.warn('GeoTIFF/GDAL cross-checks skipped: gdalinfo not found (apt-get install gdal-bin)');

function raster(): GeoRaster {
  const W = 53;
  const H = 41;
  const values = new Float32Array(W * H);
  for (let i = 0; i < values.length; i++) values[i] = Math.round((Math.cos(i * 0.11) * 40 + 50) * 8) / 8; // exact in Int16 × 1/8
  values[7] = NaN;
  return { width: W, height: H, values, originX: 351000, originY: 6790000, pixelSizeX: 2, pixelSizeY: 2, nodata: -9999, crs: { kind: 'epsg', code: 2154, geographic: false }, description: 'digital surface model', unit: 'm' };
}

describe.skipIf(!HAS_GDAL)('GeoTIFF against GDAL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jumeau-gdal-'));

  it('gdalinfo reads size, geotransform, EPSG:2154, no-data and the values of our files', () => {
    const r = raster();
    for (const compress of [false, true]) {
      const p = join(dir, `ours-${compress}.tif`);
      writeGeoTiffFile(p, r, { compress });
      const out = spawnSync('gdalinfo', ['-json', '-stats', p], { encoding: 'utf8' });
      expect(out.status).toBe(0);
      const info = JSON.parse(out.stdout);
      expect(info.size).toEqual([53, 41]);
      expect(info.geoTransform).toEqual([351000, 2, 0, 6790000, 0, -2]);
      expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",2154\]\]$/);
      const band = info.bands[0];
      expect(band.type).toBe('Float32');
      expect(band.noDataValue).toBe(-9999);
      expect(band.description).toBe('digital surface model');
      expect(band.unit).toBe('m');
      let sum = 0;
      let n = 0;
      for (const v of r.values) if (!Number.isNaN(v)) (sum += v), n++;
      expect(band.mean).toBeCloseTo(sum / n, 3);
      expect(band.metadata[''].STATISTICS_VALID_PERCENT).toBe(String(Math.round((n / r.values.length) * 1e4) / 100));
    }
  });

  it('reads rasters written by gdal_translate in several encodings', () => {
    const r = raster();
    const src = join(dir, 'src.tif');
    writeGeoTiffFile(src, r, { compress: false });
    const variants: Array<[string, string[], number]> = [
      ['lzw-tiled', ['-co', 'COMPRESS=LZW', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=16', '-co', 'BLOCKYSIZE=16'], 0],
      ['deflate-pred3', ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3'], 0],
      // (Not big-endian with PREDICTOR=3: GDAL 3.6 itself reads such a file of its own back as garbage.)
      ['big-endian', ['-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW'], 0],
      ['int16-pred2', ['-ot', 'Int16', '-scale', '0', '1', '0', '8', '-a_nodata', '-32768', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2'], 8],
      ['float64', ['-ot', 'Float64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3'], 0],
    ];
    for (const [name, args, scale] of variants) {
      const p = join(dir, `${name}.tif`);
      const t = spawnSync('gdal_translate', ['-q', ...args, src, p], { encoding: 'utf8' });
      expect(t.status, t.stderr).toBe(0);
      const back = readGeoTiffFile(p);
      expect(back.width).toBe(r.width);
      expect([back.originX, back.originY, back.pixelSizeX]).toEqual([351000, 6790000, 2]);
      expect(back.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
      for (let i = 0; i < r.values.length; i++) {
        if (Number.isNaN(r.values[i])) expect(Number.isNaN(back.values[i]), name).toBe(true);
        else expect(scale ? back.values[i] / scale : back.values[i], `${name} ${i}`).toBe(r.values[i]);
      }
    }
  });

  it('reads a geographic (EPSG:4326) raster assigned by GDAL', () => {
    const p = join(dir, 'wgs84.tif');
    const t = spawnSync('gdal_translate', ['-q', '-a_srs', 'EPSG:4326', '-a_ullr', '-1.7', '48.2', '-1.6', '48.1', join(dir, 'src.tif'), p], { encoding: 'utf8' });
    expect(t.status, t.stderr).toBe(0);
    const back = readGeoTiffFile(p);
    expect(back.crs).toEqual({ kind: 'epsg', code: 4326, geographic: true });
    expect(back.originX).toBeCloseTo(-1.7, 12);
  });
});
