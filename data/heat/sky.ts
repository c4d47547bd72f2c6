/**
 * The DSM-derived inputs of the heat model (sky view factor and building shade of the open ground, summed per
 * heat cell) prepared once for a baseline territory and updated for a scenario only around what it changed.
 *
 * `prepareHeatSky`: heat grid (data/heat/heat.ts `heatGridFor`), DSM lattice nested in it (`subdivision` DSM
 * cells per heat cell side), buildings burnt in (engine/heat/sky.ts `rasterizeWindow`), bounded-radius SVF and
 * shade over the whole lattice (engine/heat/sky.ts `boundedSky`), summed per heat cell over the open ground.
 *
 * `updateHeatSky`: buildings that differ between the baseline and the scenario (by source id, height and
 * footprint) → the DSM cells that changed → every DSM cell within one horizon radius R of them (the only ones
 * whose SVF or shade can change: the horizon looks no farther than R) → the heat cells holding them (the
 * window). Only the window is recomputed, on a crop extended by R more so that every horizon it needs lies in
 * the crop; elsewhere the baseline sums are kept. Because the lines of engine/heat/sky.ts are anchored to the
 * lattice and the sums are accumulated in the same order, the result is bit-identical to a full preparation
 * of the scenario territory on the same grid (tested). Pure TypeScript: runs in a worker too.
 */
import { bboxOfXY, type Buildings, type Territory } from '../../engine/territory.ts';
import { boundedSky, rasterizeWindow, skyMarginCells, type SunPosition } from '../../engine/heat/sky.ts';
import { shadeSunPositions, type HeatSkyInputs } from '../../engine/heat/prepare.ts';
import { HeatInputError, resolveHeatParams, type HeatParams } from '../../engine/heat/params.ts';
import type { CellGrid } from '../../engine/heat/morphology.ts';
import { DEFAULT_HEAT_DATE, DEFAULT_HEAT_MARGIN_M, DEFAULT_SVF_DIRECTIONS, MAX_DSM_CELLS, heatGridFor } from './heat.ts';

/** Default horizon search radius of the bounded SVF and shade (m); see engine/heat/README.md. */
export const DEFAULT_SKY_RADIUS_M = 100;

export interface HeatSkyOptions {
  cellSizeM?: number;
  marginM?: number;
  /** DSM cells per heat cell side (default: heat cell / 5, at least 1 m; as data/heat/heat.ts). */
  subdivision?: number;
  directions?: number;
  radiusM?: number;
  date?: string;
  /** Heat parameters (the shade window). */
  params?: Partial<HeatParams>;
  /** Heat grid to use instead of the territory's buildings + margin (e.g. a baseline's grid). */
  grid?: CellGrid;
}

export interface HeatSky extends HeatSkyInputs {
  grid: CellGrid;
  subdivision: number;
  /** The DSM lattice: heat grid origin, cell = heat cell / subdivision. */
  dsm: CellGrid;
  suns: SunPosition[];
  radiusM: number;
}

export interface HeatSkyUpdate extends HeatSkyInputs {
  /** Heat cells recomputed [col0, row0, col1, row1) (empty when no DSM cell changed). */
  window: [number, number, number, number];
  /** Baseline / scenario buildings found changed, DSM cells changed. */
  changedBuildings: { before: number; after: number };
  changedDsmCells: number;
  /** DSM cells of the crop the horizons were computed on. */
  cropCells: number;
}

function lattice(grid: CellGrid, k: number): CellGrid {
  return { width: grid.width * k, height: grid.height * k, cellSizeM: grid.cellSizeM / k, originX: grid.originX, originY: grid.originY };
}

/** Sky of the DSM cells of `region` (DSM coordinates) computed on `crop`, summed into the heat cells (out arrays). */
function skySums(sky: HeatSky, b: Buildings, crop: [number, number, number, number], region: [number, number, number, number], out: { svf: Float64Array; samples: Float64Array; shade: Float64Array }, raster = rasterizeWindow(b.footprint, b.heightM, b.count, sky.dsm, crop)): void {
  const r = raster;
  const [c0, r0, c1] = crop;
  const cw = c1 - c0;
  const reg: [number, number, number, number] = [region[0] - c0, region[1] - r0, region[2] - c0, region[3] - r0];
  const res = boundedSky({ heights: r.heights, width: cw, height: crop[3] - r0, cellSizeM: sky.dsm.cellSizeM, col0: c0, row0: r0 }, { directions: sky.svfDirections, radiusM: sky.radiusM, suns: sky.suns, region: reg });
  const k = sky.subdivision;
  const W = sky.grid.width;
  const steps = sky.suns.length;
  for (let row = region[1]; row < region[3]; row++) {
    const base = ((row / k) | 0) * W;
    for (let col = region[0]; col < region[2]; col++) {
      const i = (row - r0) * cw + (col - c0);
      if (r.buildingId[i] >= 0) continue;
      const c = base + ((col / k) | 0);
      out.svf[c] += res.svf[i];
      out.samples[c]++;
      out.shade[c] += steps > 0 ? res.shaded[i] / steps : 0;
    }
  }
}

