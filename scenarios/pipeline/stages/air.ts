/**
 * Air stage: the scenario's assigned traffic → annual-mean NO2, PM10 and PM2.5 (engine/air/): emissions per link
 * from the assigned flows (engine/air/assigned-traffic.ts: daily flow / 24, peak hours at the congested speed, the
 * rest at free-flow speed, fleet-default heavy share), Gaussian line sources over the default Rennes-like wind
 * rose with street-canyon increments, background and NO2 chemistry, on a receptor grid and at the façades of the
 * scenario's residents (`urban.activity` inhabitants). One dispersion pass serves the three pollutants.
 *
 * Indicators (unit + provenance): emissions in t/yr (NOx, PM10, PM2.5, CO2), population-weighted mean
 * concentrations territory-wide and per zone, residents above the EU limit values in force (Directive
 * 2008/50/EC), the 2030 EU limit values (Directive (EU) 2024/2881) and the WHO 2021 guidelines.
 * Files: no2.tif, pm10.tif, pm25.tif (Float32 GeoTIFF, µg/m³) and link-emissions.csv.
 * Environment-neutral (no Node built-ins): runs in the CLI, a batch worker and a browser worker.
 */
import { featureCentroid, ROAD_CLASSES, bboxOfXY, type Territory } from '../../../engine/territory.ts';
import { trafficLoadFromAssignment } from '../../../engine/air/assigned-traffic.ts';
import { RENNES_DEFAULT_ROSE } from '../../../engine/air/meteo.ts';
import { airExposures, airField, airGrids, airRegion, airStreetCanyons, backgroundUgM3, prepareAir, type AirPollutant } from '../../../engine/air/model.ts';
import type { StreetCanyons } from '../../../engine/air/canyon.ts';
import { validateAirParameters, type AirParameterValues } from '../../../engine/air/params.ts';
import { AIR_PARAMS, modelParamsFrom, thresholdsFrom } from '../../../engine/air/stage-params.ts';
import { NearOperatorCache } from '../../../engine/air/near-operator.ts';
import { SECONDS_PER_YEAR, type LinkEmissions, type TrafficLoad } from '../../../engine/air/emissions.ts';
import { snappedGrid } from '../../../data/dsm/dsm.ts';
import { gridToGeoRaster } from '../../../data/dsm/georef.ts';
import { writeGeoTiff } from '../../../data/geotiff/write.ts';
import { resolveParams } from '../../format/params.ts';
import type { Stage } from '../pipeline.ts';
import type { Indicator, Provenance } from '../../run/indicators.ts';
import type { RoadLinkFlows, UrbanActivity } from '../artefacts.ts';

/** Pollutants mapped by the stage (annual means with EU / WHO thresholds). */
export const AIR_STAGE_POLLUTANTS = ['no2', 'pm10', 'pm25'] as const satisfies readonly AirPollutant[];
const LABEL: Record<(typeof AIR_STAGE_POLLUTANTS)[number], string> = { no2: 'NO2', pm10: 'PM10', pm25: 'PM2.5' };
/** Largest receptor grid of the stage (cells). */
const MAX_CELLS = 4e6;

/**
 * Near-part operators of this thread (engine/air/near-operator.ts): runs on the same road and building geometry
 * (edits of parameters, household sizes, demand… and batch variants of them) reuse the receptor–piece integrals
 * and give bitwise the values of a direct evaluation. 12 bytes per pair: Rodez (grid and façades) 99 MB. Budget:
 * 256 MB per Node thread, 96 MB in a browser worker (a larger operator is not recorded).
 */
