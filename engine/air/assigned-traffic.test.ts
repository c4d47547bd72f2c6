/**
 * Assigned flows → annual-average traffic load: the conversion by hand on the tiny territory, emissions of a day
 * split between congested and free-flowing hours equal to the mix of the two single-speed loads (the definition
 * of the split), the two limits (0 and 24 congested hours), linearity in the flows, and errors naming the link.
 */
import { describe, expect, it } from 'vitest';
import { tinyTerritory } from '../../data/test-fixtures.ts';
import { trafficLoadFromAssignment, type AssignedFlows } from './assigned-traffic.ts';
import { EMITTED, linkEmissions, linkMeanSpeedKmh, type TrafficLoad } from './emissions.ts';
import { DEFAULT_FLEET } from './fleet.ts';

const t = tinyTerritory().territory;
const roads = t.roads;
const n = roads.linkCount;

/** Peak hour = 10 % of the day, congested speed = 60 % of free flow. */
function flows(day: number[]): AssignedFlows {
  const d = Float64Array.from(day);
  return {
    linkCount: n,
    flowVehDay: d,
    flowVehH: d.map((v) => v / 10),
    speedKmh: Float64Array.from(roads.freeSpeedKmh, (v) => 0.6 * v),
    source: { kind: 'assignment', description: 'test assignment' },
  };
}

describe('assigned flows → annual-average traffic', () => {
  const day = [2400, 1200, 4800, 0];

  it('takes the annual-average hour as daily flow × factor / 24 and the peak share from the peak-hour flow', () => {
    expect(n).toBe(4);
    const load = trafficLoadFromAssignment(roads, flows(day), { congestedHoursPerDay: 2, annualDayFactor: 0.9 });
    expect(Array.from(load.flowVehH)).toEqual([2400 * 0.9 / 24, 1200 * 0.9 / 24, 4800 * 0.9 / 24, 0]);
    // Peak hour = day / 10, two congested hours: 20 % of the vehicles at the congested speed.
    for (let l = 0; l < 3; l++) {
      expect(load.congestedShare![l]).toBeCloseTo(0.2, 12);
      expect(load.congestedSpeedKmh![l]).toBeCloseTo(0.6 * roads.freeSpeedKmh[l], 5);
      expect(load.speedKmh[l]).toBe(roads.freeSpeedKmh[l]);
      expect(linkMeanSpeedKmh(load, l)).toBeCloseTo(0.92 * roads.freeSpeedKmh[l], 5);
    }
    expect(load.congestedShare![3]).toBe(0);
    expect(Array.from(load.lengthM)).toEqual(Array.from(roads.lengthM));
    expect(load.linkSegment).toBe(roads.linkSegment);
    expect(load.heavyShare).toBeUndefined();
    expect(load.source.kind).toBe('assignment');
    expect(load.source.description).toMatch(/^test assignment; annual-average hour = daily flow × 0.9 \/ 24; 2 h\/day at the congested/);
  });

  it('emits the time-weighted mix of the congested and free-flowing vehicles', () => {
    const f = flows(day);
    const mixed = linkEmissions(trafficLoadFromAssignment(roads, f, { congestedHoursPerDay: 3, annualDayFactor: 1 }), DEFAULT_FLEET);
    const free = linkEmissions(trafficLoadFromAssignment(roads, f, { congestedHoursPerDay: 0, annualDayFactor: 1 }), DEFAULT_FLEET);
    const jammed = linkEmissions(trafficLoadFromAssignment(roads, f, { congestedHoursPerDay: 24, annualDayFactor: 1 }), DEFAULT_FLEET);
    // 24 congested hours: every vehicle at the congested speed, as a plain load at that speed.
    const plain: TrafficLoad = { linkCount: n, flowVehH: Float64Array.from(day, (v) => v / 24), speedKmh: f.speedKmh, lengthM: Float64Array.from(roads.lengthM), linkSegment: roads.linkSegment, source: { kind: 'assignment', description: '' } };
    const ref = linkEmissions(plain, DEFAULT_FLEET);
    for (const s of EMITTED)
      for (let l = 0; l < n; l++) {
        expect(jammed.perLink[s][l]).toBe(ref.perLink[s][l]);
        // Peak = day / 10 and 3 congested hours: 30 % of the vehicles congested.
        const expected = 0.7 * free.perLink[s][l] + 0.3 * jammed.perLink[s][l];
        expect(Math.abs(mixed.perLink[s][l] - expected)).toBeLessThanOrEqual(1e-12 * expected);
      }
    // Congestion raises NOx and CO2 per km on these urban links (speeds 30 → 18 km/h, 50 → 30 km/h, …).
    for (let l = 0; l < 3; l++) expect(jammed.perLink.co2[l]).toBeGreaterThan(free.perLink.co2[l]);
  });

  it('is linear in the flows (the congested share depends on their ratio only)', () => {
    const a = linkEmissions(trafficLoadFromAssignment(roads, flows(day)), DEFAULT_FLEET);
    const b = linkEmissions(trafficLoadFromAssignment(roads, flows(day.map((v) => 3 * v))), DEFAULT_FLEET);
    for (const s of EMITTED) for (let l = 0; l < n; l++) expect(Math.abs(b.perLink[s][l] - 3 * a.perLink[s][l])).toBeLessThanOrEqual(1e-12 * b.perLink[s][l]);
  });

  it('names the link and field of unusable flows', () => {
    expect(() => trafficLoadFromAssignment(roads, { ...flows(day), linkCount: 3 })).toThrow(/3 links, the road network 4/);
    expect(() => trafficLoadFromAssignment(roads, { ...flows(day), flowVehDay: new Float64Array(2) })).toThrow(/flowVehDay has 2 values for 4 links/);
    const bad = flows(day);
    bad.flowVehH[1] = 2000;
    expect(() => trafficLoadFromAssignment(roads, bad)).toThrow(/link 1: the peak-hour flow \(2000 veh\/h\) exceeds the daily flow \(1200 veh\/day\)/);
    const nan = flows(day);
    nan.flowVehDay[2] = NaN;
    expect(() => trafficLoadFromAssignment(roads, nan)).toThrow(/link 2: flowVehDay must be a finite number ≥ 0, got NaN/);
    const stopped = flows(day);
    stopped.speedKmh[0] = 0;
    expect(() => trafficLoadFromAssignment(roads, stopped)).toThrow(/link 0: speedKmh must be a finite number > 0 where vehicles flow, got 0/);
    expect(() => trafficLoadFromAssignment(roads, flows(day), { congestedHoursPerDay: 25, annualDayFactor: 1 })).toThrow(/congestedHoursPerDay must be in \[0, 24\], got 25/);
  });
});
