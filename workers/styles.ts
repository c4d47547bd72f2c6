/**
 * Colour scales and legends shared by the worker (which colours buffers) and the viewer (which draws legends).
 * Pure data and functions: no DOM, no three.js, no deck.gl.
 *
 * Sources of the palettes:
 * - Sequential classes "YlOrRd" (population density) and categorical "Set2"-like hues: ColorBrewer 2.0,
 *   Cynthia A. Brewer, Pennsylvania State University (colorbrewer2.org, Apache-2.0 licence).
 * - Continuous "viridis" (sun hours, any raster model): S. van der Walt and N. Smith, matplotlib 2.0 default
 *   colour map (CC0); perceptually uniform and readable by colour-blind viewers. Nine evenly spaced stops.
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, LAND_COVERS, ROAD_CLASSES } from '../engine/territory.ts';

export type Rgb = readonly [number, number, number];

/** A legend: classes with a colour and a label, or a continuous ramp between two values, always with a unit. */
export type Legend =
  | {
      kind: 'classes';
      title: string;
      unit: string;
      entries: Array<{ color: Rgb; label: string }>;
      /** Line widths drawn to scale with the map (flow bands): a label (with its unit) per sample width. */
      widths?: { title: string; entries: Array<{ widthM: number; label: string }> };
    }
  | {
      kind: 'ramp';
      title: string;
      unit: string;
      stops: Rgb[];
      min: number;
      max: number;
      noData?: string;
      noDataColor?: Rgb;
      /** Reference values marked on the ramp (e.g. limit values); those outside [min, max] are listed only. */
      marks?: Array<{ value: number; label: string }>;
    };

export const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [253, 231, 37],
];

/** ColorBrewer YlOrRd, 7 classes. */
export const YL_OR_RD: Rgb[] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [252, 78, 42],
  [227, 26, 28],
  [177, 0, 38],
];

/** Colour at t ∈ [0, 1] of a ramp (linear between evenly spaced stops), written into out[o..o+2]. */
export function rampColor(stops: readonly Rgb[], t: number, out: Uint8Array | Uint8ClampedArray | number[], o = 0): void {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  out[o] = Math.round(a[0] + f * (b[0] - a[0]));
  out[o + 1] = Math.round(a[1] + f * (b[1] - a[1]));
  out[o + 2] = Math.round(a[2] + f * (b[2] - a[2]));
}

/** Index of the class of `v` given ascending lower bounds (`bounds[0]` is the first class's lower bound). */
export function classOf(bounds: readonly number[], v: number): number {
  let c = 0;
  while (c + 1 < bounds.length && v >= bounds[c + 1]) c++;
  return c;
}

/**
 * RGBA image of a value grid (row 0 = north, as `engine/raster/grid.ts`) on a ramp over [min, max]; NaN cells
 * are transparent. `alpha` is the opacity of valued cells (0–255).
 */
export function colorizeGrid(values: Float32Array, stops: readonly Rgb[], min: number, max: number, alpha = 255): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  const span = max > min ? max - min : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    rampColor(stops, (v - min) / span, out, 4 * i);
    out[4 * i + 3] = alpha;
  }
  return out;
}

// ---- Ground and network -------------------------------------------------------------------------------------

export const LAND_COVER_COLORS: Record<(typeof LAND_COVERS)[number], Rgb> = {
  vegetation: [156, 201, 138],
  forest: [95, 154, 90],
  water: [127, 179, 213],
  sport: [185, 216, 155],
  impervious: [200, 198, 192],
  agriculture: [227, 220, 161],
  other: [215, 210, 200],
};

/** Road classes for the network overlay (warm for the main network, neutral for local streets). */
export const ROAD_CLASS_COLORS: Record<(typeof ROAD_CLASSES)[number], Rgb> = {
  motorway: [230, 85, 13],
  trunk: [241, 105, 19],
  primary: [253, 141, 60],
  secondary: [254, 196, 79],
  tertiary: [255, 237, 160],
  residential: [250, 250, 250],
  service: [210, 210, 210],
  pedestrian: [166, 118, 29],
  unknown: [190, 190, 190],
};

export function roadLegend(): Legend {
  return { kind: 'classes', title: 'Road class', unit: 'OSM highway hierarchy', entries: ROAD_CLASSES.map((c) => ({ color: ROAD_CLASS_COLORS[c], label: c })) };
}

export function landCoverLegend(): Legend {
  return { kind: 'classes', title: 'Land cover', unit: 'class', entries: LAND_COVERS.map((c) => ({ color: LAND_COVER_COLORS[c], label: c })) };
}

/** Population density classes (inhabitants / km²): INSEE's grid of urban density separates ≥ 1 500 (dense). */
export const DENSITY_BOUNDS = [0, 250, 1000, 2500, 5000, 10000, 20000];

