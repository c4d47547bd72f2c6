/**
 * Street-canyon increments added to the open-terrain Gaussian field.
 *
 * The Gaussian line-source field already holds each street's own contribution as if the street were in open
 * terrain. In a canyon the trapped vortex raises it: for each façade side of each canyon, the increment is
 *   ΔC = max(0, C_OSPM − C_open)
 * where C_OSPM is the annual (rose-weighted) or single-hour OSPM-like concentration of ./canyon.ts and C_open the
 * same street's emissions dispersed by the Gaussian kernel at the same façade points (mid-segment, 1 m off the
 * façades), so the street is not counted twice. Increments are added to receptors between the façades, by side
 * (where corridors overlap, at crossings, the largest increment is kept).
 */
import type { RoadNetwork } from '../territory.ts';
import { DEFAULT_OSPM, ospmFacades, type OspmOptions, type StreetCanyons } from './canyon.ts';
import { dispersePoints, type GridSpec, type LineSources } from './dispersion.ts';
import { linkMeanSpeedKmh, type TrafficLoad } from './emissions.ts';
import type { DispersionKernel } from './kernel.ts';
import { downwindAngleRad, sectorSpread, validateWindRose, type WindRose } from './meteo.ts';
import * as dmath from '../math/dmath.ts';

export interface CanyonIncrements {
  canyons: StreetCanyons;
  components: number;
  /** Increment (g/m³) per canyon, side (0 = left, 1 = right) and component: inc[(i · 2 + side) · components + c]. */
  inc: Float64Array;
  /** OSPM and open-terrain concentrations per unit emission (g/m³ per g/(m·s)), per canyon and side. */
  ospmPerUnit: Float64Array;
  openPerUnit: Float64Array;
}

/** Sub-direction step used to spread rose sectors for the OSPM average (deg). */
const OSPM_SUB_STEP_DEG = 5;

/** Rose-weighted OSPM façade concentrations per unit emission. */
export function ospmRoseAverage(st: Parameters<typeof ospmFacades>[0], rose: WindRose, o: OspmOptions = DEFAULT_OSPM): { left: number; right: number } {
  return ospmWindsAverage(st, ospmWinds(rose), o);
}

/** A rose's winds for OSPM: stability plays no part there, so conditions of the same direction and speed merge. */
export interface OspmWinds {
  downwindRad: Float64Array;
  speedMS: Float64Array;
  /** Share of the time of each wind (sums to 1). */
  weight: Float64Array;
}

/** The sub-directions of a rose's sectors with their time shares, conditions merged over stability classes. */
export function ospmWinds(rose: WindRose): OspmWinds {
  validateWindRose(rose);
  const spread = sectorSpread(rose.sectorWidthDeg, OSPM_SUB_STEP_DEG);
  const merged = new Map<string, { fromDeg: number; speedMS: number; frequency: number }>();
  for (const c of rose.conditions) {
    if (c.frequency === 0) continue;
    const key = `${c.fromDeg}|${c.speedMS}`;
    const m = merged.get(key);
    if (m) m.frequency += c.frequency;
    else merged.set(key, { fromDeg: c.fromDeg, speedMS: c.speedMS, frequency: c.frequency });
  }
  const dir: number[] = [];
  const speed: number[] = [];
  const weight: number[] = [];
  for (const c of merged.values())
    for (const [offset, share] of spread) {
      dir.push(downwindAngleRad(c.fromDeg + offset));
      speed.push(c.speedMS);
      weight.push(c.frequency * share);
    }
  return { downwindRad: Float64Array.from(dir), speedMS: Float64Array.from(speed), weight: Float64Array.from(weight) };
}

function ospmWindsAverage(st: Parameters<typeof ospmFacades>[0], w: OspmWinds, o: OspmOptions): { left: number; right: number } {
  let left = 0;
  let right = 0;
  for (let k = 0; k < w.weight.length; k++) {
    const r = ospmFacades(st, w.downwindRad[k], w.speedMS[k], o);
    left += w.weight[k] * r.left;
    right += w.weight[k] * r.right;
  }
  return { left, right };
}

/** Point at the middle (by length) of segment s and the unit left normal of the piece there. */
function midpoint(roads: RoadNetwork, s: number): [number, number, number, number] {
  const g = roads.segmentGeometry;
  const v0 = g.lineVertexStart[s];
  const v1 = g.lineVertexStart[s + 1];
  let total = 0;
  for (let v = v0; v < v1 - 1; v++) total += dmath.hypot(g.xy[2 * v + 2] - g.xy[2 * v], g.xy[2 * v + 3] - g.xy[2 * v + 1]);
  let acc = 0;
  for (let v = v0; v < v1 - 1; v++) {
    const ax = g.xy[2 * v];
    const ay = g.xy[2 * v + 1];
    const len = dmath.hypot(g.xy[2 * v + 2] - ax, g.xy[2 * v + 3] - ay);
    if (len > 0 && acc + len >= total / 2) {
      const t = (total / 2 - acc) / len;
      const tx = (g.xy[2 * v + 2] - ax) / len;
      const ty = (g.xy[2 * v + 3] - ay) / len;
      return [ax + t * (tx * len), ay + t * (ty * len), -ty, tx];
    }
    acc += len;
  }
  return [g.xy[2 * v0], g.xy[2 * v0 + 1], 0, 1];
}

