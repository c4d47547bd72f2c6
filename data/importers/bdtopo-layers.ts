/**
 * Readers of the BD TOPO layers (v2 and v3 shapefiles) and of the INSEE Filosofi grid shipped with them. Each
 * turns the records of one layer into territory features. Value mappings: road classes, directions and
 * building uses in ./bdtopo-mapping.ts (shared with the GeoJSON importer), the other v3 values in
 * ./bdtopo-classes.ts.
 */
import type { BuildingUse, LandCover, RoadClass } from '../../engine/territory.ts';
import { recordParts, recordPolygons } from '../formats/shapefile.ts';
import { ANNEX_MAX_FOOTPRINT_M2, bdtopoDirection, bdtopoRoadClass, bdtopoV2BuildingUse, bdtopoV3BuildingUse, normaliseValue } from './bdtopo-mapping.ts';
import { equipmentKindOf, filosofiAgeBands, v3NatureUse } from './bdtopo-classes.ts';
import { LayerRun, altitude, polygonsArea, polygonsCentroid, type BdtopoEnv, type BdtopoLayer } from './bdtopo-run.ts';

/**
 * Heights above this are data errors: the tallest building in France, Tour First (La Défense), is 231 m; 400 m
 * leaves room for any tower BD TOPO captures as a building.
 */
const MAX_HEIGHT_M = 400;

/** Polygons of record i in local metres; reports holes that belong to no outer ring (kept as polygons). */
function polygonsOf(run: LayerRun, i: number, id: string): Float64Array[][] {
  const { polygons, orphanHoles } = recordPolygons(run.g, i, run.xy);
  if (orphanHoles) run.repair(i, id, 'geometry', 'hole outside every outer ring', `${orphanHoles} counter-clockwise ring(s) inside no outer ring kept as polygons`);
  return polygons;
}

// ---------------------------------------------------------------------------------------------------------
// Buildings

/** BD TOPO v2 BATI_INDIFFERENCIE, BATI_INDUSTRIEL or BATI_REMARQUABLE. */
export function readV2Buildings(env: BdtopoEnv, layer: BdtopoLayer, kind: 'indifferencie' | 'industriel' | 'remarquable'): void {
  const { builder } = env;
  const run = new LayerRun(env, layer);
  const fH = run.field('hauteur', true, 'height treated as unknown (imputed)');
  const fZ = run.field('z_min', false);
  const fN = kind === 'indifferencie' ? -1 : run.field('nature', true, `use taken as ${kind === 'industriel' ? 'industrial' : 'public'}`);
  const rResidential = (): number =>
    builder.rule(
      'use.bdtopo-v2-indifferencie-residential',
      `BD TOPO v2 "bâti indifférencié" taken as residential (the v2 layer has no use attribute; industrial, commercial and remarkable buildings are in separate layers), except footprints < ${ANNEX_MAX_FOOTPRINT_M2} m²`,
    );
  const rAnnex = (): number => builder.rule('use.small-footprint-annex', `footprint < ${ANNEX_MAX_FOOTPRINT_M2} m² and no use in the source: taken as annex (garage, shed; Code de l'urbanisme R421-9)`);
  const rNature = (): number => builder.rule('use.bdtopo-v2-nature', 'use from the BD TOPO v2 layer and its NATURE: industrial (commercial → activity, greenhouse → annex), remarkable → public (data/importers/bdtopo-mapping.ts)');
  run.each((i, id) => {
    const polygons = polygonsOf(run, i, id);
    const heightM = run.number(i, id, fH, 'height', { unknown: [0], max: MAX_HEIGHT_M });
    const area = polygonsArea(polygons);
    const use: BuildingUse = bdtopoV2BuildingUse(kind, run.text(i, fN), area) ?? 'unknown';
    const useRule = kind !== 'indifferencie' ? rNature() : use === 'annex' ? rAnnex() : rResidential();
    // v2 z_min is the lowest gutter altitude of the contour (the 3D geometry is captured at the gutter): it equals
    // v3 Z_MIN_TOIT on 1 235 of the 1 237 buildings shared by the Rodez v2 and Olemps v3 extracts with both values,
    // so ground = z_min − height.
    const zRoof = altitude(fZ >= 0 ? run.t.number(i, fZ) : null);
    const groundZM = zRoof !== null && heightM !== null ? zRoof - heightM : null;
    run.added(i, id, builder.addBuilding({ sourceId: id, dataset: layer.dataset, polygons, heightM, use, useRule, groundZM }));
  });
  run.finish();
}

