/**
 * The air-quality model: traffic → emissions → Gaussian line sources (+ street canyons) → concentrations with
 * background and NO2 chemistry → exposure, for one pollutant or several in one dispersion pass. Pure and
 * synchronous; the near part of the grid pass can be handed to a parallel evaluator working on row bands
 * (data/air/parallel-node.ts) since it only needs the sources, the near kernel and a band, and one far field
 * (./plan.ts) can serve a grid and the façade receptors.
 */
import { bboxOfXY, type Territory } from '../territory.ts';
import { detectStreetCanyons, DEFAULT_OSPM, type StreetCanyons } from './canyon.ts';
import { addCanyonIncrementsToGrid, addCanyonIncrementsToPoints, canyonIncrements, type CanyonIncrements } from './canyon-increment.ts';
import { annualNo2FromNox, BACHLIN_2008, hourlyNo2OzoneLimited } from './chemistry.ts';
import { lineSourcesFromRoads, type DispersionStats, type GridSpec, type LineSources } from './dispersion.ts';
import { disperseGridPlan, dispersePointsPlan, farFieldOf, gridRegion, planDispersion, pointsRegion, regionExtentM, type GridPlan } from './plan.ts';
import type { FarField } from './far-field.ts';
import type { NearOperatorCache } from './near-operator.ts';
import { emissionTotalsTonnesPerYear, linkEmissions, type Emitted, type LinkEmissions, type TrafficLoad } from './emissions.ts';
import { buildingMeans, buildingZones, exposureIndicators, facadeReceptors, DEFAULT_FACADES, type ExposureResult, type FacadeReceptors, type ThresholdSet } from './exposure.ts';
import { DEFAULT_FLEET, type FleetMix } from './fleet.ts';
import { buildKernel, type DispersionKernel } from './kernel.ts';
import type { WindRose } from './meteo.ts';
import { AIR_THRESHOLDS, validateAirParameters, type AirParameterValues } from './params.ts';

export const AIR_POLLUTANTS = ['no2', 'nox', 'pm10', 'pm25', 'co2'] as const;
export type AirPollutant = (typeof AIR_POLLUTANTS)[number];

export interface AirModelInput {
  territory: Territory;
  traffic: TrafficLoad;
  /** Pollutant, or several computed in one dispersion pass (one multi-component source set). */
  pollutant: AirPollutant | readonly AirPollutant[];
  /** A wind rose (annual means) or a single-hour rose (meteo.ts `singleHour`). */
  rose: WindRose;
  fleet?: FleetMix;
  params?: Partial<AirParameterValues>;
  thresholds?: ThresholdSet[];
  /** Street-canyon increments (default true). */
  canyons?: boolean;
  /**
   * Near-part operators kept between runs on the same geometry (./near-operator.ts): same values, bitwise; a run
   * that changes only the emissions then skips the kernel sums. Default: none (direct evaluation).
   */
  nearOperators?: NearOperatorCache;
  /**
   * Street canyons already detected on the same buildings and roads with the same canyon parameters (they depend
   * on geometry only); detected here when absent.
   */
  streetCanyons?: StreetCanyons;
}

