/**
 * What-if levers of the heat model as typed parameters, and their effect on the per-cell surfaces. Each lever
 * applies in an optional zone (polygon rings in local metres; the whole territory when absent), weighted by
 * the share of each cell inside the zone. Levers apply in a fixed order — de-paving, trees, green roofs, cool
 * roofs, cool pavements, traffic — each to what the previous ones left. New or removed buildings act through
 * the prepared inputs instead (buildings.ts, then prepareHeatInputs: SVF, fractions, façades).
 */
import { scanFeature } from '../raster/rasterize.ts';
import type { Polygons } from '../territory.ts';
import { subdivision, type CellGrid } from './morphology.ts';
import { HeatInputError, SURFACE_PROPERTIES, type NumberParamSpec } from './params.ts';
import type { HeatInputs } from './prepare.ts';

/** Zone: rings of flat [x0, y0, x1, y1, …] local metres (even-odd: later rings inside earlier ones are holes). */
export type HeatZone = number[][];

export interface TreeLever {
  zone?: HeatZone;
  /** Share of the open ground not yet under trees that gets tree canopy. */
  canopyFraction?: number;
  /**
   * Alternatively, a target: tree canopy raised to at least this share of the open, non-water ground of each
   * cell (paved + low vegetation + bare), planting on the paved and pervious ground not yet under trees in
   * proportion (cells already above the target are left as they are). Exactly one of the two fields.
   */
  canopyCover?: number;
}
export interface GreenRoofLever {
  zone?: HeatZone;
  /** Share of the plain roof area turned into green roofs. */
  roofFraction: number;
}
export interface CoolRoofLever {
  zone?: HeatZone;
  roofFraction: number;
  /** Albedo of the new roofs (default {@link SURFACE_PROPERTIES}.coolRoof). */
  albedo?: number;
}
export interface CoolPavementLever {
  zone?: HeatZone;
  /** Share of the paved ground not under trees that gets a high-albedo surface. */
  pavementFraction: number;
  albedo?: number;
}
export interface DepavingLever {
  zone?: HeatZone;
  /** Share of the paved ground turned into planted ground (counted as green space). */
  imperviousFraction: number;
}
export interface TrafficLever {
  zone?: HeatZone;
  /** Multiplier of the vehicle-km travelled. */
  factor: number;
}

export interface HeatLevers {
  depaving?: DepavingLever[];
  trees?: TreeLever[];
  greenRoofs?: GreenRoofLever[];
  coolRoofs?: CoolRoofLever[];
  coolPavements?: CoolPavementLever[];
  traffic?: TrafficLever[];
}

const num = (value: number, min: number, max: number, unit: string, description: string, source: string): NumberParamSpec => ({ type: 'number', value, min, max, unit, description, source });

/** Lever fields as typed parameters (value = a suggested starting value for a scenario slider). */
export const HEAT_LEVER_PARAMS = {
  depaving: { imperviousFraction: num(0.2, 0, 1, '', 'share of the paved ground turned into planted, pervious ground (a green space)', 'lever') },
  trees: {
    canopyFraction: num(0.2, 0, 1, '', 'share of the open ground not yet under trees that gets tree canopy', 'lever'),
    canopyCover: num(0.3, 0, 1, '', 'alternatively: tree canopy cover (share of the open ground) reached in each cell of the zone', 'lever'),
  },
  greenRoofs: { roofFraction: num(0.3, 0, 1, '', 'share of the plain roof area turned into green roofs', 'lever') },
  coolRoofs: {
    roofFraction: num(0.5, 0, 1, '', 'share of the plain roof area given a high-albedo coating', 'lever'),
    albedo: num(SURFACE_PROPERTIES.coolRoof.albedo, 0, 1, '', 'albedo of the cool roofs', 'Akbari, Menon & Rosenfeld (2009): +0.25 over current roofs'),
  },
  coolPavements: {
    pavementFraction: num(0.5, 0, 1, '', 'share of the paved ground not under trees given a high-albedo surface', 'lever'),
    albedo: num(SURFACE_PROPERTIES.coolPavement.albedo, 0, 1, '', 'albedo of the cool pavements', 'Akbari, Menon & Rosenfeld (2009): +0.15 over current pavements'),
  },
  traffic: { factor: num(1, 0, 10, '×', 'multiplier of the vehicle-km travelled (through anthropogenic heat)', 'lever') },
} as const;

