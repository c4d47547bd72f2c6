/**
 * Sun hours for the viewer, computed once per (date, step, resolution, window) and shared by the ground overlay
 * and the building colouring: a DSM of the territory (data/dsm/dsm.ts), the sun path of the day at the
 * territory origin (engine/solar/sun-path.ts, NREL SPA) and engine/raster/sunhours.ts, which gives hours per
 * cell and, per building, the mean over its roof cells and over its façade sample points. Only the latest
 * computation is kept; results handed out are copies, so transferring them from the worker never detaches it.
 *
 * A building is computed only when its whole footprint lies inside the window (its shadows on itself and its
 * façade samples need the cells around it); the others, and those without a roof cell or a façade sample, are
 * "no data" (NaN).
 */
import type { Territory } from '../engine/territory.ts';
import { parseIsoDate, sunPositionsForDay, sunriseSunset } from '../engine/solar/sun-path.ts';
import { sampleFacades, sunHours, type SunHoursResult } from '../engine/raster/sunhours.ts';
import { buildDsm } from '../data/dsm/dsm.ts';
import { BUILDING_NO_DATA_COLOR, VIRIDIS, colorizeGrid, rampColor, type Legend } from './styles.ts';
import * as dmath from '../engine/math/dmath.ts';

export interface SunHoursRequest {
  /** Day to simulate, YYYY-MM-DD. */
  date: string;
  /** Cell size (m); default 2. */
  resolutionM?: number;
  /** Time step (min), dividing 1440; default 15. */
  stepMin?: number;
  /** Most cells computed; beyond it a square window around `centre` is computed. Default 1 000 000. */
  maxCells?: number;
  /** Centre of the window (local m) when the territory is larger than `maxCells`; default the territory centre. */
  centre?: [number, number];
}

/** A value grid for the generic raster overlay: geometry of `engine/raster/grid.ts`, values, colours, legend. */
export interface RasterResult {
  id: string;
  title: string;
  unit: string;
  width: number;
  height: number;
  cellSizeM: number;
  /** Local coordinates of the north-west corner. */
  originX: number;
  originY: number;
  /** Row 0 = north; NaN = no data. */
  values: Float32Array;
  /** RGBA, same layout as `values`. */
  rgba: Uint8ClampedArray;
  min: number;
  max: number;
  legend: Legend;
  /** What was computed, for the legend (date, step, extent). */
  note: string;
  computeMs: number;
}

/** Outward façade orientations, in the order of `BuildingSunHours.facadeByOrientation`. */
export const FACADE_ORIENTATIONS = ['north', 'east', 'south', 'west'] as const;

export interface BuildingSunHours {
  date: string;
  /** Mean sun hours over each building's roof cells (h); NaN = no data. */
  roofHours: Float32Array;
  /** Mean sun hours over each building's façade samples (h); NaN = no data. */
  facadeHours: Float32Array;
  /**
   * Mean sun hours of the façade samples whose outward normal is nearest to north, east, south, west
   * (4 values per building, in FACADE_ORIENTATIONS order); NaN where the building has no such sample.
   */
  facadeByOrientation: Float32Array;
  /** Buildings computed (whole footprint inside the window). */
  computed: number;
  dayLengthH: number;
  /** Upper end of the colour scale: the longest day of the year at the territory origin, whole hours. */
  scaleMaxH: number;
  note: string;
  computeMs: number;
}

interface Computation {
  key: string;
  req: Required<Omit<SunHoursRequest, 'centre'>>;
  windowed: boolean;
  result: SunHoursResult;
  /** Per-building results when the computation included the buildings. */
  buildings: Omit<BuildingSunHours, 'note' | 'computeMs'> | null;
}

const km = (m: number): string => (m / 1000).toFixed(1);

export class SunHoursModel {
  private last: Computation | null = null;

  constructor(private readonly t: Territory, private readonly bboxLocal: [number, number, number, number]) {}

