/**
 * What a run produces, independent of where it is stored: the run output (indicators, result files, hashes of
 * the inputs) and the result hash over the run's files. Environment-neutral (no Node built-ins) so that the
 * browser worker computes the same result hash as `writeRunDir` (run-dir.ts) does in Node.
 */
import { canonicalJson, sha256Hex } from '../../engine/hash/sha256.ts';
import { indicatorsCsv, indicatorsJson, zoneIndicatorsCsv, type Indicator } from './indicators.ts';
import type { Scenario } from '../format/scenario.ts';

export interface RunOutput {
  scenario: Scenario;
  scenarioHash: string;
  territoryName: string;
  territoryHash: string;
  codeVersion: string;
  parameters: Record<string, Record<string, unknown>>;
  timings: Record<string, { seconds: number; ran: boolean }>;
  indicators: Indicator[];
  /** What the user must know about this run (e.g. interventions no model takes into account yet). */
  notes: string[];
  /** Result files relative to the run directory. */
  files: Record<string, Uint8Array | string>;
}

const bytesOf = (v: Uint8Array | string): Uint8Array => (typeof v === 'string' ? new TextEncoder().encode(v) : v);

/** The files a run writes (including indicators and scenario) and the result hash over them. */
export function runFiles(out: RunOutput): { files: Record<string, Uint8Array>; hashes: Record<string, string>; resultHash: string } {
  const files: Record<string, Uint8Array> = {
    'scenario.json': bytesOf(JSON.stringify(out.scenario, null, 2) + '\n'),
    'indicators.json': bytesOf(indicatorsJson(out.indicators)),
    'indicators.csv': bytesOf(indicatorsCsv(out.indicators)),
    'zone-indicators.csv': bytesOf(zoneIndicatorsCsv(out.indicators)),
  };
  for (const [k, v] of Object.entries(out.files)) {
    if (k in files || k === 'manifest.json' || k.includes('..') || k.startsWith('/')) throw new Error(`run output file name not allowed: ${k}`);
    files[k] = bytesOf(v);
  }
  const hashes: Record<string, string> = {};
  for (const k of Object.keys(files).sort()) hashes[k] = sha256Hex(files[k]);
  const resultHash = sha256Hex(canonicalJson({ scenarioHash: out.scenarioHash, territoryHash: out.territoryHash, files: hashes }));
  return { files, hashes, resultHash };
}
