/** Browser worker: exposes scene-api over comlink; result buffers are transferred, never cloned. */
import * as Comlink from 'comlink';
import { sampleScene, sceneTransferables } from './scene-api.ts';
import type { SampleSize } from '../data/sample/index.ts';

const api = {
  sampleScene(size: SampleSize, seed: number) {
    const s = sampleScene(size, seed);
    return Comlink.transfer(s, sceneTransferables(s));
  },
};
export type TerritoryWorkerApi = typeof api;
Comlink.expose(api);
