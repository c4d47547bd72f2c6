/** `jumeau urban --scenario`: the scenario's building interventions change the totals; invalid scenarios are named. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { urbanCommand } from './urban.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { tinyTerritory } from '../../../data/test-fixtures.ts';

async function run(argv: string[]): Promise<string> {
  let out = '';
  await urbanCommand.run(argv, { log: (s) => (out += s + '\n'), err: () => {} });
  return out;
}

describe('jumeau urban --scenario', () => {
  it('applies the interventions and reports the change from the baseline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jumeau-urban-sc-'));
    await saveTerritory(join(dir, 't'), tinyTerritory().territory);
    const zone = { rings: [[[0, 0], [200, 0], [200, 200], [0, 200]]] };
    writeFileSync(join(dir, 's.json'), JSON.stringify({ id: 's', title: 's', territory: { name: 'tiny' }, interventions: [{ type: 'demolish', zone, uses: ['residential'] }], seed: 1 }));
    const base = JSON.parse(await run([join(dir, 't'), '--out', join(dir, 'b'), '--json']));
    const sc = JSON.parse(await run([join(dir, 't'), '--scenario', join(dir, 's.json'), '--out', join(dir, 'o'), '--json']));
    // Demolishing the two residential buildings of cell A removes their inhabitants (cell A: 100).
    expect(sc.changeFromBaseline.inhabitants).toBeCloseTo(-100, 6);
    expect(sc.inhabitants).toBeCloseTo(base.inhabitants - 100, 6);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 's', title: 's', territory: { name: 'tiny' }, interventions: [{ type: 'demolish' }], seed: 1 }));
    await expect(run([join(dir, 't'), '--scenario', join(dir, 'bad.json'), '--out', join(dir, 'x')])).rejects.toThrow(/bad\.json: \$\.interventions\[0\]\.zone: expected required property "zone"/);
  });
});
