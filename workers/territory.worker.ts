/**
 * Browser worker: exposes TerritoryApi over comlink. Result buffers (render buffers, rasters, colours) are
 * transferred, never cloned; the territory itself stays in the worker.
 */
import * as Comlink from 'comlink';
import { TerritoryApi, type SunHoursRequest } from './territory-api.ts';
import { transferablesOf } from './buffers.ts';
import type { BuildingStyle } from './styles.ts';
import type { ProgressEvent, ScenarioRunOptions } from './scenario-api.ts';
import type { ResultLayerData, ResultLayerRequest } from './result-layers.ts';

/** A progress callback proxied by comlink: calls post a message; it is released when the run ends. */
type RemoteProgress = ((e: ProgressEvent) => unknown) & Partial<Comlink.ProxyMethods>;

/**
 * Runs `work` with progress forwarded to `cb`. Progress travels on the proxy's own message channel, so before
 * the result is returned every progress call is awaited (acknowledged by the caller): the caller has seen all
 * the events when the result arrives. The proxy is released at the end.
 */
async function withProgress<T>(cb: RemoteProgress | undefined, work: (onProgress: ((e: ProgressEvent) => void) | undefined) => Promise<T>): Promise<T> {
  const pending: Array<Promise<unknown>> = [];
  try {
    return await work(cb ? (e) => void pending.push(Promise.resolve(cb(e)).catch(() => {})) : undefined);
  } finally {
    await Promise.all(pending);
    cb?.[Comlink.releaseProxy]?.();
  }
}

const api = new TerritoryApi();

const exposed = {
  open: (storeUrl: string) => api.open(storeUrl),
  ground() {
    const g = api.ground();
    return Comlink.transfer(g, transferablesOf(g.landCover, g.streets));
  },
  overlays() {
    const o = api.overlays();
    return Comlink.transfer(o, transferablesOf(o));
  },
  building: (index: number) => api.building(index),
  buildingAt: (x: number, y: number) => api.buildingAt(x, y),
  sun: (unixMs: number) => api.sun(unixMs),
  sunHours(req: SunHoursRequest) {
    const r = api.sunHours(req);
    return Comlink.transfer(r, [r.values.buffer as ArrayBuffer, r.rgba.buffer as ArrayBuffer]);
  },
  search: (query: string, limit?: number) => api.search(query, limit),
  buildingColors(style: BuildingStyle, sun?: SunHoursRequest) {
    const c = api.buildingColors(style, sun);
    return Comlink.transfer(c, [c.rgb.buffer as ArrayBuffer, ...(c.values ? [c.values.buffer as ArrayBuffer] : [])]);
  },
  buildingSunHours(req: SunHoursRequest) {
    const h = api.buildingSunHours(req);
    return Comlink.transfer(h, [h.roofHours.buffer, h.facadeHours.buffer, h.facadeByOrientation.buffer] as ArrayBuffer[]);
  },
  /**
   * Runs a scenario on the open territory (workers/scenario-api.ts). `onProgress` is a `Comlink.proxy`;
   * `cancelFlag` an Int32Array on a SharedArrayBuffer that the caller sets to 1 to cancel.
   */
  runScenario: (scenario: unknown, onProgress?: RemoteProgress, cancelFlag?: Int32Array, options?: ScenarioRunOptions) =>
    withProgress(onProgress, (p) => api.scenarios.run(scenario, { onProgress: p, cancelFlag }, options)),
  resultLayers: () => api.resultLayers(),
  /** A model result layer on the baseline; progress and cancellation as for runScenario. */
  async resultLayer(req: ResultLayerRequest, onProgress?: RemoteProgress, cancelFlag?: Int32Array): Promise<ResultLayerData> {
    const d = await withProgress(onProgress, (p) => api.resultLayer(req, { onProgress: p, cancelFlag }));
    return Comlink.transfer(d, transferablesOf(d.kind === 'paths' ? [d.paths, d.fields.map((f) => f.values)] : { v: d.raster.values, c: d.raster.rgba }));
  },
  scenarioFile(scenarioId: string, name: string) {
    const f = api.scenarios.file(scenarioId, name);
    return Comlink.transfer(f, [f.buffer as ArrayBuffer]);
  },
  lastScenarioRun: () => api.scenarios.lastRun(),
  forgetScenario: (scenarioId?: string) => api.scenarios.forget(scenarioId),
};
export type TerritoryWorkerApi = typeof exposed;
Comlink.expose(exposed);
