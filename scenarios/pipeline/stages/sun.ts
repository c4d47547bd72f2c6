/**
 * Sun stages: a DSM of the territory before and after the interventions (same grid, the bounds of the
 * baseline plus a margin), hours of direct sun per cell and per building for the scenario's date, and the
 * indicator "sun hours lost by existing buildings" (buildings present in both, matched by source id).
 * Models: engine/raster/sunhours.ts (horizon sweeps), engine/solar (NREL SPA).
 */
import { bboxOfXY, type Territory } from '../../../engine/territory.ts';
import { parseIsoDate, sunPositionsForDay } from '../../../engine/solar/sun-path.ts';
import { sampleFacades, sunHours, type SunHoursResult } from '../../../engine/raster/sunhours.ts';
import { buildDsm } from '../../../data/dsm/dsm.ts';
import { resolveParams } from '../../format/params.ts';
import { SUN_PARAMS } from '../../format/stage-params.ts';
import type { Stage } from '../pipeline.ts';
import type { Indicator } from '../../run/indicators.ts';

export interface SunArtefact {
  /** Hours of direct sun per cell (row-major grid, see grid fields). */
  hours: Float32Array;
  width: number;
  height: number;
  cellSizeM: number;
  originX: number;
  originY: number;
  dayLengthH: number;
  /** Per building (territory order): mean roof and façade sun hours (NaN when not sampled). */
  roofHours: Float32Array;
  facadeHours: Float32Array;
}

const MARGIN_M = 30;

/** Computes sun hours of `t` on the grid covering `boundsOf` (the baseline territory). */
export function computeSun(t: Territory, boundsOf: Territory, params: Record<string, unknown>): SunArtefact {
  const p = resolveParams(SUN_PARAMS, params);
  const b = bboxOfXY(boundsOf.buildings.footprint.xy);
  const dsm = buildDsm(t, { resolutionM: p.resolutionM, bounds: [b[0] - MARGIN_M, b[1] - MARGIN_M, b[2] + MARGIN_M, b[3] + MARGIN_M] });
  const sun = sunPositionsForDay(parseIsoDate(p.date), t.frame.originLat, t.frame.originLon, p.stepMin);
  const facades = sampleFacades(t.buildings, dsm.grid, dsm.raster.buildingId, { ground: dsm.ground });
  const r: SunHoursResult = sunHours({ dsm: dsm.grid, sun, buildings: { count: t.buildings.count, buildingId: dsm.raster.buildingId, facades } });
  const g = r.hours;
  return { hours: g.values, width: g.width, height: g.height, cellSizeM: g.cellSizeM, originX: g.originX, originY: g.originY, dayLengthH: r.dayLengthH, roofHours: r.buildings!.roofHours, facadeHours: r.buildings!.facadeHours };
}

export const sunBeforeStage: Stage = {
  id: 'sun-before',
  version: 1,
  inputs: ['territory'],
  outputs: ['sun.before'],
  run: ({ inputs, params }) => ({ 'sun.before': computeSun(inputs.territory as Territory, inputs.territory as Territory, params) }),
};

export const sunAfterStage: Stage = {
  id: 'sun-after',
  version: 1,
  inputs: ['territory', 'territory.buildings-after'],
  outputs: ['sun.after'],
  run: ({ inputs, params }) => ({ 'sun.after': computeSun(inputs['territory.buildings-after'] as Territory, inputs.territory as Territory, params) }),
};

/** Façade sun hours lost by buildings that exist before and after (matched by source id). */
export const sunIndicatorsStage: Stage = {
  id: 'sun-indicators',
  version: 1,
  inputs: ['territory', 'territory.buildings-after', 'sun.before', 'sun.after'],
  outputs: ['indicators.sun', 'files.sun'],
  run: ({ inputs, params }) => {
    const before = inputs.territory as Territory;
    const after = inputs['territory.buildings-after'] as Territory;
    const sb = inputs['sun.before'] as SunArtefact;
    const sa = inputs['sun.after'] as SunArtefact;
    const idx = new Map<string, number>();
    after.buildings.sourceId.forEach((id, i) => idx.set(id, i));
    let lostSum = 0;
    let affected = 0;
    let matched = 0;
    const lines = ['source_id,facade_sun_hours_before,facade_sun_hours_after,lost_h'];
    for (let i = 0; i < before.buildings.count; i++) {
      const j = idx.get(before.buildings.sourceId[i]);
      if (j === undefined) continue;
      const hb = sb.facadeHours[i];
      const ha = sa.facadeHours[j];
      if (!Number.isFinite(hb) || !Number.isFinite(ha)) continue;
      matched++;
      const lost = Math.max(0, hb - ha);
      if (lost > 0.05) {
        affected++;
        lines.push([before.buildings.sourceId[i], hb.toFixed(3), ha.toFixed(3), lost.toFixed(3)].join(','));
      }
      lostSum += lost;
    }
    const provenance = { model: 'engine/raster/sunhours (horizon sweeps) + engine/solar (NREL SPA)', datasets: before.datasets.map((d) => d.id), parameters: resolveParams(SUN_PARAMS, params) };
    const indicators: Indicator[] = [
      { id: 'sun.facadeHoursLost', label: 'Façade sun hours lost by existing buildings (sum of per-building means)', unit: 'h/day', value: lostSum, provenance },
      { id: 'sun.buildingsLosingSun', label: 'Existing buildings losing more than 3 min of façade sun', unit: 'buildings', value: affected, provenance },
      { id: 'sun.existingBuildingsCompared', label: 'Existing buildings compared (present before and after)', unit: 'buildings', value: matched, provenance },
    ];
    return { 'indicators.sun': indicators, 'files.sun': { 'sun-lost-by-building.csv': lines.join('\n') + '\n' } };
  },
};
