/**
 * Generic GeoJSON importer (id `geojson`). Reads a folder of layer files (buildings, roads, population,
 * land cover, equipment) or a single file, with the property names documented in GEOJSON_SCHEMA.md (BD TOPO
 * and Filosofi exports, such as the Rodez centre extract, are read as they are).
 *
 * Also exports the GeoJSON helpers the OSM importer shares: reading a FeatureCollection with located JSON
 * errors, the declared CRS, coordinate conversion and the local frame of a data set.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ImportReport } from '../report.ts';
import { CrsError, FrameTransform, crsProj4, frameForGeographic, frameForProjected, isGeographic, normaliseCrs } from '../frame.ts';
import type { LocalFrame } from '../../engine/territory.ts';
import { filosofiAgeBands } from './bdtopo-classes.ts';
import { ImportError, inClip, type ImportOptions, type ImportResult, type Importer } from './types.ts';
import { TerritoryBuilder } from '../builder.ts';
import { readBuildings, readEquipment, readLandCover, readPopulation, readRoads, type LayerContext } from './geojson-layers.ts';

// ---------------------------------------------------------------------------------------------------------
// Shared GeoJSON helpers
// ---------------------------------------------------------------------------------------------------------

/** Index of the first character at which `text` stops being valid JSON (RFC 8259), or -1 when it is valid. */
export function jsonErrorPosition(text: string): number {
  const n = text.length;
  let i = 0;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const ws = (): void => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  const fail = (): never => {
    throw i;
  };
  const str = (): void => {
    i++;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== undefined) i += 2;
        else fail();
      } else i++;
    }
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          str();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') return str();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail();
    i = NUMBER.lastIndex;
  };
  try {
    value();
    ws();
    return i < n ? i : -1;
  } catch (p) {
    return p as number;
  }
}

/** 1-based line and column of a character position. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let p = text.indexOf('\n'); p >= 0 && p < pos; p = text.indexOf('\n', p + 1)) {
    line++;
    lineStart = p + 1;
  }
  return { line, column: pos - lineStart + 1 };
}

export interface FeatureCollectionFile {
  file: string;
  // GeoJSON features as parsed: validated field by field by the layer readers.
  features: any[];
  /** CRS named by the (pre-RFC 7946) `crs` member, normalised, or null. */
  declaredCrs: string | null;
}

/**
 * Reads a GeoJSON FeatureCollection. On failure reports a layer error naming the file (with line, column and
 * character position for invalid JSON) and returns null.
 */
export function readFeatureCollection(file: string, report: ImportReport, text?: string): FeatureCollectionFile | null {
  let src: string;
  try {
    src = text ?? readFileSync(file, 'utf8');
  } catch (e) {
    report.error(file, `cannot read the file: ${(e as Error).message}`);
    return null;
  }
  let json: any;
  try {
    json = JSON.parse(src);
  } catch (e) {
    const pos = jsonErrorPosition(src);
    const at = pos >= 0 ? lineColumn(src, pos) : null;
    report.error(file, `not valid JSON${at ? ` at line ${at.line}, column ${at.column} (character ${pos})` : ''}: ${(e as Error).message}`);
    return null;
  }
  if (json === null || typeof json !== 'object' || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    const what = json === null || typeof json !== 'object' ? typeof json : `type "${json.type}"`;
    report.error(file, `not a GeoJSON FeatureCollection (found ${what}; expected {"type": "FeatureCollection", "features": [...]})`);
    return null;
  }
  const name = json.crs?.properties?.name;
  return { file, features: json.features, declaredCrs: typeof name === 'string' ? normaliseCrs(name) : null };
}

/**
 * CRS of a file: `opts.crs` when given, else the declared `crs` member, else WGS84 lon/lat (RFC 7946 §4).
 * Reports an error naming the file and returns null when the CRS is not supported.
 */
