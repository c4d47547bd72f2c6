/**
 * Interpretation of OpenStreetMap tags: lengths, levels, speeds, lanes, one-way rules, and the mapping of
 * tag values onto the territory's classes. Pure functions; the OSM and GeoJSON importers report the problems
 * they return. Conventions follow the OSM wiki pages cited on each function (wiki.openstreetmap.org).
 */
import type { BuildingUse, EquipmentKind, LandCover, RoadClass } from '../../engine/territory.ts';
import type { RoadDirection } from '../builder.ts';

export type OsmTags = Record<string, string>;

/** A parsed tag value: `value` null when unusable; `problem` says what was wrong or repaired. */
export interface Parsed<T> {
  value: T | null;
  problem?: string;
}

const FOOT_M = 0.3048; // international foot
const INCH_M = 0.0254;
const MPH_KMH = 1.609344;
const NUM = String.raw`(\d+(?:\.\d+)?)`;
const METRES_RE = new RegExp(`^${NUM}\\s*(?:m|metres?|meters?)?$`, 'i');
const FEET_RE = new RegExp(`^${NUM}\\s*(?:'|ft|feet|foot)(?:\\s*${NUM}\\s*(?:"|in|inch|inches))?$`, 'i');

/** Multiple values ("12;15"): the first is used and the problem says so. */
function firstValue(text: string): { text: string; problem?: string } {
  const t = text.trim();
  if (!t.includes(';')) return { text: t };
  return { text: t.split(';')[0].trim(), problem: `multiple values "${t}": the first is used` };
}

/**
 * Length in metres (Key:height, Key:roof:height, Key:width): a plain number is metres; "12 m", "12.5m" metres;
 * feet as "40'", "40 ft" or feet and inches "12'6\"". A decimal comma ("12,5") is repaired. Returns value null
 * with a problem for anything else, for zero and for negative values.
 */
export function parseOsmLength(text: string): Parsed<number> {
  const first = firstValue(text);
  let t = first.text;
  let problem = first.problem;
  if (/^\d+,\d+\s*[a-z]*$/i.test(t)) {
    t = t.replace(',', '.');
    problem = `decimal comma in "${text}" read as a point`;
  }
  let v: number;
  let m = METRES_RE.exec(t);
  if (m) v = Number(m[1]);
  else if ((m = FEET_RE.exec(t))) v = Number(m[1]) * FOOT_M + (m[2] ? Number(m[2]) * INCH_M : 0);
  else return { value: null, problem: `not a length: "${text}"` };
  if (!(v > 0) || !Number.isFinite(v)) return { value: null, problem: `not a positive length: "${text}"` };
  return { value: v, problem };
}

/**
 * Number of levels above ground (Key:building:levels, a whole number ≥ 1 in practice). A fractional value is
 * rounded (repair); 0, negative and non-numeric values are unusable.
 */
export function parseOsmLevels(text: string): Parsed<number> {
  const first = firstValue(text);
  const v = Number(first.text.replace(',', '.'));
  if (first.text === '' || !Number.isFinite(v)) return { value: null, problem: `not a number: "${text}"` };
  if (v < 1) return { value: null, problem: `fewer than 1 level: "${text}"` };
  if (!Number.isInteger(v)) return { value: Math.round(v), problem: `fractional level count "${text}" rounded` };
  return { value: v, problem: first.problem };
}

/** Total lanes over both directions (Key:lanes): a whole number ≥ 1. */
export function parseOsmLanes(text: string): Parsed<number> {
  const first = firstValue(text);
  const v = Number(first.text);
  if (first.text === '' || !Number.isInteger(v) || v < 1) return { value: null, problem: `not a lane count: "${text}"` };
  return { value: v, problem: first.problem };
}

/** A capacity (Key:capacity): a whole number ≥ 0. */
export function parseOsmCount(text: string): Parsed<number> {
  const first = firstValue(text);
  const v = Number(first.text);
  if (first.text === '' || !Number.isFinite(v) || v < 0) return { value: null, problem: `not a count: "${text}"` };
  return { value: Math.round(v), problem: first.problem };
}

/**
 * Implicit speed limits (Key:maxspeed, "Implicit maxspeed values"; France: Code de la route R413-2/R413-3):
 * FR:urban 50, FR:rural 80 (since 1 July 2018 on undivided roads), FR:zone30 30, FR:motorway 130, walk 5
 * (walking pace, as the pedestrian class default in data/road-defaults.ts).
 */
