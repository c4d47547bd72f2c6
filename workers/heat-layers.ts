/**
 * Heat layers from the heat stage's result files (scenarios/pipeline/stages/heat.ts): the night-time urban heat
 * island intensity (`uhi-night.tif`, K above the rural surroundings — shown in °C, the same step) on a
 * continuous ramp, and the local climate zones (`lcz.tif`, codes 1–10 built, 11–17 = A–G, 0 = no data) in the
 * standard LCZ colours, legend listing the zones present.
 */
import { LCZ_LABELS } from '../engine/heat/lcz.ts';
import type { Territory } from '../engine/territory.ts';
import { ResultLayerError, finiteRange, firstIndicator, gridFromFile, niceCeil, rasterOf, sourceLine } from './layer-support.ts';
import { YL_OR_RD_9, lczColor, lczLegend, uhiLegend } from './result-styles.ts';
import { colorizeGrid } from './styles.ts';
import type { RasterResult } from './sun-hours.ts';

const HEAT_MODEL = 'engine/heat (LCZ after Stewart & Oke 2012, night UHI after Oke 1981)';

export function uhiRaster(artefacts: Record<string, unknown>, t: Territory, computeMs: number): { raster: RasterResult; source: string } {
  const g = gridFromFile(artefacts['files.heat'], 'uhi-night.tif', t);
  const [lo, hi] = finiteRange(g.values);
  if (!Number.isFinite(hi)) throw new ResultLayerError('uhi-night.tif has no value (every cell is no-data)');
  const min = Math.min(0, Math.floor(lo));
  const max = Math.max(1, niceCeil(hi));
  const rgba = colorizeGrid(g.values, YL_OR_RD_9, min, max);
  const note = `baseline; ${g.width} × ${g.height} cells at ${g.cellSizeM} m; ${lo.toFixed(1)} – ${hi.toFixed(1)} °C`;
  const model = firstIndicator(artefacts['indicators.heat'])?.provenance.model ?? HEAT_MODEL;
  return { raster: rasterOf('uhi', 'Night UHI', '°C', g, rgba, uhiLegend(min, max), note, computeMs), source: sourceLine(t, model) };
}

export function lczRaster(artefacts: Record<string, unknown>, t: Territory, computeMs: number): { raster: RasterResult; source: string; classLabels: Record<number, string> } {
  const g = gridFromFile(artefacts['files.heat'], 'lcz.tif', t);
  const rgba = new Uint8ClampedArray(g.values.length * 4);
  const present = new Set<number>();
  for (let i = 0; i < g.values.length; i++) {
    const v = g.values[i];
    if (Number.isNaN(v) || v === 0) continue;
    const c = lczColor(v);
    if (!Number.isInteger(v) || !c) throw new ResultLayerError(`lcz.tif: cell ${i} (row ${Math.floor(i / g.width)}, column ${i % g.width}) holds ${v}, not an LCZ code (1–17, 0 = no data)`);
    present.add(v);
    rgba[4 * i] = c[0];
    rgba[4 * i + 1] = c[1];
    rgba[4 * i + 2] = c[2];
    rgba[4 * i + 3] = 255;
  }
  const codes = [...present].sort((a, b) => a - b);
  const classLabels: Record<number, string> = {};
  for (const c of codes) classLabels[c] = LCZ_LABELS[c] ?? `LCZ ${c}`;
  const note = `baseline; ${g.width} × ${g.height} cells at ${g.cellSizeM} m; ${codes.length} zones present`;
  const model = firstIndicator(artefacts['indicators.heat'])?.provenance.model ?? HEAT_MODEL;
  return { raster: rasterOf('lcz', 'Local climate zone', 'class', g, rgba, lczLegend(codes), note, computeMs), source: sourceLine(t, model), classLabels };
}