export function resolveCrs(file: string, declared: string | null, override: string | undefined, report: ImportReport): string | null {
  const crs = normaliseCrs(override ?? declared ?? 'EPSG:4326');
  try {
    crsProj4(crs);
    return crs;
  } catch (e) {
    if (!(e instanceof CrsError)) throw e;
    report.error(file, `${e.message}${override ? ' (given as the crs option)' : declared ? ' (declared by the crs member of the file)' : ''}; the file is skipped`);
    return null;
  }
}

/** Calls fn for each [x, y] position in nested GeoJSON coordinate arrays (positions must be finite numbers). */
export function eachPosition(coords: unknown, fn: (x: number, y: number) => void): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    if (Number.isFinite(coords[0]) && Number.isFinite(coords[1])) fn(coords[0], coords[1]);
    return;
  }
  for (const c of coords) eachPosition(c, fn);
}

/** Bounding box of the positions of a geometry's coordinates [minX, minY, maxX, maxY] (NaN when none). */
export function coordsBbox(coords: unknown, into?: number[]): number[] {
  const b = into ?? [Infinity, Infinity, -Infinity, -Infinity];
  eachPosition(coords, (x, y) => {
    if (x < b[0]) b[0] = x;
    if (y < b[1]) b[1] = y;
    if (x > b[2]) b[2] = x;
    if (y > b[3]) b[3] = y;
  });
  return b;
}

