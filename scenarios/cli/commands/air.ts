/**
 * `jumeau air`: traffic emissions and pollutant dispersion over a territory (engine/air/): annual-mean (default
 * Rennes-like wind rose) or single-hour concentration grid as a Float32 GeoTIFF in µg/m³, emission totals and the
 * exposure of residents.
 *
 * Traffic (`--traffic`): `assigned` (default) runs the scenario pipeline (scenarios/run/run-scenario.ts) up to
 * `traffic.flows`, `territory.after` and `urban.activity` — on `--scenario` or on an empty baseline scenario — and
 * turns the assigned flows into annual-average traffic (engine/air/assigned-traffic.ts); `default` uses the
 * documented road-class defaults of engine/air/default-traffic.ts (labelled DEFAULT TRAFFIC), on the territory as
 * stored or, with `--scenario`, on the scenario's buildings and roads. The grid is computed on worker threads
 * (data/air/parallel-node.ts).
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs, parseIntOption, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { numberOption } from './sun.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { snappedGrid } from '../../../data/dsm/dsm.ts';
import { crsOfFrame, describeCrs, gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { writeGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { disperseGridParallel } from '../../../data/air/parallel-node.ts';
import { bboxOfXY, type Territory } from '../../../engine/territory.ts';
import { gridStats } from '../../../engine/raster/grid.ts';
import { defaultTrafficLoad } from '../../../engine/air/default-traffic.ts';
import { trafficLoadFromAssignment } from '../../../engine/air/assigned-traffic.ts';
import type { TrafficLoad } from '../../../engine/air/emissions.ts';
import { RENNES_DEFAULT_ROSE, singleHour, type WindRose } from '../../../engine/air/meteo.ts';
import { AIR_POLLUTANTS, airExposure, airField, airGrid, airRegion, backgroundUgM3, prepareAir, type AirPollutant } from '../../../engine/air/model.ts';
import { AIR_PARAMS, modelParamsFrom, thresholdsFrom } from '../../../engine/air/stage-params.ts';
import { scenarioOrBaseline, loadTerritoryWithHash } from '../../api.ts';
import type { Scenario } from '../../format/scenario.ts';
import { resolveParams } from '../../format/params.ts';
import { runScenario } from '../../run/run-scenario.ts';
import { withResidents } from '../../pipeline/stages/air.ts';
import type { RoadLinkFlows, UrbanActivity } from '../../pipeline/artefacts.ts';

const LABEL: Record<AirPollutant, string> = { no2: 'NO2', nox: 'NOx (as NO2)', pm10: 'PM10', pm25: 'PM2.5', co2: 'CO2 (traffic increment)' };
/** Largest grid accepted (cells). */
const MAX_CELLS = 25e6;
/** Artefacts the assigned mode needs from the scenario pipeline. */
export const AIR_TARGETS = ['traffic.flows', 'territory.after', 'urban.activity'];

function parseHour(v: string): WindRose {
  const parts = v.split(',').map((s) => s.trim());
  const dir = Number(parts[0]);
  const speed = Number(parts[1]);
  if (parts.length !== 3 || !Number.isFinite(dir) || !(speed > 0) || !Number.isFinite(speed) || !/^[A-Fa-f]$/.test(parts[2])) {
    throw new UsageError(`--hour expects <from-deg>,<speed-m/s>,<stability A-F> (e.g. 240,2.5,D), got "${v}"`);
  }
  return singleHour(dir, speed, parts[2].toUpperCase());
}


interface TrafficInput {
  territory: Territory;
  traffic: TrafficLoad;
  scenario: Scenario | null;
  pipelineSeconds: number;
  stageSeconds: Record<string, number>;
}

