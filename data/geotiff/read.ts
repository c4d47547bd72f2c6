/**
 * GeoTIFF reader for single-band rasters: classic TIFF (II or MM), strips or tiles, uncompressed, LZW or
 * deflate (with a zlib inflater supplied by the caller), predictors 1–3, 8/16/32-bit integer and 32/64-bit
 * float samples (returned as Float32), georeferencing from ModelPixelScale + ModelTiepoint or an unrotated
 * ModelTransformation, CRS from the GeoKeys, no-data from GDAL_NODATA. Only the first image (IFD) is read.
 * Every failure is a {@link GeoTiffError} saying what is wrong.
 */
import { lzwDecode } from './lzw.ts';
import {
  COMPRESSION,
  CT_TRANSVERSE_MERCATOR,
  GEOGRAPHIC_EPSG,
  GeoTiffError,
  KEY,
  TAG,
  USER_DEFINED,
  floatPredictorDecode,
  type GeoRaster,
  type GeoTiffCrs,
  type ZlibCodec,
} from './types.ts';

export interface ReadOptions {
  /** zlib inflater, needed for deflate-compressed files. */
  inflate?: ZlibCodec | null;
  /** Accept a raster without georeferencing (origin 0, 0 and pixel size 1); default false. */
  allowUngeoreferenced?: boolean;
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 };

type Tags = Map<number, number[] | string>;

function readTags(bytes: Uint8Array): { tags: Tags; le: boolean } {
  if (bytes.length < 8) throw new GeoTiffError(`not a TIFF file (${bytes.length} bytes)`);
  const bo = String.fromCharCode(bytes[0], bytes[1]);
  if (bo !== 'II' && bo !== 'MM') throw new GeoTiffError('not a TIFF file (no II/MM byte-order mark)');
  const le = bo === 'II';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getUint16(2, le);
  if (magic === 43) throw new GeoTiffError('BigTIFF is not supported (write a classic TIFF, e.g. gdal_translate -co BIGTIFF=NO)');
  if (magic !== 42) throw new GeoTiffError(`not a TIFF file (magic number ${magic}, expected 42)`);
  const ifd = dv.getUint32(4, le);
  if (ifd + 2 > bytes.length) throw new GeoTiffError(`truncated TIFF: first IFD at byte ${ifd} of a ${bytes.length}-byte file`);
  const n = dv.getUint16(ifd, le);
  if (ifd + 2 + 12 * n > bytes.length) throw new GeoTiffError(`truncated TIFF: IFD of ${n} entries runs past the end of the file`);
  const tags: Tags = new Map();
  for (let i = 0; i < n; i++) {
    const p = ifd + 2 + 12 * i;
    const tag = dv.getUint16(p, le);
    const type = dv.getUint16(p + 2, le);
    const count = dv.getUint32(p + 4, le);
    const size = TYPE_SIZE[type];
    if (!size) continue; // unknown field type: skip the tag (TIFF 6.0 §2)
    const total = size * count;
    const at = total <= 4 ? p + 8 : dv.getUint32(p + 8, le);
    if (at + total > bytes.length) throw new GeoTiffError(`truncated TIFF: tag ${tag} points past the end of the file`);
    if (type === 2) {
      let s = '';
      for (let k = 0; k < count; k++) s += String.fromCharCode(bytes[at + k]);
      tags.set(tag, s.replace(/\0+$/, ''));
      continue;
    }
    const vals: number[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const q = at + k * size;
      switch (type) {
        case 1: case 7: vals[k] = bytes[q]; break;
        case 6: vals[k] = dv.getInt8(q); break;
        case 3: vals[k] = dv.getUint16(q, le); break;
        case 8: vals[k] = dv.getInt16(q, le); break;
        case 4: vals[k] = dv.getUint32(q, le); break;
        case 9: vals[k] = dv.getInt32(q, le); break;
        case 5: vals[k] = dv.getUint32(q, le) / dv.getUint32(q + 4, le); break;
        case 10: vals[k] = dv.getInt32(q, le) / dv.getInt32(q + 4, le); break;
        case 11: vals[k] = dv.getFloat32(q, le); break;
        case 12: vals[k] = dv.getFloat64(q, le); break;
        default: vals[k] = Number(dv.getBigUint64(q, le));
      }
    }
    tags.set(tag, vals);
  }
  return { tags, le };
}

const num = (tags: Tags, tag: number, dflt?: number): number => {
  const v = tags.get(tag);
  if (Array.isArray(v) && v.length) return v[0];
  if (dflt === undefined) throw new GeoTiffError(`missing TIFF tag ${tag}`);
  return dflt;
};
const arr = (tags: Tags, tag: number): number[] | null => {
  const v = tags.get(tag);
  return Array.isArray(v) ? v : null;
};

