/**
 * Per-layer readers of the generic GeoJSON importer (data/importers/geojson.ts). Property names and value rules
 * are those of GEOJSON_SCHEMA.md; every dropped or repaired feature is reported with its file, index, id and
 * the field at fault.
 */
import { basename } from 'node:path';
import { BUILDING_USES, EQUIPMENT_KINDS, LAND_COVERS, ROAD_CLASSES, type BuildingUse, type Dataset, type EquipmentKind, type LandCover, type RoadClass, type Theme } from '../../engine/territory.ts';
import type { RoadDirection, TerritoryBuilder } from '../builder.ts';
import type { FrameTransform } from '../frame.ts';
import type { ImportReport, LayerReport } from '../report.ts';
import { bdtopoDataset, filosofiDataset } from '../catalog.ts';
import type { ImportOptions } from './types.ts';
import { bdtopoDirection, bdtopoRoadClass, bdtopoV2BuildingUse, bdtopoV3BuildingUse, normaliseValue } from './bdtopo-mapping.ts';
import { equipmentKindOf, v3NatureUse, vegetationCover } from './bdtopo-classes.ts';
import { osmEquipmentKind, osmLandCover, osmRoadClass, parseOsmMaxspeed, osmBuildingUse } from './osm-tags.ts';
import { geometryInClip, polygonsToLocal, positionsToLocal } from './geojson.ts';

export interface LayerContext {
  builder: TerritoryBuilder;
  report: ImportReport;
  clip: ImportOptions['clip'];
  file: string;
  crs: string;
  transform: FrameTransform;
  features: any[];
}

type Props = Record<string, unknown>;

/** First present property among `names` (undefined and null count as absent). */
function pick(p: Props, names: readonly string[]): { field: string; raw: unknown } | null {
  for (const n of names) if (p[n] !== undefined && p[n] !== null) return { field: n, raw: p[n] };
  return null;
}

/** A number from a JSON number or numeric string ("12.5", "12,5"); NaN when not numeric, null when empty. */
function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const s = raw.trim();
    if (!s) return null;
    return /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s.replace(',', '.')) : NaN;
  }
  return NaN;
}

const text = (raw: unknown): string => (typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw));

interface Started {
  l: LayerReport;
  ds: number;
  /** Runs fn on each readable feature with allowed geometry; reports the others. */
  each(fn: (f: any, p: Props, i: number, id: string) => void): void;
  /** Records one repair of a feature (counted once per feature in `repaired`). */
  repair(i: number, id: string, field: string, reason: string, message: string): void;
  finish(kept: number): void;
}

function start(ctx: LayerContext, layer: string, types: readonly string[], dataset: Dataset): Started {
  const { report, file } = ctx;
  const l = report.layer(layer, file);
  const ds = ctx.builder.addDataset(dataset);
  const repairedSet = new Set<number>();
  return {
    l,
    ds,
    each(fn) {
      ctx.features.forEach((f, i) => {
        l.read++;
        if (f === null || typeof f !== 'object' || f.type !== 'Feature') return report.drop(l, 'not a GeoJSON Feature', { feature: i }, `feature ${i} is not a {"type": "Feature"} object`);
        const p: Props = f.properties && typeof f.properties === 'object' ? f.properties : {};
        const id = text(p.id ?? p.ID ?? p.cleabs ?? p.id_car2010 ?? f.id ?? `#${i}`);
        const g = f.geometry;
        if (!g || typeof g !== 'object') return report.drop(l, 'no geometry', { feature: i, featureId: id, field: 'geometry' }, 'feature without geometry (null or absent)');
        if (!types.includes(g.type)) return report.drop(l, 'unsupported geometry type', { feature: i, featureId: id, field: 'geometry' }, `geometry type ${g.type} in the ${layer} layer (expected ${types.join(' or ')})`);
        if (!geometryInClip(ctx.clip, g.coordinates)) return report.drop(l, 'outside the clip box', { feature: i, featureId: id });
        fn(f, p, i, id);
      });
    },
    repair(i, id, field, reason, message) {
      repairedSet.add(i);
      report.repair(l, reason, { feature: i, featureId: id, field }, message);
    },
    finish(kept) {
      report.finishLayer(l, kept, repairedSet.size);
    },
  };
}

