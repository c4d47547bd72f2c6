/**
 * Traffic of a territory: demand (./demand.ts) assigned at user equilibrium (./assign.ts, Algorithm B) on its road
 * network (./road-network.ts) with zone connectors (./connectors.ts), reported per directed road link (peak-hour
 * flow, volume/capacity, congested speed, daily flow) and as territory totals. Pure engine code: it runs unchanged
 * in a browser worker, a Node worker thread, the pipeline and the CLI.
 *
 * Trips: the residents' trips within the territory, and — when main roads reach its edge (./gateways.ts) — exchange
 * trips through those gateways and through trips between them (./external.ts); gateway zones come after the
 * internal ones and are tied to their road nodes by zero-time connectors.
 *
 * Definitions (engine/traffic/README.md § Territory traffic):
 * - congested speed = length / BPR time at the assigned flow; v/c = flow / capacity (all lanes);
 * - daily flow = peak-hour flow / peakHourFactor (the definition of the peak-hour factor);
 * - vehicle-km (peak hour) = Σ road links flow × length + intrazonal trips × their internal distance; connectors are
 *   access, not counted; vehicle-km per day = peak-hour vehicle-km / peakHourFactor;
 * - vehicle-hours (peak hour) = Σ road links flow × congested time (intrazonal trips excluded: no network time);
 *   no daily vehicle-hours are given (congestion is not uniform over the day);
 * - mean speed = network vehicle-km / vehicle-hours;
 * - travel time index = vehicle-hours / free-flow vehicle-hours of the same flows (Texas A&M Transportation
 *   Institute, Urban Mobility Report: the ratio of peak to free-flow travel time), 1 without congestion;
 * - share over capacity = road links with v/c > 1 among the links that carry cars.
 */
import type { Territory } from '../territory.ts';
import { assignUserEquilibrium, type AssignmentState, type IterationRecord } from './assign.ts';
import { zoneConnectors, type ZoneConnectors } from './connectors.ts';
import { territoryDemand, type BuildingActivity, type TerritoryDemand } from './demand.ts';
import { withLinkAttributes, type TrafficNetwork } from './network.ts';
import { roadAssignmentNetwork } from './road-network.ts';
import { resolveTrafficParams, type TrafficParams } from './traffic-params.ts';
import * as dmath from '../math/dmath.ts';

/** What cancellation needs from an AbortSignal (the engine does not depend on the DOM or Node types). */
export interface CancelSignal {
  readonly aborted: boolean;
}

export class TrafficCancelledError extends Error {
  override name = 'TrafficCancelledError';
}

/** State a later run starts from: the assignment bushes and the graph they belong to. */
export interface TrafficWarmStart {
  nodeCount: number;
  zoneCount: number;
  linkFrom: Int32Array;
  linkTo: Int32Array;
  state: AssignmentState;
}

export interface TerritoryTrafficOptions extends BuildingActivity {
  params?: Partial<TrafficParams>;
  /** Overrides params.gap. */
  gap?: number;
  /** Overrides params.maxIterations. */
  maxIterations?: number;
  /** A previous result's `warmStart`; used only when the assignment graph is the same (else a cold start, reported). */
  warmStart?: TrafficWarmStart;
  signal?: CancelSignal;
  onProgress?: (fraction: number, message: string) => void;
  /** Wall-clock limit of the assignment (s); makes the result machine-dependent. Default: none. */
  maxSeconds?: number;
  /** Called after each assignment iteration (relative gap, objective, seconds since the assignment started). */
  onIteration?: (record: IterationRecord) => void;
  /** Milliseconds clock for the reported seconds (default Date.now). */
  clock?: () => number;
}