/** Baseline sky of a territory (see the module comment). Throws a HeatInputError on bad options. */
export function prepareHeatSky(t: Territory, o: HeatSkyOptions = {}): HeatSky {
  const g = o.grid ?? heatGridFor(t, o.cellSizeM ?? 25, o.marginM ?? DEFAULT_HEAT_MARGIN_M);
  const grid: CellGrid = { width: g.width, height: g.height, cellSizeM: g.cellSizeM, originX: g.originX, originY: g.originY };
  const cell = grid.cellSizeM;
  const k = o.subdivision ?? Math.max(1, Math.min(5, Math.floor(cell)));
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new HeatInputError(`DSM subdivision must be an integer in [1, 50], got ${k}`);
  const dsm = lattice(grid, k);
  if (dsm.width * dsm.height > MAX_DSM_CELLS) throw new HeatInputError(`a ${dsm.width} × ${dsm.height} DSM at ${dsm.cellSizeM} m exceeds ${MAX_DSM_CELLS / 1e6} M cells: use a larger heat cell`);
  const p = resolveHeatParams(o.params);
  const date = o.date ?? DEFAULT_HEAT_DATE;
  const lon = t.frame.originLon;
  const lat = t.frame.originLat;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new HeatInputError(`territory "${t.name}": frame originLon/originLat must be finite to place the sun, got ${lon}, ${lat}`);
  const directions = o.directions ?? DEFAULT_SVF_DIRECTIONS;
  const radiusM = o.radiusM ?? DEFAULT_SKY_RADIUS_M;
  const suns = shadeSunPositions(date, lon, lat, p);
  const n = grid.width * grid.height;
  const full: [number, number, number, number] = [0, 0, dsm.width, dsm.height];
  const raster = rasterizeWindow(t.buildings.footprint, t.buildings.heightM, t.buildings.count, dsm, full);
  const sky: HeatSky = {
    grid, subdivision: k, dsm, suns, radiusM,
    groundSvfSum: new Float64Array(n), groundSamples: new Float64Array(n), groundShadeSum: new Float64Array(n),
    dsmResolutionM: dsm.cellSizeM, svfDirections: directions, date, shadeSteps: suns.length, sunUpSteps: suns.filter((s) => s.elevationDeg > 0).length, longitudeDeg: lon, latitudeDeg: lat,
  };
  skySums(sky, t.buildings, full, full, { svf: sky.groundSvfSum, samples: sky.groundSamples, shade: sky.groundShadeSum }, raster);
  return sky;
}

const ringsEqual = (a: Buildings, i: number, b: Buildings, j: number): boolean => {
  const fa = a.footprint;
  const fb = b.footprint;
  const ra = fa.featureRingStart[i];
  const rb = fb.featureRingStart[j];
  const nr = fa.featureRingStart[i + 1] - ra;
  if (nr !== fb.featureRingStart[j + 1] - rb) return false;
  for (let r = 0; r <= nr; r++) if (fa.ringVertexStart[ra + r] - fa.ringVertexStart[ra] !== fb.ringVertexStart[rb + r] - fb.ringVertexStart[rb]) return false;
  const va = fa.ringVertexStart[ra];
  const vb = fb.ringVertexStart[rb];
  const nv = fa.ringVertexStart[ra + nr] - va;
  for (let v = 0; v < 2 * nv; v++) if (fa.xy[2 * va + v] !== fb.xy[2 * vb + v]) return false;
  return true;
};

/**
 * Buildings that differ between two states, by source id (ids repeated in a state are matched in order),
 * height and footprint: flags per baseline building (removed or changed) and per scenario building (new or
 * changed). Attributes that do not enter the DSM (use, floors, inhabitants) are not compared.
 */
export function changedBuildings(before: Buildings, after: Buildings): { before: Uint8Array; after: Uint8Array } {
  const fb = new Uint8Array(before.count).fill(1);
  const fa = new Uint8Array(after.count).fill(1);
  if (before === after) return { before: fb.fill(0), after: fa.fill(0) };
  const byId = new Map<string, number[]>();
  for (let i = before.count - 1; i >= 0; i--) {
    const l = byId.get(before.sourceId[i]);
    if (l) l.push(i);
    else byId.set(before.sourceId[i], [i]);
  }
  for (let j = 0; j < after.count; j++) {
    const l = byId.get(after.sourceId[j]);
    if (!l || l.length === 0) continue;
    const i = l.pop()!;
    if (before.heightM[i] === after.heightM[j] && ringsEqual(before, i, after, j)) {
      fb[i] = 0;
      fa[j] = 0;
    }
  }
  return { before: fb, after: fa };
}

/**
 * Scenario sky: the baseline sums (prepared on the `before` buildings), recomputed in the window around the
 * buildings of `after` that differ from them (see the module comment).
 */
