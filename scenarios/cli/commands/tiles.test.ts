/** `jumeau tiles` through its `run` function: a stored territory becomes a valid tileset; bad usage is refused. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../args.ts';
import { tilesCommand } from './tiles.ts';
import { tinyTerritory } from '../../../data/test-fixtures.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { validateTileset } from '../../../data/tiles/validate-tileset.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'jumeau-tiles-cli-'));

async function run(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await tilesCommand.run(argv, { log: (s) => out.push(s), err: (s) => out.push(s) });
  return { code, out };
}

describe('jumeau tiles', () => {
  it('writes a valid tileset of a stored territory', async () => {
    const dir = tmp();
    await saveTerritory(join(dir, 't'), tinyTerritory().territory);
    const r = await run(join(dir, 't'), '--out', join(dir, 'tiles'), '--max-buildings-per-tile', '1');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/wrote .*tileset\.json: 4 buildings in 5 tiles \(4 leaves, depth 1\), .* MB per 1 000 buildings/);
    const tileset = JSON.parse(readFileSync(join(dir, 'tiles', 'tileset.json'), 'utf8'));
    expect(tileset.asset.version).toBe('1.1');
    expect(readdirSync(join(dir, 'tiles', 'content')).sort()).toEqual(['r.glb', 'r0.glb', 'r1.glb', 'r2.glb', 'r3.glb']);
    expect(validateTileset(tileset, { readContent: (u) => new Uint8Array(readFileSync(join(dir, 'tiles', u))) })).toEqual([]);
    // Default limit: the four buildings fit in the root.
    const again = await run(join(dir, 't'), '--out', join(dir, 'tiles'));
    expect(again.out.join('\n')).toMatch(/4 buildings in 1 tile \(1 leaf, depth 0\)/);
    expect(readdirSync(join(dir, 'tiles', 'content'))).toEqual(['r.glb']);
  });

  it('refuses bad usage with one clear message', async () => {
    const dir = tmp();
    await saveTerritory(join(dir, 't'), tinyTerritory().territory);
    await expect(run(join(dir, 't'))).rejects.toThrow(/missing required option --out/);
    await expect(run(join(dir, 't'), '--out', join(dir, 'x'), '--max-buildings-per-tile', '0')).rejects.toThrow(UsageError);
    await expect(run(join(dir, 't'), '--out', join(dir, 'x'), '--max-buildings-per-tile', 'many')).rejects.toThrow(/--max-buildings-per-tile must be an integer/);
    await expect(run(dir, '--out', join(dir, 'x'))).rejects.toThrow(/not a territory directory/);
    writeFileSync(join(dir, 'notes.txt'), 'not a tileset');
    await expect(run(join(dir, 't'), '--out', dir)).rejects.toThrow(/not empty and holds no tileset\.json/);
  });
});
