/**
 * GeoTIFF writer: baseline little-endian TIFF, one Float32 band in strips, uncompressed or deflate with the
 * floating-point predictor, georeferenced by ModelPixelScale + ModelTiepoint (PixelIsArea) with the CRS in the
 * GeoKeyDirectory, no-data in GDAL_NODATA and band description/unit in GDAL_METADATA. Readable by GDAL/QGIS.
 */
import {
  COMPRESSION,
  CT_TRANSVERSE_MERCATOR,
  GeoTiffError,
  KEY,
  TAG,
  USER_DEFINED,
  floatPredictorEncode,
  type GeoRaster,
  type GeoTiffCrs,
  type ZlibCodec,
} from './types.ts';

export interface WriteOptions {
  /** zlib compressor: when given, strips are deflate-compressed with predictor 3. */
  deflate?: ZlibCodec | null;
  /** Target strip size in bytes before compression (default 64 KiB). */
  stripBytes?: number;
}

// TIFF field types.
const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const DOUBLE = 12;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Values (numbers) or bytes (ASCII). */
  data: number[] | Uint8Array;
}

const ascii = (s: string): Uint8Array => {
  const b = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 126) throw new GeoTiffError(`non-ASCII character in TIFF text "${s}"`);
    b[i] = c;
  }
  return b;
};

const typeSize = (t: number): number => (t === SHORT ? 2 : t === LONG ? 4 : t === DOUBLE ? 8 : 1);

/** GeoKeyDirectory, double and ASCII parameters for a CRS (OGC GeoTIFF 1.1). */
function geoKeys(crs: GeoTiffCrs | null): { dir: number[]; doubles: number[]; asciiParams: string } {
  const keys: Array<[number, number, number, number]> = []; // key, location, count, value/offset
  const doubles: number[] = [];
  let citation = '';
  const dbl = (key: number, v: number): void => {
    keys.push([key, TAG.GeoDoubleParams, 1, doubles.length]);
    doubles.push(v);
  };
  if (crs === null) {
    keys.push([KEY.GTRasterType, 0, 1, 1]);
  } else if (crs.kind === 'epsg' && crs.geographic) {
    citation = `EPSG:${crs.code}`;
    keys.push([KEY.GTModelType, 0, 1, 2], [KEY.GTRasterType, 0, 1, 1], [KEY.GeographicType, 0, 1, crs.code], [KEY.GeogAngularUnits, 0, 1, 9102]);
  } else if (crs.kind === 'epsg') {
    citation = `EPSG:${crs.code}`;
    keys.push([KEY.GTModelType, 0, 1, 1], [KEY.GTRasterType, 0, 1, 1], [KEY.ProjectedCSType, 0, 1, crs.code], [KEY.ProjLinearUnits, 0, 1, 9001]);
  } else {
    citation = 'Transverse Mercator on WGS 84 (territory local plane)';
    keys.push(
      [KEY.GTModelType, 0, 1, 1],
      [KEY.GTRasterType, 0, 1, 1],
      [KEY.GeographicType, 0, 1, 4326],
      [KEY.GeogAngularUnits, 0, 1, 9102],
      [KEY.ProjectedCSType, 0, 1, USER_DEFINED],
      [KEY.Projection, 0, 1, USER_DEFINED],
      [KEY.ProjCoordTrans, 0, 1, CT_TRANSVERSE_MERCATOR],
      [KEY.ProjLinearUnits, 0, 1, 9001],
    );
    dbl(KEY.ProjNatOriginLong, crs.lon0Deg);
    dbl(KEY.ProjNatOriginLat, crs.lat0Deg);
    dbl(KEY.ProjFalseEasting, crs.falseEastingM);
    dbl(KEY.ProjFalseNorthing, crs.falseNorthingM);
    dbl(KEY.ProjScaleAtNatOrigin, crs.scale);
  }
  const asciiParams = citation ? `${citation}|` : '';
  if (citation) keys.push([KEY.GTCitation, TAG.GeoAsciiParams, asciiParams.length, 0]);
  keys.sort((a, b) => a[0] - b[0]);
  const dir = [1, 1, 0, keys.length];
  for (const k of keys) dir.push(...k);
  return { dir, doubles, asciiParams };
}

