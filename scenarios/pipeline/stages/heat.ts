/**
 * Heat stages: the urban heat island model (engine/heat) in the coupled pipeline.
 *
 *   territory → heat-before → heat.before          (heat grid, DSM, bounded-radius SVF and shade: once per territory)
 *   territory, territory.buildings-after, heat.before → heat-sky → heat.sky   (once per set of buildings)
 *   territory, territory.after, interventions, urban.activity, [traffic.flows], heat.before, heat.sky → heat
 *                            → indicators.heat, files.heat, heat.result
 *
 * `heat-before` depends only on the baseline territory (and the grid/sky parameters), so edits and batch
 * variants reuse it. `heat-sky` recomputes the sky only in a window around the buildings the scenario changed
 * (data/heat/sky.ts: exact within the horizon radius `svfRadiusM`); `heat` computes the vector morphology and the
 * per-cell model on the whole grid: buildings after the interventions, their inhabitants and heat release from
 * the urban model's energy use (`urban.activity`), traffic heat from the assigned daily flows (`traffic.flows`,
 * vehicle-km) when the pipeline has a traffic stage, and the greening levers of the scenario (trees, green and
 * cool roofs, de-paving) mapped onto engine/heat/levers.ts. Indicators territory-wide and per population cell
 * (the urban model's zones); night UHI, LCZ and daytime rasters as GeoTIFF.
 */
import type { Territory } from '../../../engine/territory.ts';
import { PolygonGridIndex } from '../../../engine/spatial.ts';
import { cellMorphology } from '../../../engine/heat/morphology.ts';
import { assembleHeatInputs } from '../../../engine/heat/prepare.ts';
import { runHeat, type HeatResult, type HeatSummary } from '../../../engine/heat/model.ts';
import { HeatInputError, HEAT_PARAMS, type HeatParams } from '../../../engine/heat/params.ts';
import type { HeatLevers } from '../../../engine/heat/levers.ts';
import { prepareHeatSky, updateHeatSky, type HeatSky, type HeatSkyUpdate } from '../../../data/heat/sky.ts';
import { gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { writeGeoTiff } from '../../../data/geotiff/write.ts';
import { resolveParams } from '../../format/params.ts';
import { zoneToLocal, type Intervention } from '../../format/scenario.ts';
import type { Stage } from '../pipeline.ts';
import type { Indicator, Provenance } from '../../run/indicators.ts';
import type { RoadLinkFlows, UrbanActivity } from '../artefacts.ts';
import { HEAT_STAGE_PARAMS, type HeatStageParams } from './heat-params.ts';
import { heatIndicators, heatZones, type HeatZoneRow } from './heat-indicators.ts';

const HOURS_PER_YEAR = 8760;

export interface HeatBefore {
  sky: HeatSky;
  /** Population cell (zone) of each heat cell centre, −1 outside every cell; zone names. */
  cellZone: Int32Array;
  zoneNames: string[];
}

/** The heat model's own parameters out of the stage's table. */
export function heatModelParams(p: HeatStageParams): HeatParams {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(HEAT_PARAMS)) out[k] = (p as Record<string, unknown>)[k];
  return out as HeatParams;
}

/** The grid/sky parameters `heat-before` depends on (the only ones in its cache key). */
const SKY_PARAMS: Array<keyof HeatStageParams> = ['cellSizeM', 'marginM', 'date', 'svfDirections', 'svfRadiusM', 'shadeStartSolarH', 'shadeEndSolarH', 'shadeStepH'];

/** Baseline heat grid (or `grid`), sky and zones of a territory (see the module comment). */
export function prepareHeatBefore(t: Territory, p: HeatStageParams, grid?: HeatSky['grid']): HeatBefore {
  const sky = prepareHeatSky(t, { cellSizeM: p.cellSizeM, marginM: p.marginM, date: p.date, directions: p.svfDirections, radiusM: p.svfRadiusM, params: heatModelParams(p), grid });
  const g = sky.grid;
  const cellZone = new Int32Array(g.width * g.height).fill(-1);
  if (t.population.count > 0) {
    const index = new PolygonGridIndex(t.population.geometry);
    for (let row = 0; row < g.height; row++) {
      const y = g.originY - (row + 0.5) * g.cellSizeM;
      for (let col = 0; col < g.width; col++) cellZone[row * g.width + col] = index.find(g.originX + (col + 0.5) * g.cellSizeM, y);
    }
  }
  return { sky, cellZone, zoneNames: [...t.population.sourceId] };
}

