/** `jumeau sunhours`: hours of direct sun over a day on every cell of a DSM, and per building. */
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { parseArgs, parseIntOption, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { numberOption } from './sun.ts';
import { readDsmFile, writeLike } from '../../../data/dsm/dsm-node.ts';
import { crsOfFrame, describeCrs, rasterCentreLonLat } from '../../../data/dsm/georef.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { GeoTiffError } from '../../../data/geotiff/types.ts';
import { SolarInputError } from '../../../engine/solar/spa.ts';
import { parseIsoDate, sunPositionsForDay, type DaySunPath } from '../../../engine/solar/sun-path.ts';
import { gridStats } from '../../../engine/raster/grid.ts';
import { rasterizeBuildings } from '../../../engine/raster/rasterize.ts';
import { sampleFacades, sunHours, type SunHoursInput } from '../../../engine/raster/sunhours.ts';

const csvCell = (v: string | number): string => (typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '') : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const sunhoursCommand: Command = {
  spec: {
    name: 'sunhours',
    usage: 'sunhours <dsm.tif> --date <YYYY-MM-DD> [--lat <deg> --lon <deg>] [--step-min <min>] [--delta-t-s <s>] [--territory <dir> --buildings-csv <file.csv>] --out <hours.tif>',
    summary: 'Hours of direct sun over a day on every cell of a DSM (Float32 GeoTIFF), optionally per building.',
    description:
      'Sun positions (NREL SPA) are taken at the middle of each step of the local mean solar day; a cell gains the\n' +
      'step when the sun is above the horizon and the cell is not in shadow, so open ground receives the day length.\n' +
      'For a DSM in a known CRS, --lat/--lon default to its centre. With --territory (the territory the DSM was made\n' +
      'from, same plane CRS) --buildings-csv lists per building the mean sun hours of its roof cells and of its façade\n' +
      'samples (every cell-size along the footprint edges, at mid-heights of 3 m levels; party walls excluded).',
    positionals: [{ name: 'dsm.tif', description: 'digital surface model GeoTIFF in a projected CRS (metres)' }],
    options: [
      { name: 'date', value: '<YYYY-MM-DD>', description: 'day to simulate', required: true },
      { name: 'lat', value: '<deg>', description: 'latitude for the sun path (default: centre of the DSM)' },
      { name: 'lon', value: '<deg>', description: 'longitude for the sun path (default: centre of the DSM)' },
      { name: 'step-min', value: '<min>', description: 'time step in minutes, dividing 1440 (default 15)' },
      { name: 'delta-t-s', value: '<s>', description: 'ΔT = TT − UT in seconds (default: estimate for the year)' },
      { name: 'territory', value: '<dir>', description: 'territory store of the DSM, for per-building results' },
      { name: 'buildings-csv', value: '<file.csv>', description: 'write per-building roof and façade sun hours (needs --territory)' },
      { name: 'out', value: '<hours.tif>', description: 'GeoTIFF to write', required: true },
    ],
    examples: ['jumeau sunhours /tmp/dsm.tif --date 2024-12-21 --out /tmp/hours.tif', 'jumeau sunhours /tmp/dsm.tif --date 2024-06-21 --step-min 10 --territory /tmp/t --buildings-csv /tmp/buildings.csv --out /tmp/hours.tif'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    let date;
    try {
      date = parseIsoDate(options.date as string);
    } catch (e) {
      throw new UsageError(`--date: ${(e as Error).message}`);
    }
    const stepMin = typeof options['step-min'] === 'string' ? parseIntOption('step-min', options['step-min'], 1, 1440) : 15;
    if (1440 % stepMin !== 0) throw new UsageError(`--step-min must divide 1440 (minutes in a day), got ${stepMin}`);
    if ((options.lat === undefined) !== (options.lon === undefined)) throw new UsageError('give both --lat and --lon, or neither');
    if (options['buildings-csv'] !== undefined && options.territory === undefined) throw new UsageError('--buildings-csv needs --territory <dir>');
    const dsm = readDsmFile(positionals[0]);
    let lat = numberOption('lat', options.lat, -90, 90);
    let lon = numberOption('lon', options.lon, -180, 180);
    if (lat === undefined || lon === undefined) {
      if (!dsm.raster.crs) throw new UsageError(`${positionals[0]} has no CRS: give --lat and --lon`);
      [lon, lat] = rasterCentreLonLat(dsm.raster);
    }
    let sun: DaySunPath;
    try {
      sun = sunPositionsForDay(date, lat, lon, stepMin, { deltaTS: numberOption('delta-t-s', options['delta-t-s'], -8000, 8000) });
    } catch (e) {
      if (e instanceof SolarInputError) throw new UsageError(e.message);
      throw e;
    }
    // Per-building inputs: the territory's buildings on the DSM grid, in the territory's local frame.
    let grid = dsm.grid;
    let buildings: SunHoursInput['buildings'] = null;
    let names: string[] = [];
    if (typeof options.territory === 'string') {
      const { territory } = await loadTerritory(options.territory);
      const plane = crsOfFrame(territory.frame);
      if (JSON.stringify(plane) !== JSON.stringify(dsm.raster.crs)) throw new GeoTiffError(`${positionals[0]}: CRS (${describeCrs(dsm.raster.crs)}) differs from the plane of territory ${options.territory} (${describeCrs(plane)})`);
      grid = { ...dsm.grid, originX: dsm.grid.originX - territory.frame.originX, originY: dsm.grid.originY - territory.frame.originY };
      const ids = rasterizeBuildings(territory.buildings, { ...grid, values: new Float32Array(grid.values.length) }).buildingId;
      const ground = new Float32Array(grid.values.length);
      for (let i = 0; i < ground.length; i++) ground[i] = ids[i] >= 0 ? grid.values[i] - territory.buildings.heightM[ids[i]] : grid.values[i];
      const facades = sampleFacades(territory.buildings, grid, ids, { ground });
      buildings = { count: territory.buildings.count, buildingId: ids, facades };
      names = territory.buildings.sourceId;
    }
    const t0 = performance.now();
    const r = sunHours({ dsm: grid, sun, buildings });
    const seconds = (performance.now() - t0) / 1000;
    writeLike(options.out as string, dsm.raster, r.hours.values, { description: `hours of direct sun on ${options.date} (${stepMin}-min steps)`, unit: 'h' });
    const s = gridStats(r.hours.values);
    out.log(
      `wrote ${options.out}: sun hours on ${options.date} at ${lat.toFixed(4)}°, ${lon.toFixed(4)}°, ${stepMin}-min steps: ` +
        `day length ${r.dayLengthH.toFixed(2)} h, cells min ${s.min.toFixed(2)} mean ${s.mean.toFixed(2)} max ${s.max.toFixed(2)} h` +
        (r.missingCells ? `, ${r.missingCells} no-data cells left as no-data` : '') +
        ` (${seconds.toFixed(2)} s)`,
    );
    if (r.dayLengthH === 0) out.log('the sun stays below the horizon all day: every cell has 0 h');
    if (buildings && r.buildings && typeof options['buildings-csv'] === 'string') {
      const b = r.buildings;
      const lines = ['building,source_id,roof_cells,roof_sun_hours,facade_samples,facade_sun_hours'];
      for (let i = 0; i < buildings.count; i++) lines.push([i, names[i], b.roofCells[i], b.roofHours[i], b.facadeSamples[i], b.facadeHours[i]].map(csvCell).join(','));
      writeFileSync(options['buildings-csv'], lines.join('\n') + '\n');
      const none = b.roofCells.filter((c) => c === 0).length;
      out.log(`wrote ${options['buildings-csv']}: ${buildings.count} buildings${none ? ` (${none} smaller than a cell or outside the DSM: empty roof values)` : ''}`);
    }
    return 0;
  },
};
