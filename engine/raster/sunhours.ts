/**
 * Hours of direct sun over a day: on every cell of a DSM (ground and roofs) and per building (mean over its
 * roof cells, mean over façade sample points). Sun hours = Σ over time steps with the sun above the horizon
 * (apparent elevation > 0) of [point not in shadow] × step — the definition of WMO's "sunshine duration"
 * restricted to the geometry (no clouds, no irradiance threshold). With steps sampled at their midpoints
 * (engine/solar/sun-path.ts) open flat ground receives the day length to within one step.
 *
 * Façades: sampled along every footprint edge (spacing ≤ `facadeSpacingM`) at mid-heights of levels of
 * ≈ `facadeLevelM`. A sample is lit when the sun is in front of the wall (outward normal · sun direction > 0)
 * and the shadow surface above the first cell outside the wall is below the sample. Samples whose outside cell
 * is another building at least as tall (party walls) are not façade and are dropped; so are samples whose
 * outside cell falls off the grid.
 */
import type { Buildings } from '../territory.ts';
import { type Grid, GridError, cellAt, sanitizeHeights } from './grid.ts';
import { SHADOW_EPS_M, shadowBuffers, sweepShadows } from './shadow.ts';
import * as dmath from '../math/dmath.ts';

/** Sun positions at regular steps (engine/solar `DaySunPath` satisfies it). */
export interface SunSteps {
  count: number;
  stepMin: number;
  /** From north, clockwise (°). */
  azimuthDeg: ArrayLike<number>;
  /** Apparent elevation (°). */
  elevationDeg: ArrayLike<number>;
}

export interface FacadeSamples {
  count: number;
  building: Uint32Array;
  /** Grid cell just outside the wall. */
  cell: Int32Array;
  /** Height of the sample point in the DSM's height reference (m). */
  zM: Float64Array;
  /** Outward unit normal (east, north). */
  nx: Float64Array;
  ny: Float64Array;
}

export interface FacadeOptions {
  /** Maximum distance between samples along an edge (m); default the cell size. */
  facadeSpacingM?: number;
  /** Storey height used to place samples in height (m); default 3. */
  facadeLevelM?: number;
  /** Ground height under each cell (same geometry as the DSM); default 0 everywhere. */
  ground?: Float32Array | null;
  /** Building heights (m); default `buildings.heightM`. */
  heights?: ArrayLike<number>;
}

/** Façade sample points of all buildings (see the module comment). */
export function sampleFacades(buildings: Buildings, dsm: Grid, buildingId: Int32Array, options: FacadeOptions = {}): FacadeSamples {
  const spacing = options.facadeSpacingM ?? dsm.cellSizeM;
  const level = options.facadeLevelM ?? 3;
  if (!(spacing > 0) || !(level > 0)) throw new GridError(`façade spacing and level height must be positive, got ${spacing} and ${level}`);
  const heights = options.heights ?? buildings.heightM;
  const ground = options.ground ?? null;
  const p = buildings.footprint;
  const b: number[] = [];
  const cells: number[] = [];
  const zs: number[] = [];
  const nxs: number[] = [];
  const nys: number[] = [];
  const cs = dsm.cellSizeM;
  for (let i = 0; i < buildings.count; i++) {
    const h = heights[i];
    if (!(h > 0) || !Number.isFinite(h)) continue;
    const levels = Math.max(1, Math.round(h / level));
    for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) {
      const a = p.ringVertexStart[r];
      const e = p.ringVertexStart[r + 1];
      for (let k = a; k < e; k++) {
        const j = k + 1 < e ? k + 1 : a;
        const x0 = p.xy[2 * k];
        const y0 = p.xy[2 * k + 1];
        const dx = p.xy[2 * j] - x0;
        const dy = p.xy[2 * j + 1] - y0;
        const len = dmath.hypot(dx, dy);
        if (!(len > 1e-9)) continue;
        // Outer rings are counter-clockwise and holes clockwise: the right-hand normal points out of the solid.
        const nx = dy / len;
        const ny = -dx / len;
        const segs = Math.max(1, Math.ceil(len / spacing - 1e-9));
        for (let s = 0; s < segs; s++) {
          const t = (s + 0.5) / segs;
          const px = x0 + t * dx;
          const py = y0 + t * dy;
          // First cell outside this building, probing outwards by quarter cells up to two cells.
          let cell = -1;
          for (let d = 0.25; d <= 2; d += 0.25) {
            const c = cellAt(dsm, px + nx * d * cs, py + ny * d * cs);
            if (c < 0) break;
            if (buildingId[c] !== i) {
              cell = c;
              break;
            }
          }
          if (cell < 0) continue;
          const g = ground ? ground[cell] : 0;
          for (let l = 0; l < levels; l++) {
            const z = g + ((l + 0.5) * h) / levels;
            if (buildingId[cell] >= 0 && dsm.values[cell] >= z) continue; // against a neighbour: party wall
            b.push(i);
            cells.push(cell);
            zs.push(z);
            nxs.push(nx);
            nys.push(ny);
          }
        }
      }
    }
  }
  return { count: b.length, building: Uint32Array.from(b), cell: Int32Array.from(cells), zM: Float64Array.from(zs), nx: Float64Array.from(nxs), ny: Float64Array.from(nys) };
}

