/**
 * IGN BD TOPO attribute values → territory classes. Shared by every importer that reads BD TOPO attributes
 * (the shapefile importer data/importers/bdtopo.ts and the GeoJSON importer for BD TOPO exports) so that one
 * value is classified the same way whatever the file format.
 *
 * Sources: IGN, "BD TOPO® Version 2.2 — Descriptif de contenu" (ROUTE: NATURE, IMPORTANCE, SENS, NB_VOIES;
 * BATI_INDIFFERENCIE / BATI_INDUSTRIEL / BATI_REMARQUABLE: NATURE) and "BD TOPO® Version 3 — Descriptif de
 * contenu" (TRONCON_DE_ROUTE, BATIMENT: USAGE1/USAGE2). Matching ignores case and accents, so "Eglise" and
 * "Église", "Route a 1 chaussee" and "Route à 1 chaussée" are the same value.
 */
import type { BuildingUse, RoadClass } from '../../engine/territory.ts';
import type { RoadDirection } from '../builder.ts';

/** Lower case, accents removed, spaces collapsed; '' for null/undefined. */
export function normaliseValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Natures of ways without car traffic (v2 and v3): paths, footpaths, stairs, cycle tracks, foot ferries. */
const PEDESTRIAN_NATURES = new Set(['chemin', 'sentier', 'escalier', 'piste cyclable', 'bac pieton']);
/** Car natures whose class follows IMPORTANCE (v3 adds "Rond-point"). */
const IMPORTANCE_NATURES = new Set(['route a 1 chaussee', 'route a 2 chaussees', 'bretelle', 'rond-point']);

/**
 * Functional class of a BD TOPO road segment.
 *
 * | NATURE                                              | IMPORTANCE | class       |
 * |-----------------------------------------------------|------------|-------------|
 * | Autoroute (v2), Type autoroutier (v3)               | any        | motorway    |
 * | Quasi-autoroute (v2)                                | any        | trunk       |
 * | Route à 2 chaussées (dual carriageway)              | 1–2        | trunk       |
 * | Route à 1 / 2 chaussées, Bretelle, Rond-point       | 1–2        | primary     |
 * |                                                     | 3          | secondary   |
 * |                                                     | 4          | tertiary    |
 * |                                                     | 5, 6 (v3)  | residential |
 * |                                                     | NC / blank | residential |
 * | Route empierrée (unsealed, open to cars)            | any        | service     |
 * | Chemin, Sentier, Escalier, Piste cyclable, Bac piéton | any      | pedestrian  |
 * | anything else (car ferries, unknown values)         | any        | unknown     |
 *
 * IMPORTANCE is the IGN network hierarchy (1 national links … 5 local streets); NC on a car road is a local
 * road whose importance was not filled, hence residential. The OSM equivalences follow the OSM France BD TOPO
 * import notes (wiki.openstreetmap.org/wiki/BDTOPO).
 */
export function bdtopoRoadClass(nature: unknown, importance: unknown): RoadClass {
  const n = normaliseValue(nature);
  if (n === 'autoroute' || n === 'type autoroutier') return 'motorway';
  if (n === 'quasi-autoroute') return 'trunk';
  if (n === 'route empierree') return 'service';
  if (PEDESTRIAN_NATURES.has(n)) return 'pedestrian';
  if (!IMPORTANCE_NATURES.has(n)) return 'unknown';
  const imp = Number.parseInt(normaliseValue(importance), 10);
  if (imp === 1 || imp === 2) return n === 'route a 2 chaussees' ? 'trunk' : 'primary';
  if (imp === 3) return 'secondary';
  if (imp === 4) return 'tertiary';
  return 'residential';
}

/**
 * Direction of travel from SENS (v2: Double / Direct / Inverse / NC; v3: Double sens / Sens direct / Sens
 * inverse / Sans objet). Direct = in the digitising direction, Inverse = against it; NC / Sans objet / blank
 * (paths, not filled) → both. Returns null for an unrecognised value (the importer reports it and uses both).
 */
export function bdtopoDirection(sens: unknown): RoadDirection | null {
  const s = normaliseValue(sens);
  if (s === 'double' || s === 'double sens' || s === 'nc' || s === 'sans objet' || s === '') return 'both';
  if (s === 'direct' || s === 'sens direct') return 'forward';
  if (s === 'inverse' || s === 'sens inverse') return 'backward';
  return null;
}

/**
 * Footprint below which an undifferentiated building is taken as an annex (garage, shed): 20 m² is the upper
 * bound of the small constructions that only need a prior declaration (Code de l'urbanisme, art. R421-9 and
 * R421-17): garden sheds, garages and lean-tos fall below it, dwellings almost never do.
 */
export const ANNEX_MAX_FOOTPRINT_M2 = 20;

/**
 * Use of a BD TOPO v2 building from its layer (with or without the `bati_` prefix) and NATURE.
 *
 * - bati_indifferencie (no nature): residential, or annex when the footprint is < {@link ANNEX_MAX_FOOTPRINT_M2}.
 *   Most undifferentiated buildings are houses and blocks of flats; this is a rule, not a measurement.
 * - bati_industriel: industrial ("Bâtiment industriel", "Bâtiment agricole", "Silo": the industrial use covers
 *   agriculture, engine/territory.ts), activity for "Bâtiment commercial", annex for "Serre" (greenhouses are
 *   light constructions without occupants, like sheds).
 * - bati_remarquable (town hall, prefecture, church, chapel, sports hall, station, tower, castle…): public.
 * Returns null when the layer is not one of these.
 */
export function bdtopoV2BuildingUse(layer: unknown, nature: unknown, areaM2: number): BuildingUse | null {
  const l = normaliseValue(layer).replace(/^bati_/, '');
  if (l === 'indifferencie') return areaM2 < ANNEX_MAX_FOOTPRINT_M2 ? 'annex' : 'residential';
  if (l === 'industriel') {
    const n = normaliseValue(nature);
    return n === 'batiment commercial' ? 'activity' : n === 'serre' ? 'annex' : 'industrial';
  }
  if (l === 'remarquable') return 'public';
  return null;
}

const V3_USE: Record<string, BuildingUse> = {
  residentiel: 'residential',
  'commercial et services': 'activity',
  industriel: 'industrial',
  agricole: 'industrial',
  religieux: 'public',
  sportif: 'public',
  annexe: 'annex',
  indifferencie: 'unknown',
};

/**
 * Use of a BD TOPO v3 building from USAGE1 (main use) and USAGE2 (secondary use): residential with a
 * commercial/service secondary use (or the reverse) → mixed; otherwise the USAGE1 class ("Indifférencié" →
 * unknown). Returns null for a value that is not in the descriptif.
 */
export function bdtopoV3BuildingUse(usage1: unknown, usage2?: unknown): BuildingUse | null {
  const u1 = V3_USE[normaliseValue(usage1)];
  if (u1 === undefined) return null;
  const u2 = V3_USE[normaliseValue(usage2)];
  if ((u1 === 'residential' && u2 === 'activity') || (u1 === 'activity' && u2 === 'residential')) return 'mixed';
  return u1;
}