export interface AirSetup {
  input: AirModelInput;
  /** Pollutants computed; the first is the default of the functions taking one. */
  pollutants: AirPollutant[];
  mode: 'annual' | 'hour';
  params: AirParameterValues;
  fleet: FleetMix;
  emissions: LinkEmissions;
  totalsTonnesPerYear: Record<Emitted, number>;
  /** Emitted species dispersed, in component order. */
  components: Emitted[];
  /** Component index of each emitted species (−1 when not dispersed). */
  componentIndex: Record<Emitted, number>;
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

/** Street canyons of a territory for the air model's parameters (geometry only). */
export function airStreetCanyons(t: Territory, params: AirParameterValues): StreetCanyons {
  return detectStreetCanyons(t.buildings, t.roads, { searchM: params.canyonSearchM, sampleSpacingM: 10, minCoverage: params.canyonMinCoverage, minAspectRatio: params.canyonMinAspectRatio });
}

/** Emissions, sources, kernel and canyons of a run (everything but the receptors). */
export function prepareAir(input: AirModelInput): AirSetup {
  const pollutants: AirPollutant[] = typeof input.pollutant === 'string' ? [input.pollutant] : [...input.pollutant];
  if (!pollutants.length) throw new Error('air: no pollutant requested');
  for (const p of pollutants) if (!AIR_POLLUTANTS.includes(p)) throw new Error(`air: pollutant must be one of ${AIR_POLLUTANTS.join(', ')}, got "${p}"`);
  if (new Set(pollutants).size !== pollutants.length) throw new Error(`air: pollutant listed twice in ${pollutants.join(', ')}`);
  const params = validateAirParameters(input.params ?? {});
  const fleet = input.fleet ?? DEFAULT_FLEET;
  const roads = input.territory.roads;
  if (input.traffic.linkCount !== roads.linkCount) throw new Error(`air: the traffic load has ${input.traffic.linkCount} links, the territory ${roads.linkCount}`);
  const mode = input.rose.conditions.length === 1 && input.rose.sectorWidthDeg === 0 ? 'hour' : 'annual';
  const emissions = linkEmissions(input.traffic, fleet);
  const components = [...new Set(pollutants.flatMap((p) => componentsFor(p, mode)))];
  const componentIndex = { nox: -1, no2: -1, pm10: -1, pm25: -1, co2: -1 };
  components.forEach((c, i) => (componentIndex[c] = i));
  const perMetre = components.map((c) => emissions.perMetre[c]);
  // With near-field operators kept between runs, every segment with a link open to cars is a source, even without
  // flow in this run (it adds exactly 0): the pieces, hence the operators, are then the same whatever the flows.
  let open: Uint8Array | undefined;
  if (input.nearOperators) {
    open = new Uint8Array(roads.segmentCount);
    for (let l = 0; l < roads.linkCount; l++) if (roads.capacityVehH[l] > 0 && roads.freeSpeedKmh[l] > 0) open[roads.linkSegment[l]] = 1;
  }
  const sources = lineSourcesFromRoads(roads, perMetre, open);
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
    canyons = input.streetCanyons ?? airStreetCanyons(input.territory, params);
    increments = canyonIncrements(canyons, roads, input.traffic, perMetre, fleet.defaultHeavyShare, input.rose, kernel, { ...DEFAULT_OSPM, minWindSpeedMS: params.minWindSpeedMS });
  }
  return { input, pollutants, mode, params, fleet, emissions, totalsTonnesPerYear: emissionTotalsTonnesPerYear(emissions), components, componentIndex, sources, kernel, canyons, increments };
}

/** Background concentration of a pollutant (µg/m³; default: the setup's first pollutant). */
export function backgroundUgM3(s: AirSetup, pollutant: AirPollutant = s.pollutants[0]): number {
  const p = s.params;
  return { no2: p.backgroundNo2UgM3, nox: p.backgroundNoxUgM3, pm10: p.backgroundPm10UgM3, pm25: p.backgroundPm25UgM3, co2: p.backgroundCo2UgM3 }[pollutant];
}

function checkPollutant(s: AirSetup, pollutant: AirPollutant): void {
  if (!s.pollutants.includes(pollutant)) throw new Error(`air: ${pollutant} was not prepared (pollutants of this setup: ${s.pollutants.join(', ')})`);
}

/**
 * Total concentrations (µg/m³) of a pollutant from the traffic field (g/m³, component-major, `count` receptors):
 * background added, NO2 from NOx by ./chemistry.ts (annual: NO2_bg + f(NOx_bg + NOx_road) − f(NOx_bg), which keeps
 * the measured background NO2; one hour: ozone limiting with the local primary fraction).
 */
