import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { runScenario } from '../../api.ts';

export const runCommand: Command = {
  spec: {
    name: 'run',
    usage: 'run <scenario.json> --territory <territory-dir> --out <run-dir> [--json]',
    summary: 'Run a scenario through the coupled pipeline and write its run directory (indicators, results, manifest).',
    description: 'The run directory holds manifest.json (scenario and territory hashes, code version, parameters, timings,\nresult hashes), indicators.json/.csv, per-building and per-zone CSV, and the sun results. The schema of\nscenario files is scenarios/scenario.schema.json; examples are in scenarios/examples/.',
    positionals: [{ name: 'scenario.json', description: 'scenario file' }],
    options: [
      { name: 'territory', value: '<territory-dir>', description: 'baseline territory (from jumeau import or jumeau sample)', required: true },
      { name: 'out', value: '<run-dir>', description: 'run directory to write (replaced if it exists)', required: true },
      { name: 'json', description: 'print the manifest as JSON instead of the progress and summary' },
    ],
    examples: ['jumeau run scenarios/examples/district-densify-centre.json --territory /tmp/t --out /tmp/run-a'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const tty = process.stderr.isTTY;
    let last = '';
    const manifest = await runScenario(positionals[0], {
      territory: options.territory as string,
      out: options.out as string,
      onProgress: options.json
        ? undefined
        : (e) => {
            const width = 24;
            const f = (e.done + (e.fraction < 1 ? e.fraction : 0)) / e.total;
            const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
            const line = `[${bar}] ${e.done}/${e.total} ${e.stage}${e.message ? `: ${e.message}` : ''}`;
            if (tty) process.stderr.write(`\r${line.padEnd(last.length)}`);
            else if (e.fraction === 1) out.err(line);
            last = line;
          },
    });
    if (tty && !options.json) process.stderr.write('\n');
    if (options.json) out.log(JSON.stringify(manifest));
    else {
      const ran = Object.entries(manifest.timings).map(([k, v]) => `${k} ${v.seconds.toFixed(2)} s`).join(', ');
      for (const n of manifest.notes) out.err(`note: ${n}`);
      out.log(`wrote ${options.out}: scenario ${manifest.scenarioId} (${manifest.scenarioHash.slice(0, 12)}) on ${manifest.territoryName}; result ${manifest.resultHash.slice(0, 12)}; ${ran}`);
    }
    return 0;
  },
};
