/**
 * Where zones meet the road network: the road nodes a car can both leave and reach from everywhere (the largest
 * strongly connected component of the car network), and nearest-node queries over them.
 *
 * Connecting zones only to nodes of the largest strongly connected component guarantees that every zone can reach
 * every other one: a zone tied to a dead-end fragment (a private road, an isolated piece of an import) would make its
 * trips unassignable. Nodes left out are counted so that the report can say so.
 */
import * as dmath from '../math/dmath.ts';
import type { RoadNetwork } from '../territory.ts';

/** True for road links usable by cars (capacity and speed > 0), as in ./road-network.ts. */
export function carLink(roads: RoadNetwork, l: number): boolean {
  return roads.capacityVehH[l] > 0 && roads.freeSpeedKmh[l] > 0;
}

/**
 * Strongly connected components of the car network (Kosaraju 1978 / Sharir 1981: depth-first finishing order on
 * the graph, then searches on the reversed graph in reverse finishing order), iterative (no recursion depth limit).
 * Returns the component of every node (−1 for nodes without any car link) and the largest component's id.
 */
export function carComponents(roads: RoadNetwork): { component: Int32Array; largest: number; largestSize: number; count: number } {
  const N = roads.nodeCount;
  const outStart = new Int32Array(N + 1);
  const inStart = new Int32Array(N + 1);
  for (let l = 0; l < roads.linkCount; l++)
    if (carLink(roads, l)) {
      outStart[roads.linkFrom[l] + 1]++;
      inStart[roads.linkTo[l] + 1]++;
    }
  for (let n = 0; n < N; n++) {
    outStart[n + 1] += outStart[n];
    inStart[n + 1] += inStart[n];
  }
  const outAdj = new Int32Array(outStart[N]);
  const inAdj = new Int32Array(inStart[N]);
  const fo = outStart.slice(0, N);
  const fi = inStart.slice(0, N);
  for (let l = 0; l < roads.linkCount; l++)
    if (carLink(roads, l)) {
      outAdj[fo[roads.linkFrom[l]]++] = roads.linkTo[l];
      inAdj[fi[roads.linkTo[l]]++] = roads.linkFrom[l];
    }
  const hasCar = (n: number): boolean => outStart[n + 1] > outStart[n] || inStart[n + 1] > inStart[n];
  // Pass 1: finishing order on the forward graph.
  const visited = new Uint8Array(N);
  const order = new Int32Array(N);
  let orderLen = 0;
  const stack = new Int32Array(N);
  const edge = new Int32Array(N);
  for (let s = 0; s < N; s++) {
    if (visited[s] || !hasCar(s)) continue;
    let top = 0;
    stack[0] = s;
    edge[0] = outStart[s];
    visited[s] = 1;
    while (top >= 0) {
      const n = stack[top];
      if (edge[top] < outStart[n + 1]) {
        const m = outAdj[edge[top]++];
        if (!visited[m]) {
          visited[m] = 1;
          top++;
          stack[top] = m;
          edge[top] = outStart[m];
        }
      } else {
        order[orderLen++] = n;
        top--;
      }
    }
  }
  // Pass 2: components on the reversed graph, in reverse finishing order.
  const component = new Int32Array(N).fill(-1);
  const sizes: number[] = [];
  for (let k = orderLen - 1; k >= 0; k--) {
    const s = order[k];
    if (component[s] >= 0) continue;
    const c = sizes.length;
    let size = 0;
    let top = 0;
    stack[0] = s;
    component[s] = c;
    while (top >= 0) {
      const n = stack[top--];
      size++;
      for (let e = inStart[n]; e < inStart[n + 1]; e++) {
        const m = inAdj[e];
        if (component[m] < 0) {
          component[m] = c;
          stack[++top] = m;
        }
      }
    }
    sizes.push(size);
  }
  let largest = -1;
  for (let c = 0; c < sizes.length; c++) if (largest < 0 || sizes[c] > sizes[largest]) largest = c;
  return { component, largest, largestSize: largest >= 0 ? sizes[largest] : 0, count: sizes.length };
}

/** Nearest-node queries over a subset of road nodes: uniform bucket grid, rings searched outwards until exact. */
export class NearestNode {
  private readonly cell: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;
  readonly size: number;

