/**
 * The viewer's handle on territory work: a comlink worker by default, or the same TerritoryApi in-thread with
 * `{ useWorker: false }` (tests, debugging). A worker that dies rejects the pending calls with a clear error.
 */
import * as Comlink from 'comlink';
import type { BuildingDetails } from './building-info.ts';
import type { GroundBuffers, OverlayBuffers } from './buffers.ts';
import type { BuildingStyle } from './styles.ts';
import type { BuildingColors, BuildingSunHours, RasterResult, SearchHit, SunHoursRequest, SunState, TerritorySummary } from './territory-api.ts';
import type { TerritoryWorkerApi } from './territory.worker.ts';
import { CancelledError } from '../scenarios/pipeline/pipeline.ts';
import type { ProgressEvent, ScenarioRunRecord, ScenarioRunSummary } from './scenario-api.ts';
import type { ResultLayerData, ResultLayerId, ResultLayerRequest } from './result-layers.ts';

export interface ScenarioRunRequest {
  /** Pipeline progress (stage, fraction within it, stages done / total). */
  onProgress?: (e: ProgressEvent) => void;
  /** Aborting rejects the call at once with a CancelledError; the worker stops at its next progress event. */
  signal?: AbortSignal;
  /** Only run what these artefacts need (default: every stage). */
  targets?: string[];
}

/** Every method runs off the main thread unless the client was made with `{ useWorker: false }`. */
export interface TerritoryClient {
  readonly inWorker: boolean;
  open(storeUrl: string): Promise<TerritorySummary>;
  ground(): Promise<GroundBuffers>;
  overlays(): Promise<OverlayBuffers>;
  building(index: number): Promise<BuildingDetails>;
  buildingAt(x: number, y: number): Promise<number>;
  sun(unixMs: number): Promise<SunState>;
  sunHours(req: SunHoursRequest): Promise<RasterResult>;
  search(query: string, limit?: number): Promise<SearchHit[]>;
  /** Sun-hours styles need `sun` (the date and the window). */
  buildingColors(style: BuildingStyle, sun?: SunHoursRequest): Promise<BuildingColors>;
  buildingSunHours(req: SunHoursRequest): Promise<BuildingSunHours>;
  /** Runs a scenario (JSON text or object) through the coupled pipeline on the open territory (incremental per id). */
  runScenario(scenario: unknown, req?: ScenarioRunRequest): Promise<ScenarioRunSummary>;
  /** A result file of the last finished run of a scenario id, as `jumeau run` writes it. */
  scenarioFile(scenarioId: string, name: string): Promise<Uint8Array>;
  /** The last run attempted in the worker and how it ended. */
  lastScenarioRun(): Promise<ScenarioRunRecord | null>;
  /** Model result layers the registered pipeline stages can produce. */
  resultLayers(): Promise<ResultLayerId[]>;
  /** A model result layer computed by the pipeline on the baseline (progress, cancellation as for runScenario). */
  resultLayer(req: ResultLayerRequest, opts?: Omit<ScenarioRunRequest, 'targets'>): Promise<ResultLayerData>;
  dispose(): void;
}

export async function createTerritoryClient(opts: { useWorker?: boolean } = {}): Promise<TerritoryClient> {
  if (opts.useWorker === false) {
    const { TerritoryApi } = await import('./territory-api.ts');
    const api = new TerritoryApi();
    return {
      inWorker: false,
      open: async (url) => api.open(url),
      ground: async () => api.ground(),
      overlays: async () => api.overlays(),
      building: async (i) => api.building(i),
      buildingAt: async (x, y) => api.buildingAt(x, y),
      sun: async (t) => api.sun(t),
      sunHours: async (r) => api.sunHours(r),
      search: async (q, n) => api.search(q, n),
      buildingColors: async (s, r) => api.buildingColors(s, r),
      buildingSunHours: async (r) => api.buildingSunHours(r),
      runScenario: (sc, r = {}) => api.scenarios.run(sc, { onProgress: r.onProgress, signal: r.signal }, { targets: r.targets }),
      scenarioFile: async (id, name) => api.scenarios.file(id, name),
      lastScenarioRun: async () => api.scenarios.lastRun(),
      resultLayers: async () => api.resultLayers(),
      resultLayer: (req, r = {}) => api.resultLayer(req, { onProgress: r.onProgress, signal: r.signal }),
      dispose() {},
    };
  }
  const worker = new Worker(new URL('./territory.worker.ts', import.meta.url), { type: 'module' });
  const remote = Comlink.wrap<TerritoryWorkerApi>(worker);
  let failure: Error | null = null;
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      failure = new Error(`territory worker failed: ${e.message || 'script error'}`);
      reject(failure);
    });
  });
  died.catch(() => {});
  const call = async <T>(p: Promise<T>): Promise<T> => {
    if (failure) throw failure;
    return Promise.race([p, died]);
  };
  /**
   * A long worker call with progress and cancellation: the progress callback is proxied; aborting sets a flag
   * the worker polls (shared memory when the page is cross-origin isolated) and rejects at once.
   */
  const cancellable = <T>(r: Omit<ScenarioRunRequest, 'targets'>, start: (progress: ((e: ProgressEvent) => void) | undefined, flag: Int32Array) => Promise<T>): Promise<T> => {
    const signal = r.signal;
    if (signal?.aborted) return Promise.reject(new CancelledError('cancelled before it started'));
    const flag = new Int32Array(globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
    const run = call(start(r.onProgress ? Comlink.proxy(r.onProgress) : undefined, flag));
    if (!signal) return run;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        Atomics.store(flag, 0, 1);
        reject(new CancelledError('cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
  return {
    inWorker: true,
    open: (url) => call(remote.open(url)),
    ground: () => call(remote.ground()),
    overlays: () => call(remote.overlays()),
    building: (i) => call(remote.building(i)),
    buildingAt: (x, y) => call(remote.buildingAt(x, y)),
    sun: (t) => call(remote.sun(t)),
    sunHours: (r) => call(remote.sunHours(r)),
    search: (q, n) => call(remote.search(q, n)),
    buildingColors: (s, r) => call(remote.buildingColors(s, r)),
    buildingSunHours: (r) => call(remote.buildingSunHours(r)),
    runScenario: (sc, r = {}) => cancellable(r, (progress, flag) => remote.runScenario(sc, progress, flag, r.targets ? { targets: r.targets } : undefined)),
    resultLayers: () => call(remote.resultLayers()),
    resultLayer: (req, r = {}) => cancellable<ResultLayerData>(r, (progress, flag) => remote.resultLayer(req, progress, flag) as Promise<ResultLayerData>),
    scenarioFile: (id, name) => call(remote.scenarioFile(id, name)),
    lastScenarioRun: () => call(remote.lastScenarioRun()),
    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
