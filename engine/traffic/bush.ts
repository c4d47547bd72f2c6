/**
 * Bushes of Algorithm B (R. B. Dial, "A path-based user-equilibrium traffic assignment algorithm that obviates
 * path storage and enumeration", Transportation Research Part B 40(10), 2006, 917–936), in the form described by
 * Boyles, Lownes & Unnikrishnan, *Transportation Network Analysis*, vol. I, § 6.5 (2023).
 *
 * A bush is an acyclic sub-network rooted at one origin that carries all of that origin's flow. Operations:
 * - {@link createBush}: every link that leads away from the origin at current costs (d_i < d_j, which contains the
 *   shortest-path tree and is acyclic; the richer start of Bar-Gera's origin-based algorithm, 2002), with the
 *   origin's demand loaded on the shortest-path tree;
 * - {@link updateBush}: drop unused links (keeping each node's shortest in-link so every node stays reachable), then
 *   add every network link (i, j) with U_i + t_ij < U_j, where U is the longest-path distance on the bush. U is
 *   non-decreasing along bush links and strictly increasing along the added ones, so the bush stays acyclic;
 * - {@link equilibrateBush}: one sweep in reverse topological order; at each node j the longest *used* path and the
 *   shortest path are traced back to their last common node and flow moves from the longer segment to the shorter
 *   one by a Newton step Δ = (C_max − C_min) / Σ t'_a, capped by the smallest bush flow on the longer segment.
 *
 * Storage is compact: a bush keeps only its own links, grouped by head node in topological order, with their flows
 * in the same positions, so a sweep reads memory sequentially and a bush costs O(its links), not O(network).
 * All loops run in topological order and star order, so the same input gives bitwise the same flows.
 */
import { linkCost, linkCostDerivative } from './bpr.ts';
import type { Demand, TrafficNetwork } from './network.ts';
import type { ShortestPaths } from './shortest-path.ts';

export interface Bush {
  /** Origin node (= zone index). */
  origin: number;
  /** Bush nodes (every node reachable from the origin) in topological order; order[0] is the origin. */
  order: Int32Array;
  /** Bush links entering order[k] are links[linkStart[k] … linkStart[k+1]) (star order within a node). */
  linkStart: Int32Array;
  links: Int32Array;
  /** Flow of the origin on links[q]. */
  flow: Float64Array;
  /** Largest excess cost U_j − L_j at a used node seen by the last sweep (Infinity before the first sweep). */
  excess: number;
}

/** Scratch arrays shared by all bushes of one assignment (never shared between threads). */
export class BushWorkspace {
  readonly minLabel: Float64Array;
  readonly maxLabel: Float64Array;
  /** Positions (in the bush's `links`) of the shortest / longest used in-link of each node, −1 at the origin. */
  readonly minPred: Int32Array;
  readonly maxPred: Int32Array;
  /** Position of each node in the current bush's order (−1: not in the bush). */
  readonly topo: Int32Array;
  readonly indegree: Int32Array;
  readonly nodeLoad: Float64Array;
  /** Dense per-link scratch, all zero between calls. */
  readonly linkFlow: Float64Array;
  readonly mark: Uint8Array;
  readonly linkList: Int32Array;

  constructor(net: TrafficNetwork) {
    const n = net.nodeCount;
    this.minLabel = new Float64Array(n);
    this.maxLabel = new Float64Array(n);
    this.minPred = new Int32Array(n);
    this.maxPred = new Int32Array(n);
    this.topo = new Int32Array(n);
    this.indegree = new Int32Array(n);
    this.nodeLoad = new Float64Array(n);
    this.linkFlow = new Float64Array(net.linkCount);
    this.mark = new Uint8Array(net.linkCount);
    this.linkList = new Int32Array(net.linkCount);
  }
}

/** Rebuilds the bush's link lists from `ws.mark` / `ws.linkFlow` (in topological order) and clears both. */
function gather(net: TrafficNetwork, bush: Bush, ws: BushWorkspace): void {
  const { inStart, inLinks } = net;
  const order = bush.order;
  const { mark, linkFlow, linkList } = ws;
  const start = bush.linkStart;
  let m = 0;
  for (let k = 0; k < order.length; k++) {
    start[k] = m;
    const j = order[k];
    for (let q = inStart[j], e = inStart[j + 1]; q < e; q++) {
      const a = inLinks[q];
      if (mark[a] !== 0) linkList[m++] = a;
    }
  }
  start[order.length] = m;
  const links = linkList.slice(0, m);
  const flow = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    const a = links[q];
    flow[q] = linkFlow[a];
    linkFlow[a] = 0;
    mark[a] = 0;
  }
  bush.links = links;
  bush.flow = flow;
}