/** Territory (with the scenario's residents) and traffic of a run, by mode. */
async function trafficInput(dir: string, mode: 'assigned' | 'default', scenarioPath: string | undefined, airParams: (sc: Scenario | null) => ReturnType<typeof resolveParams<typeof AIR_PARAMS>>): Promise<TrafficInput> {
  if (mode === 'default' && scenarioPath === undefined) {
    const { territory } = await loadTerritory(dir);
    return { territory, traffic: defaultTrafficLoad(territory.roads), scenario: null, pipelineSeconds: 0, stageSeconds: {} };
  }
  const { territory, hash } = await loadTerritoryWithHash(dir);
  const scenario = scenarioOrBaseline(scenarioPath, territory);
  const t0 = performance.now();
  const targets = mode === 'assigned' ? AIR_TARGETS : ['territory.after', 'urban.activity'];
  const run = await runScenario({ territory, territoryHash: hash, scenario, targets });
  const pipelineSeconds = (performance.now() - t0) / 1000;
  const stageSeconds = Object.fromEntries(Object.entries(run.state.stages).map(([id, r]) => [id, Number(r.seconds.toFixed(3))]));
  const missing = targets.filter((a) => run.artefacts[a] === undefined);
  if (missing.length)
    throw new Error(`--traffic ${mode}: no stage of this pipeline produces ${missing.join(', ')} (the traffic stage is not registered in scenarios/pipeline/stages/index.ts); use --traffic default for the road-class defaults`);
  const after = withResidents(run.artefacts['territory.after'] as Territory, run.artefacts['urban.activity'] as UrbanActivity);
  if (mode === 'default') return { territory: after, traffic: defaultTrafficLoad(after.roads), scenario, pipelineSeconds, stageSeconds };
  const p = airParams(scenario);
  const traffic = trafficLoadFromAssignment(after.roads, run.artefacts['traffic.flows'] as RoadLinkFlows, { congestedHoursPerDay: p.congestedHoursPerDay, annualDayFactor: p.annualDayFactor });
  return { territory: after, traffic, scenario, pipelineSeconds, stageSeconds };
}

/** Area of the bounding box of line sources (m², at least 1). */
function sourcesArea(src: { count: number; ax: Float64Array; ay: Float64Array; bx: Float64Array; by: Float64Array }): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < src.count; i++) {
    x0 = Math.min(x0, src.ax[i], src.bx[i]);
    x1 = Math.max(x1, src.ax[i], src.bx[i]);
    y0 = Math.min(y0, src.ay[i], src.by[i]);
    y1 = Math.max(y1, src.ay[i], src.by[i]);
  }
  return src.count ? Math.max(1, (x1 - x0) * (y1 - y0)) : 1;
}

