/**
 * Traffic stage through runScenario on the sample district: `traffic.flows` per directed link of territory.after,
 * indicators with units and provenance, identical inputs → identical hashes (no timing in outputs), a re-run after
 * a small densification warm-starts from `_warm` (undeclared, not hashed), a road closure changes the graph and
 * starts cold.
 */
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../../data/sample/index.ts';
import { bboxOfXY, type Territory } from '../../../engine/territory.ts';
import { parseScenario, type Scenario } from '../../format/scenario.ts';
import { runScenario } from '../../run/run-scenario.ts';
import type { RoadLinkFlows } from '../artefacts.ts';
import { artefactHash } from '../pipeline.ts';
import type { Indicator } from '../../run/indicators.ts';

const T: Territory = generateSample({ size: 'district', seed: 1 });
const TARGETS = ['traffic.flows', 'indicators.traffic', 'files.traffic'];

function scenario(interventions: unknown[], warmStart = false): Scenario {
  return parseScenario({ id: 's', title: 's', territory: { name: T.name }, interventions, seed: 1, parameters: { traffic: { gap: 1e-5, warmStart } } });
}

describe('traffic stage', () => {
  it('publishes flows per link, indicators with units and provenance, and deterministic hashes', async () => {
    const a = await runScenario({ territory: T, scenario: scenario([]), targets: TARGETS });
    const b = await runScenario({ territory: T, scenario: scenario([]), targets: TARGETS });
    const flows = a.artefacts['traffic.flows'] as RoadLinkFlows;
    expect(flows.linkCount).toBe(T.roads.linkCount);
    expect(flows.flowVehH.length).toBe(T.roads.linkCount);
    expect(flows.source.kind).toBe('assignment');
    expect(flows.source.description).toMatch(/relative gap .* after \d+ iterations/);
    let used = 0;
    for (let l = 0; l < flows.linkCount; l++) {
      if (flows.flowVehH[l] > 0) used++;
      expect(flows.speedKmh[l]).toBeLessThanOrEqual(T.roads.freeSpeedKmh[l] + 1e-9);
      expect(flows.vc[l]).toBeGreaterThanOrEqual(0);
    }
    expect(used).toBeGreaterThan(100);
    const ind = a.artefacts['indicators.traffic'] as Indicator[];
    const ids = new Set(ind.filter((i) => !i.zone).map((i) => i.id));
    for (const id of ['traffic.vehicleKm', 'traffic.vehicleHours', 'traffic.meanSpeed', 'traffic.travelTimeIndex', 'traffic.shareOverCapacity', 'traffic.relativeGap', 'traffic.internalTrips', 'traffic.exchangeTrips', 'traffic.throughTrips', 'traffic.gateways'])
      expect(ids.has(id), id).toBe(true);
    // The sample district is a piece of a town: main roads cross its edge, so it has gateways and external trips.
    const value = (id: string): number => ind.find((i) => i.id === id && !i.zone)!.value;
    expect(value('traffic.gateways')).toBeGreaterThan(2);
    expect(value('traffic.exchangeTrips')).toBeCloseTo(0.9 * value('traffic.internalTrips'), 6);
    expect(value('traffic.internalTrips') + value('traffic.exchangeTrips') + value('traffic.throughTrips')).toBeCloseTo(value('traffic.vehicleTripsPeak'), 6);
    expect(ind[0].provenance.model).toMatch(/exchange trips through \d+ gateways/);
    expect(flows.source.description).toMatch(/through trips between gateways/);
    expect(ind.some((i) => i.id === 'traffic.gatewayTrips' && i.zone?.startsWith('gw_'))).toBe(true);
    for (const i of ind) {
      expect(i.unit).toMatch(/\S/);
      expect(Number.isFinite(i.value)).toBe(true);
      expect(i.provenance.model).toMatch(/engine\/traffic/);
      expect(i.provenance.parameters.tripsPerPersonDay).toBe(4);
    }
    expect(ind.some((i) => i.id === 'traffic.tripsProduced' && i.zone)).toBe(true);
    // Same inputs → same artefact hashes; `_warm` is not an artefact.
    for (const k of TARGETS) expect(artefactHash(b.artefacts[k])).toBe(artefactHash(a.artefacts[k]));
    expect(a.state.hashes._warm).toBeUndefined();
    expect(a.artefacts._warm).toBeUndefined();
  });

  it('with warmStart, re-runs after a small densification warm-start and after a closure start cold; without, never', async () => {
    const base = await runScenario({ territory: T, scenario: scenario([], true), targets: TARGETS });
    const [x0, y0, x1, y1] = bboxOfXY(T.buildings.footprint.xy);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const zone = { rings: [[[cx - 100, cy - 100], [cx + 100, cy - 100], [cx + 100, cy + 100], [cx - 100, cy + 100]]] };
    const densify = [{ type: 'densify', zone, uses: ['residential'], addFloors: 1 }];
    const dense = await runScenario({ territory: T, scenario: scenario(densify, true), targets: TARGETS, previous: base.state });
    const timing = dense.state.stages.traffic.outputs._timing as { warmStarted: boolean };
    expect(dense.state.stages.traffic.ran).toBe(true);
    expect(timing, JSON.stringify(timing)).toMatchObject({ warmStarted: true });
    const inh = (r: typeof base): number => (r.artefacts['indicators.traffic'] as Indicator[]).find((i) => i.id === 'traffic.vehicleTripsPeak')!.value;
    expect(inh(dense)).toBeGreaterThan(inh(base));
    const busiest = (base.artefacts['traffic.flows'] as RoadLinkFlows).flowVehH.reduce((m, f, l, a) => (f > a[m] ? l : m), 0);
    const closed = await runScenario({ territory: T, scenario: scenario([{ type: 'road-closure', roads: { segmentIds: [T.roads.segmentSourceId[T.roads.linkSegment[busiest]]] } }], true), targets: TARGETS, previous: base.state });
    const t2 = closed.state.stages.traffic.outputs._timing as { warmStarted: boolean; warmStartRejected?: string };
    expect(t2.warmStarted).toBe(false);
    expect(t2.warmStartRejected).toMatch(/the network changed/);
    // Off by default: an incremental run is a cold run, with the same hashes as a full run.
    const base0 = await runScenario({ territory: T, scenario: scenario([]), targets: TARGETS });
    const inc = await runScenario({ territory: T, scenario: scenario(densify), targets: TARGETS, previous: base0.state });
    expect((inc.state.stages.traffic.outputs._timing as { warmStarted: boolean }).warmStarted).toBe(false);
    const full = await runScenario({ territory: T, scenario: scenario(densify), targets: TARGETS });
    for (const k of TARGETS) expect(artefactHash(inc.artefacts[k])).toBe(artefactHash(full.artefacts[k]));
  });
});