export function densityLegend(): Legend {
  const fmt = (n: number): string => n.toLocaleString('en-US');
  return {
    kind: 'classes',
    title: 'Population density',
    unit: 'inhabitants / km²',
    entries: DENSITY_BOUNDS.map((b, i) => ({ color: YL_OR_RD[i], label: i + 1 < DENSITY_BOUNDS.length ? `${fmt(b)} – ${fmt(DENSITY_BOUNDS[i + 1])}` : `≥ ${fmt(b)}` })),
  };
}

// ---- Buildings ----------------------------------------------------------------------------------------------

/** Default building surface (light stone, as the tiles' own material). */
export const BUILDING_COLOR: Rgb = [214, 208, 196];
/** Colour of the selected building: a hue used nowhere else in the scene, so it can be found in a screenshot. */
export const SELECTION_COLOR: Rgb = [230, 0, 230];

export const USE_COLORS: Record<(typeof BUILDING_USES)[number], Rgb> = {
  unknown: [190, 190, 190],
  residential: [252, 205, 150],
  mixed: [240, 160, 120],
  activity: [140, 160, 203],
  public: [166, 216, 84],
  industrial: [179, 179, 179],
  annex: [229, 216, 189],
};

export const PERIOD_COLORS: Record<(typeof CONSTRUCTION_PERIODS)[number], Rgb> = {
  unknown: [190, 190, 190],
  'before-1945': [140, 81, 10],
  '1945-1970': [216, 179, 101],
  '1971-1990': [246, 232, 195],
  '1991-2005': [199, 234, 229],
  '2006-2012': [90, 180, 172],
  'after-2012': [1, 102, 94],
};

export const HEIGHT_BOUNDS = [0, 6, 10, 15, 20, 30, 50];

export const BUILDING_STYLES = ['plain', 'use', 'period', 'height', 'height-provenance', 'sun-facade', 'sun-roof'] as const;
export type BuildingStyle = (typeof BUILDING_STYLES)[number];

/** Styles computed for a date (sun hours per building): their colours and legend come with the computation. */
export const SUN_STYLES = ['sun-facade', 'sun-roof'] as const satisfies readonly BuildingStyle[];
export type SunStyle = (typeof SUN_STYLES)[number];
export const isSunStyle = (s: BuildingStyle): s is SunStyle => (SUN_STYLES as readonly string[]).includes(s);

/** Buildings without a value (outside the computed window, nothing sampled): a neutral grey absent from viridis. */
export const BUILDING_NO_DATA_COLOR: Rgb = [150, 150, 150];

/** Legend of the sun-hours building styles: viridis over [0, maxH] h, with the no-data colour stated. */
export function buildingSunLegend(style: SunStyle, date: string, maxH: number): Legend {
  const facade = style === 'sun-facade';
  return {
    kind: 'ramp',
    title: facade ? `Mean direct sun on the façades on ${date}` : `Mean direct sun on the roof on ${date}`,
    unit: 'h',
    stops: VIRIDIS,
    min: 0,
    max: maxH,
    noData: facade ? 'no data: outside the computed window or no façade sampled' : 'no data: outside the computed window or roof smaller than a cell',
    noDataColor: BUILDING_NO_DATA_COLOR,
  };
}

export const PROVENANCE_COLORS = { measured: [90, 140, 200] as Rgb, imputed: [240, 150, 60] as Rgb, missing: [200, 40, 40] as Rgb };

export function buildingLegend(style: BuildingStyle): Legend | null {
  switch (style) {
    case 'plain':
      return null;
    case 'sun-facade':
    case 'sun-roof':
      return null; // computed for a date: buildingSunLegend, returned with the colours
    case 'use':
      return { kind: 'classes', title: 'Building use', unit: 'class', entries: BUILDING_USES.map((u) => ({ color: USE_COLORS[u], label: u })) };
    case 'period':
      return { kind: 'classes', title: 'Construction period', unit: 'years', entries: CONSTRUCTION_PERIODS.map((p) => ({ color: PERIOD_COLORS[p], label: p })) };
    case 'height':
      return {
        kind: 'classes',
        title: 'Height (ground → gutter)',
        unit: 'm',
        entries: HEIGHT_BOUNDS.map((b, i) => ({ color: YL_OR_RD[i], label: i + 1 < HEIGHT_BOUNDS.length ? `${b} – ${HEIGHT_BOUNDS[i + 1]}` : `≥ ${b}` })),
      };
    case 'height-provenance':
      return {
        kind: 'classes',
        title: 'Where the height comes from',
        unit: 'provenance',
        entries: [
          { color: PROVENANCE_COLORS.measured, label: 'measured (source data)' },
          { color: PROVENANCE_COLORS.imputed, label: 'imputed (rule)' },
          { color: PROVENANCE_COLORS.missing, label: 'missing' },
        ],
      };
  }
}
