/**
 * The heat model run: levers → neighbourhood properties → LCZ map, night-time UHI (night.ts), daytime
 * cooling (day.ts) → air mixing → summary. Pure function of the prepared inputs, parameters and levers; the
 * inputs are never modified, so one preparation (with its SVF) serves any number of scenarios.
 *
 * Air mixing: both temperature fields are smoothed with a Gaussian of σ = r/3 truncated at r = `mixingRadiusM`
 * and renormalised at the grid edges (InVEST UCM: T_air from T_air_nomix by a Gaussian of radius r).
 */
import { coolingCapacityFields, heatMitigation, type CoolingFields, type MitigationFields } from './day.ts';
import { distanceTransform, gaussianSmooth } from './kernels.ts';
import { LCZ_LABELS, classifyLcz, isBuiltLcz, type LczCell } from './lcz.ts';
import { applyLevers, type HeatLevers, type HeatSurfaces } from './levers.ts';
import type { CellGrid } from './morphology.ts';
import { neighbourhoodFields, type NeighbourhoodFields } from './neighbourhood.ts';
import { anthropogenicFactor, okeAspectRatioUhi, okeSkyViewUhi, vegetationFactor, windFactor } from './night.ts';
import { HeatInputError, resolveHeatParams, type HeatParams } from './params.ts';
import type { HeatInputs } from './prepare.ts';

/** Default night UHI thresholds (K) of the summary's population shares. */
export const DEFAULT_UHI_THRESHOLDS_K: readonly number[] = [2, 4, 6];

export interface HeatRunOptions {
  params?: Partial<HeatParams>;
  levers?: HeatLevers;
  /** Night UHI thresholds (K) for the population shares of the summary (default 2, 4, 6). */
  thresholdsK?: number[];
}

export interface LczSummary {
  code: number;
  label: string;
  cells: number;
  areaKm2: number;
  population: number;
  nightMeanK: number;
  dayMeanK: number;
}

export interface HeatSummary {
  cells: number;
  cellSizeM: number;
  areaKm2: number;
  /** Cells of a built LCZ (1–10): the statistics below are over them unless population-weighted. */
  builtCells: number;
  population: number;
  night: { meanK: number; p95K: number; maxK: number; populationMeanK: number };
  day: { meanK: number; p95K: number; populationMeanK: number };
  /** Share of the population living in cells whose night UHI exceeds each threshold. */
  populationAbove: Array<{ thresholdK: number; population: number; share: number }>;
  byLcz: LczSummary[];
  anthropogenic: { builtMeanWm2: number; trafficVehKmPerDay: number; trafficSource: string; buildingHeatSource: string };
  /**
   * Population within 300 m of a park or wood cell (WHO Regional Office for Europe 2016, "Urban green spaces and
   * health": green space within 300 m linear distance), and mean distances to parks and to water.
   */
  greenAccess: { populationWithin300mShare: number; populationMeanDistanceM: number; populationMeanDistanceToWaterM: number };
  inputs: { date: string; dsmResolutionM: number; svfDirections: number; shadeSteps: number; sunUpSteps: number };
}

export interface HeatResult {
  grid: CellGrid;
  params: HeatParams;
  surfaces: HeatSurfaces;
  neighbourhood: NeighbourhoodFields;
  lcz: Uint8Array;
  /** Geometry-driven night UHI before vegetation, anthropogenic heat and wind (K). */
  nightGeometryK: Float32Array;
  nightUnmixedK: Float32Array;
  nightUhiK: Float32Array;
  cooling: CoolingFields & MitigationFields;
  /** Air-temperature reduction by nearby parks and water before mixing: (HM − CC)·UHI_max (K). */
  parkCoolingK: Float32Array;
  dayUnmixedK: Float32Array;
  /** Daytime air-temperature excess over a fully mitigated cell (InVEST T_air − T_ref), after mixing (K). */
  dayAnomalyK: Float32Array;
  /** Anthropogenic heat of each cell (W/m²): buildings + traffic. */
  anthropogenicWm2: Float32Array;
  distanceToParkM: Float32Array;
  distanceToWaterM: Float32Array;
  summary: HeatSummary;
}