const IMPLICIT_SPEED: Record<string, number> = {
  'fr:urban': 50,
  'fr:rural': 80,
  'fr:trunk': 110,
  'fr:motorway': 130,
  'fr:zone30': 30,
  'fr:zone20': 20,
  'fr:walk': 5,
  walk: 5,
};

/**
 * Speed limit in km/h (Key:maxspeed): "50" km/h, "30 mph", "50 km/h", implicit values as above, any
 * "XX:zoneNN" / "XX:zone:NN" zone. "none", "signals" and "variable" give no value without a problem (the class
 * default applies); anything else is a problem.
 */
export function parseOsmMaxspeed(text: string): Parsed<number> {
  const first = firstValue(text);
  const t = first.text.toLowerCase();
  if (t === 'none' || t === 'signals' || t === 'variable') return { value: null };
  const implicit = IMPLICIT_SPEED[t];
  if (implicit !== undefined) return { value: implicit, problem: first.problem };
  const zone = /^[a-z]{2}:zone:?(\d+)$/.exec(t);
  if (zone) return { value: Number(zone[1]), problem: first.problem };
  const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(t);
  if (!m || !(Number(m[1]) > 0)) return { value: null, problem: `not a speed: "${text}"` };
  return { value: m[2] === 'mph' ? Number(m[1]) * MPH_KMH : Number(m[1]), problem: first.problem };
}

/**
 * Road class from Key:highway. Links take the class of the road they belong to (Tag:highway=motorway_link…);
 * unclassified, residential and living_street are local streets; service ways are service; footway, path,
 * pedestrian, steps, cycleway, track, bridleway and corridor carry no car traffic (track: agricultural/forest
 * ways, closed to general traffic in practice). "road" (class unknown) → unknown. Returns null for values that
 * are not ways in use (construction, proposed, abandoned, platform, raceway, bus_stop…).
 */
export function osmRoadClass(highway: string): RoadClass | null {
  switch (highway) {
    case 'motorway':
    case 'motorway_link':
      return 'motorway';
    case 'trunk':
    case 'trunk_link':
      return 'trunk';
    case 'primary':
    case 'primary_link':
      return 'primary';
    case 'secondary':
    case 'secondary_link':
      return 'secondary';
    case 'tertiary':
    case 'tertiary_link':
      return 'tertiary';
    case 'unclassified':
    case 'residential':
    case 'living_street':
      return 'residential';
    case 'service':
      return 'service';
    case 'footway':
    case 'path':
    case 'pedestrian':
    case 'steps':
    case 'cycleway':
    case 'track':
    case 'bridleway':
    case 'corridor':
      return 'pedestrian';
    case 'road':
      return 'unknown';
    default:
      return null;
  }
}

/**
 * Direction of travel (Key:oneway): yes/true/1 → forward (the way's digitising direction), -1/reverse →
 * backward, no/false/0 → both. Without the tag a way is two-way, except where one-way is implied:
 * highway=motorway (Key:oneway, "implied oneway") and junction=roundabout / junction=circular
 * (Tag:junction=roundabout: "oneway=yes is implied"). reversible/alternating ways (direction changes over
 * time) are taken as two-way with a problem; other values are problems too.
 */
export function osmDirection(tags: OsmTags): Parsed<RoadDirection> & { implied?: boolean } {
  const v = tags.oneway?.trim().toLowerCase();
  if (v === undefined || v === '') {
    const j = tags.junction;
    if (tags.highway === 'motorway' || j === 'roundabout' || j === 'circular') return { value: 'forward', implied: true };
    return { value: 'both' };
  }
  if (v === 'yes' || v === 'true' || v === '1') return { value: 'forward' };
  if (v === '-1' || v === 'reverse') return { value: 'backward' };
  if (v === 'no' || v === 'false' || v === '0') return { value: 'both' };
  if (v === 'reversible' || v === 'alternating') return { value: 'both', problem: `oneway=${tags.oneway} (direction varies): taken as two-way` };
  return { value: 'both', problem: `unknown oneway value "${tags.oneway}": taken as two-way` };
}

const BUILDING_USE: Record<string, BuildingUse> = {};
const setUse = (use: BuildingUse, values: string): void => values.split(' ').forEach((v) => (BUILDING_USE[v] = use));
// Key:building values ("Accommodation", "Commercial", "Industrial", "Civic/amenity", "Religious", ...).
setUse('residential', 'house residential apartments detached terrace semidetached_house bungalow dormitory farm houseboat static_caravan');
setUse('activity', 'retail commercial office supermarket kiosk hotel');
setUse('industrial', 'industrial warehouse manufacture barn cowshed farm_auxiliary greenhouse stable sty silo storage_tank');
setUse(
  'public',
  'school university college hospital church chapel cathedral mosque synagogue temple religious civic public kindergarten government townhall fire_station train_station transportation sports_hall sports_centre stadium',
);
setUse('annex', 'garage garages shed roof carport hut cabin service');
setUse('unknown', 'yes');