function dataset(ctx: LayerContext, layer: string, themes: Theme[], kind: 'bdtopo-v2' | 'bdtopo-v3' | 'filosofi' | 'generic'): Dataset {
  const id = `geojson-${layer}-${basename(ctx.file)}`;
  if (kind === 'bdtopo-v2' || kind === 'bdtopo-v3')
    return { ...bdtopoDataset({ id, version: kind === 'bdtopo-v2' ? 'v2' : 'v3', layer, source: ctx.file, themes }), sourceCrs: ctx.crs };
  if (kind === 'filosofi') return filosofiDataset({ id, source: ctx.file, sourceCrs: ctx.crs });
  return {
    id,
    title: `GeoJSON ${layer} (${basename(ctx.file)})`,
    producer: 'not stated in the file',
    licence: 'not stated in the file: check the licence of the source',
    attribution: basename(ctx.file),
    themes,
    date: 'unknown',
    sourceCrs: ctx.crs,
    source: ctx.file,
    synthetic: false,
  };
}

const props = (ctx: LayerContext, key: string): boolean => ctx.features.some((f) => f?.properties && f.properties[key] !== undefined && f.properties[key] !== null);

/** Reads a number field; reports an unusable value as a repair naming the field. */
function numberField(s: Started, p: Props, i: number, id: string, names: readonly string[], what: string, min: number): { field: string; value: number | null } | null {
  const f = pick(p, names);
  if (!f) return null;
  const v = toNumber(f.raw);
  if (v === null) return { field: f.field, value: null };
  if (!Number.isFinite(v) || v < min) {
    s.repair(i, id, f.field, `invalid ${what}`, `${f.field} = ${JSON.stringify(f.raw)} is not a number ≥ ${min}: value discarded${what === 'height' ? ' (height imputed)' : ''}`);
    return { field: f.field, value: null };
  }
  return { field: f.field, value: v };
}

export function readBuildings(ctx: LayerContext): void {
  const v2 = ctx.features.some((f) => /^bati_/i.test(text(f?.properties?.layer)));
  const s = start(ctx, 'buildings', ['Polygon', 'MultiPolygon'], dataset(ctx, 'buildings', ['urbanism', 'energy'], v2 ? 'bdtopo-v2' : props(ctx, 'usage1') ? 'bdtopo-v3' : 'generic'));
  const { builder, report } = ctx;
  let kept = 0;
  let zeroHeight = 0;
  const ruleV2 = (): number =>
    builder.rule(
      'use.bdtopo-v2-layer',
      'BD TOPO v2 layer/nature → use: bati_indifferencie residential (annex below 20 m² footprint), bati_industriel industrial (commercial → activity, greenhouse → annex), bati_remarquable public (data/importers/bdtopo-mapping.ts)',
    );
  const ruleOsm = (): number => builder.rule('use.osm-building-tag', 'OSM building=* value (refined by amenity/shop/office) → use (data/importers/osm-tags.ts)');
  s.each((f, p, i, id) => {
    const polygons = polygonsToLocal(f.geometry, ctx.transform);
    if (!polygons) return report.drop(s.l, 'invalid coordinates', { feature: i, featureId: id, field: 'geometry' }, 'a position is not a pair of finite numbers');
    const h = numberField(s, p, i, id, ['height', 'hauteur'], 'height', 0);
    let heightM = h?.value ?? null;
    if (heightM === 0) {
      zeroHeight++; // BD TOPO: 0 = height not determined
      heightM = null;
    }
    const floors = numberField(s, p, i, id, ['floors', 'nb_etages', 'building:levels'], 'floors', 0);
    const dwellings = numberField(s, p, i, id, ['dwellings', 'nb_logts'], 'dwellings', 0);
    const z = numberField(s, p, i, id, ['z_min', 'z_min_sol'], 'ground altitude', -Infinity);
    let use: BuildingUse = 'unknown';
    let useRule: number | undefined;
    const useProp = pick(p, ['use', 'usage1']);
    if (useProp?.field === 'use') {
      const u = text(useProp.raw) as BuildingUse;
      if (BUILDING_USES.includes(u)) use = u;
      else report.warn(s.l, 'unknown use value', { feature: i, featureId: id, field: 'use' }, `use "${u}" is not one of ${BUILDING_USES.join(', ')}: use unknown`);
    } else if (useProp) {
      const u = bdtopoV3BuildingUse(useProp.raw, p.usage2);
      if (u === 'unknown') {
        use = v3NatureUse(text(p.nature)) ?? 'unknown'; // USAGE1 "Indifférencié": decided from NATURE when possible
        if (use !== 'unknown') useRule = builder.rule('use.bdtopo-v3-nature', 'BD TOPO v3 NATURE → use when USAGE1 is "Indifférencié" (data/importers/bdtopo-classes.ts)');
      } else if (u) use = u;
      else report.warn(s.l, 'unknown usage1 value', { feature: i, featureId: id, field: 'usage1' }, `usage1 "${text(useProp.raw)}" is not a BD TOPO v3 use: use unknown`);
    } else if (p.layer !== undefined && p.layer !== null) {
      const u = bdtopoV2BuildingUse(p.layer, p.nature, footprintArea(polygons));
      if (u === null) report.warn(s.l, 'unknown layer value', { feature: i, featureId: id, field: 'layer' }, `layer "${text(p.layer)}" is not a BD TOPO v2 building layer: use unknown`);
      else {
        use = u;
        useRule = ruleV2();
      }
    } else if (typeof p.building === 'string') {
      const u = osmBuildingUse(p as Record<string, string>);
      if (u && u.use !== 'unknown') {
        use = u.use;
        useRule = ruleOsm();
      }
    }
    const r = builder.addBuilding({ sourceId: id, dataset: s.ds, polygons, heightM, floors: floors?.value, use, useRule, dwellings: dwellings?.value, groundZM: z?.value });
    if (!r.ok) return report.drop(s.l, r.reason, { feature: i, featureId: id, field: 'geometry' });
    for (const rep of r.repairs) s.repair(i, id, 'geometry', rep, rep);
    kept++;
  });
  s.finish(kept);
  if (zeroHeight) report.note(`${ctx.file}: ${zeroHeight} buildings with height 0 (BD TOPO: height not determined) are treated as without measured height`);
}

