/**
 * Cast shadows on a digital surface model for one sun position, by a sweep along the sun's azimuth: along each
 * digital line travelling away from the sun, a running maximum M = max(z_q + d_q·tan e) over the cells already
 * passed carries the top of the shadow volume; the shadow surface above a cell at distance d_p is M − d_p·tan e
 * and the cell is shaded when that surface is above it. O(cells), no ray marching, no allocation per cell.
 * (The same propagation as the "shadow height" scans of Ratti & Richens 2004 / UMEP's shadowingfunction, made
 * exact per line instead of shifting the whole raster once per step.)
 *
 * Each cell is a vertical prism: the shadow of a cell starts at its far edge (half a step past its centre), and
 * a cell is shaded when the shadow surface is above its centre (cell-centre rule). The sun: azimuth from north,
 * clockwise; elevation = apparent elevation (refraction included) in degrees, see engine/solar/spa.ts.
 *
 * Conventions for degenerate inputs: sun at or below the horizon (elevation ≤ 0) → every cell is in shadow;
 * sun at the zenith (elevation ≥ 90 − 1e−9) → no cell is. No-data cells (NaN) take the lowest valid height
 * (they cast nothing) and are NaN in float outputs.
 */
import { type Grid, sanitizeHeights } from './grid.ts';
import { LineSweep } from './sweep.ts';
import * as dmath from '../math/dmath.ts';

/** Heights below the shadow surface by less than this (m) count as lit (flat roofs, round-off). */
export const SHADOW_EPS_M = 1e-4;

export interface ShadowBuffers {
  /** Reusable line traversal for the grid size. */
  sweep: LineSweep;
}

export function shadowBuffers(width: number, height: number): ShadowBuffers {
  return { sweep: new LineSweep(width, height) };
}

/**
 * Core sweep over prepared heights. Optional outputs:
 * - `shadowTop[i]`: height of the shadow surface above cell i (−Infinity when nothing upwind casts one);
 * - `litAdd[i] += dt` for every lit cell (sun-hours accumulation), `shadedFlag[i] = 1|0`.
 * Returns the number of shaded cells.
 */
export function sweepShadows(
  heights: Float64Array,
  width: number,
  height: number,
  cellSizeM: number,
  azimuthDeg: number,
  elevationDeg: number,
  out: { shadowTop?: Float64Array | null; litAdd?: Float32Array | null; dt?: number; shadedFlag?: Uint8Array | null },
  buffers: ShadowBuffers = shadowBuffers(width, height),
): number {
  const n = width * height;
  const { shadowTop = null, litAdd = null, dt = 0, shadedFlag = null } = out;
  if (!(elevationDeg > 0)) {
    if (shadowTop) shadowTop.fill(Infinity);
    if (shadedFlag) shadedFlag.fill(1);
    return n;
  }
  if (elevationDeg >= 90 - 1e-9) {
    if (shadowTop) shadowTop.fill(-Infinity);
    if (shadedFlag) shadedFlag.fill(0);
    if (litAdd) for (let i = 0; i < n; i++) litAdd[i] += dt;
    return 0;
  }
  const sweep = buffers.sweep;
  sweep.setAzimuth(azimuthDeg + 180); // travel away from the sun
  const tanE = dmath.tan((elevationDeg * Math.PI) / 180);
  const rise = sweep.stepCells * cellSizeM * tanE; // shadow drop per step
  const half = 0.5 * rise;
  const { base, kStride, jStride, offset } = sweep;
  let shaded = 0;
  for (let line = 0; line < sweep.lineCount; line++) {
    sweep.begin(line);
    const j0 = sweep.j0;
    let m = -Infinity; // running max of z + (k + ½)·rise
    for (let k = sweep.kStart, kEnd = sweep.kEnd; k < kEnd; k++) {
      const idx = base + k * kStride + (j0 + offset[k]) * jStride;
      const z = heights[idx];
      const dk = k * rise;
      const top = m - dk;
      const isShaded = top > z + SHADOW_EPS_M;
      if (isShaded) shaded++;
      else if (litAdd) litAdd[idx] += dt;
      if (shadowTop) shadowTop[idx] = top;
      if (shadedFlag) shadedFlag[idx] = isShaded ? 1 : 0;
      const c = z + dk + half;
      if (c > m) m = c;
    }
  }
  return shaded;
}

export interface ShadowResult {
  /** 1 = in shadow, 0 = sunlit, NaN = no-data cell of the DSM. Same geometry as the DSM. */
  mask: Grid;
  shadedCells: number;
  /** Cells that were no-data in the DSM. */
  missingCells: number;
}

/** Shadow mask of a DSM for a sun at (azimuthDeg, elevationDeg). See the module comment for conventions. */
export function shadowMask(dsm: Grid, azimuthDeg: number, elevationDeg: number): ShadowResult {
  if (!Number.isFinite(azimuthDeg) || !Number.isFinite(elevationDeg) || elevationDeg < -90 || elevationDeg > 90) {
    throw new RangeError(`sun position must be finite with elevation in [−90, 90]°, got azimuth ${azimuthDeg}, elevation ${elevationDeg}`);
  }
  const { heights, missing, missingCount } = sanitizeHeights(dsm);
  const flag = new Uint8Array(heights.length);
  sweepShadows(heights, dsm.width, dsm.height, dsm.cellSizeM, azimuthDeg, elevationDeg, { shadedFlag: flag });
  const values = new Float32Array(heights.length);
  let shadedCells = 0;
  for (let i = 0; i < values.length; i++) {
    if (missing && missing[i]) values[i] = NaN;
    else {
      values[i] = flag[i];
      shadedCells += flag[i];
    }
  }
  return { mask: { ...dsm, values, nodata: NaN }, shadedCells, missingCells: missingCount };
}
