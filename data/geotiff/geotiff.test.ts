/**
 * GeoTIFF reader/writer: exact round trips (values, no-data, georeferencing, CRS, metadata), files written by
 * an independent minimal encoder (big-endian, integer samples, ModelTransformation, no georeferencing, LZW),
 * and bad inputs with their messages.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync, inflateSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoTiff, isGeographicCrs } from './read.ts';
import { writeGeoTiff } from './write.ts';
import { lzwDecode } from './lzw.ts';
import { readGeoTiffFile, writeGeoTiffFile } from './geotiff-node.ts';
import { GeoTiffError, type GeoRaster, type GeoTiffCrs } from './types.ts';

const inflate = (b: Uint8Array): Uint8Array => new Uint8Array(inflateSync(b));
const deflate = (b: Uint8Array): Uint8Array => new Uint8Array(deflateSync(b));

function sample(W: number, H: number, crs: GeoTiffCrs | null, nodata = NaN): GeoRaster {
  const values = new Float32Array(W * H);
  for (let i = 0; i < values.length; i++) values[i] = Math.fround(Math.sin(i * 0.37) * 50 + i * 1e-3);
  values[3] = NaN;
  values[values.length - 1] = NaN;
  return { width: W, height: H, values, originX: 352123.5, originY: 6789456.25, pixelSizeX: 0.5, pixelSizeY: 0.5, nodata, crs, description: 'sky view factor, 32 azimuths (0° = north)', unit: 'm' };
}

function expectSame(a: GeoRaster, b: GeoRaster): void {
  expect(b.width).toBe(a.width);
  expect(b.height).toBe(a.height);
  expect([b.originX, b.originY, b.pixelSizeX, b.pixelSizeY]).toEqual([a.originX, a.originY, a.pixelSizeX, a.pixelSizeY]);
  expect(b.crs).toEqual(a.crs);
  for (let i = 0; i < a.values.length; i++) {
    if (Number.isNaN(a.values[i])) expect(Number.isNaN(b.values[i])).toBe(true);
    else expect(b.values[i]).toBe(a.values[i]);
  }
}

/** A minimal independent TIFF encoder (any byte order, one strip per image, given tags) for reader tests. */
function encodeTiff(le: boolean, tags: Array<[number, number, number[] | string]>, data: Uint8Array, magic = 42): Uint8Array {
  const size = (t: number): number => ({ 2: 1, 3: 2, 4: 4, 12: 8 })[t] as number;
  const all = [...tags, [273, 4, [0]], [279, 4, [data.length]]] as Array<[number, number, number[] | string]>;
  all.sort((x, y) => x[0] - y[0]);
  const ifdAt = 8;
  let extra = ifdAt + 2 + 12 * all.length + 4;
  const chunks: Array<[number, Uint8Array]> = [];
  const out = new Uint8Array(extra + 4096 + data.length);
  const dv = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  dv.setUint16(2, magic, le);
  dv.setUint32(4, ifdAt, le);
  dv.setUint16(ifdAt, all.length, le);
  const dataAt = out.length - data.length;
  all.forEach(([tag, type, v], i) => {
    if (tag === 273) v = [dataAt];
    const count = typeof v === 'string' ? v.length + 1 : v.length;
    const bytes = new Uint8Array(count * size(type));
    const bv = new DataView(bytes.buffer);
    for (let k = 0; k < count; k++) {
      if (typeof v === 'string') bytes[k] = k < v.length ? v.charCodeAt(k) : 0;
      else if (type === 3) bv.setUint16(2 * k, v[k], le);
      else if (type === 4) bv.setUint32(4 * k, v[k], le);
      else bv.setFloat64(8 * k, v[k], le);
    }
    const p = ifdAt + 2 + 12 * i;
    dv.setUint16(p, tag, le);
    dv.setUint16(p + 2, type, le);
    dv.setUint32(p + 4, count, le);
    if (bytes.length <= 4) out.set(bytes, p + 8);
    else {
      dv.setUint32(p + 8, extra, le);
      chunks.push([extra, bytes]);
      extra += bytes.length + (bytes.length & 1);
    }
  });
  for (const [at, b] of chunks) out.set(b, at);
  out.set(data, dataAt);
  return out;
}

