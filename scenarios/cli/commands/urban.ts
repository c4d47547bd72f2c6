/**
 * `jumeau urban`: dwellings, inhabitants, jobs, school and crèche needs against equipment capacity, energy and
 * water demand of a territory (engine/urban), written per building, per zone and per equipment as CSV.
 * Scenarios (`--scenario`) come with the scenario format; this command evaluates the baseline.
 */
import { loadTerritory } from '../../../data/store-node.ts';
import { defaultUrbanParams } from '../../../data/urban/params.ts';
import { writeUrbanResult } from '../../../data/urban/write-node.ts';
import { runUrban } from '../../../engine/urban/model.ts';
import { UrbanInputError } from '../../../engine/urban/params.ts';
import { parseArgs, UsageError, type CommandSpec } from '../args.ts';
import type { Command, Out } from '../command.ts';

const spec: CommandSpec = {
  name: 'urban',
  usage: 'urban <territory-dir> --out <dir> [--baseline data|model] [--json]',
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
    { name: 'out', value: '<dir>', description: 'folder for the CSV tables and summary.json', required: true },
    { name: 'baseline', value: '<data|model>', description: 'baseline dwellings/inhabitants from the data where present (default) or all from the model' },
    { name: 'json', description: 'print the summary as JSON' },
  ],
  examples: ['jumeau urban /tmp/rodez --out /tmp/rodez-urban', 'jumeau urban /tmp/sample --out /tmp/u --baseline model --json'],
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
  const params = defaultUrbanParams();
  let r;
  try {
    r = runUrban(territory, { params, baseline });
  } catch (e) {
    if (e instanceof UrbanInputError) throw new Error(`${dir}: ${e.message}`);
    throw e;
  }
  const files = writeUrbanResult(outDir, r, params, { territory: territory.name, synthetic: territory.synthetic, baseline });
  const t = r.baseline.totals;
  if (options.json) {
    const summary: Record<string, unknown> = {};
    for (const k of SUMMARY_FIELDS) summary[k] = t[k];
    summary.files = files;
    out.log(JSON.stringify(summary));
    return 0;
  }
  out.log(`${territory.name}${territory.synthetic ? ' [SYNTHETIC]' : ''}: ${t.buildings} buildings, ${r.baseline.zones.count - 1} zones, baseline from ${baseline === 'data' ? 'the data where present' : 'the model only'}`);
  const w = Math.max(...SUMMARY_FIELDS.map((k) => k.length));
  for (const k of SUMMARY_FIELDS) out.log(`  ${k.padEnd(w)}  ${Math.round(t[k]).toLocaleString('en-US').replace(/,/g, ' ')}${UNITS[k] ? ` ${UNITS[k]}` : ''}`);
  for (const n of r.baseline.notes) out.log(`note: ${n}`);
  out.log(`wrote ${files.join(', ')}`);
  return 0;
}

export const urbanCommand: Command = { spec, run };
