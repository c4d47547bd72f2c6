/**
 * `jumeau traffic`: travel demand and user-equilibrium assignment on a territory (engine/traffic), through the
 * scenario pipeline (scenarios/run/run-scenario.ts) up to the traffic stage — on `--scenario` or on an empty
 * baseline scenario of the territory — writing link-flows.csv, link-flows.geojson, gateways.csv and
 * traffic-summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, parseIntOption, UsageError, type CommandSpec } from '../args.ts';
import type { Command, Out } from '../command.ts';
import { loadTerritoryWithHash, scenarioOrBaseline } from '../../api.ts';
import { parseScenario } from '../../format/scenario.ts';
import { runScenario } from '../../run/run-scenario.ts';
import type { Indicator } from '../../run/indicators.ts';

/** Artefacts the command asks the pipeline for. */
export const TRAFFIC_TARGETS = ['traffic.flows', 'indicators.traffic', 'files.traffic'];

const spec: CommandSpec = {
  name: 'traffic',
  usage: 'traffic <territory-dir> [--scenario s.json] --out <dir> [--gap 1e-4] [--max-iterations N] [--json]',
  summary: 'Car demand and user-equilibrium traffic assignment of a territory: link flows, v/c, speeds, vehicle-km.',
  description:
    'Square zones (the smallest multiple of 200 m giving at most 350 zones) holding the urban model\'s inhabitants,\n' +
    'jobs and school places; 4.0 trips per person per day × car share / occupancy; doubly-constrained gravity model\n' +
    '(Furness) with exponential distance decay; gateways where main roads reach the edge of the territory, with\n' +
    'exchange trips (0.9 × the residents\' car trips) and through trips (3 % of the gateways\' capacity); peak hour =\n' +
    '10 % of the daily trips; user equilibrium by Algorithm B with BPR link times. The scenario\'s buildings, road\n' +
    'edits and parameters.traffic apply. Writes link-flows.csv (every directed link: flow, v/c, congested speed, daily\n' +
    'flow), link-flows.geojson (WGS84), gateways.csv and traffic-summary.json in --out. Sources and defaults:\n' +
    'engine/traffic/README.md.',
  positionals: [{ name: 'territory-dir', description: 'territory store (jumeau import / jumeau sample)' }],
  options: [
    { name: 'scenario', value: '<s.json>', description: 'apply this scenario (interventions, parameters.traffic); default: the territory as it is' },
    { name: 'out', value: '<dir>', description: 'folder for link-flows.csv, link-flows.geojson, gateways.csv and traffic-summary.json', required: true },
    { name: 'gap', value: '<g>', description: 'target relative gap of the assignment (default: parameters.traffic.gap, 1e-4)' },
    { name: 'max-iterations', value: '<N>', description: 'iteration limit of the assignment (default 500)' },
    { name: 'json', description: 'print the summary as JSON' },
  ],
  examples: ['jumeau traffic /tmp/city --out /tmp/city-traffic', 'jumeau traffic /tmp/t --scenario scenarios/examples/district-calm-streets.json --out /tmp/calm --gap 1e-5 --json'],
};

