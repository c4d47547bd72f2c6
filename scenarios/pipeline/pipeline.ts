/**
 * The coupled pipeline: a DAG of stages with explicit named inputs and outputs ("artefacts"). Each stage's
 * cache key is the hash of its id/version, its parameters and the hashes of its inputs; a re-run after an edit
 * runs only the stages whose key changed (the others reuse their outputs), and a stage that re-runs receives
 * its previous outputs for warm starts. Progress events and cancellation (AbortSignal) throughout.
 * Environment-neutral: runs in a browser worker, a Node worker thread and the CLI.
 */
import { canonicalJson, createSha256 } from '../../engine/hash/sha256.ts';

export interface ProgressEvent {
  stage: string;
  /** 0–1 within the stage. */
  fraction: number;
  message?: string;
  /** Stages done / total, for a global bar. */
  done: number;
  total: number;
}

export interface StageContext {
  inputs: Record<string, unknown>;
  params: Record<string, unknown>;
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  /** Outputs of this stage in the previous run (when it re-runs), for warm starts. */
  previous?: Record<string, unknown>;
}

export interface Stage {
  id: string;
  /** Bump when the stage's code changes its results (part of the cache key). */
  version: number;
  inputs: string[];
  outputs: string[];
  /**
   * The parameters the stage depends on, when it reads only part of its table (e.g. a baseline stage sharing a
   * table with the scenario stage): only these are passed to run() and enter the cache key, so changing another
   * parameter of the table reuses the stage. Default: every parameter given.
   */
  paramKeys?: string[];
  run(ctx: StageContext): Promise<Record<string, unknown>> | Record<string, unknown>;
}

export interface StageRecord {
  key: string;
  ran: boolean;
  seconds: number;
  outputs: Record<string, unknown>;
}

export interface PipelineState {
  /**
   * Hashes of the artefacts some stage consumed (they enter the stage keys). Artefacts no stage reads (indicators,
   * result files) are not hashed here: hash them with `artefactHash` when needed (run results are hashed as files).
   */
  hashes: Record<string, string>;
  stages: Record<string, StageRecord>;
}

export class PipelineError extends Error {
  override name = 'PipelineError';
}
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/**
 * Hashes of stage outputs already hashed, by identity. Stage outputs are never modified once produced (stages
 * copy what they change), so an output passed on unchanged (e.g. the territory after a roads stage with no road
 * edit) is hashed once. Inputs given to run() are always hashed afresh: a caller may edit them between runs.
 */
const outputHashes = new WeakMap<object, string>();

/** Content hash of a stage output, memoised by identity (outputs are immutable). */
export function artefactHash(v: unknown): string {
  return hashOutput(v, new Set());
}

function hashOutput(v: unknown, runInputs: Set<unknown>): string {
  if (!v || typeof v !== 'object' || runInputs.has(v)) return hashValue(v);
  let hex = outputHashes.get(v);
  if (!hex) {
    hex = hashValue(v);
    outputHashes.set(v, hex);
  }
  return hex;
}

/** Content hash of any artefact: typed arrays by bytes, objects by canonical structure. */
export function hashValue(v: unknown): string {
  const h = createSha256();
  // Structure text is gathered and hashed in chunks (one update per small string costs more than the hashing).
  let text: string[] = [];
  let textLen = 0;
  const put = (s: string): void => {
    text.push(s);
    textLen += s.length;
    if (textLen > 1 << 16) flush();
  };
  const flush = (): void => {
    if (textLen) h.update(text.join(''));
    text = [];
    textLen = 0;
  };
  const walk = (x: unknown): void => {
    if (ArrayBuffer.isView(x)) {
      put(`<${x.constructor.name}:${x.byteLength}>`);
      flush();
      h.update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)); // platform byte order: little-endian everywhere Jumeau runs
    } else if (Array.isArray(x)) {
      put('[');
      for (const e of x) {
        walk(e);
        put(',');
      }
      put(']');
    } else if (x && typeof x === 'object') {
      put('{');
      for (const k of Object.keys(x).sort()) {
        const val = (x as Record<string, unknown>)[k];
        if (val === undefined || typeof val === 'function') continue;
        put(JSON.stringify(k) + ':');
        walk(val);
        put(',');
      }
      put('}');
    } else put(canonicalJson(typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
  };
  walk(v);
  flush();
  return h.digestHex();
}