/** True when the centre of the geometry's bbox is inside the clip box (or there is none). */
export function geometryInClip(clip: ImportOptions['clip'], coords: unknown): boolean {
  if (!clip) return true;
  const b = coordsBbox(coords);
  return b[0] <= b[2] && inClip(clip, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
}

/**
 * Local frame for data in `crs` covering `bbox` (source units): geographic sources get a transverse Mercator
 * centred on the bbox centre rounded to 0.001° (about 100 m); projected sources a translation of their plane
 * by the centre rounded to 100 m, so that origins are readable numbers.
 */
export function frameForSource(crs: string, bbox: ArrayLike<number>): LocalFrame {
  const ok = bbox[0] <= bbox[2] && bbox[1] <= bbox[3];
  const cx = ok ? (bbox[0] + bbox[2]) / 2 : 0;
  const cy = ok ? (bbox[1] + bbox[3]) / 2 : 0;
  if (isGeographic(crs)) return frameForGeographic(crs, Math.round(cx * 1000) / 1000, Math.round(cy * 1000) / 1000);
  return frameForProjected(crs, Math.round(cx / 100) * 100, Math.round(cy / 100) * 100);
}

/** GeoJSON positions → flat local [x0, y0, …]; null when a position is not a pair of finite numbers. */
export function positionsToLocal(coords: unknown, t: FrameTransform): number[] | null {
  if (!Array.isArray(coords)) return null;
  const out = new Array<number>(coords.length * 2);
  for (let i = 0; i < coords.length; i++) {
    const p = coords[i];
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    t.sourceToLocal(p[0], p[1], out, 2 * i);
  }
  return out;
}

/** Polygon / MultiPolygon coordinates → polygons → rings → flat local coordinates; null when malformed. */
export function polygonsToLocal(geometry: { type: string; coordinates: unknown }, t: FrameTransform): number[][][] | null {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (!Array.isArray(polys)) return null;
  const out: number[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly)) return null;
    const rings: number[][] = [];
    for (const ring of poly) {
      const r = positionsToLocal(ring, t);
      if (!r) return null;
      rings.push(r);
    }
    out.push(rings);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Importer
// ---------------------------------------------------------------------------------------------------------

export type GeoJsonLayer = 'buildings' | 'roads' | 'population' | 'landcover' | 'equipment';
const LAYER_ORDER: GeoJsonLayer[] = ['population', 'buildings', 'roads', 'landcover', 'equipment'];

/** Layer of a file from its name: buildings.*, roads.*, population*.*, landcover.*, equipment.* (null otherwise). */
export function layerFromFileName(file: string): GeoJsonLayer | null {
  const b = basename(file).toLowerCase();
  if (!/\.(geo)?json$/.test(b)) return null;
  const stem = b.replace(/\.(geo)?json$/, '');
  if (stem.startsWith('population')) return 'population';
  for (const l of ['buildings', 'roads', 'landcover', 'equipment'] as const) if (stem === l) return l;
  return null;
}

/** Layer of a file from its content: lines → roads, points → equipment, polygons with `ind` → population… */
function layerFromContent(features: any[]): GeoJsonLayer {
  const f = features.find((x) => x?.geometry?.type);
  const type: string = f?.geometry.type ?? '';
  const p = f?.properties ?? {};
  if (type.endsWith('LineString')) return 'roads';
  if (type.endsWith('Point')) return 'equipment';
  if ('ind' in p || 'inhabitants' in p) return 'population';
  if ('cover' in p || 'landuse' in p || 'natural' in p || 'leisure' in p) return 'landcover';
  return 'buildings';
}

/** Imports a GeoJSON folder or file (see GEOJSON_SCHEMA.md). */
export async function importGeoJson(path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  let inputs: Array<{ file: string; layer: GeoJsonLayer | null }>;
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new ImportError(`${path}: no such file or folder`);
  }
  const report = new ImportReport(path, 'geojson');
  if (isDir) {
    inputs = readdirSync(path)
      .sort()
      .map((f) => ({ file: join(path, f), layer: layerFromFileName(f) }))
      .filter((x) => x.layer !== null);
    if (!inputs.length) throw new ImportError(`${path}: no buildings / roads / population* / landcover / equipment .geojson file in the folder`);
    for (const l of ['buildings', 'roads', 'population'] as const)
      if (!inputs.some((x) => x.layer === l)) report.note(`no ${l === 'population' ? 'population*' : l}.geojson in ${path}: the territory has no ${l}`);
  } else inputs = [{ file: path, layer: layerFromFileName(path) }];

  const loaded: Array<FeatureCollectionFile & { layer: GeoJsonLayer; crs: string }> = [];
  for (const inp of inputs) {
    const fc = readFeatureCollection(inp.file, report);
    if (!fc) continue;
    const crs = resolveCrs(inp.file, fc.declaredCrs, opts.crs, report);
    if (!crs) continue;
    loaded.push({ ...fc, layer: inp.layer ?? layerFromContent(fc.features), crs });
  }
  if (!loaded.length) {
    const errors = report.data.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}: ${i.message}`);
    throw new ImportError(`${path}: no layer could be read (${errors.join('; ')})`);
  }
  loaded.sort((a, b) => LAYER_ORDER.indexOf(a.layer) - LAYER_ORDER.indexOf(b.layer));

  // Frame: centred on the first file with features (files of a folder share their CRS in practice).
  const ref = loaded.find((f) => f.features.length) ?? loaded[0];
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of ref.features) if (f?.geometry && geometryInClip(opts.clip, f.geometry.coordinates)) coordsBbox(f.geometry.coordinates, bbox);
  const frame = frameForSource(ref.crs, bbox);
  const name = opts.name ?? basename(path, extname(path));
  const builder = new TerritoryBuilder(name, frame);

  const ageKeys = new Set<string>();
  for (const f of loaded) if (f.layer === 'population') for (const feat of f.features) for (const k in feat?.properties ?? {}) ageKeys.add(k);
  builder.setAgeBands(filosofiAgeBands([...ageKeys]).bands);

  const readers = { buildings: readBuildings, roads: readRoads, population: readPopulation, landcover: readLandCover, equipment: readEquipment };
  for (const f of loaded) {
    const ctx: LayerContext = { builder, report, clip: opts.clip, file: f.file, crs: f.crs, transform: new FrameTransform(frame, f.crs), features: f.features };
    readers[f.layer](ctx);
  }
  const territory = builder.build({ report });
  return { territory, report: report.data };
}

export const geojsonImporter: Importer = {
  id: 'geojson',
  title: 'GeoJSON layers',
  description:
    'A folder with buildings.geojson, roads.geojson, population*.geojson (optional landcover.geojson, equipment.geojson) or one such file; ' +
    'property names per data/importers/GEOJSON_SCHEMA.md (BD TOPO and Filosofi names accepted). CRS: the file\'s crs member, else WGS84, unless --crs.',
  import: (path, opts) => importGeoJson(path, opts),
};