/** Area (m²) of local polygons → rings (outer minus holes; shoelace). */
function footprintArea(polygons: number[][][]): number {
  let total = 0;
  for (const poly of polygons)
    poly.forEach((r, k) => {
      let a = 0;
      const n = r.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) a += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
      total += k === 0 ? Math.abs(a / 2) : -Math.abs(a / 2);
    });
  return total;
}

/** Generic `oneway` values: booleans, yes/no/-1 (OSM style), forward/backward/both. */
function genericDirection(raw: unknown): RoadDirection | null {
  if (raw === true) return 'forward';
  if (raw === false) return 'both';
  const v = normaliseValue(raw);
  if (['yes', 'true', '1', 'forward'].includes(v)) return 'forward';
  if (['-1', 'reverse', 'backward'].includes(v)) return 'backward';
  if (['no', 'false', '0', 'both', ''].includes(v)) return 'both';
  return null;
}

export function readRoads(ctx: LayerContext): void {
  const bd = props(ctx, 'nature') && (props(ctx, 'importance') || props(ctx, 'sens'));
  const v2 = ctx.features.some((f) => f?.properties?.nom_voie_g !== undefined || ['Double', 'Direct', 'Inverse'].includes(f?.properties?.sens));
  const s = start(ctx, 'roads', ['LineString', 'MultiLineString'], dataset(ctx, 'roads', ['mobility'], bd ? (v2 ? 'bdtopo-v2' : 'bdtopo-v3') : 'generic'));
  const { builder, report } = ctx;
  let kept = 0;
  s.each((f, p, i, id) => {
    const at = (field: string) => ({ feature: i, featureId: id, field });
    let roadClass: RoadClass;
    let direction: RoadDirection | null;
    let lanes: number | null = null;
    let speedKmh: number | null = null;
    if (bd && p.nature !== undefined) {
      roadClass = bdtopoRoadClass(p.nature, p.importance);
      if (roadClass === 'unknown') report.warn(s.l, 'unknown road nature', at('nature'), `nature "${text(p.nature)}" is not a BD TOPO road nature: class unknown`);
      direction = bdtopoDirection(p.sens);
      if (!direction) report.warn(s.l, 'unknown sens value', at('sens'), `sens "${text(p.sens)}" is not a BD TOPO direction: taken as two-way`);
      const nb = numberField(s, p, i, id, ['nb_voies', 'lanes'], 'lanes', 0);
      lanes = nb?.value ? nb.value : null; // BD TOPO: 0 = not filled
    } else {
      const c = text(p.class);
      if ((ROAD_CLASSES as readonly string[]).includes(c)) roadClass = c as RoadClass;
      else {
        roadClass = (typeof p.highway === 'string' && osmRoadClass(p.highway)) || 'unknown';
        if (roadClass === 'unknown') report.warn(s.l, 'unknown road class', at('class'), `class ${JSON.stringify(p.class ?? null)} is not one of ${ROAD_CLASSES.join(', ')}: class unknown`);
      }
      direction = genericDirection(p.oneway);
      if (!direction) report.warn(s.l, 'unknown oneway value', at('oneway'), `oneway ${JSON.stringify(p.oneway)} not understood: taken as two-way`);
      lanes = numberField(s, p, i, id, ['lanes'], 'lanes', 1)?.value ?? null;
      const sp = numberField(s, p, i, id, ['speed_kmh'], 'speed', 0);
      speedKmh = sp?.value ?? null;
      if (!sp && typeof p.maxspeed === 'string') {
        const m = parseOsmMaxspeed(p.maxspeed);
        speedKmh = m.value;
        if (m.problem) s.repair(i, id, 'maxspeed', 'invalid maxspeed', `${m.problem}: class default used`);
      }
    }
    const name = text(p.nom_voie_g || p.nom_voie_d || p.name || '');
    const parts: unknown[] = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : [];
    let added = 0;
    parts.forEach((coords, k) => {
      const line = positionsToLocal(coords, ctx.transform);
      const partId = parts.length > 1 ? `${id}:${k}` : id;
      if (!line) return report.repair(s.l, 'invalid part dropped', at('geometry'), `part ${k}: a position is not a pair of finite numbers`);
      const r = builder.addRoadSegment({ sourceId: partId, dataset: s.ds, line, roadClass, lanes, speedKmh, direction: direction ?? 'both', name });
      if (!r.ok) {
        if (parts.length > 1) s.repair(i, id, 'geometry', 'invalid part dropped', `part ${k}: ${r.reason}`);
        return;
      }
      for (const rep of r.repairs) s.repair(i, id, 'geometry', rep, rep);
      added++;
    });
    if (!added) return report.drop(s.l, parts.length ? 'fewer than 2 distinct vertices' : 'empty geometry', at('geometry'));
    kept++;
  });
  s.finish(kept);
}

