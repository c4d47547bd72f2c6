/**
 * Scenarios in the viewer's worker: the coupled pipeline (scenarios/run/run-scenario.ts, environment-neutral)
 * run against the territory the worker has loaded, with progress events and cancellation, and incremental
 * re-runs — the previous pipeline state is kept per scenario id, so an edit re-runs only the stages whose
 * inputs changed, and stage results are shared between scenarios (the baseline sun is computed once).
 *
 * The result hash is the one `jumeau run` writes in its manifest (scenarios/run/run-files.ts `runFiles`,
 * SHA-256 in plain TypeScript): the same scenario on the same territory gives the same hash here and in Node.
 *
 * Cancellation: an AbortSignal (in-thread), or a cancel flag — an Int32Array on a SharedArrayBuffer the main
 * thread sets to 1 — polled at every progress event, i.e. at least between stages, while the worker is busy
 * running the pipeline and cannot receive messages.
 */
import type { Territory } from '../engine/territory.ts';
import { parseScenario } from '../scenarios/format/scenario.ts';
import { CancelledError, StageCache, type PipelineState, type ProgressEvent } from '../scenarios/pipeline/pipeline.ts';
import type { Indicator } from '../scenarios/run/indicators.ts';
import { runFiles, type RunOutput } from '../scenarios/run/run-files.ts';
import { runScenario, territoryHash } from '../scenarios/run/run-scenario.ts';

export type { ProgressEvent } from '../scenarios/pipeline/pipeline.ts';

/** Scenario ids whose pipeline state is kept for incremental re-runs (least recently run dropped first). */
export const KEPT_SCENARIOS = 8;
/**
 * Stage results shared between scenarios (by stage cache key; least recently used dropped first). Entries hold
 * whole artefacts (territory copies, grids): an edit adds about one per stage it re-runs, so this keeps the
 * baseline stages and the last two or three edits.
 */
export const SHARED_STAGE_RESULTS = 16;

export interface ScenarioRunHooks {
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Cancel flag shared with another thread: a non-zero element 0 cancels the run at the next progress event. */
  cancelFlag?: Int32Array;
}

export interface ScenarioRunOptions {
  /** Only run what these artefacts need (default: every stage). */
  targets?: string[];
}

export interface ScenarioFileInfo {
  name: string;
  bytes: number;
  sha256: string;
}

/** What the viewer gets back from a run (the bulky artefacts stay in the worker). */
export interface ScenarioRunSummary {
  scenarioId: string;
  scenarioHash: string;
  territoryName: string;
  territoryHash: string;
  codeVersion: string;
  /** SHA-256 over the run's files (scenario, indicators, results): equal to the `resultHash` of `jumeau run`. */
  resultHash: string;
  indicators: Indicator[];
  notes: string[];
  parameters: Record<string, Record<string, unknown>>;
  /** The files of the run directory `jumeau run` would write (manifest excepted), by name. */
  files: ScenarioFileInfo[];
  timings: Record<string, { seconds: number; ran: boolean }>;
  /** Stages computed by this run; the others were reused (previous run of this scenario id, or shared results). */
  ran: string[];
  reused: string[];
  /** Wall time of the run, result hash included (s). */
  seconds: number;
}

/** The last run attempted, whatever its outcome (to check that a cancelled run stopped working). */
export interface ScenarioRunRecord {
  scenarioId: string;
  outcome: 'running' | 'done' | 'cancelled' | 'failed';
  /** Stages finished (computed or reused) before the run ended. */
  stagesFinished: string[];
  message?: string;
}

export class ScenarioApi {
  private territoryRef: Territory | null = null;
  private tHash = '';
  private readonly states = new Map<string, PipelineState>();
  private readonly outputs = new Map<string, RunOutput>();
  private cache = new StageCache(SHARED_STAGE_RESULTS);
  private queue: Promise<unknown> = Promise.resolve();
  private last: ScenarioRunRecord | null = null;

  /** `territory` returns the territory currently open (a new one drops every kept state). */
  constructor(private readonly territory: () => Territory) {}

  private current(): { territory: Territory; hash: string } {
    const t = this.territory();
    if (t !== this.territoryRef) {
      this.territoryRef = t;
      this.tHash = territoryHash(t);
      this.states.clear();
      this.outputs.clear();
      this.cache = new StageCache(SHARED_STAGE_RESULTS);
    }
    return { territory: t, hash: this.tHash };
  }

  /** Hash of the open territory (the one run manifests record). */
  territoryHash(): string {
    return this.current().hash;
  }

  /**
   * Runs a scenario (JSON text or object, validated; errors give the JSON path) on the open territory. Runs are
   * queued: one at a time, in the order asked. Rejects with a CancelledError when cancelled.
   */
  run(scenario: unknown, hooks: ScenarioRunHooks = {}, options: ScenarioRunOptions = {}): Promise<ScenarioRunSummary> {
    const p = this.queue.then(() => this.runNow(scenario, hooks, options));
    this.queue = p.catch(() => {});
    return p.then((r) => r.summary);
  }

