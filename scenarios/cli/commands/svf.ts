/** `jumeau svf`: sky view factor of every cell of a DSM. */
import { performance } from 'node:perf_hooks';
import { parseArgs, parseIntOption } from '../args.ts';
import type { Command } from '../command.ts';
import { readDsmFile, writeLike } from '../../../data/dsm/dsm-node.ts';
import { skyViewFactor } from '../../../engine/raster/svf.ts';
import { gridStats } from '../../../engine/raster/grid.ts';

export const svfCommand: Command = {
  spec: {
    name: 'svf',
    usage: 'svf <dsm.tif> [--directions <N>] --out <svf.tif>',
    summary: 'Sky view factor of every cell of a DSM (0 … 1, Float32 GeoTIFF on the same grid).',
    description:
      'Cosine-weighted (view-factor) definition as in UMEP: SVF = 1 − (1/N) Σ sin² β over N azimuths, β the horizon\n' +
      'elevation (≥ 0) — the share of isotropic diffuse sky radiation reaching a horizontal surface; 1 on open\n' +
      'ground, cos(atan(2H/W)) in the middle of a long street canyon. Horizons are found by convex-hull sweeps along\n' +
      'each azimuth; outside the raster the horizon is open, so keep a margin around the area of interest.',
    positionals: [{ name: 'dsm.tif', description: 'digital surface model GeoTIFF in a projected CRS (metres)' }],
    options: [
      { name: 'directions', value: '<N>', description: 'number of azimuths, 4 … 1440 (default 32; multiples of 4 keep quarter-turn symmetry)' },
      { name: 'out', value: '<svf.tif>', description: 'GeoTIFF to write', required: true },
    ],
    examples: ['jumeau svf /tmp/dsm.tif --out /tmp/svf.tif', 'jumeau svf /tmp/dsm.tif --directions 64 --out /tmp/svf64.tif'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const directions = typeof options.directions === 'string' ? parseIntOption('directions', options.directions, 4, 1440) : 32;
    const dsm = readDsmFile(positionals[0]);
    const t0 = performance.now();
    const r = skyViewFactor(dsm.grid, { directions });
    const seconds = (performance.now() - t0) / 1000;
    writeLike(options.out as string, dsm.raster, r.svf.values, { description: `sky view factor (cosine-weighted, ${directions} directions)`, unit: '' });
    const s = gridStats(r.svf.values);
    const cells = r.svf.values.length;
    out.log(
      `wrote ${options.out}: SVF of ${s.valid} cells, ${directions} directions, min ${s.min.toFixed(3)} mean ${s.mean.toFixed(3)} max ${s.max.toFixed(3)}` +
        (r.missingCells ? `, ${r.missingCells} no-data cells left as no-data` : '') +
        ` (${seconds.toFixed(2)} s, ${Math.round(cells / seconds).toLocaleString('en-US')} cells/s)`,
    );
    return 0;
  },
};
