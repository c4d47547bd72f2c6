/**
 * Traffic flows layer: assigned peak-hour flows per directed road link (artefact `traffic.flows`, RoadLinkFlows)
 * as bands on the right-hand side of their direction (link-bands.ts), width ∝ flow, colour = v/c class.
 */
import type { Territory } from '../engine/territory.ts';
import type { RoadLinkFlows } from '../scenarios/pipeline/artefacts.ts';
import { linkBands, type LinkBands } from './link-bands.ts';
import { ResultLayerError, modelOf, sourceLine } from './layer-support.ts';
import { VC_BOUNDS, VC_COLORS, MIN_DRAWN_FLOW_VEH_H, flowLegend, flowWidthScale } from './result-styles.ts';
import { classOf, type Legend } from './styles.ts';

/** Flow bands: one path per directed link carrying cars, with what a click on it shows. */
export interface FlowPaths extends LinkBands {
  /** Per path: flow (veh/h), v/c and congested speed (km/h) of its link. */
  flowVehH: Float32Array;
  vc: Float32Array;
  speedKmh: Float32Array;
}

/**
 * Flow bands of the directed links of `t` (the network the flows were assigned on): width ∝ flow, colour by
 * v/c class, links without cars left out, sorted by flow (largest drawn last, on top). See link-bands.ts.
 */
export function flowPaths(t: Territory, f: RoadLinkFlows): { paths: FlowPaths; vehHPerM: number } {
  const r = t.roads;
  if (f.linkCount !== r.linkCount) throw new ResultLayerError(`traffic.flows has ${f.linkCount} links but the road network (territory.after) has ${r.linkCount}`);
  for (const [name, a] of [['flowVehH', f.flowVehH], ['vc', f.vc], ['speedKmh', f.speedKmh]] as const)
    if (a.length !== f.linkCount) throw new ResultLayerError(`traffic.flows.${name} has ${a.length} values for ${f.linkCount} links`);
  let maxFlow = 0;
  const drawn: number[] = [];
  for (let l = 0; l < r.linkCount; l++) {
    const q = f.flowVehH[l];
    if (!Number.isFinite(q) || q < 0) throw new ResultLayerError(`traffic.flows.flowVehH[${l}] is ${q}: flows must be finite and non-negative`);
    if (q >= MIN_DRAWN_FLOW_VEH_H) drawn.push(l);
    if (q > maxFlow) maxFlow = q;
  }
  drawn.sort((a, b) => f.flowVehH[a] - f.flowVehH[b] || a - b);
  const vehHPerM = flowWidthScale(maxFlow);
  const bands = linkBands(t, drawn, (l) => f.flowVehH[l] / vehHPerM, (l) => VC_COLORS[classOf(VC_BOUNDS, f.vc[l])]);
  const pick = (a: ArrayLike<number>): Float32Array => Float32Array.from(drawn, (l) => a[l]);
  return { paths: { ...bands, flowVehH: pick(f.flowVehH), vc: pick(f.vc), speedKmh: pick(f.speedKmh) }, vehHPerM };
}

export function trafficLayer(artefacts: Record<string, unknown>): { paths: FlowPaths; legend: Legend; source: string; note: string } {
  const t = artefacts['territory.after'] as Territory;
  const f = artefacts['traffic.flows'] as RoadLinkFlows;
  const { paths, vehHPerM } = flowPaths(t, f);
  const model = `${modelOf(artefacts['indicators.traffic'], 'engine/traffic user equilibrium')} — ${f.source.description}`;
  const over = paths.vc.reduce((k, vc) => k + (vc >= 1 ? 1 : 0), 0);
  const note = `${paths.length.toLocaleString('en-US')} of ${t.roads.linkCount.toLocaleString('en-US')} directed links carry cars; ${over} over capacity (baseline, peak hour)`;
  return { paths, legend: flowLegend(vehHPerM), source: sourceLine(t, model), note };
}
