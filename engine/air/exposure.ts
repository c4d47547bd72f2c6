/**
 * Exposure: who breathes the concentrations. Residents are placed at their building's façades — receptors 1 m
 * outside the midpoint of each façade edge — and a building's concentration is the edge-length-weighted mean over
 * its façades. Indicators, per zone (the territory's population cells) and overall: the population-weighted mean
 * concentration and the population living above each threshold (EU limit values in force, the 2030 EU limit
 * values of Directive (EU) 2024/2881, WHO 2021 guidelines; annual means, see ./params.ts).
 */
import { PolygonGridIndex } from '../spatial.ts';
import { featureCentroid, type Buildings, type Population } from '../territory.ts';
import * as dmath from '../math/dmath.ts';

export interface FacadeReceptors {
  count: number;
  /** Interleaved x, y (local m). */
  xy: Float64Array;
  /** Building of each receptor. */
  building: Uint32Array;
  /** Façade length it stands for (m). */
  weight: Float64Array;
}

export interface FacadeOptions {
  /** Distance from the façade (m). */
  offsetM: number;
  /** Façade edges shorter than this are skipped (m). */
  minEdgeM: number;
  /** Most receptors per building (the longest façades are kept). */
  maxPerBuilding: number;
  /** Only buildings with inhabitants > 0. */
  inhabitedOnly: boolean;
}

export const DEFAULT_FACADES: FacadeOptions = { offsetM: 1, minEdgeM: 2, maxPerBuilding: 12, inhabitedOnly: true };

/** Façade receptors of the buildings (outer rings only). */
export function facadeReceptors(bl: Buildings, o: FacadeOptions = DEFAULT_FACADES): FacadeReceptors {
  const fp = bl.footprint;
  const xy: number[] = [];
  const building: number[] = [];
  const weight: number[] = [];
  const edges: Array<[number, number, number, number]> = [];
  for (let b = 0; b < bl.count; b++) {
    if (o.inhabitedOnly && !(bl.inhabitants[b] > 0)) continue;
    edges.length = 0;
    for (let r = fp.featureRingStart[b]; r < fp.featureRingStart[b + 1]; r++) {
      const a = fp.ringVertexStart[r];
      const z = fp.ringVertexStart[r + 1];
      let area2 = 0;
      for (let k = a, j = z - 1; k < z; j = k++) area2 += fp.xy[2 * j] * fp.xy[2 * k + 1] - fp.xy[2 * k] * fp.xy[2 * j + 1];
      if (area2 <= 0) continue; // holes (clockwise) face courtyards
      for (let k = a, j = z - 1; k < z; j = k++) {
        const dx = fp.xy[2 * k] - fp.xy[2 * j];
        const dy = fp.xy[2 * k + 1] - fp.xy[2 * j + 1];
        const len = dmath.hypot(dx, dy);
        if (len < o.minEdgeM) continue;
        // Outer rings are counter-clockwise: the outward normal is (dy, −dx) / len.
        edges.push([len, (fp.xy[2 * j] + fp.xy[2 * k]) / 2 + (o.offsetM * dy) / len, (fp.xy[2 * j + 1] + fp.xy[2 * k + 1]) / 2 - (o.offsetM * dx) / len, 0]);
      }
    }
    if (!edges.length) {
      // Tiny buildings: one receptor at the centroid.
      const c = featureCentroid(fp, b, [0, 0]);
      edges.push([1, c[0], c[1], 0]);
    }
    edges.sort((p, q) => q[0] - p[0]);
    for (const e of edges.slice(0, o.maxPerBuilding)) {
      xy.push(e[1], e[2]);
      building.push(b);
      weight.push(e[0]);
    }
  }
  return { count: building.length, xy: Float64Array.from(xy), building: Uint32Array.from(building), weight: Float64Array.from(weight) };
}

/** Façade-length-weighted mean of receptor values per building (NaN for buildings without receptor). */
export function buildingMeans(f: FacadeReceptors, values: ArrayLike<number>, buildingCount: number): Float64Array {
  const sum = new Float64Array(buildingCount);
  const w = new Float64Array(buildingCount);
  for (let i = 0; i < f.count; i++) {
    sum[f.building[i]] += f.weight[i] * values[i];
    w[f.building[i]] += f.weight[i];
  }
  for (let b = 0; b < buildingCount; b++) sum[b] = w[b] > 0 ? sum[b] / w[b] : NaN;
  return sum;
}

export interface ThresholdSet {
  id: string;
  label: string;
  source: string;
  /** Annual-mean thresholds, µg/m³. */
  no2: number;
  pm10: number;
  pm25: number;
}

export interface ExposureResult {
  pollutant: string;
  inhabitants: number;
  /** Population-weighted mean over residents with a value (µg/m³). */
  populationWeightedMean: number;
  /** Per population zone (territory population features). */
  zones: Array<{ zone: number; sourceId: string; inhabitants: number; meanUgM3: number }>;
  /** Residents outside every zone. */
  unzonedInhabitants: number;
  /** Residents above each threshold (strictly greater). */
  above: Array<{ id: string; label: string; thresholdUgM3: number; inhabitants: number; share: number }>;
}

/** Population feature containing each inhabited building's centroid (−1 outside every zone or uninhabited). */
export function buildingZones(bl: Buildings, pop: Population): Int32Array {
  const index = new PolygonGridIndex(pop.geometry);
  const out = new Int32Array(bl.count).fill(-1);
  const c = [0, 0];
  for (let b = 0; b < bl.count; b++) {
    if (!(bl.inhabitants[b] > 0)) continue;
    featureCentroid(bl.footprint, b, c);
    out[b] = index.find(c[0], c[1]);
  }
  return out;
}

/**
 * Exposure indicators from building concentrations (µg/m³): residents are the buildings' inhabitants, zones the
 * population features containing the building centroids (`zoneOf` from {@link buildingZones}, computed when
 * absent). Thresholds apply to no2, pm10 and pm25 only.
 */
export function exposureIndicators(bl: Buildings, pop: Population, buildingUgM3: ArrayLike<number>, pollutant: string, thresholds: ThresholdSet[], zoneOf: Int32Array = buildingZones(bl, pop)): ExposureResult {
  const zoneSum = new Float64Array(pop.count);
  const zoneInh = new Float64Array(pop.count);
  let total = 0;
  let weighted = 0;
  let unzoned = 0;
  const keys = ['no2', 'pm10', 'pm25'] as const;
  const key = keys.find((k) => k === pollutant);
  const above = key ? thresholds.map((t) => ({ id: t.id, label: t.label, thresholdUgM3: t[key], inhabitants: 0, share: 0 })) : [];
  for (let b = 0; b < bl.count; b++) {
    const inh = bl.inhabitants[b];
    const v = buildingUgM3[b];
    if (!(inh > 0) || !Number.isFinite(v)) continue;
    total += inh;
    weighted += inh * v;
    const z = zoneOf[b];
    if (z >= 0) {
      zoneSum[z] += inh * v;
      zoneInh[z] += inh;
    } else unzoned += inh;
    for (const a of above) if (v > a.thresholdUgM3) a.inhabitants += inh;
  }
  for (const a of above) a.share = total > 0 ? a.inhabitants / total : 0;
  const zones = [];
  for (let z = 0; z < pop.count; z++) if (zoneInh[z] > 0) zones.push({ zone: z, sourceId: pop.sourceId[z], inhabitants: zoneInh[z], meanUgM3: zoneSum[z] / zoneInh[z] });
  return { pollutant, inhabitants: total, populationWeightedMean: total > 0 ? weighted / total : NaN, zones, unzonedInhabitants: unzoned, above };
}
