/**
 * Population of the sample territory as a 200 m grid like INSEE Filosofi ("données carroyées"), derived from the
 * residential floor area actually generated, so that population, dwellings and buildings agree.
 *
 * - Floor area per inhabitant: 40 m² of living area (INSEE: ≈ 40 m² per person in France, Enquête Logement
 *   2013; Filosofi 2015 `men_surf / ind` = 40.3 m² in the 2 × 2 km Rodez window of ../shared/data), i.e. 50 m²
 *   of gross floor area with the 0.8 living/gross ratio of data/impute.ts.
 *   Residential floor area = footprint × floors × residential share (data/impute.ts `residentialShare`:
 *   residential 1, mixed (floors − 1)/floors).
 * - Households: inhabitants / 2.12 (mean household size, Rennes arrondissement, INSEE).
 * - Age bands: those of Filosofi (ind_0_3 … ind_80p). Base shares from INSEE's population estimates by single
 *   year of age at 1 January 2023 for France (rounded), modulated per zone (stated assumptions: more students
 *   and young workers in historic centres, more families in suburbs).
 */
import { featureCentroid, type AgeBand, type Polygons } from '../../engine/territory.ts';
import { DEFAULT_HOUSEHOLD_SIZE, NET_TO_GROSS, residentialShare } from '../impute.ts';
import { BUILDING_USES } from '../../engine/territory.ts';
import type { BuildingStore } from './buildings.ts';
import { ZONE } from './presets.ts';
import { signedArea } from './geom.ts';
import { FILOSOFI_AGE_BANDS, FRANCE_AGE_SHARES_PCT } from '../../engine/urban/ages.ts';

export const LIVING_AREA_PER_INHABITANT_M2 = 40;
export const GROSS_FLOOR_AREA_PER_INHABITANT_M2 = LIVING_AREA_PER_INHABITANT_M2 / NET_TO_GROSS;
export const HOUSEHOLD_SIZE = DEFAULT_HOUSEHOLD_SIZE;
export const CELL_M = 200;

/** INSEE Filosofi 200 m grid age bands (one definition, engine/urban/ages.ts). */
export const AGE_BANDS: AgeBand[] = FILOSOFI_AGE_BANDS;

/** France, 1 January 2023 (INSEE population estimates by age, rounded, %): the national age pyramid. */
export const FRANCE_AGE_SHARES = FRANCE_AGE_SHARES_PCT;
/** Zone multipliers on the national shares (renormalised): centre, dense, suburb. */
const ZONE_AGE_FACTORS: Record<'centre' | 'dense' | 'suburb', number[]> = {
  centre: [0.75, 0.7, 0.7, 0.7, 1.6, 1.3, 0.9, 0.9, 0.9, 1.1],
  dense: [1, 1, 1, 1, 1.1, 1.05, 1, 1, 0.95, 1],
  suburb: [1.1, 1.15, 1.15, 1.15, 0.7, 0.85, 1.1, 1.05, 1.0, 0.8],
};

function normalised(factors: number[]): number[] {
  const v = FRANCE_AGE_SHARES.map((s, i) => s * factors[i]);
  const t = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / t);
}
const SHARES = { centre: normalised(ZONE_AGE_FACTORS.centre), dense: normalised(ZONE_AGE_FACTORS.dense), suburb: normalised(ZONE_AGE_FACTORS.suburb) };

/** Residential gross floor area of building i (m²), as data/impute.ts computes it. */
export function residentialFloorArea(store: BuildingStore, i: number): number {
  let area = 0;
  for (let r = store.featRing[i]; r < store.featRing[i + 1]; r++) area += signedArea(store.xy, 2 * store.ringStart[r], 2 * store.ringStart[r + 1]);
  return area * store.floors[i] * residentialShare(BUILDING_USES[store.use[i]], store.floors[i]);
}

/** Age shares for a mix of residential floor area by zone group [centre, dense, suburb]. */
export function ageShares(mix: [number, number, number]): number[] {
  const t = mix[0] + mix[1] + mix[2];
  if (t <= 0) return SHARES.dense.slice();
  return SHARES.centre.map((_, b) => (mix[0] * SHARES.centre[b] + mix[1] * SHARES.dense[b] + mix[2] * SHARES.suburb[b]) / t);
}

/** Integer counts summing exactly to `total`, proportional to `shares` (largest remainder method). */
export function apportion(total: number, shares: number[]): number[] {
  const raw = shares.map((s) => s * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

export interface PopulationCell {
  id: string;
  /** Lower-left corner in local metres. */
  x0: number;
  y0: number;
  inhabitants: number;
  households: number;
  ages: number[];
}

/** Packs the kept buildings as Polygons (same arithmetic as the territory for centroids). */
export function storePolygons(store: BuildingStore, keep: number[]): Polygons {
  const featureRingStart = new Uint32Array(keep.length + 1);
  const ringStart: number[] = [0];
  const xy: number[] = [];
  keep.forEach((i, k) => {
    for (let r = store.featRing[i]; r < store.featRing[i + 1]; r++) {
      for (let v = 2 * store.ringStart[r]; v < 2 * store.ringStart[r + 1]; v++) xy.push(store.xy[v]);
      ringStart.push(xy.length / 2);
    }
    featureRingStart[k + 1] = ringStart.length - 1;
  });
  return { featureRingStart, ringVertexStart: Uint32Array.from(ringStart), xy: Float64Array.from(xy) };
}

/**
 * 200 m cells (aligned on the Lambert-93 grid through the frame origin) holding the inhabitants of the
 * residential floor area whose building centroid falls in them. Every cell with residential floor area is kept,
 * even when it rounds to 0 inhabitants, so that imputation never invents inhabitants for a building outside
 * the grid (Filosofi's own cells are those with households; its secrecy rule for cells under 11 households is
 * not modelled).
 */
export function populationCells(store: BuildingStore, keep: number[], originX: number, originY: number): PopulationCell[] {
  const polys = storePolygons(store, keep);
  const c = [0, 0];
  const acc = new Map<number, { ix: number; iy: number; rfa: number; mix: [number, number, number] }>();
  const W = 1 << 15;
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    const rfa = residentialFloorArea(store, i);
    if (rfa <= 0) continue;
    featureCentroid(polys, k, c);
    const ix = Math.floor(c[0] / CELL_M);
    const iy = Math.floor(c[1] / CELL_M);
    const key = (iy + W / 2) * W + (ix + W / 2);
    let cell = acc.get(key);
    if (!cell) acc.set(key, (cell = { ix, iy, rfa: 0, mix: [0, 0, 0] }));
    cell.rfa += rfa;
    const z = store.zone[i];
    cell.mix[z === ZONE.historic ? 0 : z === ZONE.suburb ? 2 : 1] += rfa;
  }
  const keys = [...acc.keys()].sort((a, b) => a - b);
  const out: PopulationCell[] = [];
  for (const key of keys) {
    const cell = acc.get(key)!;
    const inhabitants = Math.round(cell.rfa / GROSS_FLOOR_AREA_PER_INHABITANT_M2);
    const x0 = cell.ix * CELL_M;
    const y0 = cell.iy * CELL_M;
    out.push({
      id: `CRS2154RES200mN${Math.round(originY + y0)}E${Math.round(originX + x0)}`,
      x0,
      y0,
      inhabitants,
      households: Math.round((inhabitants / HOUSEHOLD_SIZE) * 10) / 10,
      ages: apportion(inhabitants, ageShares(cell.mix)),
    });
  }
  return out;
}
