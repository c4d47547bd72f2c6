/**
 * OpenStreetMap importer (id `osm`): OSM XML (.osm) or OSM as GeoJSON (osmtogeojson / Overpass style: tags as
 * flat properties or nested under `tags`, ids such as `way/123` in `id` or `@id`).
 *
 * - Roads: ways with highway=* (classes, lanes, maxspeed, oneway per ./osm-tags.ts), noded by
 *   data/network/noding.ts: split at shared nodes (node ids in XML, identical coordinates in GeoJSON) and
 *   dangling ends snapped to nearby lines. The noding statistics go to the report as a `network:` note
 *   (parse it back with `parseNetworkNote`).
 * - Buildings: building=* closed ways, polygons and multipolygons (height, building:levels, use).
 * - Equipment: amenity=school|kindergarten|childcare|college|university|hospital|clinic|townhall, as points or
 *   at the centroid of their area; capacity=* when present.
 * - Land cover: landuse / leisure / natural areas.
 * Every other feature is reported as dropped ("point without supported tags", …).
 *
 * Frame: a transverse Mercator centred on the data's bbox (rounded), or the plane of `opts.crs` when the file is
 * in a projected CRS.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ImportReport, type LayerReport } from '../report.ts';
import { FrameTransform, normaliseCrs } from '../frame.ts';
import { TerritoryBuilder, type RoadDirection } from '../builder.ts';
import { osmDataset } from '../catalog.ts';
import type { RoadClass } from '../../engine/territory.ts';
import { F64Buffer } from '../geometry.ts';
import { ImportError, inClip, type ImportOptions, type ImportResult, type Importer } from './types.ts';
import { frameForSource, readFeatureCollection, resolveCrs } from './geojson.ts';
import { ringCentroid } from './geojson-layers.ts';
import { assembleRings, parseOsmXml } from './osm-xml.ts';
import {
  osmBuildingUse,
  osmDirection,
  osmEquipmentKind,
  osmLandCover,
  osmRoadClass,
  parseOsmCount,
  parseOsmLanes,
  parseOsmLength,
  parseOsmLevels,
  parseOsmMaxspeed,
  type OsmTags,
  type Parsed,
} from './osm-tags.ts';
import { networkNote, nodeLines } from '../network/noding.ts';

export interface OsmImportOptions extends ImportOptions {
  /** Dangling road ends within this distance (m) of another road are joined to it; 0 disables. Default 2. */
  snapToleranceM?: number;
}

export const DEFAULT_SNAP_TOLERANCE_M = 2;

/** A feature read from either format, coordinates in the source CRS. */
interface RawFeature {
  index: number;
  id: string;
  tags: OsmTags;
  kind: 'point' | 'line' | 'polygon';
  /** point: [x, y]; line: flat [x0, y0, …]. */
  coords: number[];
  /** polygon: polygons → rings → flat. */
  polygons?: number[][][];
  /** line from OSM XML: node id of each vertex. */
  keys?: number[];
  /** Problem met while assembling the geometry (missing nodes, unclosed rings), reported as a repair. */
  geometryProblem?: string;
}

const META_KEYS = new Set(['id', '@id', 'type', '@type', 'tags', 'meta', 'relations', '@relations', 'timestamp', 'version', 'changeset', 'user', 'uid']);
const AREA_KEYS = ['building', 'landuse', 'natural', 'leisure', 'amenity'];

const isClosed = (c: number[]): boolean => c.length >= 8 && c[0] === c[c.length - 2] && c[1] === c[c.length - 1];

/** Flat source coordinates of GeoJSON positions, or null when one is not a pair of finite numbers. */
function flat(coords: unknown): number[] | null {
  if (!Array.isArray(coords)) return null;
  const out: number[] = [];
  for (const p of coords) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    out.push(p[0], p[1]);
  }
  return out;
}

