/**
 * Noding of a road line set: turns digitised polylines (OSM ways, GeoJSON LineStrings, BD TOPO segments) into
 * segments that meet only at their end points, so that the road graph built from segment end points
 * (data/builder.ts) is routable.
 *
 * Two operations, both on flat arrays in local metres:
 * 1. Split at shared vertices. Two lines sharing a vertex are connected there: in OSM data ways cross at shared
 *    nodes, which a GeoJSON export writes as identical coordinates (or, from OSM XML, identical node ids).
 *    Lines are split at every interior vertex that occurs more than once in the set. Lines that cross without
 *    a shared vertex are NOT connected (bridges, tunnels): no geometric intersection is computed, following
 *    the OSM convention that a junction is a shared node (wiki "Node#Nodes on ways", "Junctions").
 * 2. Snap dangling ends. A line end that touches nothing is moved onto the nearest point of another line when
 *    it lies within the snap tolerance; a point strictly inside a segment is inserted into that line as a new
 *    vertex, which splits it. This is the "snap" clean-up of GIS network tools (GRASS v.clean tool=snap,
 *    QGIS "Snap geometries to layer") restricted to dangling ends, so that genuine dead ends far from other
 *    roads stay dead ends.
 *
 * Default tolerance: 2 m. A gap narrower than about half a lane (French design guides: 3.0 m urban to 3.5 m
 * interurban lanes, SETRA/CEREMA "ARP" and "ICTAVRU") cannot separate two carriageways, so an end that close to
 * another road is a digitising gap, not a dead end; OSM positions themselves are usually accurate to 1–2 m
 * (aerial imagery offsets). Wider gaps (e.g. where an export left out whole ways) are not closed: a larger
 * tolerance would also connect genuine dead ends that stop a few metres short of a parallel road.
 *
 * Vertices are identified by their coordinates rounded to the centimetre (the precision at which the road graph
 * merges end points) unless the caller gives integer vertex keys (OSM node ids). Neighbour search uses a
 * uniform grid over segment bounding boxes: O(segments + dangling ends × local candidates), never O(n²).
 */
import { F64Buffer, U32Buffer } from '../geometry.ts';

export interface LineSet {
  /** Vertex index range of line i: [lineStart[i], lineStart[i+1]). Length lines + 1. */
  lineStart: ArrayLike<number>;
  /** Interleaved x, y (local metres). */
  xy: ArrayLike<number>;
  /** Optional integer key per vertex (e.g. OSM node id): vertices are shared when their keys are equal. */
  vertexKey?: ArrayLike<number>;
}

export interface NodingOptions {
  /** Dangling ends within this distance (m) of another line are joined to it; 0 disables snapping. Default 2. */
  snapToleranceM?: number;
  /**
   * A snap point closer than this (m) to an existing vertex of the target segment is moved onto that vertex,
   * so snapping never creates pieces shorter than this. Default 0.5.
   */
  minPieceM?: number;
  /** Grid cell size (m) of the neighbour search; default max(50, 2 × tolerance). */
  gridCellM?: number;
}

export interface NodingStats {
  lines: number;
  /** Lines with fewer than 2 distinct vertices or non-finite coordinates (no output segment). */
  invalidLines: number;
  segments: number;
  /** Cut points: interior vertices shared with other lines plus points inserted by snapping. */
  splits: number;
  /** Of `splits`, the points inserted into a segment interior by snapping. */
  snapInsertions: number;
  /** Line ends considered (2 per valid line). */
  ends: number;
  /** Ends that touched another line (or their own line) before snapping. */
  endsConnected: number;
  /** Dangling ends moved onto another line. */
  endsJoined: number;
  /** Ends that still touch nothing after snapping. */
  endsDangling: number;
}

export interface NodedLines {
  /** Vertex index range of output segment s: [segStart[s], segStart[s+1]) in `segXY`. */
  segStart: Uint32Array;
  segXY: Float64Array;
  /** Input line of each segment. */
  segLine: Uint32Array;
  /** Output segments of input line i: [lineSegStart[i], lineSegStart[i+1]) (segments keep the input order). */
  lineSegStart: Uint32Array;
  /** Graph node at the start and end of each segment (indices into `nodeXY`). */
  segFrom: Uint32Array;
  segTo: Uint32Array;
  nodeCount: number;
  nodeXY: Float64Array;
  stats: NodingStats;
}

const KEY_OFFSET = 2 ** 25; // centimetre keys fit in 2^53 for |x|, |y| < 335 km
const MAX_GRID_CELLS = 4_000_000;

