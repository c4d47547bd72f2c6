/**
 * Browser worker: exposes TerritoryApi over comlink. Result buffers (render buffers, rasters, colours) are
 * transferred, never cloned; the territory itself stays in the worker.
 */
import * as Comlink from 'comlink';
import { TerritoryApi, type SunHoursRequest } from './territory-api.ts';
import { transferablesOf } from './buffers.ts';
import type { BuildingStyle } from './styles.ts';

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
};
export type TerritoryWorkerApi = typeof exposed;
Comlink.expose(exposed);
