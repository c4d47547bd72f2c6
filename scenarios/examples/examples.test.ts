/** Example scenarios validate against the schema and the territory they name; the CLI runs and compares them. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseScenario, checkAgainstTerritory } from '../format/scenario.ts';
import { generateSample } from '../../data/sample/index.ts';
import { main } from '../cli/main.ts';

const dir = import.meta.dirname;
const DATA = resolve(dir, '../../../shared/data');
const examples = readdirSync(dir).filter((f) => f.endsWith('.json'));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { log: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('example scenarios', () => {
  it('all validate against the published schema', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const f of examples) expect(() => parseScenario(readFileSync(join(dir, f), 'utf8'), f), f).not.toThrow();
  });

  it('district examples fit the sample district', () => {
    const t = generateSample({ size: 'district', seed: 1 });
    for (const f of examples.filter((x) => x.startsWith('district-'))) checkAgainstTerritory(parseScenario(readFileSync(join(dir, f), 'utf8'), f), t, f);
  });

  it('jumeau run + compare on the sample district', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'jumeau-examples-'));
    expect((await cli('sample', '--size', 'district', '--out', join(tmp, 't'))).code).toBe(0);
    const a = await cli('run', join(dir, 'district-baseline.json'), '--territory', join(tmp, 't'), '--out', join(tmp, 'a'));
    expect(a.code, a.err).toBe(0);
    const b = await cli('run', join(dir, 'district-densify-centre.json'), '--territory', join(tmp, 't'), '--out', join(tmp, 'b'));
    expect(b.code, b.err).toBe(0);
    const c = await cli('compare', join(tmp, 'a'), join(tmp, 'b'), '--json');
    const rows = JSON.parse(c.out).rows as Array<{ id: string; zone?: string; delta: number }>;
    expect(rows.find((r) => r.id === 'urban.inhabitants' && !r.zone)!.delta).toBeGreaterThan(0);
    expect(rows.find((r) => r.id === 'sun.facadeHoursLost' && !r.zone)!.delta).toBeGreaterThan(0);
    const text = await cli('compare', join(tmp, 'a'), join(tmp, 'b'));
    expect(text.out).toMatch(/Inhabitants \(inhabitants\)/);
    expect(text.out).toMatch(/sun-hours-change.tif: not compared \(only in run B\)/);
    // Difference grids between two scenarios (not the baseline): four floors shade the neighbours more than two.
    const four = JSON.parse(readFileSync(join(dir, 'district-densify-centre.json'), 'utf8'));
    four.id = 'district-densify-centre-4';
    four.interventions[0].addFloors = 4;
    writeFileSync(join(tmp, 'four.json'), JSON.stringify(four));
    const d = await cli('run', join(tmp, 'four.json'), '--territory', join(tmp, 't'), '--out', join(tmp, 'd'));
    expect(d.code, d.err).toBe(0);
    const bd = await cli('compare', join(tmp, 'b'), join(tmp, 'd'), '--json', '--grids', join(tmp, 'diff'));
    const grids = JSON.parse(bd.out).grids as { compared: Array<{ file: string; minDelta: number; maxDelta: number; changedCells: number }> };
    const sun = grids.compared.find((g) => g.file === 'sun-hours-change.tif');
    expect(sun, JSON.stringify(grids)).toBeDefined();
    expect(sun!.changedCells).toBeGreaterThan(0);
    expect(sun!.minDelta).toBeLessThan(0);
    expect(existsSync(join(tmp, 'diff', 'sun-hours-change.tif'))).toBe(true);
  });

  it.skipIf(!existsSync(join(DATA, 'rodez/bdtopo-v2')))('Rodez examples fit the imported Rodez territory', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'jumeau-rodez-'));
    expect((await cli('import', 'bdtopo', join(DATA, 'rodez/bdtopo-v2'), '--out', join(tmp, 'rodez'), '--quiet')).code).toBe(0);
    const { loadTerritory } = await import('../../data/store-node.ts');
    const { territory } = await loadTerritory(join(tmp, 'rodez'));
    for (const f of examples.filter((x) => x.startsWith('rodez-'))) checkAgainstTerritory(parseScenario(readFileSync(join(dir, f), 'utf8'), f), territory, f);
  });
});
