/**
 * Traffic stage: the scenario's demand (inhabitants and jobs per building from the urban stage) assigned at user
 * equilibrium on the scenario's road network (road edits applied by the roads stage), with engine/traffic
 * (`runTerritoryTraffic`: square zones, gravity/Furness distribution, Algorithm B). Publishes `traffic.flows` (per
 * directed road link of `territory.after`, read by the air and heat stages), indicators with units and provenance,
 * and link-flows.csv, link-flows.geojson (WGS84) and traffic-summary.json.
 *
 * Warm start: the assignment state is returned under `_warm`, an output that is not declared (so never hashed); the
 * pipeline hands it back as `ctx.previous` when the stage re-runs after an edit. With `parameters.traffic.warmStart`
 * the engine starts from it when the assignment graph is the same (same zones, nodes and links), otherwise cold, and
 * says why. It is off by default: a warm-started equilibrium equals the cold one only within the gap, and the
 * pipeline's invariant is that an incremental run gives the same result hash as a full run (run-scenario.test.ts).
 * Files and indicators hold no timing, so identical inputs give identical result hashes; timings go to `_timing`.
 */
import { ROAD_CLASSES, type Territory } from '../../../engine/territory.ts';
import { runTerritoryTraffic, type TerritoryTrafficResult, type TrafficWarmStart } from '../../../engine/traffic/territory-traffic.ts';
import { FrameTransform } from '../../../data/frame.ts';
import { TRAFFIC_PARAMS, trafficParamsFrom } from '../../../data/traffic/params.ts';
import { resolveParams } from '../../format/params.ts';
import type { Stage } from '../pipeline.ts';
import type { Indicator, Provenance } from '../../run/indicators.ts';
import type { RoadLinkFlows, UrbanActivity } from '../artefacts.ts';