/** Splits `lines` at shared vertices and snaps their dangling ends; see the module comment. */
export function nodeLines(lines: LineSet, opts: NodingOptions = {}): NodedLines {
  const tol = opts.snapToleranceM ?? 2;
  const minPiece = opts.minPieceM ?? 0.5;
  if (!(tol >= 0) || !(minPiece >= 0)) throw new RangeError('snap tolerance and minimum piece length must be ≥ 0');
  const { lineStart, xy, vertexKey } = lines;
  const nLines = Math.max(0, lineStart.length - 1);

  // 1. One node per distinct vertex (coordinates to the centimetre, or the caller's keys).
  const nodeOfKey = new Map<number, number>();
  const nodeXY = new F64Buffer();
  const nVert = nLines ? lineStart[nLines] : 0;
  const nodeOfVertex = new Int32Array(nVert).fill(-1);
  for (let v = 0; v < nVert; v++) {
    const x = xy[2 * v];
    const y = xy[2 * v + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    let key: number;
    if (vertexKey) key = vertexKey[v];
    else {
      const qx = Math.round(x * 100);
      const qy = Math.round(y * 100);
      if (Math.abs(qx) >= KEY_OFFSET || Math.abs(qy) >= KEY_OFFSET) throw new RangeError(`vertex (${x}, ${y}) is more than 335 km from the local origin`);
      key = (qx + KEY_OFFSET) * 2 ** 26 + (qy + KEY_OFFSET);
    }
    let node = nodeOfKey.get(key);
    if (node === undefined) {
      node = nodeOfKey.size;
      nodeOfKey.set(key, node);
      nodeXY.push2(x, y);
    }
    nodeOfVertex[v] = node;
  }

  // 2. Kept vertices per line (consecutive repeats removed) and occurrence count of each node.
  const kv = new U32Buffer(); // vertex index of each kept vertex
  const kvStart = new Uint32Array(nLines + 1);
  const valid = new Uint8Array(nLines);
  let invalidLines = 0;
  for (let l = 0; l < nLines; l++) {
    const start = kv.length;
    let ok = true;
    let last = -1;
    for (let v = lineStart[l]; v < lineStart[l + 1]; v++) {
      const node = nodeOfVertex[v];
      if (node < 0) {
        ok = false;
        break;
      }
      if (node === last) continue;
      kv.push(v);
      last = node;
    }
    if (!ok || kv.length - start < 2) {
      kv.length = start;
      invalidLines++;
    } else valid[l] = 1;
    kvStart[l + 1] = kv.length;
  }
  const kvA = kv.data; // read-only from here on (length kv.length)
  let count = new Int32Array(Math.max(16, nodeOfKey.size * 2));
  for (let k = 0; k < kv.length; k++) count[nodeOfVertex[kvA[k]]]++;

  // End overrides after snapping (-1 = vertex's own node).
  const startNode = new Int32Array(nLines).fill(-1);
  const endNode = new Int32Array(nLines).fill(-1);
  const lineOfKv = new Uint32Array(kv.length);
  for (let l = 0; l < nLines; l++) lineOfKv.fill(l, kvStart[l], kvStart[l + 1]);
  const nodeAt = (k: number): number => {
    const l = lineOfKv[k];
    if (k === kvStart[l] && startNode[l] >= 0) return startNode[l];
    if (k === kvStart[l + 1] - 1 && endNode[l] >= 0) return endNode[l];
    return nodeOfVertex[kvA[k]];
  };

  let ends = 0;
  let endsConnected = 0;
  for (let l = 0; l < nLines; l++) {
    if (!valid[l]) continue;
    ends += 2;
    if (count[nodeOfVertex[kvA[kvStart[l]]]] >= 2) endsConnected++;
    if (count[nodeOfVertex[kvA[kvStart[l + 1] - 1]]] >= 2) endsConnected++;
  }

  // 3. Snap dangling ends. Insertions: segment (kv index of its first vertex) → flat [t, node, t, node…].
  const insertions = new Map<number, number[]>();
  let endsJoined = 0;
  let snapInsertions = 0;
  if (tol > 0 && endsConnected < ends) {
    const grid = buildSegmentGrid(xy, kvA, kv.length, kvStart, valid, Math.max(opts.gridCellM ?? 50, 2 * tol));
    const newNode = (x: number, y: number): number => {
      const id = nodeXY.length / 2;
      nodeXY.push2(x, y);
      if (id >= count.length) {
        const c = new Int32Array(count.length * 2);
        c.set(count);
        count = c;
      }
      return id;
    };
    for (let l = 0; l < nLines; l++) {
      if (!valid[l]) continue;
      for (let side = 0; side < 2; side++) {
        const k = side === 0 ? kvStart[l] : kvStart[l + 1] - 1;
        const own = nodeAt(k);
        if (count[own] !== 1) continue;
        const px = xy[2 * kvA[k]];
        const py = xy[2 * kvA[k] + 1];
        // Nearest point on a segment of another line.
        const tol2 = tol * tol;
        let best = -1;
        let bestD2 = Infinity;
        let bestT = 0;
        const cx0 = grid.cellX(px - tol);
        const cx1 = grid.cellX(px + tol);
        const cy0 = grid.cellY(py - tol);
        const cy1 = grid.cellY(py + tol);
        for (let cy = cy0; cy <= cy1; cy++) {
          for (let cx = cx0; cx <= cx1; cx++) {
            const c = cy * grid.nx + cx;
            for (let q = grid.start[c]; q < grid.start[c + 1]; q++) {
              const s = grid.items[q];
              if (lineOfKv[s] === l) continue;
              const a = kvA[s];
              const b = kvA[s + 1];
              const ax = xy[2 * a];
              const ay = xy[2 * a + 1];
              const dx = xy[2 * b] - ax;
              const dy = xy[2 * b + 1] - ay;
              const len2 = dx * dx + dy * dy;
              let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
              t = t < 0 ? 0 : t > 1 ? 1 : t;
              const ex = ax + t * dx - px;
              const ey = ay + t * dy - py;
              const d2 = ex * ex + ey * ey;
              if (d2 <= tol2 && (d2 < bestD2 || (d2 === bestD2 && s < best))) {
                best = s;
                bestD2 = d2;
                bestT = t;
              }
            }
          }
        }
        if (best < 0) continue;
        // Target node: an existing vertex (or inserted point) when within minPiece, else a new inserted vertex.
        const a = kvA[best];
        const b = kvA[best + 1];
        const segLen = Math.hypot(xy[2 * b] - xy[2 * a], xy[2 * b + 1] - xy[2 * a + 1]);
        let target: number;
        if (bestT * segLen <= minPiece) target = nodeAt(best);
        else if ((1 - bestT) * segLen <= minPiece) target = nodeAt(best + 1);
        else {
          target = -1;
          const ins = insertions.get(best);
          if (ins) {
            for (let i = 0; i < ins.length; i += 2) if (Math.abs(ins[i] - bestT) * segLen <= minPiece) target = ins[i + 1];
          }
          if (target < 0) {
            target = newNode(xy[2 * a] + bestT * (xy[2 * b] - xy[2 * a]), xy[2 * a + 1] + bestT * (xy[2 * b + 1] - xy[2 * a + 1]));
            count[target] = 1; // its occurrence in the target line
            if (ins) ins.push(bestT, target);
            else insertions.set(best, [bestT, target]);
            snapInsertions++;
          }
        }
        count[own]--;
        count[target]++;
        if (side === 0) startNode[l] = target;
        else endNode[l] = target;
        endsJoined++;
      }
    }
  }

  // 4. Emit segments, cutting at interior nodes used more than once.
  const nodeArr = nodeXY.toArray();
  const segStart = new U32Buffer();
  const segXY = new F64Buffer();
  const segLine = new U32Buffer();
  const segFrom = new U32Buffer();
  const segTo = new U32Buffer();
  const lineSegStart = new Uint32Array(nLines + 1);
  segStart.push(0);
  let splits = 0;
  let pieceFirst = -1; // node at the start of the open piece
  let pieceVerts = 0;
  let last = -1;
  const close = (l: number): void => {
    if (pieceVerts >= 2) {
      segStart.push(segXY.length / 2);
      segLine.push(l);
      segFrom.push(pieceFirst);
      segTo.push(last);
    } else segXY.length = 2 * segStart.data[segStart.length - 1]; // discard a degenerate piece
  };
  const add = (node: number, l: number, isEnd: boolean): void => {
    if (node === last) return;
    if (pieceVerts === 0) pieceFirst = node;
    segXY.push2(nodeArr[2 * node], nodeArr[2 * node + 1]);
    pieceVerts++;
    last = node;
    if (!isEnd && count[node] >= 2 && pieceVerts >= 2) {
      splits++;
      close(l);
      pieceVerts = 0;
      last = -1;
      add(node, l, isEnd);
    }
  };
  for (let l = 0; l < nLines; l++) {
    if (valid[l]) {
      pieceVerts = 0;
      last = -1;
      const k0 = kvStart[l];
      const k1 = kvStart[l + 1];
      for (let k = k0; k < k1; k++) {
        add(nodeAt(k), l, k === k0 || k === k1 - 1);
        const ins = k < k1 - 1 ? insertions.get(k) : undefined;
        if (ins) {
          const order: number[] = [];
          for (let i = 0; i < ins.length; i += 2) order.push(i);
          order.sort((i, j) => ins[i] - ins[j]);
          for (const i of order) add(ins[i + 1], l, false);
        }
      }
      close(l);
    }
    lineSegStart[l + 1] = segLine.length;
  }

  let endsDangling = 0;
  for (let l = 0; l < nLines; l++) {
    if (!valid[l]) continue;
    if (count[nodeAt(kvStart[l])] === 1) endsDangling++;
    if (count[nodeAt(kvStart[l + 1] - 1)] === 1) endsDangling++;
  }

  return {
    segStart: segStart.toArray(),
    segXY: segXY.toArray(),
    segLine: segLine.toArray(),
    lineSegStart,
    segFrom: segFrom.toArray(),
    segTo: segTo.toArray(),
    nodeCount: nodeArr.length / 2,
    nodeXY: nodeArr,
    stats: { lines: nLines, invalidLines, segments: segLine.length, splits, snapInsertions, ends, endsConnected, endsJoined, endsDangling },
  };
}

interface SegmentGrid {
  nx: number;
  start: Uint32Array;
  items: Uint32Array;
  cellX(x: number): number;
  cellY(y: number): number;
}

/** Uniform grid over segment bounding boxes (CSR layout: cell → segment ids = kv index of the first vertex). */
function buildSegmentGrid(xy: ArrayLike<number>, kv: Uint32Array, nKv: number, kvStart: Uint32Array, valid: Uint8Array, cellM: number): SegmentGrid {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < nKv; k++) {
    const x = xy[2 * kv[k]];
    const y = xy[2 * kv[k] + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  let cell = cellM;
  while (Math.ceil((maxX - minX) / cell + 1) * Math.ceil((maxY - minY) / cell + 1) > MAX_GRID_CELLS) cell *= 2;
  const nx = Math.max(1, Math.ceil((maxX - minX) / cell) + 1);
  const ny = Math.max(1, Math.ceil((maxY - minY) / cell) + 1);
  const cellX = (x: number): number => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) / cell)));
  const cellY = (y: number): number => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) / cell)));
  const start = new Uint32Array(nx * ny + 1);
  const visit = (fill: Uint32Array | null, cursor: Uint32Array | null): void => {
    for (let l = 0; l + 1 < kvStart.length; l++) {
      if (!valid[l]) continue;
      for (let k = kvStart[l]; k < kvStart[l + 1] - 1; k++) {
        const a = kv[k];
        const b = kv[k + 1];
        const x0 = cellX(Math.min(xy[2 * a], xy[2 * b]));
        const x1 = cellX(Math.max(xy[2 * a], xy[2 * b]));
        const y0 = cellY(Math.min(xy[2 * a + 1], xy[2 * b + 1]));
        const y1 = cellY(Math.max(xy[2 * a + 1], xy[2 * b + 1]));
        for (let cy = y0; cy <= y1; cy++)
          for (let cx = x0; cx <= x1; cx++) {
            const c = cy * nx + cx;
            if (fill && cursor) fill[cursor[c]++] = k;
            else start[c + 1]++;
          }
      }
    }
  };
  visit(null, null);
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const items = new Uint32Array(start[nx * ny]);
  visit(items, start.slice(0, nx * ny));
  return { nx, start, items, cellX, cellY };
}

