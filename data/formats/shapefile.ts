/**
 * ESRI Shapefile reader (.shp geometry + .shx index + .dbf attributes + .prj CRS + .cpg code page),
 * dependency-free and working on bytes so it runs in a worker; the Node loader is in ./shapefile-node.ts.
 *
 * Format: "ESRI Shapefile Technical Description", ESRI White Paper, July 1998. A 100-byte header (file code
 * 9994 and file length in 16-bit words, big-endian; version 1000 and shape type, little-endian; bounding box),
 * then records: an 8-byte big-endian header (record number, content length in words) and the content, whose
 * first field is the shape type. Supported: Null (0), Point (1), PolyLine (3), Polygon (5), MultiPoint (8) and
 * their Z (11, 13, 15, 18) and M (21, 23, 25, 28) variants. M values are ignored; Z values are exposed. MultiPatch
 * (31) records are reported as unsupported.
 *
 * Geometry is decoded with a DataView into flat typed arrays (no per-vertex objects): record → parts → points,
 * as index ranges into one interleaved `xy` array. Polygon rings are assembled into polygons by orientation
 * (outer rings clockwise, holes counter-clockwise, per the specification) with {@link assembleRings}.
 *
 * Robustness: a truncated .shp yields all its complete records and a problem naming the file and the record
 * where reading stopped; records whose type disagrees with the header, null shapes and malformed records are
 * flagged per record (`status`, `invalid`) so the caller can report them as dropped features; a .dbf whose record
 * count differs from the .shp is reported with the first record concerned.
 */
import { DbfTable, FormatError, type FormatProblem } from './dbf.ts';

export { FormatError, type FormatProblem } from './dbf.ts';

export const SHAPE_TYPE_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

export type ShapeKind = 'null' | 'point' | 'polyline' | 'polygon' | 'multipoint' | 'multipatch' | 'unknown';

export function shapeKind(type: number): ShapeKind {
  switch (type) {
    case 0:
      return 'null';
    case 1:
    case 11:
    case 21:
      return 'point';
    case 3:
    case 13:
    case 23:
      return 'polyline';
    case 5:
    case 15:
    case 25:
      return 'polygon';
    case 8:
    case 18:
    case 28:
      return 'multipoint';
    case 31:
      return 'multipatch';
    default:
      return 'unknown';
  }
}

/** True for the shape types that carry Z values. */
export function hasZ(type: number): boolean {
  return type === 11 || type === 13 || type === 15 || type === 18 || type === 31;
}

const typeName = (t: number): string => `${SHAPE_TYPE_NAMES[t] ?? 'unknown type'} (${t})`;

/** Per-record status codes of {@link ShpGeometry.status}. */
export const RECORD_OK = 0;
export const RECORD_NULL = 1;
export const RECORD_TYPE_MISMATCH = 2;
export const RECORD_MALFORMED = 3;
export const RECORD_UNSUPPORTED = 4;

/** Geometry of a .shp as structure of arrays. */
export interface ShpGeometry {
  file: string;
  /** Shape type declared in the file header. */
  shapeType: number;
  /** Bounding box of the header [minX, minY, maxX, maxY]. */
  bbox: [number, number, number, number];
  /** Complete records read (index i = 0-based record index = row i of the .dbf). */
  count: number;
  /** Record count of the .shx when given, else -1. */
  indexCount: number;
  /** True when the file ended before its last record (see `problems`). */
  truncated: boolean;
  /** Shape type written in each record. */
  recordType: Uint8Array;
  /** {@link RECORD_OK} or the reason the record has no geometry (message in `invalid`). */
  status: Uint8Array;
  /** Part range of record i: [partStart[i], partStart[i+1]). Length count + 1. */
  partStart: Uint32Array;
  /** Point range of part p: [pointStart[p], pointStart[p+1]). Length parts + 1. */
  pointStart: Uint32Array;
  /** Interleaved x, y of all points. */
  xy: Float64Array;
  /** Z of each point for Z types (NaN where a record has none), else null. */
  z: Float64Array | null;
  /** Bounding box of each record (4 per record, NaN for records without geometry). */
  recordBbox: Float64Array;
  /** Message of each record whose status is not OK, by record index. */
  invalid: Map<number, string>;
  /** File-level problems (truncation, count mismatch with the .shx). */
  problems: FormatProblem[];
}

export interface ShpReadOptions {
  /** File name used in messages (default `layer.shp`). */
  file?: string;
  /** Bytes of the .shx, to know how many records to expect. */
  shx?: Uint8Array | null;
}

