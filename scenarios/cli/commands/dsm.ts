/** `jumeau dsm`: rasterise a territory's buildings (and an optional terrain model) into a GeoTIFF DSM. */
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { numberOption } from './sun.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { buildDsm } from '../../../data/dsm/dsm.ts';
import { crsOfFrame, describeCrs, geoRasterToGrid, gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { readGeoTiffFile, writeGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { GeoTiffError } from '../../../data/geotiff/types.ts';
import { gridStats } from '../../../engine/raster/grid.ts';

export const dsmCommand: Command = {
  spec: {
    name: 'dsm',
    usage: 'dsm <territory-dir> [--res <m>] [--margin <m>] [--terrain <dtm.tif>] --out <dsm.tif>',
    summary: 'Rasterise the buildings of a territory into a digital surface model (single-band Float32 GeoTIFF).',
    description:
      'A cell takes the height of the building whose footprint contains its centre (the tallest where footprints\n' +
      'overlap). Without --terrain the ground is flat at 0 and cells hold heights above ground; with a terrain model\n' +
      '(a GeoTIFF in the territory\'s plane CRS) cells hold terrain + building height. The raster is written in the\n' +
      "territory's plane CRS (EPSG:2154 for French data) on a grid snapped to multiples of --res.",
    positionals: [{ name: 'territory-dir', description: 'territory store (made by jumeau import or jumeau sample)' }],
    options: [
      { name: 'res', value: '<m>', description: 'cell size in metres (default 1)' },
      { name: 'margin', value: '<m>', description: 'margin around the buildings in metres (default 20)' },
      { name: 'terrain', value: '<dtm.tif>', description: "terrain model GeoTIFF in the territory's plane CRS, sampled bilinearly" },
      { name: 'out', value: '<dsm.tif>', description: 'GeoTIFF to write', required: true },
    ],
    examples: ['jumeau dsm /tmp/t --out /tmp/dsm.tif', 'jumeau dsm /tmp/t --res 0.5 --margin 50 --out /tmp/dsm-50cm.tif'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const resolutionM = numberOption('res', options.res, 0.01, 1000) ?? 1;
    const marginM = numberOption('margin', options.margin, 0, 100000) ?? 20;
    const t0 = performance.now();
    const { territory } = await loadTerritory(positionals[0]);
    const planeCrs = crsOfFrame(territory.frame);
    let terrain = null;
    if (typeof options.terrain === 'string') {
      const r = readGeoTiffFile(options.terrain);
      if (JSON.stringify(r.crs) !== JSON.stringify(planeCrs)) {
        throw new GeoTiffError(`${options.terrain}: terrain CRS (${describeCrs(r.crs)}) differs from the territory plane (${describeCrs(planeCrs)}); reproject it first (gdalwarp -t_srs …)`);
      }
      terrain = geoRasterToGrid(r, { x: territory.frame.originX, y: territory.frame.originY });
    }
    const dsm = buildDsm(territory, { resolutionM, marginM, terrain });
    const raster = gridToGeoRaster(dsm.grid, territory.frame, {
      description: terrain ? 'digital surface model: terrain + building height' : 'digital surface model: height above ground',
      unit: 'm',
    });
    const bytes = writeGeoTiffFile(options.out as string, raster);
    const s = gridStats(dsm.grid.values);
    const { width, height } = dsm.grid;
    out.log(
      `wrote ${options.out}: ${width} × ${height} cells at ${resolutionM} m (${describeCrs(planeCrs)}), ` +
        `${dsm.raster.rasterized} of ${territory.buildings.count} buildings rasterised (${dsm.raster.skipped} skipped: no height or smaller than a cell), ` +
        `${dsm.raster.cells} building cells, heights ${s.min.toFixed(1)}–${s.max.toFixed(1)} m` +
        (dsm.missingCells ? `, ${dsm.missingCells} cells outside the terrain (no data)` : '') +
        ` (${(bytes / 1e6).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(2)} s)`,
    );
    return 0;
  },
};
