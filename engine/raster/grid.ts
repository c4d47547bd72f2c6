/**
 * Regular raster grids in the territory's local metric frame (x = east, y = north, metres).
 *
 * Layout: row-major, row 0 is the NORTHERN row and column 0 the WESTERN column (the GeoTIFF / GDAL "north-up"
 * layout). `originX`, `originY` are the local coordinates of the top-left (north-west) CORNER of cell (0, 0);
 * cell (col, row) covers x ∈ [originX + col·s, originX + (col+1)·s), y ∈ (originY − (row+1)·s, originY − row·s]
 * and its centre is (originX + (col + ½)·s, originY − (row + ½)·s), with s = `cellSizeM` (square cells).
 * Unknown values are NaN in `values`; `nodata` is the value written in files for them (GDAL_NODATA).
 */

export interface Grid {
  width: number;
  height: number;
  /** Cell side (m). */
  cellSizeM: number;
  /** Local x of the west edge of column 0 (m). */
  originX: number;
  /** Local y of the north edge of row 0 (m). */
  originY: number;
  /** width × height values, row-major from the north-west cell; NaN = no data. */
  values: Float32Array;
  /** Value standing for "no data" in files (NaN in memory); NaN when the file used NaN. */
  nodata: number;
}

export class GridError extends Error {
  override name = 'GridError';
}

/** A grid filled with `fill` (default 0). Throws a {@link GridError} for non-positive sizes. */
export function createGrid(width: number, height: number, cellSizeM: number, originX = 0, originY = 0, fill = 0): Grid {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new GridError(`grid size must be positive integers, got ${width} × ${height}`);
  if (!(cellSizeM > 0) || !Number.isFinite(cellSizeM)) throw new GridError(`cell size must be a positive number of metres, got ${cellSizeM}`);
  if (width * height > 0x7fffffff) throw new GridError(`grid of ${width} × ${height} cells is too large`);
  if (!Number.isFinite(originX) || !Number.isFinite(originY)) throw new GridError(`grid origin must be finite, got (${originX}, ${originY})`);
  const values = new Float32Array(width * height);
  if (fill !== 0) values.fill(fill);
  return { width, height, cellSizeM, originX, originY, values, nodata: NaN };
}

/** Same geometry as `g`, new values. */
export function likeGrid(g: Grid, fill = 0): Grid {
  return createGrid(g.width, g.height, g.cellSizeM, g.originX, g.originY, fill);
}

export function checkGrid(g: Grid, what = 'grid'): void {
  if (g.values.length !== g.width * g.height) throw new GridError(`${what}: ${g.values.length} values for ${g.width} × ${g.height} cells`);
  if (!(g.cellSizeM > 0) || !Number.isFinite(g.cellSizeM)) throw new GridError(`${what}: cell size must be a positive number of metres, got ${g.cellSizeM}`);
}

export const cellCentreX = (g: Grid, col: number): number => g.originX + (col + 0.5) * g.cellSizeM;
export const cellCentreY = (g: Grid, row: number): number => g.originY - (row + 0.5) * g.cellSizeM;

/** Column and row of the cell containing local point (x, y), or −1 when outside. */
export function cellAt(g: Grid, x: number, y: number): number {
  const col = Math.floor((x - g.originX) / g.cellSizeM);
  const row = Math.floor((g.originY - y) / g.cellSizeM);
  if (col < 0 || row < 0 || col >= g.width || row >= g.height) return -1;
  return row * g.width + col;
}

/** Local bounds [minX, minY, maxX, maxY] of the grid. */
export function gridBounds(g: Grid): [number, number, number, number] {
  return [g.originX, g.originY - g.height * g.cellSizeM, g.originX + g.width * g.cellSizeM, g.originY];
}

export interface GridStats {
  /** Finite cells. */
  valid: number;
  /** NaN / infinite cells. */
  missing: number;
  min: number;
  max: number;
  mean: number;
}

export function gridStats(values: ArrayLike<number>): GridStats {
  let valid = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    valid++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { valid, missing: values.length - valid, min: valid ? min : NaN, max: valid ? max : NaN, mean: valid ? sum / valid : NaN };
}

/**
 * Heights ready for the sweeps: a Float64Array copy where missing cells (NaN, ±Infinity) are replaced by the
 * lowest valid height (they then neither cast shadow nor block the sky) and a mask of them. Throws a
 * {@link GridError} when no cell is valid.
 */
export function sanitizeHeights(g: Grid, what = 'DSM'): { heights: Float64Array; missing: Uint8Array | null; missingCount: number } {
  checkGrid(g, what);
  const s = gridStats(g.values);
  if (s.valid === 0) throw new GridError(`${what}: no valid cell (all ${g.values.length} are no-data)`);
  const heights = new Float64Array(g.values.length);
  if (s.missing === 0) {
    heights.set(g.values);
    return { heights, missing: null, missingCount: 0 };
  }
  const missing = new Uint8Array(g.values.length);
  for (let i = 0; i < heights.length; i++) {
    const v = g.values[i];
    if (Number.isFinite(v)) heights[i] = v;
    else {
      heights[i] = s.min;
      missing[i] = 1;
    }
  }
  return { heights, missing, missingCount: s.missing };
}

/**
 * The grid turned 90° clockwise seen from above (north → east) about the local origin: the local point
 * (x, y) goes to (y, −x), so a cell's value keeps its meaning under a scene rotated together with the sun
 * (azimuth + 90°).
 */
export function rotateGridClockwise(g: Grid): Grid {
  const W = g.width;
  const H = g.height;
  // Old bounds [x0, y0, x1, y1] map to x' ∈ [y0, y1], y' ∈ [−x1, −x0]: new top-left = (y0, −x0).
  const [x0, y0] = gridBounds(g);
  const out = createGrid(H, W, g.cellSizeM, y0, -x0);
  out.nodata = g.nodata;
  // Old (col, row) → new col' = H − 1 − row, row' = col.
  for (let row = 0; row < H; row++) for (let col = 0; col < W; col++) out.values[col * H + (H - 1 - row)] = g.values[row * W + col];
  return out;
}
