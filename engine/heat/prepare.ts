/**
 * Inputs of the heat model per cell, prepared once per territory (and again only when buildings change): the
 * vector morphology (morphology.ts) plus, from a digital surface model nested in the heat grid, the mean sky
 * view factor of the open ground (engine/raster/svf.ts) and the mean building-shadow fraction of the open
 * ground over the daytime window of the chosen date (engine/solar sun path + engine/raster/shadow.ts sweeps).
 * Scenario levers then act on these inputs without recomputing the SVF.
 */
import { type Grid, checkGrid, sanitizeHeights } from '../raster/grid.ts';
import { shadowBuffers, sweepShadows } from '../raster/shadow.ts';
import { skyViewFactor } from '../raster/svf.ts';
import { DaySun, localSolarDayStart, parseIsoDate } from '../solar/sun-path.ts';
import { emptyPosition } from '../solar/spa.ts';
import type { Territory } from '../territory.ts';
import { cellMorphology, type CellGrid, type CellMorphology, type MorphologyOptions } from './morphology.ts';
import { HeatInputError, resolveHeatParams, type HeatParams } from './params.ts';

export interface PrepareHeatOptions extends MorphologyOptions {
  /** Heat grid geometry (values unused). */
  grid: CellGrid;
  /** DSM nested in the heat grid: same origin, cell size = heat cell / integer, covering it exactly. */
  dsm: Grid;
  /** Building index per DSM cell (−1 = ground), as made by the DSM rasteriser. */
  dsmBuildingId: Int32Array;
  /** Sky view factor of the DSM when already computed (same geometry); computed here otherwise. */
  svf?: Grid | null;
  /** Azimuths of the SVF computation (default 16). */
  svfDirections?: number;
  /** Date of the daytime model (YYYY-MM-DD), for building shadows. */
  date: string;
  params?: Partial<HeatParams>;
}

export interface HeatInputs extends CellMorphology {
  grid: CellGrid;
  cellAreaM2: number;
  /** Σ SVF and number of open-ground DSM samples per cell. */
  groundSvfSum: Float64Array;
  groundSamples: Float64Array;
  /** Σ building-shadow fraction over the daytime window, over the open-ground DSM samples of each cell. */
  groundShadeSum: Float64Array;
  dsmResolutionM: number;
  svfDirections: number;
  date: string;
  /** Sun positions used for the shade, and how many had the sun up. */
  shadeSteps: number;
  sunUpSteps: number;
  longitudeDeg: number;
  latitudeDeg: number;
}

/**
 * Sun positions of the daytime shade window of `date` (YYYY-MM-DD): the middle of each `shadeStepH` step from
 * `shadeStartSolarH` to `shadeEndSolarH`, local mean solar time (NREL SPA via engine/solar/sun-path.ts).
 */
export function shadeSunPositions(isoDate: string, longitudeDeg: number, latitudeDeg: number, p: HeatParams): Array<{ azimuthDeg: number; elevationDeg: number }> {
  const dayStart = localSolarDayStart(parseIsoDate(isoDate), longitudeDeg);
  const sun = new DaySun(dayStart, 86400000, latitudeDeg, longitudeDeg);
  const pos = emptyPosition();
  const out: Array<{ azimuthDeg: number; elevationDeg: number }> = [];
  for (let hour = p.shadeStartSolarH + p.shadeStepH / 2; hour < p.shadeEndSolarH; hour += p.shadeStepH) {
    sun.at(dayStart + hour * 3600000, pos);
    out.push({ azimuthDeg: pos.azimuthDeg, elevationDeg: pos.elevationDeg });
  }
  return out;
}

/** The DSM-derived part of {@link HeatInputs} (per-cell sums over the open ground and how they were made). */
export type HeatSkyInputs = Pick<HeatInputs, 'groundSvfSum' | 'groundSamples' | 'groundShadeSum' | 'dsmResolutionM' | 'svfDirections' | 'date' | 'shadeSteps' | 'sunUpSteps' | 'longitudeDeg' | 'latitudeDeg'>;

/** Heat inputs from a vector morphology on `grid` and sky sums prepared elsewhere (e.g. data/heat/sky.ts). */
export function assembleHeatInputs(grid: CellGrid, morph: CellMorphology, sky: HeatSkyInputs): HeatInputs {
  const n = grid.width * grid.height;
  for (const k of ['groundSvfSum', 'groundSamples', 'groundShadeSum'] as const) if (sky[k].length !== n) throw new HeatInputError(`${k} has ${sky[k].length} values for a ${grid.width} × ${grid.height} heat grid`);
  if (morph.buildingM2.length !== n) throw new HeatInputError(`the morphology has ${morph.buildingM2.length} cells for a ${grid.width} × ${grid.height} heat grid`);
  return { ...morph, grid: { width: grid.width, height: grid.height, cellSizeM: grid.cellSizeM, originX: grid.originX, originY: grid.originY }, cellAreaM2: grid.cellSizeM * grid.cellSizeM, ...sky };
}

