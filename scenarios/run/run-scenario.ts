/**
 * runScenario: a scenario on a territory through the coupled pipeline, giving indicators and result files.
 * Environment-neutral (browser worker, Node worker thread, CLI). Pass the previous run's `state` to re-run
 * only what an edit changed.
 */
import type { Territory } from '../../engine/territory.ts';
import { Pipeline, hashValue, type PipelineState, type ProgressEvent, type StageCache } from '../pipeline/pipeline.ts';
import { STAGES } from '../pipeline/stages/index.ts';
import { STAGE_PARAMS } from '../format/stage-params.ts';
import { resolveParams } from '../format/params.ts';
import { scenarioHash, checkAgainstTerritory, type Scenario } from '../format/scenario.ts';
import type { Indicator } from './indicators.ts';
import type { RunOutput } from './run-files.ts';

export const CODE_VERSION = 'jumeau-0.1.0';

/** Intervention types the current stages model; the others are reported in the run's notes, never ignored silently. */
export const MODELLED_INTERVENTIONS = new Set(['densify', 'change-use', 'add-buildings', 'demolish', 'road-speed', 'road-lanes', 'road-closure', 'road-new-link', 'trees', 'green-roofs', 'cool-roofs', 'de-paving']);

export interface RunScenarioInput {
  territory: Territory;
  /** Hash of the territory (computed when absent: hashValue of the whole territory). */
  territoryHash?: string;
  scenario: Scenario;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  previous?: PipelineState;
  /** Restrict the run to the stages these artefacts need (default: all). */
  targets?: string[];
  /** Stage results shared between runs (a batch worker keeps one: the baseline stages run once). */
  cache?: StageCache;
}

export interface RunScenarioResult {
  output: RunOutput;
  state: PipelineState;
  /** Every artefact of the run (inputs and stage outputs), for commands that need more than indicators and files. */
  artefacts: Record<string, unknown>;
}

export function territoryHash(t: Territory): string {
  return hashValue(t);
}

export async function runScenario(input: RunScenarioInput): Promise<RunScenarioResult> {
  const { territory, scenario } = input;
  checkAgainstTerritory(scenario, territory);
  const tHash = input.territoryHash ?? territoryHash(territory);
  const params: Record<string, Record<string, unknown>> = {};
  for (const [stage, table] of Object.entries(STAGE_PARAMS)) params[stage] = resolveParams(table, scenario.parameters?.[stage]) as Record<string, unknown>;
  // Stage ids share parameter tables by prefix: sun-before / sun-after / sun-indicators use `sun`.
  const stageParams: Record<string, Record<string, unknown>> = {};
  for (const s of STAGES) stageParams[s.id] = params[s.id] ?? params[s.id.split('-')[0]] ?? {};
  const pipeline = new Pipeline(STAGES);
  const { artefacts, state } = await pipeline.run(
    { territory, interventions: scenario.interventions },
    { params: stageParams, signal: input.signal, onProgress: input.onProgress, previous: input.previous, inputHashes: { territory: tHash }, targets: input.targets, cache: input.cache },
  );
  const indicators: Indicator[] = [];
  const files: Record<string, Uint8Array | string> = {};
  for (const [k, v] of Object.entries(artefacts)) {
    if (k.startsWith('indicators.')) indicators.push(...(v as Indicator[]));
    else if (k.startsWith('files.')) Object.assign(files, v as Record<string, Uint8Array | string>);
  }
  const notes = scenario.interventions.flatMap((iv, i) => (MODELLED_INTERVENTIONS.has(iv.type) ? [] : [`$.interventions[${i}] (${iv.type}) is not taken into account by the models of this version: no indicator reflects it`]));
  const timings: Record<string, { seconds: number; ran: boolean }> = {};
  for (const [id, rec] of Object.entries(state.stages)) timings[id] = { seconds: Number(rec.seconds.toFixed(4)), ran: rec.ran };
  return {
    output: { scenario, scenarioHash: scenarioHash(scenario), territoryName: territory.name, territoryHash: tHash, codeVersion: CODE_VERSION, parameters: params, timings, indicators, files, notes },
    state,
    artefacts,
  };
}