/** Features of an OSM GeoJSON file. Features whose geometry cannot be used are reported and skipped. */
function rawFromGeoJson(features: any[], report: ImportReport, file: string): RawFeature[] {
  const out: RawFeature[] = [];
  const other = (): LayerReport => report.layer('other', file);
  features.forEach((f, index) => {
    const p = f && typeof f === 'object' && f.properties && typeof f.properties === 'object' ? f.properties : {};
    const src = p.tags && typeof p.tags === 'object' ? p.tags : p;
    const tags: OsmTags = {};
    for (const k in src) if (!(src === p && META_KEYS.has(k)) && src[k] !== null && src[k] !== undefined && typeof src[k] !== 'object') tags[k] = String(src[k]);
    const id = String(f?.id ?? p['@id'] ?? (p.type && p.id !== undefined ? `${p.type}/${p.id}` : `#${index}`));
    const g = f?.geometry;
    const bad = (reason: string, message: string): void => {
      const l = other();
      l.read++;
      report.drop(l, reason, { feature: index, featureId: id, field: 'geometry' }, message);
    };
    if (!g || typeof g !== 'object') return bad('no geometry', 'feature without geometry (null or absent)');
    const add = (kind: RawFeature['kind'], coords: number[], polygons?: number[][][], suffix = ''): void => {
      out.push({ index, id: id + suffix, tags, kind, coords, polygons });
    };
    const polys = (list: unknown[]): number[][][] | null => {
      const res: number[][][] = [];
      for (const poly of list) {
        if (!Array.isArray(poly)) return null;
        const rings = poly.map(flat);
        if (rings.some((r) => !r)) return null;
        res.push(rings as number[][]);
      }
      return res;
    };
    switch (g.type) {
      case 'Point': {
        const c = flat([g.coordinates]);
        return c ? add('point', c) : bad('invalid coordinates', 'the position is not a pair of finite numbers');
      }
      case 'MultiPoint':
      case 'MultiLineString': {
        const parts = Array.isArray(g.coordinates) ? g.coordinates : [];
        const cs = parts.map((c: unknown) => flat(g.type === 'MultiPoint' ? [c] : c));
        if (!cs.length || cs.some((c: number[] | null) => !c)) return bad('invalid coordinates', `a position of the ${g.type} is not a pair of finite numbers`);
        return cs.forEach((c: number[], k: number) => add(g.type === 'MultiPoint' ? 'point' : 'line', c, undefined, cs.length > 1 ? `:${k}` : ''));
      }
      case 'LineString': {
        const c = flat(g.coordinates);
        if (!c) return bad('invalid coordinates', 'a position is not a pair of finite numbers');
        // Closed ways tagged as areas are areas (osmtogeojson's area rules), except highways.
        if (isClosed(c) && tags.highway === undefined && AREA_KEYS.some((k) => tags[k] !== undefined)) return add('polygon', [], [[c]]);
        return add('line', c);
      }
      case 'Polygon':
      case 'MultiPolygon': {
        const ps = polys(g.type === 'Polygon' ? [g.coordinates] : Array.isArray(g.coordinates) ? g.coordinates : []);
        if (!ps || !ps.length) return bad('invalid coordinates', 'a position is not a pair of finite numbers');
        // highway areas (pedestrian squares, area=yes): their outline is kept as a walkable line.
        if (tags.highway !== undefined) return ps.forEach((poly, k) => add('line', poly[0], undefined, ps.length > 1 ? `:${k}` : ''));
        return add('polygon', [], ps);
      }
      default:
        return bad('unsupported geometry type', `geometry type ${g.type}`);
    }
  });
  return out;
}