/**
 * A bush for `zone` from the shortest paths already computed in `sp` (run from the zone's node), with the zone's
 * demand loaded on the shortest-path tree. The bush's flow is added to `linkFlow`.
 */
export function createBush(net: TrafficNetwork, sp: ShortestPaths, demand: Demand, zone: number, linkFlow: Float64Array, ws: BushWorkspace): Bush {
  const order = sp.settled.slice(0, sp.settledCount);
  const { dist, pred } = sp;
  const { linkFrom, linkTo } = net;
  const thru = net.firstThruNode;
  const mark = ws.mark;
  for (let k = 1; k < order.length; k++) mark[pred[order[k]]] = 1;
  // Dijkstra settles nodes by increasing distance, so `order` is topological for every link with d_i < d_j.
  for (let a = 0; a < net.linkCount; a++) {
    const i = linkFrom[a];
    const dj = dist[linkTo[a]];
    if (dist[i] < dj && dj < Infinity && (i >= thru || i === zone)) mark[a] = 1;
  }
  sp.loadOrigin(demand, zone, ws.linkFlow, ws.nodeLoad);
  for (let k = 1; k < order.length; k++) {
    const a = pred[order[k]];
    linkFlow[a] += ws.linkFlow[a];
  }
  const bush: Bush = { origin: zone, order, linkStart: new Int32Array(order.length + 1), links: new Int32Array(0), flow: new Float64Array(0), excess: Infinity };
  gather(net, bush, ws);
  return bush;
}

/** A deep copy (warm starts never modify the caller's previous solution). */
export function cloneBush(b: Bush): Bush {
  return { origin: b.origin, order: b.order.slice(), linkStart: b.linkStart.slice(), links: b.links.slice(), flow: b.flow.slice(), excess: b.excess };
}

/** Adds the bush's link flows to `out` (indexed by link). */
export function addBushFlows(bush: Bush, out: Float64Array): void {
  const { links, flow } = bush;
  for (let q = 0; q < links.length; q++) out[links[q]] += flow[q];
}

/** Shortest-path labels and predecessor positions on the bush (all bush links), in topological order. */
export function minLabels(net: TrafficNetwork, bush: Bush, cost: Float64Array, ws: BushWorkspace): void {
  const from = net.linkFrom;
  const { order, linkStart, links } = bush;
  const L = ws.minLabel;
  const pred = ws.minPred;
  L[bush.origin] = 0;
  pred[bush.origin] = -1;
  for (let k = 1; k < order.length; k++) {
    let best = Infinity;
    let bp = -1;
    for (let q = linkStart[k], e = linkStart[k + 1]; q < e; q++) {
      const a = links[q];
      const l = L[from[a]] + cost[a];
      if (l < best) {
        best = l;
        bp = q;
      }
    }
    L[order[k]] = best;
    pred[order[k]] = bp;
  }
}

/**
 * Bush update (Dial 2006, § 3.3): removes links without flow except each node's shortest in-link, then adds the
 * shortcuts U_i + t_ij < U_j and re-sorts the bush topologically (Kahn 1962). Returns the number of links added.
 */
export function updateBush(net: TrafficNetwork, bush: Bush, cost: Float64Array, ws: BushWorkspace): number {
  const { linkFrom, linkTo, outStart, outLinks } = net;
  const { order, flow, linkStart, links } = bush;
  const { mark, topo } = ws;
  const indeg = ws.indegree;
  const dense = ws.linkFlow;
  const origin = bush.origin;
  minLabels(net, bush, cost, ws);
  const minPred = ws.minPred;
  const U = ws.maxLabel;
  topo.fill(-1);
  U[origin] = 0;
  topo[origin] = 0;
  for (let k = 1; k < order.length; k++) {
    const j = order[k];
    topo[j] = k;
    const keep = minPred[j];
    let best = -Infinity;
    let kept = 0;
    for (let q = linkStart[k], e = linkStart[k + 1]; q < e; q++) {
      if (flow[q] <= 0 && q !== keep) continue; // dropped
      const a = links[q];
      mark[a] = 1;
      dense[a] = flow[q];
      kept++;
      const u = U[linkFrom[a]] + cost[a];
      if (u > best) best = u;
    }
    U[j] = best;
    indeg[j] = kept;
  }
  const thru = net.firstThruNode;
  let added = 0;
  let backward = 0;
  for (let a = 0; a < net.linkCount; a++) {
    if (mark[a] !== 0) continue;
    const i = linkFrom[a];
    const j = linkTo[a];
    if (topo[i] < 0 || topo[j] < 0 || j === origin || (i < thru && i !== origin)) continue;
    if (U[i] + cost[a] < U[j]) {
      mark[a] = 1;
      indeg[j]++;
      added++;
      if (topo[i] > topo[j]) backward++;
    }
  }
  if (backward > 0) {
    // Some new link runs against the current order: Kahn's topological sort (FIFO queue, star order: deterministic).
    order[0] = origin;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const u = order[head++];
      for (let q = outStart[u], e = outStart[u + 1]; q < e; q++) {
        const a = outLinks[q];
        if (mark[a] !== 0 && --indeg[linkTo[a]] === 0) order[tail++] = linkTo[a];
      }
    }
    if (tail !== order.length) throw new Error(`Algorithm B: bush of origin ${origin} is not acyclic after its update (internal error)`);
  }
  gather(net, bush, ws);
  return added;
}