/** Reads the geometry of a .shp. Throws {@link FormatError} when the 100-byte header is unusable. */
export function readShp(bytes: Uint8Array, opts: ShpReadOptions = {}): ShpGeometry {
  const file = opts.file ?? 'layer.shp';
  if (bytes.length < 100) throw new FormatError(file, `not a shapefile: ${bytes.length} bytes, the header alone is 100`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = dv.getInt32(0, false);
  if (code !== 9994) throw new FormatError(file, `not a shapefile: file code ${code} (expected 9994)`);
  const declaredBytes = dv.getInt32(24, false) * 2;
  const shapeType = dv.getInt32(32, true);
  if (shapeKind(shapeType) === 'unknown') throw new FormatError(file, `unknown shape type ${shapeType} in the header`);
  const bbox: [number, number, number, number] = [dv.getFloat64(36, true), dv.getFloat64(44, true), dv.getFloat64(52, true), dv.getFloat64(60, true)];
  const size = bytes.length;
  const problems: FormatProblem[] = [];

  let indexCount = -1;
  if (opts.shx && opts.shx.length >= 100) indexCount = Math.floor((opts.shx.length - 100) / 8);

  // Pass 1: record offsets, parts and points (validated against the content length).
  const offsets: number[] = [];
  const invalid = new Map<number, string>();
  const statusList: number[] = [];
  const typeList: number[] = [];
  let totalParts = 0;
  let totalPoints = 0;
  let o = 100;
  let stop: string | null = null;
  while (o < size) {
    const i = offsets.length;
    if (o + 8 > size) {
      stop = `only ${size - o} bytes of the 8-byte record header remain`;
      break;
    }
    const len = dv.getInt32(o + 4, false) * 2;
    if (len < 0) {
      stop = `the record header declares a negative content length (${len} bytes)`;
      break;
    }
    if (o + 8 + len > size) {
      stop = `the record declares ${len} bytes of content but only ${size - o - 8} remain`;
      break;
    }
    const c = o + 8;
    let status = RECORD_OK;
    let type = 0;
    let parts = 0;
    let points = 0;
    if (len < 4) {
      status = RECORD_MALFORMED;
      invalid.set(i, `${file}, record ${i}: content of ${len} bytes has no shape type`);
    } else {
      type = dv.getInt32(c, true);
      const kind = shapeKind(type);
      if (type === 0) {
        status = RECORD_NULL;
        invalid.set(i, `${file}, record ${i}: null geometry`);
      } else if (type !== shapeType) {
        status = RECORD_TYPE_MISMATCH;
        invalid.set(i, `${file}, record ${i}: shape type ${typeName(type)} differs from the file's ${typeName(shapeType)}`);
      } else if (kind === 'multipatch') {
        status = RECORD_UNSUPPORTED;
        invalid.set(i, `${file}, record ${i}: MultiPatch geometry is not supported`);
      } else {
        const need = contentCounts(dv, c, len, type);
        if (typeof need === 'string') {
          status = RECORD_MALFORMED;
          invalid.set(i, `${file}, record ${i}: ${need}`);
        } else {
          parts = need[0];
          points = need[1];
        }
      }
    }
    offsets.push(o);
    statusList.push(status);
    typeList.push(type & 0xff);
    totalParts += parts;
    totalPoints += points;
    o = c + len;
  }
  const count = offsets.length;
  const truncated = stop !== null || declaredBytes > size;
  if (truncated) {
    const expected = indexCount >= 0 ? ` of ${indexCount} (per the .shx)` : '';
    const why = stop ?? `the header declares ${declaredBytes} bytes but the file has ${size}`;
    problems.push({ file, record: count, message: `${file} is truncated: read ${count} complete records${expected}, stopped at record ${count}: ${why}` });
  } else if (indexCount >= 0 && indexCount !== count) {
    problems.push({ file, record: Math.min(indexCount, count), message: `${file} has ${count} records but its .shx indexes ${indexCount}` });
  }

  // Pass 2: fill the arrays.
  const withZ = hasZ(shapeType);
  const partStart = new Uint32Array(count + 1);
  const pointStart = new Uint32Array(totalParts + 1);
  const xy = new Float64Array(totalPoints * 2);
  const z = withZ ? new Float64Array(totalPoints).fill(NaN) : null;
  const recordBbox = new Float64Array(count * 4).fill(NaN);
  let p = 0;
  let q = 0;
  for (let i = 0; i < count; i++) {
    partStart[i] = p;
    if (statusList[i] !== RECORD_OK) continue;
    const c = offsets[i] + 8;
    const kind = shapeKind(shapeType);
    if (kind === 'point') {
      const x = dv.getFloat64(c + 4, true);
      const y = dv.getFloat64(c + 12, true);
      xy[2 * q] = x;
      xy[2 * q + 1] = y;
      if (z) z[q] = dv.getFloat64(c + 20, true);
      recordBbox[4 * i] = recordBbox[4 * i + 2] = x;
      recordBbox[4 * i + 1] = recordBbox[4 * i + 3] = y;
      pointStart[p++] = q++;
      continue;
    }
    recordBbox[4 * i] = dv.getFloat64(c + 4, true);
    recordBbox[4 * i + 1] = dv.getFloat64(c + 12, true);
    recordBbox[4 * i + 2] = dv.getFloat64(c + 20, true);
    recordBbox[4 * i + 3] = dv.getFloat64(c + 28, true);
    let np: number;
    let n: number;
    let pts: number;
    if (kind === 'multipoint') {
      np = 1;
      n = dv.getInt32(c + 36, true);
      pts = c + 40;
      pointStart[p] = q;
    } else {
      np = dv.getInt32(c + 36, true);
      n = dv.getInt32(c + 40, true);
      pts = c + 44 + 4 * np;
      for (let k = 0; k < np; k++) pointStart[p + k] = q + dv.getInt32(c + 44 + 4 * k, true);
    }
    for (let k = 0; k < n; k++) {
      xy[2 * (q + k)] = dv.getFloat64(pts + 16 * k, true);
      xy[2 * (q + k) + 1] = dv.getFloat64(pts + 16 * k + 8, true);
    }
    if (z) {
      const zs = pts + 16 * n + 16; // after the Z range
      for (let k = 0; k < n; k++) z[q + k] = dv.getFloat64(zs + 8 * k, true);
    }
    p += np;
    q += n;
  }
  partStart[count] = p;
  pointStart[p] = q;
  return {
    file,
    shapeType,
    bbox,
    count,
    indexCount,
    truncated,
    recordType: Uint8Array.from(typeList),
    status: Uint8Array.from(statusList),
    partStart,
    pointStart,
    xy,
    z,
    recordBbox,
    invalid,
    problems,
  };
}

/** [parts, points] of a record's content, or why it is malformed. */
function contentCounts(dv: DataView, c: number, len: number, type: number): [number, number] | string {
  const kind = shapeKind(type);
  const z = hasZ(type);
  if (kind === 'point') {
    const need = z ? 28 : 20;
    if (len < need) return `content of ${len} bytes is too short for a ${typeName(type)} (${need} bytes)`;
    return [1, 1];
  }
  if (len < 40) return `content of ${len} bytes is too short for a ${typeName(type)} header`;
  if (kind === 'multipoint') {
    const n = dv.getInt32(c + 36, true);
    if (n < 1) return `MultiPoint with ${n} points`;
    const need = 40 + 16 * n + (z ? 16 + 8 * n : 0);
    if (need > len) return `${n} points need ${need} bytes but the record has ${len}`;
    return [1, n];
  }
  if (len < 44) return `content of ${len} bytes is too short for a ${typeName(type)} header`;
  const np = dv.getInt32(c + 36, true);
  const n = dv.getInt32(c + 40, true);
  if (np < 1 || n < 1) return `empty ${typeName(type)}: ${np} parts, ${n} points`;
  const need = 44 + 4 * np + 16 * n + (z ? 16 + 8 * n : 0);
  if (np > n || need > len) return `${np} parts and ${n} points need ${need} bytes but the record has ${len}`;
  let last = -1;
  for (let k = 0; k < np; k++) {
    const s = dv.getInt32(c + 44 + 4 * k, true);
    if ((k === 0 && s !== 0) || s <= last || s >= n) return `part ${k} starts at point ${s}, outside 0–${n - 1} or not increasing`;
    last = s;
  }
  return [np, n];
}

/** Parts of record i as flat x, y views of `xy` (default the file's own coordinates; pass a transformed copy). */
export function recordParts(g: ShpGeometry, i: number, xy: Float64Array = g.xy): Float64Array[] {
  const out: Float64Array[] = [];
  for (let p = g.partStart[i]; p < g.partStart[i + 1]; p++) out.push(xy.subarray(2 * g.pointStart[p], 2 * g.pointStart[p + 1]));
  return out;
}

/** Z values of record i (a view), or null when the file has no Z. */
export function recordZ(g: ShpGeometry, i: number): Float64Array | null {
  if (!g.z) return null;
  const a = g.pointStart[g.partStart[i]];
  const b = g.pointStart[g.partStart[i + 1]];
  return g.z.subarray(a, b);
}

/** Signed area of a flat ring (positive when counter-clockwise in x east / y north). */
export function ringSignedArea(r: ArrayLike<number>): number {
  const n = r.length >> 1;
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) s += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
  return s / 2;
}