/** Features of an OSM XML text: tagged nodes, tagged ways, multipolygon relations. */
function rawFromXml(text: string, report: ImportReport, file: string): RawFeature[] {
  const d = parseOsmXml(text);
  if (d.error) report.error(file, `OSM XML stops being readable at line ${d.error.line}, column ${d.error.column} (character ${d.error.position}): ${d.error.message}; the elements before it are imported`);
  const out: RawFeature[] = [];
  const ll = d.nodeLonLat;
  const coordsOf = (refs: number[]): { coords: number[]; keys: number[]; missing: number } => {
    const coords: number[] = [];
    const keys: number[] = [];
    let missing = 0;
    for (const ref of refs) {
      const n = d.nodeIndex.get(ref);
      if (n === undefined || !Number.isFinite(ll[2 * n]) || !Number.isFinite(ll[2 * n + 1])) missing++;
      else {
        coords.push(ll[2 * n], ll[2 * n + 1]);
        keys.push(ref);
      }
    }
    return { coords, keys, missing };
  };
  let index = 0;
  for (const { node, tags } of d.taggedNodes) {
    if (Number.isFinite(ll[2 * node]) && Number.isFinite(ll[2 * node + 1])) out.push({ index: index++, id: `node/${d.nodeId[node]}`, tags, kind: 'point', coords: [ll[2 * node], ll[2 * node + 1]] });
    else report.drop(report.layer('other', file), 'invalid coordinates', { feature: index++, featureId: `node/${d.nodeId[node]}`, field: 'lat/lon' });
  }
  const wayById = new Map<number, number[]>();
  let untagged = 0;
  for (const w of d.ways) {
    wayById.set(w.id, w.nodeRefs);
    if (Object.keys(w.tags).length === 0) {
      untagged++;
      continue;
    }
    const { coords, keys, missing } = coordsOf(w.nodeRefs);
    const problem = missing ? `${missing} of ${w.nodeRefs.length} node references missing from the file: removed` : undefined;
    const closed = w.nodeRefs.length >= 4 && w.nodeRefs[0] === w.nodeRefs[w.nodeRefs.length - 1];
    const area = closed && w.tags.highway === undefined && (AREA_KEYS.some((k) => w.tags[k] !== undefined) || w.tags.area === 'yes');
    if (area) out.push({ index: index++, id: `way/${w.id}`, tags: w.tags, kind: 'polygon', coords: [], polygons: [[coords]], geometryProblem: problem });
    else out.push({ index: index++, id: `way/${w.id}`, tags: w.tags, kind: 'line', coords, keys, geometryProblem: problem });
  }
  let otherRelations = 0;
  for (const r of d.relations) {
    if (r.tags.type !== 'multipolygon') {
      otherRelations++;
      continue;
    }
    const role = (want: string) => r.members.filter((m) => m.type === 'way' && (m.role === want || (want === 'outer' && m.role === ''))).map((m) => wayById.get(m.ref));
    const outerWays = role('outer');
    const innerWays = role('inner');
    const absent = [...outerWays, ...innerWays].filter((w) => !w).length;
    const outer = assembleRings(outerWays.filter((w): w is number[] => !!w));
    const inner = assembleRings(innerWays.filter((w): w is number[] => !!w));
    const polygons: number[][][] = outer.rings.map((ring) => [coordsOf(ring).coords]);
    for (const ring of inner.rings) {
      const c = coordsOf(ring).coords;
      const host = polygons.find((p) => c.length && pointInRing(p[0], c[0], c[1])) ?? polygons[0];
      host?.push(c);
    }
    const problems = [absent && `${absent} member ways missing from the file`, outer.unclosedWays + inner.unclosedWays && `${outer.unclosedWays + inner.unclosedWays} member ways in rings that do not close`].filter(Boolean);
    out.push({ index: index++, id: `relation/${r.id}`, tags: r.tags, kind: 'polygon', coords: [], polygons, geometryProblem: problems.length ? `${problems.join(', ')}: left out` : undefined });
  }
  if (untagged) report.note(`${file}: ${untagged} ways without tags (parts of relations or of nothing) are not features and were not imported on their own`);
  if (otherRelations) report.note(`${file}: ${otherRelations} relations other than multipolygons (routes, restrictions…) are not imported`);
  return out;
}

function pointInRing(r: number[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2)
    if (r[i + 1] > y !== r[j + 1] > y && x < ((r[j] - r[i]) * (y - r[i + 1])) / (r[j + 1] - r[i + 1]) + r[i]) inside = !inside;
  return inside;
}