export interface TrafficSummary {
  /** Internal zones (the gateways are counted apart). */
  zones: number;
  /** External zones: main roads reaching the edge of the territory (0 when external traffic is off). */
  gateways: number;
  /** Side of the zones used (m): `zoneSizeM`, or the automatic size. */
  zoneSizeM: number;
  connectors: number;
  /** Road links that carry cars (in the assignment) and those left out (no car capacity or speed). */
  carLinks: number;
  excludedRoadLinks: number;
  inhabitants: number;
  personTripsDay: number;
  carTripsDay: number;
  /** All vehicle trips per day: internal + exchange + through. */
  vehicleTripsDay: number;
  /** Peak-hour vehicle trips = internal + exchange + through = assigned + intrazonal + unreachable. */
  vehicleTripsPeak: number;
  /** By class (veh/h): the residents' trips inside the territory, exchange trips (one end at a gateway), through trips (gateway to gateway). */
  internalTripsPeak: number;
  exchangeTripsPeak: number;
  throughTripsPeak: number;
  /** The same per day (veh/day). */
  internalTripsDay: number;
  exchangeTripsDay: number;
  throughTripsDay: number;
  assignedTrips: number;
  intrazonalTrips: number;
  unreachableTrips: number;
  unreachablePairs: number;
  vehicleKmPeak: number;
  networkVehicleKmPeak: number;
  intrazonalVehicleKmPeak: number;
  vehicleKmDay: number;
  vehicleHoursPeak: number;
  freeFlowVehicleHoursPeak: number;
  meanSpeedKmh: number;
  travelTimeIndex: number;
  /** Mean length of the peak-hour vehicle trips (km), intrazonal included. */
  meanTripKm: number;
  shareOverCapacity: number;
  linksOverCapacity: number;
  maxVc: number;
  relativeGap: number;
  iterations: number;
  converged: boolean;
  /** Seconds: demand (zones, connectors, distribution), assignment, total. */
  demandSeconds: number;
  assignmentSeconds: number;
  seconds: number;
  warmStarted: boolean;
  /** Why a given warm start was not used. */
  warmStartRejected?: string;
  betaPerKm: number;
  furnessIterations: number;
  furnessError: number;
}

export interface TerritoryTrafficResult {
  params: TrafficParams;
  /** Per directed road link of `territory.roads` (links without cars: flow 0, v/c 0, free-flow speed). */
  linkCount: number;
  flowVehH: Float64Array;
  vc: Float64Array;
  speedKmh: Float64Array;
  flowVehDay: Float64Array;
  /** Congested and free-flow times (s). */
  travelTimeS: Float64Array;
  freeFlowTimeS: Float64Array;
  /** 1 where the link carries cars (is in the assignment). */
  carLink: Uint8Array;
  demand: TerritoryDemand;
  /** The assignment network (zone centroids first, then road nodes shifted by the zone count; connectors last). */
  network: TrafficNetwork;
  /** Road link of each assignment link (−1 for connectors). */
  roadLink: Int32Array;
  connectors: ZoneConnectors;
  /** Peak-hour flow on each connector (veh/h): leaving its zone (zone → node) and arriving (node → zone). */
  connectorFlowOut: Float64Array;
  connectorFlowIn: Float64Array;
  summary: TrafficSummary;
  warmStart: TrafficWarmStart;
  notes: string[];
}

function sameGraph(w: TrafficWarmStart, net: TrafficNetwork): string | undefined {
  if (w.nodeCount !== net.nodeCount || w.zoneCount !== net.zoneCount || w.linkFrom.length !== net.linkCount)
    return `the network changed (${w.zoneCount} zones, ${w.nodeCount} nodes, ${w.linkFrom.length} links before; ${net.zoneCount}, ${net.nodeCount}, ${net.linkCount} now)`;
  for (let a = 0; a < net.linkCount; a++) if (w.linkFrom[a] !== net.linkFrom[a] || w.linkTo[a] !== net.linkTo[a]) return `the network changed (link ${a} joins other nodes)`;
  return undefined;
}

/** The assignment problem of a territory: its demand, zone connectors and assignment network. */
export interface TerritoryAssignment {
  demand: TerritoryDemand;
  connectors: ZoneConnectors;
  network: TrafficNetwork;
  /** Road link of each assignment link (−1 for connectors, which come last: centroid → node, node → centroid). */
  roadLink: Int32Array;
  excludedRoadLinks: number;
  notes: string[];
}

/**
 * Gateway connectors: gateway g (zone Z + g) is tied to each of its road nodes with a zero time (the gateway stands
 * for the road beyond the territory, whose time is not modelled). Appended after the internal connectors, so the
 * connectors stay sorted by zone then node.
 */
function withGatewayConnectors(c: ZoneConnectors, zoneCount: number, gw: TerritoryDemand['external']['gateways']): ZoneConnectors {
  if (gw.count === 0) return c;
  const zone: number[] = [];
  const node: number[] = [];
  for (let g = 0; g < gw.count; g++) {
    const nodes = Array.from(gw.node.subarray(gw.nodeStart[g], gw.nodeStart[g + 1])).sort((a, b) => a - b);
    for (const n of nodes) {
      zone.push(zoneCount + g);
      node.push(n);
    }
  }
  const cat = <A extends Int32Array | Float64Array>(a: A, b: ArrayLike<number>, make: (n: number) => A): A => {
    const r = make(a.length + b.length);
    r.set(a);
    r.set(b, a.length);
    return r;
  };
  const zeros = new Float64Array(zone.length);
  return {
    zone: cat(c.zone, zone, (n) => new Int32Array(n)), node: cat(c.node, node, (n) => new Int32Array(n)),
    distanceM: cat(c.distanceM, zeros, (n) => new Float64Array(n)), timeS: cat(c.timeS, zeros, (n) => new Float64Array(n)),
    nodesOutsideMainComponent: c.nodesOutsideMainComponent,
  };
}