/** The scenario's greening interventions as heat levers (zones in local metres). */
export function heatLeversFromInterventions(list: Intervention[], t: Territory): HeatLevers {
  const levers: Required<Pick<HeatLevers, 'trees' | 'greenRoofs' | 'coolRoofs' | 'coolPavements' | 'depaving'>> = { trees: [], greenRoofs: [], coolRoofs: [], coolPavements: [], depaving: [] };
  for (const iv of list) {
    if (iv.type === 'trees') levers.trees.push({ zone: zoneToLocal(iv.zone, t), canopyCover: iv.canopyShare });
    else if (iv.type === 'green-roofs') levers.greenRoofs.push({ zone: zoneToLocal(iv.zone, t), roofFraction: iv.share });
    else if (iv.type === 'de-paving') levers.depaving.push({ zone: zoneToLocal(iv.zone, t), imperviousFraction: iv.share });
    else if (iv.type === 'cool-roofs') {
      // Every plain roof of the zone; pavements too when the intervention gives their albedo.
      levers.coolRoofs.push({ zone: zoneToLocal(iv.zone, t), roofFraction: 1, albedo: iv.roofAlbedo });
      if (iv.pavementAlbedo !== undefined) levers.coolPavements.push({ zone: zoneToLocal(iv.zone, t), pavementFraction: 1, albedo: iv.pavementAlbedo });
    }
  }
  return levers;
}

export interface HeatScenarioInput {
  /** Baseline territory (the one `heatBefore` was prepared on) and the scenario's (buildings and roads after). */
  before: Territory;
  after: Territory;
  interventions: Intervention[];
  heatBefore: HeatBefore;
  params: HeatStageParams;
  /** Per building of `after` (urban stage): inhabitants and energy use; absent → the territory's inhabitants and default heat per floor area. */
  activity?: UrbanActivity | null;
  /** Per link of `after.roads` (traffic stage); used when `params.traffic` is 'assigned'. */
  flows?: RoadLinkFlows | null;
  /** Daily vehicles per link of `after.roads` given directly (e.g. a CSV): overrides `flows`. */
  linkFlowVehPerDay?: ArrayLike<number> | null;
  /** The sky after the interventions (stage `heat-sky`); computed here when absent. */
  sky?: HeatSkyUpdate | null;
}

