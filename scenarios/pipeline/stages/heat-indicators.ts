/**
 * Indicators of the heat stage, territory-wide and per zone (the population cells, as the urban stage), each
 * with its unit and provenance. Means "over built cells" are over the cells of a built local climate zone
 * (LCZ 1–10); population figures use the inhabitants of each heat cell (buildings' inhabitants spread by
 * footprint area), and a zone holds the heat cells whose centre it contains ("outside" for the others), so the
 * zone rows add up to the territory-wide populations. Zone rows are aggregates of the same run as the
 * territory-wide rows: their provenance names the parameters of the aggregation (thresholds, cell size) and
 * refers to the territory-wide rows for the others (hundreds of zones × every parameter would dominate the
 * pipeline's hashing of the results).
 */
import { isBuiltLcz } from '../../../engine/heat/lcz.ts';
import type { HeatResult } from '../../../engine/heat/model.ts';
import { OUTSIDE_ZONE } from '../../../engine/urban/zones.ts';
import type { Indicator, Provenance } from '../../run/indicators.ts';
import type { HeatStageParams } from './heat-params.ts';

export interface HeatZoneRow {
  zone: string;
  population: number;
  /** Population-weighted night UHI and daytime excess (K). */
  nightPopulationMeanK: number;
  dayPopulationMeanK: number;
  populationAboveWarm: number;
  populationAboveHot: number;
}

/** Per-zone population exposure (zones with inhabitants only; "outside" last when it has some). */
export function heatZones(r: HeatResult, population: ArrayLike<number>, cellZone: Int32Array, names: string[], p: Pick<HeatStageParams, 'warmThresholdK' | 'hotThresholdK'>): HeatZoneRow[] {
  const Z = names.length;
  const pop = new Float64Array(Z + 1);
  const night = new Float64Array(Z + 1);
  const day = new Float64Array(Z + 1);
  const warm = new Float64Array(Z + 1);
  const hot = new Float64Array(Z + 1);
  for (let c = 0; c < cellZone.length; c++) {
    const P = population[c];
    if (!(P > 0)) continue;
    const z = cellZone[c] < 0 ? Z : cellZone[c];
    pop[z] += P;
    night[z] += P * r.nightUhiK[c];
    day[z] += P * r.dayAnomalyK[c];
    if (r.nightUhiK[c] > p.warmThresholdK) warm[z] += P;
    if (r.nightUhiK[c] > p.hotThresholdK) hot[z] += P;
  }
  const rows: HeatZoneRow[] = [];
  for (let z = 0; z <= Z; z++) {
    if (!(pop[z] > 0)) continue;
    rows.push({ zone: z < Z ? names[z] : OUTSIDE_ZONE, population: pop[z], nightPopulationMeanK: night[z] / pop[z], dayPopulationMeanK: day[z] / pop[z], populationAboveWarm: warm[z], populationAboveHot: hot[z] });
  }
  return rows;
}

const pct = (v: number): number => 100 * v;

/** The indicator table of a heat run (see the module comment). */
export function heatIndicators(r: HeatResult, zones: HeatZoneRow[], p: HeatStageParams, provenance: Provenance): Indicator[] {
  const s = r.summary;
  let built = 0;
  let hotCells = 0;
  let hm = 0;
  for (let c = 0; c < r.lcz.length; c++) {
    if (!isBuiltLcz(r.lcz[c])) continue;
    built++;
    if (r.nightUhiK[c] > p.hotThresholdK) hotCells++;
    hm += r.cooling.heatMitigation[c];
  }
  const above = (t: number): number => s.populationAbove.find((a) => a.thresholdK === t)?.population ?? NaN;
  const warmLabel = `Inhabitants in cells above ${p.warmThresholdK} K at night`;
  const hotLabel = `Inhabitants in cells above ${p.hotThresholdK} K at night`;
  const zoneProvenance: Provenance = {
    model: 'engine/heat: zone aggregate (heat cells by centre) of the run whose territory-wide heat rows give the model and parameters',
    datasets: provenance.datasets,
    parameters: { cellSizeM: p.cellSizeM, warmThresholdK: p.warmThresholdK, hotThresholdK: p.hotThresholdK },
  };
  const I = (id: string, label: string, unit: string, value: number, zone?: string): Indicator => (zone === undefined ? { id, label, unit, value, provenance } : { id, label, unit, zone, value, provenance: zoneProvenance });
  const out: Indicator[] = [
    I('heat.nightUhiMeanK', 'Night-time UHI, mean over built cells (calm clear night, vs rural)', 'K', s.night.meanK),
    I('heat.nightUhiP95K', 'Night-time UHI, 95th percentile over built cells', 'K', s.night.p95K),
    I('heat.nightUhiPopulationMeanK', 'Night-time UHI, population-weighted mean', 'K', s.night.populationMeanK),
    I('heat.hotCellShare', `Built cells above ${p.hotThresholdK} K at night`, '%', built ? pct(hotCells / built) : NaN),
    I('heat.populationAboveWarm', warmLabel, 'inhabitants', above(p.warmThresholdK)),
    I('heat.populationAboveHot', hotLabel, 'inhabitants', above(p.hotThresholdK)),
    I('heat.populationAboveHotShare', `Share of inhabitants in cells above ${p.hotThresholdK} K at night`, '%', s.population > 0 ? pct(above(p.hotThresholdK) / s.population) : NaN),
    I('heat.dayExcessMeanK', 'Daytime air-temperature excess over a fully mitigated cell, mean over built cells (InVEST UCM)', 'K', s.day.meanK),
    I('heat.dayExcessPopulationMeanK', 'Daytime air-temperature excess, population-weighted mean', 'K', s.day.populationMeanK),
    I('heat.dayHeatMitigationMean', 'Daytime heat-mitigation index (cooling capacity with park cooling), mean over built cells', 'index 0–1', built ? hm / built : NaN),
    I('heat.anthropogenicMeanWm2', 'Anthropogenic heat (buildings + traffic), mean over built cells', 'W/m²', s.anthropogenic.builtMeanWm2),
    I('heat.greenAccessShare', 'Inhabitants within 300 m of a park or wood', '%', pct(s.greenAccess.populationWithin300mShare)),
  ];
  for (const z of zones) {
    out.push(I('heat.nightUhiPopulationMeanK', 'Night-time UHI, population-weighted mean', 'K', z.nightPopulationMeanK, z.zone));
    out.push(I('heat.populationAboveWarm', warmLabel, 'inhabitants', z.populationAboveWarm, z.zone));
    out.push(I('heat.populationAboveHot', hotLabel, 'inhabitants', z.populationAboveHot, z.zone));
  }
  return out;
}
