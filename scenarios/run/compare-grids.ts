/**
 * Difference grids of two runs: for every GeoTIFF result present in both run directories (same file name), the
 * raster B − A on the cells the two grids share. Pure computation on GeoRasters ({@link differenceRaster}); the
 * file side ({@link compareRunGrids}) reads the runs and writes `<name>` (B − A) into an output directory.
 *
 * Grids are comparable when they have the same CRS and pixel size and their origins differ by a whole number of
 * pixels (the stages snap their grids to multiples of the cell size, so two scenarios on one territory align even
 * when their extents differ). The difference covers the intersection of the two extents; a cell is no-data (NaN)
 * when it is no-data in either run. Grids that cannot be compared are listed with the reason, never resampled.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readGeoTiffFile, writeGeoTiffFile } from '../../data/geotiff/geotiff-node.ts';
import type { GeoRaster } from '../../data/geotiff/types.ts';
import type { RunManifest } from './run-dir.ts';

export interface GridDifferenceStats {
  file: string;
  width: number;
  height: number;
  /** Cells with a value in both runs. */
  cells: number;
  /** Cells where |B − A| > 1e-6 of the unit. */
  changedCells: number;
  minDelta: number;
  maxDelta: number;
  meanDelta: number;
  unit?: string;
}

export type GridComparison = { file: string; ok: true; stats: GridDifferenceStats; raster: GeoRaster } | { file: string; ok: false; reason: string };

const sameCrs = (a: GeoRaster, b: GeoRaster): boolean => JSON.stringify(a.crs) === JSON.stringify(b.crs);

/** Whole number of pixels in `d / size`, or null when it is not one (tolerance 1e-6 pixel). */
function wholePixels(d: number, size: number): number | null {
  const k = d / size;
  const r = Math.round(k);
  return Math.abs(k - r) < 1e-6 ? r : null;
}

/** B − A of two rasters over their common cells; a reason string when they cannot be compared. */
export function differenceRaster(a: GeoRaster, b: GeoRaster, file = 'grid'): GridComparison {
  if (!sameCrs(a, b)) return { file, ok: false, reason: 'the two grids are in different coordinate reference systems' };
  if (Math.abs(a.pixelSizeX - b.pixelSizeX) > 1e-9 * a.pixelSizeX || Math.abs(a.pixelSizeY - b.pixelSizeY) > 1e-9 * a.pixelSizeY) {
    return { file, ok: false, reason: `different cell sizes (${a.pixelSizeX} × ${a.pixelSizeY} vs ${b.pixelSizeX} × ${b.pixelSizeY})` };
  }
  if ((a.unit ?? '') !== (b.unit ?? '')) return { file, ok: false, reason: `different units ("${a.unit ?? ''}" vs "${b.unit ?? ''}")` };
  // Column of b's first pixel in a's grid, row likewise (rows run south: originY decreases).
  const dc = wholePixels(b.originX - a.originX, a.pixelSizeX);
  const dr = wholePixels(a.originY - b.originY, a.pixelSizeY);
  if (dc === null || dr === null) return { file, ok: false, reason: 'the grids are not aligned (origins differ by a fraction of a cell)' };
  const c0 = Math.max(0, dc);
  const r0 = Math.max(0, dr);
  const c1 = Math.min(a.width, dc + b.width);
  const r1 = Math.min(a.height, dr + b.height);
  if (c1 <= c0 || r1 <= r0) return { file, ok: false, reason: 'the grids do not overlap' };
  const w = c1 - c0;
  const h = r1 - r0;
  const values = new Float32Array(w * h);
  let cells = 0;
  let changed = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const va = a.values[(r0 + r) * a.width + c0 + c];
      const vb = b.values[(r0 + r - dr) * b.width + c0 + c - dc];
      if (Number.isNaN(va) || Number.isNaN(vb)) {
        values[r * w + c] = NaN;
        continue;
      }
      const d = vb - va;
      values[r * w + c] = d;
      cells++;
      sum += d;
      if (Math.abs(d) > 1e-6) changed++;
      if (d < min) min = d;
      if (d > max) max = d;
    }
  }
  const raster: GeoRaster = {
    width: w,
    height: h,
    values,
    originX: a.originX + c0 * a.pixelSizeX,
    originY: a.originY - r0 * a.pixelSizeY,
    pixelSizeX: a.pixelSizeX,
    pixelSizeY: a.pixelSizeY,
    nodata: NaN,
    crs: a.crs,
    description: `B - A of ${file}${a.description ? ` (${a.description})` : ''}`,
    unit: a.unit,
  };
  const stats: GridDifferenceStats = {
    file,
    width: w,
    height: h,
    cells,
    changedCells: changed,
    minDelta: cells ? min : NaN,
    maxDelta: cells ? max : NaN,
    meanDelta: cells ? sum / cells : NaN,
    unit: a.unit,
  };
  return { file, ok: true, stats, raster };
}

/** GeoTIFF files listed in both manifests. */
export function commonGrids(a: RunManifest, b: RunManifest): string[] {
  const inB = new Set(Object.keys(b.files));
  return Object.keys(a.files).filter((f) => /\.tiff?$/i.test(f) && inB.has(f)).sort();
}

/**
 * Difference grids of two run directories. With `outDir`, each comparable grid is written there under its own
 * file name (B − A); the statistics and the reasons for grids left out are returned either way.
 */
export function compareRunGrids(dirA: string, a: RunManifest, dirB: string, b: RunManifest, outDir?: string): { compared: GridDifferenceStats[]; skipped: Array<{ file: string; reason: string }> } {
  const compared: GridDifferenceStats[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  const onlyOne = [...Object.keys(a.files), ...Object.keys(b.files)].filter((f) => /\.tiff?$/i.test(f) && !(f in a.files && f in b.files));
  for (const f of [...new Set(onlyOne)].sort()) skipped.push({ file: f, reason: `only in run ${f in a.files ? 'A' : 'B'}` });
  if (outDir && !existsSync(outDir)) mkdirSync(outDir, { recursive: true });
  for (const f of commonGrids(a, b)) {
    const r = differenceRaster(readGeoTiffFile(join(dirA, f)), readGeoTiffFile(join(dirB, f)), f);
    if (!r.ok) {
      skipped.push({ file: f, reason: r.reason });
      continue;
    }
    if (outDir) writeGeoTiffFile(join(outDir, f), r.raster);
    compared.push(r.stats);
  }
  return { compared, skipped };
}