/** Reference TIFF LZW encoder (9–12-bit codes, MSB first), written from TIFF 6.0 §13 and libtiff's widening rule. */
function lzwEncode(input: Uint8Array): Uint8Array {
  const bits: number[] = [];
  let width = 9;
  const put = (code: number): void => {
    for (let k = width - 1; k >= 0; k--) bits.push((code >> k) & 1);
  };
  let dict = new Map<string, number>();
  let next = 258;
  put(256);
  let w = '';
  for (const byte of input) {
    const wc = w + ',' + byte;
    const known = w === '' ? true : dict.has(wc);
    if (w === '') w = String(byte);
    else if (known) w = wc;
    else {
      put(w.includes(',') ? (dict.get(w) as number) : Number(w));
      dict.set(wc, next++);
      // libtiff's encoder widens once the next free code exceeds the current maximum; the decoder, one entry
      // behind, widens one code earlier ("early change").
      if (next > (1 << width) - 1 && width < 12) width++;
      if (next === 4094) {
        put(256);
        dict = new Map();
        next = 258;
        width = 9;
      }
      w = String(byte);
    }
  }
  if (w !== '') put(w.includes(',') ? (dict.get(w) as number) : Number(w));
  put(257);
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => (out[i >> 3] |= b << (7 - (i & 7))));
  return out;
}

