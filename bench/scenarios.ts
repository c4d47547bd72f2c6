/**
 * Benchmark: scenario runs. (1) Coupled re-run after a local densification edit on the sample district
 * (target ≤ 2 s). (2) Batches of variants (addFloors sweep) on the sample city and on Rodez BD TOPO v2 with 1
 * and 2 workers, in scenarios per minute (target: 100 Rodez variants ≤ 2 min on 2 cores).
 * Run: npx tsx bench/scenarios.ts [--variants N] [--workers N] [--rodez-only]   (Rodez part skipped when ../shared/data is absent)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSample } from '../data/sample/index.ts';
import { saveTerritory } from '../data/store-node.ts';
import { importBdtopo } from '../data/importers/bdtopo.ts';
import { runScenario } from '../scenarios/run/run-scenario.ts';
import { runBatch } from '../scenarios/batch/batch.ts';
import { parseSweep } from '../scenarios/batch/sweep.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';
import type { Territory } from '../engine/territory.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RODEZ = path.resolve(ROOT, '../shared/data/rodez/bdtopo-v2');
const argN = process.argv.indexOf('--variants');
const VARIANTS = argN > 0 ? Number(process.argv[argN + 1]) : 100;
const argW = process.argv.indexOf('--workers');
/** Worker counts of the batch runs (default 1 and 2). */
const WORKERS = argW > 0 ? [Number(process.argv[argW + 1])] : [1, 2];


function scenario(name: string, crs: 'local' | 'EPSG:2154', ring: Array<[number, number]>): Scenario {
  return { id: 'densify', title: 'densify', territory: { name }, interventions: [{ type: 'densify', zone: { crs, rings: [ring] }, uses: ['residential', 'mixed'], addFloors: 1 }], parameters: { sun: { date: '2026-12-21', stepMin: 30, resolutionM: 2 } }, seed: 1 };
}

async function rerun(): Promise<void> {
  const t = generateSample({ size: 'district', seed: 1 });
  const s = scenario(t.name, 'local', [[-100, -100], [100, -100], [100, 100], [-100, 100]]);
  const first = await runScenario({ territory: t, scenario: s });
  const times: number[] = [];
  let prev = first.state;
  for (let k = 2; k <= 6; k++) {
    const edited: Scenario = { ...s, interventions: [{ ...(s.interventions[0] as object), addFloors: k } as Scenario['interventions'][number]] };
    const t0 = performance.now();
    const r = await runScenario({ territory: t, territoryHash: first.output.territoryHash, scenario: edited, previous: prev });
    times.push((performance.now() - t0) / 1000);
    prev = r.state;
  }
  times.sort((a, b) => a - b);
  const stages = Object.entries(first.output.timings).map(([k, v]) => `${k} ${v.seconds.toFixed(2)} s`).join(', ');
  console.log(`district (${t.buildings.count} buildings): first run ${Object.values(first.output.timings).reduce((a, v) => a + v.seconds, 0).toFixed(2)} s (${stages})`);
  console.log(`  re-run after a local densification edit: min ${times[0].toFixed(2)} s, median ${times[2].toFixed(2)} s (target ≤ 2 s)`);
}

async function batch(label: string, t: Territory, ring: Array<[number, number]>, crs: 'local' | 'EPSG:2154'): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'jumeau-bench-batch-'));
  await saveTerritory(path.join(root, 't'), t);
  const file = path.join(root, 's.json');
  writeFileSync(file, JSON.stringify(scenario(t.name, crs, ring)));
  // Variants: 5 floor counts × N/5 household sizes (2.00, 2.01, …); each variant is a distinct scenario (hash).
  const hh = Array.from({ length: Math.max(1, Math.round(VARIANTS / 5)) }, (_, i) => (2 + i / 100).toFixed(2)).join(',');
  const sweeps = [parseSweep('interventions[0].addFloors=1..5'), parseSweep(`parameters.urban.householdSize=${hh}`)];
  for (const workers of WORKERS) {
    const out = path.join(root, `out-${workers}`);
    const s = await runBatch([file], { territory: path.join(root, 't'), out, workers, sweeps });
    console.log(`${label}: ${s.completed} variants, ${workers} worker(s): ${s.seconds.toFixed(1)} s → ${((60 * s.completed) / s.seconds).toFixed(1)} scenarios/min${s.failed ? `, ${s.failed} failed` : ''}`);
  }
  rmSync(root, { recursive: true, force: true });
}

const only = process.argv.includes('--rodez-only');
if (!only) await rerun();
const city = generateSample({ size: 'city', seed: 1 });
if (!only) await batch(`city sample (${city.buildings.count} buildings)`, city, [[-150, -150], [150, -150], [150, 150], [-150, 150]], 'local');
if (existsSync(RODEZ)) {
  const { territory } = await importBdtopo(RODEZ);
  await batch(`Rodez BD TOPO v2 (${territory.buildings.count} buildings)`, territory, [[665900, 6361300], [666300, 6361300], [666300, 6361700], [665900, 6361700]], 'EPSG:2154');
} else console.log(`Rodez batch skipped: ${RODEZ} not found`);
