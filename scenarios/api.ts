/**
 * Node API for analysts:
 *
 *   import { runScenario, runBatch, compareRuns } from 'jumeau/scenarios/api.ts';
 *   const run = await runScenario('scenarios/examples/district-densify-centre.json', { territory: '/tmp/t', out: '/tmp/run-a' });
 *   const batch = await runBatch(['a.json', 'b.json'], { territory: '/tmp/t', out: '/tmp/batch', workers: 2 });
 *   const diff = compareRuns('/tmp/run-a', '/tmp/run-b');
 *
 * Files and territories are read from disk; results are written as run directories (scenarios/run/run-dir.ts).
 */
import { readFileSync } from 'node:fs';
import { loadTerritory } from '../data/store-node.ts';
import { baselineScenario, checkAgainstTerritory, parseScenario, type Scenario } from './format/scenario.ts';
import { runScenario as runInMemory, territoryHash } from './run/run-scenario.ts';
import { writeRunDir, readRunDir, type RunManifest } from './run/run-dir.ts';
import { compareIndicators, type IndicatorDiff } from './run/indicators.ts';
import { compareRunGrids } from './run/compare-grids.ts';
import type { ProgressEvent } from './pipeline/pipeline.ts';
import type { Territory } from '../engine/territory.ts';

export { runBatch, type BatchOptions, type BatchSummary } from './batch/batch.ts';

/** Reads and validates a scenario file (errors name the file and the JSON path). */
export function readScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read the scenario (${(e as Error).message})`);
  }
  return parseScenario(text, path);
}

/** The scenario a command runs: the file given (validated against the territory) or the territory's baseline. */
export function scenarioOrBaseline(path: string | undefined, t: Territory): Scenario {
  if (path === undefined) return baselineScenario(t);
  const s = readScenarioFile(path);
  checkAgainstTerritory(s, t, path);
  return s;
}

const territories = new Map<string, { territory: Territory; hash: string }>();

/** Loads a territory directory once per process, with its content hash. */
export async function loadTerritoryWithHash(dir: string): Promise<{ territory: Territory; hash: string }> {
  let e = territories.get(dir);
  if (!e) {
    const { territory } = await loadTerritory(dir);
    e = { territory, hash: territoryHash(territory) };
    territories.set(dir, e);
  }
  return e;
}

export interface RunOptions {
  territory: string;
  out: string;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
}

/** Runs one scenario (file path or object) on a territory directory and writes the run directory. */
export async function runScenario(scenario: string | Scenario, opts: RunOptions): Promise<RunManifest> {
  const s = typeof scenario === 'string' ? readScenarioFile(scenario) : parseScenario(scenario, scenario.id ?? 'scenario');
  const { territory, hash } = await loadTerritoryWithHash(opts.territory);
  const { output } = await runInMemory({ territory, territoryHash: hash, scenario: s, onProgress: opts.onProgress, signal: opts.signal });
  return writeRunDir(opts.out, output);
}

export interface CompareOptions {
  /** Directory where the difference grids (B − A, one GeoTIFF per grid both runs have) are written. */
  gridsOut?: string;
}

/** Indicator table A, B, B − A of two run directories, and the difference of the grids both runs hold. */
export function compareRuns(a: string, b: string, opts: CompareOptions = {}): { a: RunManifest; b: RunManifest; rows: IndicatorDiff[]; grids: ReturnType<typeof compareRunGrids> } {
  const ra = readRunDir(a);
  const rb = readRunDir(b);
  return { a: ra.manifest, b: rb.manifest, rows: compareIndicators(ra.indicators, rb.indicators), grids: compareRunGrids(a, ra.manifest, b, rb.manifest, opts.gridsOut) };
}