export function updateHeatSky(sky: HeatSky, before: Buildings, after: Buildings): HeatSkyUpdate {
  const flags = changedBuildings(before, after);
  const base: HeatSkyInputs = {
    groundSvfSum: sky.groundSvfSum, groundSamples: sky.groundSamples, groundShadeSum: sky.groundShadeSum,
    dsmResolutionM: sky.dsmResolutionM, svfDirections: sky.svfDirections, date: sky.date, shadeSteps: sky.shadeSteps, sunUpSteps: sky.sunUpSteps, longitudeDeg: sky.longitudeDeg, latitudeDeg: sky.latitudeDeg,
  };
  const count = (f: Uint8Array): number => f.reduce((a, v) => a + v, 0);
  const changed = { before: count(flags.before), after: count(flags.after) };
  const unchanged: HeatSkyUpdate = { ...base, window: [0, 0, 0, 0], changedBuildings: changed, changedDsmCells: 0, cropCells: 0 };
  if (changed.before + changed.after === 0) return unchanged;
  // Candidate DSM cells: the bounding box of the changed footprints, one cell of slack.
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -Infinity;
  let by1 = -Infinity;
  for (const [b, f] of [[before, flags.before], [after, flags.after]] as const) {
    const fp = b.footprint;
    for (let i = 0; i < b.count; i++) {
      if (!f[i]) continue;
      const bb = bboxOfXY(fp.xy.subarray(2 * fp.ringVertexStart[fp.featureRingStart[i]], 2 * fp.ringVertexStart[fp.featureRingStart[i + 1]]));
      bx0 = Math.min(bx0, bb[0]);
      by0 = Math.min(by0, bb[1]);
      bx1 = Math.max(bx1, bb[2]);
      by1 = Math.max(by1, bb[3]);
    }
  }
  const d = sky.dsm;
  const s = d.cellSizeM;
  const clamp = (v: number, hi: number): number => Math.max(0, Math.min(hi, v));
  const cand: [number, number, number, number] = [
    clamp(Math.floor((bx0 - d.originX) / s) - 1, d.width), clamp(Math.floor((d.originY - by1) / s) - 1, d.height),
    clamp(Math.ceil((bx1 - d.originX) / s) + 1, d.width), clamp(Math.ceil((d.originY - by0) / s) + 1, d.height),
  ];
  if (cand[2] <= cand[0] || cand[3] <= cand[1]) return unchanged;
  // The DSM cells that changed: both states burnt into the candidate window.
  const probe = rasterizeWindow(after.footprint, after.heightM, after.count, d, cand).heights;
  const was = rasterizeWindow(before.footprint, before.heightM, before.count, d, cand).heights;
  const cw = cand[2] - cand[0];
  let c0 = Infinity;
  let r0 = Infinity;
  let c1 = -1;
  let r1 = -1;
  let changedDsmCells = 0;
  for (let row = cand[1]; row < cand[3]; row++) {
    for (let col = cand[0]; col < cand[2]; col++) {
      const i = (row - cand[1]) * cw + col - cand[0];
      if (probe[i] === was[i]) continue;
      changedDsmCells++;
      c0 = Math.min(c0, col);
      c1 = Math.max(c1, col + 1);
      r0 = Math.min(r0, row);
      r1 = Math.max(r1, row + 1);
    }
  }
  if (changedDsmCells === 0) return { ...unchanged, window: [0, 0, 0, 0] };
  // Heat cells holding a DSM cell within R of a change; the crop adds R more around them.
  const m = skyMarginCells(sky.radiusM, s);
  const k = sky.subdivision;
  const g = sky.grid;
  const win: [number, number, number, number] = [
    Math.floor(Math.max(0, c0 - m) / k), Math.floor(Math.max(0, r0 - m) / k),
    Math.min(g.width, Math.ceil(Math.min(d.width, c1 + m) / k)), Math.min(g.height, Math.ceil(Math.min(d.height, r1 + m) / k)),
  ];
  const region: [number, number, number, number] = [win[0] * k, win[1] * k, win[2] * k, win[3] * k];
  const crop: [number, number, number, number] = [Math.max(0, region[0] - m), Math.max(0, region[1] - m), Math.min(d.width, region[2] + m), Math.min(d.height, region[3] + m)];
  const out = { svf: Float64Array.from(sky.groundSvfSum), samples: Float64Array.from(sky.groundSamples), shade: Float64Array.from(sky.groundShadeSum) };
  for (let row = win[1]; row < win[3]; row++) {
    out.svf.fill(0, row * g.width + win[0], row * g.width + win[2]);
    out.samples.fill(0, row * g.width + win[0], row * g.width + win[2]);
    out.shade.fill(0, row * g.width + win[0], row * g.width + win[2]);
  }
  skySums(sky, after, crop, region, out);
  return { ...base, groundSvfSum: out.svf, groundSamples: out.samples, groundShadeSum: out.shade, window: win, changedBuildings: changed, changedDsmCells, cropCells: (crop[2] - crop[0]) * (crop[3] - crop[1]) };
}
