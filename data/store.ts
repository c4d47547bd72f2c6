/**
 * Territory store: a directory that both the engine's fast path and DuckDB (Node and browser) can read.
 *
 *   territory.json         manifest: format/version, frame, catalog (datasets + import reports), provenance rules,
 *                          age bands, counts, and every column file with its type, length and SHA-256
 *   columns/<table>.<column>.<type>   raw little-endian typed arrays (loaded without parsing)
 *   columns/<table>.<column>.json     string columns (JSON arrays)
 *   sql/<table>.csv        one row per feature, scalar attributes with decoded enums: the SQL view that
 *                          @duckdb/node-api and duckdb-wasm both read with read_csv (no extension needed)
 *
 * This module is environment-neutral: reading and writing go through a {@link StoreIO} (Node fs in
 * data/store-node.ts, fetch in the browser). Why this layout: see ARCHITECTURE.md § Store.
 */
import type { Dataset, LocalFrame, Polygons, Polylines, ProvenanceRule, Territory, AgeBand } from '../engine/territory.ts';
import type { ImportReportData } from './report.ts';
import { writeSqlViews } from './store-sql.ts';

export const STORE_FORMAT = 'jumeau-territory';
export const STORE_VERSION = 1;

type TypedArray = Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;
const TYPES = {
  f64: Float64Array,
  f32: Float32Array,
  u32: Uint32Array,
  i32: Int32Array,
  u16: Uint16Array,
  u8: Uint8Array,
} as const;
type TypeCode = keyof typeof TYPES;

function typeCode(a: TypedArray): TypeCode {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint16Array) return 'u16';
  return 'u8';
}

export interface ColumnEntry {
  file: string;
  type: TypeCode | 'json';
  length: number;
  sha256: string;
}

export interface ImportRecord {
  importer: string;
  source: string;
  datasetIds: string[];
  report: ImportReportData;
}

export interface TerritoryManifest {
  format: typeof STORE_FORMAT;
  version: number;
  name: string;
  synthetic: boolean;
  frame: LocalFrame;
  datasets: Dataset[];
  imports: ImportRecord[];
  rules: ProvenanceRule[];
  ageBands: AgeBand[];
  counts: Record<string, number>;
  columns: Record<string, ColumnEntry>;
  sql: Record<string, { file: string; rows: number; sha256: string }>;
}

export interface StoreIO {
  write(relPath: string, data: Uint8Array | string): Promise<void>;
  read(relPath: string): Promise<Uint8Array>;
  sha256(data: Uint8Array): string | Promise<string>;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

const TABLES = ['buildings', 'roads', 'population', 'landCover', 'equipment'] as const;
const isTyped = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);
const isPolygons = (v: unknown): v is Polygons => !!v && typeof v === 'object' && 'featureRingStart' in v;
const isPolylines = (v: unknown): v is Polylines => !!v && typeof v === 'object' && 'lineVertexStart' in v;

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new StoreError('territory stores are little-endian; this platform is big-endian');
}

const enc = new TextEncoder();

