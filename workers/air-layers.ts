/**
 * Air-quality layers from the air stage's result files (scenarios/pipeline/stages/air.ts):
 * - the annual-mean concentration raster of a pollutant (`no2.tif`, `pm10.tif`, `pm25.tif`, µg/m³) with the
 *   annual limit values of the run's parameters marked in the legend (EU 2008/50/EC, EU 2024/2881 for 2030, WHO
 *   2021; defaults engine/air/params.ts `AIR_THRESHOLDS`);
 * - traffic emissions per directed link (`link-emissions.csv`), coloured by emission per kilometre of link:
 *   NOx (as NO2) for the NO2 layer — NO2 concentrations come from NOx emissions —, PM10 or PM2.5 otherwise.
 */
import { AIR_THRESHOLDS } from '../engine/air/params.ts';
import { thresholdsFrom } from '../engine/air/stage-params.ts';
import type { Territory } from '../engine/territory.ts';
import { linkBands, type LinkBands } from './link-bands.ts';
import { ResultLayerError, finiteRange, firstIndicator, gridFromFile, niceCeil, niceRange, rasterOf, sourceLine } from './layer-support.ts';
import { RD_PU_9, YL_OR_BR_9, concentrationLegend, type ThresholdMark } from './result-styles.ts';
import { colorizeGrid, rampColor, type Legend, type Rgb } from './styles.ts';
import type { RasterResult } from './sun-hours.ts';

type Pollutant = 'no2' | 'pm10' | 'pm25';
const LABEL: Record<Pollutant, string> = { no2: 'NO₂', pm10: 'PM10', pm25: 'PM2.5' };
/** Drawn width of an emission band (m). */
export const EMISSION_BAND_M = 4;

const AIR_MODEL = 'engine/air (emissions, Gaussian line sources, street canyons)';

/** Limit values of `pollutant` from a run's air parameters (defaults: AIR_THRESHOLDS), lowest first. */
export function thresholdMarks(pollutant: Pollutant, airParameters: Record<string, unknown> | undefined): ThresholdMark[] {
  const sets = airParameters ? thresholdsFrom(airParameters) : AIR_THRESHOLDS;
  return sets.map((s) => ({ value: s[pollutant], label: `${s.label} (${s.source})` })).sort((a, b) => a.value - b.value);
}

export function airRaster(artefacts: Record<string, unknown>, t: Territory, pollutant: Pollutant, computeMs: number): { raster: RasterResult; source: string } {
  const g = gridFromFile(artefacts['files.air'], `${pollutant}.tif`, t);
  const [lo, hi] = finiteRange(g.values);
  if (!Number.isFinite(hi)) throw new ResultLayerError(`${pollutant}.tif has no value (every cell is no-data)`);
  const ind = firstIndicator(artefacts['indicators.air']);
  const marks = thresholdMarks(pollutant, ind?.provenance.parameters);
  // The scale spans the data (background included), so that differences show; limit values outside it are
  // listed as exceeded everywhere or reached nowhere.
  const [min, max] = niceRange(lo, hi);
  const legend = concentrationLegend(LABEL[pollutant], min, max, marks);
  const rgba = colorizeGrid(g.values, RD_PU_9, min, max);
  const note = `baseline; ${g.width} × ${g.height} receptors at ${g.cellSizeM} m; ${lo.toFixed(1)} – ${hi.toFixed(1)} µg/m³ (background included)`;
  return { raster: rasterOf('air', `${LABEL[pollutant]} annual mean`, 'µg/m³', g, rgba, legend, note, computeMs), source: sourceLine(t, ind?.provenance.model ?? AIR_MODEL) };
}