/** Stages sorted so that every input is produced before it is used; throws on cycles and missing inputs. */
export function orderStages(stages: Stage[], provided: string[]): Stage[] {
  const producer = new Map<string, string>();
  for (const s of stages)
    for (const o of s.outputs) {
      if (producer.has(o) || provided.includes(o)) throw new PipelineError(`artefact "${o}" is produced twice (${producer.get(o) ?? 'input'} and ${s.id})`);
      producer.set(o, s.id);
    }
  const byId = new Map(stages.map((s) => [s.id, s]));
  const order: Stage[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (s: Stage, chain: string[]): void => {
    if (state.get(s.id) === 2) return;
    if (state.get(s.id) === 1) throw new PipelineError(`cycle in the pipeline: ${[...chain, s.id].join(' → ')}`);
    state.set(s.id, 1);
    for (const i of s.inputs) {
      if (provided.includes(i)) continue;
      const p = producer.get(i);
      if (!p) throw new PipelineError(`stage ${s.id} needs "${i}", which no stage produces and run() was not given`);
      visit(byId.get(p)!, [...chain, s.id]);
    }
    state.set(s.id, 2);
    order.push(s);
  };
  for (const s of stages) visit(s, []);
  return order;
}

export interface RunOptions {
  /** Parameters per stage id. */
  params?: Record<string, Record<string, unknown>>;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** State of a previous run: unchanged stages are reused, changed ones get warm-start outputs. */
  previous?: PipelineState;
  /** Known hashes of (large) inputs, e.g. the territory hash from its manifest, to avoid re-hashing them. */
  inputHashes?: Record<string, string>;
  /** Only run what these artefacts need (default: every stage). */
  targets?: string[];
  /** Results of earlier runs by stage key (e.g. the baseline stages of a batch worker), reused like `previous`. */
  cache?: StageCache;
}

/** Stage results by cache key, bounded (least recently used dropped first). */
export class StageCache {
  private readonly map = new Map<string, { outputs: Record<string, unknown> }>();
  constructor(readonly maxEntries = 16) {}
  get(key: string): { outputs: Record<string, unknown> } | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: { outputs: Record<string, unknown> }): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

export class Pipeline {
  constructor(readonly stages: Stage[]) {}

  async run(inputs: Record<string, unknown>, opts: RunOptions = {}): Promise<{ artefacts: Record<string, unknown>; state: PipelineState }> {
    const provided = Object.keys(inputs);
    let order = orderStages(this.stages, provided);
    if (opts.targets) {
      const needed = new Set<string>(opts.targets);
      const keep = new Set<string>();
      for (const s of [...order].reverse())
        if (s.outputs.some((o) => needed.has(o))) {
          keep.add(s.id);
          s.inputs.forEach((i) => needed.add(i));
        }
      order = order.filter((s) => keep.has(s.id));
    }
    const signal = opts.signal ?? new AbortController().signal;
    const artefacts: Record<string, unknown> = { ...inputs };
    // Hashed on first use: an artefact no stage reads is never hashed.
    const hashes: Record<string, string> = {};
    const runInputs = new Set<unknown>(Object.values(inputs));
    const hashOf = (name: string): string => (hashes[name] ??= (name in inputs ? opts.inputHashes?.[name] : undefined) ?? hashOutput(artefacts[name], runInputs));
    const stages: Record<string, StageRecord> = {};
    let done = 0;
    const emit = (stage: string, fraction: number, message?: string): void => opts.onProgress?.({ stage, fraction, message, done, total: order.length });
    for (const s of order) {
      if (signal.aborted) throw new CancelledError(`cancelled before stage ${s.id}`);
      const given = opts.params?.[s.id] ?? {};
      const params = s.paramKeys ? Object.fromEntries(s.paramKeys.filter((k) => k in given).map((k) => [k, given[k]])) : given;
      const key = hashValue({ id: s.id, version: s.version, params, inputs: s.inputs.map(hashOf) });
      const prev = opts.previous?.stages[s.id];
      const t0 = performance.now();
      let outputs: Record<string, unknown>;
      let ran = false;
      const cached = prev && prev.key === key ? prev : opts.cache?.get(key);
      if (cached) outputs = cached.outputs;
      else {
        emit(s.id, 0);
        const ins: Record<string, unknown> = {};
        for (const i of s.inputs) ins[i] = artefacts[i];
        try {
          outputs = await s.run({ inputs: ins, params, signal, progress: (f, m) => emit(s.id, f, m), previous: prev?.outputs });
        } catch (e) {
          // A stage that stops on the signal with an error of its own was cancelled all the same.
          if (signal.aborted) throw new CancelledError(`cancelled during stage ${s.id}`);
          throw e;
        }
        if (signal.aborted) throw new CancelledError(`cancelled during stage ${s.id}`);
        for (const o of s.outputs) if (!(o in outputs)) throw new PipelineError(`stage ${s.id} did not produce "${o}"`);
        ran = true;
        opts.cache?.set(key, { outputs });
      }
      for (const o of s.outputs) artefacts[o] = outputs[o];
      stages[s.id] = { key, ran, seconds: (performance.now() - t0) / 1000, outputs };
      done++;
      emit(s.id, 1);
    }
    return { artefacts, state: { hashes, stages } };
  }
}
