/**
 * `jumeau air`: traffic emissions and pollutant dispersion over a territory (engine/air/): annual-mean (default
 * Rennes-like wind rose) or single-hour concentration grid as a Float32 GeoTIFF in µg/m³, emission totals and the
 * exposure of residents. Without an assigned traffic load, the documented road-class defaults of
 * engine/air/default-traffic.ts are used and the outputs say so.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs, parseIntOption, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { numberOption } from './sun.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { snappedGrid } from '../../../data/dsm/dsm.ts';
import { crsOfFrame, describeCrs, gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { writeGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { disperseGridParallel } from '../../../data/air/parallel-node.ts';
import { bboxOfXY } from '../../../engine/territory.ts';
import { gridStats } from '../../../engine/raster/grid.ts';
import { defaultTrafficLoad } from '../../../engine/air/default-traffic.ts';
import { RENNES_DEFAULT_ROSE, singleHour, type WindRose } from '../../../engine/air/meteo.ts';
import { AIR_POLLUTANTS, airExposure, airGrid, backgroundUgM3, prepareAir, type AirPollutant } from '../../../engine/air/model.ts';
import { AIR_THRESHOLDS } from '../../../engine/air/params.ts';
import { planGrid } from '../../../engine/air/dispersion.ts';

const LABEL: Record<AirPollutant, string> = { no2: 'NO2', nox: 'NOx (as NO2)', pm10: 'PM10', pm25: 'PM2.5', co2: 'CO2 (traffic increment)' };
/** Largest grid accepted (cells). */
const MAX_CELLS = 25e6;

function parseHour(v: string): WindRose {
  const parts = v.split(',').map((s) => s.trim());
  const dir = Number(parts[0]);
  const speed = Number(parts[1]);
  if (parts.length !== 3 || !Number.isFinite(dir) || !(speed > 0) || !Number.isFinite(speed) || !/^[A-Fa-f]$/.test(parts[2])) {
    throw new UsageError(`--hour expects <from-deg>,<speed-m/s>,<stability A-F> (e.g. 240,2.5,D), got "${v}"`);
  }
  return singleHour(dir, speed, parts[2].toUpperCase());
}