/** BD TOPO v3 BATIMENT. */
export function readV3Buildings(env: BdtopoEnv, layer: BdtopoLayer): void {
  const { builder } = env;
  const run = new LayerRun(env, layer);
  const fH = run.field('HAUTEUR', true, 'height treated as unknown (imputed)');
  const fU1 = run.field('USAGE1', true, 'use decided from NATURE, dwellings and footprint');
  const fU2 = run.field('USAGE2', false);
  const fFloors = run.field('NB_ETAGES', true, 'floors treated as unknown (imputed)');
  const fDw = run.field('NB_LOGTS', true, 'dwellings treated as unknown (imputed)');
  const fLight = run.field('LEGER', false);
  const fZ = run.field(['Z_MIN_SOL', 'Z_MIN'], false);
  const fN = run.field('NATURE', false);
  const rLight = (): number => builder.rule('use.bdtopo-v3-leger-annex', 'BD TOPO v3 LEGER = Oui (light construction: shed, carport, greenhouse) taken as annex');
  const rNature = (): number => builder.rule('use.bdtopo-v3-nature', 'BD TOPO v3 NATURE → use when USAGE1 is "Indifférencié": industrial/agricultural/commercial halls → industrial, churches → public, greenhouses → annex (data/importers/bdtopo-classes.ts)');
  const rDw = (): number => builder.rule('use.bdtopo-v3-dwellings-residential', 'USAGE1 "Indifférencié" but NB_LOGTS > 0: taken as residential');
  const rAnnex = (): number => builder.rule('use.small-footprint-annex', `footprint < ${ANNEX_MAX_FOOTPRINT_M2} m² and no use in the source: taken as annex (garage, shed; Code de l'urbanisme R421-9)`);
  run.each((i, id) => {
    const polygons = polygonsOf(run, i, id);
    const heightM = run.number(i, id, fH, 'height', { unknown: [0], max: MAX_HEIGHT_M });
    const floors = run.number(i, id, fFloors, 'floors', { unknown: [0], max: 200 });
    const dwellings = run.number(i, id, fDw, 'dwellings');
    let use: BuildingUse = 'unknown';
    let useRule: number | undefined;
    if (normaliseValue(run.text(i, fLight)) === 'oui') {
      use = 'annex';
      useRule = rLight();
    } else {
      const usage1 = run.text(i, fU1);
      const u = bdtopoV3BuildingUse(usage1, run.text(i, fU2));
      if (u === null && usage1) run.warn(i, id, 'USAGE1', 'unknown USAGE1 value', `USAGE1 "${usage1}" is not a BD TOPO v3 use: use unknown`);
      const fromNature = v3NatureUse(run.text(i, fN));
      if (u && u !== 'unknown') use = u;
      else if (fromNature) [use, useRule] = [fromNature, rNature()];
      else if (dwellings !== null && dwellings > 0) [use, useRule] = ['residential', rDw()];
      else if (polygonsArea(polygons) < ANNEX_MAX_FOOTPRINT_M2) [use, useRule] = ['annex', rAnnex()];
    }
    const groundZM = altitude(fZ >= 0 ? run.t.number(i, fZ) : null);
    run.added(i, id, builder.addBuilding({ sourceId: id, dataset: layer.dataset, polygons, heightM, floors, dwellings, use, useRule, groundZM }));
  });
  run.finish();
}