/** Even-odd point-in-ring test. */
export function pointInRing(r: ArrayLike<number>, x: number, y: number): boolean {
  const n = r.length >> 1;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = r[2 * i];
    const yi = r[2 * i + 1];
    const xj = r[2 * j];
    const yj = r[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export interface AssembledPolygons {
  /** polygons → rings (outer first, then its holes) → flat x, y. */
  polygons: Float64Array[][];
  /** Holes contained in no outer ring, kept as polygons of their own. */
  orphanHoles: number;
}

/**
 * Groups the rings of a polygon record into polygons. Shapefile outer rings are clockwise and holes
 * counter-clockwise; each hole goes to the smallest outer ring containing its first vertex. A hole inside no
 * outer ring becomes a polygon (as GDAL does); a record without any clockwise ring (writers that ignore the
 * orientation rule) has only outer rings. Orientation itself is left to the consumer.
 */
export function assembleRings(rings: Float64Array[]): AssembledPolygons {
  if (rings.length === 1) return { polygons: [[rings[0]]], orphanHoles: 0 };
  const area = rings.map(ringSignedArea);
  const outers: number[] = [];
  const holes: number[] = [];
  for (let k = 0; k < rings.length; k++) (area[k] <= 0 ? outers : holes).push(k);
  if (!outers.length) return { polygons: rings.map((r) => [r]), orphanHoles: 0 };
  const polys = outers.map((k) => [rings[k]]);
  let orphanHoles = 0;
  for (const h of holes) {
    const r = rings[h];
    let best = -1;
    for (let m = 0; m < outers.length; m++) {
      if (!pointInRing(rings[outers[m]], r[0], r[1])) continue;
      if (best < 0 || Math.abs(area[outers[m]]) < Math.abs(area[outers[best]])) best = m;
    }
    if (best >= 0) polys[best].push(r);
    else {
      polys.push([r]);
      orphanHoles++;
    }
  }
  return { polygons: polys, orphanHoles };
}

/** Polygons of record i (see {@link assembleRings}), as views of `xy` (default the file's coordinates). */
export function recordPolygons(g: ShpGeometry, i: number, xy: Float64Array = g.xy): AssembledPolygons {
  const rings = recordParts(g, i, xy);
  if (!rings.length) return { polygons: [], orphanHoles: 0 };
  return assembleRings(rings);
}

/** The files of one shapefile, as bytes (and text for .prj/.cpg). */
export interface ShapefileSource {
  shp: Uint8Array;
  shx?: Uint8Array | null;
  dbf?: Uint8Array | null;
  prj?: string | null;
  cpg?: string | null;
  /** File names used in messages. */
  names?: { shp?: string; dbf?: string; prj?: string };
}

export interface Shapefile {
  shpFile: string;
  dbfFile: string;
  /** Name of the .prj (as found, or the expected name when absent). */
  prjFile: string;
  geometry: ShpGeometry;
  /** Attributes, or null when the .dbf is missing (a problem says so). */
  table: DbfTable | null;
  /** Text of the .prj, or null when absent. */
  prj: string | null;
  /** Records with geometry read (complete .shp records). Attributes exist for records < table.recordCount. */
  count: number;
  /** File-level problems of the .shp, .shx and .dbf. */
  problems: FormatProblem[];
}

/** Reads a shapefile from its files' contents. Throws {@link FormatError} when the .shp or .dbf header is unusable. */
export function parseShapefile(src: ShapefileSource): Shapefile {
  const shpFile = src.names?.shp ?? 'layer.shp';
  const dbfFile = src.names?.dbf ?? shpFile.replace(/\.shp$/i, '.dbf');
  const prjFile = src.names?.prj ?? shpFile.replace(/\.shp$/i, '.prj');
  const geometry = readShp(src.shp, { file: shpFile, shx: src.shx });
  const problems = [...geometry.problems];
  let table: DbfTable | null = null;
  if (src.dbf) {
    table = new DbfTable(src.dbf, { file: dbfFile, cpg: src.cpg });
    problems.push(...table.problems);
    const truncated = geometry.truncated || table.recordCount < table.headerRecordCount;
    if (!truncated && table.recordCount !== geometry.count) {
      const first = Math.min(table.recordCount, geometry.count);
      problems.push({
        file: dbfFile,
        record: first,
        message:
          table.recordCount < geometry.count
            ? `${dbfFile} has ${table.recordCount} records but ${shpFile} has ${geometry.count}: records ${first}–${geometry.count - 1} have no attributes`
            : `${dbfFile} has ${table.recordCount} records but ${shpFile} has ${geometry.count}: attribute records ${first}–${table.recordCount - 1} have no geometry`,
      });
    }
  } else {
    problems.push({ file: dbfFile, message: `${dbfFile} is missing: the records of ${shpFile} have no attributes` });
  }
  return { shpFile, dbfFile, prjFile, geometry, table, prj: src.prj ?? null, count: geometry.count, problems };
}
