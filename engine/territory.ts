/**
 * The territory model: one columnar, typed-array representation of a city shared by every model.
 *
 * Pure declarations and small pure helpers only (no I/O): data/ builds, validates and stores territories;
 * engine/ models read them. See ARCHITECTURE.md § "Territory model" for the layout and its invariants.
 *
 * Frame: every coordinate is in the territory's local metric frame — x = east, y = north, metres from the
 * territory origin (see {@link LocalFrame}). Units are SI unless the name says otherwise (`speedKmh`).
 */

/** Building uses. The code stored in `Buildings.use` is the index in this list. */
export const BUILDING_USES = [
  'unknown',
  'residential',
  'mixed', // residential + activity (shops on the ground floor…)
  'activity', // commercial, offices, services
  'public', // schools, administration, health, religious, sport, culture
  'industrial', // industry, agriculture, warehouses
  'annex', // garages, sheds, light constructions
] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];

/** Construction periods (INSEE / Filosofi housing-age bands, refined after 1990 for the thermal regulations). */
export const CONSTRUCTION_PERIODS = [
  'unknown',
  'before-1945',
  '1945-1970',
  '1971-1990',
  '1991-2005', // RT 1988 – RT 2000
  '2006-2012', // RT 2005
  'after-2012', // RT 2012 / RE 2020
] as const;
export type ConstructionPeriod = (typeof CONSTRUCTION_PERIODS)[number];

/** Functional road classes (OSM highway hierarchy; BD TOPO NATURE/IMPORTANCE are mapped onto it). */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'service',
  'pedestrian', // pedestrian streets, paths, stairs: kept in the network, no car capacity
  'unknown',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Land-cover classes. */
export const LAND_COVERS = ['vegetation', 'forest', 'water', 'sport', 'impervious', 'agriculture', 'other'] as const;
export type LandCover = (typeof LAND_COVERS)[number];

/** Public equipment kinds. */
export const EQUIPMENT_KINDS = [
  'creche', // 0–2 years
  'preschool', // école maternelle, 3–5 years
  'primary', // école élémentaire, 6–10 years
  'school', // école (maternelle + élémentaire, or level unknown)
  'college', // 11–14
  'lycee', // 15–17
  'higher-education',
  'hospital',
  'health',
  'town-hall',
  'sport',
  'culture',
  'other',
] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

/**
 * Where an attribute value came from. Every derived attribute has a parallel `Uint8Array` of rule codes that
 * index `Territory.rules`. Code 0 is always "measured" (read from the source); {@link RULE_MISSING} means the
 * value is unknown (its numeric value is NaN and must not be used).
 */
export interface ProvenanceRule {
  /** Stable identifier, e.g. `height.floors-x-storey`. */
  id: string;
  /** Human-readable rule with its parameters, e.g. "floors × 3.0 m (storey height)". */
  description: string;
}
export const RULE_MEASURED = 0;
export const RULE_MISSING = 255;

/** Polygons as structure of arrays. One feature = one or more rings. */
export interface Polygons {
  /** Ring index range of feature i: [featureRingStart[i], featureRingStart[i+1]). Length count + 1. */
  featureRingStart: Uint32Array;
  /** Vertex index range of ring r: [ringVertexStart[r], ringVertexStart[r+1]). Length rings + 1. */
  ringVertexStart: Uint32Array;
  /**
   * Interleaved x, y in local metres. Rings are not closed (the first vertex is not repeated). Outer rings are
   * counter-clockwise (positive signed area), holes clockwise, and each outer ring is followed by its holes.
   */
  xy: Float64Array;
}

/** Polylines as structure of arrays (road segment geometry). */
export interface Polylines {
  /** Vertex index range of line i: [lineVertexStart[i], lineVertexStart[i+1]). */
  lineVertexStart: Uint32Array;
  /** Interleaved x, y in local metres. */
  xy: Float64Array;
}

