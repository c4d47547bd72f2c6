import { writeFileSync } from 'node:fs';
import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { compareRuns } from '../../api.ts';
import { diffCsv, formatDiff } from '../../run/indicators.ts';

export const compareCommand: Command = {
  spec: {
    name: 'compare',
    usage: 'compare <run-a> <run-b> [--json] [--csv <file>] [--grids <dir>]',
    summary: 'Compare any two runs: indicator table A, B, B − A (territory-wide and per zone) and difference grids.',
    positionals: [
      { name: 'run-a', description: 'run directory (from jumeau run or a batch)' },
      { name: 'run-b', description: 'run directory' },
    ],
    options: [
      { name: 'json', description: 'print {a, b, rows} as JSON (rows: id, label, unit, zone, a, b, delta, relative)' },
      { name: 'csv', value: '<file>', description: 'also write every row (zones included) as CSV' },
      { name: 'grids', value: '<dir>', description: 'write B − A of every GeoTIFF both runs hold (same name, aligned cells) into <dir>' },
    ],
    examples: ['jumeau compare /tmp/run-a /tmp/run-b', 'jumeau compare /tmp/run-a /tmp/run-b --json', 'jumeau compare /tmp/run-a /tmp/run-b --grids /tmp/a-vs-b'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const gridsOut = typeof options.grids === 'string' ? options.grids : undefined;
    const { a, b, rows, grids } = compareRuns(positionals[0], positionals[1], { gridsOut });
    if (typeof options.csv === 'string') writeFileSync(options.csv, diffCsv(rows));
    if (options.json) out.log(JSON.stringify({ a: { scenarioId: a.scenarioId, scenarioHash: a.scenarioHash, territoryHash: a.territoryHash }, b: { scenarioId: b.scenarioId, scenarioHash: b.scenarioHash, territoryHash: b.territoryHash }, rows, grids }));
    else {
      if (a.territoryHash !== b.territoryHash) out.err('note: the two runs are on different territories');
      out.log(formatDiff(rows, `A: ${a.scenarioId}`, `B: ${b.scenarioId}`));
      for (const g of grids.compared) {
        const u = g.unit ? ` ${g.unit}` : '';
        out.log(`grid ${g.file}: ${g.changedCells} of ${g.cells} cells changed, B − A from ${g.minDelta.toPrecision(3)} to ${g.maxDelta.toPrecision(3)}${u} (mean ${g.meanDelta.toPrecision(3)}${u})${gridsOut ? ` → ${gridsOut}/${g.file}` : ''}`);
      }
      for (const s of grids.skipped) out.log(`grid ${s.file}: not compared (${s.reason})`);
    }
    return 0;
  },
};
