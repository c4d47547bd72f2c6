import { parseArgs, parseIntOption, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { runBatch, scenarioFiles } from '../../batch/batch.ts';
import { parseSweep, SweepError } from '../../batch/sweep.ts';

export const batchCommand: Command = {
  spec: {
    name: 'batch',
    usage: "batch <scenario files or dir…> --territory <territory-dir> --out <results-dir> [--workers N] [--sweep 'path=a..b']",
    summary: 'Run many scenarios on a worker pool; resumable; combined indicators.csv / indicators.parquet.',
    description:
      'Each scenario is written to <results-dir>/runs/<id>-<hash>/. Re-running the same batch skips the scenarios\n' +
      'already complete (same scenario and territory hashes). A failing scenario or a crashed worker is retried once\n' +
      'and reported in batch.json; other results are never lost or duplicated. --sweep expands every scenario over\n' +
      "values: 'interventions[0].addFloors=1..6' or 'parameters.urban.householdSize=2,2.2,2.4' (several sweeps: product).\n" +
      'Several positional paths may be given (files or directories of *.json); put options after them.',
    positionals: [{ name: 'scenarios', description: 'scenario file or directory' }],
    options: [
      { name: 'territory', value: '<territory-dir>', description: 'baseline territory', required: true },
      { name: 'out', value: '<results-dir>', description: 'results directory (created; reused to resume)', required: true },
      { name: 'workers', value: '<N>', description: 'worker threads, 0–64 (default 1; 0 runs in the main thread)' },
      { name: 'sweep', value: "<'path=a..b'>", description: 'parameter sweep (repeat the option for a product of sweeps)' },
      { name: 'json', description: 'print the summary as JSON' },
    ],
    examples: ["jumeau batch scenarios/examples --territory /tmp/t --out /tmp/batch --workers 2", "jumeau batch s.json --territory /tmp/t --out /tmp/sweep --sweep 'interventions[0].addFloors=1..6'"],
  },
  async run(argv, out) {
    // Several positionals and repeated --sweep: split them off before the strict parser.
    const paths: string[] = [];
    const sweeps: string[] = [];
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '--sweep') {
        if (argv[i + 1] === undefined) throw new UsageError('option --sweep needs a value');
        sweeps.push(argv[++i]);
      } else if (argv[i].startsWith('--sweep=')) sweeps.push(argv[i].slice(8));
      else if (argv[i].startsWith('--')) {
        rest.push(argv[i]);
        const spec = this.spec.options.find((o) => `--${o.name}` === argv[i]);
        if (spec?.value && argv[i + 1] !== undefined) rest.push(argv[++i]);
      } else paths.push(argv[i]);
    }
    if (!paths.length) throw new UsageError('missing argument <scenarios> for "batch"');
    const { options } = parseArgs({ ...this.spec, positionals: [] }, rest);
    const workers = typeof options.workers === 'string' ? parseIntOption('workers', options.workers, 0, 64) : 1;
    let parsed;
    try {
      parsed = sweeps.map(parseSweep);
    } catch (e) {
      if (e instanceof SweepError) throw new UsageError(e.message);
      throw e;
    }
    const summary = await runBatch(scenarioFiles(paths), {
      territory: options.territory as string,
      out: options.out as string,
      workers,
      sweeps: parsed,
      onDone: options.json ? undefined : (e) => out.err(`[${e.done}/${e.total}] ${e.status} ${e.id}${e.error ? `: ${e.error}` : ''}`),
    });
    if (options.json) out.log(JSON.stringify(summary));
    else out.log(`${summary.completed} completed, ${summary.skipped} skipped (already done), ${summary.failed} failed in ${summary.seconds.toFixed(1)} s (${((60 * (summary.completed || 0)) / Math.max(summary.seconds, 1e-9)).toFixed(1)} scenarios/min); results in ${options.out}`);
    return summary.failed ? 1 : 0;
  },
};