/** Imports an OSM XML or OSM GeoJSON file. */
export async function importOsm(path: string, opts: OsmImportOptions = {}): Promise<ImportResult> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ImportError(`${path}: cannot read the file (${(e as Error).message})`);
  }
  const report = new ImportReport(path, 'osm');
  const xml = extname(path).toLowerCase() === '.osm' || /^\s*</.test(text.slice(0, 200));
  let crs: string | null;
  let raws: RawFeature[];
  if (xml) {
    crs = resolveCrs(path, null, opts.crs, report);
    raws = crs ? rawFromXml(text, report, path) : [];
  } else {
    const fc = readFeatureCollection(path, report, text);
    crs = fc ? resolveCrs(path, fc.declaredCrs, opts.crs, report) : null;
    raws = fc && crs ? rawFromGeoJson(fc.features, report, path) : [];
  }
  if (!crs) throw new ImportError(`${path}: ${report.data.issues.find((i) => i.severity === 'error')?.message ?? 'cannot be read'}`);

  // Clip (bbox centre in the source CRS), then the frame centred on what is kept.
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const keep = new Uint8Array(raws.length);
  const b = [0, 0, 0, 0];
  raws.forEach((r, k) => {
    b[0] = b[1] = Infinity;
    b[2] = b[3] = -Infinity;
    if (r.kind === 'polygon') r.polygons!.forEach((p) => p.forEach((ring) => flatBbox(ring, b)));
    else flatBbox(r.coords, b);
    if (b[0] > b[2] || inClip(opts.clip, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2)) {
      keep[k] = 1;
      if (b[0] <= b[2]) flatBbox(b, bbox);
    }
  });
  const frame = frameForSource(crs, bbox);
  const t = new FrameTransform(frame, crs);
  const builder = new TerritoryBuilder(opts.name ?? basename(path, extname(path)), frame);
  const ds = builder.addDataset({ ...osmDataset({ id: 'osm', source: path, themes: ['urbanism', 'mobility', 'environment'] }), sourceCrs: normaliseCrs(crs) });
  const toLocal = (c: number[]): number[] => {
    const o = new Array<number>(c.length);
    for (let i = 0; i < c.length; i += 2) t.sourceToLocal(c[i], c[i + 1], o, i);
    return o;
  };
  const ctx = new Layers(report, path);
  const roads = new RoadCollector();
  const xy = [0, 0];

  raws.forEach((r, k) => {
    const tags = r.tags;
    const eqKind = r.kind !== 'line' ? osmEquipmentKind(tags) : null;
    const isBuilding = r.kind === 'polygon' && tags.building !== undefined && tags.building !== 'no';
    const cover = r.kind === 'polygon' && !isBuilding ? osmLandCover(tags) : null;
    const isRoad = r.kind === 'line' && tags.highway !== undefined;
    const primary = isRoad ? 'roads' : isBuilding ? 'buildings' : cover ? 'landcover' : eqKind ? null : 'other';
    const layers = [primary, eqKind ? 'equipment' : null].filter((x): x is string => x !== null);
    const ls = layers.map((name) => ctx.read(name));
    const at = (field?: string) => ({ feature: r.index, featureId: r.id, field });
    if (!keep[k]) return ls.forEach((l) => report.drop(l, 'outside the clip box', at()));
    if (primary === 'other') return report.drop(ls[0], `${r.kind} without supported tags`, at(), `no highway, building, supported amenity or land-cover tag (${Object.keys(tags).slice(0, 5).join(', ') || 'no tags'})`);
    if (r.geometryProblem) ls.forEach((l) => ctx.repair(l, r.index, 'geometry incomplete', at('geometry'), r.geometryProblem!));
    const polygons = r.polygons?.map((p) => p.map(toLocal));

    if (eqKind) {
      const l = ctx.read('equipment', false);
      const outer = polygons?.[0]?.[0];
      if (r.kind === 'point') t.sourceToLocal(r.coords[0], r.coords[1], xy);
      else if (outer && outer.length >= 6) ringCentroid(outer, xy); // centroid of the first outer ring
      if (r.kind !== 'point' && !(outer && outer.length >= 6)) report.drop(l, 'empty geometry', at('geometry'));
      else {
        const cap = tags.capacity === undefined ? null : ctx.parsed(l, r.index, parseOsmCount(tags.capacity), at('capacity'), 'invalid capacity');
        const res = builder.addEquipment({ sourceId: r.id, dataset: ds, x: xy[0], y: xy[1], kind: eqKind, name: tags.name, capacity: cap });
        if (res.ok) ctx.kept(l);
        else report.drop(l, res.reason, at('geometry'));
      }
    }
    if (primary === 'buildings') {
      const l = ctx.read('buildings', false);
      let heightM = tags.height === undefined ? null : ctx.parsed(l, r.index, parseOsmLength(tags.height), at('height'), 'invalid height');
      // Key:height is ground → top of the roof; the territory stores ground → gutter: subtract roof:height when given.
      const roof = tags['roof:height'] === undefined ? null : ctx.parsed(l, r.index, parseOsmLength(tags['roof:height']), at('roof:height'), 'invalid roof:height');
      if (heightM !== null && roof !== null && roof < heightM) heightM -= roof;
      if (heightM !== null) ctx.roofIncluded += roof === null ? 1 : 0;
      const floors = tags['building:levels'] === undefined ? null : ctx.parsed(l, r.index, parseOsmLevels(tags['building:levels']), at('building:levels'), 'invalid building:levels');
      const use = osmBuildingUse(tags);
      if (!use) report.warn(l, 'unmapped building value', at('building'), `building=${tags.building} has no use mapping: use unknown`);
      const useRule = use && use.use !== 'unknown' ? builder.rule('use.osm-building-tag', 'OSM building=* value (refined by amenity/shop/office for building=yes) → use (data/importers/osm-tags.ts)') : undefined;
      const res = builder.addBuilding({ sourceId: r.id, dataset: ds, polygons: polygons!, heightM, floors, use: use?.use ?? 'unknown', useRule });
      ctx.added(l, r.index, res, at('geometry'));
    } else if (primary === 'landcover') {
      const l = ctx.read('landcover', false);
      const res = builder.addLandCover({ sourceId: r.id, dataset: ds, polygons: polygons!, cover: cover!.cover, detail: cover!.detail });
      ctx.added(l, r.index, res, at('geometry'));
    } else if (primary === 'roads') {
      const l = ctx.read('roads', false);
      const roadClass = osmRoadClass(tags.highway);
      if (!roadClass) return report.drop(l, 'highway value not routable', at('highway'), `highway=${tags.highway} is not a road in use`);
      const lanes = tags.lanes === undefined ? null : ctx.parsed(l, r.index, parseOsmLanes(tags.lanes), at('lanes'), 'invalid lanes');
      const speed = tags.maxspeed === undefined ? null : ctx.parsed(l, r.index, parseOsmMaxspeed(tags.maxspeed), at('maxspeed'), 'invalid maxspeed');
      const dir = osmDirection(tags);
      if (dir.problem) report.warn(l, 'oneway value not understood', at('oneway'), dir.problem);
      roads.add(r, toLocal(r.coords), roadClass, lanes, speed, dir.value!);
    }
  });

  // Road network: node, snap, then one road segment per noded piece.
  const tol = opts.snapToleranceM ?? DEFAULT_SNAP_TOLERANCE_M;
  const noded = nodeLines({ lineStart: roads.lineStart, xy: roads.xy.toArray(), vertexKey: roads.allKeyed ? roads.keys : undefined }, { snapToleranceM: tol });
  const rl = roads.raw.length ? report.layer('roads', path) : null;
  for (let i = 0; rl && i < roads.raw.length; i++) {
    const r = roads.raw[i];
    const s0 = noded.lineSegStart[i];
    const s1 = noded.lineSegStart[i + 1];
    let ok = 0;
    let failed = '';
    for (let s = s0; s < s1; s++) {
      const line = noded.segXY.subarray(2 * noded.segStart[s], 2 * noded.segStart[s + 1]);
      const res = builder.addRoadSegment({ sourceId: s1 - s0 > 1 ? `${r.id}:${s - s0}` : r.id, dataset: ds, line, roadClass: roads.cls[i], lanes: roads.lanes[i], speedKmh: roads.speed[i], direction: roads.dir[i], name: r.tags.name });
      if (res.ok) ok++;
      else failed ||= res.reason;
    }
    const at = { feature: r.index, featureId: r.id, field: 'geometry' };
    if (!ok) report.drop(rl, failed || 'fewer than 2 distinct vertices', at);
    else {
      ctx.kept(rl);
      if (failed) ctx.repair(rl, r.index, 'noded piece dropped', at, `a piece between two junctions was dropped: ${failed}`);
    }
  }
  if (roads.raw.length) report.note(networkNote(noded.stats, tol));
  if (ctx.roofIncluded) report.note(`${ctx.roofIncluded} OSM building heights include the roof (Key:height is ground → top; no roof:height given): used as the gutter height`);
  ctx.finish();
  const territory = builder.build({ report });
  return { territory, report: report.data };
}