// ---------------------------------------------------------------------------------------------------------
// Roads

/** BD TOPO v2 ROUTE or v3 TRONCON_DE_ROUTE (fields looked up by both spellings). */
export function readRoads(env: BdtopoEnv, layer: BdtopoLayer): void {
  const { builder } = env;
  const run = new LayerRun(env, layer);
  const fNature = run.field('NATURE', true, 'class decided from IMPORTANCE');
  const fImp = run.field('IMPORTANCE', true, 'class unknown unless NATURE decides it');
  const fSens = run.field('SENS', true, 'roads taken as two-way');
  const fLanes = run.field('NB_VOIES', false);
  const fSpeed = run.field('VIT_MOY_VL', false);
  const fNameL = run.field(['NOM_VOIE_G', 'NOM_1_G'], false);
  const fNameR = run.field(['NOM_VOIE_D', 'NOM_1_D'], false);
  const fAccess = run.field('ACCES_VL', false);
  run.each((i, id) => {
    const nature = run.text(i, fNature);
    let roadClass: RoadClass = bdtopoRoadClass(nature, run.text(i, fImp));
    if (roadClass === 'unknown') run.warn(i, id, 'NATURE', 'unknown road nature', `NATURE "${nature}" is not a BD TOPO road nature: class unknown`);
    // v3: ways closed to cars carry no car traffic whatever their nature.
    if (normaliseValue(run.text(i, fAccess)) === 'physiquement impossible') roadClass = 'pedestrian';
    const sens = run.text(i, fSens);
    const sensKey = normaliseValue(sens);
    let direction = bdtopoDirection(sens);
    if (!direction || (roadClass !== 'pedestrian' && (sensKey === 'nc' || sensKey === 'sans objet' || sensKey === ''))) {
      direction ??= 'both';
      if (roadClass !== 'pedestrian') run.warn(i, id, 'SENS', 'direction unknown', `SENS "${sens}" on a ${roadClass} road: taken as two-way`);
    }
    // NB_VOIES 0 and VIT_MOY_VL 0 mean "not filled" in BD TOPO.
    const lanes = run.number(i, id, fLanes, 'lane count', { unknown: [0], max: 20, imputed: false });
    const speedKmh = run.number(i, id, fSpeed, 'speed', { unknown: [0], max: 150, imputed: false });
    const left = run.text(i, fNameL);
    const right = run.text(i, fNameR);
    const name = left && right && left !== right ? `${left} / ${right}` : left || right;
    const parts = recordParts(run.g, i, run.xy);
    if (parts.length === 1) {
      run.added(i, id, builder.addRoadSegment({ sourceId: id, dataset: layer.dataset, line: parts[0], roadClass, lanes, speedKmh, direction, name }));
      return;
    }
    // Multi-part lines: one segment per part, each with the record's attributes.
    let ok = 0;
    let firstFailure = '';
    parts.forEach((line, k) => {
      const r = builder.addRoadSegment({ sourceId: `${id}#${k}`, dataset: layer.dataset, line, roadClass, lanes, speedKmh, direction, name });
      if (r.ok) ok++;
      else firstFailure ||= `part ${k}: ${r.reason}`;
    });
    if (!ok) return run.drop(i, id, 'invalid line', firstFailure, 'geometry');
    run.repair(i, id, 'geometry', 'multi-part line split', `${parts.length} parts imported as ${ok} segments${firstFailure ? ` (${firstFailure}, dropped)` : ''}`);
    run.keep();
  });
  run.finish();
}

// ---------------------------------------------------------------------------------------------------------
// Population (INSEE Filosofi 200 m grid)