export interface Buildings {
  count: number;
  footprint: Polygons;
  /** Source feature id (e.g. BD TOPO `ID`, `way/123`). */
  sourceId: string[];
  /** Index in `Territory.datasets`. */
  dataset: Uint16Array;
  /** Footprint area (m², holes subtracted). Derived from the geometry. */
  footprintAreaM2: Float64Array;
  /** Height from the ground to the gutter / base of the roof (m). Always finite and > 0 after import. */
  heightM: Float32Array;
  heightRule: Uint8Array;
  /** Number of floors above ground (≥ 1). */
  floors: Uint16Array;
  floorsRule: Uint8Array;
  /** Altitude of the ground at the building (m, NGF/ellipsoidal as the source says); NaN when unknown. */
  groundZM: Float32Array;
  /** Code in {@link BUILDING_USES}. */
  use: Uint8Array;
  useRule: Uint8Array;
  /** Code in {@link CONSTRUCTION_PERIODS}. */
  period: Uint8Array;
  periodRule: Uint8Array;
  dwellings: Float32Array;
  dwellingsRule: Uint8Array;
  inhabitants: Float32Array;
  inhabitantsRule: Uint8Array;
}

/**
 * Road network as a directed graph. A two-way source segment gives two links (one per direction) sharing
 * the same geometry; a one-way segment gives one link in its direction of travel.
 */
export interface RoadNetwork {
  nodeCount: number;
  /** Interleaved x, y of nodes (local metres). */
  nodeXY: Float64Array;
  linkCount: number;
  linkFrom: Uint32Array;
  linkTo: Uint32Array;
  /** Source segment of each link (index into `segment*`). */
  linkSegment: Uint32Array;
  /** 1 when the link runs against the digitising direction of its segment's geometry. */
  linkReversed: Uint8Array;
  lengthM: Float32Array;
  lanes: Uint8Array;
  lanesRule: Uint8Array;
  /** Capacity of the link (all its lanes) in vehicles per hour. */
  capacityVehH: Float32Array;
  freeSpeedKmh: Float32Array;
  speedRule: Uint8Array;
  /** Code in {@link ROAD_CLASSES}, per link. */
  roadClass: Uint8Array;
  /** Source segments (the features read). */
  segmentCount: number;
  segmentGeometry: Polylines;
  segmentSourceId: string[];
  segmentName: string[];
  segmentDataset: Uint16Array;
}

export interface AgeBand {
  /** Label as in the source, e.g. `ind_0_3`. */
  id: string;
  minAge: number;
  /** Inclusive; Infinity for the last band. */
  maxAge: number;
}

export interface Population {
  count: number;
  /** Cell or zone outlines. */
  geometry: Polygons;
  sourceId: string[];
  dataset: Uint16Array;
  inhabitants: Float64Array;
  households: Float64Array;
  ageBands: AgeBand[];
  /** Inhabitants per age band, row-major: ageCounts[i * ageBands.length + b]. NaN where unknown. */
  ageCounts: Float64Array;
}

export interface LandCoverLayer {
  count: number;
  geometry: Polygons;
  sourceId: string[];
  dataset: Uint16Array;
  /** Code in {@link LAND_COVERS}. */
  cover: Uint8Array;
  /** Source nature, e.g. "Bois", "Haie", "Grassland". */
  detail: string[];
}

export interface Equipment {
  count: number;
  /** Interleaved x, y (local metres). */
  xy: Float64Array;
  sourceId: string[];
  dataset: Uint16Array;
  /** Code in {@link EQUIPMENT_KINDS}. */
  kind: Uint8Array;
  name: string[];
  /** Capacity (places, pupils, beds…); NaN when unknown. */
  capacity: Float32Array;
  capacityRule: Uint8Array;
}

/**
 * The local metric frame. local = projected(source) − origin, where `projected` is `crs` for projected sources
 * (Lambert-93 for French data) and a transverse Mercator centred on the origin for geographic sources (WGS84).
 */
