/**
 * Local Climate Zone classification (Stewart & Oke 2012, "Local climate zones for urban temperature studies",
 * BAMS 93: 1879–1900), following the published encoding of GeoClimate (orbisgis/geoclimate,
 * geoindicators TypologyClassification `identifyLczType`, J. Bernard et al.):
 *
 * 1. Rural cells (building surface fraction < 0.1 and aspect ratio < 0.1) go through GeoClimate's decision tree:
 *    paved dominant (impervious > vegetation, > water and > 0.1) → E; water dominant (> vegetation and > 0.31)
 *    → G; otherwise by the tree share of the vegetated ground: < 0.05 → D, < 0.75 → B, else A.
 * 2. Heavy industry by its metabolism: anthropogenic heat > 300 W/m² → 10 (Stewart & Oke 2012 table 4: only
 *    LCZ 10 exceeds 300 W/m²; GeoClimate assigns 10 from a heavy-industry building typology, which the territory
 *    model does not distinguish from light industry and warehouses).
 * 3. Large low-rise by building use (GeoClimate's typology rule): activity/industrial footprint > residential
 *    footprint and > 1/3 of the area, mean < 3 storeys, vegetation < 0.2 and SVF > 0.7 → 8.
 * 4. Other cells: the built type among 1–9 whose property ranges (table below: SVF, H/W, building, impervious and
 *    pervious surface fractions, height of roughness elements) are nearest, in a space where each property is
 *    centred and scaled by the mean and population standard deviation of all finite range bounds, distance to a
 *    range being 0 inside it (GeoClimate's "AVG" normalisation over its table of types 1–9, weights 1; type 10 is
 *    not a geometric candidate, as in GeoClimate). The terrain roughness class is not
 *    used (it derives from height and density). Ties (several ranges containing the point) go to the range in
 *    which the point lies deepest (largest smallest normalised margin to a bound).
 *
 * Codes: 1–10 built types, 11–17 land-cover types A–G (the WUDAPT numbering), 0 = no data.
 */

export const LCZ_CODES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] as const;
export const LCZ_LABELS: Record<number, string> = {
  1: 'LCZ 1 compact high-rise',
  2: 'LCZ 2 compact midrise',
  3: 'LCZ 3 compact low-rise',
  4: 'LCZ 4 open high-rise',
  5: 'LCZ 5 open midrise',
  6: 'LCZ 6 open low-rise',
  7: 'LCZ 7 lightweight low-rise',
  8: 'LCZ 8 large low-rise',
  9: 'LCZ 9 sparsely built',
  10: 'LCZ 10 heavy industry',
  11: 'LCZ A dense trees',
  12: 'LCZ B scattered trees',
  13: 'LCZ C bush, scrub',
  14: 'LCZ D low plants',
  15: 'LCZ E bare rock or paved',
  16: 'LCZ F bare soil or sand',
  17: 'LCZ G water',
};
/** Standard LCZ colours (GeoClimate docs/RSU_LCZ.md). */
export const LCZ_COLOURS: Record<number, string> = {
  1: '#8b0101', 2: '#cc0200', 3: '#fc0001', 4: '#be4c03', 5: '#ff6602', 6: '#ff9856', 7: '#fbed08', 8: '#bcbcba', 9: '#ffcca7', 10: '#57555a',
  11: '#006700', 12: '#05aa05', 13: '#648423', 14: '#bbdb7a', 15: '#010101', 16: '#fdf6ae', 17: '#6d67fd',
};
export const isBuiltLcz = (code: number): boolean => code >= 1 && code <= 10;

/** The six properties compared with the ranges, in this order. */
export const LCZ_PROPERTIES = ['skyViewFactor', 'aspectRatio', 'buildingFraction', 'imperviousFraction', 'perviousFraction', 'heightM'] as const;

/**
 * Property ranges [low, high] of the built types (null = open bound), GeoClimate's table (built types 1–9
 * in its `LCZ_classes` table, type 10 from its commented row), itself from Stewart & Oke (2012) table 3.
 */
export const LCZ_RANGES: Record<number, ReadonlyArray<readonly [number | null, number | null]>> = {
  1: [[0.2, 0.4], [2.0, null], [0.4, 0.6], [0.4, 0.6], [0.0, 0.1], [25, null]],
  2: [[0.3, 0.6], [0.8, 2.0], [0.4, 0.7], [0.3, 0.5], [0.0, 0.2], [10, 25]],
  3: [[0.2, 0.6], [0.8, 1.5], [0.4, 0.7], [0.2, 0.5], [0.0, 0.3], [3, 10]],
  4: [[0.5, 0.7], [0.8, 1.3], [0.2, 0.4], [0.3, 0.4], [0.3, 0.4], [25, null]],
  5: [[0.5, 0.8], [0.3, 0.8], [0.2, 0.4], [0.3, 0.5], [0.2, 0.4], [10, 25]],
  6: [[0.6, 0.9], [0.3, 0.8], [0.2, 0.4], [0.2, 0.5], [0.3, 0.6], [3, 10]],
  7: [[0.2, 0.5], [1.0, 2.0], [0.6, 0.9], [0.0, 0.2], [0.0, 0.3], [2, 4]],
  8: [[0.7, 1.0], [0.1, 0.3], [0.3, 0.5], [0.4, 0.5], [0.0, 0.2], [3, 10]],
  9: [[0.8, 1.0], [0.1, 0.3], [0.1, 0.2], [0.0, 0.2], [0.6, 0.8], [3, 10]],
  10: [[0.6, 0.9], [0.2, 0.5], [0.2, 0.3], [0.2, 0.4], [0.4, 0.5], [5, 15]],
};