export interface BuildingSunHours {
  /** Mean sun hours over each building's roof cells; NaN when it covers no cell (`roofCells` = 0). */
  roofHours: Float32Array;
  roofCells: Uint32Array;
  /** Mean sun hours over each building's façade samples; NaN when it has none (`facadeSamples` = 0). */
  facadeHours: Float32Array;
  facadeSamples: Uint32Array;
}

export interface SunHoursResult {
  /** Hours of direct sun per cell (ground and roofs); NaN on no-data cells of the DSM. */
  hours: Grid;
  /** Σ steps with the sun above the horizon × step (h): the value of unobstructed flat ground. */
  dayLengthH: number;
  sunSteps: number;
  missingCells: number;
  buildings: BuildingSunHours | null;
  /** Sun hours of each façade sample (same order as the samples given), or null without samples. */
  facadeSampleHours: Float32Array | null;
}

export interface SunHoursInput {
  dsm: Grid;
  sun: SunSteps;
  /** Per-building statistics: building index per cell (from rasterizeBuildings) and façade samples. */
  buildings?: { count: number; buildingId: Int32Array; facades?: FacadeSamples | null } | null;
}

/** Sun hours of every cell, and per building when `buildings` is given. */
export function sunHours(input: SunHoursInput): SunHoursResult {
  const { dsm, sun } = input;
  const { heights, missing, missingCount } = sanitizeHeights(dsm);
  const W = dsm.width;
  const H = dsm.height;
  if (!(sun.stepMin > 0) || sun.azimuthDeg.length < sun.count || sun.elevationDeg.length < sun.count) throw new GridError(`sun steps: need ${sun.count} positions and a positive step, got step ${sun.stepMin} min`);
  const dt = sun.stepMin / 60;
  const hours = new Float32Array(W * H);
  const bl = input.buildings ?? null;
  const facades = bl?.facades ?? null;
  const facadeLit = facades ? new Float64Array(facades.count) : null;
  const shadowTop = facades ? new Float64Array(W * H) : null;
  const buffers = shadowBuffers(W, H);
  let sunSteps = 0;
  for (let k = 0; k < sun.count; k++) {
    const el = sun.elevationDeg[k];
    if (!(el > 0)) continue;
    sunSteps++;
    const az = sun.azimuthDeg[k];
    sweepShadows(heights, W, H, dsm.cellSizeM, az, el, { litAdd: hours, dt, shadowTop }, buffers);
    if (facades && facadeLit && shadowTop) {
      const sx = dmath.sin((az * Math.PI) / 180);
      const sy = dmath.cos((az * Math.PI) / 180);
      for (let f = 0; f < facades.count; f++) {
        if (facades.nx[f] * sx + facades.ny[f] * sy <= 0) continue;
        if (shadowTop[facades.cell[f]] <= facades.zM[f] + SHADOW_EPS_M) facadeLit[f] += dt;
      }
    }
  }
  let buildings: BuildingSunHours | null = null;
  if (bl) {
    const n = bl.count;
    const roofSum = new Float64Array(n);
    const roofCells = new Uint32Array(n);
    for (let i = 0; i < hours.length; i++) {
      const b = bl.buildingId[i];
      if (b >= 0 && b < n) {
        roofSum[b] += hours[i];
        roofCells[b]++;
      }
    }
    const facadeSum = new Float64Array(n);
    const facadeSamples = new Uint32Array(n);
    if (facades && facadeLit) {
      for (let f = 0; f < facades.count; f++) {
        facadeSum[facades.building[f]] += facadeLit[f];
        facadeSamples[facades.building[f]]++;
      }
    }
    const roofHours = new Float32Array(n);
    const facadeHours = new Float32Array(n);
    for (let b = 0; b < n; b++) {
      roofHours[b] = roofCells[b] ? roofSum[b] / roofCells[b] : NaN;
      facadeHours[b] = facadeSamples[b] ? facadeSum[b] / facadeSamples[b] : NaN;
    }
    buildings = { roofHours, roofCells, facadeHours, facadeSamples };
  }
  if (missing) for (let i = 0; i < hours.length; i++) if (missing[i]) hours[i] = NaN;
  const facadeSampleHours = facadeLit ? Float32Array.from(facadeLit) : null;
  return { hours: { ...dsm, values: hours, nodata: NaN }, dayLengthH: sunSteps * dt, sunSteps, missingCells: missingCount, buildings, facadeSampleHours };
}