export interface LocalFrame {
  /** CRS of the source data, e.g. `EPSG:2154` or `EPSG:4326`. */
  sourceCrs: string;
  /** CRS of the projected plane the local frame is a translation of (EPSG code or proj4 string). */
  planeCrs: string;
  /** proj4 definition of `planeCrs`. */
  planeProj4: string;
  /** Origin in `planeCrs` coordinates (m). */
  originX: number;
  originY: number;
  /** Origin on the globe (degrees, WGS84) and height (m). */
  originLon: number;
  originLat: number;
  originHeightM: number;
}

export const THEMES = ['urbanism', 'mobility', 'energy', 'water', 'socio-demography', 'environment'] as const;
export type Theme = (typeof THEMES)[number];

export interface Dataset {
  id: string;
  title: string;
  producer: string;
  licence: string;
  attribution: string;
  themes: Theme[];
  /** Date or vintage of the data (ISO date or year). */
  date: string;
  sourceCrs: string;
  /** Path or name of the source as given to the importer. */
  source: string;
  /** True for data made by the sample generator. */
  synthetic: boolean;
}

export interface Territory {
  name: string;
  /** True when any part was generated rather than measured; the viewer labels it "synthetic". */
  synthetic: boolean;
  frame: LocalFrame;
  datasets: Dataset[];
  rules: ProvenanceRule[];
  buildings: Buildings;
  roads: RoadNetwork;
  population: Population;
  landCover: LandCoverLayer;
  equipment: Equipment;
}

/** Signed area (m²) of ring r of a polygon set; positive when counter-clockwise. Shoelace formula. */
export function ringSignedArea(p: Polygons, r: number): number {
  const a = p.ringVertexStart[r];
  const b = p.ringVertexStart[r + 1];
  const xy = p.xy;
  let s = 0;
  for (let i = a, j = b - 1; i < b; j = i++) s += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
  return s / 2;
}

/** Area (m²) of feature i: outer rings minus holes (orientation-normalised polygons). */
export function featureArea(p: Polygons, i: number): number {
  let s = 0;
  for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) s += ringSignedArea(p, r);
  return s;
}

/** Area-weighted centroid of feature i, written into `out` [x, y]. */
export function featureCentroid(p: Polygons, i: number, out: Float64Array | number[]): Float64Array | number[] {
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  const xy = p.xy;
  for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) {
    const a = p.ringVertexStart[r];
    const b = p.ringVertexStart[r + 1];
    for (let k = a, j = b - 1; k < b; j = k++) {
      const cross = xy[2 * j] * xy[2 * k + 1] - xy[2 * k] * xy[2 * j + 1];
      a2 += cross;
      cx += (xy[2 * j] + xy[2 * k]) * cross;
      cy += (xy[2 * j + 1] + xy[2 * k + 1]) * cross;
    }
  }
  if (a2 === 0) {
    // Degenerate: mean of the first ring's vertices.
    const a = p.ringVertexStart[p.featureRingStart[i]];
    const b = p.ringVertexStart[p.featureRingStart[i] + 1];
    let sx = 0;
    let sy = 0;
    for (let k = a; k < b; k++) {
      sx += xy[2 * k];
      sy += xy[2 * k + 1];
    }
    out[0] = sx / Math.max(1, b - a);
    out[1] = sy / Math.max(1, b - a);
    return out;
  }
  out[0] = cx / (3 * a2);
  out[1] = cy / (3 * a2);
  return out;
}

/** Even-odd point-in-polygon test for feature i (holes respected). */
export function pointInFeature(p: Polygons, i: number, x: number, y: number): boolean {
  let inside = false;
  const xy = p.xy;
  for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) {
    const a = p.ringVertexStart[r];
    const b = p.ringVertexStart[r + 1];
    for (let k = a, j = b - 1; k < b; j = k++) {
      const xi = xy[2 * k];
      const yi = xy[2 * k + 1];
      const xj = xy[2 * j];
      const yj = xy[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Bounding box [minX, minY, maxX, maxY] of a flat xy array; [NaN…] when empty. */
export function bboxOfXY(xy: Float64Array): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i];
    const y = xy[i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return [NaN, NaN, NaN, NaN];
  return [minX, minY, maxX, maxY];
}