/**
 * Increments of every canyon for emission components `perMetre[c][link]` (g/(m·s)) of traffic `t` under `rose`,
 * with `kernel` the Gaussian kernel used for the open-terrain field.
 */
export function canyonIncrements(canyons: StreetCanyons, roads: RoadNetwork, t: TrafficLoad, perMetre: Float64Array[], defaultHeavyShare: number, rose: WindRose, kernel: DispersionKernel, o: OspmOptions = DEFAULT_OSPM): CanyonIncrements {
  const comps = perMetre.length;
  const n = canyons.count;
  // Traffic and emissions per segment (sum of its links).
  const seg = new Map<number, number>();
  for (let i = 0; i < n; i++) seg.set(canyons.segment[i], i);
  const veh = new Float64Array(n);
  const speed = new Float64Array(n);
  const heavy = new Float64Array(n);
  const q = new Float64Array(n * comps);
  for (let l = 0; l < t.linkCount; l++) {
    const i = seg.get(t.linkSegment[l]);
    if (i === undefined) continue;
    const f = t.flowVehH[l] / 3600;
    veh[i] += f;
    speed[i] += (f * linkMeanSpeedKmh(t, l)) / 3.6;
    const h = t.heavyShare ? t.heavyShare[l] : NaN;
    heavy[i] += f * (Number.isNaN(h) ? defaultHeavyShare : h);
    for (let c = 0; c < comps; c++) q[i * comps + c] += perMetre[c][l];
  }
  const winds = ospmWinds(rose);
  const inc = new Float64Array(n * 2 * comps);
  const ospmPerUnit = new Float64Array(n * 2);
  const openPerUnit = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const s = canyons.segment[i];
    const W = canyons.widthM[i];
    const st = {
      widthM: W,
      heightLeftM: canyons.heightLeftM[i],
      heightRightM: canyons.heightRightM[i],
      axisRad: canyons.axisRad[i],
      vehiclesPerS: veh[i],
      speedMS: veh[i] > 0 ? speed[i] / veh[i] : 0,
      heavyShare: veh[i] > 0 ? heavy[i] / veh[i] : defaultHeavyShare,
    };
    const ospm = ospmWindsAverage(st, winds, o);
    // Open-terrain contribution of this street alone at its façades.
    const [mx, my, nx, ny] = midpoint(roads, s);
    const off = Math.max(0.5, W / 2 - 1);
    const own = segmentSources(roads, s);
    const open = dispersePoints(own, kernel, [mx + off * nx, my + off * ny, mx - off * nx, my - off * ny]).values;
    ospmPerUnit[2 * i] = ospm.left;
    ospmPerUnit[2 * i + 1] = ospm.right;
    openPerUnit[2 * i] = open[0];
    openPerUnit[2 * i + 1] = open[1];
    for (let side = 0; side < 2; side++) {
      const d = Math.max(0, ospmPerUnit[2 * i + side] - openPerUnit[2 * i + side]);
      for (let c = 0; c < comps; c++) inc[(i * 2 + side) * comps + c] = d * q[i * comps + c];
    }
  }
  return { canyons, components: comps, inc, ospmPerUnit, openPerUnit };
}

/** Unit-emission line sources of one road segment's polyline. */
function segmentSources(roads: RoadNetwork, s: number): LineSources {
  const g = roads.segmentGeometry;
  const ends: number[] = [];
  for (let v = g.lineVertexStart[s]; v < g.lineVertexStart[s + 1] - 1; v++) ends.push(g.xy[2 * v], g.xy[2 * v + 1], g.xy[2 * v + 2], g.xy[2 * v + 3]);
  const n = ends.length / 4;
  return {
    count: n,
    ax: Float64Array.from({ length: n }, (_, i) => ends[4 * i]),
    ay: Float64Array.from({ length: n }, (_, i) => ends[4 * i + 1]),
    bx: Float64Array.from({ length: n }, (_, i) => ends[4 * i + 2]),
    by: Float64Array.from({ length: n }, (_, i) => ends[4 * i + 3]),
    components: 1,
    q: new Float64Array(n).fill(1),
    segment: new Int32Array(n).fill(s),
  };
}

/**
 * Visits the receptors (x, y) between the façades of each canyon: `visit(receptor, canyon, side)`. Receptors are
 * found through `locate(x0, y0, x1, y1, fn)`, which calls fn(receptor, x, y) for every receptor in a box.
 */