export function readPopulation(env: BdtopoEnv, layer: BdtopoLayer): void {
  const { builder, report } = env;
  const t = layer.shp.table!;
  const fInd = t.findField('ind', 'Ind');
  const fMen = t.findField('men', 'Men');
  if (fInd < 0 || fMen < 0) {
    const missing = [fInd < 0 ? 'ind' : null, fMen < 0 ? 'men' : null].filter(Boolean).join(' and ');
    report.error(layer.shp.dbfFile, `missing field ${missing} (inhabitants / households) in ${layer.shp.dbfFile}: the population layer is skipped`, { field: missing });
    report.layer(layer.name, layer.file);
    return;
  }
  const { bands, fields } = filosofiAgeBands(t.fields.map((f) => f.name));
  builder.setAgeBands(bands);
  if (!bands.length) report.note(`${layer.file}: no age-band fields (ind_0_3 … ind_80p): ages unknown`);
  // Cell id: INSPIRE grid code, named after the Filosofi vintage (2015 extracts: id_car2010, later: Idcar_200m).
  const run = new LayerRun(env, layer, ['IdINSPIRE', 'Idcar_200m', 'id_car2010', 'Id_carr200']);
  const ages = new Float64Array(bands.length);
  run.each((i, id) => {
    const inhabitants = t.number(i, fInd);
    const households = t.number(i, fMen);
    for (const [v, f, what] of [
      [inhabitants, fInd, 'inhabitants'],
      [households, fMen, 'households'],
    ] as const) {
      if (v === null || Number.isNaN(v) || v < 0) {
        const name = t.fields[f].name;
        return run.drop(i, id, `invalid ${what}`, `${name} = "${t.text(i, f)}" is not a count of ${what}: cell dropped`, name);
      }
    }
    fields.forEach((f, b) => (ages[b] = t.number(i, f) ?? NaN));
    run.added(i, id, builder.addPopulation({ sourceId: id, dataset: layer.dataset, polygons: polygonsOf(run, i, id), inhabitants: inhabitants!, households: households!, ageCounts: ages }));
  });
  run.finish();
}

// ---------------------------------------------------------------------------------------------------------
// Land cover and equipment

/** Polygon land-cover layer; `cover` maps NATURE to a class (fixed class for water and sport layers). */
export function readLandCover(env: BdtopoEnv, layer: BdtopoLayer, cover: (nature: string) => LandCover, natureRequired: boolean): void {
  const run = new LayerRun(env, layer);
  const fN = run.field('NATURE', natureRequired, `cover taken as ${cover('')}`);
  run.each((i, id) => {
    const nature = run.text(i, fN);
    run.added(i, id, env.builder.addLandCover({ sourceId: id, dataset: layer.dataset, polygons: polygonsOf(run, i, id), cover: cover(nature), detail: nature }));
  });
  run.finish();
}

/** v3 ZONE_D_ACTIVITE_OU_D_INTERET → equipment at the centroid of the zone, capacity unknown. */
export function readEquipment(env: BdtopoEnv, layer: BdtopoLayer): void {
  const run = new LayerRun(env, layer);
  const fCat = run.field('CATEGORIE', false);
  const fN = run.field('NATURE', true, 'zones not classified (dropped)');
  const fD = run.field('NAT_DETAIL', false);
  const fName = run.field(['TOPONYME', 'NOM'], false);
  const xy = [0, 0];
  run.each((i, id) => {
    const categorie = run.text(i, fCat);
    const nature = run.text(i, fN);
    const kind = equipmentKindOf(categorie, nature, run.text(i, fD));
    if (!kind) return run.drop(i, id, 'not a public equipment', `CATEGORIE "${categorie}", NATURE "${nature}": not a public equipment`, 'NATURE');
    if (!polygonsCentroid(polygonsOf(run, i, id), xy)) return run.drop(i, id, 'degenerate polygon', 'zero-area zone: no centroid', 'geometry');
    run.added(i, id, env.builder.addEquipment({ sourceId: id, dataset: layer.dataset, x: xy[0], y: xy[1], kind, name: run.text(i, fName), capacity: null }));
  });
  run.finish();
}
