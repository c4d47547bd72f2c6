/** Node file-system access for territory stores (data/store.ts is environment-neutral). */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Territory } from '../engine/territory.ts';
import { readTerritory, writeTerritory, StoreError, type ImportRecord, type LoadOptions, type StoreIO, type TerritoryManifest } from './store.ts';

export function nodeStoreIO(dir: string): StoreIO {
  const root = resolve(dir);
  return {
    async write(rel, data) {
      const p = join(root, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, data);
    },
    async read(rel) {
      const buf = readFileSync(join(root, rel));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    sha256(data) {
      return createHash('sha256').update(data).digest('hex');
    },
  };
}

export async function saveTerritory(dir: string, t: Territory, imports: ImportRecord[] = []): Promise<TerritoryManifest> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new StoreError(`${dir}: exists and is not a directory`);
  if (existsSync(join(dir, 'territory.json'))) {
    // Never mix two territories' columns: an existing store is replaced as a whole.
    rmSync(join(dir, 'columns'), { recursive: true, force: true });
    rmSync(join(dir, 'sql'), { recursive: true, force: true });
  }
  return writeTerritory(nodeStoreIO(dir), t, imports);
}

export async function loadTerritory(dir: string, opts: LoadOptions = {}): Promise<{ territory: Territory; manifest: TerritoryManifest }> {
  if (!existsSync(join(dir, 'territory.json'))) throw new StoreError(`${dir}: not a territory directory (no territory.json)`);
  try {
    return await readTerritory(nodeStoreIO(dir), opts);
  } catch (e) {
    if (e instanceof StoreError) throw new StoreError(`${dir}/${e.message}`);
    throw e;
  }
}
