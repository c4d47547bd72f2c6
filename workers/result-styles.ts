/**
 * Colour scales and legends of the model result layers (traffic flows, night-time UHI, local climate zones, air
 * quality). Pure data and functions, shared by the worker (which colours buffers) and the viewer (legends).
 *
 * Sources:
 * - Volume/capacity classes: v/c = 1 is capacity (Highway Capacity Manual, TRB 2010, ch. 10), 0.9 the usual
 *   "near capacity" warning, 0.75 and 0.5 the breaks of the classic link-saturation maps. Colours: ColorBrewer
 *   RdYlGn (green 26,150,65; light green 166,217,106; red 215,25,28) with a saturated yellow for the middle
 *   class (ColorBrewer's 255,255,191 is too pale on the ground) and ColorBrewer Reds' darkest (103,0,13) above
 *   capacity — green → yellow → red → dark red.
 * - Night UHI: ColorBrewer YlOrRd (9 classes) as a continuous ramp, Cynthia A. Brewer, colorbrewer2.org.
 * - LCZ: the standard palette of Stewart & Oke (2012) as used by WUDAPT and GeoClimate (engine/heat/lcz.ts).
 * - Concentrations: ColorBrewer RdPu (9 classes) as a continuous ramp; limit values from engine/air/params.ts.
 * - Emissions per link: ColorBrewer YlOrBr (9 classes) as a continuous ramp.
 */
import { LCZ_COLOURS, LCZ_LABELS } from '../engine/heat/lcz.ts';
import type { Legend, Rgb } from './styles.ts';

// ---- Traffic -------------------------------------------------------------------------------------------------

/** Lower bounds of the volume/capacity classes. */
export const VC_BOUNDS = [0, 0.5, 0.75, 0.9, 1];
export const VC_COLORS: Rgb[] = [
  [26, 150, 65],
  [166, 217, 106],
  [250, 200, 20],
  [215, 25, 28],
  [103, 0, 13],
];

/** Flows below this (veh/h) are not drawn: the link carries (almost) no car in the assignment. */
export const MIN_DRAWN_FLOW_VEH_H = 1;

/** Smallest 1, 2 or 5 × 10^k at least `x` (> 0). */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Flow per metre of drawn band width (veh/h per m): the largest flow is drawn about `maxWidthM` wide. */
export function flowWidthScale(maxFlowVehH: number, maxWidthM = 16): number {
  return niceStep(maxFlowVehH / maxWidthM);
}

export function flowLegend(vehHPerM: number): Legend {
  const label = (i: number): string => (i + 1 < VC_BOUNDS.length ? `${VC_BOUNDS[i].toFixed(2)} – ${VC_BOUNDS[i + 1].toFixed(2)}` : `≥ ${VC_BOUNDS[i].toFixed(2)} (over capacity)`);
  const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');
  return {
    kind: 'classes',
    title: 'Peak-hour volume / capacity',
    unit: 'v/c',
    entries: VC_BOUNDS.map((_, i) => ({ color: VC_COLORS[i], label: label(i) })),
    widths: { title: `Band width: 1 m per ${fmt(vehHPerM)} veh/h, one band per direction`, entries: [2, 5, 10].map((w) => ({ widthM: w, label: `${fmt(w * vehHPerM)} veh/h` })) },
  };
}

// ---- Heat ----------------------------------------------------------------------------------------------------

export const YL_OR_RD_9: Rgb[] = [
  [255, 255, 204],
  [255, 237, 160],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [252, 78, 42],
  [227, 26, 28],
  [189, 0, 38],
  [128, 0, 38],
];

export function uhiLegend(min: number, max: number): Legend {
  return { kind: 'ramp', title: 'Night-time UHI intensity (clear calm night, above rural)', unit: '°C', stops: YL_OR_RD_9, min, max, noData: 'no data: outside the modelled area' };
}

export function hexRgb(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: "${hex}"`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** RGB of an LCZ code (1–17), or null for codes without a colour (0 = no data). */
export function lczColor(code: number): Rgb | null {
  const hex = LCZ_COLOURS[code];
  return hex ? hexRgb(hex) : null;
}

/** LCZ legend listing the classes present (in code order). */
export function lczLegend(present: number[]): Legend {
  return { kind: 'classes', title: 'Local climate zone (Stewart & Oke 2012)', unit: 'class', entries: present.map((c) => ({ color: lczColor(c)!, label: LCZ_LABELS[c] ?? `LCZ ${c}` })) };
}

// ---- Air -----------------------------------------------------------------------------------------------------

export const RD_PU_9: Rgb[] = [
  [255, 247, 243],
  [253, 224, 221],
  [252, 197, 192],
  [250, 159, 181],
  [247, 104, 161],
  [221, 52, 151],
  [174, 1, 126],
  [122, 1, 119],
  [73, 0, 106],
];

export interface ThresholdMark {
  value: number;
  label: string;
}

export function concentrationLegend(pollutantLabel: string, min: number, max: number, marks: ThresholdMark[]): Legend {
  return { kind: 'ramp', title: `${pollutantLabel} annual mean`, unit: 'µg/m³', stops: RD_PU_9, min, max, marks, noData: 'no data: outside the receptor grid' };
}

/** ColorBrewer YlOrBr (9 classes) as a continuous ramp: emissions per link. */
export const YL_OR_BR_9: Rgb[] = [
  [255, 255, 229],
  [255, 247, 188],
  [254, 227, 145],
  [254, 196, 79],
  [254, 153, 41],
  [236, 112, 20],
  [204, 76, 2],
  [153, 52, 4],
  [102, 37, 6],
];