/** Per-cell surfaces after the levers (m², and Σ area × albedo for the treated surfaces). */
export interface HeatSurfaces {
  roofM2: Float64Array;
  coolRoofM2: Float64Array;
  coolRoofAlbedoM2: Float64Array;
  greenRoofM2: Float64Array;
  /** All paved ground, including under tree crowns and cool pavements. */
  imperviousM2: Float64Array;
  coolPavementM2: Float64Array;
  coolPavementAlbedoM2: Float64Array;
  canopyOverImperviousM2: Float64Array;
  lowVegetationM2: Float64Array;
  bareM2: Float64Array;
  waterM2: Float64Array;
  canopyOverPerviousM2: Float64Array;
  coolingIslandM2: Float64Array;
  trafficVehMPerDay: Float64Array;
}

/** Share of each cell inside the zone (1 everywhere without a zone). Throws on malformed rings. */
export function zoneFractions(g: CellGrid, zone: HeatZone | undefined, what: string): Float64Array {
  const n = g.width * g.height;
  const out = new Float64Array(n);
  if (!zone) return out.fill(1);
  if (!Array.isArray(zone) || zone.length === 0) throw new HeatInputError(`${what}.zone must be a non-empty list of rings`);
  const xy: number[] = [];
  const starts = [0];
  zone.forEach((ring, r) => {
    if (!ring || ring.length < 6 || ring.length % 2 !== 0) throw new HeatInputError(`${what}.zone ring ${r} must hold at least 3 points as [x0, y0, x1, y1, …], got ${ring?.length ?? 0} numbers`);
    for (let i = 0; i < ring.length; i++) {
      if (!Number.isFinite(ring[i])) throw new HeatInputError(`${what}.zone ring ${r} coordinate ${i} is not a finite number`);
      xy.push(ring[i]);
    }
    starts.push(xy.length / 2);
  });
  const poly: Polygons = { featureRingStart: Uint32Array.from([0, zone.length]), ringVertexStart: Uint32Array.from(starts), xy: Float64Array.from(xy) };
  const k = subdivision(g.cellSizeM);
  const fine = { width: g.width * k, height: g.height * k, cellSizeM: g.cellSizeM / k, originX: g.originX, originY: g.originY, values: new Float32Array(0), nodata: NaN };
  const w = 1 / (k * k);
  scanFeature(poly, 0, fine, new Float64Array(xy.length / 2 + 2), (row, c0, c1) => {
    const base = ((row / k) | 0) * g.width;
    for (let c = c0; c < c1; c++) out[base + ((c / k) | 0)] += w;
  });
  return out;
}

function check(v: unknown, min: number, max: number, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new HeatInputError(`${what} must be a number in [${min}, ${max}], got ${String(v)}`);
  return v;
}