  constructor(
    private readonly xy: Float64Array,
    accept: (n: number) => boolean,
    cellM = 250,
  ) {
    const nodes: number[] = [];
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let n = 0; n < xy.length / 2; n++) {
      if (!accept(n)) continue;
      nodes.push(n);
      minX = Math.min(minX, xy[2 * n]);
      maxX = Math.max(maxX, xy[2 * n]);
      minY = Math.min(minY, xy[2 * n + 1]);
      maxY = Math.max(maxY, xy[2 * n + 1]);
    }
    this.size = nodes.length;
    this.cell = cellM;
    this.minX = nodes.length ? minX : 0;
    this.minY = nodes.length ? minY : 0;
    this.cols = nodes.length ? Math.floor((maxX - minX) / cellM) + 1 : 1;
    this.rows = nodes.length ? Math.floor((maxY - minY) / cellM) + 1 : 1;
    const key = (n: number): number => Math.floor((xy[2 * n + 1] - this.minY) / cellM) * this.cols + Math.floor((xy[2 * n] - this.minX) / cellM);
    this.start = new Int32Array(this.cols * this.rows + 1);
    for (const n of nodes) this.start[key(n) + 1]++;
    for (let k = 0; k < this.cols * this.rows; k++) this.start[k + 1] += this.start[k];
    const fill = this.start.slice(0, this.cols * this.rows);
    this.items = new Int32Array(nodes.length);
    for (const n of nodes) this.items[fill[key(n)]++] = n; // ascending node ids within a bucket
  }

  /** Nearest accepted node to (x, y) and its distance (m); ties go to the lowest node id. −1 when there is none. */
  query(x: number, y: number): { node: number; distanceM: number } {
    if (this.size === 0) return { node: -1, distanceM: Infinity };
    const cx = Math.floor((x - this.minX) / this.cell);
    const cy = Math.floor((y - this.minY) / this.cell);
    let best = -1;
    let bd = Infinity;
    const maxRing = Math.max(this.cols, this.rows) + Math.max(Math.abs(cx), Math.abs(cy)) + 1;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let j = cy - ring; j <= cy + ring; j++) {
        if (j < 0 || j >= this.rows) continue;
        const edgeRow = j === cy - ring || j === cy + ring;
        for (let i = cx - ring; i <= cx + ring; i += edgeRow ? 1 : 2 * ring) {
          if (i >= 0 && i < this.cols) {
            const b = j * this.cols + i;
            for (let k = this.start[b]; k < this.start[b + 1]; k++) {
              const n = this.items[k];
              const d = dmath.sq(this.xy[2 * n] - x) + dmath.sq(this.xy[2 * n + 1] - y);
              if (d < bd || (d === bd && n < best)) {
                bd = d;
                best = n;
              }
            }
          }
          if (ring === 0) break;
        }
      }
      // Every node outside the searched square of buckets is farther than `ring` whole cells from (x, y).
      if (best >= 0 && bd <= dmath.sq(ring * this.cell)) break;
    }
    return { node: best, distanceM: Math.sqrt(bd) };
  }
}

export interface ZoneConnectors {
  zone: Int32Array;
  /** Road node (index in `territory.roads`). */
  node: Int32Array;
  /** Straight-line distance from the sub-square's activity centroid to the node (m) and the time at the access speed (s). */
  distanceM: Float64Array;
  timeS: Float64Array;
  /** Road nodes with car links outside the largest strongly connected component (never connected). */
  nodesOutsideMainComponent: number;
}

/**
 * Connectors: each activity point (sub-square) of a zone is tied to the nearest road node of the largest strongly
 * connected car component; a (zone, node) pair appears once, with the shortest of its distances. Connector time =
 * distance / access speed. Sorted by zone then node (deterministic).
 */
export function zoneConnectors(roads: RoadNetwork, pointZone: ArrayLike<number>, pointX: ArrayLike<number>, pointY: ArrayLike<number>, accessSpeedKmh: number): ZoneConnectors {
  if (!(accessSpeedKmh > 0)) throw new Error(`traffic connectors: access speed must be > 0 km/h, got ${accessSpeedKmh}`);
  const cc = carComponents(roads);
  if (cc.largest < 0) throw new Error('traffic connectors: the road network has no link usable by cars (capacity and speed > 0)');
  let outside = 0;
  for (let n = 0; n < roads.nodeCount; n++) if (cc.component[n] >= 0 && cc.component[n] !== cc.largest) outside++;
  const nn = new NearestNode(roads.nodeXY, (n) => cc.component[n] === cc.largest);
  const best = new Map<number, number>(); // zone * nodeCount + node → distance
  for (let k = 0; k < pointZone.length; k++) {
    const q = nn.query(pointX[k], pointY[k]);
    const key = pointZone[k] * roads.nodeCount + q.node;
    const d = best.get(key);
    if (d === undefined || q.distanceM < d) best.set(key, q.distanceM);
  }
  const keys = [...best.keys()].sort((a, b) => a - b);
  const v = 1000 / 3600 * accessSpeedKmh;
  return {
    zone: Int32Array.from(keys, (k) => Math.floor(k / roads.nodeCount)),
    node: Int32Array.from(keys, (k) => k % roads.nodeCount),
    distanceM: Float64Array.from(keys, (k) => best.get(k)!),
    timeS: Float64Array.from(keys, (k) => best.get(k)! / v),
    nodesOutsideMainComponent: outside,
  };
}
