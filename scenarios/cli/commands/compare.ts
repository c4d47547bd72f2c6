import { writeFileSync } from 'node:fs';
import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { compareRuns } from '../../api.ts';
import { diffCsv, formatDiff } from '../../run/indicators.ts';

export const compareCommand: Command = {
  spec: {
    name: 'compare',
    usage: 'compare <run-a> <run-b> [--json] [--csv <file>]',
    summary: 'Compare any two runs: indicator table A, B, B − A (territory-wide and per zone).',
    positionals: [
      { name: 'run-a', description: 'run directory (from jumeau run or a batch)' },
      { name: 'run-b', description: 'run directory' },
    ],
    options: [
      { name: 'json', description: 'print {a, b, rows} as JSON (rows: id, label, unit, zone, a, b, delta, relative)' },
      { name: 'csv', value: '<file>', description: 'also write every row (zones included) as CSV' },
    ],
    examples: ['jumeau compare /tmp/run-a /tmp/run-b', 'jumeau compare /tmp/run-a /tmp/run-b --json'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const { a, b, rows } = compareRuns(positionals[0], positionals[1]);
    if (typeof options.csv === 'string') writeFileSync(options.csv, diffCsv(rows));
    if (options.json) out.log(JSON.stringify({ a: { scenarioId: a.scenarioId, scenarioHash: a.scenarioHash, territoryHash: a.territoryHash }, b: { scenarioId: b.scenarioId, scenarioHash: b.scenarioHash, territoryHash: b.territoryHash }, rows }));
    else {
      if (a.territoryHash !== b.territoryHash) out.err('note: the two runs are on different territories');
      out.log(formatDiff(rows, `A: ${a.scenarioId}`, `B: ${b.scenarioId}`));
    }
    return 0;
  },
};
