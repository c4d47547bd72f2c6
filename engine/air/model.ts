/**
 * The air-quality stage: traffic → emissions → Gaussian line sources (+ street canyons) → concentrations with
 * background and NO2 chemistry → exposure. Pure and synchronous; the grid pass can be replaced by a parallel
 * evaluator working on row bands (data/air/parallel-node.ts) since it only needs the sources, the kernel and a band.
 */
import type { Territory } from '../territory.ts';
import { detectStreetCanyons, DEFAULT_OSPM, type StreetCanyons } from './canyon.ts';
import { addCanyonIncrementsToGrid, addCanyonIncrementsToPoints, canyonIncrements, type CanyonIncrements } from './canyon-increment.ts';
import { annualNo2FromNox, BACHLIN_2008, hourlyNo2OzoneLimited } from './chemistry.ts';
import { disperseGridPlan, dispersePointsPlan, lineSourcesFromRoads, planGrid, type DispersionStats, type GridPlan, type GridSpec, type LineSources } from './dispersion.ts';
import { emissionTotalsTonnesPerYear, linkEmissions, type Emitted, type LinkEmissions, type TrafficLoad } from './emissions.ts';
import { buildingMeans, exposureIndicators, facadeReceptors, DEFAULT_FACADES, type ExposureResult, type ThresholdSet } from './exposure.ts';
import { DEFAULT_FLEET, type FleetMix } from './fleet.ts';
import { buildKernel, type DispersionKernel } from './kernel.ts';
import type { WindRose } from './meteo.ts';
import { AIR_THRESHOLDS, validateAirParameters, type AirParameterValues } from './params.ts';

export const AIR_POLLUTANTS = ['no2', 'nox', 'pm10', 'pm25', 'co2'] as const;
export type AirPollutant = (typeof AIR_POLLUTANTS)[number];

export interface AirModelInput {
  territory: Territory;
  traffic: TrafficLoad;
  pollutant: AirPollutant;
  /** A wind rose (annual means) or a single-hour rose (meteo.ts `singleHour`). */
  rose: WindRose;
  fleet?: FleetMix;
  params?: Partial<AirParameterValues>;
  thresholds?: ThresholdSet[];
  /** Street-canyon increments (default true). */
  canyons?: boolean;
}

export interface AirSetup {
  input: AirModelInput;
  mode: 'annual' | 'hour';
  params: AirParameterValues;
  fleet: FleetMix;
  emissions: LinkEmissions;
  totalsTonnesPerYear: Record<Emitted, number>;
  /** Emitted species dispersed, in component order. */
  components: Emitted[];
  sources: LineSources;
  kernel: DispersionKernel;
  canyons: StreetCanyons | null;
  increments: CanyonIncrements | null;
}

/** Emitted species needed for a pollutant: NO2 needs NOx (and, for one hour, the primary NO2). */
function componentsFor(p: AirPollutant, mode: 'annual' | 'hour'): Emitted[] {
  if (p === 'no2') return mode === 'hour' ? ['nox', 'no2'] : ['nox'];
  return [p];
}

/** Emissions, sources, kernel and canyons of a run (everything but the receptors). */
export function prepareAir(input: AirModelInput): AirSetup {
  if (!AIR_POLLUTANTS.includes(input.pollutant)) throw new Error(`air: pollutant must be one of ${AIR_POLLUTANTS.join(', ')}, got "${input.pollutant}"`);
  const params = validateAirParameters(input.params ?? {});
  const fleet = input.fleet ?? DEFAULT_FLEET;
  const roads = input.territory.roads;
  if (input.traffic.linkCount !== roads.linkCount) throw new Error(`air: the traffic load has ${input.traffic.linkCount} links, the territory ${roads.linkCount}`);
  const mode = input.rose.conditions.length === 1 && input.rose.sectorWidthDeg === 0 ? 'hour' : 'annual';
  const emissions = linkEmissions(input.traffic, fleet);
  const components = componentsFor(input.pollutant, mode);
  const perMetre = components.map((c) => emissions.perMetre[c]);
  const sources = lineSourcesFromRoads(roads, perMetre);
  const kernel = buildKernel(input.rose, {
    receptorHeightM: params.receptorHeightM,
    sourceHeightM: 0,
    sigmaY0M: params.sigmaY0M,
    sigmaZ0M: params.sigmaZ0M,
    cutoffM: params.cutoffM,
    minWindSpeedMS: params.minWindSpeedMS,
  });
  let canyons: StreetCanyons | null = null;
  let increments: CanyonIncrements | null = null;
  if (input.canyons !== false && input.territory.buildings.count > 0) {
    canyons = detectStreetCanyons(input.territory.buildings, roads, { searchM: params.canyonSearchM, sampleSpacingM: 10, minCoverage: params.canyonMinCoverage, minAspectRatio: params.canyonMinAspectRatio });
    increments = canyonIncrements(canyons, roads, input.traffic, perMetre, fleet.defaultHeavyShare, input.rose, kernel, { ...DEFAULT_OSPM, minWindSpeedMS: params.minWindSpeedMS });
  }
  return { input, mode, params, fleet, emissions, totalsTonnesPerYear: emissionTotalsTonnesPerYear(emissions), components, sources, kernel, canyons, increments };
}