  /**
   * Runs a scenario for its artefacts (the result layers read grids and link flows from them), sharing the
   * kept states and stage results with `run`.
   */
  artefacts(scenario: unknown, hooks: ScenarioRunHooks = {}, options: ScenarioRunOptions = {}): Promise<{ summary: ScenarioRunSummary; artefacts: Record<string, unknown> }> {
    const p = this.queue.then(() => this.runNow(scenario, hooks, options));
    this.queue = p.catch(() => {});
    return p;
  }

  /** Bytes of a result file of the last finished run of a scenario id (as `jumeau run` would write it). */
  file(scenarioId: string, name: string): Uint8Array {
    const out = this.outputs.get(scenarioId);
    if (!out) throw new Error(`no finished run of scenario "${scenarioId}" is kept (kept: ${[...this.outputs.keys()].join(', ') || 'none'})`);
    const { files } = runFiles(out);
    if (!files[name]) throw new Error(`run of scenario "${scenarioId}" has no file "${name}" (files: ${Object.keys(files).join(', ')})`);
    return files[name].slice();
  }

  lastRun(): ScenarioRunRecord | null {
    return this.last && { ...this.last, stagesFinished: [...this.last.stagesFinished] };
  }

  /** Forgets the kept state of one scenario id (or of all). */
  forget(scenarioId?: string): void {
    if (scenarioId === undefined) {
      this.states.clear();
      this.outputs.clear();
    } else {
      this.states.delete(scenarioId);
      this.outputs.delete(scenarioId);
    }
  }

  private async runNow(input: unknown, hooks: ScenarioRunHooks, options: ScenarioRunOptions): Promise<{ summary: ScenarioRunSummary; artefacts: Record<string, unknown> }> {
    const t0 = performance.now();
    const scenario = parseScenario(input, typeof input === 'object' && input && 'id' in input ? `scenario ${String((input as { id: unknown }).id)}` : 'scenario');
    const { territory, hash } = this.current();
    const ac = new AbortController();
    const poll = (): void => {
      if (!ac.signal.aborted && hooks.cancelFlag && Atomics.load(hooks.cancelFlag, 0) !== 0) ac.abort();
    };
    const onAbort = (): void => ac.abort();
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted) ac.abort();
    const record: ScenarioRunRecord = { scenarioId: scenario.id, outcome: 'running', stagesFinished: [] };
    this.last = record;
    try {
      poll();
      if (ac.signal.aborted) throw new CancelledError(`run of scenario ${scenario.id} cancelled before it started`);
      const r = await runScenario({
        territory,
        territoryHash: hash,
        scenario,
        previous: this.states.get(scenario.id),
        cache: this.cache,
        targets: options.targets,
        signal: ac.signal,
        onProgress: (e) => {
          // `done` counts the stages finished (a stage's own progress may also reach fraction 1).
          if (e.done > record.stagesFinished.length) record.stagesFinished.push(e.stage);
          poll();
          hooks.onProgress?.(e);
        },
      });
      // A partial run (targets) is kept for the next one but does not replace a full run's files.
      this.keep(this.states, scenario.id, r.state);
      if (!options.targets) this.keep(this.outputs, scenario.id, r.output);
      const summary = summarize(r.output, (performance.now() - t0) / 1000);
      record.outcome = 'done';
      return { summary, artefacts: r.artefacts };
    } catch (e) {
      record.outcome = e instanceof CancelledError ? 'cancelled' : 'failed';
      record.message = (e as Error).message;
      throw e;
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
    }
  }

  private keep<T>(map: Map<string, T>, id: string, v: T): void {
    map.delete(id);
    map.set(id, v);
    while (map.size > KEPT_SCENARIOS) map.delete(map.keys().next().value!);
  }
}

function summarize(out: RunOutput, seconds: number): ScenarioRunSummary {
  const { files, hashes, resultHash } = runFiles(out);
  const stages = Object.entries(out.timings);
  return {
    scenarioId: out.scenario.id,
    scenarioHash: out.scenarioHash,
    territoryName: out.territoryName,
    territoryHash: out.territoryHash,
    codeVersion: out.codeVersion,
    resultHash,
    indicators: out.indicators,
    notes: out.notes,
    parameters: out.parameters,
    files: Object.keys(hashes).map((name) => ({ name, bytes: files[name].byteLength, sha256: hashes[name] })),
    timings: out.timings,
    ran: stages.filter(([, v]) => v.ran).map(([k]) => k),
    reused: stages.filter(([, v]) => !v.ran).map(([k]) => k),
    seconds,
  };
}
