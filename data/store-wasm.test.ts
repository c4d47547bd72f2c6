/**
 * The browser reads territory stores with duckdb-wasm, which has no Parquet/JSON extension offline. This test
 * runs the very same duckdb-wasm build (its Node runtime) on the store's SQL views, registered as file buffers
 * exactly as the viewer does after fetching them.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { createDuckDB, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking';
import { tinyTerritory } from './test-fixtures.ts';
import { saveTerritory } from './store-node.ts';

describe('territory store in duckdb-wasm', () => {
  it('reads the SQL views offline with no extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jumeau-wasm-'));
    const { territory } = tinyTerritory();
    const manifest = await saveTerritory(dir, territory);
    const dist = dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
    const db = await createDuckDB({ mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' }, eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' } }, new VoidLogger(), NODE_RUNTIME);
    await db.instantiate();
    const c = db.connect();
    c.query('SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;');
    for (const v of Object.values(manifest.sql)) db.registerFileBuffer(v.file.replace('sql/', ''), new Uint8Array(readFileSync(join(dir, v.file))));
    const rows = c.query("SELECT use, count(*)::INT AS n, round(sum(inhabitants), 3)::DOUBLE AS inh FROM read_csv('buildings.csv') GROUP BY use ORDER BY use").toArray().map((r) => r.toJSON());
    expect(rows).toEqual([
      { use: 'industrial', n: 1, inh: 0 },
      // Cell A's 100 inhabitants plus the out-of-cell house: (300 × 0.8 / 63) dwellings × 2.12.
      { use: 'residential', n: 3, inh: Number((100 + ((300 * 0.8) / 63) * 2.12).toFixed(3)) },
    ]);
    const links = c.query("SELECT count(*)::INT AS n FROM read_csv('road_links.csv') WHERE reversed").toArray()[0].toJSON();
    expect(links.n).toBe(2);
    c.close();
  });
});