/** Text of the report note that carries the noding statistics (parsed back by {@link parseNetworkNote}). */
export function networkNote(s: NodingStats, toleranceM: number): string {
  return (
    `network: ${s.endsJoined} ends joined, ${s.endsDangling} dangling, ${s.splits} splits ` +
    `(${s.lines} lines → ${s.segments} segments; ${s.ends} line ends, ${s.endsConnected} connected before snapping; ` +
    `snap tolerance ${toleranceM} m, ${s.snapInsertions} points inserted by snapping)`
  );
}

const NOTE_RE =
  /^network: (\d+) ends joined, (\d+) dangling, (\d+) splits \((\d+) lines → (\d+) segments; (\d+) line ends, (\d+) connected before snapping; snap tolerance ([\d.]+) m, (\d+) points inserted by snapping\)$/;

/** Noding statistics from the notes of an import report (the first `network:` note), or null. */
export function parseNetworkNote(notes: readonly string[]): (Omit<NodingStats, 'invalidLines'> & { toleranceM: number }) | null {
  for (const n of notes) {
    const m = NOTE_RE.exec(n);
    if (!m) continue;
    const v = m.slice(1).map(Number);
    return { endsJoined: v[0], endsDangling: v[1], splits: v[2], lines: v[3], segments: v[4], ends: v[5], endsConnected: v[6], toleranceM: v[7], snapInsertions: v[8] };
  }
  return null;
}