const NEAR_OPERATORS = new NearOperatorCache((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ? 256e6 : 96e6);

/**
 * Street canyons by territory.after (geometry only): variants on the same buildings and roads receive the same
 * territory.after object from the (then reused) roads stage, and artefacts are never modified.
 */
const CANYONS = new WeakMap<Territory, { key: string; canyons: StreetCanyons }>();

function canyonsOf(t: Territory, params: Partial<AirParameterValues>): StreetCanyons {
  const full = validateAirParameters(params);
  const key = JSON.stringify([full.canyonSearchM, full.canyonMinCoverage, full.canyonMinAspectRatio]);
  const hit = CANYONS.get(t);
  if (hit && hit.key === key) return hit.canyons;
  const canyons = airStreetCanyons(t, full);
  CANYONS.set(t, { key, canyons });
  return canyons;
}

/**
 * The territory after the interventions with the scenario's inhabitants per building. `activity` must be aligned
 * with the buildings (same count and centroids: the roads stage only edits roads, so `territory.after` keeps the
 * buildings of `territory.buildings-after` the urban stage computed `urban.activity` on).
 */
export function withResidents(t: Territory, activity: UrbanActivity): Territory {
  const b = t.buildings;
  if (activity.count !== b.count || activity.inhabitants.length !== b.count)
    throw new Error(`air stage: urban.activity has ${activity.count} buildings (${activity.inhabitants.length} inhabitant values), territory.after ${b.count}`);
  const c = [0, 0];
  for (let i = 0; i < b.count; i++) {
    featureCentroid(b.footprint, i, c);
    if (Math.abs(c[0] - activity.x[i]) > 1e-6 || Math.abs(c[1] - activity.y[i]) > 1e-6)
      throw new Error(`air stage: building ${i} (${b.sourceId[i]}) of territory.after has its centroid at (${c[0].toFixed(2)}, ${c[1].toFixed(2)}), urban.activity at (${activity.x[i].toFixed(2)}, ${activity.y[i].toFixed(2)}): the artefacts are not aligned`);
    const v = activity.inhabitants[i];
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`air stage: urban.activity inhabitants of building ${i} (${b.sourceId[i]}) must be a finite number ≥ 0, got ${v}`);
  }
  return { ...t, buildings: { ...b, inhabitants: Float32Array.from(activity.inhabitants) } };
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (v: number, digits: number): string => (v === 0 ? '0' : v.toFixed(digits));

/** Per-link traffic and emissions (links that carry vehicles), kg/yr (CO2 in t/yr). */
export function linkEmissionsCsv(t: Territory, flows: RoadLinkFlows, traffic: TrafficLoad, e: LinkEmissions): string {
  const r = t.roads;
  const year = SECONDS_PER_YEAR;
  const lines = ['link,segment_id,from_node,to_node,road_class,length_m,flow_veh_day,annual_mean_flow_veh_h,free_speed_kmh,congested_speed_kmh,congested_share,nox_kg_yr,no2_kg_yr,pm10_kg_yr,pm25_kg_yr,co2_t_yr'];
  const kg = (gPerS: number): string => num((gPerS * year) / 1e3, 3);
  for (let l = 0; l < r.linkCount; l++) {
    if (!(traffic.flowVehH[l] > 0)) continue;
    lines.push(
      [
        String(l), csvField(r.segmentSourceId[r.linkSegment[l]]), String(r.linkFrom[l]), String(r.linkTo[l]), ROAD_CLASSES[r.roadClass[l]], num(r.lengthM[l], 1),
        num(flows.flowVehDay[l], 1), num(traffic.flowVehH[l], 2), num(traffic.speedKmh[l], 1), num(flows.speedKmh[l], 1), num(traffic.congestedShare ? traffic.congestedShare[l] : 0, 4),
        kg(e.perLink.nox[l]), kg(e.perLink.no2[l]), kg(e.perLink.pm10[l]), kg(e.perLink.pm25[l]), num((e.perLink.co2[l] * year) / 1e6, 4),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export const airStage: Stage = {
  id: 'air',
  version: 1,
  inputs: ['territory.after', 'traffic.flows', 'urban.activity'],
  outputs: ['indicators.air', 'files.air'],
  run: ({ inputs, params, progress }) => {
    const p = resolveParams(AIR_PARAMS, params);
    const flows = inputs['traffic.flows'] as RoadLinkFlows;
    const t = withResidents(inputs['territory.after'] as Territory, inputs['urban.activity'] as UrbanActivity);
    const roads = t.roads;
    if (roads.linkCount === 0) throw new Error(`air stage: territory "${t.name}" has no road links`);
    const traffic = trafficLoadFromAssignment(roads, flows, { congestedHoursPerDay: p.congestedHoursPerDay, annualDayFactor: p.annualDayFactor });
    const thresholds = thresholdsFrom(p);
    progress(0.05, 'emissions, kernel and street canyons');
    const rose = RENNES_DEFAULT_ROSE;
    const modelParams = modelParamsFrom(p);
    const streetCanyons = p.canyons ? canyonsOf(inputs['territory.after'] as Territory, modelParams) : undefined;
    const setup = prepareAir({ territory: t, traffic, pollutant: AIR_STAGE_POLLUTANTS, rose, params: modelParams, thresholds, canyons: p.canyons, nearOperators: NEAR_OPERATORS, streetCanyons });

    // Receptor grid over the road network plus the margin, snapped like every raster of the territory.
    const cellM = p.cellM;
    const b = bboxOfXY(roads.nodeXY);
    const bounds: [number, number, number, number] = [b[0] - p.marginM, b[1] - p.marginM, b[2] + p.marginM, b[3] + p.marginM];
    const cells = ((bounds[2] - bounds[0]) / cellM) * ((bounds[3] - bounds[1]) / cellM);
    if (cells > MAX_CELLS) throw new Error(`air stage: a ${cellM} m grid over the road network and its ${p.marginM} m margin has ${(cells / 1e6).toFixed(1)} M cells, above ${MAX_CELLS / 1e6} M: raise parameters.air.cellM`);
    const g = snappedGrid(bounds, cellM, t.frame, Infinity);
    const spec = { width: g.width, height: g.height, cellSizeM: cellM, originX: g.originX, originY: g.originY };
    progress(0.2, 'far field (FFT) over the grid and the residents');
    const field = airField(setup, airRegion(setup, spec));
    progress(0.35, 'receptor grid');
    const grids = airGrids(setup, spec, { field });
    progress(0.65, 'exposure of residents');
    const exposure = airExposures(setup, field);

    const provenance: Provenance = {
      model:
        'engine/air: HBEFA 3.1 (SUMO) exhaust + EMEP/EEA 2019 wear, French 2025 fleet; Briggs urban Gaussian finite line sources over the ' +
        `${rose.name} wind rose; OSPM-like street canyons; NO2 from NOx (Bächlin 2008); traffic: ${traffic.source.description}`,
      datasets: t.datasets.map((d) => d.id),
      parameters: p,
    };
    const tot = setup.totalsTonnesPerYear;
    const indicators: Indicator[] = [
      { id: 'air.emissions.nox', label: 'NOx emitted by road traffic (as NO2)', unit: 't/yr', value: tot.nox, provenance },
      { id: 'air.emissions.pm10', label: 'PM10 emitted by road traffic (exhaust and wear)', unit: 't/yr', value: tot.pm10, provenance },
      { id: 'air.emissions.pm25', label: 'PM2.5 emitted by road traffic (exhaust and wear)', unit: 't/yr', value: tot.pm25, provenance },
      { id: 'air.emissions.co2', label: 'CO2 emitted by road traffic', unit: 't/yr', value: tot.co2, provenance },
      { id: 'air.residents', label: 'Residents whose exposure is computed (inhabitants of the scenario, at their façades)', unit: 'inhabitants', value: exposure.no2!.inhabitants, provenance },
    ];
    const files: Record<string, Uint8Array | string> = {};
    for (const pol of AIR_STAGE_POLLUTANTS) {
      const e = exposure[pol]!;
      const name = LABEL[pol];
      indicators.push({ id: `air.${pol}.populationWeightedMean`, label: `Annual mean ${name} breathed by residents (population-weighted, at their façades)`, unit: 'µg/m³', value: e.populationWeightedMean, provenance });
      for (const a of e.above)
        indicators.push({ id: `air.${pol}.residentsAbove.${a.id}`, label: `Residents above the ${a.label} (${name} ${a.thresholdUgM3} µg/m³ annual mean)`, unit: 'inhabitants', value: a.inhabitants, provenance });
      for (const z of e.zones)
        indicators.push({ id: `air.${pol}.populationWeightedMean`, label: `Annual mean ${name} breathed by residents (population-weighted, at their façades)`, unit: 'µg/m³', zone: z.sourceId, value: z.meanUgM3, provenance });
      const grid = { ...g, values: grids.values[pol]! };
      const description = `annual mean ${name} (ug/m3): Gaussian line sources${setup.increments ? ' + street canyons' : ''} + background ${backgroundUgM3(setup, pol)} ug/m3; assigned traffic; ${rose.name}`;
      files[`${pol}.tif`] = writeGeoTiff(gridToGeoRaster(grid, t.frame, { description: description.replace(/[^\x20-\x7e]/g, '?'), unit: 'ug/m3' }));
    }
    // As bytes: the pipeline hashes every output, and UTF-8 encoding a large string by hand is slow.
    files['link-emissions.csv'] = new TextEncoder().encode(linkEmissionsCsv(t, flows, traffic, setup.emissions));
    progress(1);
    return { 'indicators.air': indicators, 'files.air': files };
  },
};