export function readPopulation(ctx: LayerContext): void {
  const filosofi = props(ctx, 'ind') && props(ctx, 'men');
  const s = start(ctx, 'population', ['Polygon', 'MultiPolygon'], dataset(ctx, 'population', ['socio-demography'], filosofi ? 'filosofi' : 'generic'));
  const { builder, report } = ctx;
  const bands = builder.ageBands;
  let kept = 0;
  s.each((f, p, i, id) => {
    const at = (field: string) => ({ feature: i, featureId: id, field });
    const ind = pick(p, ['ind', 'inhabitants']);
    if (!ind) return report.drop(s.l, 'missing inhabitants', at('ind'), 'no ind (or inhabitants) property: the cell cannot be used');
    const inhabitants = toNumber(ind.raw);
    if (inhabitants === null || !Number.isFinite(inhabitants) || inhabitants < 0)
      return report.drop(s.l, 'invalid inhabitants', at(ind.field), `${ind.field} = ${JSON.stringify(ind.raw)} is not a number ≥ 0`);
    let households = NaN;
    const men = numberField(s, p, i, id, ['men', 'households'], 'households', 0);
    if (men?.value != null) households = men.value;
    else if (!men) report.warn(s.l, 'missing households', at('men'), 'no men (or households) property: households unknown');
    const ages = new Float64Array(bands.length).fill(NaN);
    bands.forEach((b, k) => {
      const v = toNumber(p[b.id]);
      if (v !== null && Number.isFinite(v) && v >= 0) ages[k] = v;
      else if (p[b.id] !== undefined && p[b.id] !== null) s.repair(i, id, b.id, 'invalid age band', `${b.id} = ${JSON.stringify(p[b.id])} is not a number ≥ 0: unknown`);
    });
    const polygons = polygonsToLocal(f.geometry, ctx.transform);
    if (!polygons) return report.drop(s.l, 'invalid coordinates', at('geometry'), 'a position is not a pair of finite numbers');
    const r = builder.addPopulation({ sourceId: id, dataset: s.ds, polygons, inhabitants, households, ageCounts: ages });
    if (!r.ok) return report.drop(s.l, r.reason, at('geometry'));
    for (const rep of r.repairs) s.repair(i, id, 'geometry', rep, rep);
    kept++;
  });
  s.finish(kept);
}

/** BD TOPO natures: vegetation (shared table of ./bdtopo-classes.ts), water surfaces and sport grounds by keyword. */
function natureCover(nature: unknown): LandCover | null {
  const n = normaliseValue(nature);
  if (!n) return null;
  if (/foret|bois|peupleraie|verger|vigne|haie|lande|arbor/.test(n)) return vegetationCover(n);
  if (/prairie|pelouse/.test(n)) return 'vegetation';
  if (/\beau\b|ecoulement|retenue|bassin|canal|lac|mare|riviere/.test(n)) return 'water';
  if (/terrain|sport|stade|piste/.test(n)) return 'sport';
  return null;
}

