/**
 * Benchmark: BD TOPO shapefile import of the Rodez v2 extract (../shared/data/rodez/bdtopo-v2: 11 202 buildings,
 * 4 981 road segments, 457 population cells), read, converted, graph-built and imputed. One warm-up run, then 5
 * timed runs; prints the min and median wall time and the throughput in features (buildings + road segments +
 * population cells) per second. Target: median under 2 s. Skips when the data folder is absent.
 *
 * Run: npx tsx bench/import-bdtopo.ts
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importBdtopo } from '../data/importers/bdtopo.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.resolve(ROOT, '../shared/data/rodez/bdtopo-v2');
const RUNS = 5;
const TARGET_S = 2;

async function main(): Promise<void> {
  if (!existsSync(SOURCE)) {
    console.log(`import-bdtopo: skipped, ${SOURCE} not found (real data folder absent)`);
    return;
  }
  const once = async (): Promise<{ seconds: number; features: number }> => {
    const t0 = performance.now();
    const { territory: t } = await importBdtopo(SOURCE);
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, features: t.buildings.count + t.roads.segmentCount + t.population.count };
  };
  await once(); // warm-up: module compilation and JIT
  const runs: number[] = [];
  let features = 0;
  for (let k = 0; k < RUNS; k++) {
    const r = await once();
    runs.push(r.seconds);
    features = r.features;
  }
  const sorted = runs.slice().sort((a, b) => a - b);
  const min = sorted[0];
  const median = sorted[RUNS >> 1];
  console.log(`import-bdtopo: rodez/bdtopo-v2, ${features} features (buildings + road segments + population cells), ${RUNS} runs after 1 warm-up`);
  console.log(`  min    ${min.toFixed(3)} s   ${Math.round(features / min)} features/s`);
  console.log(`  median ${median.toFixed(3)} s   ${Math.round(features / median)} features/s`);
  console.log(`  target < ${TARGET_S} s: ${median < TARGET_S ? 'ok' : 'MISSED'}`);
  if (median >= TARGET_S) process.exitCode = 1;
}

await main();
