/**
 * Model result layers for the viewer, computed by the coupled pipeline in the worker on the baseline (the
 * scenario with no intervention) and turned into render buffers there:
 *
 * - traffic: assigned peak-hour flows per directed road link (artefact `traffic.flows`, RoadLinkFlows) as bands
 *   on the right-hand side of their direction, width ∝ flow, colour = volume/capacity class;
 * - heat: night-time UHI (°C) and LCZ rasters (files `uhi-night.tif`, `lcz.tif` of `files.heat`);
 * - air: annual-mean NO2 / PM10 / PM2.5 rasters (files `no2.tif`, `pm10.tif`, `pm25.tif` of `files.air`) and
 *   emissions per directed link (`link-emissions.csv`) as bands coloured by emission per km.
 *
 * A layer is offered only when a registered stage produces what it reads (`availableResultLayers`). Every
 * layer carries `source`: the model (from the stage's indicator provenance) and the territory's datasets,
 * flagged SYNTHETIC for the sample. This module holds the ids and types only (the viewer's main thread imports
 * it); the buffers are made in the worker by build-result-layer.ts.
 */
import type { Stage } from '../scenarios/pipeline/pipeline.ts';
import type { LinkBands } from './link-bands.ts';
import type { Legend } from './styles.ts';
import type { RasterResult } from './sun-hours.ts';

export const RESULT_LAYER_IDS = ['traffic', 'uhi', 'lcz', 'air', 'emissions'] as const;
export type ResultLayerId = (typeof RESULT_LAYER_IDS)[number];
export const POLLUTANTS = ['no2', 'pm10', 'pm25'] as const;
export type Pollutant = (typeof POLLUTANTS)[number];

export interface ResultLayerRequest {
  id: ResultLayerId;
  /** For `air` and `emissions`: the pollutant (default no2). */
  pollutant?: Pollutant;
}

/** A value per band, shown when the band is clicked. */
export interface BandField {
  label: string;
  unit: string;
  digits: number;
  values: Float32Array;
}

export type ResultLayerData =
  | { kind: 'paths'; id: ResultLayerId; paths: LinkBands; fields: BandField[]; legend: Legend; source: string; note: string; computeMs: number }
  | { kind: 'raster'; id: ResultLayerId; raster: RasterResult; source: string; computeMs: number; classLabels?: Record<number, string> };

/** What each layer needs from the pipeline: the artefacts to target (their stages run, the others do not). */
export const LAYER_ARTEFACTS: Record<ResultLayerId, string[]> = {
  traffic: ['traffic.flows', 'territory.after'],
  uhi: ['files.heat'],
  lcz: ['files.heat'],
  air: ['files.air'],
  emissions: ['files.air', 'territory.after'],
};

/** Layers whose artefacts some registered stage produces (the others are not offered). */
export function availableResultLayers(stages: Stage[]): ResultLayerId[] {
  const produced = new Set(stages.flatMap((s) => s.outputs));
  return RESULT_LAYER_IDS.filter((id) => LAYER_ARTEFACTS[id].every((a) => produced.has(a) || a === 'territory'));
}
