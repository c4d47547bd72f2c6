/** The traffic parameter table: one entry per engine parameter, defaults from the engine, within bounds, sourced. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAFFIC_PARAMS } from '../../engine/traffic/traffic-params.ts';
import { STAGE_PARAMS } from '../../scenarios/format/stage-params.ts';
import { resolveParams } from '../../scenarios/format/params.ts';
import { parseScenario } from '../../scenarios/format/scenario.ts';
import { TRAFFIC_PARAMS, trafficParamsFrom } from './params.ts';

describe('traffic parameter table', () => {
  it('has every engine parameter, with the engine default inside its bounds', () => {
    const { warmStart, ...numeric } = TRAFFIC_PARAMS;
    expect(warmStart.value).toBe(false); // incremental runs hash like full runs unless asked otherwise
    expect(Object.keys(numeric).sort()).toEqual(Object.keys(DEFAULT_TRAFFIC_PARAMS).sort());
    for (const [k, spec] of Object.entries(numeric)) {
      expect(spec.value, k).toBe(DEFAULT_TRAFFIC_PARAMS[k as keyof typeof DEFAULT_TRAFFIC_PARAMS]);
      expect(spec.value, k).toBeGreaterThanOrEqual(spec.min);
      expect(spec.value, k).toBeLessThanOrEqual(spec.max);
      if (k !== 'maxIterations') expect(spec.source, k).toMatch(/\w/);
    }
    expect(STAGE_PARAMS.traffic).toBe(TRAFFIC_PARAMS);
    expect(trafficParamsFrom(resolveParams(TRAFFIC_PARAMS, {}))).toEqual({ ...DEFAULT_TRAFFIC_PARAMS });
  });

  it('scenarios validate traffic parameters against the table', () => {
    const base = { id: 's', title: 's', territory: { name: 't' }, interventions: [], seed: 1 };
    expect(parseScenario({ ...base, parameters: { traffic: { carShare: 0.31, gap: 1e-6 } } }).parameters?.traffic).toEqual({ carShare: 0.31, gap: 1e-6 });
    expect(() => parseScenario({ ...base, parameters: { traffic: { carShare: 1.2 } } })).toThrow(/\$\.parameters\.traffic\.carShare/);
    expect(() => parseScenario({ ...base, parameters: { traffic: { lanes: 2 } } })).toThrow(/\$\.parameters\.traffic/);
    expect(() => trafficParamsFrom({ workShare: 0.9, studyShare: 0.2 })).toThrow(/workShare \+ studyShare must be ≤ 1/);
  });
});
