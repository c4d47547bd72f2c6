/** `jumeau shadow`: cast-shadow mask of a DSM for one sun position. */
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { numberOption } from './sun.ts';
import { readDsmFile, writeLike } from '../../../data/dsm/dsm-node.ts';
import { shadowMask } from '../../../engine/raster/shadow.ts';

export const shadowCommand: Command = {
  spec: {
    name: 'shadow',
    usage: 'shadow <dsm.tif> --azimuth-deg <deg> --elevation-deg <deg> --out <mask.tif>',
    summary: 'Shadow mask of a DSM for a sun position: 1 = in shadow, 0 = sunlit (Float32 GeoTIFF, same grid).',
    description:
      'Shadows are swept along the sun azimuth (one pass over the cells). A cell is in shadow when the shadow\n' +
      'surface cast by the cells towards the sun passes above its centre. A sun at or below the horizon puts every\n' +
      'cell in shadow; no-data cells of the DSM stay no-data and cast nothing. Get a sun position with jumeau sun.',
    positionals: [{ name: 'dsm.tif', description: 'digital surface model GeoTIFF in a projected CRS (metres)' }],
    options: [
      { name: 'azimuth-deg', value: '<deg>', description: 'sun azimuth, degrees from north, clockwise (0 … 360)', required: true },
      { name: 'elevation-deg', value: '<deg>', description: 'sun elevation above the horizon, degrees (−90 … 90)', required: true },
      { name: 'out', value: '<mask.tif>', description: 'GeoTIFF to write', required: true },
    ],
    examples: ['jumeau shadow /tmp/dsm.tif --azimuth-deg 135 --elevation-deg 30 --out /tmp/shadow.tif'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const az = numberOption('azimuth-deg', options['azimuth-deg'], -360, 720) as number;
    const el = numberOption('elevation-deg', options['elevation-deg'], -90, 90) as number;
    const dsm = readDsmFile(positionals[0]);
    const t0 = performance.now();
    const r = shadowMask(dsm.grid, az, el);
    const seconds = (performance.now() - t0) / 1000;
    writeLike(options.out as string, dsm.raster, r.mask.values, { description: `shadow mask (1 = shadow) for sun azimuth ${az} deg, elevation ${el} deg`, unit: '' });
    const valid = r.mask.values.length - r.missingCells;
    if (!(el > 0)) out.log(`sun at or below the horizon (elevation ${el}°): every cell is in shadow`);
    out.log(
      `wrote ${options.out}: ${r.shadedCells} of ${valid} cells in shadow (${((100 * r.shadedCells) / valid).toFixed(1)} %)` +
        (r.missingCells ? `, ${r.missingCells} no-data cells left as no-data` : '') +
        ` (${seconds.toFixed(3)} s)`,
    );
    return 0;
  },
};
