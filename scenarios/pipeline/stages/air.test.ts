/**
 * The air stage in the pipeline (urban → roads → air) on the sample district, with assigned flows built here
 * (the WG-AEN daily flows of engine/air/default-traffic.ts as the daily flow of each link, a peak hour of 10 % of
 * the day at 70 % of the free-flow speed): indicators with units and provenance, files read back, residents =
 * the urban stage's inhabitants, every resident at the background when nothing drives, emissions linear in the
 * flows, PM2.5 below PM10 everywhere, thresholds as parameters, misaligned artefacts refused.
 */
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../../data/sample/index.ts';
import { readGeoTiff } from '../../../data/geotiff/read.ts';
import { gridStats } from '../../../engine/raster/grid.ts';
import { ROAD_CLASSES, type RoadNetwork, type Territory } from '../../../engine/territory.ts';
import { defaultDailyTraffic } from '../../../engine/air/default-traffic.ts';
import { AIR_PARAMETERS } from '../../../engine/air/params.ts';
import { Pipeline, type PipelineState } from '../pipeline.ts';
import type { Indicator } from '../../run/indicators.ts';
import type { RoadLinkFlows, UrbanActivity } from '../artefacts.ts';
import { urbanStage } from './urban.ts';
import { roadsStage } from './roads.ts';
import { airStage, withResidents } from './air.ts';

const territory = generateSample({ size: 'district', seed: 1 });

function flows(roads: RoadNetwork, scale: number): RoadLinkFlows {
  const n = roads.linkCount;
  const day = new Float64Array(n);
  for (let l = 0; l < n; l++) if (roads.capacityVehH[l] > 0 && roads.freeSpeedKmh[l] > 0) day[l] = (scale * defaultDailyTraffic(ROAD_CLASSES[roads.roadClass[l]]).aadt) / 2;
  const flowVehH = day.map((d) => d / 10);
  return { linkCount: n, flowVehH, vc: flowVehH.map((f, l) => f / roads.capacityVehH[l] || 0), speedKmh: Float64Array.from(roads.freeSpeedKmh, (v) => 0.7 * v), flowVehDay: day, source: { kind: 'assignment', description: 'test flows' } };
}

const pipeline = new Pipeline([urbanStage, roadsStage, airStage]);
let state: PipelineState | undefined;

async function run(scale: number, air: Record<string, unknown> = {}): Promise<{ ind: Indicator[]; files: Record<string, Uint8Array | string>; artefacts: Record<string, unknown> }> {
  const r = await pipeline.run({ territory, interventions: [], 'traffic.flows': flows(territory.roads, scale) }, { params: { air }, previous: state });
  state = r.state;
  return { ind: r.artefacts['indicators.air'] as Indicator[], files: r.artefacts['files.air'] as Record<string, Uint8Array | string>, artefacts: r.artefacts };
}

const value = (ind: Indicator[], id: string): number => {
  const i = ind.find((x) => x.id === id && !x.zone);
  if (!i) throw new Error(`no indicator ${id}`);
  return i.value;
};

const BG = { no2: AIR_PARAMETERS.backgroundNo2UgM3.value, pm10: AIR_PARAMETERS.backgroundPm10UgM3.value, pm25: AIR_PARAMETERS.backgroundPm25UgM3.value };

