/** One batch task, as run in a piscina worker thread or in-thread: run a scenario, write its run directory. */
import { performance } from 'node:perf_hooks';
import { loadTerritoryWithHash } from '../api.ts';
import { runScenario } from '../run/run-scenario.ts';
import { writeRunDir } from '../run/run-dir.ts';
import type { Scenario } from '../format/scenario.ts';
import { StageCache } from '../pipeline/pipeline.ts';

/**
 * Per-thread cache: the baseline stages (sun-before, heat-before) run once per worker and territory. They are
 * read (so refreshed) by every variant, which adds about 8 entries between two reads: 24 leaves them in place
 * while bounding memory (entries hold territories).
 */
const cache = new StageCache(24);

export interface BatchTask {
  scenario: Scenario;
  territoryDir: string;
  runDir: string;
}

export interface BatchTaskResult {
  id: string;
  scenarioHash: string;
  resultHash: string;
  seconds: number;
  /** Territory-wide indicators of the run (the batch's combined table; the run directory holds them all). */
  indicators: Array<{ id: string; unit: string; value: number }>;
}

export async function runBatchTask(task: BatchTask): Promise<BatchTaskResult> {
  const t0 = performance.now();
  const { territory, hash } = await loadTerritoryWithHash(task.territoryDir);
  const { output } = await runScenario({ territory, territoryHash: hash, scenario: task.scenario, cache });
  const m = writeRunDir(task.runDir, output);
  const indicators = output.indicators.filter((i) => !i.zone).map((i) => ({ id: i.id, unit: i.unit, value: i.value }));
  return { id: task.scenario.id, scenarioHash: m.scenarioHash, resultHash: m.resultHash, seconds: (performance.now() - t0) / 1000, indicators };
}