  private window(req: SunHoursRequest): { r: Computation['req']; bounds: [number, number, number, number]; windowed: boolean } {
    const r = { date: req.date, resolutionM: req.resolutionM ?? 2, stepMin: req.stepMin ?? 15, maxCells: req.maxCells ?? 1_000_000 };
    parseIsoDate(r.date);
    const [bx0, by0, bx1, by1] = this.bboxLocal;
    const res = r.resolutionM;
    let bounds: [number, number, number, number] = [bx0 - 20, by0 - 20, bx1 + 20, by1 + 20];
    let windowed = false;
    if (((bounds[2] - bounds[0]) / res) * ((bounds[3] - bounds[1]) / res) > r.maxCells) {
      const half = (Math.sqrt(r.maxCells) * res) / 2;
      const [cx, cy] = req.centre ?? [(bx0 + bx1) / 2, (by0 + by1) / 2];
      bounds = [cx - half, cy - half, cx + half, cy + half];
      windowed = true;
    }
    return { r, bounds, windowed };
  }

  /** The computation for `req`, reusing the last one when it matches (and has the buildings if asked). */
  private compute(req: SunHoursRequest, withBuildings: boolean): Computation {
    const { r, bounds, windowed } = this.window(req);
    const key = JSON.stringify([r.date, r.resolutionM, r.stepMin, bounds]);
    if (this.last?.key === key && (this.last.buildings || !withBuildings)) return this.last;
    const t = this.t;
    const dsm = buildDsm(t, { resolutionM: r.resolutionM, bounds });
    const path = sunPositionsForDay(parseIsoDate(r.date), t.frame.originLat, t.frame.originLon, r.stepMin);
    if (!withBuildings) {
      const result = sunHours({ dsm: dsm.grid, sun: path });
      this.last = { key, req: r, windowed, result, buildings: null };
      return this.last;
    }
    const b = t.buildings;
    const g = dsm.grid;
    const inside = insideWindow(t, [g.originX, g.originY - g.height * g.cellSizeM, g.originX + g.width * g.cellSizeM, g.originY]);
    const heights = new Float32Array(b.count);
    let computed = 0;
    for (let i = 0; i < b.count; i++) if (inside[i]) (heights[i] = b.heightM[i]), computed++;
    const facades = sampleFacades(b, g, dsm.raster.buildingId, { ground: dsm.ground, heights });
    const result = sunHours({ dsm: g, sun: path, buildings: { count: b.count, buildingId: dsm.raster.buildingId, facades } });
    const roofHours = result.buildings!.roofHours;
    const facadeHours = result.buildings!.facadeHours;
    for (let i = 0; i < b.count; i++) if (!inside[i]) roofHours[i] = facadeHours[i] = NaN;
    const sums = new Float64Array(4 * b.count);
    const counts = new Uint32Array(4 * b.count);
    const sampleHours = result.facadeSampleHours!;
    for (let f = 0; f < facades.count; f++) {
      // Azimuth of the outward normal, from north clockwise, to the nearest of the four cardinal directions.
      const az = dmath.atan2(facades.nx[f], facades.ny[f]);
      const k = 4 * facades.building[f] + (((Math.round(az / (Math.PI / 2)) % 4) + 4) % 4);
      sums[k] += sampleHours[f];
      counts[k]++;
    }
    const facadeByOrientation = new Float32Array(4 * b.count);
    for (let k = 0; k < sums.length; k++) facadeByOrientation[k] = counts[k] ? sums[k] / counts[k] : NaN;
    const buildings = { date: r.date, roofHours, facadeHours, facadeByOrientation, computed, dayLengthH: result.dayLengthH, scaleMaxH: longestDayH(t, r.date) };
    this.last = { key, req: r, windowed, result, buildings };
    return this.last;
  }

  private extent(c: Computation): string {
    const g = c.result.hours;
    return `${c.req.date}, ${c.req.stepMin}-min steps, ${c.req.resolutionM} m cells, ${km(g.width * g.cellSizeM)} × ${km(g.height * g.cellSizeM)} km${c.windowed ? ' around the view centre' : ''}`;
  }

