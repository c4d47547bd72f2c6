/**
 * Territory → heat-model inputs: the heat grid (buildings' extent + margin, snapped to multiples of the cell
 * size in the plane CRS like every raster of the territory), the DSM nested in it (data/dsm/dsm.ts, cell =
 * heat cell / subdivision), its sky view factor (engine/raster/svf.ts, computed once here) and the engine's
 * preparation (engine/heat/prepare.ts). Pure TypeScript (no Node built-ins): runs in a worker too.
 */
import { buildDsm, snappedGrid, type Dsm } from '../dsm/dsm.ts';
import { bboxOfXY, type Territory } from '../../engine/territory.ts';
import { type Grid, gridBounds } from '../../engine/raster/grid.ts';
import { skyViewFactor } from '../../engine/raster/svf.ts';
import { prepareHeatInputs, type HeatInputs } from '../../engine/heat/prepare.ts';
import { withBuildingChanges, type BuildingChanges } from '../../engine/heat/buildings.ts';
import { HeatInputError, type HeatParams } from '../../engine/heat/params.ts';

export const DEFAULT_HEAT_DATE = '2025-07-15';
/** Default margin of the heat grid around the buildings (m): twice the 100 m neighbourhood disc. */
export const DEFAULT_HEAT_MARGIN_M = 200;
/** Default number of azimuths of the sky view factor. */
export const DEFAULT_SVF_DIRECTIONS = 16;
/** Largest DSM prepared (cells): about 1 GB of DSM, building ids, heights and SVF at this size. */
export const MAX_DSM_CELLS = 6e7;

export interface TerritoryHeatOptions {
  /** Heat cell size (m), default 25. */
  cellSizeM?: number;
  /** Margin around the buildings (m), default {@link DEFAULT_HEAT_MARGIN_M}. */
  marginM?: number;
  /** Explicit local bounds [minX, minY, maxX, maxY] instead of buildings + margin. */
  bounds?: [number, number, number, number];
  /** DSM cells per heat cell side (default: heat cell / 5, at least 1 m). */
  dsmSubdivision?: number;
  /** SVF azimuths (default 16). */
  svfDirections?: number;
  /** Date of the daytime shade (YYYY-MM-DD), default {@link DEFAULT_HEAT_DATE}. */
  date?: string;
  params?: Partial<HeatParams>;
  linkFlowVehPerDay?: ArrayLike<number> | null;
  buildingPowerW?: ArrayLike<number> | null;
  /** New or removed buildings (the DSM and SVF are then recomputed). */
  buildingChanges?: BuildingChanges | null;
}

