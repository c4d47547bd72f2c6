/**
 * One-to-all shortest paths (Dijkstra 1959, binary heap with decrease-key) over a {@link TrafficNetwork} with
 * non-negative link costs, and all-or-nothing loading of one origin's demand on the resulting tree.
 *
 * Centroids below `firstThruNode` other than the origin are settled (they can be destinations) but never
 * expanded, so no path passes through them. Ties are broken by settle order and link id: same costs → same tree.
 */
import type { Demand, TrafficNetwork } from './network.ts';

export class ShortestPaths {
  /** Cost from the origin (Infinity when unreachable). */
  readonly dist: Float64Array;
  /** Last link of the shortest path to each node (−1 for the origin and unreachable nodes). */
  readonly pred: Int32Array;
  /** Settled nodes in settle order (a topological order of the tree): settled[0 … settledCount). */
  readonly settled: Int32Array;
  settledCount = 0;
  private readonly heap: Int32Array;
  /** Key of each heap slot (the node's tentative distance), kept beside the heap for locality. */
  private readonly key: Float64Array;
  /** Heap position of each node, −1 when not in the heap. */
  private readonly pos: Int32Array;
  private readonly net: TrafficNetwork;

  constructor(net: TrafficNetwork) {
    this.net = net;
    const n = net.nodeCount;
    this.dist = new Float64Array(n);
    this.pred = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.heap = new Int32Array(n);
    this.key = new Float64Array(n);
    this.pos = new Int32Array(n);
  }

  /** Computes the tree of `origin` under `cost`. */
  run(origin: number, cost: Float64Array): void {
    const { net, dist, pred, heap, key, pos, settled } = this;
    const { outStart, outLinks, linkTo } = net;
    const thru = net.firstThruNode;
    dist.fill(Infinity);
    pred.fill(-1);
    pos.fill(-1);
    let size = 1;
    let count = 0;
    dist[origin] = 0;
    heap[0] = origin;
    key[0] = 0;
    pos[origin] = 0;
    while (size > 0) {
      const u = heap[0];
      const du = key[0];
      pos[u] = -2; // settled
      size--;
      if (size > 0) this.siftDown(heap[size], key[size], size);
      settled[count++] = u;
      if (u < thru && u !== origin) continue;
      for (let k = outStart[u], e = outStart[u + 1]; k < e; k++) {
        const a = outLinks[k];
        const v = linkTo[a];
        const nd = du + cost[a];
        if (nd < dist[v]) {
          const pv = pos[v];
          if (pv === -2) continue;
          dist[v] = nd;
          pred[v] = a;
          this.siftUp(v, nd, pv === -1 ? size++ : pv);
        }
      }
    }
    this.settledCount = count;
  }

  /** Places node v with key dv at heap slot i or above. */
  private siftUp(v: number, dv: number, i: number): void {
    const { heap, key, pos } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const kp = key[p];
      if (kp <= dv) break;
      const w = heap[p];
      heap[i] = w;
      key[i] = kp;
      pos[w] = i;
      i = p;
    }
    heap[i] = v;
    key[i] = dv;
    pos[v] = i;
  }

  /** Places node v with key dv at the root or below, in a heap of `size` slots. */
  private siftDown(v: number, dv: number, size: number): void {
    const { heap, key, pos } = this;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      let kc = key[c];
      if (c + 1 < size && key[c + 1] < kc) kc = key[++c];
      if (kc >= dv) break;
      const w = heap[c];
      heap[i] = w;
      key[i] = kc;
      pos[w] = i;
      i = c;
    }
    heap[i] = v;
    key[i] = dv;
    pos[v] = i;
  }

  /**
   * Loads the demand of `originZone` on the current tree (all-or-nothing), adding to `flow`, using `nodeLoad` (length
   * nodeCount, all zeros on entry and on exit) as scratch. Returns Σ trips × path cost over reachable destinations.
   * Run {@link run} from the origin zone's node first.
   */
  loadOrigin(demand: Demand, originZone: number, flow: Float64Array, nodeLoad: Float64Array): number {
    const { dist, pred, settled } = this;
    const from = this.net.linkFrom;
    let sptt = 0;
    for (let k = demand.originStart[originZone], e = demand.originStart[originZone + 1]; k < e; k++) {
      const s = demand.destination[k];
      if (s === originZone || dist[s] === Infinity) continue;
      nodeLoad[s] += demand.trips[k];
      sptt += demand.trips[k] * dist[s];
    }
    for (let i = this.settledCount - 1; i > 0; i--) {
      const v = settled[i];
      const x = nodeLoad[v];
      if (x === 0) continue;
      nodeLoad[v] = 0;
      const a = pred[v];
      flow[a] += x;
      nodeLoad[from[a]] += x;
    }
    nodeLoad[settled[0]] = 0;
    return sptt;
  }
}

/**
 * Exact one-to-all shortest-path costs by label correcting (Bellman 1958, Moore 1959; FIFO queue) started from upper
 * bounds: `dist` holds, on entry, the cost of some real path to each node (Infinity where none is known) and, on
 * exit, the shortest-path costs. Every node of `scan` (the nodes with a finite bound, best in topological order) is
 * scanned once, then only the nodes whose label improved. Seeded with the labels of a bush close to equilibrium,
 * few labels change and this is several times faster than Dijkstra from scratch. `queue` and `queued` have one
 * slot per node; `queued` is all zeros on entry and on exit. Returns true when some label improved.
 */
export function correctLabels(
  net: TrafficNetwork,
  origin: number,
  cost: Float64Array,
  dist: Float64Array,
  scan: Int32Array,
  queue: Int32Array,
  queued: Uint8Array,
): boolean {
  const { outStart, outLinks, linkTo } = net;
  const thru = net.firstThruNode;
  const n = net.nodeCount;
  let head = 0;
  let size = 0;
  let improved = false;
  const relax = (u: number): void => {
    if (u < thru && u !== origin) return;
    const du = dist[u];
    for (let k = outStart[u], e = outStart[u + 1]; k < e; k++) {
      const a = outLinks[k];
      const v = linkTo[a];
      const nd = du + cost[a];
      if (nd < dist[v]) {
        dist[v] = nd;
        improved = true;
        if (queued[v] === 0) {
          queued[v] = 1;
          queue[(head + size++) % n] = v;
        }
      }
    }
  };
  for (let k = 0; k < scan.length; k++) relax(scan[k]);
  while (size > 0) {
    const u = queue[head];
    head = (head + 1) % n;
    size--;
    queued[u] = 0;
    relax(u);
  }
  return improved;
}
