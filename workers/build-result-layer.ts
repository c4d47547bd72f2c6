/**
 * The render data of a model result layer from the artefacts of a baseline run targeted at
 * LAYER_ARTEFACTS[id] (workers/result-layers.ts); runs in the worker.
 */
import type { Territory } from '../engine/territory.ts';
import { ResultLayerError } from './layer-support.ts';
import { trafficLayer } from './traffic-layer.ts';
import { airRaster, emissionBands } from './air-layers.ts';
import { lczRaster, uhiRaster } from './heat-layers.ts';
import { RESULT_LAYER_IDS, type BandField, type ResultLayerData, type ResultLayerRequest } from './result-layers.ts';

function territoryOf(artefacts: Record<string, unknown>): Territory {
  const t = artefacts.territory as Territory | undefined;
  if (!t) throw new ResultLayerError('the pipeline run has no territory artefact');
  return t;
}

/** The render data of layer `req` from the artefacts of a baseline run targeted at LAYER_ARTEFACTS[req.id]. */
export function buildResultLayer(req: ResultLayerRequest, artefacts: Record<string, unknown>, computeMs: number): ResultLayerData {
  switch (req.id) {
    case 'traffic': {
      const l = trafficLayer(artefacts);
      const p = l.paths;
      const fields: BandField[] = [
        { label: 'peak-hour flow', unit: 'veh/h', digits: 0, values: p.flowVehH },
        { label: 'v/c', unit: '', digits: 2, values: p.vc },
        { label: 'congested speed', unit: 'km/h', digits: 0, values: p.speedKmh },
      ];
      return { kind: 'paths', id: 'traffic', paths: { length: p.length, startIndices: p.startIndices, positions: p.positions, colors: p.colors, widths: p.widths, link: p.link }, fields, legend: l.legend, source: l.source, note: l.note, computeMs };
    }
    case 'uhi':
      return { kind: 'raster', id: 'uhi', computeMs, ...uhiRaster(artefacts, territoryOf(artefacts), computeMs) };
    case 'lcz':
      return { kind: 'raster', id: 'lcz', computeMs, ...lczRaster(artefacts, territoryOf(artefacts), computeMs) };
    case 'air':
      return { kind: 'raster', id: 'air', computeMs, ...airRaster(artefacts, territoryOf(artefacts), req.pollutant ?? 'no2', computeMs) };
    case 'emissions':
      return { kind: 'paths', id: 'emissions', computeMs, ...emissionBands(artefacts, req.pollutant ?? 'no2') };
    default:
      throw new ResultLayerError(`unknown result layer "${String((req as { id: unknown }).id)}" (known: ${RESULT_LAYER_IDS.join(', ')})`);
  }
}