export interface HeatScenarioOutput {
  result: HeatResult;
  sky: HeatSkyUpdate;
  zones: HeatZoneRow[];
  indicators: Indicator[];
  files: Record<string, Uint8Array>;
  sources: { traffic: string; buildings: string; population: string };
  seconds: { sky: number; morphology: number; model: number; outputs: number };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The scenario part of the heat model (see the module comment). Throws a HeatInputError on inconsistent input. */
export function runHeatScenario(input: HeatScenarioInput): HeatScenarioOutput {
  const { before, after, params: p, heatBefore } = input;
  const t0 = now();
  const sky = input.sky ?? updateHeatSky(heatBefore.sky, before.buildings, after.buildings);
  const t1 = now();
  const a = input.activity ?? null;
  if (a && a.count !== after.buildings.count) throw new HeatInputError(`urban.activity has ${a.count} buildings, territory.after has ${after.buildings.count}: they must be the same buildings`);
  let flows: ArrayLike<number> | null = input.linkFlowVehPerDay ?? null;
  let traffic = flows ? 'given per link' : 'default-by-road-class';
  if (!flows && p.traffic === 'assigned' && input.flows) {
    if (input.flows.linkCount !== after.roads.linkCount || input.flows.flowVehDay.length !== after.roads.linkCount) throw new HeatInputError(`traffic.flows has ${input.flows.flowVehDay.length} links, territory.after has ${after.roads.linkCount} road links`);
    flows = input.flows.flowVehDay;
    traffic = `assignment: ${input.flows.source.description}`;
  }
  let power: Float64Array | null = null;
  if (a) {
    power = new Float64Array(a.count);
    for (let i = 0; i < a.count; i++) {
      const e = a.energyKWhPerYear[i];
      if (!(e >= 0) || !Number.isFinite(e)) throw new HeatInputError(`urban.activity building ${after.buildings.sourceId[i]} (index ${i}): energyKWhPerYear must be a non-negative number, got ${e}`);
      power[i] = ((e / p.energyPrimaryPerFinal) * 1000) / HOURS_PER_YEAR;
    }
  }
  const hp = heatModelParams(p);
  const grid = heatBefore.sky.grid;
  const morph = cellMorphology(after, grid, hp, { linkFlowVehPerDay: flows, buildingPowerW: power, buildingInhabitants: a ? a.inhabitants : null, pavementFrom: before.roads });
  const inputs = assembleHeatInputs(grid, morph, sky);
  const t2 = now();
  const result = runHeat(inputs, { params: hp, levers: heatLeversFromInterventions(input.interventions, after), thresholdsK: [p.warmThresholdK, p.hotThresholdK] });
  const t3 = now();
  const sources = { traffic, buildings: a ? `urban model energy use / ${p.energyPrimaryPerFinal} (final), all released in the cell` : 'default-per-floor-area', population: a ? 'urban model (urban.activity)' : 'territory buildings' };
  const zones = heatZones(result, inputs.population, heatBefore.cellZone, heatBefore.zoneNames, p);
  const provenance: Provenance = {
    model: `engine/heat (LCZ Stewart & Oke 2012; night UHI Oke 1981 × Theeuwes et al. 2017; day InVEST Urban Cooling Model; see engine/heat/README.md); SVF and shade within ${p.svfRadiusM} m; traffic heat: ${traffic}; building heat: ${sources.buildings}`,
    datasets: before.datasets.map((d) => d.id),
    parameters: p as unknown as Record<string, unknown>,
  };
  const indicators = heatIndicators(result, zones, p, provenance);
  const frame = before.frame;
  const tif = (values: Float32Array, description: string, unit: string): Uint8Array => writeGeoTiff(gridToGeoRaster({ ...grid, values, nodata: NaN }, frame, { description, unit }));
  const files: Record<string, Uint8Array> = {
    'uhi-night.tif': tif(result.nightUhiK, 'night-time urban heat island intensity, calm clear night (K)', 'K'),
    'lcz.tif': tif(Float32Array.from(result.lcz, (c) => (c === 0 ? NaN : c)), 'local climate zone (Stewart and Oke 2012; 1-10 built, 11-17 = A-G)', ''),
    'heat-day.tif': tif(result.dayAnomalyK, 'daytime air temperature excess over a fully mitigated cell (K)', 'K'),
  };
  const t4 = now();
  return { result, sky, zones, indicators, files, sources, seconds: { sky: (t1 - t0) / 1000, morphology: (t2 - t1) / 1000, model: (t3 - t2) / 1000, outputs: (t4 - t3) / 1000 } };
}

/** What the `heat` stage publishes besides indicators and files (viewer layers, CLI summaries). */
export interface HeatStageResult {
  grid: HeatSky['grid'];
  nightUhiK: Float32Array;
  dayAnomalyK: Float32Array;
  lcz: Uint8Array;
  summary: HeatSummary;
  zones: HeatZoneRow[];
  /** Heat cells whose sky was recomputed, [col0, row0, col1, row1). */
  skyWindow: [number, number, number, number];
  sources: HeatScenarioOutput['sources'];
}

export const heatBeforeStage: Stage = {
  id: 'heat-before',
  version: 1,
  inputs: ['territory'],
  outputs: ['heat.before'],
  // Model parameters (wind, albedo, thresholds…) do not change the sky: a sweep over them reuses this stage.
  paramKeys: SKY_PARAMS,
  run: ({ inputs, params, progress }) => {
    progress(0, 'heat grid, DSM, sky view factor and shade');
    return { 'heat.before': prepareHeatBefore(inputs.territory as Territory, resolveParams(HEAT_STAGE_PARAMS, params)) };
  },
};

/**
 * The sky after the interventions: recomputed in a window around the changed buildings. It depends on the
 * buildings only, so variants that change demand, traffic or model parameters on the same buildings reuse it.
 */
export const heatSkyStage: Stage = {
  id: 'heat-sky',
  version: 1,
  inputs: ['territory', 'territory.buildings-after', 'heat.before'],
  outputs: ['heat.sky'],
  // The sky parameters are those of heat.before (part of this key through its hash).
  paramKeys: [],
  run: ({ inputs, progress }) => {
    progress(0, 'heat: sky view factor and shade around the changed buildings');
    const before = inputs.territory as Territory;
    const after = inputs['territory.buildings-after'] as Territory;
    return { 'heat.sky': updateHeatSky((inputs['heat.before'] as HeatBefore).sky, before.buildings, after.buildings) };
  },
};

/** The `heat` stage; `withTraffic` adds the `traffic.flows` input (when the pipeline has a traffic stage). */
export function heatStage(withTraffic: boolean): Stage {
  return {
    id: 'heat',
    version: 1,
    inputs: ['territory', 'territory.after', 'interventions', 'urban.activity', 'heat.before', 'heat.sky', ...(withTraffic ? ['traffic.flows'] : [])],
    outputs: ['indicators.heat', 'files.heat', 'heat.result'],
    run: ({ inputs, params, progress }) => {
      progress(0, 'heat: sky window, morphology, model');
      const o = runHeatScenario({
        before: inputs.territory as Territory,
        after: inputs['territory.after'] as Territory,
        interventions: inputs.interventions as Intervention[],
        heatBefore: inputs['heat.before'] as HeatBefore,
        sky: inputs['heat.sky'] as HeatSkyUpdate,
        activity: inputs['urban.activity'] as UrbanActivity,
        flows: (inputs['traffic.flows'] as RoadLinkFlows | undefined) ?? null,
        params: resolveParams(HEAT_STAGE_PARAMS, params),
      });
      const r = o.result;
      const result: HeatStageResult = { grid: r.grid, nightUhiK: r.nightUhiK, dayAnomalyK: r.dayAnomalyK, lcz: r.lcz, summary: r.summary, zones: o.zones, skyWindow: o.sky.window, sources: o.sources };
      return { 'indicators.heat': o.indicators, 'files.heat': o.files, 'heat.result': result };
    },
  };
}

/** `stages` followed by the heat stages (with the `traffic.flows` input when one of `stages` produces it). */
export function withHeat(stages: Stage[]): Stage[] {
  return [...stages, heatBeforeStage, heatSkyStage, heatStage(stages.some((s) => s.outputs.includes('traffic.flows')))];
}
