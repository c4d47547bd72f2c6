/** GeoTIFF files from Node: the byte-level reader/writer with node:zlib as the deflate codec. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { readGeoTiff, type ReadOptions } from './read.ts';
import { GeoTiffError, type GeoRaster } from './types.ts';
import { writeGeoTiff } from './write.ts';

const inflate = (b: Uint8Array): Uint8Array => {
  const r = inflateSync(b);
  return new Uint8Array(r.buffer, r.byteOffset, r.byteLength);
};
const deflate = (b: Uint8Array): Uint8Array => {
  const r = deflateSync(b, { level: 6 });
  return new Uint8Array(r.buffer, r.byteOffset, r.byteLength);
};

/** Reads a GeoTIFF file; errors name the file. */
export function readGeoTiffFile(path: string, options: Omit<ReadOptions, 'inflate'> = {}): GeoRaster {
  if (!existsSync(path)) throw new GeoTiffError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new GeoTiffError(`${path}: is a directory, not a GeoTIFF`);
  const buf = readFileSync(path);
  try {
    return readGeoTiff(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), { ...options, inflate });
  } catch (e) {
    if (e instanceof GeoTiffError) throw new GeoTiffError(`${path}: ${e.message}`);
    throw new GeoTiffError(`${path}: unreadable TIFF (${(e as Error).message})`);
  }
}

/** Writes a GeoTIFF file (deflate-compressed with the floating-point predictor unless `compress` is false). */
export function writeGeoTiffFile(path: string, raster: GeoRaster, options: { compress?: boolean } = {}): number {
  const bytes = writeGeoTiff(raster, { deflate: options.compress === false ? null : deflate });
  writeFileSync(path, bytes);
  return bytes.length;
}