/** Surfaces of the prepared inputs with the levers applied (inputs are not modified). */
export function applyLevers(inputs: HeatInputs, levers: HeatLevers = {}): HeatSurfaces {
  const n = inputs.grid.width * inputs.grid.height;
  const s: HeatSurfaces = {
    roofM2: Float64Array.from(inputs.buildingM2),
    coolRoofM2: new Float64Array(n),
    coolRoofAlbedoM2: new Float64Array(n),
    greenRoofM2: new Float64Array(n),
    imperviousM2: Float64Array.from(inputs.imperviousM2),
    coolPavementM2: new Float64Array(n),
    coolPavementAlbedoM2: new Float64Array(n),
    canopyOverImperviousM2: new Float64Array(n),
    lowVegetationM2: Float64Array.from(inputs.lowVegetationM2),
    bareM2: Float64Array.from(inputs.bareM2),
    waterM2: Float64Array.from(inputs.waterM2),
    canopyOverPerviousM2: Float64Array.from(inputs.canopyM2),
    coolingIslandM2: Float64Array.from(inputs.coolingIslandM2),
    trafficVehMPerDay: Float64Array.from(inputs.trafficVehMPerDay),
  };
  const known = new Set(['depaving', 'trees', 'greenRoofs', 'coolRoofs', 'coolPavements', 'traffic']);
  for (const key of Object.keys(levers)) if (!known.has(key)) throw new HeatInputError(`unknown heat lever "${key}" (known: ${[...known].join(', ')})`);
  const each = <T>(list: T[] | undefined, name: string, f: (l: T, z: Float64Array, what: string) => void): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) throw new HeatInputError(`levers.${name} must be a list`);
    list.forEach((l, i) => {
      const what = `levers.${name}[${i}]`;
      f(l, zoneFractions(inputs.grid, (l as { zone?: HeatZone }).zone, what), what);
    });
  };
  each(levers.depaving, 'depaving', (l, z, what) => {
    const f0 = check(l.imperviousFraction, 0, 1, `${what}.imperviousFraction`);
    for (let c = 0; c < n; c++) {
      const f = f0 * z[c];
      if (f === 0) continue;
      const moved = f * s.imperviousM2[c];
      s.imperviousM2[c] -= moved;
      s.lowVegetationM2[c] += moved;
      s.coolingIslandM2[c] += moved;
      const canopy = f * s.canopyOverImperviousM2[c];
      s.canopyOverImperviousM2[c] -= canopy;
      s.canopyOverPerviousM2[c] += canopy;
      s.coolPavementM2[c] *= 1 - f;
      s.coolPavementAlbedoM2[c] *= 1 - f;
    }
  });
  each(levers.trees, 'trees', (l, z, what) => {
    if ((l.canopyFraction === undefined) === (l.canopyCover === undefined)) throw new HeatInputError(`${what} must give exactly one of canopyFraction and canopyCover`);
    const f0 = l.canopyFraction === undefined ? 0 : check(l.canopyFraction, 0, 1, `${what}.canopyFraction`);
    const cover = l.canopyCover === undefined ? -1 : check(l.canopyCover, 0, 1, `${what}.canopyCover`);
    for (let c = 0; c < n; c++) {
      let f = f0 * z[c];
      if (cover >= 0) {
        // Fraction of the plantable ground (not yet under trees) that brings the canopy up to the target.
        const plantable = Math.max(0, s.imperviousM2[c] - s.canopyOverImperviousM2[c] - s.coolPavementM2[c]) + Math.max(0, s.lowVegetationM2[c] + s.bareM2[c] - s.canopyOverPerviousM2[c]);
        const missing = cover * (s.imperviousM2[c] + s.lowVegetationM2[c] + s.bareM2[c]) - s.canopyOverImperviousM2[c] - s.canopyOverPerviousM2[c];
        f = plantable > 0 && missing > 0 ? Math.min(1, missing / plantable) * z[c] : 0;
      }
      s.canopyOverImperviousM2[c] += f * Math.max(0, s.imperviousM2[c] - s.canopyOverImperviousM2[c] - s.coolPavementM2[c]);
      s.canopyOverPerviousM2[c] += f * Math.max(0, s.lowVegetationM2[c] + s.bareM2[c] - s.canopyOverPerviousM2[c]);
    }
  });
  each(levers.greenRoofs, 'greenRoofs', (l, z, what) => {
    const f0 = check(l.roofFraction, 0, 1, `${what}.roofFraction`);
    for (let c = 0; c < n; c++) {
      const a = f0 * z[c] * s.roofM2[c];
      s.roofM2[c] -= a;
      s.greenRoofM2[c] += a;
    }
  });
  each(levers.coolRoofs, 'coolRoofs', (l, z, what) => {
    const f0 = check(l.roofFraction, 0, 1, `${what}.roofFraction`);
    const albedo = l.albedo === undefined ? SURFACE_PROPERTIES.coolRoof.albedo : check(l.albedo, 0, 1, `${what}.albedo`);
    for (let c = 0; c < n; c++) {
      const a = f0 * z[c] * s.roofM2[c];
      s.roofM2[c] -= a;
      s.coolRoofM2[c] += a;
      s.coolRoofAlbedoM2[c] += a * albedo;
    }
  });
  each(levers.coolPavements, 'coolPavements', (l, z, what) => {
    const f0 = check(l.pavementFraction, 0, 1, `${what}.pavementFraction`);
    const albedo = l.albedo === undefined ? SURFACE_PROPERTIES.coolPavement.albedo : check(l.albedo, 0, 1, `${what}.albedo`);
    for (let c = 0; c < n; c++) {
      const a = f0 * z[c] * Math.max(0, s.imperviousM2[c] - s.canopyOverImperviousM2[c] - s.coolPavementM2[c]);
      s.coolPavementM2[c] += a;
      s.coolPavementAlbedoM2[c] += a * albedo;
    }
  });
  each(levers.traffic, 'traffic', (l, z, what) => {
    const f = check(l.factor, 0, 10, `${what}.factor`);
    for (let c = 0; c < n; c++) s.trafficVehMPerDay[c] *= 1 - z[c] + z[c] * f;
  });
  return s;
}
