import { describe, expect, it } from 'vitest';
import { compareIndicators, indicatorsCsv, indicatorsJson, parseIndicatorsJson, zoneIndicatorsCsv, type Indicator } from './indicators.ts';

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
  it('writes territory-wide rows with provenance to indicators.csv, zone rows to zone-indicators.csv', () => {
    const list = [ind('inh', 2.5), ind('inh', 1.5, 'a,b')];
    expect(indicatorsCsv(list)).toBe('id,label,unit,zone,value,model,datasets,parameters\ninh,inh,inhabitants,,2.5,m,d,"{""k"":1}"\n');
    expect(zoneIndicatorsCsv(list)).toBe('id,label,unit,zone,value\ninh,inh,inhabitants,"a,b",1.5\n');
  });
  it('writes indicators.json with each provenance once and reads every row back with its provenance', () => {
    const q = { model: 'q', datasets: ['e', 'f'], parameters: { k: 2, s: 'x' } };
    const list: Indicator[] = [ind('a', 1), ind('a', 2, 'z1'), { ...ind('b', NaN), provenance: q }, { ...ind('b', 3, 'z2'), provenance: { ...q } }, ind('c', -0.5, 'z1')];
    const text = indicatorsJson(list);
    const o = JSON.parse(text) as { provenance: unknown[]; indicators: unknown[] };
    expect(o.provenance).toEqual([p, q]); // equal provenances listed once, also as distinct objects
    const back = parseIndicatorsJson(text, 'indicators.json');
    expect(back.map((i) => [i.id, i.zone, i.value, i.provenance])).toEqual(list.map((i) => [i.id, i.zone, i.value, i.provenance]));
    // Runs written before: a plain array of rows with their provenance.
    expect(parseIndicatorsJson(JSON.stringify([ind('a', 1)]), 'old.json')).toEqual([ind('a', 1)]);
    expect(() => parseIndicatorsJson('{"provenance":[],"indicators":[{"id":"a","provenance":3}]}', 'bad.json')).toThrow(/bad.json: indicators\[0\] \(a\) points to provenance 3/);
    expect(() => parseIndicatorsJson('{"rows":[]}', 'bad.json')).toThrow(/not an indicator table/);
  });
});