function readCrs(tags: Tags): GeoTiffCrs | null {
  const dir = arr(tags, TAG.GeoKeyDirectory);
  if (!dir || dir.length < 4) return null;
  const doubles = arr(tags, TAG.GeoDoubleParams) ?? [];
  const keys = new Map<number, number>();
  for (let i = 0; i < dir[3] && 4 + 4 * i + 3 < dir.length; i++) {
    const [key, loc, , off] = dir.slice(4 + 4 * i, 8 + 4 * i);
    if (loc === 0) keys.set(key, off);
    else if (loc === TAG.GeoDoubleParams && off < doubles.length) keys.set(key, doubles[off]);
  }
  const model = keys.get(KEY.GTModelType);
  const pcs = keys.get(KEY.ProjectedCSType);
  if (pcs !== undefined && pcs !== USER_DEFINED && pcs > 0) return { kind: 'epsg', code: pcs, geographic: false };
  if (pcs === USER_DEFINED && keys.get(KEY.ProjCoordTrans) === CT_TRANSVERSE_MERCATOR) {
    return {
      kind: 'tmerc',
      lon0Deg: keys.get(KEY.ProjNatOriginLong) ?? 0,
      lat0Deg: keys.get(KEY.ProjNatOriginLat) ?? 0,
      scale: keys.get(KEY.ProjScaleAtNatOrigin) ?? 1,
      falseEastingM: keys.get(KEY.ProjFalseEasting) ?? 0,
      falseNorthingM: keys.get(KEY.ProjFalseNorthing) ?? 0,
    };
  }
  const gcs = keys.get(KEY.GeographicType);
  if (model === 2 && gcs !== undefined && gcs !== USER_DEFINED) return { kind: 'epsg', code: gcs, geographic: true };
  if (model === 1 && pcs === undefined) return null;
  return null;
}

