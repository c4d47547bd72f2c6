/**
 * Catchments of equipment: which demand points (buildings) lie within a distance of each equipment, measured
 * along the road network, with the straight line as fallback.
 *
 * - The network is walked both ways (pedestrians are not bound by one-way rules): every link gives an undirected
 *   edge of its `lengthM`.
 * - A point is tied to its nearest road node (straight-line access distance) when that node is within `snapMaxM`.
 * - Distance point ↔ equipment = access(point) + shortest path between their nodes + access(equipment), found by
 *   one Dijkstra (1959) search per equipment, bounded by the radius (binary heap, lazy deletion).
 * - Straight line instead when either end is not tied to the network, or when they are tied to different
 *   connected components (no path exists in the data); a point of the same component beyond the radius along
 *   the network is outside even if it is near as the crow flies.
 */
import type { RoadNetwork } from '../territory.ts';
import * as dmath from '../math/dmath.ts';

/** Uniform grid over points, for radius and nearest-point queries. */
export class PointGrid {
  private readonly minX: number;
  private readonly minY: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;

  constructor(
    private readonly xs: ArrayLike<number>,
    private readonly ys: ArrayLike<number>,
    private readonly cell: number,
  ) {
    const n = xs.length;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, xs[i]);
      minY = Math.min(minY, ys[i]);
      maxX = Math.max(maxX, xs[i]);
      maxY = Math.max(maxY, ys[i]);
    }
    if (!(minX <= maxX)) minX = minY = maxX = maxY = 0;
    this.minX = minX;
    this.minY = minY;
    this.nx = Math.floor((maxX - minX) / cell) + 1;
    this.ny = Math.floor((maxY - minY) / cell) + 1;
    const counts = new Uint32Array(this.nx * this.ny + 1);
    const cellOf = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      cellOf[i] = Math.floor((ys[i] - minY) / cell) * this.nx + Math.floor((xs[i] - minX) / cell);
      counts[cellOf[i] + 1]++;
    }
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1] += counts[c];
    this.start = counts.slice();
    const fill = counts;
    this.items = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.items[fill[cellOf[i]]++] = i;
  }

  /** Calls fn(i, distance) for every point within r of (x, y), in grid order. */
  forEachWithin(x: number, y: number, r: number, fn: (i: number, d: number) => void): void {
    const c0 = Math.max(0, Math.floor((x - r - this.minX) / this.cell));
    const c1 = Math.min(this.nx - 1, Math.floor((x + r - this.minX) / this.cell));
    const r0 = Math.max(0, Math.floor((y - r - this.minY) / this.cell));
    const r1 = Math.min(this.ny - 1, Math.floor((y + r - this.minY) / this.cell));
    for (let row = r0; row <= r1; row++)
      for (let col = c0; col <= c1; col++) {
        const c = row * this.nx + col;
        for (let k = this.start[c]; k < this.start[c + 1]; k++) {
          const i = this.items[k];
          const d = dmath.hypot(this.xs[i] - x, this.ys[i] - y);
          if (d <= r) fn(i, d);
        }
      }
  }

  /**
   * Nearest point within r of (x, y) (lowest index on ties): [index, distance], or [-1, Infinity]. Scans square
   * rings of cells outwards and stops once the ring is farther than the best point found.
   */
  nearest(x: number, y: number, r: number): [number, number] {
    let best = -1;
    let bd = Infinity;
    const cx = Math.floor((x - this.minX) / this.cell);
    const cy = Math.floor((y - this.minY) / this.cell);
    const maxRing = Math.ceil(r / this.cell) + 1;
    for (let ring = 0; ring <= maxRing; ring++) {
      // Every point outside the rings scanned so far is at least (ring − 1) cells away.
      if (ring > 1 && (ring - 1) * this.cell > Math.min(bd, r)) break;
      for (let row = cy - ring; row <= cy + ring; row++) {
        if (row < 0 || row >= this.ny) continue;
        const edge = row === cy - ring || row === cy + ring;
        for (let col = cx - ring; col <= cx + ring; col += edge ? 1 : 2 * ring) {
          if (col >= 0 && col < this.nx) {
            const c = row * this.nx + col;
            for (let k = this.start[c]; k < this.start[c + 1]; k++) {
              const i = this.items[k];
              const d = dmath.hypot(this.xs[i] - x, this.ys[i] - y);
              if (d <= r && (d < bd || (d === bd && i < best))) {
                bd = d;
                best = i;
              }
            }
          }
          if (ring === 0) break;
        }
      }
    }
    return [best, bd];
  }
}

