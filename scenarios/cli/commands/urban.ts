/**
 * `jumeau urban`: dwellings, inhabitants, jobs, school and crèche needs against equipment capacity, energy and
 * water demand of a territory (engine/urban), written per building, per zone and per equipment as CSV.
 * With `--scenario`, the scenario's building interventions are applied and the scenario totals are printed
 * (baseline − scenario difference in summary.json).
 */
import { loadTerritory } from '../../../data/store-node.ts';
import { defaultUrbanParams } from '../../../data/urban/params.ts';
import { writeUrbanResult } from '../../../data/urban/write-node.ts';
import { runUrban } from '../../../engine/urban/model.ts';
import { UrbanInputError } from '../../../engine/urban/params.ts';
import { parseArgs, UsageError, type CommandSpec } from '../args.ts';
import type { Command, Out } from '../command.ts';
import { readScenarioFile } from '../../api.ts';
import { checkAgainstTerritory } from '../../format/scenario.ts';
import { toUrbanInterventions } from '../../pipeline/stages/urban.ts';
import { resolveParams } from '../../format/params.ts';
import { URBAN_PARAMETER_TABLE } from '../../../data/urban/params.ts';

const spec: CommandSpec = {
  name: 'urban',
  usage: 'urban <territory-dir> [--scenario s.json] --out <dir> [--baseline data|model] [--json]',
  summary: 'Dwellings, inhabitants, jobs, crèche and school needs, energy and water demand of a territory.',
  description:
    'Floor area → dwellings → inhabitants → ages → jobs per building; crèche places, pre-school and primary seats\n' +
    'needed and compared with the capacity of equipment within walking catchments along the road network (2SFCA);\n' +
    'annual primary energy by use and construction period (DPE 2021 classes, RE2020 for new floor area); water\n' +
    'and impervious area. --baseline data (default) keeps measured and population-grid dwellings/inhabitants and\n' +
    'estimates the rest; --baseline model re-estimates every building from its floor area. Zones are the\n' +
    'population cells. Writes buildings.csv, zones.csv, equipment.csv and summary.json in --out.\n' +
    'Sources and default values: engine/urban/README.md.',
  positionals: [{ name: 'territory-dir', description: 'territory store (jumeau import / jumeau sample)' }],
  options: [
    { name: 'scenario', value: '<s.json>', description: 'apply the building interventions and urban parameters of this scenario (tables of the scenario prefixed scenario-)' },
    { name: 'out', value: '<dir>', description: 'folder for the CSV tables and summary.json', required: true },
    { name: 'baseline', value: '<data|model>', description: 'baseline dwellings/inhabitants from the data where present (default) or all from the model' },
    { name: 'json', description: 'print the summary as JSON' },
  ],
  examples: ['jumeau urban /tmp/rodez --out /tmp/rodez-urban', 'jumeau urban /tmp/t --scenario scenarios/examples/district-densify-centre.json --out /tmp/u --json', 'jumeau urban /tmp/sample --out /tmp/u --baseline model --json'],
};

/** Summary fields printed by the command, in order. */
export const SUMMARY_FIELDS = [
  'inhabitants', 'dwellings', 'jobs', 'crechePlacesNeeded', 'preschoolSeatsNeeded', 'primarySeatsNeeded',
  'crechePlacesCapacity', 'preschoolSeatsCapacity', 'primarySeatsCapacity', 'energyMWhPerYear', 'waterM3PerDay', 'imperviousM2',
] as const;

const UNITS: Record<(typeof SUMMARY_FIELDS)[number], string> = {
  inhabitants: '', dwellings: '', jobs: '', crechePlacesNeeded: 'places', preschoolSeatsNeeded: 'seats', primarySeatsNeeded: 'seats',
  crechePlacesCapacity: 'places', preschoolSeatsCapacity: 'seats', primarySeatsCapacity: 'seats', energyMWhPerYear: 'MWh EP/yr', waterM3PerDay: 'm³/day', imperviousM2: 'm²',
};

async function run(argv: string[], out: Out): Promise<number> {
  const { positionals, options } = parseArgs(spec, argv);
  const baseline = options.baseline === undefined ? 'data' : String(options.baseline);
  if (baseline !== 'data' && baseline !== 'model') throw new UsageError(`--baseline must be "data" or "model", got "${baseline}"`);
  const dir = positionals[0];
  const outDir = String(options.out);
  const { territory } = await loadTerritory(dir);
  let params = defaultUrbanParams();
  let interventions;
  if (typeof options.scenario === 'string') {
    const sc = readScenarioFile(options.scenario);
    checkAgainstTerritory(sc, territory, options.scenario);
    interventions = toUrbanInterventions(sc.interventions, territory);
    params = defaultUrbanParams(resolveParams(URBAN_PARAMETER_TABLE, sc.parameters?.urban) as never);
  }
  let r;
  try {
    r = runUrban(territory, { params, baseline, interventions });
  } catch (e) {
    if (e instanceof UrbanInputError) throw new Error(`${dir}: ${e.message}`);
    throw e;
  }
  const files = writeUrbanResult(outDir, r, params, { territory: territory.name, synthetic: territory.synthetic, baseline });
  const t = (r.scenario ?? r.baseline).totals;
  if (options.json) {
    const summary: Record<string, unknown> = {};
    for (const k of SUMMARY_FIELDS) summary[k] = t[k];
    if (r.delta) summary.changeFromBaseline = Object.fromEntries(SUMMARY_FIELDS.map((k) => [k, r.delta![k]]));
    summary.files = files;
    out.log(JSON.stringify(summary));
    return 0;
  }
  out.log(`${territory.name}${territory.synthetic ? ' [SYNTHETIC]' : ''}${r.scenario ? ` with scenario ${options.scenario}` : ''}: ${t.buildings} buildings, ${r.baseline.zones.count - 1} zones, baseline from ${baseline === 'data' ? 'the data where present' : 'the model only'}`);
  const w = Math.max(...SUMMARY_FIELDS.map((k) => k.length));
  const fmt = (v: number): string => (Math.round(v) || 0).toLocaleString('en-US').replace(/,/g, ' ');
  for (const k of SUMMARY_FIELDS) out.log(`  ${k.padEnd(w)}  ${fmt(t[k])}${UNITS[k] ? ` ${UNITS[k]}` : ''}${r.delta ? `  (${r.delta[k] >= 0 ? '+' : ''}${fmt(r.delta[k])} vs baseline)` : ''}`);
  for (const n of r.baseline.notes) out.log(`note: ${n}`);
  out.log(`wrote ${files.join(', ')}`);
  return 0;
}

export const urbanCommand: Command = { spec, run };
