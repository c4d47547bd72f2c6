/**
 * Shared pieces of the model result layers (workers/result-layers.ts): where a layer's numbers come from, stage
 * GeoTIFFs read back into the local frame, and the generic raster overlay's input.
 */
import type { Territory } from '../engine/territory.ts';
import type { Grid } from '../engine/raster/grid.ts';
import { readGeoTiff } from '../data/geotiff/read.ts';
import { geoRasterToGrid } from '../data/dsm/georef.ts';
import type { Indicator } from '../scenarios/run/indicators.ts';
import type { Legend } from './styles.ts';
import type { RasterResult } from './sun-hours.ts';
import { niceStep } from './result-styles.ts';

export class ResultLayerError extends Error {
  override name = 'ResultLayerError';
}

/** "Model: … Data: titles (SYNTHETIC …)." for a layer's legend. */
export function sourceLine(t: Territory, model: string): string {
  const ds = t.datasets;
  const synthetic = ds.filter((d) => d.synthetic).length;
  const flag = synthetic === 0 ? '' : synthetic === ds.length ? ' — SYNTHETIC sample data, not a real place' : ' — partly SYNTHETIC data';
  return `Model: ${model}. Data: ${ds.map((d) => d.title).join('; ') || 'none'}${flag}.`;
}

/** The first indicator of a stage (its provenance: model, parameters), if any. */
export function firstIndicator(indicators: unknown): Indicator | undefined {
  return (Array.isArray(indicators) ? (indicators as Indicator[]) : []).find((i) => i.provenance?.model);
}

/** Model named by the first indicator of a stage (its provenance), or `fallback`. */
export function modelOf(indicators: unknown, fallback: string): string {
  return firstIndicator(indicators)?.provenance.model ?? fallback;
}

/** A stage's GeoTIFF result file as a grid in the territory's local frame. */
export function gridFromFile(files: unknown, name: string, t: Territory): Grid {
  const f = (files as Record<string, Uint8Array | string> | undefined)?.[name];
  if (!f) throw new ResultLayerError(`the pipeline produced no file "${name}" (files: ${Object.keys((files as object) ?? {}).join(', ') || 'none'})`);
  if (typeof f === 'string') throw new ResultLayerError(`result file "${name}" is text, a GeoTIFF was expected`);
  return geoRasterToGrid(readGeoTiff(f), { x: t.frame.originX, y: t.frame.originY });
}

/** Finite minimum and maximum of values ([NaN, NaN] when none is finite). */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** Upper end of a colour scale: `v` rounded up to a multiple of a 1-2-5 step (about five steps). */
export function niceCeil(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const step = niceStep(v / 5);
  return clean(Math.ceil(v / step - 1e-9) * step);
}

/** Drops the binary rounding noise of a multiple of a decimal step (9.600000000000001 → 9.6). */
const clean = (x: number): number => Number(x.toPrecision(12));

/**
 * Colour scale bounds around [lo, hi]: both ends rounded outwards to a multiple of a 1-2-5 step of about a fifth
 * of the span (so the data spread over the whole ramp), never below 0 for non-negative data.
 */
export function niceRange(lo: number, hi: number): [number, number] {
  const span = hi - lo;
  const step = niceStep(span > 0 ? span / 5 : Math.abs(hi) / 5 || 1);
  const min = clean(Math.floor(lo / step + 1e-9) * step);
  const max = clean(Math.ceil(hi / step - 1e-9) * step);
  return [lo >= 0 ? Math.max(0, min) : min, max > min ? max : min + step];
}

/** RasterResult (the generic raster overlay's input) of a grid coloured elsewhere. */
export function rasterOf(id: string, title: string, unit: string, g: Grid, rgba: Uint8ClampedArray, legend: Legend, note: string, computeMs: number): RasterResult {
  const [min, max] = finiteRange(g.values);
  // A copy: the grid may be an artefact kept by the pipeline, and the result is transferred out of the worker.
  return { id, title, unit, width: g.width, height: g.height, cellSizeM: g.cellSizeM, originX: g.originX, originY: g.originY, values: g.values.slice(), rgba, min, max, legend, note, computeMs };
}