export const airCommand: Command = {
  spec: {
    name: 'air',
    usage: 'air <territory-dir> [--scenario s.json] [--traffic assigned|default] --pollutant no2|nox|pm10|pm25|co2 [--cell-m 10] --out <grid.tif> [--json]',
    summary: 'Traffic emissions and pollutant concentrations (µg/m³ GeoTIFF), emission totals and exposure of residents.',
    description:
      'Per-link emissions (HBEFA 3.1 exhaust as in SUMO, EMEP/EEA 2019 tyre/brake/road wear, French 2025 fleet) are\n' +
      'dispersed as finite Gaussian line sources (Briggs urban σ) over a wind rose (annual mean, default shaped after\n' +
      'Rennes) or one hour (--hour), plus OSPM-like street-canyon increments where buildings line both sides, an\n' +
      'urban background and NO2 from NOx (Bächlin 2008 annual; ozone limiting for one hour). Exposure: residents at\n' +
      'their façades, population-weighted mean and people above the EU 2008, EU 2030 and WHO 2021 annual values.\n' +
      'Traffic: --traffic assigned (default) runs the scenario pipeline (--scenario, or the territory as it is) up to\n' +
      'the assigned link flows: daily flow / 24, peak hours at the congested speed, the rest at free-flow speed; the\n' +
      "scenario's buildings, roads, residents and parameters.air apply (the grid is set by --cell-m and --margin).\n" +
      '--traffic default uses the WG-AEN road-class flows instead (labelled DEFAULT TRAFFIC). The summary says\n' +
      'where the flows come from.',
    positionals: [{ name: 'territory-dir', description: 'territory store (made by jumeau import or jumeau sample)' }],
    options: [
      { name: 'pollutant', value: '<p>', description: `one of ${AIR_POLLUTANTS.join(', ')}`, required: true },
      { name: 'scenario', value: '<s.json>', description: 'apply this scenario (interventions, parameters.air); default: the territory as it is' },
      { name: 'traffic', value: '<mode>', description: 'assigned (default: flows of the traffic stage) or default (WG-AEN road-class flows)' },
      { name: 'cell-m', value: '<m>', description: 'receptor grid spacing in metres (default 10)' },
      { name: 'margin', value: '<m>', description: 'margin around the road network in metres (default 200)' },
      { name: 'hour', value: '<dir,u,cls>', description: 'one hour instead of the annual mean: wind from <dir>° at <u> m/s, class A–F' },
      { name: 'no-canyons', description: 'leave out the street-canyon increments' },
      { name: 'threads', value: '<N>', description: 'worker threads for the grid (default: up to 2 on large grids)' },
      { name: 'out', value: '<grid.tif>', description: 'GeoTIFF to write (Float32, µg/m³)', required: true },
      { name: 'json', description: 'print the summary as JSON' },
    ],
    examples: [
      'jumeau air /tmp/t --pollutant no2 --out /tmp/no2.tif',
      'jumeau air /tmp/t --scenario scenarios/examples/district-calm-streets.json --pollutant no2 --out /tmp/no2-calm.tif --json',
      'jumeau air /tmp/t --traffic default --pollutant pm10 --cell-m 20 --hour 240,2,E --out /tmp/pm10-hour.tif',
    ],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const pollutant = String(options.pollutant).toLowerCase() as AirPollutant;
    if (!AIR_POLLUTANTS.includes(pollutant)) throw new UsageError(`--pollutant must be one of ${AIR_POLLUTANTS.join(', ')}, got "${options.pollutant}"`);
    const mode = options.traffic === undefined ? 'assigned' : String(options.traffic);
    if (mode !== 'assigned' && mode !== 'default') throw new UsageError(`--traffic must be "assigned" or "default", got "${mode}"`);
    const cellM = numberOption('cell-m', options['cell-m'], 1, 1000) ?? 10;
    const margin = numberOption('margin', options.margin, 0, 10000) ?? 200;
    const rose = typeof options.hour === 'string' ? parseHour(options.hour) : RENNES_DEFAULT_ROSE;
    const scenarioPath = typeof options.scenario === 'string' ? options.scenario : undefined;
    const t0 = performance.now();
    const airParams = (sc: Scenario | null) => resolveParams(AIR_PARAMS, sc?.parameters?.air);
    const input = await trafficInput(positionals[0], mode, scenarioPath, airParams);
    const { territory, traffic } = input;
    const p = airParams(input.scenario);
    const roads = territory.roads;
    if (roads.linkCount === 0) throw new Error(`territory "${territory.name}" has no road links: nothing emits`);
    const b = bboxOfXY(roads.nodeXY);
    const cellsWanted = ((b[2] - b[0] + 2 * margin) / cellM) * ((b[3] - b[1] + 2 * margin) / cellM);
    if (cellsWanted > MAX_CELLS) throw new UsageError(`a ${cellM} m grid over the network (${((b[2] - b[0]) / 1000).toFixed(1)} × ${((b[3] - b[1]) / 1000).toFixed(1)} km + margins) has ${(cellsWanted / 1e6).toFixed(1)} M cells, above ${MAX_CELLS / 1e6} M: use a larger --cell-m`);
    const tPrep = performance.now();
    const setup = prepareAir({ territory, traffic, pollutant, rose, params: input.scenario ? modelParamsFrom(p) : {}, thresholds: input.scenario ? thresholdsFrom(p) : undefined, canyons: !options['no-canyons'] && p.canyons });
    const prepareSeconds = (performance.now() - tPrep) / 1000;
    const g = snappedGrid([b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin], cellM, territory.frame, Infinity);
    const spec = { width: g.width, height: g.height, cellSizeM: cellM, originX: g.originX, originY: g.originY };
    // One far field (FFT) over the grid and the residents' façades.
    const tGrid = performance.now();
    const field = airField(setup, airRegion(setup, spec));
    // Worker threads pay off when the near part is large (each takes ~0.5 s to start): receptors × the sources
    // within the near radius, sources taken as evenly spread over their bounding box.
    const nearPairs = spec.width * spec.height * setup.sources.count * Math.min(1, (Math.PI * field.plan.near.cutoffM ** 2) / sourcesArea(setup.sources));
    const threads = typeof options.threads === 'string' ? parseIntOption('threads', options.threads, 1, 64) : nearPairs > 5e7 ? Math.min(2, availableParallelism()) : 1;
    const raw = await disperseGridParallel(setup.sources, field.plan, spec, threads, field.far);
    const gridSeconds = (performance.now() - tGrid) / 1000;
    const result = airGrid(setup, spec, raw.values, raw.stats);
    const tExp = performance.now();
    const exposure = airExposure(setup, field);
    const exposureSeconds = (performance.now() - tExp) / 1000;
    const defaultTraffic = traffic.source.kind === 'default';
    const scenarioLabel = input.scenario ? `scenario "${input.scenario.id}"` : 'the territory as stored';
    const trafficLabel = defaultTraffic ? 'DEFAULT TRAFFIC (WG-AEN road-class AADT, free-flow speeds), not an assignment' : `ASSIGNED TRAFFIC of ${scenarioLabel}`;
    const what = `${setup.mode === 'annual' ? 'annual mean' : 'one-hour'} ${LABEL[pollutant]} (ug/m3): Gaussian line sources${setup.increments ? ' + street canyons' : ''} + background ${backgroundUgM3(setup)} ug/m3`;
    const description = `${what}; ${trafficLabel}; ${setup.mode === 'annual' ? rose.name : rose.name.replace(/°/g, ' deg')}`;
    const raster = gridToGeoRaster({ ...g, values: result.values }, territory.frame, { description: description.replace(/[^\x20-\x7e]/g, '?'), unit: 'ug/m3' });
    const bytes = writeGeoTiffFile(options.out as string, raster);
    const st = gridStats(result.values);
    const seconds = (performance.now() - t0) / 1000;
    const summary = {
      pollutant,
      label: LABEL[pollutant],
      unit: 'µg/m³',
      mode: setup.mode,
      meteorology: { rose: rose.name, source: rose.source },
      scenario: input.scenario ? { id: input.scenario.id, title: input.scenario.title, file: scenarioPath ?? null } : null,
      traffic: { mode, source: traffic.source.kind, basedOnDefaultTraffic: defaultTraffic, description: traffic.source.description, pipelineSeconds: input.pipelineSeconds, stageSeconds: input.stageSeconds },
      backgroundUgM3: backgroundUgM3(setup),
      grid: { path: options.out, width: spec.width, height: spec.height, cellSizeM: cellM, crs: describeCrs(crsOfFrame(territory.frame)), bytes, description },
      concentration: { min: st.min, mean: st.mean, max: st.max },
      emissionsTonnesPerYear: setup.totalsTonnesPerYear,
      canyons: { streets: setup.canyons?.count ?? 0, cells: result.canyonCells, facadeReceptors: exposure.facadesInCanyons },
      exposure: {
        inhabitants: exposure.inhabitants,
        populationWeightedMeanUgM3: exposure.populationWeightedMean,
        above: exposure.above,
        thresholds: (setup.input.thresholds ?? thresholdsFrom({})).map((t) => ({ id: t.id, source: t.source })),
        zones: exposure.zones.map((z) => ({ id: z.sourceId, inhabitants: z.inhabitants, meanUgM3: z.meanUgM3 })),
      },
      dispersion: {
        lineSources: setup.sources.count, pairs: raw.stats.pairs, evaluations: raw.stats.evaluations, farLatticeM: field.plan.coarseM, nearCutoffM: field.plan.near.cutoffM,
        fftNodes: raw.stats.fftNodes ?? 0, threads: raw.threads, gridSeconds, evaluationsPerSecond: raw.stats.evaluations / gridSeconds, cutoffM: setup.params.cutoffM,
      },
      timing: { pipelineSeconds: input.pipelineSeconds, prepareSeconds, gridSeconds, exposureSeconds },
      fleet: setup.fleet.name,
      seconds,
    };
    if (options.json) {
      out.log(JSON.stringify(summary, null, 2));
      return 0;
    }
    const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
    out.log(`wrote ${options.out}: ${summary.label} ${setup.mode === 'annual' ? 'annual mean' : 'one hour'}, ${spec.width} × ${spec.height} cells at ${cellM} m (${summary.grid.crs}), min ${f(st.min)} mean ${f(st.mean)} max ${f(st.max)} µg/m³ (background ${summary.backgroundUgM3})`);
    if (defaultTraffic) out.log(`traffic: DEFAULT road-class flows (WG-AEN Good Practice Guide 2007), not an assignment; buildings and roads of ${scenarioLabel}`);
    else out.log(`traffic: assigned flows of ${scenarioLabel} (scenario pipeline ${input.pipelineSeconds.toFixed(2)} s): ${traffic.source.description}`);
    const tot = setup.totalsTonnesPerYear;
    out.log(`emissions: NOx ${tot.nox.toFixed(1)} t/yr (NO2 ${tot.no2.toFixed(1)}), PM10 ${tot.pm10.toFixed(2)}, PM2.5 ${tot.pm25.toFixed(2)}, CO2 ${tot.co2.toFixed(0)} t/yr`);
    out.log(`street canyons: ${summary.canyons.streets} streets, ${result.canyonCells} grid cells`);
    out.log(`exposure: ${exposure.inhabitants.toFixed(0)} residents, population-weighted mean ${f(exposure.populationWeightedMean)} µg/m³` + exposure.above.map((a) => `; above ${a.label} (${a.thresholdUgM3}): ${a.inhabitants.toFixed(0)} (${(100 * a.share).toFixed(1)} %)`).join(''));
    out.log(`dispersion: ${setup.sources.count} line sources, ${raw.stats.evaluations.toExponential(2)} near-field kernel evaluations (< ${field.plan.near.cutoffM.toFixed(0)} m) + far field by FFT on a ${field.plan.coarseM.toFixed(1)} m lattice, grid ${gridSeconds.toFixed(2)} s on ${raw.threads} thread(s); emissions and canyons ${prepareSeconds.toFixed(2)} s, exposure ${exposureSeconds.toFixed(2)} s (${seconds.toFixed(2)} s in all)`);
    return 0;
  },
};