const r3 = (v: number): number => Math.round(v * 1e3) / 1e3;
const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;
const csvText = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per directed road link of the territory. */
export function linkFlowsCsv(t: Territory, r: TerritoryTrafficResult): string {
  const roads = t.roads;
  const lines = ['link,source_id,name,class,from_node,to_node,length_m,lanes,capacity_veh_h,free_speed_kmh,cars,flow_veh_h,vc,speed_kmh,flow_veh_day'];
  for (let l = 0; l < roads.linkCount; l++) {
    const s = roads.linkSegment[l];
    lines.push([
      l, csvText(roads.segmentSourceId[s] ?? ''), csvText(roads.segmentName[s] ?? ''), ROAD_CLASSES[roads.roadClass[l]], roads.linkFrom[l], roads.linkTo[l],
      r3(roads.lengthM[l]), roads.lanes[l], roads.capacityVehH[l], roads.freeSpeedKmh[l], r.carLink[l], r3(r.flowVehH[l]), r6(r.vc[l]), r3(r.speedKmh[l]), r3(r.flowVehDay[l]),
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Links that carry cars as GeoJSON LineStrings in WGS84 lon/lat, drawn in their direction of travel. */
export function linkFlowsGeoJson(t: Territory, r: TerritoryTrafficResult): string {
  const roads = t.roads;
  const tr = new FrameTransform(t.frame);
  const g = roads.segmentGeometry;
  const cache = new Map<number, number[][]>();
  const lonLat = (s: number): number[][] => {
    let c = cache.get(s);
    if (!c) {
      c = [];
      for (let v = g.lineVertexStart[s]; v < g.lineVertexStart[s + 1]; v++) {
        const [lon, lat] = tr.localToLonLat(g.xy[2 * v], g.xy[2 * v + 1]);
        c.push([Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7]);
      }
      cache.set(s, c);
    }
    return c;
  };
  const features: string[] = [];
  for (let l = 0; l < roads.linkCount; l++) {
    if (!r.carLink[l]) continue;
    const s = roads.linkSegment[l];
    const coords = roads.linkReversed[l] ? [...lonLat(s)].reverse() : lonLat(s);
    const properties = {
      link: l, source_id: roads.segmentSourceId[s] ?? '', name: roads.segmentName[s] ?? '', class: ROAD_CLASSES[roads.roadClass[l]], capacity_veh_h: roads.capacityVehH[l],
      flow_veh_h: r3(r.flowVehH[l]), vc: r6(r.vc[l]), speed_kmh: r3(r.speedKmh[l]), flow_veh_day: r3(r.flowVehDay[l]),
    };
    features.push(JSON.stringify({ type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties }));
  }
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

/** The run's summary without timings (deterministic), with the parameters and notes. */
export function trafficSummaryJson(t: Territory, r: TerritoryTrafficResult): Record<string, unknown> {
  const { demandSeconds: _d, assignmentSeconds: _a, seconds: _s, warmStarted: _w, warmStartRejected: _r, ...summary } = r.summary;
  return { territory: t.name, synthetic: t.synthetic, ...summary, parameters: r.params, notes: r.notes, model: 'engine/traffic/README.md' };
}

const LABELS: Array<[string, string, string, (r: TerritoryTrafficResult) => number]> = [
  ['traffic.vehicleKm', 'Vehicle-km in the peak hour (intrazonal trips included)', 'veh·km', (r) => r.summary.vehicleKmPeak],
  ['traffic.vehicleKmDay', 'Vehicle-km per day (peak hour / peak-hour factor)', 'veh·km/day', (r) => r.summary.vehicleKmDay],
  ['traffic.vehicleHours', 'Vehicle-hours in the peak hour (road network)', 'veh·h', (r) => r.summary.vehicleHoursPeak],
  ['traffic.meanSpeed', 'Mean speed in the peak hour (vehicle-km / vehicle-hours)', 'km/h', (r) => r.summary.meanSpeedKmh],
  ['traffic.travelTimeIndex', 'Mean congestion: travel time index (vehicle-hours / free-flow vehicle-hours)', 'ratio', (r) => r.summary.travelTimeIndex],
  ['traffic.shareOverCapacity', 'Road links over capacity (v/c > 1) in the peak hour', '%', (r) => 100 * r.summary.shareOverCapacity],
  ['traffic.vehicleTripsPeak', 'Car trips in the peak hour (vehicles)', 'veh/h', (r) => r.summary.vehicleTripsPeak],
  ['traffic.intrazonalTrips', 'Car trips within a zone in the peak hour (not assigned)', 'veh/h', (r) => r.summary.intrazonalTrips],
  ['traffic.unreachableTrips', 'Car trips without a path in the peak hour', 'veh/h', (r) => r.summary.unreachableTrips],
  ['traffic.meanTripLength', 'Mean car trip length', 'km', (r) => r.summary.meanTripKm],
  ['traffic.relativeGap', 'Relative gap of the equilibrium reached', 'ratio', (r) => r.summary.relativeGap],
];

export function trafficIndicators(t: Territory, r: TerritoryTrafficResult, provenance: Provenance): Indicator[] {
  const out: Indicator[] = LABELS.map(([id, label, unit, f]) => ({ id, label, unit, value: f(r), provenance }));
  const z = r.demand.zones;
  for (let q = 0; q < z.count; q++) {
    out.push({ id: 'traffic.tripsProduced', label: 'Car trips produced by the residents (vehicles per day)', unit: 'veh/day', zone: z.id[q], value: r.demand.productionDay[q], provenance });
    out.push({ id: 'traffic.tripsAttracted', label: 'Car trips attracted (vehicles per day)', unit: 'veh/day', zone: z.id[q], value: r.demand.attractionDay[q], provenance });
  }
  return out;
}

export const trafficStage: Stage = {
  id: 'traffic',
  version: 1,
  inputs: ['territory.after', 'urban.activity'],
  outputs: ['traffic.flows', 'indicators.traffic', 'files.traffic'],
  run: ({ inputs, params, previous, signal, progress }) => {
    const t = inputs['territory.after'] as Territory;
    const activity = inputs['urban.activity'] as UrbanActivity;
    if (activity.count !== t.buildings.count)
      throw new Error(`traffic stage: urban.activity has ${activity.count} buildings, territory.after ${t.buildings.count}`);
    const values = resolveParams(TRAFFIC_PARAMS, params) as Record<string, unknown>;
    const p = trafficParamsFrom(values);
    const r = runTerritoryTraffic(t, {
      params: p, inhabitants: activity.inhabitants, jobs: activity.jobs, warmStart: values.warmStart === true ? (previous?._warm as TrafficWarmStart | undefined) : undefined,
      signal, onProgress: progress, clock: () => performance.now(),
    });
    const s = r.summary;
    const flows: RoadLinkFlows = {
      linkCount: r.linkCount, flowVehH: r.flowVehH, vc: r.vc, speedKmh: r.speedKmh, flowVehDay: r.flowVehDay,
      source: {
        kind: 'assignment',
        description: `user equilibrium (Algorithm B, BPR α ${p.bprAlpha} β ${p.bprBeta}) of ${s.vehicleTripsPeak.toFixed(0)} peak-hour car trips between ${s.zones} zones of ${s.zoneSizeM} m (gravity/Furness, β ${s.betaPerKm.toFixed(3)}/km); relative gap ${s.relativeGap.toExponential(2)} after ${s.iterations} iterations; daily flow = peak hour / ${p.peakHourFactor}`,
      },
    };
    const provenance: Provenance = { model: 'engine/traffic: square zones, doubly-constrained gravity (Furness), user equilibrium by Algorithm B (engine/traffic/README.md)', datasets: t.datasets.map((d) => d.id), parameters: values };
    return {
      'traffic.flows': flows,
      'indicators.traffic': trafficIndicators(t, r, provenance),
      'files.traffic': { 'link-flows.csv': linkFlowsCsv(t, r), 'link-flows.geojson': linkFlowsGeoJson(t, r), 'traffic-summary.json': JSON.stringify(trafficSummaryJson(t, r), null, 2) + '\n' },
      _warm: r.warmStart,
      _timing: { demandSeconds: s.demandSeconds, assignmentSeconds: s.assignmentSeconds, seconds: s.seconds, warmStarted: s.warmStarted, warmStartRejected: s.warmStartRejected },
    };
  },
};