describe('GeoTIFF', () => {
  it('round-trips values, NaN no-data, georeferencing, CRS and metadata (plain and deflate, many strips)', () => {
    const crss: Array<GeoTiffCrs | null> = [
      { kind: 'epsg', code: 2154, geographic: false },
      { kind: 'epsg', code: 4326, geographic: true },
      { kind: 'tmerc', lon0Deg: -1.6778, lat0Deg: 48.1173, scale: 1, falseEastingM: 0, falseNorthingM: 0 },
      null,
    ];
    for (const crs of crss) {
      for (const codec of [null, deflate]) {
        const r = sample(37, 23, crs);
        const back = readGeoTiff(writeGeoTiff(r, { deflate: codec, stripBytes: 300 }), { inflate });
        expectSame(r, back);
        expect(back.description).toBe('sky view factor, 32 azimuths (0° = north)');
        expect(back.unit).toBe('m');
        expect(Number.isNaN(back.nodata)).toBe(true);
      }
    }
    expect(isGeographicCrs({ kind: 'epsg', code: 4326, geographic: true })).toBe(true);
    expect(isGeographicCrs({ kind: 'epsg', code: 2154, geographic: false })).toBe(false);
  });

  it('writes NaN cells as a numeric no-data value and reads them back as NaN', () => {
    const r = sample(5, 4, { kind: 'epsg', code: 2154, geographic: false }, -9999);
    const bytes = writeGeoTiff(r);
    const back = readGeoTiff(bytes);
    expect(back.nodata).toBe(-9999);
    expectSame(r, back);
    // The file holds −9999 where memory had NaN.
    const raw = readGeoTiff(bytes.slice(), {});
    expect(Number.isNaN(raw.values[3])).toBe(true);
  });

  it('reads big-endian integer rasters, ModelTransformation, PixelIsPoint, LZW', () => {
    const W = 6;
    const H = 3;
    const data = new Uint8Array(W * H * 2);
    const dv = new DataView(data.buffer);
    for (let i = 0; i < W * H; i++) dv.setInt16(2 * i, i * 100 - 500, false);
    const transform = [2, 0, 0, 1000, 0, -2, 0, 5000, 0, 0, 0, 0, 0, 0, 0, 1];
    const geokeys = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 2, 3072, 0, 1, 32631];
    const base: Array<[number, number, number[] | string]> = [
      [256, 3, [W]],
      [257, 3, [H]],
      [258, 3, [16]],
      [278, 3, [H]],
      [339, 3, [2]],
      [34264, 12, transform],
      [34735, 3, geokeys],
      [42113, 2, '-500'],
    ];
    for (const lzw of [false, true]) {
      const payload = lzw ? lzwEncode(data) : data;
      const r = readGeoTiff(encodeTiff(false, [...base, [259, 3, [lzw ? 5 : 1]]], payload));
      expect(r.values[1]).toBe(-400);
      expect(Number.isNaN(r.values[0])).toBe(true); // −500 is no-data
      expect(r.values[W * H - 1]).toBe((W * H - 1) * 100 - 500);
      // PixelIsPoint: the transform's origin is the centre of the first pixel.
      expect([r.originX, r.originY, r.pixelSizeX, r.pixelSizeY]).toEqual([999, 5001, 2, 2]);
      expect(r.crs).toEqual({ kind: 'epsg', code: 32631, geographic: false });
    }
  });

  it('decodes LZW including the KwKwK case and table resets', () => {
    const rnd = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const r = rnd(9);
    for (const input of [new Uint8Array(5000).fill(7), Uint8Array.from({ length: 20000 }, () => r() & 3), Uint8Array.from({ length: 3000 }, r)]) {
      expect([...lzwDecode(lzwEncode(input), input.length)]).toEqual([...input]);
    }
  });

  it('rejects bad inputs with a clear message', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => readGeoTiff(png)).toThrow(/not a TIFF file/);
    expect(() => readGeoTiff(new TextEncoder().encode('x,y,z\n1,2,3\n'))).toThrow(/not a TIFF file/);
    expect(() => readGeoTiff(new Uint8Array(3))).toThrow(GeoTiffError);
    const good = writeGeoTiff(sample(10, 10, null));
    expect(() => readGeoTiff(good.subarray(0, good.length - 50))).toThrow(/truncated/);
    const plain: Array<[number, number, number[] | string]> = [
      [256, 3, [2]],
      [257, 3, [2]],
      [258, 3, [32]],
      [339, 3, [3]],
    ];
    const noGeo = encodeTiff(true, plain, new Uint8Array(16));
    expect(() => readGeoTiff(noGeo)).toThrow(/no georeferencing/);
    expect(readGeoTiff(noGeo, { allowUngeoreferenced: true }).width).toBe(2);
    expect(() => readGeoTiff(encodeTiff(true, plain, new Uint8Array(16), 43))).toThrow(/BigTIFF/);
    expect(() => readGeoTiff(encodeTiff(true, [...plain, [277, 3, [3]]], new Uint8Array(48)))).toThrow(/3 bands/);
    expect(() => readGeoTiff(encodeTiff(true, [...plain, [259, 3, [7]]], new Uint8Array(16)))).toThrow(/compression 7/);
    expect(() => readGeoTiff(writeGeoTiff(sample(4, 4, null), { deflate }))).toThrow(/no inflater/);
    expect(() => writeGeoTiff({ ...sample(4, 4, null), pixelSizeX: 0 })).toThrow(/pixel sizes/);
    expect(() => writeGeoTiff({ ...sample(4, 4, null), values: new Float32Array(3) })).toThrow(/3 values/);
  });

  it('Node file helpers name the file in errors and compress by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jumeau-tiff-'));
    const r = sample(200, 100, { kind: 'epsg', code: 2154, geographic: false });
    const p = join(dir, 'a.tif');
    const size = writeGeoTiffFile(p, r);
    expect(size).toBeLessThan(200 * 100 * 4);
    expectSame(r, readGeoTiffFile(p));
    const bad = join(dir, 'b.tif');
    writeFileSync(bad, 'hello');
    expect(() => readGeoTiffFile(bad)).toThrow(new RegExp(`${bad}: not a TIFF file`));
    expect(() => readGeoTiffFile(join(dir, 'missing.tif'))).toThrow(/no such file/);
    expect(() => readGeoTiffFile(dir)).toThrow(/is a directory/);
  });
});
