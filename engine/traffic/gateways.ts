/**
 * Gateways (external zones): where a main road leaves the modelled territory, so that trips between the territory
 * and the outside (exchange) and across it (through) can enter and leave the road network (engine/traffic/README.md
 * § External traffic).
 *
 * Rule. A road node is a gateway node when
 * 1. it has exactly one neighbour in the car network (a dead end: the links of the node, in either direction, all
 *    lead to the same node), and
 * 2. its best car link is of a main class — motorway, trunk, primary or secondary (engine/territory.ts ROAD_CLASSES):
 *    such roads are through routes by definition of their class, so their dead ends are where the data stop, not
 *    where the road does; a residential or service dead end is a cul-de-sac, and
 * 3. it lies outside the activity box of the territory (the bounding box of its buildings and population cells) or
 *    inside it within `gatewayMarginM` of its edge.
 * The edge is taken from the activity (what the demand model covers), not from the roads: a BD TOPO extract keeps
 * whole road segments whose bounding-box centre lies in the clip window (data/importers/bdtopo-run.ts), so rural
 * segments reach up to a kilometre or more beyond it (Rodez: 0.2–0.7 km beyond the buildings' box) while the
 * buildings stop at the window. The clip window itself is not recorded in a territory, hence this proxy.
 *
 * Dual carriageways. A one-way road end (traffic only enters, or only leaves) is joined to the nearest one-way end
 * of the same class running the other way within `gatewayMergeM`, closest pairs first: the two carriageways of a
 * dual carriageway end apart (Rodez, BD TOPO: 10 m for the N88 south-west, 24 m for the RN 140, 460 m for the N88
 * north-east). Every other road end is a gateway of its own; a one-way end left alone is a one-way gateway.
 * Capacity per direction: into the territory = the capacity of the car links leaving the gateway's nodes from which
 * the largest strongly connected car network can be reached; out of it = that of the car links arriving at its
 * nodes that can be reached from that network. A road end with neither is dropped and reported.
 */
import { ROAD_CLASSES, type Territory } from '../territory.ts';
import { carComponents, carLink } from './connectors.ts';
import * as dmath from '../math/dmath.ts';

/** Road classes whose dead ends at the edge of the territory are gateways. */
export const GATEWAY_CLASSES = ['motorway', 'trunk', 'primary', 'secondary'] as const;

export interface GatewayOptions {
  /** A dead end inside the activity box counts when it lies within this distance of the box's edge (m). */
  gatewayMarginM: number;
  /** Gateway nodes closer than this are one gateway (m). */
  gatewayMergeM: number;
}

export interface TrafficGateways {
  count: number;
  /** `gw_<lowest road node>`. */
  id: string[];
  /** Capacity-weighted position of the gateway's nodes (local metres). */
  x: Float64Array;
  y: Float64Array;
  /** Road capacity (veh/h) into the territory (links leaving its nodes) and out of it (links arriving at them). */
  capacityInVehH: Float64Array;
  capacityOutVehH: Float64Array;
  /** Road nodes of gateway g: node[nodeStart[g] … nodeStart[g + 1]). */
  nodeStart: Int32Array;
  node: Int32Array;
  /** Best road class of each gateway (name). */
  roadClass: string[];
  /** Activity box [minX, minY, maxX, maxY] the rule used (NaN when the territory has no activity). */
  box: [number, number, number, number];
  notes: string[];
}

const MAIN = new Set<number>(GATEWAY_CLASSES.map((c) => ROAD_CLASSES.indexOf(c)));

