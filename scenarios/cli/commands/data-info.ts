import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { formatInfo, territoryInfo } from '../../../data/info.ts';

export const dataInfoCommand: Command = {
  spec: {
    name: 'data info',
    usage: 'data info <territory-dir> [--json]',
    summary: 'Summarise a territory: counts, extent, population, datasets with licences and attributions.',
    positionals: [{ name: 'territory-dir', description: 'a directory written by import or sample' }],
    options: [
      { name: 'json', description: 'print one JSON object (fields listed in the README)' },
      { name: 'verify', description: 'check the SHA-256 of every column file against the manifest' },
    ],
    examples: ['jumeau data info /tmp/t --json'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const { territory, manifest } = await loadTerritory(positionals[0], { verify: options.verify === true });
    const info = territoryInfo(territory, manifest);
    out.log(options.json ? JSON.stringify(info) : formatInfo(info));
    return 0;
  },
};