/** Rows of link-emissions.csv: directed link → kg/yr of the column, and the link length (m). */
export function parseLinkEmissions(text: string, column: string): { link: number[]; kgPerYear: number[]; lengthM: number[] } {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const head = (lines[0] ?? '').split(',');
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new ResultLayerError(`link-emissions.csv has no column "${name}" (columns: ${head.join(', ')})`);
    return i;
  };
  const [iLink, iKg, iLen] = [col('link'), col(column), col('length_m')];
  const out = { link: [] as number[], kgPerYear: [] as number[], lengthM: [] as number[] };
  for (let k = 1; k < lines.length; k++) {
    // The segment id (2nd column) may be quoted with commas: the numeric columns are read from the right end.
    const cells = splitCsv(lines[k]);
    if (cells.length !== head.length) throw new ResultLayerError(`link-emissions.csv line ${k + 1}: ${cells.length} fields, ${head.length} expected`);
    const link = Number(cells[iLink]);
    const kg = Number(cells[iKg]);
    const len = Number(cells[iLen]);
    if (!Number.isInteger(link) || !(kg >= 0) || !(len > 0)) throw new ResultLayerError(`link-emissions.csv line ${k + 1}: link ${cells[iLink]}, ${column} ${cells[iKg]}, length_m ${cells[iLen]} (an integer link, an emission ≥ 0 and a length > 0 expected)`);
    out.link.push(link);
    out.kgPerYear.push(kg);
    out.lengthM.push(len);
  }
  return out;
}

/** RFC 4180 fields of one CSV line (quotes doubled inside quoted fields). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function emissionBands(artefacts: Record<string, unknown>, pollutant: Pollutant): { paths: LinkBands; fields: Array<{ label: string; unit: string; digits: number; values: Float32Array }>; legend: Legend; source: string; note: string } {
  const t = artefacts['territory.after'] as Territory;
  const files = artefacts['files.air'] as Record<string, Uint8Array | string> | undefined;
  const raw = files?.['link-emissions.csv'];
  if (raw === undefined) throw new ResultLayerError(`the air stage produced no link-emissions.csv (files: ${Object.keys(files ?? {}).join(', ') || 'none'})`);
  const csv = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  const column = pollutant === 'no2' ? 'nox_kg_yr' : `${pollutant}_kg_yr`;
  const rows = parseLinkEmissions(csv, column);
  const n = t.roads.linkCount;
  const perKm = new Float64Array(n).fill(NaN);
  rows.link.forEach((l, k) => {
    if (l < 0 || l >= n) throw new ResultLayerError(`link-emissions.csv: link ${l} is not a link of the road network (${n} links)`);
    perKm[l] = rows.kgPerYear[k] / (rows.lengthM[k] / 1000);
  });
  const drawn = rows.link.filter((l) => perKm[l] > 0).sort((a, b) => perKm[a] - perKm[b] || a - b);
  const max = niceCeil(finiteRange(perKm)[1]);
  const c: number[] = [0, 0, 0];
  const colour = (l: number): Rgb => {
    rampColor(YL_OR_BR_9, perKm[l] / max, c);
    return [c[0], c[1], c[2]];
  };
  const paths = linkBands(t, drawn, () => EMISSION_BAND_M, colour);
  const what = pollutant === 'no2' ? 'NOx (as NO₂)' : LABEL[pollutant];
  const legend: Legend = { kind: 'ramp', title: `${what} emitted by road traffic per km of link, each direction`, unit: 'kg/km/yr', stops: YL_OR_BR_9, min: 0, max };
  const total = rows.kgPerYear.reduce((a, b) => a + b, 0);
  const note = `baseline; ${drawn.length.toLocaleString('en-US')} directed links; ${(total / 1000).toFixed(2)} t/yr in all`;
  const ind = firstIndicator(artefacts['indicators.air']);
  return {
    paths,
    fields: [{ label: `${what} emitted`, unit: 'kg/km/yr', digits: 1, values: Float32Array.from(drawn, (l) => perKm[l]) }],
    legend,
    source: sourceLine(t, ind?.provenance.model ?? AIR_MODEL),
    note,
  };
}