/** Extends bbox [minX, minY, maxX, maxY] with the points of a flat [x0, y0, …] array. */
function flatBbox(c: ArrayLike<number>, bbox: number[]): void {
  for (let i = 0; i + 1 < c.length; i += 2) {
    if (c[i] < bbox[0]) bbox[0] = c[i];
    if (c[i + 1] < bbox[1]) bbox[1] = c[i + 1];
    if (c[i] > bbox[2]) bbox[2] = c[i];
    if (c[i + 1] > bbox[3]) bbox[3] = c[i + 1];
  }
}

/** Road lines waiting for noding, with their attributes (flat arrays, local metres). */
class RoadCollector {
  readonly raw: RawFeature[] = [];
  readonly lineStart: number[] = [0];
  readonly xy = new F64Buffer();
  readonly keys: number[] = [];
  allKeyed = true;
  readonly cls: RoadClass[] = [];
  readonly lanes: Array<number | null> = [];
  readonly speed: Array<number | null> = [];
  readonly dir: RoadDirection[] = [];
  add(r: RawFeature, local: number[], cls: RoadClass, lanes: number | null, speed: number | null, dir: RoadDirection): void {
    this.raw.push(r);
    for (let i = 0; i < local.length; i += 2) this.xy.push2(local[i], local[i + 1]);
    if (r.keys) this.keys.push(...r.keys);
    else this.allKeyed = false;
    this.lineStart.push(this.xy.length / 2);
    this.cls.push(cls);
    this.lanes.push(lanes);
    this.speed.push(speed);
    this.dir.push(dir);
  }
}