function gdalMetadata(tags: Tags, role: string): string | undefined {
  const xml = tags.get(TAG.GdalMetadata);
  if (typeof xml !== 'string') return undefined;
  const m = new RegExp(`<Item[^>]*role="${role}"[^>]*>([^<]*)</Item>`).exec(xml);
  if (!m) return undefined;
  return m[1]
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Decodes a GeoTIFF held in memory. */
export function readGeoTiff(bytes: Uint8Array, options: ReadOptions = {}): GeoRaster {
  const { tags, le } = readTags(bytes);
  const W = num(tags, TAG.ImageWidth);
  const H = num(tags, TAG.ImageLength);
  if (!(W > 0 && H > 0)) throw new GeoTiffError(`invalid image size ${W} × ${H}`);
  const spp = num(tags, TAG.SamplesPerPixel, 1);
  if (spp !== 1) throw new GeoTiffError(`${spp} bands per pixel: only single-band rasters are supported`);
  const bits = num(tags, TAG.BitsPerSample, 1);
  const fmt = num(tags, TAG.SampleFormat, 1);
  const bps = bits / 8;
  const okFormat = (fmt === 3 && (bits === 32 || bits === 64)) || ((fmt === 1 || fmt === 2) && (bits === 8 || bits === 16 || bits === 32));
  if (!okFormat) throw new GeoTiffError(`unsupported sample type: SampleFormat ${fmt}, ${bits} bits`);
  const compression = num(tags, TAG.Compression, 1);
  const predictor = num(tags, TAG.Predictor, 1);
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) throw new GeoTiffError(`unsupported predictor ${predictor}`);
  let decompress: (b: Uint8Array, expected: number) => Uint8Array;
  if (compression === COMPRESSION.none) decompress = (b) => b;
  else if (compression === COMPRESSION.lzw) decompress = (b, expected) => lzwDecode(b, expected);
  else if (compression === COMPRESSION.deflate || compression === COMPRESSION.deflateOld) {
    const inflate = options.inflate;
    if (!inflate) throw new GeoTiffError('deflate-compressed TIFF: no inflater available in this environment');
    decompress = (b) => inflate(b);
  } else throw new GeoTiffError(`unsupported TIFF compression ${compression} (supported: none, LZW, deflate)`);

  // Blocks: strips (full width) or tiles.
  const tiled = tags.has(TAG.TileWidth);
  const bw = tiled ? num(tags, TAG.TileWidth) : W;
  const bh = tiled ? num(tags, TAG.TileLength) : Math.min(H, num(tags, TAG.RowsPerStrip, H));
  const offsets = arr(tags, tiled ? TAG.TileOffsets : TAG.StripOffsets);
  const counts = arr(tags, tiled ? TAG.TileByteCounts : TAG.StripByteCounts);
  if (!offsets || !counts) throw new GeoTiffError(`missing ${tiled ? 'tile' : 'strip'} offsets or byte counts`);
  const across = Math.ceil(W / bw);
  const down = Math.ceil(H / bh);
  if (offsets.length < across * down || counts.length < across * down) throw new GeoTiffError(`expected ${across * down} ${tiled ? 'tiles' : 'strips'}, found ${offsets.length}`);
  const values = new Float32Array(W * H);
  const row = new Uint8Array(bw * bps);
  const rowView = new DataView(row.buffer);
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      const b = by * across + bx;
      if (offsets[b] + counts[b] > bytes.length) throw new GeoTiffError(`truncated TIFF: block ${b} runs past the end of the file`);
      const rows = tiled ? bh : Math.min(bh, H - by * bh);
      const expected = rows * bw * bps;
      const data = decompress(bytes.subarray(offsets[b], offsets[b] + counts[b]), expected);
      if (data.length < expected) throw new GeoTiffError(`block ${b}: ${data.length} bytes decoded, ${expected} expected`);
      for (let r = 0; r < rows; r++) {
        const y = by * bh + r;
        if (y >= H) break;
        const src = data.subarray(r * bw * bps, (r + 1) * bw * bps);
        if (predictor === 3) floatPredictorDecode(src.slice(), bw, bps, le, row);
        else row.set(src);
        if (predictor === 2) {
          for (let c = 1; c < bw; c++) {
            const q = c * bps;
            if (bps === 1) row[q] = (row[q] + row[q - 1]) & 0xff;
            else if (bps === 2) rowView.setUint16(q, (rowView.getUint16(q, le) + rowView.getUint16(q - 2, le)) & 0xffff, le);
            else rowView.setUint32(q, (rowView.getUint32(q, le) + rowView.getUint32(q - 4, le)) >>> 0, le);
          }
        }
        for (let c = 0; c < bw; c++) {
          const x = bx * bw + c;
          if (x >= W) break;
          const q = c * bps;
          let v: number;
          if (fmt === 3) v = bps === 4 ? rowView.getFloat32(q, le) : rowView.getFloat64(q, le);
          else if (fmt === 1) v = bps === 1 ? row[q] : bps === 2 ? rowView.getUint16(q, le) : rowView.getUint32(q, le);
          else v = bps === 1 ? rowView.getInt8(q) : bps === 2 ? rowView.getInt16(q, le) : rowView.getInt32(q, le);
          values[y * W + x] = v;
        }
      }
    }
  }

  // No-data.
  const ndText = tags.get(TAG.GdalNodata);
  let nodata = NaN;
  if (typeof ndText === 'string' && ndText.trim()) {
    const t = ndText.trim().toLowerCase();
    nodata = t === 'nan' || t === '-nan' ? NaN : Number(t);
    if (Number.isNaN(nodata) && !t.includes('nan')) throw new GeoTiffError(`GDAL_NODATA "${ndText}" is not a number`);
  }
  if (!Number.isNaN(nodata)) {
    const nd32 = Math.fround(nodata);
    for (let i = 0; i < values.length; i++) if (values[i] === nd32) values[i] = NaN;
  }

  // Georeferencing.
  const scale = arr(tags, TAG.ModelPixelScale);
  const tie = arr(tags, TAG.ModelTiepoint);
  const mt = arr(tags, TAG.ModelTransformation);
  let originX: number;
  let originY: number;
  let sx: number;
  let sy: number;
  if (scale && tie && scale.length >= 2 && tie.length >= 6) {
    [sx, sy] = scale;
    originX = tie[3] - tie[0] * sx;
    originY = tie[4] + tie[1] * sy;
  } else if (mt && mt.length >= 16) {
    if (mt[1] !== 0 || mt[4] !== 0) throw new GeoTiffError('rotated or sheared raster (ModelTransformation): not supported');
    sx = mt[0];
    sy = -mt[5];
    originX = mt[3];
    originY = mt[7];
  } else if (options.allowUngeoreferenced) {
    [sx, sy, originX, originY] = [1, 1, 0, 0];
  } else throw new GeoTiffError('no georeferencing: the TIFF has neither ModelPixelScale + ModelTiepoint nor ModelTransformation');
  if (!(sx > 0) || !(sy > 0) || !Number.isFinite(originX) || !Number.isFinite(originY)) throw new GeoTiffError(`unsupported georeferencing (pixel size ${sx} × ${sy}); only north-up rasters are read`);
  const dir = arr(tags, TAG.GeoKeyDirectory);
  if (dir) {
    for (let i = 0; i < dir[3] && 4 + 4 * i + 3 < dir.length; i++) {
      if (dir[4 + 4 * i] === KEY.GTRasterType && dir[7 + 4 * i] === 2) {
        // PixelIsPoint: the tie point is a pixel centre (GDAL's convention).
        originX -= sx / 2;
        originY += sy / 2;
      }
    }
  }
  return { width: W, height: H, values, originX, originY, pixelSizeX: sx, pixelSizeY: sy, nodata, crs: readCrs(tags), description: gdalMetadata(tags, 'description'), unit: gdalMetadata(tags, 'unittype') };
}

/** True when the CRS is expressed in degrees. */
export function isGeographicCrs(crs: GeoTiffCrs | null): boolean {
  return crs !== null && crs.kind === 'epsg' && (crs.geographic || GEOGRAPHIC_EPSG.has(crs.code));
}
