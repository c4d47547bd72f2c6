import { performance } from 'node:perf_hooks';
import { parseArgs, parseIntOption, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { generateSample, type SampleSize } from '../../../data/sample/index.ts';

const SAMPLE_SIZES: readonly SampleSize[] = ['district', 'city', 'metropolis'];

export const sampleCommand: Command = {
  spec: {
    name: 'sample',
    usage: 'sample --size district|city|metropolis [--seed N] --out <territory-dir>',
    summary: 'Generate a synthetic (clearly labelled) sample town, deterministic for a given seed.',
    positionals: [],
    options: [
      { name: 'size', value: '<district|city|metropolis>', description: 'district ≈ 2 km² (3–5k buildings), city ≈ 50k buildings, metropolis ≈ 250k buildings on ≈ 700 km²', required: true },
      { name: 'seed', value: '<N>', description: 'random seed, integer in [0, 4294967295] (default 1)' },
      { name: 'out', value: '<territory-dir>', description: 'directory to write the territory store to', required: true },
    ],
    examples: ['jumeau sample --size district --out /tmp/t', 'jumeau sample --size metropolis --seed 2 --out /tmp/metro'],
  },
  async run(argv, out) {
    const { options } = parseArgs(this.spec, argv);
    const size = options.size as string;
    if (!(SAMPLE_SIZES as readonly string[]).includes(size)) throw new UsageError(`--size must be one of ${SAMPLE_SIZES.join(', ')}, got "${size}"`);
    const seed = typeof options.seed === 'string' ? parseIntOption('seed', options.seed, 0, 2 ** 32 - 1) : 1;
    const t0 = performance.now();
    const territory = generateSample({ size: size as SampleSize, seed });
    const t1 = performance.now();
    await saveTerritory(options.out as string, territory, []);
    const t2 = performance.now();
    out.log(`wrote ${options.out}: SYNTHETIC ${size} (seed ${seed}): ${territory.buildings.count} buildings, ${territory.roads.linkCount} road links, ${territory.population.count} population cells (generate ${((t1 - t0) / 1000).toFixed(2)} s, store ${((t2 - t1) / 1000).toFixed(2)} s)`);
    return 0;
  },
};