/**
 * One flow-shifting sweep over the bush (Dial 2006, § 3.4). `linkFlow`, `cost` and `deriv` are updated on every
 * link whose flow changes. Nodes whose longest used path exceeds the shortest by at most `minExcess` are skipped.
 * Returns (and stores in `bush.excess`) the largest excess U_j − L_j seen at a used node before shifting.
 */
export function equilibrateBush(
  net: TrafficNetwork,
  bush: Bush,
  linkFlow: Float64Array,
  cost: Float64Array,
  deriv: Float64Array,
  ws: BushWorkspace,
  minExcess: number,
): number {
  const linkFrom = net.linkFrom;
  const { order, flow, linkStart, links } = bush;
  const L = ws.minLabel;
  const U = ws.maxLabel;
  const minPred = ws.minPred;
  const maxPred = ws.maxPred;
  const topo = ws.topo;
  const origin = bush.origin;
  L[origin] = 0;
  U[origin] = 0;
  minPred[origin] = -1;
  maxPred[origin] = -1;
  topo[origin] = 0;
  let maxExcess = 0;
  for (let k = 1; k < order.length; k++) {
    const j = order[k];
    topo[j] = k;
    const q0 = linkStart[k];
    const q1 = linkStart[k + 1];
    if (q1 - q0 === 1) {
      // A single in-link: both paths use it.
      const a = links[q0];
      const i = linkFrom[a];
      L[j] = L[i] + cost[a];
      U[j] = flow[q0] > 0 ? U[i] + cost[a] : L[j];
      minPred[j] = q0;
      maxPred[j] = q0;
      continue;
    }
    let lo = Infinity;
    let hi = -Infinity;
    let lp = -1;
    let hp = -1;
    for (let q = q0; q < q1; q++) {
      const a = links[q];
      const i = linkFrom[a];
      const c = cost[a];
      const l = L[i] + c;
      if (l < lo) {
        lo = l;
        lp = q;
      }
      if (flow[q] > 0) {
        const u = U[i] + c;
        if (u > hi) {
          hi = u;
          hp = q;
        }
      }
    }
    L[j] = lo;
    minPred[j] = lp;
    if (hp < 0) {
      U[j] = lo;
      maxPred[j] = lp;
    } else {
      U[j] = hi;
      maxPred[j] = hp;
      if (hi - lo > maxExcess) maxExcess = hi - lo;
    }
  }
  for (let k = order.length - 1; k > 0; k--) {
    const j = order[k];
    const mq = minPred[j];
    const hq = maxPred[j];
    if (mq === hq || U[j] - L[j] <= minExcess) continue;
    // Trace both paths back to their last common node (the one with the highest topological position).
    const ml = links[mq];
    const hl = links[hq];
    let a = linkFrom[ml];
    let b = linkFrom[hl];
    let cMin = cost[ml];
    let dMin = deriv[ml];
    let cMax = cost[hl];
    let dMax = deriv[hl];
    let cap = flow[hq];
    let lowFlow = linkFlow[ml] < linkFlow[hl] ? linkFlow[ml] : linkFlow[hl];
    while (a !== b) {
      if (topo[a] > topo[b]) {
        const l = links[minPred[a]];
        cMin += cost[l];
        dMin += deriv[l];
        if (linkFlow[l] < lowFlow) lowFlow = linkFlow[l];
        a = linkFrom[l];
      } else {
        const q = maxPred[b];
        const l = links[q];
        cMax += cost[l];
        dMax += deriv[l];
        if (flow[q] < cap) cap = flow[q];
        if (linkFlow[l] < lowFlow) lowFlow = linkFlow[l];
        b = linkFrom[l];
      }
    }
    const diff = cMax - cMin;
    if (!(diff > 0) || !(cap > 0)) continue;
    const meet = a;
    const d = dMin + dMax;
    let step = d > 0 ? diff / d : cap;
    if (!(step < cap)) step = cap;
    // On convex costs Newton's step can over-shoot badly where a segment carries little flow or the BPR power is
    // high (up to 17 in TNTP files): shifting it would reverse the cost difference by more than it removes and
    // the sweeps would oscillate. Such a step is halved until the reversed difference is at most half the initial.
    if (d > 0 && step > OVERSHOOT_SHARE * lowFlow) {
      for (let h = 0; h < 30 && segmentDifference(net, links, linkFrom, minPred, maxPred, linkFlow, j, meet, step) < -0.5 * diff; h++) step *= 0.5;
    }
    for (let x = j; x !== meet; ) {
      const q = minPred[x];
      const l = links[q];
      flow[q] += step;
      const v = linkFlow[l] + step;
      linkFlow[l] = v;
      cost[l] = linkCost(net, l, v);
      deriv[l] = linkCostDerivative(net, l, v);
      x = linkFrom[l];
    }
    for (let x = j; x !== meet; ) {
      const q = maxPred[x];
      const l = links[q];
      // A remainder below the rounding error of the operands is cancellation noise, not flow: left in place it
      // would keep a "used" ghost path that blocks the bush update, so it is set to 0 (an error of ~1e-16·flow).
      const before = flow[q];
      const rest = before - step;
      flow[q] = rest > 1e-12 * before ? rest : 0;
      let v = linkFlow[l] - step;
      if (v < 0) v = 0;
      linkFlow[l] = v;
      cost[l] = linkCost(net, l, v);
      deriv[l] = linkCostDerivative(net, l, v);
      x = linkFrom[l];
    }
  }
  bush.excess = maxExcess;
  return maxExcess;
}

