/**
 * Assignment network of a territory's road graph with zone centroids and connectors (§ 1 of the traffic model).
 *
 * - Zone z becomes node z (the centroids come first, TNTP convention) and road node n becomes node zoneCount + n;
 *   `firstThruNode = zoneCount`, so no path passes through a centroid.
 * - Each road link with car capacity keeps its direction, capacity (veh/h, all lanes) and BPR times: free-flow time
 *   t0 = length / free-flow speed in seconds, B = 0.15 and power 4 by default (Bureau of Public Roads 1964).
 *   Links without car capacity (pedestrian ways, capacity 0) or speed are left out and counted.
 * - Each connector (zone, road node) gives two links, centroid → node and node → centroid, with a constant time
 *   (B = 0, so they never congest) standing for the access from the zone's buildings to the network.
 */
import type { RoadNetwork } from '../territory.ts';
import { BPR_ALPHA, BPR_BETA, createTrafficNetwork, type TrafficNetwork } from './network.ts';

export interface RoadAssignmentOptions {
  zoneCount: number;
  /** Connector pairs: zone connectorZone[k] is tied to road node connectorNode[k] (both ways). */
  connectorZone: ArrayLike<number>;
  connectorNode: ArrayLike<number>;
  /** Time on a connector (s); default 60. */
  connectorTimeS?: number;
  /** BPR B of road links; default 0.15. */
  bprB?: number;
  /** BPR power of road links; default 4. */
  bprPower?: number;
}

export interface RoadAssignmentNetwork {
  network: TrafficNetwork;
  /** Road link of each assignment link (−1 for connectors). */
  roadLink: Int32Array;
  /** Road links left out because they carry no cars (capacity or speed ≤ 0). */
  excludedRoadLinks: number;
}

/** Capacity given to connectors (veh/h): far above any demand, and B = 0 anyway. */
const CONNECTOR_CAPACITY_VEH_H = 1e6;

export function roadAssignmentNetwork(roads: RoadNetwork, opts: RoadAssignmentOptions): RoadAssignmentNetwork {
  const Z = opts.zoneCount;
  const nc = opts.connectorZone.length;
  if (opts.connectorNode.length !== nc) throw new Error(`road assignment network: ${nc} connector zones but ${opts.connectorNode.length} connector nodes`);
  const connectorTimeS = opts.connectorTimeS ?? 60;
  if (!(connectorTimeS >= 0)) throw new Error(`road assignment network: connectorTimeS must be ≥ 0, got ${connectorTimeS}`);
  const from: number[] = [];
  const to: number[] = [];
  const t0: number[] = [];
  const cap: number[] = [];
  const b: number[] = [];
  const p: number[] = [];
  const roadLink: number[] = [];
  let excluded = 0;
  for (let l = 0; l < roads.linkCount; l++) {
    const speedMS = roads.freeSpeedKmh[l] / 3.6;
    if (!(roads.capacityVehH[l] > 0) || !(speedMS > 0)) {
      excluded++;
      continue;
    }
    from.push(Z + roads.linkFrom[l]);
    to.push(Z + roads.linkTo[l]);
    t0.push(roads.lengthM[l] / speedMS);
    cap.push(roads.capacityVehH[l]);
    b.push(opts.bprB ?? BPR_ALPHA);
    p.push(opts.bprPower ?? BPR_BETA);
    roadLink.push(l);
  }
  for (let k = 0; k < nc; k++) {
    const z = opts.connectorZone[k];
    const n = opts.connectorNode[k];
    if (!Number.isInteger(z) || z < 0 || z >= Z) throw new Error(`road assignment network: connector ${k} has zone ${z} outside [0, ${Z - 1}]`);
    if (!Number.isInteger(n) || n < 0 || n >= roads.nodeCount) throw new Error(`road assignment network: connector ${k} has road node ${n} outside [0, ${roads.nodeCount - 1}]`);
    for (const [f, t] of [[z, Z + n], [Z + n, z]]) {
      from.push(f);
      to.push(t);
      t0.push(connectorTimeS);
      cap.push(CONNECTOR_CAPACITY_VEH_H);
      b.push(0);
      p.push(0);
      roadLink.push(-1);
    }
  }
  const network = createTrafficNetwork({
    nodeCount: Z + roads.nodeCount, zoneCount: Z, firstThruNode: Z, linkFrom: from, linkTo: to, freeFlowTime: t0, capacity: cap, bprB: b, bprPower: p,
  });
  return { network, roadLink: Int32Array.from(roadLink), excludedRoadLinks: excluded };
}
