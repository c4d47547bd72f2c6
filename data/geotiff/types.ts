/**
 * Single-band GeoTIFF rasters: types shared by the reader and the writer (no I/O, no dependency; runs in a
 * worker). References: TIFF 6.0 (Adobe 1992); OGC GeoTIFF 1.1 (OGC 19-008r4) for the GeoKeys; GDAL's private
 * tags GDAL_NODATA (42113) and GDAL_METADATA (42112).
 */

/** Coordinate reference system of a raster, as GeoKeys can state it. */
export type GeoTiffCrs =
  | { kind: 'epsg'; code: number; geographic: boolean }
  /** User-defined transverse Mercator on WGS84 (the local plane of territories built from lon/lat sources). */
  | { kind: 'tmerc'; lon0Deg: number; lat0Deg: number; scale: number; falseEastingM: number; falseNorthingM: number };

/** A north-up raster in a CRS. Pixel (col, row) covers [originX + col·sx, +sx) × (originY − (row+1)·sy, originY − row·sy]. */
export interface GeoRaster {
  width: number;
  height: number;
  /** Row-major from the north-west pixel; no-data cells are NaN in memory. */
  values: Float32Array;
  /** CRS coordinates of the top-left corner of the top-left pixel. */
  originX: number;
  originY: number;
  /** Pixel size in CRS units, both positive (rows run south). */
  pixelSizeX: number;
  pixelSizeY: number;
  /** No-data value stored in the file (GDAL_NODATA); NaN means NaN. */
  nodata: number;
  crs: GeoTiffCrs | null;
  /** Band description and unit (GDAL_METADATA), when present. */
  description?: string;
  unit?: string;
}

export class GeoTiffError extends Error {
  override name = 'GeoTiffError';
}

/** Tag numbers used by the reader and writer. */
export const TAG = {
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

/** GeoKey ids (OGC GeoTIFF 1.1, annex). */
export const KEY = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GTCitation: 1026,
  GeographicType: 2048,
  GeogAngularUnits: 2054,
  ProjectedCSType: 3072,
  Projection: 3074,
  ProjCoordTrans: 3075,
  ProjLinearUnits: 3076,
  ProjNatOriginLong: 3080,
  ProjNatOriginLat: 3081,
  ProjFalseEasting: 3082,
  ProjFalseNorthing: 3083,
  ProjScaleAtNatOrigin: 3092,
} as const;

export const USER_DEFINED = 32767;
export const CT_TRANSVERSE_MERCATOR = 1;
/** EPSG codes of geographic (degree) CRSs the project handles; other codes are taken as projected. */
export const GEOGRAPHIC_EPSG = new Set([4326, 4171, 4258, 4269, 4019]);

/** Compression codes. */
export const COMPRESSION = { none: 1, lzw: 5, deflate: 8, deflateOld: 32946 } as const;

/** Byte-level zlib codec supplied by the environment (node:zlib in Node, a bundled inflater in a browser). */
export type ZlibCodec = (bytes: Uint8Array) => Uint8Array;

/** Predictor 3 (floating point, Adobe TIFF technote 3) for one row of `n` samples of `bytesPer` bytes. */
export function floatPredictorDecode(row: Uint8Array, n: number, bytesPer: number, littleEndian: boolean, out: Uint8Array): void {
  for (let i = 1; i < row.length; i++) row[i] = (row[i] + row[i - 1]) & 0xff;
  // Bytes are stored as planes, most significant byte first.
  for (let k = 0; k < n; k++) {
    for (let b = 0; b < bytesPer; b++) {
      const src = row[b * n + k];
      out[k * bytesPer + (littleEndian ? bytesPer - 1 - b : b)] = src;
    }
  }
}

/** Inverse of {@link floatPredictorDecode} (for the writer). */
export function floatPredictorEncode(samples: Uint8Array, n: number, bytesPer: number, littleEndian: boolean, out: Uint8Array): void {
  for (let k = 0; k < n; k++) for (let b = 0; b < bytesPer; b++) out[b * n + k] = samples[k * bytesPer + (littleEndian ? bytesPer - 1 - b : b)];
  for (let i = out.length - 1; i > 0; i--) out[i] = (out[i] - out[i - 1]) & 0xff;
}
