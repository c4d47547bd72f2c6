/**
 * Heat stages on the sample district: indicators with units and provenance and per-zone rows that add up,
 * GeoTIFFs on the heat grid; after a local densification the windowed stage equals a full recomputation of
 * the sky on the edited territory; the greening interventions act as their definitions say (canopy share of
 * the open ground reached, cooler nights and days; cool roofs cool the day only); anthropogenic heat conserves
 * the urban model's energy and the assigned vehicle-km (Sailor & Lu 2004: 3 975 J per vehicle-metre); the
 * baseline stage is reused across model-parameter changes; bad input is named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../data/sample/index.ts';
import { readGeoTiff } from '../../../data/geotiff/read.ts';
import type { Territory } from '../../../engine/territory.ts';
import { HeatInputError } from '../../../engine/heat/params.ts';
import { isBuiltLcz } from '../../../engine/heat/lcz.ts';
import { resolveParams } from '../../format/params.ts';
import type { Intervention, Scenario } from '../../format/scenario.ts';
import { MODELLED_INTERVENTIONS, runScenario } from '../../run/run-scenario.ts';
import type { Indicator } from '../../run/indicators.ts';
import { Pipeline, artefactHash, type Stage } from '../pipeline.ts';
import type { RoadLinkFlows, UrbanActivity } from '../artefacts.ts';
import { urbanStage } from './urban.ts';
import { roadsStage } from './roads.ts';
import { HEAT_STAGE_PARAMS } from './heat-params.ts';
import { prepareHeatBefore, runHeatScenario, withHeat, type HeatBefore, type HeatStageResult } from './heat.ts';

const TARGETS = ['indicators.heat', 'files.heat', 'heat.result', 'territory.after', 'urban.activity'];
const square = (x: number, y: number, half: number) => ({ rings: [[[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half]] as Array<[number, number]>] });
const scenario = (t: Territory, interventions: Intervention[], heat: Record<string, unknown> = {}): Scenario => ({ id: 's', title: 's', territory: { name: t.name }, interventions, parameters: { heat }, seed: 1 });
const densify = (k: number): Intervention => ({ type: 'densify', zone: square(0, 0, 100), uses: ['residential', 'mixed'], addFloors: k });
const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

let t: Territory;
let p: ReturnType<typeof resolveParams<typeof HEAT_STAGE_PARAMS>>;
let base: HeatBefore;
beforeAll(() => {
  t = generateSample({ size: 'district', seed: 1 });
  p = resolveParams(HEAT_STAGE_PARAMS, {});
  base = prepareHeatBefore(t, p);
});

describe('heat stage in the pipeline', () => {
  it('publishes indicators with units and provenance, per-zone rows that add up, and GeoTIFFs on the heat grid', async () => {
    const r = await runScenario({ territory: t, scenario: scenario(t, [densify(2), { type: 'trees', zone: square(0, 0, 150), canopyShare: 0.4 }]), targets: TARGETS });
    expect(r.output.notes).toEqual([]);
    for (const type of ['trees', 'green-roofs', 'cool-roofs', 'de-paving']) expect(MODELLED_INTERVENTIONS.has(type)).toBe(true);
    const ind = r.artefacts['indicators.heat'] as Indicator[];
    const whole = (id: string): Indicator => ind.find((i) => i.id === id && i.zone === undefined)!;
    const units: Record<string, string> = { 'heat.nightUhiMeanK': 'K', 'heat.nightUhiP95K': 'K', 'heat.hotCellShare': '%', 'heat.populationAboveHot': 'inhabitants', 'heat.dayExcessMeanK': 'K', 'heat.anthropogenicMeanWm2': 'W/m²' };
    for (const [id, unit] of Object.entries(units)) {
      const i = whole(id);
      expect(i.unit).toBe(unit);
      expect(Number.isFinite(i.value)).toBe(true);
      expect(i.provenance.model).toMatch(/engine\/heat.*Oke 1981.*within 100 m/);
      expect(i.provenance.datasets.length).toBeGreaterThan(0);
      expect(i.provenance.parameters.cellSizeM).toBe(25);
    }
    expect(whole('heat.nightUhiP95K').value).toBeGreaterThanOrEqual(whole('heat.nightUhiMeanK').value);
    for (const id of ['heat.populationAboveWarm', 'heat.populationAboveHot']) {
      const zones = ind.filter((i) => i.id === id && i.zone !== undefined);
      expect(zones.length).toBeGreaterThan(10);
      expect(sum(zones.map((z) => z.value))).toBeCloseTo(whole(id).value, 6);
    }
    expect(whole('heat.populationAboveWarm').value).toBeGreaterThanOrEqual(whole('heat.populationAboveHot').value);
    const res = r.artefacts['heat.result'] as HeatStageResult;
    const files = r.artefacts['files.heat'] as Record<string, Uint8Array>;
    const night = readGeoTiff(files['uhi-night.tif']);
    const lcz = readGeoTiff(files['lcz.tif']);
    const day = readGeoTiff(files['heat-day.tif']);
    for (const g of [night, lcz, day]) {
      expect([g.width, g.height, g.pixelSizeX]).toEqual([res.grid.width, res.grid.height, 25]);
      expect(g.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
    }
    expect(Array.from(night.values)).toEqual(Array.from(res.nightUhiK));
    for (const v of lcz.values) expect(v >= 1 && v <= 17).toBe(true);
    expect(res.skyWindow[2]).toBeGreaterThan(res.skyWindow[0]);
  });

  it('after a local densification, the windowed stage equals a full recomputation of the sky on the edited territory', async () => {
    const s = scenario(t, [densify(3)]);
    const r = await runScenario({ territory: t, scenario: s, targets: TARGETS });
    const res = r.artefacts['heat.result'] as HeatStageResult;
    const after = r.artefacts['territory.after'] as Territory;
    const activity = r.artefacts['urban.activity'] as UrbanActivity;
    const flows = (r.artefacts['traffic.flows'] as RoadLinkFlows | undefined) ?? null;
    // Full: the sky of the whole edited territory on the baseline grid (no window left to update).
    const fullBefore = prepareHeatBefore(after, p, base.sky.grid);
    const full = runHeatScenario({ before: after, after, interventions: s.interventions, heatBefore: fullBefore, activity, flows, params: p });
    expect(full.sky.window).toEqual([0, 0, 0, 0]);
    expect(Array.from(res.nightUhiK)).toEqual(Array.from(full.result.nightUhiK));
    expect(Array.from(res.dayAnomalyK)).toEqual(Array.from(full.result.dayAnomalyK));
    expect(Array.from(res.lcz)).toEqual(Array.from(full.result.lcz));
    expect((r.artefacts['indicators.heat'] as Indicator[]).map((i) => i.value)).toEqual(full.indicators.map((i) => i.value));
    // …and the edit does warm the night (so the equality is not with the baseline's result).
    const baseline = runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, params: { ...p, traffic: 'default' } });
    const edited = runHeatScenario({ before: t, after, interventions: s.interventions, heatBefore: base, activity, params: { ...p, traffic: 'default' } });
    expect(sum(edited.result.nightUhiK)).toBeGreaterThan(sum(baseline.result.nightUhiK) + 1);
  });

  it('reuses the baseline sky when only model parameters change, and a re-run equals a fresh run', async () => {
    const a = await runScenario({ territory: t, scenario: scenario(t, [densify(1)], { windSpeedMs: 1 }), targets: TARGETS });
    const b = await runScenario({ territory: t, scenario: scenario(t, [densify(1)], { windSpeedMs: 3 }), targets: TARGETS, previous: a.state });
    expect(b.artefacts['heat.before']).toBe(a.artefacts['heat.before']);
    expect((b.artefacts['heat.result'] as HeatStageResult).summary.night.meanK).toBeLessThan((a.artefacts['heat.result'] as HeatStageResult).summary.night.meanK);
    const fresh = await runScenario({ territory: t, scenario: scenario(t, [densify(1)], { windSpeedMs: 3 }), targets: TARGETS });
    expect(artefactHash(fresh.artefacts['indicators.heat'])).toBe(artefactHash(b.artefacts['indicators.heat']));
    expect(artefactHash(fresh.artefacts['files.heat'])).toBe(artefactHash(b.artefacts['files.heat']));
  });
});

describe('greening interventions', () => {
  const zone = square(-50, 50, 120);
  const run = (interventions: Intervention[]) => runHeatScenario({ before: t, after: t, interventions, heatBefore: base, params: p });
  let ref: ReturnType<typeof run>;
  beforeAll(() => {
    ref = run([]);
  });

  it('trees: the canopy share of the open ground of the zone is reached; nights and days cooler', () => {
    const r = run([{ type: 'trees', zone, canopyShare: 0.5 }]);
    const s = r.result.surfaces;
    const g = r.result.grid;
    let checked = 0;
    for (let row = 0; row < g.height; row++)
      for (let col = 0; col < g.width; col++) {
        const x = g.originX + (col + 0.5) * 25;
        const y = g.originY - (row + 0.5) * 25;
        // Cells entirely inside the zone (centre ≥ half a cell from its edges).
        if (Math.abs(x + 50) > 107.5 || Math.abs(y - 50) > 107.5) continue;
        const c = row * g.width + col;
        const open = s.imperviousM2[c] + s.lowVegetationM2[c] + s.bareM2[c];
        if (open < 1) continue;
        expect((s.canopyOverImperviousM2[c] + s.canopyOverPerviousM2[c]) / open).toBeGreaterThanOrEqual(0.5 - 1e-9);
        checked++;
      }
    expect(checked).toBeGreaterThan(30);
    expect(r.result.summary.night.meanK).toBeLessThan(ref.result.summary.night.meanK);
    expect(r.result.summary.day.meanK).toBeLessThan(ref.result.summary.day.meanK);
  });

  it('green roofs and de-paving cool; cool roofs (and pavements) cool the day and leave the night', () => {
    for (const iv of [{ type: 'green-roofs', zone, share: 1 }, { type: 'de-paving', zone, share: 0.5 }] as Intervention[]) {
      const r = run([iv]);
      expect(r.result.summary.day.meanK).toBeLessThan(ref.result.summary.day.meanK);
      expect(r.result.summary.night.meanK).toBeLessThanOrEqual(ref.result.summary.night.meanK);
    }
    const cool = run([{ type: 'cool-roofs', zone, roofAlbedo: 0.6, pavementAlbedo: 0.3 }]);
    expect(cool.result.summary.day.meanK).toBeLessThan(ref.result.summary.day.meanK);
    expect(cool.result.summary.night.meanK).toBe(ref.result.summary.night.meanK);
    const roofsOnly = run([{ type: 'cool-roofs', zone }]);
    expect(sum(roofsOnly.result.surfaces.coolPavementM2)).toBe(0);
    expect(sum(roofsOnly.result.surfaces.coolRoofAlbedoM2) / sum(roofsOnly.result.surfaces.coolRoofM2)).toBeCloseTo(0.4, 12);
  });
});

describe('anthropogenic heat from the urban model and the assigned traffic', () => {
  const fakeFlows = (after: Territory, vehDay: number): RoadLinkFlows => {
    const L = after.roads.linkCount;
    return { linkCount: L, flowVehH: new Float64Array(L), vc: new Float64Array(L), speedKmh: new Float64Array(L), flowVehDay: new Float64Array(L).fill(vehDay), source: { kind: 'assignment', description: 'test flows' } };
  };

  it('conserves the energy of the buildings (primary / 1.65, over the year) and 3 975 J per vehicle-metre', async () => {
    const r = await runScenario({ territory: t, scenario: scenario(t, []), targets: ['urban.activity'] });
    const activity = r.artefacts['urban.activity'] as UrbanActivity;
    const flows = fakeFlows(t, 2000);
    const o = runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, activity, flows, params: p });
    const q = o.result;
    const A = 25 * 25;
    // Roads that leave the heat grid deposit only their part inside: compare with the vehicle-km on the grid.
    const vehM = q.summary.anthropogenic.trafficVehKmPerDay * 1000;
    let len = 0;
    for (let l = 0; l < t.roads.linkCount; l++) len += t.roads.lengthM[l];
    expect(vehM / (2000 * len)).toBeGreaterThan(0.9);
    expect(vehM / (2000 * len)).toBeLessThanOrEqual(1 + 1e-9);
    const buildingW = sum(activity.energyKWhPerYear) / 1.65 * 1000 / 8760;
    expect(sum(Array.from(q.anthropogenicWm2, (v) => v * A)) / (buildingW + (vehM * 3975) / 86400)).toBeCloseTo(1, 4);
    expect(q.summary.population).toBeCloseTo(sum(activity.inhabitants), 3);
    expect(q.summary.anthropogenic.trafficSource).toBe('links');
    expect(o.sources.traffic).toBe('assignment: test flows');
    const doubled = runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, activity, flows: fakeFlows(t, 4000), params: p });
    expect(doubled.result.summary.anthropogenic.trafficVehKmPerDay).toBeCloseTo(2 * q.summary.anthropogenic.trafficVehKmPerDay, 6);
    expect(doubled.result.summary.night.meanK).toBeGreaterThan(q.summary.night.meanK);
    const def = runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, activity, flows, params: { ...p, traffic: 'default' } });
    expect(def.result.summary.anthropogenic.trafficSource).toBe('default-by-road-class');
  });

  it('takes traffic.flows from a traffic stage when the pipeline has one', async () => {
    const traffic: Stage = { id: 'traffic', version: 1, inputs: ['territory.after'], outputs: ['traffic.flows'], run: ({ inputs }) => ({ 'traffic.flows': fakeFlows(inputs['territory.after'] as Territory, 1500) }) };
    const stages = withHeat([urbanStage, roadsStage, traffic]);
    expect(stages.find((s) => s.id === 'heat')!.inputs).toContain('traffic.flows');
    expect(withHeat([urbanStage, roadsStage]).find((s) => s.id === 'heat')!.inputs).not.toContain('traffic.flows');
    const { artefacts } = await new Pipeline(stages).run({ territory: t, interventions: [] }, { params: { heat: p, 'heat-before': p }, targets: ['heat.result'] });
    expect((artefacts['heat.result'] as HeatStageResult).sources.traffic).toBe('assignment: test flows');
  });

  it('reuses the baseline sky when only model parameters change (wind), recomputes it for a sky parameter', async () => {
    const stages = withHeat([urbanStage, roadsStage]);
    const pipe = new Pipeline(stages);
    const run = (q: typeof p, previous?: Awaited<ReturnType<typeof pipe.run>>['state']) => pipe.run({ territory: t, interventions: [] }, { params: { heat: q, 'heat-before': q }, targets: ['heat.result'], previous });
    const a = await run(p);
    const windy = await run({ ...p, windSpeedMs: 6 }, a.state);
    expect(windy.state.stages['heat-before'].ran).toBe(false);
    expect(windy.state.stages['heat-sky'].ran).toBe(false); // same buildings: the sky after is reused too
    expect(windy.state.stages.heat.ran).toBe(true);
    expect((windy.artefacts['heat.result'] as HeatStageResult).summary.night.meanK).toBeLessThan((a.artefacts['heat.result'] as HeatStageResult).summary.night.meanK);
    const radius = await run({ ...p, svfRadiusM: p.svfRadiusM + 20 }, windy.state);
    expect(radius.state.stages['heat-before'].ran).toBe(true);
  });

  it('names inconsistent inputs', () => {
    const bad = { count: 3, inhabitants: new Float64Array(3), jobs: new Float64Array(3), energyKWhPerYear: new Float64Array(3), x: new Float64Array(3), y: new Float64Array(3) };
    expect(() => runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, activity: bad, params: p })).toThrow(HeatInputError);
    expect(() => runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, activity: bad, params: p })).toThrow(/urban.activity has 3 buildings, territory.after has/);
    expect(() => runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, flows: fakeFlows({ ...t, roads: { ...t.roads, linkCount: 5 } }, 1), params: p })).toThrow(/traffic.flows has 5 links/);
  });

  it('counts hot cells over built cells only', () => {
    const o = runHeatScenario({ before: t, after: t, interventions: [], heatBefore: base, params: { ...p, hotThresholdK: 0 } });
    const share = o.indicators.find((i) => i.id === 'heat.hotCellShare')!.value;
    let built = 0;
    let above = 0;
    o.result.lcz.forEach((c, i) => {
      if (!isBuiltLcz(c)) return;
      built++;
      if (o.result.nightUhiK[i] > 0) above++;
    });
    expect(share).toBeCloseTo((100 * above) / built, 10);
    expect(share).toBeGreaterThan(50);
  });
});
