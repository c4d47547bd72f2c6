/**
 * Traffic stage: the scenario's demand (inhabitants and jobs per building from the urban stage) assigned at user
 * equilibrium on the scenario's road network (road edits applied by the roads stage), with engine/traffic
 * (`runTerritoryTraffic`: square zones, gravity/Furness distribution, gateways with exchange and through trips,
 * Algorithm B). Publishes `traffic.flows` (per directed road link of `territory.after`, read by the air and heat
 * stages), indicators with units and provenance (which trip classes are modelled), and link-flows.csv,
 * link-flows.geojson (WGS84), gateways.csv and traffic-summary.json.
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

/** JSON of a number as JSON.stringify writes it (null when not finite). */
const jsonNum = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');

/**
 * The flow-independent part of each link's feature (geometry in WGS84 and fixed properties), per road network and
 * frame: road networks are never modified, and every run on the same roads writes the same geometry.
 */
const featureHeads = new WeakMap<Territory['roads'], { frame: string; heads: Array<string | undefined> }>();

function featureHead(t: Territory, l: number, lonLat: (s: number) => number[][]): string {
  const roads = t.roads;
  const frame = JSON.stringify(t.frame);
  let e = featureHeads.get(roads);
  if (!e || e.frame !== frame) featureHeads.set(roads, (e = { frame, heads: new Array(roads.linkCount) }));
  let h = e.heads[l];
  if (h === undefined) {
    const s = roads.linkSegment[l];
    const coords = roads.linkReversed[l] ? [...lonLat(s)].reverse() : lonLat(s);
    h = `{"type":"Feature","geometry":{"type":"LineString","coordinates":${JSON.stringify(coords)}},"properties":{"link":${l},"source_id":${JSON.stringify(roads.segmentSourceId[s] ?? '')},"name":${JSON.stringify(roads.segmentName[s] ?? '')},"class":${JSON.stringify(ROAD_CLASSES[roads.roadClass[l]])},"capacity_veh_h":${jsonNum(roads.capacityVehH[l])}`;
    e.heads[l] = h;
  }
  return h;
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
    features.push(`${featureHead(t, l, lonLat)},"flow_veh_h":${jsonNum(r3(r.flowVehH[l]))},"vc":${jsonNum(r6(r.vc[l]))},"speed_kmh":${jsonNum(r3(r.speedKmh[l]))},"flow_veh_day":${jsonNum(r3(r.flowVehDay[l]))}}}`);
  }
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

