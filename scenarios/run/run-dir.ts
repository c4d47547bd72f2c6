/**
 * Run directories: what one scenario run leaves on disk.
 *
 *   manifest.json      scenario id and hash, territory name and hash, code version, resolved parameters,
 *                      stage timings, the SHA-256 of every result file and the run's result hash
 *   scenario.json      the scenario as run
 *   indicators.json    every indicator (territory-wide and per zone), provenances listed once
 *   indicators.csv     territory-wide indicators with their provenance; zone-indicators.csv: per-zone rows
 *   <other files>      per-building CSV, link flows, rasters (GeoTIFF) … as the stages produce them
 *
 * A run is written to `<dir>.partial` and renamed into place when complete, so an interrupted run never looks
 * finished and a finished run is never half-overwritten. The result hash covers the indicators and the result
 * files (not the timings), so the same inputs give the same hash on any machine and in the browser.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseIndicatorsJson, type Indicator } from './indicators.ts';
import { runFiles, type RunOutput } from './run-files.ts';
import './node-sha256.ts';

// The run output and its result hash are environment-neutral (the browser worker computes them too).
export { runFiles, type RunOutput } from './run-files.ts';

/** manifest.json: the run's identity and settings as in its output, the SHA-256 of every file and the result hash. */
export interface RunManifest extends Pick<RunOutput, 'scenarioHash' | 'territoryName' | 'territoryHash' | 'codeVersion' | 'parameters' | 'timings' | 'notes'> {
  format: 'jumeau-run';
  version: 1;
  scenarioId: string;
  files: Record<string, string>;
  resultHash: string;
}

export function writeRunDir(dir: string, out: RunOutput): RunManifest {
  const { files, hashes, resultHash } = runFiles(out);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  for (const [k, v] of Object.entries(files)) {
    const p = join(partial, k);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, v);
  }
  const manifest: RunManifest = {
    format: 'jumeau-run',
    version: 1,
    scenarioId: out.scenario.id,
    scenarioHash: out.scenarioHash,
    territoryName: out.territoryName,
    territoryHash: out.territoryHash,
    codeVersion: out.codeVersion,
    parameters: out.parameters,
    timings: out.timings,
    files: hashes,
    notes: out.notes,
    resultHash,
  };
  writeFileSync(join(partial, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return manifest;
}

export class RunDirError extends Error {
  override name = 'RunDirError';
}

/** Reads a finished run (manifest + indicators); throws naming the directory if it is not one. */
export function readRunDir(dir: string): { manifest: RunManifest; indicators: Indicator[] } {
  const manifest = readRunManifest(dir);
  const ip = join(dir, 'indicators.json');
  let indicators: Indicator[];
  try {
    indicators = parseIndicatorsJson(readFileSync(ip, 'utf8'), ip);
  } catch (e) {
    throw new RunDirError(`${ip}: ${(e as Error).message.replace(`${ip}: `, '')}`);
  }
  return { manifest, indicators };
}

/** The manifest of a finished run; throws naming the directory if it is not one. */
export function readRunManifest(dir: string): RunManifest {
  const mp = join(dir, 'manifest.json');
  if (!existsSync(mp)) throw new RunDirError(`${dir}: not a finished run (no manifest.json)`);
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(readFileSync(mp, 'utf8'));
  } catch (e) {
    throw new RunDirError(`${mp}: not valid JSON (${(e as Error).message})`);
  }
  if (manifest.format !== 'jumeau-run') throw new RunDirError(`${mp}: not a Jumeau run manifest`);
  return manifest;
}

/** True when `dir` holds a finished run of this scenario on this territory (used to resume batches). */
export function isCompleteRun(dir: string, scenarioHash: string, territoryHash: string): boolean {
  try {
    const manifest = readRunManifest(dir);
    return existsSync(join(dir, 'indicators.json')) && manifest.scenarioHash === scenarioHash && manifest.territoryHash === territoryHash;
  } catch {
    return false;
  }
}