/** Writes a territory (and the import records that produced it) to a store directory. */
export async function writeTerritory(io: StoreIO, t: Territory, imports: ImportRecord[] = []): Promise<TerritoryManifest> {
  assertLittleEndian();
  const columns: Record<string, ColumnEntry> = {};
  const counts: Record<string, number> = {};
  const put = async (key: string, v: TypedArray | string[]): Promise<void> => {
    if (Array.isArray(v)) {
      const bytes = enc.encode(JSON.stringify(v));
      const file = `columns/${key}.json`;
      await io.write(file, bytes);
      columns[key] = { file, type: 'json', length: v.length, sha256: await io.sha256(bytes) };
    } else {
      const code = typeCode(v);
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const file = `columns/${key}.${code}`;
      await io.write(file, bytes);
      columns[key] = { file, type: code, length: v.length, sha256: await io.sha256(bytes) };
    }
  };
  for (const table of TABLES) {
    const obj = t[table] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'number') counts[`${table}.${k}`] = v;
      else if (isTyped(v) || (Array.isArray(v) && v.every((s) => typeof s === 'string'))) await put(`${table}.${k}`, v as TypedArray | string[]);
      else if (isPolygons(v) || isPolylines(v)) for (const [kk, vv] of Object.entries(v)) await put(`${table}.${k}.${kk}`, vv as TypedArray);
      else if (table === 'population' && k === 'ageBands') continue;
      else throw new StoreError(`cannot store ${table}.${k}`);
    }
  }
  const sql = await writeSqlViews(io, t);
  const manifest: TerritoryManifest = {
    format: STORE_FORMAT,
    version: STORE_VERSION,
    name: t.name,
    synthetic: t.synthetic,
    frame: t.frame,
    datasets: t.datasets,
    imports,
    rules: t.rules,
    ageBands: t.population.ageBands.map((b) => ({ ...b, maxAge: Number.isFinite(b.maxAge) ? b.maxAge : -1 })),
    counts,
    columns,
    sql,
  };
  await io.write('territory.json', JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

/** Reads and validates the manifest of a store. */
export async function readManifest(io: StoreIO, where = 'territory.json'): Promise<TerritoryManifest> {
  let text: string;
  try {
    text = new TextDecoder().decode(await io.read('territory.json'));
  } catch (e) {
    throw new StoreError(`${where}: cannot read the territory manifest (${(e as Error).message})`);
  }
  let m: TerritoryManifest;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new StoreError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  if (m.format !== STORE_FORMAT) throw new StoreError(`${where}: not a Jumeau territory (format "${String(m.format)}")`);
  if (m.version !== STORE_VERSION) throw new StoreError(`${where}: store version ${m.version} is not supported (expected ${STORE_VERSION})`);
  return m;
}

export interface LoadOptions {
  /** Verify SHA-256 of every column (slower; default false). */
  verify?: boolean;
}

/** Loads a territory from a store. Column buffers are used as typed arrays without parsing. */
export async function readTerritory(io: StoreIO, opts: LoadOptions = {}): Promise<{ territory: Territory; manifest: TerritoryManifest }> {
  assertLittleEndian();
  const m = await readManifest(io);
  const loaded = new Map<string, TypedArray | string[]>();
  await Promise.all(
    Object.entries(m.columns).map(async ([key, c]) => {
      const bytes = await io.read(c.file).catch((e: Error) => {
        throw new StoreError(`${c.file}: missing or unreadable column ${key} (${e.message})`);
      });
      if (opts.verify) {
        const h = await io.sha256(bytes);
        if (h !== c.sha256) throw new StoreError(`${c.file}: checksum mismatch for column ${key} (file changed or corrupted)`);
      }
      if (c.type === 'json') {
        const arr = JSON.parse(new TextDecoder().decode(bytes)) as string[];
        if (arr.length !== c.length) throw new StoreError(`${c.file}: ${arr.length} values, manifest says ${c.length}`);
        loaded.set(key, arr);
        return;
      }
      const Ctor = TYPES[c.type];
      if (!Ctor) throw new StoreError(`${c.file}: unknown column type ${c.type}`);
      const bpe = Ctor.BYTES_PER_ELEMENT;
      if (bytes.byteLength !== c.length * bpe) throw new StoreError(`${c.file}: ${bytes.byteLength} bytes, expected ${c.length * bpe} (truncated?)`);
      // Typed arrays need aligned offsets: copy only when the buffer is shared/misaligned.
      const aligned = bytes.byteOffset % bpe === 0 ? bytes : bytes.slice();
      loaded.set(key, new Ctor(aligned.buffer as ArrayBuffer, aligned.byteOffset, c.length));
    }),
  );
  const tables: Record<string, Record<string, unknown>> = {};
  for (const table of TABLES) tables[table] = {};
  for (const [k, v] of Object.entries(m.counts)) {
    const [table, field] = k.split('.');
    tables[table][field] = v;
  }
  for (const [key, v] of loaded) {
    const [table, field, sub] = key.split('.');
    if (!tables[table]) throw new StoreError(`territory.json: unknown table in column ${key}`);
    if (sub) ((tables[table][field] ??= {}) as Record<string, unknown>)[sub] = v;
    else tables[table][field] = v;
  }
  tables.population.ageBands = m.ageBands.map((b) => ({ ...b, maxAge: b.maxAge < 0 ? Infinity : b.maxAge }));
  const territory = {
    name: m.name,
    synthetic: m.synthetic,
    frame: m.frame,
    datasets: m.datasets,
    rules: m.rules,
    ...tables,
  } as unknown as Territory;
  validateTerritory(territory, 'territory.json');
  return { territory, manifest: m };
}

/** Structural checks on a loaded territory: lengths consistent with counts, offsets in range. */
export function validateTerritory(t: Territory, where: string): void {
  const fail = (msg: string): never => {
    throw new StoreError(`${where}: ${msg}`);
  };
  const checkLen = (name: string, a: { length: number } | undefined, n: number): void => {
    if (!a) fail(`column ${name} is missing`);
    else if (a.length !== n) fail(`column ${name} has ${a.length} values, expected ${n}`);
  };
  const checkPoly = (name: string, p: Polygons, n: number): void => {
    checkLen(`${name}.featureRingStart`, p?.featureRingStart, n + 1);
    const rings = p.featureRingStart[n];
    checkLen(`${name}.ringVertexStart`, p.ringVertexStart, rings + 1);
    checkLen(`${name}.xy`, p.xy, 2 * p.ringVertexStart[rings]);
  };
  const b = t.buildings;
  checkPoly('buildings.footprint', b.footprint, b.count);
  for (const k of ['sourceId', 'dataset', 'footprintAreaM2', 'heightM', 'heightRule', 'floors', 'floorsRule', 'groundZM', 'use', 'useRule', 'period', 'periodRule', 'dwellings', 'dwellingsRule', 'inhabitants', 'inhabitantsRule'] as const)
    checkLen(`buildings.${k}`, b[k], b.count);
  const r = t.roads;
  checkLen('roads.nodeXY', r.nodeXY, 2 * r.nodeCount);
  for (const k of ['linkFrom', 'linkTo', 'linkSegment', 'linkReversed', 'lengthM', 'lanes', 'lanesRule', 'capacityVehH', 'freeSpeedKmh', 'speedRule', 'roadClass'] as const)
    checkLen(`roads.${k}`, r[k], r.linkCount);
  for (let i = 0; i < r.linkCount; i++) {
    if (r.linkFrom[i] >= r.nodeCount || r.linkTo[i] >= r.nodeCount) fail(`roads link ${i} refers to a node out of range`);
    if (r.linkSegment[i] >= r.segmentCount) fail(`roads link ${i} refers to a segment out of range`);
  }
  checkLen('roads.segmentGeometry.lineVertexStart', r.segmentGeometry?.lineVertexStart, r.segmentCount + 1);
  const p = t.population;
  checkPoly('population.geometry', p.geometry, p.count);
  checkLen('population.ageCounts', p.ageCounts, p.count * p.ageBands.length);
  checkPoly('landCover.geometry', t.landCover.geometry, t.landCover.count);
  checkLen('equipment.xy', t.equipment.xy, 2 * t.equipment.count);
}