/** Equipment → points within the radius: CSR by equipment. */
export interface CatchmentPairs {
  /** Pairs of equipment j: [pairStart[j], pairStart[j + 1]). */
  pairStart: Uint32Array;
  pairPoint: Uint32Array;
  pairDistM: Float64Array;
  /** 1 when the distance was measured along the network, 0 for the straight-line fallback. */
  pairNetwork: Uint8Array;
}

export class CatchmentIndex {
  readonly nodeCount: number;
  private readonly adjStart: Uint32Array;
  private readonly adjNode: Uint32Array;
  private readonly adjLen: Float64Array;
  /** Connected component of each node. */
  readonly component: Int32Array;
  private readonly nodeGrid: PointGrid | null;
  /** Node each demand point is tied to (−1: straight line only) and its access distance. */
  readonly pointNode: Int32Array;
  readonly pointAccessM: Float64Array;
  private readonly nodePointStart: Uint32Array;
  private readonly nodePoints: Uint32Array;
  private readonly pointGrid: PointGrid;
  private readonly largestComponent: number;
  private readonly offPoints: Uint32Array;
  private readonly offGrid: PointGrid;
  private readonly dist: Float64Array;

  constructor(
    roads: RoadNetwork,
    private readonly px: ArrayLike<number>,
    private readonly py: ArrayLike<number>,
    private readonly snapMaxM: number,
  ) {
    const N = roads.nodeCount;
    this.nodeCount = N;
    const deg = new Uint32Array(N + 1);
    for (let l = 0; l < roads.linkCount; l++) {
      deg[roads.linkFrom[l] + 1]++;
      deg[roads.linkTo[l] + 1]++;
    }
    for (let v = 0; v < N; v++) deg[v + 1] += deg[v];
    this.adjStart = deg.slice();
    this.adjNode = new Uint32Array(deg[N]);
    this.adjLen = new Float64Array(deg[N]);
    const fill = deg;
    const parent = Int32Array.from({ length: N }, (_, i) => i);
    const find = (v: number): number => {
      while (parent[v] !== v) v = parent[v] = parent[parent[v]];
      return v;
    };
    for (let l = 0; l < roads.linkCount; l++) {
      const a = roads.linkFrom[l];
      const b = roads.linkTo[l];
      const len = roads.lengthM[l];
      this.adjNode[fill[a]] = b;
      this.adjLen[fill[a]++] = len;
      this.adjNode[fill[b]] = a;
      this.adjLen[fill[b]++] = len;
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
    this.component = Int32Array.from({ length: N }, (_, v) => find(v));
    const nx = new Float64Array(N);
    const ny = new Float64Array(N);
    for (let v = 0; v < N; v++) {
      nx[v] = roads.nodeXY[2 * v];
      ny[v] = roads.nodeXY[2 * v + 1];
    }
    this.nodeGrid = N > 0 ? new PointGrid(nx, ny, 50) : null;
    const P = px.length;
    this.pointNode = new Int32Array(P).fill(-1);
    this.pointAccessM = new Float64Array(P).fill(NaN);
    const count = new Uint32Array(N + 1);
    for (let i = 0; i < P; i++) {
      const [v, d] = this.snap(px[i], py[i]);
      if (v < 0) continue;
      this.pointNode[i] = v;
      this.pointAccessM[i] = d;
      count[v + 1]++;
    }
    for (let v = 0; v < N; v++) count[v + 1] += count[v];
    this.nodePointStart = count.slice();
    this.nodePoints = new Uint32Array(count[N]);
    for (let i = 0; i < P; i++) if (this.pointNode[i] >= 0) this.nodePoints[count[this.pointNode[i]]++] = i;
    // Straight-line candidates: points off the network, and points of components other than the largest one
    // (an equipment of the largest component reaches no others by the network; one elsewhere scans all points).
    const compSize = new Map<number, number>();
    for (let i = 0; i < P; i++) if (this.pointNode[i] >= 0) compSize.set(this.component[this.pointNode[i]], (compSize.get(this.component[this.pointNode[i]]) ?? 0) + 1);
    let largest = -1;
    for (const [c, k] of compSize) if (largest < 0 || k > compSize.get(largest)! || (k === compSize.get(largest)! && c < largest)) largest = c;
    this.largestComponent = largest;
    const off: number[] = [];
    for (let i = 0; i < P; i++) if (this.pointNode[i] < 0 || this.component[this.pointNode[i]] !== largest) off.push(i);
    this.offPoints = Uint32Array.from(off);
    this.offGrid = new PointGrid(Float64Array.from(off, (i) => px[i]), Float64Array.from(off, (i) => py[i]), 250);
    this.pointGrid = new PointGrid(px, py, 250);
    this.dist = new Float64Array(N).fill(Infinity);
  }

  /** Nearest road node within snapMaxM: [node, distance] or [-1, Infinity]. */
  snap(x: number, y: number): [number, number] {
    return this.nodeGrid ? this.nodeGrid.nearest(x, y, this.snapMaxM) : [-1, Infinity];
  }

  /** Points within radiusM[j] of each equipment j at (ex[j], ey[j]); see the module comment. */
  pairs(ex: ArrayLike<number>, ey: ArrayLike<number>, radiusM: ArrayLike<number>): CatchmentPairs {
    const E = ex.length;
    const pairStart = new Uint32Array(E + 1);
    const pt: number[] = [];
    const pd: number[] = [];
    const pn: number[] = [];
    const dist = this.dist;
    const touched: number[] = [];
    const heapNode: number[] = [];
    const heapKey: number[] = [];
    for (let j = 0; j < E; j++) {
      const R = radiusM[j];
      const [v0, a0] = this.snap(ex[j], ey[j]);
      const comp = v0 >= 0 ? this.component[v0] : -1;
      if (v0 >= 0 && a0 <= R) {
        // Bounded Dijkstra from the equipment's node.
        const bound = R - a0;
        dist[v0] = 0;
        touched.push(v0);
        heapNode.length = heapKey.length = 0;
        push(heapNode, heapKey, v0, 0);
        while (heapNode.length) {
          const [u, du] = pop(heapNode, heapKey);
          if (du > dist[u]) continue;
          for (let k = this.nodePointStart[u]; k < this.nodePointStart[u + 1]; k++) {
            const i = this.nodePoints[k];
            const d = a0 + du + this.pointAccessM[i];
            if (d <= R) {
              pt.push(i);
              pd.push(d);
              pn.push(1);
            }
          }
          for (let k = this.adjStart[u]; k < this.adjStart[u + 1]; k++) {
            const w = this.adjNode[k];
            const nd = du + this.adjLen[k];
            if (nd <= bound && nd < dist[w]) {
              if (dist[w] === Infinity) touched.push(w);
              dist[w] = nd;
              push(heapNode, heapKey, w, nd);
            }
          }
        }
        for (const v of touched) dist[v] = Infinity;
        touched.length = 0;
      }
      // Straight-line fallback for points with no network path to this equipment.
      const fallback = (i: number, d: number): void => {
        const v = this.pointNode[i];
        if (v >= 0 && comp >= 0 && this.component[v] === comp) return;
        pt.push(i);
        pd.push(d);
        pn.push(0);
      };
      if (comp >= 0 && comp === this.largestComponent) this.offGrid.forEachWithin(ex[j], ey[j], R, (q, d) => fallback(this.offPoints[q], d));
      else this.pointGrid.forEachWithin(ex[j], ey[j], R, fallback);
      pairStart[j + 1] = pt.length;
    }
    return { pairStart, pairPoint: Uint32Array.from(pt), pairDistM: Float64Array.from(pd), pairNetwork: Uint8Array.from(pn) };
  }
}

function push(nodes: number[], keys: number[], v: number, k: number): void {
  let i = nodes.length;
  nodes.push(v);
  keys.push(k);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (keys[p] <= k) break;
    nodes[i] = nodes[p];
    keys[i] = keys[p];
    i = p;
  }
  nodes[i] = v;
  keys[i] = k;
}

function pop(nodes: number[], keys: number[]): [number, number] {
  const top: [number, number] = [nodes[0], keys[0]];
  const v = nodes.pop()!;
  const k = keys.pop()!;
  const n = nodes.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= k) break;
      nodes[i] = nodes[c];
      keys[i] = keys[c];
      i = c;
    }
    nodes[i] = v;
    keys[i] = k;
  }
  return top;
}