/** Bounding box of the buildings' footprints and the population cells' outlines; NaNs when there are none. */
export function activityBox(t: Territory): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const xy of [t.buildings.footprint.xy, t.population.geometry.xy])
    for (let k = 0; k + 1 < xy.length; k += 2) {
      const x = xy[k];
      const y = xy[k + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  return x0 <= x1 ? [x0, y0, x1, y1] : [NaN, NaN, NaN, NaN];
}

/** No gateway (external traffic switched off, or none found). */
export function noGateways(notes: string[] = []): TrafficGateways {
  return { count: 0, id: [], x: new Float64Array(0), y: new Float64Array(0), capacityInVehH: new Float64Array(0), capacityOutVehH: new Float64Array(0), nodeStart: new Int32Array(1), node: new Int32Array(0), roadClass: [], box: [NaN, NaN, NaN, NaN], notes };
}

/** Gateways of a territory by the rule above. Deterministic: gateways in order of their lowest road node. */
export function findGateways(t: Territory, o: GatewayOptions): TrafficGateways {
  if (!(o.gatewayMarginM >= 0) || !(o.gatewayMergeM >= 0)) throw new Error(`traffic gateways: gatewayMarginM and gatewayMergeM must be ≥ 0 m, got ${o.gatewayMarginM} and ${o.gatewayMergeM}`);
  const roads = t.roads;
  const N = roads.nodeCount;
  const box = activityBox(t);
  if (Number.isNaN(box[0])) return noGateways(['no buildings or population cells: the territory has no edge to place gateways on']);
  // Neighbour count (distinct neighbours over car links, either direction), best class, capacity in + out.
  const other = new Int32Array(N).fill(-1); // the one neighbour seen so far, −2 once a second one appears
  const best = new Int32Array(N).fill(ROAD_CLASSES.length);
  const capOut = new Float64Array(N); // capacity of the car links leaving the node
  const capIn = new Float64Array(N); // … arriving at it
  for (let l = 0; l < roads.linkCount; l++) {
    if (!carLink(roads, l)) continue;
    const a = roads.linkFrom[l];
    const b = roads.linkTo[l];
    capOut[a] += roads.capacityVehH[l];
    capIn[b] += roads.capacityVehH[l];
    for (const [n, m] of [[a, b], [b, a]]) {
      if (other[n] === -1) other[n] = m;
      else if (other[n] !== m) other[n] = -2;
      if (roads.roadClass[l] < best[n]) best[n] = roads.roadClass[l];
    }
  }
  const [bx0, by0, bx1, by1] = box;
  const cand: number[] = [];
  for (let n = 0; n < N; n++) {
    if (other[n] < 0 || other[n] === n || !MAIN.has(best[n])) continue;
    const x = roads.nodeXY[2 * n];
    const y = roads.nodeXY[2 * n + 1];
    const inside = Math.min(x - bx0, bx1 - x, y - by0, by1 - y); // < 0 outside the box
    if (inside <= o.gatewayMarginM) cand.push(n);
  }
  if (!cand.length) return { ...noGateways(), box };
  // Directions each candidate can carry: in (a car link leaves it towards the main network), out (one arrives).
  const cc = carComponents(roads);
  const toMain = reach(roads, cc.component, cc.largest, true);
  const fromMain = reach(roads, cc.component, cc.largest, false);
  const cin = (n: number): number => (toMain[n] ? capOut[n] : 0);
  const cout = (n: number): number => (fromMain[n] ? capIn[n] : 0);
  const notes: string[] = [];
  const live = cand.filter((n) => {
    if (cin(n) > 0 || cout(n) > 0) return true;
    notes.push(`road end ${n} at the edge of the territory cannot reach or be reached from the main car network: no gateway there`);
    return false;
  });
  // Dual carriageways: a one-way end is joined to the nearest one-way end of the same class running the other way
  // within gatewayMergeM, closest pairs first (ties by node ids: deterministic). Other ends are gateways alone.
  const xy = roads.nodeXY;
  const dist = (a: number, b: number): number => dmath.hypot(xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);
  const inOnly = live.filter((n) => cin(n) > 0 && !(cout(n) > 0));
  const outOnly = live.filter((n) => cout(n) > 0 && !(cin(n) > 0));
  const pairs: Array<[number, number, number]> = [];
  for (const a of inOnly) for (const b of outOnly) if (best[a] === best[b] && dist(a, b) <= o.gatewayMergeM) pairs.push([dist(a, b), a, b]);
  pairs.sort((u, v) => u[0] - v[0] || u[1] - v[1] || u[2] - v[2]);
  const partner = new Map<number, number>();
  for (const [, a, b] of pairs)
    if (!partner.has(a) && !partner.has(b)) {
      partner.set(a, b);
      partner.set(b, a);
    }
  const groups: number[][] = [];
  for (const n of live) {
    const m = partner.get(n);
    if (m === undefined) groups.push([n]);
    else if (n < m) groups.push([n, m]);
  }
  groups.sort((u, v) => u[0] - v[0]);
  const out = { id: [] as string[], x: [] as number[], y: [] as number[], cin: [] as number[], cout: [] as number[], start: [0], node: [] as number[], cls: [] as string[] };
  for (const nodes of groups) {
    let ci = 0;
    let co = 0;
    let sx = 0;
    let sy = 0;
    let cls: number = ROAD_CLASSES.length;
    for (const n of nodes) {
      const w = cin(n) + cout(n);
      ci += cin(n);
      co += cout(n);
      sx += w * xy[2 * n];
      sy += w * xy[2 * n + 1];
      cls = Math.min(cls, best[n]);
    }
    out.id.push(`gw_${nodes[0]}`);
    out.x.push(sx / (ci + co));
    out.y.push(sy / (ci + co));
    out.cin.push(ci);
    out.cout.push(co);
    out.node.push(...nodes);
    out.start.push(out.node.length);
    out.cls.push(ROAD_CLASSES[cls] ?? 'unknown');
  }
  return {
    count: out.id.length, id: out.id, x: Float64Array.from(out.x), y: Float64Array.from(out.y), capacityInVehH: Float64Array.from(out.cin), capacityOutVehH: Float64Array.from(out.cout),
    nodeStart: Int32Array.from(out.start), node: Int32Array.from(out.node), roadClass: out.cls, box, notes,
  };
}

/** Nodes that can reach (`toward`) or be reached from the component `target` over car links. */
function reach(roads: Territory['roads'], component: Int32Array, target: number, toward: boolean): Uint8Array {
  const N = roads.nodeCount;
  const seen = new Uint8Array(N);
  if (target < 0) return seen;
  const start = new Int32Array(N + 1);
  for (let l = 0; l < roads.linkCount; l++) if (carLink(roads, l)) start[(toward ? roads.linkTo[l] : roads.linkFrom[l]) + 1]++;
  for (let n = 0; n < N; n++) start[n + 1] += start[n];
  const adj = new Int32Array(start[N]);
  const fill = start.slice(0, N);
  for (let l = 0; l < roads.linkCount; l++)
    if (carLink(roads, l)) {
      // Searching backwards from the component when `toward`: from a link's head to its tail.
      const [u, v] = toward ? [roads.linkTo[l], roads.linkFrom[l]] : [roads.linkFrom[l], roads.linkTo[l]];
      adj[fill[u]++] = v;
    }
  const stack: number[] = [];
  for (let n = 0; n < N; n++)
    if (component[n] === target) {
      seen[n] = 1;
      stack.push(n);
    }
  while (stack.length) {
    const n = stack.pop()!;
    for (let e = start[n]; e < start[n + 1]; e++) {
      const m = adj[e];
      if (!seen[m]) {
        seen[m] = 1;
        stack.push(m);
      }
    }
  }
  return seen;
}