async function run(argv: string[], out: Out): Promise<number> {
  const { positionals, options } = parseArgs(spec, argv);
  const dir = positionals[0];
  const outDir = String(options.out);
  let gap: number | undefined;
  if (options.gap !== undefined) {
    gap = Number(options.gap);
    if (typeof options.gap !== 'string' || options.gap.trim() === '' || !(gap >= 1e-10 && gap <= 0.1)) throw new UsageError(`--gap must be a number in [1e-10, 0.1], got "${options.gap}"`);
  }
  const maxIterations = options['max-iterations'] === undefined ? undefined : parseIntOption('max-iterations', String(options['max-iterations']), 1, 100000);
  const { territory, hash } = await loadTerritoryWithHash(dir);
  let scenario = scenarioOrBaseline(typeof options.scenario === 'string' ? options.scenario : undefined, territory);
  if (gap !== undefined || maxIterations !== undefined) {
    const traffic = { ...scenario.parameters?.traffic, ...(gap !== undefined ? { gap } : {}), ...(maxIterations !== undefined ? { maxIterations } : {}) };
    scenario = parseScenario({ ...scenario, parameters: { ...scenario.parameters, traffic } }, typeof options.scenario === 'string' ? options.scenario : 'baseline scenario');
  }
  const t0 = performance.now();
  const r = await runScenario({ territory, territoryHash: hash, scenario, targets: TRAFFIC_TARGETS });
  const files = r.artefacts['files.traffic'] as Record<string, string> | undefined;
  if (!files) throw new Error('no stage of this pipeline produces files.traffic (the traffic stage is not registered in scenarios/pipeline/stages/index.ts)');
  mkdirSync(outDir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(outDir, name), content);
  const timing = (r.state.stages.traffic?.outputs._timing ?? {}) as { demandSeconds?: number; assignmentSeconds?: number; warmStarted?: boolean };
  const summary = JSON.parse(files['traffic-summary.json']) as Record<string, unknown>;
  const ind = new Map((r.artefacts['indicators.traffic'] as Indicator[]).filter((i) => !i.zone).map((i) => [i.id, i]));
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    territory: territory.name,
    synthetic: territory.synthetic,
    scenario: scenario.id,
    zones: summary.zones,
    zoneSizeM: summary.zoneSizeM,
    gateways: summary.gateways,
    inhabitants: summary.inhabitants,
    trips: summary.vehicleTripsPeak,
    internalTrips: summary.internalTripsPeak,
    exchangeTrips: summary.exchangeTripsPeak,
    throughTrips: summary.throughTripsPeak,
    assignedTrips: summary.assignedTrips,
    intrazonalTrips: summary.intrazonalTrips,
    unreachableTrips: summary.unreachableTrips,
    vehicleKm: summary.vehicleKmPeak,
    vehicleKmDay: summary.vehicleKmDay,
    vehicleHours: summary.vehicleHoursPeak,
    meanSpeedKmh: summary.meanSpeedKmh,
    travelTimeIndex: summary.travelTimeIndex,
    shareOverCapacity: summary.shareOverCapacity,
    relativeGap: summary.relativeGap,
    iterations: summary.iterations,
    converged: summary.converged,
    assignmentSeconds: timing.assignmentSeconds,
    seconds,
    files: Object.keys(files).map((f) => path.join(outDir, f)),
  };
  for (const n of r.output.notes) out.err(`note: ${n}`);
  for (const n of (summary.notes as string[]) ?? []) out.err(`note: ${n}`);
  if (!summary.converged) out.err(`warning: relative gap ${Number(summary.relativeGap).toExponential(2)} above the target after ${summary.iterations} iterations`);
  if (options.json) {
    out.log(JSON.stringify(result));
    return 0;
  }
  const fmt = (v: unknown, digits = 0): string => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).replace(/,/g, ' ') : String(v));
  out.log(`${territory.name}${territory.synthetic ? ' [SYNTHETIC]' : ''}${typeof options.scenario === 'string' ? ` with scenario ${options.scenario}` : ''}: ${fmt(summary.zones)} zones of ${fmt(summary.zoneSizeM)} m and ${fmt(summary.gateways)} gateways, ${fmt(summary.inhabitants)} inhabitants, ${fmt(summary.vehicleTripsPeak)} car trips in the peak hour (${fmt(summary.internalTripsPeak)} internal of which ${fmt(summary.intrazonalTrips)} within a zone, ${fmt(summary.exchangeTripsPeak)} exchange, ${fmt(summary.throughTripsPeak)} through)`);
  for (const id of ['traffic.vehicleKm', 'traffic.vehicleKmDay', 'traffic.vehicleHours', 'traffic.meanSpeed', 'traffic.travelTimeIndex', 'traffic.shareOverCapacity', 'traffic.meanTripLength']) {
    const i = ind.get(id);
    if (i) out.log(`  ${i.label.padEnd(78)} ${fmt(i.value, Math.abs(i.value) < 100 ? 2 : 0)} ${i.unit}`);
  }
  out.log(`  relative gap ${Number(summary.relativeGap).toExponential(2)} after ${summary.iterations} iterations, assignment ${fmt(timing.assignmentSeconds ?? NaN, 2)} s, total ${fmt(seconds, 2)} s`);
  out.log(`wrote ${result.files.join(', ')}`);
  return 0;
}

export const trafficCommand: Command = { spec, run };
