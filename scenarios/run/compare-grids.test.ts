import { describe, expect, it } from 'vitest';
import type { GeoRaster } from '../../data/geotiff/types.ts';
import { differenceRaster } from './compare-grids.ts';

const crs = { kind: 'epsg', code: 2154, geographic: false } as const;
function raster(width: number, height: number, originX: number, originY: number, f: (c: number, r: number) => number, unit = 'h'): GeoRaster {
  const values = new Float32Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) values[r * width + c] = f(c, r);
  return { width, height, values, originX, originY, pixelSizeX: 10, pixelSizeY: 10, nodata: NaN, crs, unit };
}

describe('difference grids B − A', () => {
  it('subtracts cell by cell on the common extent of grids offset by whole cells', () => {
    // A covers x 0–40, y 30–0 (4 × 3); B is shifted one cell east and one cell south (x 10–50, y 20–−10).
    const a = raster(4, 3, 0, 30, (c, r) => 100 * r + c);
    const b = raster(4, 3, 10, 20, (c, r) => 1000 + 100 * r + c);
    const d = differenceRaster(a, b, 'x.tif');
    if (!d.ok) throw new Error(d.reason);
    expect([d.raster.width, d.raster.height, d.raster.originX, d.raster.originY]).toEqual([3, 2, 10, 20]);
    // Common cell (col 1, row 1) of A = B's (0, 0): B − A = 1000 − 101.
    expect(d.raster.values[0]).toBeCloseTo(1000 - 101, 4);
    // Last common cell: A (3, 2) = 203, B (2, 1) = 1102.
    expect(d.raster.values[5]).toBeCloseTo(1102 - 203, 4);
    expect(d.stats.cells).toBe(6);
    expect(d.stats.changedCells).toBe(6);
    expect(d.stats.unit).toBe('h');
  });

  it('identical grids give zero everywhere; no-data in either run stays no-data', () => {
    const a = raster(3, 3, 0, 30, (c, r) => c + r);
    const b = raster(3, 3, 0, 30, (c, r) => (c === 1 && r === 1 ? NaN : c + r));
    const d = differenceRaster(a, b);
    if (!d.ok) throw new Error(d.reason);
    expect(Number.isNaN(d.raster.values[4])).toBe(true);
    expect(d.stats.cells).toBe(8);
    expect(d.stats.changedCells).toBe(0);
    expect(d.stats.maxDelta).toBe(0);
  });

  it('refuses, with the reason, grids that cannot be compared cell by cell', () => {
    const a = raster(3, 3, 0, 30, () => 1);
    expect(differenceRaster(a, raster(3, 3, 5, 30, () => 1))).toMatchObject({ ok: false, reason: expect.stringMatching(/not aligned/) });
    expect(differenceRaster(a, { ...raster(3, 3, 0, 30, () => 1), pixelSizeX: 20 })).toMatchObject({ ok: false, reason: expect.stringMatching(/cell sizes/) });
    expect(differenceRaster(a, { ...raster(3, 3, 0, 30, () => 1), crs: { kind: 'epsg', code: 3857, geographic: false } })).toMatchObject({ ok: false, reason: expect.stringMatching(/reference systems/) });
    expect(differenceRaster(a, raster(3, 3, 0, 30, () => 1, 'µg/m³'))).toMatchObject({ ok: false, reason: expect.stringMatching(/units/) });
    expect(differenceRaster(a, raster(3, 3, 100, 30, () => 1))).toMatchObject({ ok: false, reason: expect.stringMatching(/overlap/) });
  });
});