/** Prepares the per-cell inputs (see the module comment). Throws a HeatInputError on inconsistent input. */
export function prepareHeatInputs(territory: Territory, options: PrepareHeatOptions): HeatInputs {
  const p = resolveHeatParams(options.params);
  const g = options.grid;
  if (!Number.isInteger(g.width) || !Number.isInteger(g.height) || g.width < 1 || g.height < 1 || !(g.cellSizeM > 0)) throw new HeatInputError(`heat grid must have positive integer size and cell size, got ${g.width} × ${g.height} at ${g.cellSizeM} m`);
  const dsm = options.dsm;
  checkGrid(dsm, 'DSM');
  const k = Math.round(g.cellSizeM / dsm.cellSizeM);
  if (k < 1 || Math.abs(k * dsm.cellSizeM - g.cellSizeM) > 1e-6 * g.cellSizeM || dsm.width !== g.width * k || dsm.height !== g.height * k || Math.abs(dsm.originX - g.originX) > 1e-6 || Math.abs(dsm.originY - g.originY) > 1e-6) {
    throw new HeatInputError(`the DSM (${dsm.width} × ${dsm.height} at ${dsm.cellSizeM} m from (${dsm.originX}, ${dsm.originY})) is not nested in the heat grid (${g.width} × ${g.height} at ${g.cellSizeM} m from (${g.originX}, ${g.originY})): its cell must divide the heat cell and it must cover the grid exactly`);
  }
  if (options.dsmBuildingId.length !== dsm.values.length) throw new HeatInputError(`dsmBuildingId has ${options.dsmBuildingId.length} values for a DSM of ${dsm.values.length} cells`);
  const directions = options.svfDirections ?? 16;
  let svf = options.svf ?? null;
  if (svf) {
    if (svf.width !== dsm.width || svf.height !== dsm.height || svf.cellSizeM !== dsm.cellSizeM) throw new HeatInputError('the given SVF grid does not match the DSM');
  } else svf = skyViewFactor(dsm, { directions }).svf;
  parseIsoDate(options.date);
  const lon = territory.frame.originLon;
  const lat = territory.frame.originLat;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new HeatInputError(`territory "${territory.name}": frame originLon/originLat must be finite to place the sun, got ${lon}, ${lat}`);

  const morph = cellMorphology(territory, g, p, options);
  const n = g.width * g.height;
  const groundSvfSum = new Float64Array(n);
  const groundSamples = new Float64Array(n);
  const groundShadeSum = new Float64Array(n);

  // Building shade over the daytime window.
  const suns = shadeSunPositions(options.date, lon, lat, p);
  const { heights } = sanitizeHeights(dsm);
  const lit = new Float32Array(dsm.values.length);
  const buf = shadowBuffers(dsm.width, dsm.height);
  const steps = suns.length;
  let sunUp = 0;
  for (const pos of suns) {
    if (pos.elevationDeg > 0) sunUp++;
    sweepShadows(heights, dsm.width, dsm.height, dsm.cellSizeM, pos.azimuthDeg, pos.elevationDeg, { litAdd: lit, dt: 1 }, buf);
  }
  const W = dsm.width;
  for (let row = 0; row < dsm.height; row++) {
    const base = ((row / k) | 0) * g.width;
    for (let col = 0; col < W; col++) {
      const i = row * W + col;
      if (options.dsmBuildingId[i] >= 0) continue;
      const v = svf.values[i];
      if (!Number.isFinite(v)) continue;
      const c = base + ((col / k) | 0);
      groundSvfSum[c] += v;
      groundSamples[c]++;
      groundShadeSum[c] += steps > 0 ? 1 - lit[i] / steps : 0;
    }
  }
  return {
    ...morph,
    grid: { width: g.width, height: g.height, cellSizeM: g.cellSizeM, originX: g.originX, originY: g.originY },
    cellAreaM2: g.cellSizeM * g.cellSizeM,
    groundSvfSum,
    groundSamples,
    groundShadeSum,
    dsmResolutionM: dsm.cellSizeM,
    svfDirections: options.svf ? NaN : directions,
    date: options.date,
    shadeSteps: steps,
    sunUpSteps: sunUp,
    longitudeDeg: lon,
    latitudeDeg: lat,
  };
}
