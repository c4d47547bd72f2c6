/**
 * Test support: a minimal shapefile writer (.shp/.shx/.dbf bytes) used to build small synthetic inputs for the
 * reader and importer tests, including deliberately broken ones (the caller edits the bytes). Writes the layout
 * of the "ESRI Shapefile Technical Description" (July 1998) and dBase III tables. Not used by the application.
 */

/** One record: shape type (default the file's), parts as flat [x0, y0, x1, y1, …], optional Z per part. */
export interface TestShape {
  type?: number;
  parts: number[][];
  z?: number[][];
}

const Z_TYPES = new Set([11, 13, 15, 18]);
const M_TYPES = new Set([21, 23, 25, 28]);
const kindOf = (t: number): 'point' | 'multipoint' | 'poly' | 'null' =>
  t === 0 ? 'null' : t % 10 === 1 ? 'point' : t % 10 === 8 ? 'multipoint' : 'poly';

function bboxOf(flat: number[]): [number, number, number, number] {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (let i = 0; i < flat.length; i += 2) {
    a = Math.min(a, flat[i]);
    b = Math.min(b, flat[i + 1]);
    c = Math.max(c, flat[i]);
    d = Math.max(d, flat[i + 1]);
  }
  return [a, b, c, d];
}

/** Content bytes of one record (shape type included). */
function recordContent(fileType: number, s: TestShape | null): Uint8Array {
  const type = s === null ? 0 : (s.type ?? fileType);
  const kind = kindOf(type);
  const withZ = Z_TYPES.has(type);
  const withM = withZ || M_TYPES.has(type);
  if (kind === 'null' || !s) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setInt32(0, 0, true);
    return out;
  }
  const flat = s.parts.flat();
  const zs = (s.z ?? s.parts.map((p) => p.filter((_, k) => k % 2 === 0).map(() => 0))).flat();
  const n = flat.length / 2;
  const np = s.parts.length;
  let size: number;
  if (kind === 'point') size = 20 + (withZ ? 8 : 0) + (withM ? 8 : 0);
  else if (kind === 'multipoint') size = 40 + 16 * n + (withZ ? 16 + 8 * n : 0) + (withM ? 16 + 8 * n : 0);
  else size = 44 + 4 * np + 16 * n + (withZ ? 16 + 8 * n : 0) + (withM ? 16 + 8 * n : 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, type, true);
  let o = 4;
  const f64 = (v: number) => {
    dv.setFloat64(o, v, true);
    o += 8;
  };
  if (kind === 'point') {
    f64(flat[0]);
    f64(flat[1]);
    if (withZ) f64(zs[0]);
    if (withM) f64(0);
    return out;
  }
  bboxOf(flat).forEach(f64);
  if (kind === 'poly') {
    dv.setInt32(o, np, true);
    dv.setInt32(o + 4, n, true);
    o += 8;
    let start = 0;
    for (const p of s.parts) {
      dv.setInt32(o, start, true);
      o += 4;
      start += p.length / 2;
    }
  } else {
    dv.setInt32(o, n, true);
    o += 4;
  }
  for (const v of flat) f64(v);
  if (withZ) {
    f64(Math.min(...zs));
    f64(Math.max(...zs));
    zs.forEach(f64);
  }
  if (withM) {
    f64(0);
    f64(0);
    for (let k = 0; k < n; k++) f64(0);
  }
  return out;
}

/** .shp and .shx bytes of a layer. */
export function shpBytes(shapeType: number, shapes: (TestShape | null)[]): { shp: Uint8Array; shx: Uint8Array } {
  const contents = shapes.map((s) => recordContent(shapeType, s));
  const shpLen = 100 + contents.reduce((a, c) => a + 8 + c.length, 0);
  const shp = new Uint8Array(shpLen);
  const shx = new Uint8Array(100 + 8 * shapes.length);
  const all = shapes.flatMap((s) => (s ? s.parts.flat() : []));
  const box = all.length ? bboxOf(all) : [0, 0, 0, 0];
  for (const [buf, len] of [
    [shp, shpLen],
    [shx, shx.length],
  ] as const) {
    const dv = new DataView(buf.buffer);
    dv.setInt32(0, 9994, false);
    dv.setInt32(24, len / 2, false);
    dv.setInt32(28, 1000, true);
    dv.setInt32(32, shapeType, true);
    box.forEach((v, k) => dv.setFloat64(36 + 8 * k, v, true));
  }
  const sdv = new DataView(shp.buffer);
  const xdv = new DataView(shx.buffer);
  let o = 100;
  contents.forEach((c, i) => {
    xdv.setInt32(100 + 8 * i, o / 2, false);
    xdv.setInt32(104 + 8 * i, c.length / 2, false);
    sdv.setInt32(o, i + 1, false);
    sdv.setInt32(o + 4, c.length / 2, false);
    shp.set(c, o + 8);
    o += 8 + c.length;
  });
  return { shp, shx };
}