/** Runs the model on prepared inputs (see the module comment). */
export function runHeat(inputs: HeatInputs, options: HeatRunOptions = {}): HeatResult {
  const p = resolveHeatParams(options.params);
  const thresholds = options.thresholdsK ?? [...DEFAULT_UHI_THRESHOLDS_K];
  for (const t of thresholds) if (!Number.isFinite(t)) throw new HeatInputError(`thresholdsK must be finite numbers, got ${t}`);
  const g = inputs.grid;
  const n = g.width * g.height;
  const A = inputs.cellAreaM2;
  const s = applyLevers(inputs, options.levers);
  const toW = p.trafficEnergyJPerVehM / 86400;
  const heatW = new Float64Array(n);
  const anthropogenicWm2 = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    heatW[c] = inputs.buildingHeatW[c] + s.trafficVehMPerDay[c] * toW;
    anthropogenicWm2[c] = heatW[c] / A;
  }
  const nb = neighbourhoodFields(inputs, s, heatW, p);

  const lcz = new Uint8Array(n);
  const cell: LczCell = { skyViewFactor: 0, aspectRatio: 0, buildingFraction: 0, imperviousFraction: 0, perviousFraction: 0, heightM: 0, treeFraction: 0, treeOverImperviousFraction: 0, vegetationFraction: 0, waterFraction: 0 };
  const scratch = new Float64Array(6);
  const nightGeometryK = new Float32Array(n);
  const nightUnmixedK = new Float32Array(n);
  const fWind = windFactor(p.windSpeedMs, p.calmWindMs);
  for (let c = 0; c < n; c++) {
    cell.skyViewFactor = nb.skyViewFactor[c];
    cell.aspectRatio = nb.aspectRatio[c];
    cell.buildingFraction = nb.buildingFraction[c];
    cell.imperviousFraction = nb.imperviousFraction[c];
    cell.perviousFraction = nb.perviousFraction[c];
    cell.heightM = nb.heightM[c];
    cell.treeFraction = nb.treeFraction[c];
    cell.treeOverImperviousFraction = nb.treeOverImperviousFraction[c];
    cell.vegetationFraction = nb.vegetationFraction[c];
    cell.waterFraction = nb.waterFraction[c];
    cell.lowRiseUseFraction = nb.lowRiseUseFraction[c];
    cell.residentialUseFraction = nb.residentialUseFraction[c];
    cell.meanFloors = nb.meanFloors[c];
    cell.anthropogenicWm2 = nb.anthropogenicWm2[c];
    lcz[c] = classifyLcz(cell, scratch);
    const geom = p.nightGeometry === 'aspect-ratio' ? okeAspectRatioUhi(nb.aspectRatio[c], p.maxAspectRatio) : nb.buildingFraction[c] > 0 ? okeSkyViewUhi(nb.skyViewFactor[c]) : 0;
    nightGeometryK[c] = geom;
    nightUnmixedK[c] = geom * vegetationFactor(nb.skyViewFactor[c], nb.vegetationFractionWide[c] + p.waterNightWeight * nb.waterFractionWide[c]) * anthropogenicFactor(nb.anthropogenicWm2[c], p.irradianceWm2) * fWind;
  }

  const cooling = coolingCapacityFields(inputs, s, p);
  const mit = heatMitigation(inputs, cooling, s.coolingIslandM2, p);
  const dayUnmixedK = new Float32Array(n);
  const parkCoolingK = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    dayUnmixedK[c] = (1 - mit.heatMitigation[c]) * p.dayUhiMaxK;
    parkCoolingK[c] = (mit.heatMitigation[c] - cooling.coolingCapacity[c]) * p.dayUhiMaxK;
  }
  const rMix = p.mixingRadiusM / g.cellSizeM;
  const nightUhiK = gaussianSmooth(nightUnmixedK, g.width, g.height, rMix / 3, rMix);
  const dayAnomalyK = gaussianSmooth(dayUnmixedK, g.width, g.height, rMix / 3, rMix);

  const parkMask = new Uint8Array(n);
  const waterMask = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    parkMask[c] = inputs.parkM2[c] + (s.coolingIslandM2[c] - inputs.coolingIslandM2[c]) >= 0.5 * A ? 1 : 0;
    waterMask[c] = s.waterM2[c] >= 0.5 * A ? 1 : 0;
  }
  const toM = (d: Float64Array): Float32Array => Float32Array.from(d, (v) => v * g.cellSizeM);
  const distanceToParkM = toM(distanceTransform(parkMask, g.width, g.height));
  const distanceToWaterM = toM(distanceTransform(waterMask, g.width, g.height));

  const result: Omit<HeatResult, 'summary'> = {
    grid: g, params: p, surfaces: s, neighbourhood: nb, lcz, nightGeometryK, nightUnmixedK, nightUhiK, cooling: { ...cooling, ...mit }, parkCoolingK, dayUnmixedK, dayAnomalyK, anthropogenicWm2, distanceToParkM, distanceToWaterM,
  };
  return { ...result, summary: summarize(inputs, result, thresholds) };
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const v = Float64Array.from(values).sort();
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

