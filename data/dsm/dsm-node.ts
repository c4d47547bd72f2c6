/** DSM and result rasters as GeoTIFF files (Node): read a DSM for the metric models, write a result like it. */
import type { Grid } from '../../engine/raster/grid.ts';
import { gridStats } from '../../engine/raster/grid.ts';
import { readGeoTiffFile, writeGeoTiffFile } from '../geotiff/geotiff-node.ts';
import { GeoTiffError, type GeoRaster } from '../geotiff/types.ts';
import { geoRasterToGrid } from './georef.ts';

export interface DsmFile {
  raster: GeoRaster;
  /** The DSM as a grid in the raster's CRS plane (local = CRS coordinates). */
  grid: Grid;
  /** No-data cells (NaN). */
  missingCells: number;
}

/** Reads a DSM GeoTIFF; every problem is a one-line error naming the file. */
export function readDsmFile(path: string): DsmFile {
  const raster = readGeoTiffFile(path);
  let grid: Grid;
  try {
    grid = geoRasterToGrid(raster);
  } catch (e) {
    throw new GeoTiffError(`${path}: ${(e as Error).message}`);
  }
  const s = gridStats(grid.values);
  if (s.valid === 0) throw new GeoTiffError(`${path}: every cell is no-data`);
  return { raster, grid, missingCells: s.missing };
}

/** Writes `values` with the georeferencing of `like` (same size). Returns the bytes written. */
export function writeLike(path: string, like: GeoRaster, values: Float32Array, meta: { description: string; unit: string }): number {
  if (values.length !== like.width * like.height) throw new GeoTiffError(`${path}: ${values.length} values for a ${like.width} × ${like.height} raster`);
  return writeGeoTiffFile(path, { ...like, values, nodata: NaN, description: meta.description, unit: meta.unit });
}