export function readLandCover(ctx: LayerContext): void {
  const s = start(ctx, 'landcover', ['Polygon', 'MultiPolygon'], dataset(ctx, 'landcover', ['environment'], 'generic'));
  const { builder, report } = ctx;
  let kept = 0;
  s.each((f, p, i, id) => {
    let cover: LandCover | null = null;
    let detail = text(p.nature ?? p.cover);
    if ((LAND_COVERS as readonly string[]).includes(text(p.cover))) cover = p.cover as LandCover;
    else {
      const osm = osmLandCover(p as Record<string, string>);
      if (osm) ({ cover, detail } = osm);
      else cover = natureCover(p.nature);
    }
    if (!cover) return report.drop(s.l, 'unknown land cover', { feature: i, featureId: id, field: 'cover' }, `cover ${JSON.stringify(p.cover ?? null)} / nature ${JSON.stringify(p.nature ?? null)} not recognised`);
    const polygons = polygonsToLocal(f.geometry, ctx.transform);
    if (!polygons) return report.drop(s.l, 'invalid coordinates', { feature: i, featureId: id, field: 'geometry' });
    const r = builder.addLandCover({ sourceId: id, dataset: s.ds, polygons, cover, detail });
    if (!r.ok) return report.drop(s.l, r.reason, { feature: i, featureId: id, field: 'geometry' });
    for (const rep of r.repairs) s.repair(i, id, 'geometry', rep, rep);
    kept++;
  });
  s.finish(kept);
}

export function readEquipment(ctx: LayerContext): void {
  const s = start(ctx, 'equipment', ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon'], dataset(ctx, 'equipment', ['urbanism', 'socio-demography'], 'generic'));
  const { builder, report } = ctx;
  let kept = 0;
  const xy = [0, 0];
  s.each((f, p, i, id) => {
    const at = (field: string) => ({ feature: i, featureId: id, field });
    let kind: EquipmentKind | null = null;
    if ((EQUIPMENT_KINDS as readonly string[]).includes(text(p.kind))) kind = p.kind as EquipmentKind;
    else if (typeof p.amenity === 'string') kind = osmEquipmentKind(p as Record<string, string>);
    else if (p.nature !== undefined) kind = equipmentKindOf(text(p.categorie), text(p.nature), text(p.nat_detail));
    if (!kind) return report.drop(s.l, 'unknown equipment kind', at('kind'), `kind ${JSON.stringify(p.kind ?? p.amenity ?? p.nature ?? null)} is not one of ${EQUIPMENT_KINDS.join(', ')}`);
    const g = f.geometry;
    const pt = g.type === 'Point' ? g.coordinates : g.type === 'MultiPoint' ? g.coordinates?.[0] : null;
    if (pt) {
      const line = positionsToLocal([pt], ctx.transform);
      if (!line) return report.drop(s.l, 'invalid coordinates', at('geometry'));
      xy[0] = line[0];
      xy[1] = line[1];
    } else {
      const polygons = polygonsToLocal(g, ctx.transform);
      if (!polygons || !polygons.length || !polygons[0].length) return report.drop(s.l, 'invalid coordinates', at('geometry'));
      ringCentroid(polygons[0][0], xy);
    }
    const cap = numberField(s, p, i, id, ['capacity'], 'capacity', 0);
    const r = builder.addEquipment({ sourceId: id, dataset: s.ds, x: xy[0], y: xy[1], kind, name: text(p.name ?? p.toponyme ?? p.nom ?? ''), capacity: cap?.value });
    if (!r.ok) return report.drop(s.l, r.reason, at('geometry'));
    kept++;
  });
  s.finish(kept);
}

/** Area-weighted centroid of a flat ring (vertex mean when degenerate), written into out. */
export function ringCentroid(r: ArrayLike<number>, out: number[]): void {
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  const n = Math.floor(r.length / 2);
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const c = r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
    a2 += c;
    cx += (r[2 * j] + r[2 * i]) * c;
    cy += (r[2 * j + 1] + r[2 * i + 1]) * c;
  }
  if (a2 !== 0) {
    out[0] = cx / (3 * a2);
    out[1] = cy / (3 * a2);
    return;
  }
  out[0] = out[1] = 0;
  for (let i = 0; i < n; i++) {
    out[0] += r[2 * i] / n;
    out[1] += r[2 * i + 1] / n;
  }
}
