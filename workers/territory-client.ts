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
    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