/** Demand (./demand.ts), connectors (./connectors.ts) and the assignment network (./road-network.ts) of a territory. */
export function territoryAssignment(t: Territory, p: TrafficParams, activity: BuildingActivity = {}): TerritoryAssignment {
  const demand = territoryDemand(t, p, activity);
  const zones = demand.zones;
  const conn = withGatewayConnectors(zoneConnectors(t.roads, zones.pointZone, zones.pointX, zones.pointY, p.accessSpeedKmh), zones.count, demand.external.gateways);
  const ran = roadAssignmentNetwork(t.roads, { zoneCount: demand.peak.zoneCount, connectorZone: conn.zone, connectorNode: conn.node, connectorTimeS: 0, bprB: p.bprAlpha, bprPower: p.bprBeta });
  // Connector k is the pair of links after the road links: centroid → node, node → centroid; each gets its own time.
  const fft = ran.network.freeFlowTime.slice();
  const first = ran.roadLink.length - 2 * conn.zone.length;
  for (let k = 0; k < conn.zone.length; k++) fft[first + 2 * k] = fft[first + 2 * k + 1] = conn.timeS[k];
  const notes = [...demand.notes];
  if (conn.nodesOutsideMainComponent > 0)
    notes.push(`${conn.nodesOutsideMainComponent} road nodes lie outside the largest strongly connected car network: no zone is connected to them`);
  return { demand, connectors: conn, network: withLinkAttributes(ran.network, { freeFlowTime: fft }), roadLink: ran.roadLink, excludedRoadLinks: ran.excludedRoadLinks, notes };
}