function summarize(inputs: HeatInputs, r: Omit<HeatResult, 'summary'>, thresholds: number[]): HeatSummary {
  const g = inputs.grid;
  const n = g.width * g.height;
  const cellKm2 = inputs.cellAreaM2 / 1e6;
  const night: number[] = [];
  const day: number[] = [];
  let pop = 0;
  let popNight = 0;
  let popDay = 0;
  let builtQ = 0;
  let within = 0;
  let popDist = 0;
  let popWater = 0;
  let vehM = 0;
  const above = thresholds.map(() => 0);
  const by = new Map<number, LczSummary>();
  for (let c = 0; c < n; c++) {
    const code = r.lcz[c];
    const P = inputs.population[c];
    pop += P;
    popNight += P * r.nightUhiK[c];
    popDay += P * r.dayAnomalyK[c];
    thresholds.forEach((t, i) => {
      if (r.nightUhiK[c] > t) above[i] += P;
    });
    if (r.distanceToParkM[c] <= 300) within += P;
    // No park (water) anywhere on the grid: the distance is infinite and its mean NaN (null in JSON).
    popDist += P > 0 ? P * r.distanceToParkM[c] : 0;
    popWater += P > 0 ? P * r.distanceToWaterM[c] : 0;
    vehM += r.surfaces.trafficVehMPerDay[c];
    if (isBuiltLcz(code)) {
      night.push(r.nightUhiK[c]);
      day.push(r.dayAnomalyK[c]);
      builtQ += r.anthropogenicWm2[c];
    }
    let z = by.get(code);
    if (!z) by.set(code, (z = { code, label: LCZ_LABELS[code] ?? 'no data', cells: 0, areaKm2: 0, population: 0, nightMeanK: 0, dayMeanK: 0 }));
    z.cells++;
    z.population += P;
    z.nightMeanK += r.nightUhiK[c];
    z.dayMeanK += r.dayAnomalyK[c];
  }
  const byLcz = [...by.values()].sort((a, b) => a.code - b.code);
  for (const z of byLcz) {
    z.areaKm2 = z.cells * cellKm2;
    z.nightMeanK /= z.cells;
    z.dayMeanK /= z.cells;
  }
  const mean = (v: number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  return {
    cells: n,
    cellSizeM: g.cellSizeM,
    areaKm2: n * cellKm2,
    builtCells: night.length,
    population: pop,
    night: { meanK: mean(night), p95K: percentile(night, 0.95), maxK: night.length ? night.reduce((a, b) => Math.max(a, b), -Infinity) : NaN, populationMeanK: pop > 0 ? popNight / pop : NaN },
    day: { meanK: mean(day), p95K: percentile(day, 0.95), populationMeanK: pop > 0 ? popDay / pop : NaN },
    populationAbove: thresholds.map((t, i) => ({ thresholdK: t, population: above[i], share: pop > 0 ? above[i] / pop : NaN })),
    byLcz,
    anthropogenic: { builtMeanWm2: night.length ? builtQ / night.length : NaN, trafficVehKmPerDay: vehM / 1000, trafficSource: inputs.trafficSource, buildingHeatSource: inputs.buildingHeatSource },
    greenAccess: { populationWithin300mShare: pop > 0 ? within / pop : NaN, populationMeanDistanceM: pop > 0 && Number.isFinite(popDist) ? popDist / pop : NaN, populationMeanDistanceToWaterM: pop > 0 && Number.isFinite(popWater) ? popWater / pop : NaN },
    inputs: { date: inputs.date, dsmResolutionM: inputs.dsmResolutionM, svfDirections: inputs.svfDirections, shadeSteps: inputs.shadeSteps, sunUpSteps: inputs.sunUpSteps },
  };
}