describe('air stage on the sample district', () => {
  it('publishes emissions, exposure and maps with units and provenance', async () => {
    const { ind, files, artefacts } = await run(1);
    for (const p of ['nox', 'pm10', 'pm25', 'co2']) {
      expect(ind.find((i) => i.id === `air.emissions.${p}`)?.unit).toBe('t/yr');
      expect(value(ind, `air.emissions.${p}`)).toBeGreaterThan(0);
    }
    for (const p of ['no2', 'pm10', 'pm25'] as const) {
      expect(ind.find((i) => i.id === `air.${p}.populationWeightedMean`)?.unit).toBe('µg/m³');
      expect(value(ind, `air.${p}.populationWeightedMean`)).toBeGreaterThan(BG[p]);
      for (const set of ['eu-2008', 'eu-2030', 'who-2021']) expect(ind.find((i) => i.id === `air.${p}.residentsAbove.${set}`)?.unit).toBe('inhabitants');
      const zones = ind.filter((i) => i.id === `air.${p}.populationWeightedMean` && i.zone);
      expect(zones.length).toBeGreaterThan(5);
      // The territory-wide mean is a weighted mean of the zone means.
      const means = zones.map((z) => z.value);
      expect(value(ind, `air.${p}.populationWeightedMean`)).toBeGreaterThanOrEqual(Math.min(...means) - 1e-9);
      expect(value(ind, `air.${p}.populationWeightedMean`)).toBeLessThanOrEqual(Math.max(...means) + 1e-9);
    }
    const prov = ind[0].provenance;
    expect(prov.model).toMatch(/test flows; annual-average hour = daily flow × 1 \/ 24; 2 h\/day at the congested peak-hour speed/);
    expect(prov.parameters).toMatchObject({ cellM: 25, canyons: true, thresholdEu2030No2UgM3: 20 });
    expect(prov.datasets.length).toBeGreaterThan(0);
    // Residents are the urban stage's inhabitants.
    const activity = artefacts['urban.activity'] as UrbanActivity;
    let inhabitants = 0;
    for (const v of activity.inhabitants) if (v > 0) inhabitants += v;
    expect(value(ind, 'air.residents')).toBeCloseTo(inhabitants, 0);
    // Maps: GeoTIFFs in µg/m³ at 25 m, above their background; PM2.5 (a part of PM10, lower background) below PM10.
    const tif = (name: string) => readGeoTiff(files[name] as Uint8Array);
    const [no2, pm10, pm25] = [tif('no2.tif'), tif('pm10.tif'), tif('pm25.tif')];
    for (const [g, bg] of [[no2, BG.no2], [pm10, BG.pm10], [pm25, BG.pm25]] as const) {
      expect(g.unit).toBe('ug/m3');
      expect(g.pixelSizeX).toBe(25);
      expect(g.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
      expect(g.description).toMatch(/annual mean .*assigned traffic/);
      expect(gridStats(g.values).min).toBeGreaterThanOrEqual(bg - 1e-4);
      expect(gridStats(g.values).max).toBeGreaterThan(bg + 0.5);
    }
    expect(pm10.values.every((v, i) => pm25.values[i] < v)).toBe(true);
    // Per-link emissions add up to the totals (kg/yr rounded to grams).
    const csv = new TextDecoder().decode(files['link-emissions.csv'] as Uint8Array).trim().split('\n');
    const head = csv[0].split(',');
    const col = head.indexOf('nox_kg_yr');
    const sum = csv.slice(1).reduce((s, line) => s + Number(line.split(',')[col]), 0);
    expect(sum / 1000).toBeCloseTo(value(ind, 'air.emissions.nox'), 2);
    expect(head.slice(0, 6)).toEqual(['link', 'segment_id', 'from_node', 'to_node', 'road_class', 'length_m']);
  });

  it('without traffic every resident breathes the background', async () => {
    const { ind, files } = await run(0);
    const residents = value(ind, 'air.residents');
    for (const p of ['no2', 'pm10', 'pm25'] as const) {
      expect(value(ind, `air.${p}.populationWeightedMean`)).toBeCloseTo(BG[p], 5);
      // Backgrounds (15, 16, 9 µg/m³) are below both EU limits and above the WHO guidelines (10, 15, 5).
      expect(value(ind, `air.${p}.residentsAbove.eu-2008`)).toBe(0);
      expect(value(ind, `air.${p}.residentsAbove.eu-2030`)).toBe(0);
      expect(value(ind, `air.${p}.residentsAbove.who-2021`)).toBeCloseTo(residents, 6);
      const st = gridStats(readGeoTiff(files[`${p}.tif`] as Uint8Array).values);
      expect(st.min).toBeCloseTo(BG[p], 5);
      expect(st.max).toBeCloseTo(BG[p], 5);
    }
    for (const p of ['nox', 'pm10', 'pm25', 'co2']) expect(value(ind, `air.emissions.${p}`)).toBe(0);
  });

  it('emissions and the open-terrain increment are linear in the assigned flows', async () => {
    const one = (await run(1, { canyons: false })).ind;
    const two = (await run(2, { canyons: false })).ind;
    for (const p of ['nox', 'pm10', 'pm25', 'co2']) expect(value(two, `air.emissions.${p}`) / value(one, `air.emissions.${p}`)).toBeCloseTo(2, 10);
    for (const p of ['pm10', 'pm25'] as const) {
      const a = value(one, `air.${p}.populationWeightedMean`) - BG[p];
      const b = value(two, `air.${p}.populationWeightedMean`) - BG[p];
      expect(b / a).toBeCloseTo(2, 4);
    }
  });

  it('takes its thresholds from the parameters', async () => {
    const { ind } = await run(1, { thresholdWho2021No2UgM3: 1000 });
    expect(value(ind, 'air.no2.residentsAbove.who-2021')).toBe(0);
    expect(ind.find((i) => i.id === 'air.no2.residentsAbove.who-2021')?.label).toMatch(/NO2 1000 µg\/m³/);
    expect(value(ind, 'air.pm10.residentsAbove.who-2021')).toBeGreaterThan(0);
  });

  it("counts the scenario's residents (a densified centre has more)", async () => {
    const before = value((await run(1)).ind, 'air.residents');
    const densify = { type: 'densify', zone: { rings: [[[-200, -200], [200, -200], [200, 200], [-200, 200]]] }, uses: ['residential', 'mixed'], addFloors: 2 };
    const r = await pipeline.run({ territory, interventions: [densify], 'traffic.flows': flows(territory.roads, 1) }, { params: { air: {} } });
    const ind = r.artefacts['indicators.air'] as Indicator[];
    const urban = (r.artefacts['indicators.urban'] as Indicator[]).find((i) => i.id === 'urban.inhabitants' && !i.zone)!.value;
    expect(value(ind, 'air.residents')).toBeGreaterThan(before + 100);
    expect(value(ind, 'air.residents')).toBeCloseTo(urban, 0);
  });

  it('refuses artefacts that do not belong together', async () => {
    const after = state!.stages.roads.outputs['territory.after'] as Territory;
    const activity = state!.stages.urban.outputs['urban.activity'] as UrbanActivity;
    expect(() => withResidents(after, { ...activity, count: activity.count - 1 })).toThrow(/urban.activity has \d+ buildings .* territory.after \d+/);
    const x = activity.x.slice();
    x[3] += 50;
    expect(() => withResidents(after, { ...activity, x })).toThrow(/building 3 .* not aligned/);
    const f = flows(territory.roads, 1);
    await expect(pipeline.run({ territory, interventions: [], 'traffic.flows': { ...f, linkCount: 5 } })).rejects.toThrow(/assigned flows: 5 links, the road network \d+/);
  });
});
