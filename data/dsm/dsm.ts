/**
 * Digital surface model of a territory: buildings rasterised (engine/raster/rasterize.ts, cell-centre rule,
 * tallest wins) over the ground, on a grid of the chosen resolution in the local frame. Bounds are the
 * buildings' bounding box plus a margin, snapped to multiples of the resolution in the plane CRS so rasters of
 * the same territory align. Heights: the territory model has no terrain surface (only `groundZM` per
 * building), so ground = 0 and cells hold heights above ground, unless a terrain model (DTM) is given, in which
 * case cells hold terrain + building height in the DTM's reference.
 */
import { bboxOfXY, type LocalFrame, type Territory } from '../../engine/territory.ts';
import { type Grid, GridError, createGrid, cellCentreX, cellCentreY } from '../../engine/raster/grid.ts';
import { rasterizeBuildings, type RasterizeResult } from '../../engine/raster/rasterize.ts';

export interface DsmOptions {
  /** Cell size (m); default 1. */
  resolutionM?: number;
  /** Margin around the buildings (m); default 20. */
  marginM?: number;
  /** Explicit local bounds [minX, minY, maxX, maxY] instead of buildings + margin. */
  bounds?: [number, number, number, number];
  /** Terrain model in the same local frame, sampled bilinearly at cell centres (cells outside it: no data). */
  terrain?: Grid | null;
  /** Refuse grids larger than this many cells (default 400 million). */
  maxCells?: number;
}

export interface Dsm {
  grid: Grid;
  /** Ground height per cell (0, or the terrain). */
  ground: Float32Array;
  raster: RasterizeResult;
  frame: LocalFrame;
  /** Cells without terrain data (NaN in the DSM). */
  missingCells: number;
}

/** Bilinear sample of a grid at local (x, y) between cell centres; NaN outside or next to no-data. */
export function sampleBilinear(g: Grid, x: number, y: number): number {
  const fx = (x - g.originX) / g.cellSizeM - 0.5;
  const fy = (g.originY - y) / g.cellSizeM - 0.5;
  if (fx < -0.5 || fy < -0.5 || fx > g.width - 0.5 || fy > g.height - 0.5) return NaN;
  const c0 = Math.max(0, Math.min(g.width - 1, Math.floor(fx)));
  const r0 = Math.max(0, Math.min(g.height - 1, Math.floor(fy)));
  const c1 = Math.min(g.width - 1, c0 + 1);
  const r1 = Math.min(g.height - 1, r0 + 1);
  const tx = Math.max(0, Math.min(1, fx - c0));
  const ty = Math.max(0, Math.min(1, fy - r0));
  const v = g.values;
  const a = v[r0 * g.width + c0] + tx * (v[r0 * g.width + c1] - v[r0 * g.width + c0]);
  const b = v[r1 * g.width + c0] + tx * (v[r1 * g.width + c1] - v[r1 * g.width + c0]);
  return a + ty * (b - a);
}

/** Grid geometry covering local `bounds` at `res`, snapped to multiples of `res` in the plane CRS. */
export function snappedGrid(bounds: [number, number, number, number], res: number, frame: LocalFrame, maxCells = 4e8): Grid {
  const [x0, y0, x1, y1] = bounds;
  if (![x0, y0, x1, y1].every(Number.isFinite) || x0 >= x1 || y0 >= y1) throw new GridError(`invalid DSM bounds [${bounds.join(', ')}]`);
  const wx0 = Math.floor((x0 + frame.originX) / res) * res;
  const wy1 = Math.ceil((y1 + frame.originY) / res) * res;
  const width = Math.ceil((x1 + frame.originX - wx0) / res - 1e-9);
  const height = Math.ceil((wy1 - (y0 + frame.originY)) / res - 1e-9);
  if (width * height > maxCells) throw new GridError(`a ${width} × ${height} DSM at ${res} m (${(width * height / 1e6).toFixed(0)} M cells) exceeds the limit of ${(maxCells / 1e6).toFixed(0)} M cells: use a coarser resolution or smaller bounds`);
  return createGrid(width, height, res, wx0 - frame.originX, wy1 - frame.originY);
}

/** Builds the DSM of a territory (see the module comment). Throws a GridError for empty or oversized input. */
export function buildDsm(territory: Territory, options: DsmOptions = {}): Dsm {
  const res = options.resolutionM ?? 1;
  const margin = options.marginM ?? 20;
  if (!(res > 0) || !Number.isFinite(res)) throw new GridError(`resolution must be a positive number of metres, got ${res}`);
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new GridError(`margin must be a non-negative number of metres, got ${margin}`);
  let bounds = options.bounds;
  if (!bounds) {
    if (territory.buildings.count === 0) throw new GridError(`territory "${territory.name}" has no buildings: give explicit bounds`);
    const b = bboxOfXY(territory.buildings.footprint.xy);
    bounds = [b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin];
  }
  const grid = snappedGrid(bounds, res, territory.frame, options.maxCells);
  let missingCells = 0;
  if (options.terrain) {
    const t = options.terrain;
    for (let row = 0; row < grid.height; row++) {
      const y = cellCentreY(grid, row);
      for (let col = 0; col < grid.width; col++) {
        const v = sampleBilinear(t, cellCentreX(grid, col), y);
        grid.values[row * grid.width + col] = v;
        if (Number.isNaN(v)) missingCells++;
      }
    }
  }
  const ground = Float32Array.from(grid.values);
  const raster = rasterizeBuildings(territory.buildings, grid);
  return { grid, ground, raster, frame: territory.frame, missingCells };
}
