/**
 * Benchmark: territory store write and load. Imports the Rodez BD TOPO v2 extract once, writes it to a temporary
 * store, then loads it 10 times (min / median; target "well under a second"), with and without SHA-256
 * verification, and runs a DuckDB (Node) aggregate over its SQL view. Skips when the real data is absent.
 *
 * Run: npx tsx bench/store-load.ts
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { importBdtopo } from '../data/importers/bdtopo.ts';
import { loadTerritory, saveTerritory } from '../data/store-node.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.resolve(ROOT, '../shared/data/rodez/bdtopo-v2');

const stats = (xs: number[]): { min: number; median: number } => {
  const s = xs.slice().sort((a, b) => a - b);
  return { min: s[0], median: s[s.length >> 1] };
};

async function main(): Promise<void> {
  if (!existsSync(SOURCE)) {
    console.log(`store-load: skipped, ${SOURCE} not found (real data folder absent)`);
    return;
  }
  const { territory, report } = await importBdtopo(SOURCE);
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-bench-store-'));
  const writes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await saveTerritory(dir, territory, [{ importer: 'bdtopo', source: SOURCE, datasetIds: [], report }]);
    writes.push((performance.now() - t0) / 1000);
  }
  const loads: number[] = [];
  const verified: number[] = [];
  for (let i = 0; i < 10; i++) {
    let t0 = performance.now();
    await loadTerritory(dir);
    loads.push((performance.now() - t0) / 1000);
    t0 = performance.now();
    await loadTerritory(dir, { verify: true });
    verified.push((performance.now() - t0) / 1000);
  }
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const t0 = performance.now();
  const rows = (await c.runAndReadAll(`SELECT use, count(*)::INT n, round(sum(inhabitants))::INT inh FROM read_csv('${dir}/sql/buildings.csv') GROUP BY use ORDER BY n DESC`)).getRowObjects();
  const sqlS = (performance.now() - t0) / 1000;
  c.closeSync();
  rmSync(dir, { recursive: true, force: true });
  const f = (x: number): string => x.toFixed(3);
  const n = territory.buildings.count;
  console.log(`Rodez BD TOPO v2 store: ${n} buildings, ${territory.roads.segmentCount} road segments, ${territory.roads.linkCount} links, ${territory.population.count} cells`);
  console.log(`  write            min ${f(stats(writes).min)} s  median ${f(stats(writes).median)} s`);
  console.log(`  load             min ${f(stats(loads).min)} s  median ${f(stats(loads).median)} s  (${Math.round(n / stats(loads).median).toLocaleString('en-US')} buildings/s; target well under 1 s)`);
  console.log(`  load + verify    min ${f(stats(verified).min)} s  median ${f(stats(verified).median)} s`);
  console.log(`  DuckDB group-by on sql/buildings.csv: ${f(sqlS)} s → ${rows.map((r) => `${r.use} ${r.n}`).join(', ')}`);
}

await main();