export function toConcentration(s: AirSetup, values: Float64Array, count: number, pollutant: AirPollutant = s.pollutants[0]): Float32Array {
  checkPollutant(s, pollutant);
  const out = new Float32Array(count);
  const p = s.params;
  const bg = backgroundUgM3(s, pollutant);
  if (pollutant !== 'no2') {
    const o = s.componentIndex[pollutant] * count;
    for (let i = 0; i < count; i++) out[i] = bg + values[o + i] * 1e6;
    return out;
  }
  const ox = s.componentIndex.nox * count;
  if (s.mode === 'annual') {
    const f0 = annualNo2FromNox(p.backgroundNoxUgM3, BACHLIN_2008);
    for (let i = 0; i < count; i++) out[i] = p.backgroundNo2UgM3 + annualNo2FromNox(p.backgroundNoxUgM3 + values[ox + i] * 1e6, BACHLIN_2008) - f0;
    return out;
  }
  const o2 = s.componentIndex.no2 * count;
  for (let i = 0; i < count; i++) {
    const nox = values[ox + i] * 1e6;
    const prim = nox > 0 ? (values[o2 + i] * 1e6) / nox : 0;
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

export interface AirGridsResult {
  /** µg/m³ per pollutant of the setup, row 0 = north. */
  values: Partial<Record<AirPollutant, Float32Array>>;
  stats: DispersionStats;
  canyonCells: number;
}

/** A dispersion plan with its far field over a region, to share one FFT between a grid and the exposure. */
export interface AirField {
  plan: GridPlan;
  far: FarField | null;
}

/**
 * Region covering every façade receptor of the setup's buildings and, when given, the cells of a grid: one far
 * field over it serves both (./plan.ts).
 */
export function airRegion(s: AirSetup, grid?: GridSpec): [number, number, number, number] {
  const b = s.input.territory.buildings;
  const pad = s.params.facadeOffsetM + 1;
  let r: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  if (b.count > 0) {
    const bb = bboxOfXY(b.footprint.xy);
    r = [bb[0] - pad, bb[1] - pad, bb[2] + pad, bb[3] + pad];
  }
  if (grid) {
    const g = gridRegion(grid);
    r = [Math.min(r[0], g[0]), Math.min(r[1], g[1]), Math.max(r[2], g[2]), Math.max(r[3], g[3])];
  }
  if (!r.every(Number.isFinite)) throw new Error('air: no building and no grid to cover');
  return r;
}

/** Plan and far field of a setup over a region [xmin, ymin, xmax, ymax] (local m). */
export function airField(s: AirSetup, region: [number, number, number, number]): AirField {
  const plan = planDispersion(s.kernel, { extentM: regionExtentM(region) });
  return { plan, far: farFieldOf(s.sources, plan, region) };
}

/**
 * Concentration grids of every pollutant of the setup, single-threaded with the two-level plan of ./plan.ts (the
 * far field of `field` when given, which must cover the grid), or from a precomputed traffic field `raw`
 * (component-major g/m³, e.g. from the parallel runner).
 */
export function airGrids(s: AirSetup, grid: GridSpec, o: { raw?: Float64Array; rawStats?: DispersionStats; field?: AirField } = {}): AirGridsResult {
  const cells = grid.width * grid.height;
  let values = o.raw;
  let stats = o.rawStats ?? { pairs: 0, evaluations: 0, pieces: 0 };
  if (!values) {
    const f = o.field ?? airField(s, gridRegion(grid));
    const r = disperseGridPlan(s.sources, f.plan, grid, {}, f.far, s.input.nearOperators);
    values = r.values;
    stats = r.stats;
  }
  if (values.length !== cells * s.components.length) throw new Error(`air grid: traffic field has ${values.length} values for ${cells} cells × ${s.components.length} components`);
  const canyonCells = s.increments ? addCanyonIncrementsToGrid(s.increments, s.input.territory.roads, grid, values) : 0;
  const out: Partial<Record<AirPollutant, Float32Array>> = {};
  for (const p of s.pollutants) out[p] = toConcentration(s, values, cells, p);
  return { values: out, stats, canyonCells };
}

/** Concentration grid of the setup's first pollutant (see {@link airGrids}). */
export function airGrid(s: AirSetup, grid: GridSpec, raw?: Float64Array, rawStats?: DispersionStats): AirGridResult {
  const r = airGrids(s, grid, { raw, rawStats });
  return { values: r.values[s.pollutants[0]]!, stats: r.stats, canyonCells: r.canyonCells };
}

export interface AirExposureResult extends ExposureResult {
  facadeReceptors: number;
  facadesInCanyons: number;
  /** Concentration per building (µg/m³; NaN for buildings without residents). */
  buildingUgM3: Float64Array;
}

/** Façade receptors of the setup's inhabited buildings. */
export function airFacades(s: AirSetup): FacadeReceptors {
  return facadeReceptors(s.input.territory.buildings, { ...DEFAULT_FACADES, offsetM: s.params.facadeOffsetM });
}

/**
 * Exposure of the residents (façade receptors of inhabited buildings) to every pollutant of the setup: one
 * dispersion pass for all pollutants, with the plan and far field of `field` when given (it must cover the
 * receptors), else planned over the receptors.
 */
export function airExposures(s: AirSetup, field?: AirField): Partial<Record<AirPollutant, AirExposureResult>> {
  const t = s.input.territory;
  const f = airFacades(s);
  const fld = field ?? airField(s, pointsRegion(f.xy));
  const r = dispersePointsPlan(s.sources, fld.plan, f.xy, fld.far, s.input.nearOperators);
  const inCanyon = s.increments ? addCanyonIncrementsToPoints(s.increments, t.roads, f.xy, r.values) : 0;
  const out: Partial<Record<AirPollutant, AirExposureResult>> = {};
  const zoneOf = buildingZones(t.buildings, t.population);
  for (const p of s.pollutants) {
    const c = toConcentration(s, r.values, f.count, p);
    const perBuilding = buildingMeans(f, c, t.buildings.count);
    const e = exposureIndicators(t.buildings, t.population, perBuilding, p, s.input.thresholds ?? AIR_THRESHOLDS, zoneOf);
    out[p] = { ...e, facadeReceptors: f.count, facadesInCanyons: inCanyon, buildingUgM3: perBuilding };
  }
  return out;
}

/** Exposure of the residents to the setup's first pollutant (see {@link airExposures}). */
export function airExposure(s: AirSetup, field?: AirField): AirExposureResult {
  return airExposures(s, field)[s.pollutants[0]]!;
}