/** Demand + user-equilibrium assignment of a territory's road network. The territory is not modified. */
export function runTerritoryTraffic(t: Territory, options: TerritoryTrafficOptions = {}): TerritoryTrafficResult {
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const p = resolveTrafficParams({ ...options.params, ...(options.gap !== undefined ? { gap: options.gap } : {}), ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}) });
  const progress = options.onProgress ?? ((): void => {});
  const cancelled = (): void => {
    if (options.signal?.aborted) throw new TrafficCancelledError('traffic assignment cancelled');
  };
  progress(0, 'zones and demand');
  const { demand, connectors: conn, network: net, roadLink, excludedRoadLinks, notes } = territoryAssignment(t, p, { inhabitants: options.inhabitants, jobs: options.jobs });
  const zones = demand.zones;
  const roads = t.roads;
  const firstConnector = roadLink.length - 2 * conn.zone.length;
  const demandSeconds = (clock() - t0) / 1000;
  cancelled();

  let warm = options.warmStart;
  let warmStartRejected: string | undefined;
  if (warm) {
    warmStartRejected = sameGraph(warm, net);
    if (warmStartRejected) warm = undefined;
  }
  progress(0.2, 'assignment');
  const target = p.gap;
  const logSpan = dmath.log10(1 / Math.max(target, 1e-12));
  const a = assignUserEquilibrium(net, demand.peak, {
    targetGap: target,
    maxIterations: p.maxIterations,
    maxSeconds: options.maxSeconds,
    warmStart: warm?.state,
    clock,
    onIteration: (r) => {
      options.onIteration?.(r);
      cancelled();
      const f = r.relativeGap > 0 ? Math.min(1, Math.max(0, dmath.log10(1 / r.relativeGap) / logSpan)) : 1;
      progress(0.2 + 0.8 * Math.min(0.99, f), `assignment: iteration ${r.iteration}, relative gap ${r.relativeGap.toExponential(2)}`);
    },
  });
  if (!a.converged) notes.push(`assignment stopped at relative gap ${a.relativeGap.toExponential(2)} after ${a.iterations} iterations (target ${target})`);

  const L = roads.linkCount;
  const flowVehH = new Float64Array(L);
  const vc = new Float64Array(L);
  const travelTimeS = new Float64Array(L);
  const freeFlowTimeS = new Float64Array(L);
  const speedKmh = new Float64Array(L);
  const carLink = new Uint8Array(L);
  for (let l = 0; l < L; l++) {
    const v = roads.freeSpeedKmh[l];
    speedKmh[l] = v;
    freeFlowTimeS[l] = v > 0 ? (roads.lengthM[l] / v) * 3.6 : Infinity;
    travelTimeS[l] = freeFlowTimeS[l];
  }
  let vkm = 0;
  let vh = 0;
  let vh0 = 0;
  let over = 0;
  let maxVc = 0;
  for (let k = 0; k < roadLink.length; k++) {
    const l = roadLink[k];
    if (l < 0) continue;
    carLink[l] = 1;
    const flow = a.linkFlow[k];
    flowVehH[l] = flow;
    vc[l] = flow / net.capacity[k];
    travelTimeS[l] = a.linkCost[k];
    freeFlowTimeS[l] = net.freeFlowTime[k];
    if (a.linkCost[k] > 0) speedKmh[l] = (roads.lengthM[l] / a.linkCost[k]) * 3.6;
    vkm += (flow * roads.lengthM[l]) / 1000;
    vh += (flow * a.linkCost[k]) / 3600;
    vh0 += (flow * net.freeFlowTime[k]) / 3600;
    if (vc[l] > 1) over++;
    if (vc[l] > maxVc) maxVc = vc[l];
  }
  const flowVehDay = flowVehH.map((f) => f / p.peakHourFactor);
  const connectorFlowOut = new Float64Array(conn.zone.length);
  const connectorFlowIn = new Float64Array(conn.zone.length);
  for (let k = 0; k < conn.zone.length; k++) {
    connectorFlowOut[k] = a.linkFlow[firstConnector + 2 * k];
    connectorFlowIn[k] = a.linkFlow[firstConnector + 2 * k + 1];
  }
  const carLinks = firstConnector;
  const totalVkm = vkm + demand.intrazonalVehicleKmPeak;
  const peakTrips = demand.totals.vehicleTripsPeak;
  const tot = demand.totals;
  const summary: TrafficSummary = {
    zones: zones.count,
    gateways: demand.external.gateways.count,
    zoneSizeM: zones.sizeM,
    connectors: conn.zone.length,
    carLinks,
    excludedRoadLinks,
    inhabitants: demand.totals.inhabitants,
    personTripsDay: demand.totals.personTripsDay,
    carTripsDay: demand.totals.carTripsDay,
    vehicleTripsDay: demand.totals.vehicleTripsDay,
    vehicleTripsPeak: peakTrips,
    internalTripsPeak: tot.internalTripsPeak,
    exchangeTripsPeak: tot.exchangeTripsPeak,
    throughTripsPeak: tot.throughTripsPeak,
    internalTripsDay: tot.internalTripsDay,
    exchangeTripsDay: tot.exchangeTripsDay,
    throughTripsDay: tot.throughTripsDay,
    assignedTrips: a.assignedTrips,
    intrazonalTrips: demand.intrazonalPeakTotal,
    unreachableTrips: a.unreachableTrips,
    unreachablePairs: a.unreachable.length,
    vehicleKmPeak: totalVkm,
    networkVehicleKmPeak: vkm,
    intrazonalVehicleKmPeak: demand.intrazonalVehicleKmPeak,
    vehicleKmDay: totalVkm / p.peakHourFactor,
    vehicleHoursPeak: vh,
    freeFlowVehicleHoursPeak: vh0,
    meanSpeedKmh: vh > 0 ? vkm / vh : 0,
    travelTimeIndex: vh0 > 0 ? vh / vh0 : 1,
    meanTripKm: peakTrips > 0 ? totalVkm / peakTrips : 0,
    shareOverCapacity: carLinks > 0 ? over / carLinks : 0,
    linksOverCapacity: over,
    maxVc,
    relativeGap: a.relativeGap,
    iterations: a.iterations,
    converged: a.converged,
    demandSeconds,
    assignmentSeconds: a.seconds,
    seconds: (clock() - t0) / 1000,
    warmStarted: warm !== undefined,
    warmStartRejected,
    betaPerKm: demand.betaPerKm,
    furnessIterations: demand.furness.iterations,
    furnessError: demand.furness.error,
  };
  if (a.unreachable.length) notes.push(`${a.unreachable.length} OD pairs (${a.unreachableTrips.toFixed(1)} veh/h) have no path and were not assigned`);
  progress(1, 'done');
  return {
    params: p, linkCount: L, flowVehH, vc, speedKmh, flowVehDay, travelTimeS, freeFlowTimeS, carLink, demand, network: net, roadLink, connectors: conn, connectorFlowOut, connectorFlowIn, summary,
    warmStart: { nodeCount: net.nodeCount, zoneCount: net.zoneCount, linkFrom: net.linkFrom, linkTo: net.linkTo, state: a.state },
    notes,
  };
}
