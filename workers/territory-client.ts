/**
 * The viewer's handle on territory work: a comlink worker by default, or the same functions in-thread with
 * `{ useWorker: false }` (tests, debugging). A worker that dies rejects the pending call with a clear error.
 */
import * as Comlink from 'comlink';
import type { SampleSize } from '../data/sample/index.ts';
import type { SceneBuffers } from './scene-api.ts';
import type { TerritoryWorkerApi } from './territory.worker.ts';

export interface TerritoryClient {
  sampleScene(size: SampleSize, seed: number): Promise<SceneBuffers>;
  dispose(): void;
}

export async function createTerritoryClient(opts: { useWorker?: boolean } = {}): Promise<TerritoryClient> {
  if (opts.useWorker === false) {
    const api = await import('./scene-api.ts');
    return { sampleScene: async (size, seed) => api.sampleScene(size, seed), dispose() {} };
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
  return {
    async sampleScene(size, seed) {
      if (failure) throw failure;
      return (await Promise.race([remote.sampleScene(size, seed), died])) as SceneBuffers;
    },
    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