export interface LczCell {
  skyViewFactor: number;
  aspectRatio: number;
  buildingFraction: number;
  /** Paved ground (roads, squares, yards), including paved ground under tree crowns. */
  imperviousFraction: number;
  /** Vegetated, bare and water ground. */
  perviousFraction: number;
  /** Area-weighted mean building height (m). */
  heightM: number;
  /** Tree canopy (all ground beneath). */
  treeFraction: number;
  /** Tree canopy over paved ground (street trees). */
  treeOverImperviousFraction: number;
  /** Vegetated plan fraction: vegetated ground + tree crowns over paved ground. */
  vegetationFraction: number;
  waterFraction: number;
  /** Footprint of activity + industrial buildings / area, and of residential + mixed ones. */
  lowRiseUseFraction?: number;
  residentialUseFraction?: number;
  /** Footprint-weighted mean number of storeys. */
  meanFloors?: number;
  /** Anthropogenic heat flux density (W/m²). */
  anthropogenicWm2?: number;
}

/** Stewart & Oke (2012) table 4: anthropogenic heat output above which only LCZ 10 qualifies (W/m²). */
export const HEAVY_INDUSTRY_HEAT_WM2 = 300;

const BUILT = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const NP = LCZ_PROPERTIES.length;
/** Scale of each property: population s.d. of all finite bounds of types 1–9 (the centring cancels out). */
const SCALE = new Float64Array(NP);
for (let p = 0; p < NP; p++) {
  const v: number[] = [];
  for (const c of BUILT) for (const b of LCZ_RANGES[c][p]) if (b !== null) v.push(b);
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  SCALE[p] = Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / v.length);
}

/** Normalised distance of `values` to the ranges of built type `code`, and how deep inside they lie. */
export function lczDistance(code: number, values: ArrayLike<number>): { distance: number; depth: number } {
  const r = LCZ_RANGES[code];
  let d2 = 0;
  let depth = Infinity;
  for (let p = 0; p < NP; p++) {
    const x = values[p] / SCALE[p];
    const lo = r[p][0] === null ? -Infinity : (r[p][0] as number) / SCALE[p];
    const hi = r[p][1] === null ? Infinity : (r[p][1] as number) / SCALE[p];
    const out = x < lo ? lo - x : x > hi ? x - hi : 0;
    d2 += out * out;
    depth = Math.min(depth, x - lo, hi - x);
  }
  return { distance: Math.sqrt(d2), depth };
}

/** Built type (1–9) nearest to the six properties (step 4 of the module comment). */
export function nearestBuiltLcz(values: ArrayLike<number>): number {
  let best = 0;
  let bestD = Infinity;
  let bestDepth = -Infinity;
  for (const c of BUILT) {
    const { distance, depth } = lczDistance(c, values);
    if (distance < bestD - 1e-12 || (Math.abs(distance - bestD) <= 1e-12 && depth > bestDepth)) {
      best = c;
      bestD = distance;
      bestDepth = depth;
    }
  }
  return best;
}

/** LCZ code of one cell (see the module comment); 0 when a property is not finite. */
export function classifyLcz(c: LczCell, scratch: Float64Array = new Float64Array(NP)): number {
  scratch[0] = c.skyViewFactor;
  scratch[1] = c.aspectRatio;
  scratch[2] = c.buildingFraction;
  scratch[3] = c.imperviousFraction;
  scratch[4] = c.perviousFraction;
  scratch[5] = c.buildingFraction > 0 ? c.heightM : 0;
  for (let p = 0; p < NP; p++) if (!Number.isFinite(scratch[p])) return 0;
  if (c.buildingFraction < 0.1 && c.aspectRatio < 0.1) {
    // GeoClimate's layers are exclusive (trees take precedence over paving).
    const exclusiveImpervious = Math.max(0, c.imperviousFraction - c.treeOverImperviousFraction);
    const allVegetation = c.vegetationFraction;
    if (exclusiveImpervious > allVegetation && exclusiveImpervious > c.waterFraction && exclusiveImpervious > 0.1) return 15;
    if (allVegetation < c.waterFraction && c.waterFraction > 0.31) return 17;
    const open = 1 - exclusiveImpervious - c.waterFraction - c.buildingFraction;
    const treeShare = open > 1e-9 ? c.treeFraction / open : NaN;
    if (!Number.isFinite(treeShare) || treeShare < 0.05) return 14;
    return treeShare < 0.75 ? 12 : 11;
  }
  if ((c.anthropogenicWm2 ?? 0) > HEAVY_INDUSTRY_HEAT_WM2) return 10;
  const low = c.lowRiseUseFraction ?? 0;
  if (low > (c.residentialUseFraction ?? 0) && low > 1 / 3 && (c.meanFloors ?? Infinity) < 3 && c.vegetationFraction < 0.2 && c.skyViewFactor > 0.7) return 8;
  return nearestBuiltLcz(scratch);
}