/** Steps below this share of the smallest link flow on the two segments are not checked for over-shooting. */
const OVERSHOOT_SHARE = 0.05;

/** (cost of the longer segment) − (cost of the shorter one) after moving `step` from the former to the latter. */
function segmentDifference(
  net: TrafficNetwork, links: Int32Array, linkFrom: Int32Array, minPred: Int32Array, maxPred: Int32Array, linkFlow: Float64Array,
  j: number, meet: number, step: number,
): number {
  let g = 0;
  for (let x = j; x !== meet; ) {
    const l = links[minPred[x]];
    g -= linkCost(net, l, linkFlow[l] + step);
    x = linkFrom[l];
  }
  for (let x = j; x !== meet; ) {
    const l = links[maxPred[x]];
    const v = linkFlow[l] - step;
    g += linkCost(net, l, v > 0 ? v : 0);
    x = linkFrom[l];
  }
  return g;
}

/**
 * Changes the bush's demand in place (warm start): `change[s]` (length nodeCount) is added to the trips towards
 * node s; entries of bush nodes are zeroed. Increases follow the bush's current shortest paths; decreases are removed
 * in proportion to the flows entering each node, in reverse topological order, so conservation holds node by node.
 * `linkFlow` receives the same changes.
 */
export function changeBushDemand(net: TrafficNetwork, bush: Bush, change: Float64Array, cost: Float64Array, linkFlow: Float64Array, ws: BushWorkspace): void {
  const linkFrom = net.linkFrom;
  const { order, flow, linkStart, links } = bush;
  minLabels(net, bush, cost, ws);
  const pred = ws.minPred;
  const remove = ws.nodeLoad;
  for (let k = order.length - 1; k > 0; k--) {
    const s = order[k];
    const x = change[s];
    if (x > 0) {
      for (let v = s; v !== bush.origin; ) {
        const q = pred[v];
        const a = links[q];
        flow[q] += x;
        linkFlow[a] += x;
        v = linkFrom[a];
      }
    } else if (x < 0) remove[s] -= x;
    change[s] = 0;
  }
  change[bush.origin] = 0;
  for (let k = order.length - 1; k > 0; k--) {
    const j = order[k];
    const r = remove[j];
    if (r === 0) continue;
    remove[j] = 0;
    let inflow = 0;
    for (let q = linkStart[k], e = linkStart[k + 1]; q < e; q++) inflow += flow[q];
    if (!(inflow > 0)) continue;
    const share = r >= inflow ? 1 : r / inflow;
    for (let q = linkStart[k], e = linkStart[k + 1]; q < e; q++) {
      if (flow[q] === 0) continue;
      const a = links[q];
      const x = share === 1 ? flow[q] : flow[q] * share;
      flow[q] -= x;
      linkFlow[a] = linkFlow[a] - x > 0 ? linkFlow[a] - x : 0;
      remove[linkFrom[a]] += x;
    }
  }
  remove[bush.origin] = 0;
}