/** Per-layer bookkeeping: read / kept counts and features repaired at least once. */
class Layers {
  private readonly keptCount = new Map<LayerReport, number>();
  private readonly repairedSet = new Map<LayerReport, Set<number>>();
  roofIncluded = 0;
  constructor(
    private readonly report: ImportReport,
    private readonly file: string,
  ) {}
  read(name: string, count = true): LayerReport {
    const l = this.report.layer(name, this.file);
    if (count) l.read++;
    return l;
  }
  kept(l: LayerReport): void {
    this.keptCount.set(l, (this.keptCount.get(l) ?? 0) + 1);
  }
  repair(l: LayerReport, feature: number, reason: string, detail: { feature: number; featureId: string; field?: string }, message: string): void {
    let s = this.repairedSet.get(l);
    if (!s) this.repairedSet.set(l, (s = new Set()));
    s.add(feature);
    this.report.repair(l, reason, detail, message);
  }
  /** Value of a parsed tag; its problem (if any) is reported as a repair naming the field. */
  parsed(l: LayerReport, feature: number, p: Parsed<number>, detail: { feature: number; featureId: string; field?: string }, reason: string): number | null {
    if (p.problem) this.repair(l, feature, reason, detail, `${detail.field}: ${p.problem}${p.value === null ? ' (value discarded)' : ''}`);
    return p.value;
  }
  added(l: LayerReport, feature: number, res: { ok: true; repairs: string[] } | { ok: false; reason: string }, detail: { feature: number; featureId: string; field?: string }): void {
    if (!res.ok) return this.report.drop(l, res.reason, detail);
    for (const rep of res.repairs) this.repair(l, feature, rep, detail, rep);
    this.kept(l);
  }
  finish(): void {
    for (const l of this.report.data.layers) if (l.file === this.file) this.report.finishLayer(l, this.keptCount.get(l) ?? 0, this.repairedSet.get(l)?.size ?? 0);
  }
}

export const osmImporter: Importer = {
  id: 'osm',
  title: 'OpenStreetMap',
  description: 'OSM XML (.osm) or OSM GeoJSON (osmtogeojson/Overpass): highways (noded and snapped), buildings, amenities, land cover.',
  import: (path, opts) => importOsm(path, opts),
};