/** XML text escaped to 7-bit ASCII (TIFF ASCII fields): markup characters and non-ASCII as character references. */
const xmlEscape = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[^\x20-\x7e]/gu, (c) => `&#${c.codePointAt(0)};`);

function checkRaster(r: GeoRaster): void {
  if (!Number.isInteger(r.width) || !Number.isInteger(r.height) || r.width < 1 || r.height < 1) throw new GeoTiffError(`raster size must be positive integers, got ${r.width} × ${r.height}`);
  if (r.values.length !== r.width * r.height) throw new GeoTiffError(`raster has ${r.values.length} values for ${r.width} × ${r.height} pixels`);
  for (const [k, v] of [['originX', r.originX], ['originY', r.originY], ['pixelSizeX', r.pixelSizeX], ['pixelSizeY', r.pixelSizeY]] as const) {
    if (!Number.isFinite(v)) throw new GeoTiffError(`raster ${k} must be finite, got ${v}`);
  }
  if (!(r.pixelSizeX > 0) || !(r.pixelSizeY > 0)) throw new GeoTiffError(`pixel sizes must be positive, got ${r.pixelSizeX} × ${r.pixelSizeY}`);
}

/** Encodes a raster as GeoTIFF bytes. NaN cells are written as `raster.nodata` (NaN when that is NaN). */
export function writeGeoTiff(raster: GeoRaster, options: WriteOptions = {}): Uint8Array {
  checkRaster(raster);
  const { width: W, height: H } = raster;
  const deflate = options.deflate ?? null;
  const rowBytes = W * 4;
  const rowsPerStrip = Math.max(1, Math.min(H, Math.floor((options.stripBytes ?? 65536) / rowBytes)));
  const nStrips = Math.ceil(H / rowsPerStrip);
  // Encode strips.
  const nodata = raster.nodata;
  const strips: Uint8Array[] = [];
  const row = new Uint8Array(rowBytes);
  const rowView = new DataView(row.buffer);
  const pred = new Uint8Array(rowBytes);
  for (let s = 0; s < nStrips; s++) {
    const r0 = s * rowsPerStrip;
    const r1 = Math.min(H, r0 + rowsPerStrip);
    const raw = new Uint8Array((r1 - r0) * rowBytes);
    for (let r = r0; r < r1; r++) {
      for (let c = 0; c < W; c++) {
        const v = raster.values[r * W + c];
        rowView.setFloat32(c * 4, Number.isNaN(v) ? nodata : v, true);
      }
      if (deflate) {
        floatPredictorEncode(row, W, 4, true, pred);
        raw.set(pred, (r - r0) * rowBytes);
      } else raw.set(row, (r - r0) * rowBytes);
    }
    strips.push(deflate ? deflate(raw) : raw);
  }
  // Tags (sorted by number).
  const gk = geoKeys(raster.crs);
  const entries: Entry[] = [
    { tag: TAG.ImageWidth, type: LONG, count: 1, data: [W] },
    { tag: TAG.ImageLength, type: LONG, count: 1, data: [H] },
    { tag: TAG.BitsPerSample, type: SHORT, count: 1, data: [32] },
    { tag: TAG.Compression, type: SHORT, count: 1, data: [deflate ? COMPRESSION.deflate : COMPRESSION.none] },
    { tag: TAG.Photometric, type: SHORT, count: 1, data: [1] },
    { tag: TAG.StripOffsets, type: LONG, count: nStrips, data: new Array<number>(nStrips).fill(0) },
    { tag: TAG.SamplesPerPixel, type: SHORT, count: 1, data: [1] },
    { tag: TAG.RowsPerStrip, type: LONG, count: 1, data: [rowsPerStrip] },
    { tag: TAG.StripByteCounts, type: LONG, count: nStrips, data: strips.map((s) => s.length) },
    { tag: TAG.PlanarConfiguration, type: SHORT, count: 1, data: [1] },
  ];
  if (deflate) entries.push({ tag: TAG.Predictor, type: SHORT, count: 1, data: [3] });
  entries.push(
    { tag: TAG.SampleFormat, type: SHORT, count: 1, data: [3] },
    { tag: TAG.ModelPixelScale, type: DOUBLE, count: 3, data: [raster.pixelSizeX, raster.pixelSizeY, 0] },
    { tag: TAG.ModelTiepoint, type: DOUBLE, count: 6, data: [0, 0, 0, raster.originX, raster.originY, 0] },
    { tag: TAG.GeoKeyDirectory, type: SHORT, count: gk.dir.length, data: gk.dir },
  );
  if (gk.doubles.length) entries.push({ tag: TAG.GeoDoubleParams, type: DOUBLE, count: gk.doubles.length, data: gk.doubles });
  if (gk.asciiParams) {
    const b = ascii(gk.asciiParams);
    entries.push({ tag: TAG.GeoAsciiParams, type: ASCII, count: b.length, data: b });
  }
  const items: string[] = [];
  if (raster.description) items.push(`<Item name="DESCRIPTION" sample="0" role="description">${xmlEscape(raster.description)}</Item>`);
  if (raster.unit) items.push(`<Item name="UNITTYPE" sample="0" role="unittype">${xmlEscape(raster.unit)}</Item>`);
  if (items.length) {
    const b = ascii(`<GDALMetadata>${items.join('')}</GDALMetadata>`);
    entries.push({ tag: TAG.GdalMetadata, type: ASCII, count: b.length, data: b });
  }
  const nd = ascii(Number.isNaN(nodata) ? 'nan' : String(nodata));
  entries.push({ tag: TAG.GdalNodata, type: ASCII, count: nd.length, data: nd });

  // Layout: header | IFD | overflow values | strips.
  const ifdSize = 2 + entries.length * 12 + 4;
  let cursor = 8 + ifdSize;
  const overflowAt = new Map<Entry, number>();
  for (const e of entries) {
    const size = e.count * typeSize(e.type);
    if (size > 4) {
      cursor += cursor & 1; // word alignment
      overflowAt.set(e, cursor);
      cursor += size;
    }
  }
  cursor += cursor & 1;
  const stripOffsets = entries[5].data as number[];
  for (let s = 0; s < nStrips; s++) {
    stripOffsets[s] = cursor;
    cursor += strips[s].length;
  }
  if (cursor > 0xffffffff) throw new GeoTiffError(`raster of ${cursor} bytes exceeds the 4 GiB limit of classic TIFF`);
  const out = new Uint8Array(cursor);
  const dv = new DataView(out.buffer);
  out[0] = 0x49;
  out[1] = 0x49;
  dv.setUint16(2, 42, true);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, entries.length, true);
  const put = (at: number, e: Entry): void => {
    if (e.type === ASCII) {
      out.set(e.data as Uint8Array, at);
      return;
    }
    const d = e.data as number[];
    for (let i = 0; i < d.length; i++) {
      if (e.type === SHORT) dv.setUint16(at + 2 * i, d[i], true);
      else if (e.type === LONG) dv.setUint32(at + 4 * i, d[i], true);
      else dv.setFloat64(at + 8 * i, d[i], true);
    }
  };
  entries.forEach((e, i) => {
    const p = 10 + 12 * i;
    dv.setUint16(p, e.tag, true);
    dv.setUint16(p + 2, e.type, true);
    dv.setUint32(p + 4, e.count, true);
    const at = overflowAt.get(e);
    if (at === undefined) put(p + 8, e);
    else {
      dv.setUint32(p + 8, at, true);
      put(at, e);
    }
  });
  dv.setUint32(10 + 12 * entries.length, 0, true); // no next IFD
  for (let s = 0; s < nStrips; s++) out.set(strips[s], stripOffsets[s]);
  return out;
}