/** Background concentration of the pollutant (µg/m³). */
export function backgroundUgM3(s: AirSetup): number {
  const p = s.params;
  return { no2: p.backgroundNo2UgM3, nox: p.backgroundNoxUgM3, pm10: p.backgroundPm10UgM3, pm25: p.backgroundPm25UgM3, co2: p.backgroundCo2UgM3 }[s.input.pollutant];
}

/**
 * Total concentrations (µg/m³) from the traffic field (g/m³, component-major, `count` receptors): background
 * added, NO2 from NOx by ./chemistry.ts (annual: NO2_bg + f(NOx_bg + NOx_road) − f(NOx_bg), which keeps the
 * measured background NO2; one hour: ozone limiting with the local primary fraction).
 */
export function toConcentration(s: AirSetup, values: Float64Array, count: number): Float32Array {
  const out = new Float32Array(count);
  const p = s.params;
  const bg = backgroundUgM3(s);
  if (s.input.pollutant !== 'no2') {
    for (let i = 0; i < count; i++) out[i] = bg + values[i] * 1e6;
    return out;
  }
  if (s.mode === 'annual') {
    const f0 = annualNo2FromNox(p.backgroundNoxUgM3, BACHLIN_2008);
    for (let i = 0; i < count; i++) out[i] = p.backgroundNo2UgM3 + annualNo2FromNox(p.backgroundNoxUgM3 + values[i] * 1e6, BACHLIN_2008) - f0;
    return out;
  }
  for (let i = 0; i < count; i++) {
    const nox = values[i] * 1e6;
    const prim = nox > 0 ? (values[count + i] * 1e6) / nox : 0;
    out[i] = hourlyNo2OzoneLimited(nox, Math.min(1, prim), p.backgroundO3UgM3, p.backgroundNo2UgM3);
  }
  return out;
}

export interface AirGridResult {
  /** µg/m³, row 0 = north (engine/raster/grid.ts layout). */
  values: Float32Array;
  stats: DispersionStats;
  canyonCells: number;
}

/**
 * Concentration grid, single-threaded with the two-level plan of ./dispersion.ts (or from a precomputed traffic
 * field `raw`, component-major g/m³, e.g. from the parallel runner).
 */
export function airGrid(s: AirSetup, grid: GridSpec, raw?: Float64Array, rawStats?: DispersionStats): AirGridResult {
  const cells = grid.width * grid.height;
  let field = raw;
  let stats = rawStats ?? { pairs: 0, evaluations: 0, pieces: 0 };
  if (!field) {
    const r = disperseGridPlan(s.sources, planGrid(s.kernel, grid.cellSizeM), grid);
    field = r.values;
    stats = r.stats;
  }
  if (field.length !== cells * s.components.length) throw new Error(`air grid: traffic field has ${field.length} values for ${cells} cells × ${s.components.length} components`);
  const canyonCells = s.increments ? addCanyonIncrementsToGrid(s.increments, s.input.territory.roads, grid, field) : 0;
  return { values: toConcentration(s, field, cells), stats, canyonCells };
}

export interface AirExposureResult extends ExposureResult {
  facadeReceptors: number;
  facadesInCanyons: number;
  /** Concentration per building (µg/m³; NaN for buildings without residents). */
  buildingUgM3: Float64Array;
}

/**
 * Exposure of the residents (façade receptors of inhabited buildings), with the two-level plan of a 10 m grid
 * unless another plan is given.
 */
export function airExposure(s: AirSetup, plan: GridPlan = planGrid(s.kernel, 10)): AirExposureResult {
  const t = s.input.territory;
  const f = facadeReceptors(t.buildings, { ...DEFAULT_FACADES, offsetM: s.params.facadeOffsetM });
  const r = dispersePointsPlan(s.sources, plan, f.xy);
  const inCanyon = s.increments ? addCanyonIncrementsToPoints(s.increments, t.roads, f.xy, r.values) : 0;
  const c = toConcentration(s, r.values, f.count);
  const perBuilding = buildingMeans(f, c, t.buildings.count);
  const e = exposureIndicators(t.buildings, t.population, perBuilding, s.input.pollutant, s.input.thresholds ?? AIR_THRESHOLDS);
  return { ...e, facadeReceptors: f.count, facadesInCanyons: inCanyon, buildingUgM3: perBuilding };
}