  /** Hours of direct sun on the ground and roofs, coloured on a 0 – day length ramp. */
  raster(req: SunHoursRequest): RasterResult {
    const t0 = performance.now();
    const c = this.compute(req, false);
    const r = c.result;
    const g = r.hours;
    const max = Math.max(r.dayLengthH, 1e-6);
    const legend: Legend = { kind: 'ramp', title: `Direct sun on ${c.req.date}`, unit: 'h', stops: VIRIDIS, min: 0, max: r.dayLengthH };
    return {
      id: 'sunhours',
      title: 'Sun hours',
      unit: 'h',
      width: g.width,
      height: g.height,
      cellSizeM: g.cellSizeM,
      originX: g.originX,
      originY: g.originY,
      values: g.values.slice(),
      rgba: colorizeGrid(g.values, VIRIDIS, 0, max),
      min: 0,
      max: r.dayLengthH,
      legend,
      note: `${this.extent(c)}; day length ${r.dayLengthH.toFixed(2)} h (open ground)`,
      computeMs: performance.now() - t0,
    };
  }

  /** Mean sun hours per building (roof, façades, façades by orientation) for the request's date. */
  buildings(req: SunHoursRequest): BuildingSunHours {
    const t0 = performance.now();
    const c = this.compute(req, true);
    const b = c.buildings!;
    return {
      ...b,
      roofHours: b.roofHours.slice(),
      facadeHours: b.facadeHours.slice(),
      facadeByOrientation: b.facadeByOrientation.slice(),
      note: `${this.extent(c)}; ${b.computed.toLocaleString('en-US')} of ${this.t.buildings.count.toLocaleString('en-US')} buildings inside the window; day length ${b.dayLengthH.toFixed(2)} h; scale 0 – ${b.scaleMaxH} h (longest day of the year here)`,
      computeMs: performance.now() - t0,
    };
  }
}

/** Whether each building's footprint lies entirely inside local bounds [x0, y0, x1, y1]. */
function insideWindow(t: Territory, [x0, y0, x1, y1]: [number, number, number, number]): Uint8Array {
  const p = t.buildings.footprint;
  const out = new Uint8Array(t.buildings.count);
  for (let i = 0; i < t.buildings.count; i++) {
    let ok = 1;
    for (let k = p.ringVertexStart[p.featureRingStart[i]]; k < p.ringVertexStart[p.featureRingStart[i + 1]] && ok; k++) {
      const x = p.xy[2 * k];
      const y = p.xy[2 * k + 1];
      if (!(x > x0 && x < x1 && y > y0 && y < y1)) ok = 0;
    }
    out[i] = ok;
  }
  return out;
}

/** Longest day length of the year at the territory origin (the June or December solstice), rounded up to 1 h. */
function longestDayH(t: Territory, date: string): number {
  const year = parseIsoDate(date).year;
  const lat = t.frame.originLat;
  const lon = t.frame.originLon;
  const d = Math.max(sunriseSunset({ year, month: 6, day: 21 }, lat, lon).dayLengthH, sunriseSunset({ year, month: 12, day: 21 }, lat, lon).dayLengthH);
  return Number.isFinite(d) && d > 0 ? Math.min(24, Math.ceil(d)) : 24;
}

/** RGB per building on the viridis ramp over [0, maxH]; NaN (no data) in BUILDING_NO_DATA_COLOR. */
export function colorBuildingHours(hours: Float32Array, maxH: number): Uint8Array {
  const rgb = new Uint8Array(hours.length * 3);
  for (let i = 0; i < hours.length; i++) {
    if (Number.isNaN(hours[i])) rgb.set(BUILDING_NO_DATA_COLOR, 3 * i);
    else rampColor(VIRIDIS, hours[i] / maxH, rgb, 3 * i);
  }
  return rgb;
}
