/**
 * Building footprints → raster (digital surface model). Scanline polygon fill with the cell-centre rule: a cell
 * belongs to a footprint when its centre is inside it (even-odd over all rings of the feature, so holes and
 * multipolygons are honoured; a centre exactly on a left edge is inside, on a right edge outside). Where
 * footprints overlap, the tallest building wins.
 */
import type { Buildings, Polygons } from '../territory.ts';
import { type Grid, checkGrid } from './grid.ts';

export interface RasterizeResult {
  /** Building index per cell (−1 = none), row-major like the grid. */
  buildingId: Int32Array;
  /** Buildings that cover at least one cell centre. */
  rasterized: number;
  /** Buildings skipped: no valid height, or footprint smaller than a cell / outside the grid. */
  skipped: number;
  /** Cells covered by a building. */
  cells: number;
}

/**
 * Calls `fill(rowIndex, colStart, colEnd)` for every run of cells (colEnd exclusive) whose centre lies in
 * feature `i` of `polys`. `xs` is scratch space of at least the feature's vertex count.
 */
export function scanFeature(polys: Polygons, i: number, grid: Grid, xs: Float64Array, fill: (row: number, c0: number, c1: number) => void): void {
  const xy = polys.xy;
  const r0 = polys.featureRingStart[i];
  const r1 = polys.featureRingStart[i + 1];
  const v0 = polys.ringVertexStart[r0];
  const v1 = polys.ringVertexStart[r1];
  if (v1 - v0 < 3) return;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let v = v0; v < v1; v++) {
    const y = xy[2 * v + 1];
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const s = grid.cellSizeM;
  // Rows whose centre y = originY − (row + ½)·s lies in [minY, maxY].
  const rowStart = Math.max(0, Math.ceil((grid.originY - maxY) / s - 0.5));
  const rowEnd = Math.min(grid.height - 1, Math.floor((grid.originY - minY) / s - 0.5));
  for (let row = rowStart; row <= rowEnd; row++) {
    const yc = grid.originY - (row + 0.5) * s;
    let n = 0;
    for (let r = r0; r < r1; r++) {
      const a = polys.ringVertexStart[r];
      const b = polys.ringVertexStart[r + 1];
      for (let k = a, j = b - 1; k < b; j = k++) {
        const yk = xy[2 * k + 1];
        const yj = xy[2 * j + 1];
        if (yk > yc !== yj > yc) {
          const xk = xy[2 * k];
          const x = xk + ((yc - yk) * (xy[2 * j] - xk)) / (yj - yk);
          // insertion sort (a handful of crossings per row)
          let p = n++;
          while (p > 0 && xs[p - 1] > x) {
            xs[p] = xs[p - 1];
            p--;
          }
          xs[p] = x;
        }
      }
    }
    for (let p = 0; p + 1 < n; p += 2) {
      // Columns with centre x = originX + (col + ½)·s in [xs[p], xs[p+1]).
      const c0 = Math.max(0, Math.ceil((xs[p] - grid.originX) / s - 0.5));
      const c1 = Math.min(grid.width, Math.ceil((xs[p + 1] - grid.originX) / s - 0.5));
      if (c1 > c0) fill(row, c0, c1);
    }
  }
}

/**
 * Burns buildings into `dsm` in place: cell = max(cell, ground + height), where ground is the grid's value
 * before rasterisation (0 for flat ground, or a terrain model). `heights` defaults to `buildings.heightM`;
 * buildings with a non-finite or non-positive height are skipped (counted in `skipped`).
 */
export function rasterizeBuildings(buildings: Buildings, dsm: Grid, heights: ArrayLike<number> = buildings.heightM): RasterizeResult {
  checkGrid(dsm, 'DSM');
  const ground = Float32Array.from(dsm.values);
  const buildingId = new Int32Array(dsm.values.length).fill(-1);
  const polys = buildings.footprint;
  let maxVerts = 0;
  for (let i = 0; i < buildings.count; i++) {
    const nv = polys.ringVertexStart[polys.featureRingStart[i + 1]] - polys.ringVertexStart[polys.featureRingStart[i]];
    if (nv > maxVerts) maxVerts = nv;
  }
  const xs = new Float64Array(maxVerts + 2);
  const W = dsm.width;
  const values = dsm.values;
  let rasterized = 0;
  let skipped = 0;
  let current = 0;
  let h = 0;
  let touched = 0;
  const fill = (row: number, c0: number, c1: number): void => {
    for (let i = row * W + c0, e = row * W + c1; i < e; i++) {
      const top = ground[i] + h;
      touched++;
      if (buildingId[i] < 0 || top > values[i]) {
        values[i] = top;
        buildingId[i] = current;
      }
    }
  };
  for (let b = 0; b < buildings.count; b++) {
    h = heights[b];
    if (!(h > 0) || !Number.isFinite(h)) {
      skipped++;
      continue;
    }
    current = b;
    touched = 0;
    scanFeature(polys, b, dsm, xs, fill);
    if (touched > 0) rasterized++;
    else skipped++;
  }
  let cells = 0;
  for (let i = 0; i < buildingId.length; i++) if (buildingId[i] >= 0) cells++;
  return { buildingId, rasterized, skipped, cells };
}
