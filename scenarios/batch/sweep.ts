/**
 * Parameter sweeps: `interventions[0].addFloors=1..6` or `parameters.urban.householdSize=2,2.2,2.4` expands a
 * scenario into one scenario per value (ids suffixed with the value). Several sweeps combine as a product.
 */
import type { Scenario } from '../format/scenario.ts';

export class SweepError extends Error {
  override name = 'SweepError';
}

export interface Sweep {
  path: Array<string | number>;
  values: number[];
  text: string;
}

export function parseSweep(text: string): Sweep {
  const m = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)=(.+)$/.exec(text.trim());
  if (!m) throw new SweepError(`--sweep "${text}": expected path=a..b or path=v1,v2,… (e.g. interventions[0].addFloors=1..6)`);
  const path = [...m[1].matchAll(/([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((x) => (x[2] !== undefined ? Number(x[2]) : x[1]));
  const spec = m[2];
  let values: number[];
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(spec);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b < a || b - a > 10000) throw new SweepError(`--sweep "${text}": range must go up and hold at most 10 001 values`);
    values = Array.from({ length: b - a + 1 }, (_, i) => a + i);
  } else {
    values = spec.split(',').map((v) => Number(v.trim()));
    if (values.some((v) => !Number.isFinite(v))) throw new SweepError(`--sweep "${text}": values must be numbers`);
  }
  return { path, values, text };
}

function setPath(obj: unknown, path: Array<string | number>, value: number, text: string): void {
  let cur = obj as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (cur[k] === undefined && !Array.isArray(cur) && typeof path[i + 1] === 'string') cur[k] = {};
    if (cur[k] === null || typeof cur[k] !== 'object') throw new SweepError(`--sweep "${text}": ${path.slice(0, i + 1).join('.')} does not exist in the scenario`);
    cur = cur[k] as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

export function expandSweeps(s: Scenario, sweeps: Sweep[]): Scenario[] {
  let out: Scenario[] = [s];
  for (const sw of sweeps) {
    const next: Scenario[] = [];
    for (const base of out)
      for (const v of sw.values) {
        const copy = structuredClone(base);
        setPath(copy, sw.path, v, sw.text);
        copy.id = `${base.id}-${String(sw.path[sw.path.length - 1])}-${v}`;
        next.push(copy);
      }
    out = next;
  }
  return out;
}
