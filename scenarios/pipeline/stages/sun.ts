/**
 * Sun stages. `sun-before` rasterises the baseline DSM once (the grid every comparison is made on); it does not
 * depend on the interventions, so edits and batch variants reuse it.
 * `sun-after` rebuilds the DSM after the interventions on the same grid, finds the cells whose surface changed,
 * and computes sun hours before and after only in a window around them, extended by `shadowReachM` (shadows and
 * horizons longer than that are not seen by the local comparison: with 40 m buildings and 300 m, suns below
 * ≈ 7.6°). Inside the window both states are computed on the same crop, so the change is exact for the modelled
 * reach; `sun-indicators` gives the façade sun hours lost by existing buildings (matched by source id), their mean
 * façade sun hours before and after, and the change raster (GeoTIFF). Sun hours of the whole territory are a
 * territory analysis (`jumeau sunhours`), not part of a scenario run: on Rodez at 2 m they cost ≈ 10 s, the
 * window a fraction of a second. Models: engine/raster/sunhours.ts (horizon sweeps), engine/solar (NREL SPA).
 */
import { bboxOfXY, type Territory } from '../../../engine/territory.ts';
import { parseIsoDate, sunPositionsForDay, type DaySunPath } from '../../../engine/solar/sun-path.ts';
import { sampleFacades, sunHours } from '../../../engine/raster/sunhours.ts';
import { rasterizeBuildings } from '../../../engine/raster/rasterize.ts';
import { createGrid, type Grid } from '../../../engine/raster/grid.ts';
import { snappedGrid } from '../../../data/dsm/dsm.ts';
import { gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { writeGeoTiff } from '../../../data/geotiff/write.ts';
import { resolveParams, type ParamValues } from '../../format/params.ts';
import { SUN_PARAMS } from '../../format/stage-params.ts';
import type { Stage } from '../pipeline.ts';
import type { Indicator } from '../../run/indicators.ts';

type SunParams = ParamValues<typeof SUN_PARAMS>;
const MARGIN_M = 30;

export interface SunBefore {
  /** The baseline DSM grid (values = surface heights). */
  dsm: Grid;
}

export interface SunAfter {
  /** Window [col0, row0, col1, row1) of the baseline grid that was recomputed; empty when nothing changed. */
  window: [number, number, number, number];
  /** Sun hours in the window, before and after (row-major, window size). */
  beforeHours: Float32Array;
  afterHours: Float32Array;
  /** Per baseline building: façade hours before and after inside the window (NaN when not in the window). */
  facadeBefore: Float32Array;
  /** Per after-building (territory.buildings-after order): façade hours in the window (NaN elsewhere). */
  facadeAfter: Float32Array;
}

function sunPath(t: Territory, p: SunParams): DaySunPath {
  return sunPositionsForDay(parseIsoDate(p.date), t.frame.originLat, t.frame.originLon, p.stepMin);
}

/** Empty grid over the baseline buildings plus a margin, snapped like every DSM (buildings drawn by sunOn). */
function baselineGrid(t: Territory, p: SunParams): Grid {
  const b = bboxOfXY(t.buildings.footprint.xy);
  return snappedGrid([b[0] - MARGIN_M, b[1] - MARGIN_M, b[2] + MARGIN_M, b[3] + MARGIN_M], p.resolutionM, t.frame);
}

/** Sun hours of territory `t` on a grid (the grid's values are reset to the ground, then its buildings drawn). */
function sunOn(t: Territory, empty: Grid, sun: DaySunPath): { hours: Float32Array; dsm: Grid; dayLengthH: number; roofHours: Float32Array; facadeHours: Float32Array } {
  const dsm: Grid = { ...empty, values: new Float32Array(empty.values.length) };
  const raster = rasterizeBuildings(t.buildings, dsm);
  const ground = new Float32Array(dsm.values.length);
  const facades = sampleFacades(t.buildings, dsm, raster.buildingId, { ground });
  const r = sunHours({ dsm, sun, buildings: { count: t.buildings.count, buildingId: raster.buildingId, facades } });
  return { hours: r.hours.values, dsm, dayLengthH: r.dayLengthH, roofHours: r.buildings!.roofHours, facadeHours: r.buildings!.facadeHours };
}

export const sunBeforeStage: Stage = {
  id: 'sun-before',
  version: 3,
  inputs: ['territory'],
  outputs: ['sun.before'],
  // The grid depends on the resolution only (not on the date or the time step).
  paramKeys: ['resolutionM'],
  run: ({ inputs, params }) => {
    const t = inputs.territory as Territory;
    const p = resolveParams(SUN_PARAMS, params);
    const dsm = baselineGrid(t, p);
    rasterizeBuildings(t.buildings, dsm);
    const before: SunBefore = { dsm };
    return { 'sun.before': before };
  },
};

/** Bounding box [c0, r0, c1, r1) of the cells where two surfaces differ, or null. */
function changedCells(a: Float32Array, b: Float32Array, width: number): [number, number, number, number] | null {
  let c0 = Infinity;
  let r0 = Infinity;
  let c1 = -1;
  let r1 = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const r = Math.floor(i / width);
    const c = i - r * width;
    if (c < c0) c0 = c;
    if (c > c1) c1 = c;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  return c1 < 0 ? null : [c0, r0, c1 + 1, r1 + 1];
}

export const sunAfterStage: Stage = {
  id: 'sun-after',
  version: 2,
  inputs: ['territory', 'territory.buildings-after', 'sun.before'],
  outputs: ['sun.after'],
  run: ({ inputs, params }) => {
    const before = inputs.territory as Territory;
    const after = inputs['territory.buildings-after'] as Territory;
    const sb = inputs['sun.before'] as SunBefore;
    const p = resolveParams(SUN_PARAMS, params);
    const full = sb.dsm;
    const afterDsm: Grid = { ...full, values: new Float32Array(full.values.length) };
    rasterizeBuildings(after.buildings, afterDsm);
    const changed = changedCells(sb.dsm.values, afterDsm.values, full.width);
    const none: SunAfter = { window: [0, 0, 0, 0], beforeHours: new Float32Array(0), afterHours: new Float32Array(0), facadeBefore: new Float32Array(before.buildings.count).fill(NaN), facadeAfter: new Float32Array(after.buildings.count).fill(NaN) };
    if (!changed) return { 'sun.after': none };
    const reach = Math.ceil(p.shadowReachM / full.cellSizeM);
    const c0 = Math.max(0, changed[0] - reach);
    const r0 = Math.max(0, changed[1] - reach);
    const c1 = Math.min(full.width, changed[2] + reach);
    const r1 = Math.min(full.height, changed[3] + reach);
    const crop = createGrid(c1 - c0, r1 - r0, full.cellSizeM, full.originX + c0 * full.cellSizeM, full.originY - r0 * full.cellSizeM);
    const sun = sunPath(before, p);
    const b = sunOn(before, crop, sun);
    const a = sunOn(after, crop, sun);
    // Façade values only for buildings entirely inside the window (others would be cut by its edge).
    const inside = (t: Territory, values: Float32Array): Float32Array => {
      const out = new Float32Array(t.buildings.count).fill(NaN);
      const fp = t.buildings.footprint;
      const x0 = crop.originX;
      const x1 = crop.originX + crop.width * crop.cellSizeM;
      const y1 = crop.originY;
      const y0 = crop.originY - crop.height * crop.cellSizeM;
      for (let i = 0; i < t.buildings.count; i++) {
        const bb = bboxOfXY(fp.xy.subarray(2 * fp.ringVertexStart[fp.featureRingStart[i]], 2 * fp.ringVertexStart[fp.featureRingStart[i + 1]]));
        if (bb[0] > x0 && bb[2] < x1 && bb[1] > y0 && bb[3] < y1) out[i] = values[i];
      }
      return out;
    };
    const result: SunAfter = { window: [c0, r0, c1, r1], beforeHours: b.hours, afterHours: a.hours, facadeBefore: inside(before, b.facadeHours), facadeAfter: inside(after, a.facadeHours) };
    return { 'sun.after': result };
  },
};

export const sunIndicatorsStage: Stage = {
  id: 'sun-indicators',
  version: 3,
  inputs: ['territory', 'territory.buildings-after', 'sun.before', 'sun.after'],
  outputs: ['indicators.sun', 'files.sun'],
  run: ({ inputs, params }) => {
    const before = inputs.territory as Territory;
    const after = inputs['territory.buildings-after'] as Territory;
    const sb = inputs['sun.before'] as SunBefore;
    const sa = inputs['sun.after'] as SunAfter;
    const idx = new Map<string, number>();
    after.buildings.sourceId.forEach((id, i) => idx.set(id, i));
    let lostSum = 0;
    let affected = 0;
    let compared = 0;
    let sumBefore = 0;
    let sumAfter = 0;
    const lines = ['source_id,facade_sun_hours_before,facade_sun_hours_after,lost_h'];
    for (let i = 0; i < before.buildings.count; i++) {
      const j = idx.get(before.buildings.sourceId[i]);
      if (j === undefined) continue;
      const hb = sa.facadeBefore[i];
      const ha = sa.facadeAfter[j];
      if (!Number.isFinite(hb) || !Number.isFinite(ha)) continue;
      compared++;
      const lost = Math.max(0, hb - ha);
      if (lost > 0.05) {
        affected++;
        lines.push([before.buildings.sourceId[i], hb.toFixed(3), ha.toFixed(3), lost.toFixed(3)].join(','));
      }
      lostSum += lost;
      sumBefore += hb;
      sumAfter += ha;
    }
    const p = resolveParams(SUN_PARAMS, params);
    const provenance = { model: 'engine/raster/sunhours (horizon sweeps) + engine/solar (NREL SPA); local window, see scenarios/pipeline/stages/sun.ts', datasets: before.datasets.map((d) => d.id), parameters: p };
    const indicators: Indicator[] = [
      { id: 'sun.facadeHoursLost', label: 'Façade sun hours lost by existing buildings (sum of per-building means)', unit: 'h/day', value: lostSum, provenance },
      { id: 'sun.buildingsLosingSun', label: 'Existing buildings losing more than 3 min of façade sun', unit: 'buildings', value: affected, provenance },
      { id: 'sun.buildingsCompared', label: 'Existing buildings compared around the changes', unit: 'buildings', value: compared, provenance },
      { id: 'sun.meanFacadeHoursBefore', label: 'Mean façade sun hours of the compared buildings, before', unit: 'h/day', value: compared ? sumBefore / compared : 0, provenance },
      { id: 'sun.meanFacadeHoursAfter', label: 'Mean façade sun hours of the compared buildings, after', unit: 'h/day', value: compared ? sumAfter / compared : 0, provenance },
    ];
    const files: Record<string, Uint8Array | string> = { 'sun-lost-by-building.csv': lines.join('\n') + '\n' };
    const [c0, r0, c1, r1] = sa.window;
    if (c1 > c0) {
      const g = sb.dsm;
      const change = createGrid(c1 - c0, r1 - r0, g.cellSizeM, g.originX + c0 * g.cellSizeM, g.originY - r0 * g.cellSizeM);
      for (let i = 0; i < change.values.length; i++) change.values[i] = sa.afterHours[i] - sa.beforeHours[i];
      files['sun-hours-change.tif'] = writeGeoTiff(gridToGeoRaster(change, before.frame, { description: `change of direct sun hours on ${p.date} (after - before)`, unit: 'h' }));
    }
    return { 'indicators.sun': indicators, 'files.sun': files };
  },
};