export interface TerritoryHeatInputs {
  inputs: HeatInputs;
  dsm: Grid;
  svf: Grid;
  /** Seconds spent on the DSM, the SVF and the rest of the preparation. */
  timings: { dsmS: number; svfS: number; prepareS: number };
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Heat grid geometry for a territory (values unused). */
export function heatGridFor(t: Territory, cellSizeM: number, marginM: number, bounds?: [number, number, number, number]): Grid {
  if (!(cellSizeM >= 1 && cellSizeM <= 1000)) throw new HeatInputError(`heat cell size must be a number of metres in [1, 1000], got ${cellSizeM}`);
  if (!(marginM >= 0 && Number.isFinite(marginM))) throw new HeatInputError(`margin must be a non-negative number of metres, got ${marginM}`);
  let b = bounds;
  if (!b) {
    if (t.buildings.count === 0) throw new HeatInputError(`territory "${t.name}" has no buildings: give explicit bounds`);
    const bb = bboxOfXY(t.buildings.footprint.xy);
    b = [bb[0] - marginM, bb[1] - marginM, bb[2] + marginM, bb[3] + marginM];
  }
  return snappedGrid(b, cellSizeM, t.frame, 5e7);
}

/** The DSM nested in a heat grid: `subdivision` × `subdivision` DSM cells per heat cell (data/dsm/dsm.ts). */
export function heatDsm(t: Territory, grid: Grid, subdivision: number): Dsm {
  const k = subdivision;
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new HeatInputError(`dsmSubdivision must be an integer in [1, 50], got ${k}`);
  const dsmCells = grid.width * grid.height * k * k;
  if (dsmCells > MAX_DSM_CELLS) throw new HeatInputError(`a ${grid.width * k} × ${grid.height * k} DSM at ${grid.cellSizeM / k} m (${(dsmCells / 1e6).toFixed(0)} M cells) exceeds ${MAX_DSM_CELLS / 1e6} M cells: use a larger heat cell or a smaller DSM subdivision`);
  // Bounds inset by half a DSM cell so that the snapping of buildDsm lands exactly on the heat grid.
  const res = grid.cellSizeM / k;
  const [x0, y0, x1, y1] = gridBounds(grid);
  return buildDsm(t, { resolutionM: res, bounds: [x0 + res / 2, y0 + res / 2, x1 - res / 2, y1 - res / 2], maxCells: MAX_DSM_CELLS });
}

/** Builds the DSM and SVF and prepares the heat inputs of a territory (see the module comment). */
export function prepareTerritoryHeat(territory: Territory, options: TerritoryHeatOptions = {}): TerritoryHeatInputs {
  const cell = options.cellSizeM ?? 25;
  const t = options.buildingChanges ? withBuildingChanges(territory, options.buildingChanges) : territory;
  const grid = heatGridFor(t, cell, options.marginM ?? DEFAULT_HEAT_MARGIN_M, options.bounds);
  const k = options.dsmSubdivision ?? Math.max(1, Math.min(5, Math.floor(cell)));
  const t0 = now();
  const dsm = heatDsm(t, grid, k);
  const t1 = now();
  const svf = skyViewFactor(dsm.grid, { directions: options.svfDirections ?? DEFAULT_SVF_DIRECTIONS }).svf;
  const t2 = now();
  const inputs = prepareHeatInputs(t, {
    grid,
    dsm: dsm.grid,
    dsmBuildingId: dsm.raster.buildingId,
    svf,
    date: options.date ?? DEFAULT_HEAT_DATE,
    params: options.params,
    linkFlowVehPerDay: options.linkFlowVehPerDay,
    buildingPowerW: options.buildingPowerW,
  });
  inputs.svfDirections = options.svfDirections ?? DEFAULT_SVF_DIRECTIONS;
  const t3 = now();
  return { inputs, dsm: dsm.grid, svf, timings: { dsmS: (t1 - t0) / 1000, svfS: (t2 - t1) / 1000, prepareS: (t3 - t2) / 1000 } };
}

/**
 * Daily traffic per road link from CSV text with a header `link,veh_per_day` and one row per link index
 * 0 … linkCount − 1 (the territory's directed links). Every problem names the source, line and field.
 */
export function parseLinkFlowsCsv(text: string, linkCount: number, source: string): Float64Array {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').trim().toLowerCase().replace(/\s/g, '');
  if (header !== 'link,veh_per_day') throw new HeatInputError(`${source}: line 1 must be the header "link,veh_per_day", got "${lines[0] ?? ''}"`);
  const flows = new Float64Array(linkCount).fill(NaN);
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    const [a, b, extra] = l.split(',');
    const link = Number(a);
    const v = Number(b);
    if (extra !== undefined || !Number.isInteger(link) || link < 0 || link >= linkCount) throw new HeatInputError(`${source}: line ${i + 1}: link must be an integer in [0, ${linkCount - 1}] followed by one value, got "${l}"`);
    if (b === undefined || b.trim() === '' || !Number.isFinite(v) || v < 0) throw new HeatInputError(`${source}: line ${i + 1}: veh_per_day of link ${link} must be a non-negative number, got "${b ?? ''}"`);
    if (!Number.isNaN(flows[link])) throw new HeatInputError(`${source}: line ${i + 1}: link ${link} is listed twice`);
    flows[link] = v;
  }
  const missing = flows.findIndex((v) => Number.isNaN(v));
  if (missing >= 0) throw new HeatInputError(`${source}: link ${missing} has no veh_per_day (every one of the ${linkCount} links must be listed)`);
  return flows;
}