export const airCommand: Command = {
  spec: {
    name: 'air',
    usage: 'air <territory-dir> --pollutant no2|nox|pm10|pm25|co2 [--cell-m 10] --out <grid.tif> [--json]',
    summary: 'Traffic emissions and pollutant concentrations (µg/m³ GeoTIFF), emission totals and exposure of residents.',
    description:
      'Per-link emissions (HBEFA 3.1 exhaust as in SUMO, EMEP/EEA 2019 tyre/brake/road wear, French 2025 fleet) are\n' +
      'dispersed as finite Gaussian line sources (Briggs urban σ) over a wind rose (annual mean, default shaped after\n' +
      'Rennes) or one hour (--hour), plus OSPM-like street-canyon increments where buildings line both sides, an\n' +
      'urban background and NO2 from NOx (Bächlin 2008 annual; ozone limiting for one hour). Exposure: residents at\n' +
      'their façades, population-weighted mean and people above the EU 2008, EU 2030 and WHO 2021 annual values.\n' +
      'Traffic: no assignment is wired yet, so flows are the WG-AEN road-class defaults (labelled DEFAULT TRAFFIC).',
    positionals: [{ name: 'territory-dir', description: 'territory store (made by jumeau import or jumeau sample)' }],
    options: [
      { name: 'pollutant', value: '<p>', description: `one of ${AIR_POLLUTANTS.join(', ')}`, required: true },
      { name: 'cell-m', value: '<m>', description: 'receptor grid spacing in metres (default 10)' },
      { name: 'margin', value: '<m>', description: 'margin around the road network in metres (default 200)' },
      { name: 'hour', value: '<dir,u,cls>', description: 'one hour instead of the annual mean: wind from <dir>° at <u> m/s, class A–F' },
      { name: 'no-canyons', description: 'leave out the street-canyon increments' },
      { name: 'threads', value: '<N>', description: 'worker threads for the grid (default: up to 2 on large grids)' },
      { name: 'out', value: '<grid.tif>', description: 'GeoTIFF to write (Float32, µg/m³)', required: true },
      { name: 'json', description: 'print the summary as JSON' },
    ],
    examples: ['jumeau air /tmp/t --pollutant no2 --out /tmp/no2.tif', 'jumeau air /tmp/t --pollutant pm10 --cell-m 20 --hour 240,2,E --out /tmp/pm10-hour.tif --json'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const pollutant = String(options.pollutant).toLowerCase() as AirPollutant;
    if (!AIR_POLLUTANTS.includes(pollutant)) throw new UsageError(`--pollutant must be one of ${AIR_POLLUTANTS.join(', ')}, got "${options.pollutant}"`);
    const cellM = numberOption('cell-m', options['cell-m'], 1, 1000) ?? 10;
    const margin = numberOption('margin', options.margin, 0, 10000) ?? 200;
    const rose = typeof options.hour === 'string' ? parseHour(options.hour) : RENNES_DEFAULT_ROSE;
    const t0 = performance.now();
    const { territory } = await loadTerritory(positionals[0]);
    const roads = territory.roads;
    if (roads.linkCount === 0) throw new Error(`territory "${territory.name}" has no road links: nothing emits`);
    const traffic = defaultTrafficLoad(roads);
    const tPrep = performance.now();
    const setup = prepareAir({ territory, traffic, pollutant, rose, canyons: !options['no-canyons'] });
    const prepareSeconds = (performance.now() - tPrep) / 1000;
    const b = bboxOfXY(roads.nodeXY);
    const cellsWanted = ((b[2] - b[0] + 2 * margin) / cellM) * ((b[3] - b[1] + 2 * margin) / cellM);
    if (cellsWanted > MAX_CELLS) throw new UsageError(`a ${cellM} m grid over the network (${((b[2] - b[0]) / 1000).toFixed(1)} × ${((b[3] - b[1]) / 1000).toFixed(1)} km + margins) has ${(cellsWanted / 1e6).toFixed(1)} M cells, above ${MAX_CELLS / 1e6} M: use a larger --cell-m`);
    const g = snappedGrid([b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin], cellM, territory.frame, Infinity);
    const spec = { width: g.width, height: g.height, cellSizeM: cellM, originX: g.originX, originY: g.originY };
    const big = spec.width * spec.height * setup.sources.count > 2e8;
    const threads = typeof options.threads === 'string' ? parseIntOption('threads', options.threads, 1, 64) : big ? Math.min(2, availableParallelism()) : 1;
    const tGrid = performance.now();
    const raw = await disperseGridParallel(setup.sources, planGrid(setup.kernel, cellM), spec, threads);
    const gridSeconds = (performance.now() - tGrid) / 1000;
    const result = airGrid(setup, spec, raw.values, raw.stats);
    const tExp = performance.now();
    const exposure = airExposure(setup);
    const exposureSeconds = (performance.now() - tExp) / 1000;
    const defaultTraffic = traffic.source.kind === 'default';
    const what = `${setup.mode === 'annual' ? 'annual mean' : 'one-hour'} ${LABEL[pollutant]} (ug/m3): Gaussian line sources${setup.increments ? ' + street canyons' : ''} + background ${backgroundUgM3(setup)} ug/m3`;
    const description = `${what}; ${defaultTraffic ? 'DEFAULT TRAFFIC (WG-AEN road-class AADT, free-flow speeds), not an assignment' : traffic.source.description}; ${setup.mode === 'annual' ? rose.name : rose.name.replace(/°/g, ' deg')}`;
    const raster = gridToGeoRaster({ ...g, values: result.values }, territory.frame, { description: description.replace(/[^\x20-\x7e]/g, '?'), unit: 'ug/m3' });
    const bytes = writeGeoTiffFile(options.out as string, raster);
    const st = gridStats(result.values);
    const seconds = (performance.now() - t0) / 1000;
    const summary = {
      pollutant,
      label: LABEL[pollutant],
      unit: 'µg/m³',
      mode: setup.mode,
      meteorology: { rose: rose.name, source: rose.source },
      traffic: { source: traffic.source.kind, basedOnDefaultTraffic: defaultTraffic, description: traffic.source.description },
      backgroundUgM3: backgroundUgM3(setup),
      grid: { path: options.out, width: spec.width, height: spec.height, cellSizeM: cellM, crs: describeCrs(crsOfFrame(territory.frame)), bytes, description },
      concentration: { min: st.min, mean: st.mean, max: st.max },
      emissionsTonnesPerYear: setup.totalsTonnesPerYear,
      canyons: { streets: setup.canyons?.count ?? 0, cells: result.canyonCells, facadeReceptors: exposure.facadesInCanyons },
      exposure: {
        inhabitants: exposure.inhabitants,
        populationWeightedMeanUgM3: exposure.populationWeightedMean,
        above: exposure.above,
        thresholds: AIR_THRESHOLDS.map((t) => ({ id: t.id, source: t.source })),
        zones: exposure.zones.map((z) => ({ id: z.sourceId, inhabitants: z.inhabitants, meanUgM3: z.meanUgM3 })),
      },
      dispersion: { lineSources: setup.sources.count, pairs: raw.stats.pairs, evaluations: raw.stats.evaluations, threads: raw.threads, gridSeconds, evaluationsPerSecond: raw.stats.evaluations / gridSeconds, cutoffM: setup.params.cutoffM },
      timing: { prepareSeconds, gridSeconds, exposureSeconds },
      fleet: setup.fleet.name,
      seconds,
    };
    if (options.json) {
      out.log(JSON.stringify(summary, null, 2));
      return 0;
    }
    const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
    out.log(`wrote ${options.out}: ${summary.label} ${setup.mode === 'annual' ? 'annual mean' : 'one hour'}, ${spec.width} × ${spec.height} cells at ${cellM} m (${summary.grid.crs}), min ${f(st.min)} mean ${f(st.mean)} max ${f(st.max)} µg/m³ (background ${summary.backgroundUgM3})`);
    if (defaultTraffic) out.log('traffic: DEFAULT road-class flows (WG-AEN Good Practice Guide 2007), not an assignment');
    const tot = setup.totalsTonnesPerYear;
    out.log(`emissions: NOx ${tot.nox.toFixed(1)} t/yr (NO2 ${tot.no2.toFixed(1)}), PM10 ${tot.pm10.toFixed(2)}, PM2.5 ${tot.pm25.toFixed(2)}, CO2 ${tot.co2.toFixed(0)} t/yr`);
    out.log(`street canyons: ${summary.canyons.streets} streets, ${result.canyonCells} grid cells`);
    out.log(`exposure: ${exposure.inhabitants.toFixed(0)} residents, population-weighted mean ${f(exposure.populationWeightedMean)} µg/m³` + exposure.above.map((a) => `; above ${a.label} (${a.thresholdUgM3}): ${a.inhabitants.toFixed(0)} (${(100 * a.share).toFixed(1)} %)`).join(''));
    out.log(`dispersion: ${setup.sources.count} line sources, ${raw.stats.evaluations.toExponential(2)} kernel evaluations in ${gridSeconds.toFixed(2)} s on ${raw.threads} thread(s); emissions and canyons ${prepareSeconds.toFixed(2)} s, exposure ${exposureSeconds.toFixed(2)} s (${seconds.toFixed(2)} s in all)`);
    return 0;
  },
};
