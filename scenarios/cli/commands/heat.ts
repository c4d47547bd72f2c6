/** `jumeau heat`: urban heat island of a territory — LCZ map, night-time UHI, daytime cooling, summary. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs, UsageError } from '../args.ts';
import type { Command, Out } from '../command.ts';
import { numberOption } from './sun.ts';
import { loadTerritory } from '../../../data/store-node.ts';
import { gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { writeGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { DEFAULT_HEAT_DATE, parseLinkFlowsCsv, prepareTerritoryHeat } from '../../../data/heat/heat.ts';
import { runHeat, type HeatResult } from '../../../engine/heat/model.ts';
import { HEAT_PARAMS } from '../../../engine/heat/params.ts';
import { parseIsoDate } from '../../../engine/solar/sun-path.ts';
import type { Grid } from '../../../engine/raster/grid.ts';
import type { LocalFrame } from '../../../engine/territory.ts';

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '—');
const k2 = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)} K` : '—');
const int = (v: number): string => Math.round(v).toLocaleString('en-US');

function writeRaster(path: string, r: HeatResult, values: Float32Array, frame: LocalFrame, description: string, unit: string): number {
  const grid: Grid = { ...r.grid, values, nodata: NaN };
  return writeGeoTiffFile(path, gridToGeoRaster(grid, frame, { description, unit }));
}

function printSummary(out: Out, r: HeatResult, files: string[], seconds: { prepare: number; svf: number; run: number }): void {
  const s = r.summary;
  const p = r.params;
  out.log(
    `heat: ${r.grid.width} × ${r.grid.height} cells at ${s.cellSizeM} m (${s.areaKm2.toFixed(2)} km²), ${int(s.builtCells)} cells of a built LCZ, ${int(s.population)} inhabitants` +
      ` — date ${s.inputs.date}, regional wind ${p.windSpeedMs} m/s, DSM ${s.inputs.dsmResolutionM} m, SVF ${s.inputs.svfDirections} directions`,
  );
  out.log(`night UHI (calm clear night, vs rural): mean ${k2(s.night.meanK)}, p95 ${k2(s.night.p95K)}, max ${k2(s.night.maxK)} over built cells; ${k2(s.night.populationMeanK)} population-weighted`);
  out.log(`  inhabitants in cells above ${s.populationAbove.map((a) => `${a.thresholdK} K: ${pct(a.share)} (${int(a.population)})`).join(', ')}`);
  out.log(`day (cooling capacity, UHI_max ${p.dayUhiMaxK} K): mean ${k2(s.day.meanK)}, p95 ${k2(s.day.p95K)} over built cells; ${k2(s.day.populationMeanK)} population-weighted`);
  out.log('by LCZ:');
  out.log(`  ${'zone'.padEnd(30)} ${'area km²'.padStart(9)} ${'inhabitants'.padStart(12)} ${'night K'.padStart(8)} ${'day K'.padStart(7)}`);
  for (const z of s.byLcz) out.log(`  ${z.label.padEnd(30)} ${z.areaKm2.toFixed(3).padStart(9)} ${int(z.population).padStart(12)} ${z.nightMeanK.toFixed(2).padStart(8)} ${z.dayMeanK.toFixed(2).padStart(7)}`);
  const traffic = s.anthropogenic.trafficSource === 'links' ? 'given per link' : 'DEFAULT by road class (no traffic flows given)';
  const buildings = s.anthropogenic.buildingHeatSource === 'input' ? 'given per building' : 'DEFAULT per floor area (no building energy given)';
  out.log(`anthropogenic heat: ${s.anthropogenic.builtMeanWm2.toFixed(1)} W/m² over built cells; traffic ${int(s.anthropogenic.trafficVehKmPerDay)} veh·km/day ${traffic}; buildings ${buildings}`);
  out.log(`green access: ${pct(s.greenAccess.populationWithin300mShare)} of inhabitants within 300 m of a park or wood (mean ${s.greenAccess.populationMeanDistanceM.toFixed(0)} m)`);
  for (const f of files) out.log(f);
  out.log(`(${seconds.prepare.toFixed(2)} s inputs incl. ${seconds.svf.toFixed(2)} s SVF, ${seconds.run.toFixed(2)} s model)`);
}

export const heatCommand: Command = {
  spec: {
    name: 'heat',
    usage: 'heat <territory-dir> [--cell-m <m>] [--date <YYYY-MM-DD>] [--wind-ms <m/s>] [--link-flows <flows.csv>] [--margin <m>] --out <heat.tif> [--lcz <lcz.tif>] [--day <day.tif>] [--json]',
    summary: 'Urban heat island: night-time UHI (K) raster, LCZ map, daytime cooling and a summary by LCZ.',
    description:
      "Per cell: building, paved, vegetated and water fractions, heights, façades, sky view factor (DSM + SVF engine),\n" +
      "shade of the date (sun engine), anthropogenic heat. Local climate zones after Stewart & Oke (2012) (GeoClimate's\n" +
      "encoding); night UHI from Oke's (1981) canyon relation 7.45 + 3.97 ln(H/W), modulated by vegetation, wind and\n" +
      'anthropogenic heat (Theeuwes et al. 2017); daytime cooling after the InVEST Urban Cooling Model; air mixing over\n' +
      `${HEAT_PARAMS.mixingRadiusM.value} m. Traffic and building energy use documented defaults until the traffic and urban models provide them\n` +
      '(the summary says so). Equations and sources: engine/heat/README.md.',
    positionals: [{ name: 'territory-dir', description: 'territory store (made by jumeau import or jumeau sample)' }],
    options: [
      { name: 'cell-m', value: '<m>', description: 'cell size in metres (default 25; 10 for a district, 50 for a metropolis)' },
      { name: 'date', value: '<YYYY-MM-DD>', description: `day of the daytime model (building shade), default ${DEFAULT_HEAT_DATE}` },
      { name: 'wind-ms', value: '<m/s>', description: `regional wind speed of the night (default ${HEAT_PARAMS.windSpeedMs.value}, calm)` },
      { name: 'link-flows', value: '<flows.csv>', description: 'daily vehicles per road link (CSV "link,veh_per_day", every link); default by road class' },
      { name: 'margin', value: '<m>', description: 'margin around the buildings in metres (default 200)' },
      { name: 'out', value: '<heat.tif>', description: 'GeoTIFF of the night-time UHI (K)', required: true },
      { name: 'lcz', value: '<lcz.tif>', description: 'GeoTIFF of the LCZ codes (1–10 built, 11–17 = A–G)' },
      { name: 'day', value: '<day.tif>', description: 'GeoTIFF of the daytime temperature excess (K)' },
      { name: 'json', description: 'print the summary as JSON' },
    ],
    examples: ['jumeau heat /tmp/t --out /tmp/heat.tif --lcz /tmp/lcz.tif', 'jumeau heat /tmp/district --cell-m 10 --date 2025-08-01 --out /tmp/heat.tif --json'],
  },
  async run(argv, out) {
    const { positionals, options } = parseArgs(this.spec, argv);
    const cellSizeM = numberOption('cell-m', options['cell-m'], 1, 1000) ?? 25;
    const marginM = numberOption('margin', options.margin, 0, 100000) ?? 200;
    const wind = HEAT_PARAMS.windSpeedMs;
    const windSpeedMs = numberOption('wind-ms', options['wind-ms'], wind.min, wind.max) ?? wind.value;
    const date = typeof options.date === 'string' ? options.date : DEFAULT_HEAT_DATE;
    try {
      parseIsoDate(date);
    } catch (e) {
      throw new UsageError(`--date: ${(e as Error).message}`);
    }
    for (const o of ['out', 'lcz', 'day']) if (options[o] === true) throw new UsageError(`--${o} needs a file name`);
    const t0 = performance.now();
    const { territory } = await loadTerritory(positionals[0]);
    const params = { windSpeedMs };
    let linkFlowVehPerDay: Float64Array | null = null;
    if (typeof options['link-flows'] === 'string') {
      let text: string;
      try {
        text = readFileSync(options['link-flows'], 'utf8');
      } catch (e) {
        throw new UsageError(`--link-flows: cannot read ${options['link-flows']}: ${(e as Error).message}`);
      }
      linkFlowVehPerDay = parseLinkFlowsCsv(text, territory.roads.linkCount, options['link-flows']);
    }
    const prepared = prepareTerritoryHeat(territory, { cellSizeM, marginM, date, params, linkFlowVehPerDay });
    const t1 = performance.now();
    const r = runHeat(prepared.inputs, { params });
    const t2 = performance.now();
    const files: string[] = [];
    const outPath = options.out as string;
    let bytes = writeRaster(outPath, r, r.nightUhiK, territory.frame, 'night-time urban heat island intensity, calm clear night (K)', 'K');
    files.push(`wrote ${outPath}: night UHI (K), ${(bytes / 1e6).toFixed(2)} MB`);
    if (typeof options.lcz === 'string') {
      const lcz = Float32Array.from(r.lcz, (c) => (c === 0 ? NaN : c));
      bytes = writeRaster(options.lcz, r, lcz, territory.frame, 'local climate zone (Stewart and Oke 2012; 1-10 built, 11-17 = A-G)', '');
      files.push(`wrote ${options.lcz}: LCZ codes, ${(bytes / 1e6).toFixed(2)} MB`);
    }
    if (typeof options.day === 'string') {
      bytes = writeRaster(options.day, r, r.dayAnomalyK, territory.frame, 'daytime air temperature excess over a fully mitigated cell (K)', 'K');
      files.push(`wrote ${options.day}: daytime excess (K), ${(bytes / 1e6).toFixed(2)} MB`);
    }
    const seconds = { prepare: (t1 - t0) / 1000, svf: prepared.timings.svfS, run: (t2 - t1) / 1000 };
    if (options.json) {
      const files = { out: outPath, lcz: typeof options.lcz === 'string' ? options.lcz : null, day: typeof options.day === 'string' ? options.day : null };
      out.log(JSON.stringify({ territory: territory.name, synthetic: territory.synthetic, grid: { width: r.grid.width, height: r.grid.height, cellSizeM: r.grid.cellSizeM }, params: r.params, summary: r.summary, files, seconds }, null, 2));
    } else {
      if (territory.synthetic) out.log('[SYNTHETIC territory]');
      printSummary(out, r, files, seconds);
    }
    return 0;
  },
};