function eachInCorridor(ci: CanyonIncrements, roads: RoadNetwork, marginM: number, locate: (x0: number, y0: number, x1: number, y1: number, fn: (r: number, x: number, y: number) => void) => void, visit: (r: number, canyon: number, side: number) => void): void {
  const g = roads.segmentGeometry;
  for (let i = 0; i < ci.canyons.count; i++) {
    const s = ci.canyons.segment[i];
    const hw = ci.canyons.widthM[i] / 2 + marginM;
    for (let v = g.lineVertexStart[s]; v < g.lineVertexStart[s + 1] - 1; v++) {
      const ax = g.xy[2 * v];
      const ay = g.xy[2 * v + 1];
      const bx = g.xy[2 * v + 2];
      const by = g.xy[2 * v + 3];
      const L = dmath.hypot(bx - ax, by - ay);
      if (!(L > 0)) continue;
      const tx = (bx - ax) / L;
      const ty = (by - ay) / L;
      locate(Math.min(ax, bx) - hw, Math.min(ay, by) - hw, Math.max(ax, bx) + hw, Math.max(ay, by) + hw, (r, x, y) => {
        const u = (x - ax) * tx + (y - ay) * ty;
        const w = (y - ay) * tx - (x - ax) * ty;
        if (u < 0 || u > L || Math.abs(w) > hw) return;
        visit(r, i, w >= 0 ? 0 : 1);
      });
    }
  }
}

/** Adds the increments to a component-major grid band (rows [rowStart, rowEnd)). */
export function addCanyonIncrementsToGrid(ci: CanyonIncrements, roads: RoadNetwork, grid: GridSpec, values: Float64Array, band: { rowStart?: number; rowEnd?: number } = {}): number {
  const r0 = band.rowStart ?? 0;
  const r1 = band.rowEnd ?? grid.height;
  const W = grid.width;
  const cells = (r1 - r0) * W;
  const comps = ci.components;
  if (values.length !== cells * comps) throw new Error(`canyon increments: ${values.length} values for ${cells} cells × ${comps} components`);
  const add = new Float64Array(cells * comps);
  const touched = new Uint8Array(cells);
  const cs = grid.cellSizeM;
  eachInCorridor(
    ci,
    roads,
    0,
    (x0, y0, x1, y1, fn) => {
      const c0 = Math.max(0, Math.ceil((x0 - grid.originX) / cs - 0.5));
      const c1 = Math.min(W - 1, Math.floor((x1 - grid.originX) / cs - 0.5));
      const rA = Math.max(r0, Math.ceil((grid.originY - y1) / cs - 0.5));
      const rB = Math.min(r1 - 1, Math.floor((grid.originY - y0) / cs - 0.5));
      for (let row = rA; row <= rB; row++) for (let col = c0; col <= c1; col++) fn((row - r0) * W + col, grid.originX + (col + 0.5) * cs, grid.originY - (row + 0.5) * cs);
    },
    (cell, i, side) => {
      touched[cell] = 1;
      for (let c = 0; c < comps; c++) add[c * cells + cell] = Math.max(add[c * cells + cell], ci.inc[(i * 2 + side) * comps + c]);
    },
  );
  let n = 0;
  for (let k = 0; k < cells; k++) if (touched[k]) n++;
  for (let k = 0; k < add.length; k++) values[k] += add[k];
  return n;
}

/** Adds the increments to receptor points within `marginM` of the façades (component-major values). */
export function addCanyonIncrementsToPoints(ci: CanyonIncrements, roads: RoadNetwork, xy: ArrayLike<number>, values: Float64Array, marginM = 2): number {
  const n = xy.length / 2;
  const comps = ci.components;
  const add = new Float64Array(n * comps);
  const touched = new Uint8Array(n);
  // A coarse bucket grid of the points.
  const B = 50;
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = `${Math.floor(xy[2 * i] / B)},${Math.floor(xy[2 * i + 1] / B)}`;
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  }
  eachInCorridor(
    ci,
    roads,
    marginM,
    (x0, y0, x1, y1, fn) => {
      for (let by = Math.floor(y0 / B); by <= Math.floor(y1 / B); by++) {
        for (let bx = Math.floor(x0 / B); bx <= Math.floor(x1 / B); bx++) {
          for (const i of buckets.get(`${bx},${by}`) ?? []) fn(i, xy[2 * i], xy[2 * i + 1]);
        }
      }
    },
    (i, k, side) => {
      touched[i] = 1;
      for (let c = 0; c < comps; c++) add[c * n + i] = Math.max(add[c * n + i], ci.inc[(k * 2 + side) * comps + c]);
    },
  );
  for (let k = 0; k < add.length; k++) values[k] += add[k];
  let count = 0;
  for (let i = 0; i < n; i++) if (touched[i]) count++;
  return count;
}
