/**
 * `jumeau heat`: urban heat island of a territory, or of a scenario on it — LCZ map, night-time UHI, daytime
 * cooling, summary by LCZ and by zone. Runs the pipeline's upstream stages (urban → roads → traffic when
 * present: `runScenario` with targets) and then the heat stages' code (scenarios/pipeline/stages/heat.ts), so
 * `jumeau heat t` equals `jumeau heat t --scenario <a scenario without interventions>` and equals a run's
 * heat indicators and files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs, UsageError } from '../args.ts';
import type { Command, Out } from '../command.ts';
import { numberOption } from './sun.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { DEFAULT_HEAT_DATE, parseLinkFlowsCsv } from '../../../data/heat/heat.ts';
import type { HeatResult } from '../../../engine/heat/model.ts';
import { HEAT_PARAMS } from '../../../engine/heat/params.ts';
import { parseIsoDate } from '../../../engine/solar/sun-path.ts';
import type { Territory } from '../../../engine/territory.ts';
import { scenarioOrBaseline } from '../../api.ts';
import { resolveParams } from '../../format/params.ts';
import { runScenario } from '../../run/run-scenario.ts';
import type { RoadLinkFlows, UrbanActivity } from '../../pipeline/artefacts.ts';
import { prepareHeatBefore, runHeatScenario, type HeatScenarioOutput } from '../../pipeline/stages/heat.ts';
import { HEAT_STAGE_PARAMS, HEAT_TRAFFIC_SOURCES, type HeatStageParams } from '../../pipeline/stages/heat-params.ts';

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '—');
const k2 = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)} K` : '—');
const int = (v: number): string => Math.round(v).toLocaleString('en-US');

function printSummary(out: Out, o: HeatScenarioOutput, p: HeatStageParams, files: string[], seconds: Record<string, number>): void {
  const r: HeatResult = o.result;
  const s = r.summary;
  out.log(
    `heat: ${r.grid.width} × ${r.grid.height} cells at ${s.cellSizeM} m (${s.areaKm2.toFixed(2)} km²), ${int(s.builtCells)} cells of a built LCZ, ${int(s.population)} inhabitants` +
      ` — date ${s.inputs.date}, regional wind ${r.params.windSpeedMs} m/s, DSM ${s.inputs.dsmResolutionM} m, SVF ${s.inputs.svfDirections} directions within ${p.svfRadiusM} m`,
  );
  out.log(`night UHI (calm clear night, vs rural): mean ${k2(s.night.meanK)}, p95 ${k2(s.night.p95K)}, max ${k2(s.night.maxK)} over built cells; ${k2(s.night.populationMeanK)} population-weighted`);
  out.log(`  inhabitants in cells above ${s.populationAbove.map((a) => `${a.thresholdK} K: ${pct(a.share)} (${int(a.population)})`).join(', ')}`);
  out.log(`day (cooling capacity, UHI_max ${r.params.dayUhiMaxK} K): mean ${k2(s.day.meanK)}, p95 ${k2(s.day.p95K)} over built cells; ${k2(s.day.populationMeanK)} population-weighted`);
  out.log('by LCZ:');
  out.log(`  ${'zone'.padEnd(30)} ${'area km²'.padStart(9)} ${'inhabitants'.padStart(12)} ${'night K'.padStart(8)} ${'day K'.padStart(7)}`);
  for (const z of s.byLcz) out.log(`  ${z.label.padEnd(30)} ${z.areaKm2.toFixed(3).padStart(9)} ${int(z.population).padStart(12)} ${z.nightMeanK.toFixed(2).padStart(8)} ${z.dayMeanK.toFixed(2).padStart(7)}`);
  const warmest = [...o.zones].filter((z) => z.zone !== 'outside').sort((a, b) => b.nightPopulationMeanK - a.nightPopulationMeanK).slice(0, 5);
  if (warmest.length) out.log(`by zone (${o.zones.length} with inhabitants; --json for all): warmest ${warmest.map((z) => `${z.zone} ${k2(z.nightPopulationMeanK)}`).join(', ')}`);
  const traffic = s.anthropogenic.trafficSource === 'links' ? `from ${o.sources.traffic}` : 'DEFAULT by road class (no traffic flows given)';
  const buildings = s.anthropogenic.buildingHeatSource === 'input' ? `from the ${o.sources.buildings}` : 'DEFAULT per floor area (no building energy given)';
  out.log(`anthropogenic heat: ${s.anthropogenic.builtMeanWm2.toFixed(1)} W/m² over built cells; traffic ${int(s.anthropogenic.trafficVehKmPerDay)} veh·km/day ${traffic}; buildings ${buildings}`);
  out.log(`green access: ${pct(s.greenAccess.populationWithin300mShare)} of inhabitants within 300 m of a park or wood (mean ${s.greenAccess.populationMeanDistanceM.toFixed(0)} m)`);
  for (const f of files) out.log(f);
  out.log(`(${seconds.pipeline.toFixed(2)} s urban/roads/traffic stages, ${seconds.sky.toFixed(2)} s baseline sky (SVF, shade), ${seconds.heat.toFixed(2)} s scenario heat)`);
}

export const heatCommand: Command = {
  spec: {
    name: 'heat',
    usage:
      'heat <territory-dir> [--scenario <s.json>] [--cell-m <m>] [--date <YYYY-MM-DD>] [--wind-ms <m/s>] [--traffic assigned|default] [--link-flows <flows.csv>] [--margin <m>] --out <heat.tif> [--lcz <lcz.tif>] [--day <day.tif>] [--json]',
    summary: 'Urban heat island: night-time UHI (K) raster, LCZ map, daytime cooling and a summary by LCZ and zone, for a territory or a scenario.',
    description:
      "Per cell: building, paved, vegetated and water fractions, heights, façades, sky view factor and shade of the date\n" +
      "(DSM, horizons within a bounded radius), anthropogenic heat. Local climate zones after Stewart & Oke (2012)\n" +
      "(GeoClimate's encoding); night UHI from Oke's (1981) canyon relation 7.45 + 3.97 ln(H/W), modulated by vegetation,\n" +
      'wind and anthropogenic heat (Theeuwes et al. 2017); daytime cooling after the InVEST Urban Cooling Model; air\n' +
      `mixing over ${HEAT_PARAMS.mixingRadiusM.value} m. Buildings, inhabitants and energy use come from the urban model (after the scenario's\n` +
      'building interventions), traffic heat from the assigned flows when the pipeline has a traffic stage (else road-class\n' +
      "defaults, labelled), and the scenario's trees, green / cool roofs and de-paving act as levers. Scenario parameters\n" +
      '`heat` apply; options given here override them. Equations and sources: engine/heat/README.md.',
    positionals: [{ name: 'territory-dir', description: 'territory store (made by jumeau import or jumeau sample)' }],
    options: [
      { name: 'scenario', value: '<s.json>', description: 'apply this scenario (building interventions, greening levers, road edits, parameters)' },
      { name: 'cell-m', value: '<m>', description: `cell size in metres (default ${HEAT_STAGE_PARAMS.cellSizeM.value}; 10 for a district, 50 for a metropolis)` },
      { name: 'date', value: '<YYYY-MM-DD>', description: `day of the daytime model (building shade), default ${DEFAULT_HEAT_DATE}` },
      { name: 'wind-ms', value: '<m/s>', description: `regional wind speed of the night (default ${HEAT_PARAMS.windSpeedMs.value}, calm)` },
      { name: 'traffic', value: 'assigned|default', description: 'traffic heat from the assigned flows (default, when available) or from road-class defaults' },
      { name: 'link-flows', value: '<flows.csv>', description: 'daily vehicles per road link (CSV "link,veh_per_day", every link of the network after the scenario): overrides --traffic' },
      { name: 'margin', value: '<m>', description: `margin around the buildings in metres (default ${HEAT_STAGE_PARAMS.marginM.value})` },
      { name: 'out', value: '<heat.tif>', description: 'GeoTIFF of the night-time UHI (K)', required: true },
      { name: 'lcz', value: '<lcz.tif>', description: 'GeoTIFF of the LCZ codes (1–10 built, 11–17 = A–G)' },
      { name: 'day', value: '<day.tif>', description: 'GeoTIFF of the daytime temperature excess (K)' },
      { name: 'json', description: 'print the summary as JSON' },
    ],
    examples: [
      'jumeau heat /tmp/t --out /tmp/heat.tif --lcz /tmp/lcz.tif',
      'jumeau heat /tmp/district --cell-m 10 --date 2025-08-01 --out /tmp/heat.tif --json',
      'jumeau heat /tmp/district --scenario scenarios/examples/district-densify-centre.json --day /tmp/day.tif --out /tmp/heat.tif',
    ],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const overrides: Record<string, unknown> = {};
    const num = (opt: string, key: keyof typeof HEAT_STAGE_PARAMS): void => {
      const spec = HEAT_STAGE_PARAMS[key] as { min: number; max: number };
      const v = numberOption(opt, options[opt], spec.min, spec.max);
      if (v !== undefined) overrides[key] = v;
    };
    num('cell-m', 'cellSizeM');
    num('margin', 'marginM');
    num('wind-ms', 'windSpeedMs');
    if (options.date !== undefined) {
      if (typeof options.date !== 'string') throw new UsageError('--date needs a date YYYY-MM-DD');
      try {
        parseIsoDate(options.date);
      } catch (e) {
        throw new UsageError(`--date: ${(e as Error).message}`);
      }
      overrides.date = options.date;
    }
    if (options.traffic !== undefined) {
      if (!HEAT_TRAFFIC_SOURCES.includes(options.traffic as never)) throw new UsageError(`--traffic must be ${HEAT_TRAFFIC_SOURCES.join(' or ')}, got "${options.traffic === true ? '' : options.traffic}"`);
      overrides.traffic = options.traffic;
    }
    for (const o of ['out', 'lcz', 'day', 'scenario', 'link-flows']) if (options[o] === true) throw new UsageError(`--${o} needs a file name`);
    const t0 = performance.now();
    const { territory } = await loadTerritory(positionals[0]);
    const scenario = scenarioOrBaseline(typeof options.scenario === 'string' ? options.scenario : undefined, territory);
    const p = resolveParams(HEAT_STAGE_PARAMS, { ...scenario.parameters?.heat, ...overrides });
    // One run, no cache to key: the territory's content hash is not needed.
    const run = await runScenario({ territory, territoryHash: `cli:${territory.name}`, scenario, targets: ['territory.after', 'urban.activity', 'traffic.flows'] });
    const after = run.artefacts['territory.after'] as Territory;
    let linkFlowVehPerDay: Float64Array | null = null;
    if (typeof options['link-flows'] === 'string') {
      let text: string;
      try {
        text = readFileSync(options['link-flows'], 'utf8');
      } catch (e) {
        throw new UsageError(`--link-flows: cannot read ${options['link-flows']}: ${(e as Error).message}`);
      }
      linkFlowVehPerDay = parseLinkFlowsCsv(text, after.roads.linkCount, options['link-flows']);
    }
    const t1 = performance.now();
    const heatBefore = prepareHeatBefore(territory, p);
    const t2 = performance.now();
    const o = runHeatScenario({
      before: territory,
      after,
      interventions: scenario.interventions,
      heatBefore,
      params: p,
      activity: run.artefacts['urban.activity'] as UrbanActivity,
      flows: (run.artefacts['traffic.flows'] as RoadLinkFlows | undefined) ?? null,
      linkFlowVehPerDay,
    });
    const t3 = performance.now();
    const written: Record<string, string | null> = { out: options.out as string, lcz: null, day: null };
    const lines: string[] = [];
    const write = (path: string, file: string, what: string): void => {
      const bytes = o.files[file];
      writeFileSync(path, bytes);
      lines.push(`wrote ${path}: ${what}, ${(bytes.length / 1e6).toFixed(2)} MB`);
    };
    write(options.out as string, 'uhi-night.tif', 'night UHI (K)');
    if (typeof options.lcz === 'string') write((written.lcz = options.lcz), 'lcz.tif', 'LCZ codes');
    if (typeof options.day === 'string') write((written.day = options.day), 'heat-day.tif', 'daytime excess (K)');
    const seconds = { pipeline: (t1 - t0) / 1000, sky: (t2 - t1) / 1000, heat: (t3 - t2) / 1000 };
    const r = o.result;
    if (options.json) {
      out.log(
        JSON.stringify(
          { territory: territory.name, synthetic: territory.synthetic, scenario: typeof options.scenario === 'string' ? scenario.id : null, grid: { width: r.grid.width, height: r.grid.height, cellSizeM: r.grid.cellSizeM }, params: p, summary: r.summary, zones: o.zones, sources: o.sources, files: written, seconds },
          null,
          2,
        ),
      );
    } else {
      if (territory.synthetic) out.log('[SYNTHETIC territory]');
      if (typeof options.scenario === 'string') out.log(`scenario ${scenario.id} (${options.scenario}): ${scenario.interventions.length} intervention${scenario.interventions.length === 1 ? '' : 's'}; sky recomputed around ${o.sky.changedBuildings.after} new or changed buildings`);
      printSummary(out, o, p, lines, seconds);
    }
    return 0;
  },
};
