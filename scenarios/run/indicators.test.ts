import { describe, expect, it } from 'vitest';
import { compareIndicators, indicatorsCsv, type Indicator } from './indicators.ts';

const p = { model: 'm', datasets: ['d'], parameters: { k: 1 } };
const ind = (id: string, value: number, zone?: string, unit = 'inhabitants'): Indicator => ({ id, label: id, unit, zone, value, provenance: p });

describe('indicator comparison', () => {
  it('gives A, B and B − A for any two runs, with missing rows as null', () => {
    const rows = compareIndicators([ind('inh', 100), ind('inh', 40, 'z1'), ind('old', 1)], [ind('inh', 130), ind('inh', 30, 'z1'), ind('new', 2)]);
    expect(rows).toEqual([
      { id: 'inh', label: 'inh', unit: 'inhabitants', zone: undefined, a: 100, b: 130, delta: 30, relative: 0.3 },
      { id: 'old', label: 'old', unit: 'inhabitants', zone: undefined, a: 1, b: null, delta: null, relative: null },
      { id: 'new', label: 'new', unit: 'inhabitants', zone: undefined, a: null, b: 2, delta: null, relative: null },
      { id: 'inh', label: 'inh', unit: 'inhabitants', zone: 'z1', a: 40, b: 30, delta: -10, relative: -0.25 },
    ]);
    // Antisymmetry: comparing B with A negates every delta.
    const back = compareIndicators([ind('inh', 130)], [ind('inh', 100)]);
    expect(back[0].delta).toBe(-30);
  });
  it('refuses to subtract values in different units', () => {
    expect(() => compareIndicators([ind('x', 1, undefined, 'kWh')], [ind('x', 1, undefined, 'MWh')])).toThrow(/units differ/);
  });
  it('writes CSV with provenance', () => {
    expect(indicatorsCsv([ind('inh', 1.5, 'a,b')])).toBe('id,label,unit,zone,value,model,datasets,parameters\ninh,inh,inhabitants,"a,b",1.5,m,d,"{""k"":1}"\n');
  });
});