export interface TestField {
  name: string;
  type: 'C' | 'N' | 'F' | 'L' | 'D';
  length: number;
  decimals?: number;
}

export type TestValue = string | number | boolean | null;

export interface DbfWriteOptions {
  /** Text encoding of C values (default UTF-8). */
  encoding?: 'utf-8' | 'latin1';
  /** LDID byte (default 0). */
  ldid?: number;
  /** Record indices to flag as deleted. */
  deleted?: number[];
}

function encodeText(s: string, enc: 'utf-8' | 'latin1'): Uint8Array {
  if (enc === 'utf-8') return new TextEncoder().encode(s);
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
}

/**
 * dBase III table. Numbers are written with the field's decimals, right-justified; strings are written as is
 * (left-justified for C, right-justified for N/F, so raw texts such as "NaN" or "****" can be tested); null →
 * blanks.
 */
export function dbfBytes(fields: TestField[], rows: TestValue[][], opts: DbfWriteOptions = {}): Uint8Array {
  const enc = opts.encoding ?? 'utf-8';
  const headerLen = 32 + 32 * fields.length + 1;
  const recLen = 1 + fields.reduce((a, f) => a + f.length, 0);
  const out = new Uint8Array(headerLen + recLen * rows.length + 1);
  const dv = new DataView(out.buffer);
  out[0] = 0x03;
  out[1] = 124;
  out[2] = 1;
  out[3] = 1;
  dv.setUint32(4, rows.length, true);
  dv.setUint16(8, headerLen, true);
  dv.setUint16(10, recLen, true);
  out[29] = opts.ldid ?? 0;
  fields.forEach((f, k) => {
    const p = 32 + 32 * k;
    out.set(encodeText(f.name.slice(0, 10), 'latin1'), p);
    out[p + 11] = f.type.charCodeAt(0);
    out[p + 16] = f.length;
    out[p + 17] = f.decimals ?? 0;
  });
  out[headerLen - 1] = 0x0d;
  const deleted = new Set(opts.deleted ?? []);
  rows.forEach((row, i) => {
    const r = headerLen + i * recLen;
    out.fill(0x20, r, r + recLen);
    if (deleted.has(i)) out[r] = 0x2a;
    let o = r + 1;
    fields.forEach((f, k) => {
      const v = row[k];
      let text: string;
      if (v === null || v === undefined) text = '';
      else if (typeof v === 'boolean') text = v ? 'T' : 'F';
      else if (typeof v === 'number') text = f.decimals ? v.toFixed(f.decimals) : String(v);
      else text = v;
      let bytes = encodeText(text, enc);
      if (bytes.length > f.length) bytes = bytes.subarray(0, f.length);
      const right = f.type === 'N' || f.type === 'F';
      out.set(bytes, right ? o + f.length - bytes.length : o);
      o += f.length;
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** WKT of RGF93 / Lambert-93 as IGN ships it in BD TOPO .prj files. */
export const LAMBERT93_PRJ =
  'PROJCS["RGF93 / Lambert-93",GEOGCS["RGF93",DATUM["Reseau_Geodesique_Francais_1993",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6171"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["X",EAST],AXIS["Y",NORTH],AUTHORITY["EPSG","2154"]]';

/** WKT of NTF (Paris) / Lambert zone II (EPSG:27572), a CRS the project does not support. */
export const NTF_LAMBERT2_PRJ =
  'PROJCS["NTF (Paris) / Lambert zone II",GEOGCS["NTF (Paris)",DATUM["Nouvelle_Triangulation_Francaise_Paris",SPHEROID["Clarke 1880 (IGN)",6378249.2,293.4660212936269,AUTHORITY["EPSG","7011"]],AUTHORITY["EPSG","6807"]],PRIMEM["Paris",2.33722917,AUTHORITY["EPSG","8903"]],UNIT["grad",0.01570796326794897,AUTHORITY["EPSG","9105"]],AUTHORITY["EPSG","4807"]],PROJECTION["Lambert_Conformal_Conic_1SP"],PARAMETER["latitude_of_origin",52],PARAMETER["central_meridian",0],PARAMETER["scale_factor",0.99987742],PARAMETER["false_easting",600000],PARAMETER["false_northing",2200000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","27572"]]';