/** One row per gateway (external zone): position, road class and capacity, exchange and through trips, connector flows. */
export function gatewaysCsv(t: Territory, r: TerritoryTrafficResult): string {
  const gw = r.demand.external.gateways;
  const ext = r.demand.external;
  const Z = r.demand.zones.count;
  const G = gw.count;
  const tr = new FrameTransform(t.frame);
  const lines = ['gateway,nodes,class,x,y,lon,lat,capacity_in_veh_h,capacity_out_veh_h,exchange_in_veh_h,exchange_out_veh_h,through_in_veh_h,through_out_veh_h,flow_in_veh_h,flow_out_veh_h'];
  const cin = new Float64Array(G);
  const cout = new Float64Array(G);
  const c = r.connectors;
  for (let k = 0; k < c.zone.length; k++)
    if (c.zone[k] >= Z) {
      cin[c.zone[k] - Z] += r.connectorFlowOut[k]; // leaving the gateway zone = entering the territory
      cout[c.zone[k] - Z] += r.connectorFlowIn[k];
    }
  for (let g = 0; g < G; g++) {
    let ein = 0;
    let eout = 0;
    let tin = 0;
    let tout = 0;
    for (let j = 0; j < Z; j++) {
      ein += ext.enterPeak[g * Z + j];
      eout += ext.leavePeak[j * G + g];
    }
    for (let h = 0; h < G; h++) {
      tin += ext.throughPeak[g * G + h];
      tout += ext.throughPeak[h * G + g];
    }
    const [lon, lat] = tr.localToLonLat(gw.x[g], gw.y[g]);
    lines.push([
      gw.id[g], Array.from(gw.node.subarray(gw.nodeStart[g], gw.nodeStart[g + 1])).join(' '), gw.roadClass[g], r3(gw.x[g]), r3(gw.y[g]), Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7,
      gw.capacityInVehH[g], gw.capacityOutVehH[g], r3(ein), r3(eout), r3(tin), r3(tout), r3(cin[g]), r3(cout[g]),
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Which trips the run models (for provenance and the flows' description). */
export function tripClasses(r: TerritoryTrafficResult): string {
  const s = r.summary;
  const p = r.params;
  const parts = [`residents' car trips within the territory (${s.internalTripsPeak.toFixed(0)} veh/h)`];
  if (s.gateways > 0) {
    parts.push(`exchange trips through ${s.gateways} gateways (${s.exchangeTripsPeak.toFixed(0)} veh/h, ${p.exchangeShare} × the residents' trips)`);
    parts.push(`through trips between gateways (${s.throughTripsPeak.toFixed(0)} veh/h, ${p.throughShare} of the gateways' capacity)`);
  } else parts.push(p.exchangeShare > 0 || p.throughShare > 0 ? 'no exchange or through trips (no main road reaches the edge of the territory)' : 'no exchange or through trips (switched off)');
  return `${parts.join('; ')}; not modelled: freight, trips on foot, by bicycle and public transport`;
}

/** The run's summary without timings (deterministic), with the parameters and notes. */
export function trafficSummaryJson(t: Territory, r: TerritoryTrafficResult): Record<string, unknown> {
  const { demandSeconds: _d, assignmentSeconds: _a, seconds: _s, warmStarted: _w, warmStartRejected: _r, ...summary } = r.summary;
  return { territory: t.name, synthetic: t.synthetic, ...summary, trips: tripClasses(r), parameters: r.params, notes: r.notes, model: 'engine/traffic/README.md' };
}

const LABELS: Array<[string, string, string, (r: TerritoryTrafficResult) => number]> = [
  ['traffic.vehicleKm', 'Vehicle-km in the peak hour (intrazonal trips included)', 'veh·km', (r) => r.summary.vehicleKmPeak],
  ['traffic.vehicleKmDay', 'Vehicle-km per day (peak hour / peak-hour factor)', 'veh·km/day', (r) => r.summary.vehicleKmDay],
  ['traffic.vehicleHours', 'Vehicle-hours in the peak hour (road network)', 'veh·h', (r) => r.summary.vehicleHoursPeak],
  ['traffic.meanSpeed', 'Mean speed in the peak hour (vehicle-km / vehicle-hours)', 'km/h', (r) => r.summary.meanSpeedKmh],
  ['traffic.travelTimeIndex', 'Mean congestion: travel time index (vehicle-hours / free-flow vehicle-hours)', 'ratio', (r) => r.summary.travelTimeIndex],
  ['traffic.shareOverCapacity', 'Road links over capacity (v/c > 1) in the peak hour', '%', (r) => 100 * r.summary.shareOverCapacity],
  ['traffic.vehicleTripsPeak', 'Car trips in the peak hour (vehicles), all classes', 'veh/h', (r) => r.summary.vehicleTripsPeak],
  ['traffic.internalTrips', 'Residents\' car trips within the territory in the peak hour', 'veh/h', (r) => r.summary.internalTripsPeak],
  ['traffic.exchangeTrips', 'Exchange car trips (entering or leaving the territory) in the peak hour', 'veh/h', (r) => r.summary.exchangeTripsPeak],
  ['traffic.throughTrips', 'Through car trips (gateway to gateway) in the peak hour', 'veh/h', (r) => r.summary.throughTripsPeak],
  ['traffic.gateways', 'Gateways: main roads reaching the edge of the territory (external zones)', 'count', (r) => r.summary.gateways],
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
  // Gateways: vehicles entering + leaving the territory there per day (exchange and through).
  const gw = r.demand.external.gateways;
  const c = r.connectors;
  const day = new Float64Array(gw.count);
  for (let k = 0; k < c.zone.length; k++) if (c.zone[k] >= z.count) day[c.zone[k] - z.count] += (r.connectorFlowOut[k] + r.connectorFlowIn[k]) / r.params.peakHourFactor;
  for (let g = 0; g < gw.count; g++)
    out.push({ id: 'traffic.gatewayTrips', label: 'Vehicles entering or leaving the territory at this gateway (exchange and through, per day)', unit: 'veh/day', zone: gw.id[g], value: day[g], provenance });
  return out;
}

export const trafficStage: Stage = {
  id: 'traffic',
  version: 2,
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
        description: `user equilibrium (Algorithm B, BPR α ${p.bprAlpha} β ${p.bprBeta}) of ${s.vehicleTripsPeak.toFixed(0)} peak-hour car trips between ${s.zones} zones of ${s.zoneSizeM} m (gravity/Furness, β ${s.betaPerKm.toFixed(3)}/km) and ${s.gateways} gateways — ${tripClasses(r)}; relative gap ${s.relativeGap.toExponential(2)} after ${s.iterations} iterations; daily flow = peak hour / ${p.peakHourFactor}`,
      },
    };
    const provenance: Provenance = {
      model: `engine/traffic: square zones, doubly-constrained gravity (Furness), gateways (external zones) with exchange and through trips, user equilibrium by Algorithm B (engine/traffic/README.md). Trips: ${tripClasses(r)}`,
      datasets: t.datasets.map((d) => d.id), parameters: values,
    };
    return {
      'traffic.flows': flows,
      'indicators.traffic': trafficIndicators(t, r, provenance),
      'files.traffic': { 'link-flows.csv': linkFlowsCsv(t, r), 'link-flows.geojson': linkFlowsGeoJson(t, r), 'gateways.csv': gatewaysCsv(t, r), 'traffic-summary.json': JSON.stringify(trafficSummaryJson(t, r), null, 2) + '\n' },
      _warm: r.warmStart,
      _timing: { demandSeconds: s.demandSeconds, assignmentSeconds: s.assignmentSeconds, seconds: s.seconds, warmStarted: s.warmStarted, warmStartRejected: s.warmStartRejected },
    };
  },
};