/** Key:amenity values of public buildings, for building=yes refinement. */
const PUBLIC_AMENITY = new Set(['school', 'kindergarten', 'childcare', 'college', 'university', 'hospital', 'clinic', 'townhall', 'place_of_worship', 'library', 'fire_station', 'police', 'community_centre', 'theatre']);

/**
 * Building use from building=* (mapping above, after Key:building). building=yes (no information) is refined
 * by the other tags of the feature: a public amenity → public; shop=* or office=* → activity. Returns
 * `refined: true` when the use came from those tags and null for an unmapped building value.
 */
export function osmBuildingUse(tags: OsmTags): { use: BuildingUse; refined: boolean } | null {
  const b = tags.building;
  const use = BUILDING_USE[b];
  if (use === undefined) return null;
  if (use !== 'unknown') return { use, refined: false };
  if (tags.amenity && PUBLIC_AMENITY.has(tags.amenity)) return { use: 'public', refined: true };
  if (tags.shop || tags.office) return { use: 'activity', refined: true };
  return { use, refined: false };
}

/**
 * Equipment kind from amenity=* (Key:amenity). In France amenity=kindergarten is the école maternelle and a
 * school's level is in school:FR (wiki FR:Tag:amenity=school: maternelle, élémentaire, primaire, collège,
 * lycée); amenity=college is post-secondary further education (Tag:amenity=college), not a French collège.
 */
export function osmEquipmentKind(tags: OsmTags): EquipmentKind | null {
  switch (tags.amenity) {
    case 'school': {
      const level = (tags['school:FR'] ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      if (level === 'maternelle') return 'preschool';
      if (level === 'elementaire') return 'primary';
      if (level === 'college') return 'college';
      if (level === 'lycee') return 'lycee';
      return 'school';
    }
    case 'kindergarten':
      return 'preschool';
    case 'childcare':
      return 'creche';
    case 'college':
    case 'university':
      return 'higher-education';
    case 'hospital':
      return 'hospital';
    case 'clinic':
      return 'health';
    case 'townhall':
      return 'town-hall';
    default:
      return null;
  }
}

const COVER: Record<string, LandCover> = {
  // landuse=* (Key:landuse): physical covers only; zoning values (residential, industrial…) are not covers.
  'landuse=grass': 'vegetation',
  'landuse=meadow': 'vegetation',
  'landuse=village_green': 'vegetation',
  'landuse=recreation_ground': 'vegetation',
  'landuse=cemetery': 'vegetation',
  'landuse=forest': 'forest',
  'landuse=farmland': 'agriculture',
  'landuse=orchard': 'agriculture',
  'landuse=vineyard': 'agriculture',
  'landuse=allotments': 'agriculture',
  'landuse=greenhouse_horticulture': 'agriculture',
  'landuse=plant_nursery': 'agriculture',
  'landuse=basin': 'water',
  'landuse=reservoir': 'water',
  // leisure=* (Key:leisure)
  'leisure=park': 'vegetation',
  'leisure=garden': 'vegetation',
  'leisure=nature_reserve': 'vegetation',
  'leisure=pitch': 'sport',
  'leisure=sports_centre': 'sport',
  'leisure=stadium': 'sport',
  'leisure=track': 'sport',
  'leisure=golf_course': 'sport',
  'leisure=playground': 'sport',
  // natural=* (Key:natural)
  'natural=wood': 'forest',
  'natural=scrub': 'vegetation',
  'natural=heath': 'vegetation',
  'natural=grassland': 'vegetation',
  'natural=wetland': 'vegetation',
  'natural=water': 'water',
  'natural=bare_rock': 'other',
  'natural=sand': 'other',
  'natural=beach': 'other',
  'waterway=riverbank': 'water',
};

/** Land cover of an area from landuse / leisure / natural (first match in that order), or null. */
export function osmLandCover(tags: OsmTags): { cover: LandCover; detail: string } | null {
  for (const key of ['landuse', 'leisure', 'natural', 'waterway']) {
    const v = tags[key];
    if (v === undefined) continue;
    const cover = COVER[`${key}=${v}`];
    if (cover) return { cover, detail: `${key}=${v}` };
  }
  return null;
}
