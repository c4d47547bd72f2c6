/** The store written for a generated sample is byte-identical for a seed and differs for another seed. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateSample } from './index.ts';
import { saveTerritory } from '../store-node.ts';

function files(dir: string, root = dir): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) for (const [k, v] of files(p, root)) out.set(k, v);
    else out.set(relative(root, p), readFileSync(p));
  }
  return out;
}

async function store(seed: number): Promise<Map<string, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), `jumeau-sample-${seed}-`));
  await saveTerritory(dir, generateSample({ size: 'district', seed }));
  return files(dir);
}

describe('sample store determinism', () => {
  it('same seed → byte-identical store; different seed → different store', async () => {
    const a = await store(11);
    const b = await store(11);
    const c = await store(12);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBeGreaterThan(20);
    for (const [k, v] of a) expect(v.equals(b.get(k)!), k).toBe(true);
    expect(a.get('columns/buildings.footprint.xy.f64')!.equals(c.get('columns/buildings.footprint.xy.f64')!)).toBe(false);
  });
});
