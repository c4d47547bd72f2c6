/**
 * Spatial hierarchy of a 3D tileset of buildings: a quadtree of median splits by building count, and the level
 * of detail of every tile. Pure functions over the territory's typed arrays (no I/O), so they can run in a worker.
 *
 * - Split: a tile holding more than `maxBuildingsPerTile` buildings is cut in two at the median of the building
 *   centres along its longer side, and each half again along its own longer side: four children with a quarter
 *   of the buildings each, whatever the density (a metropolis centre gets small tiles, the countryside large ones).
 * - Leaves draw their buildings in full detail (geometric error 0).
 * - A parent draws, for the whole area of its subtree, the `maxBuildingsPerTile` largest buildings of the
 *   subtree as convex-hull prisms (REPLACE refinement: its children replace it). Its geometric error is the
 *   largest deviation that this drops or adds: the size of the largest building it leaves out (footprint diagonal
 *   or height, whichever is larger) or the largest hull deviation of a building it keeps ({@link hullDeviationM}),
 *   and never less than its children's. Each building keeps its own feature id at every level, so the viewer can
 *   pick and restyle buildings in the overview too.
 */
import type { Buildings } from '../../engine/territory.ts';

export const DEFAULT_MAX_BUILDINGS_PER_TILE = 2000;

/** Margin added to every bounding box before rounding it outward to the millimetre (m). */
export const BOX_PAD_M = 0.005;

export interface TileNode {
  /** Child digits from the root ('' for the root); names the content file. */
  path: string;
  level: number;
  /** Range of the subtree's buildings in {@link TileTree.order}. */
  start: number;
  end: number;
  children: TileNode[];
  /** Buildings drawn by this tile (territory indices). */
  content: Uint32Array;
  /** True for leaves: full footprints; false: convex-hull prisms of the largest buildings. */
  full: boolean;
  /** Bounds of the subtree [minX, minY, minZ, maxX, maxY, maxZ] (local metres, padded, outward to the mm). */
  box: Float64Array;
  /** Bounds of the content, same convention. */
  contentBox: Float64Array;
  /** Size of the largest building of the subtree not drawn by this tile (m); 0 for leaves. */
  droppedSizeM: number;
}

export interface TileTree {
  root: TileNode;
  /** Building indices in tree order: each node's subtree is a contiguous range. */
  order: Uint32Array;
  /** Per building: [minX, minY, maxX, maxY] of the footprint (local metres). */
  bounds: Float64Array;
  /** Per building: max(footprint bounding-box diagonal, height) (m), the size used to rank and to drop. */
  sizeM: Float64Array;
  maxBuildingsPerTile: number;
  /** Largest building size of the territory (m). */
  maxSizeM: number;
}

/** Per-building footprint bounds and sizes. */
export function buildingExtents(b: Buildings): { bounds: Float64Array; sizeM: Float64Array } {
  const n = b.count;
  const p = b.footprint;
  const bounds = new Float64Array(4 * n);
  const sizeM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const v0 = p.ringVertexStart[p.featureRingStart[i]];
    const v1 = p.ringVertexStart[p.featureRingStart[i + 1]];
    for (let k = v0; k < v1; k++) {
      const x = p.xy[2 * k];
      const y = p.xy[2 * k + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    bounds[4 * i] = x0;
    bounds[4 * i + 1] = y0;
    bounds[4 * i + 2] = x1;
    bounds[4 * i + 3] = y1;
    sizeM[i] = Math.max(Math.hypot(x1 - x0, y1 - y0), b.heightM[i]);
  }
  return { bounds, sizeM };
}

const roundDown = (v: number): number => Math.floor((v - BOX_PAD_M) * 1000) / 1000;
const roundUp = (v: number): number => Math.ceil((v + BOX_PAD_M) * 1000) / 1000;

/** Padded, outward-rounded bounds of a set of buildings (z from the ground, 0, to the tallest roof). */
export function boxOfBuildings(ids: ArrayLike<number>, bounds: Float64Array, heightM: ArrayLike<number>): Float64Array {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = 0;
  for (let j = 0; j < ids.length; j++) {
    const i = ids[j];
    if (bounds[4 * i] < x0) x0 = bounds[4 * i];
    if (bounds[4 * i + 1] < y0) y0 = bounds[4 * i + 1];
    if (bounds[4 * i + 2] > x1) x1 = bounds[4 * i + 2];
    if (bounds[4 * i + 3] > y1) y1 = bounds[4 * i + 3];
    if (heightM[i] > z1) z1 = heightM[i];
  }
  return Float64Array.of(roundDown(x0), roundDown(y0), roundDown(0), roundUp(x1), roundUp(y1), roundUp(z1));
}

function unionBoxes(boxes: Float64Array[]): Float64Array {
  const u = Float64Array.of(Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity);
  for (const b of boxes) {
    for (let k = 0; k < 3; k++) {
      if (b[k] < u[k]) u[k] = b[k];
      if (b[k + 3] > u[k + 3]) u[k + 3] = b[k + 3];
    }
  }
  return u;
}

/** Sorts order[start, end) by the building centres along x (axis 0) or y (axis 1). */
function sortByCentre(order: Uint32Array, start: number, end: number, bounds: Float64Array, axis: 0 | 1): void {
  order.subarray(start, end).sort((a, b) => bounds[4 * a + axis] + bounds[4 * a + axis + 2] - (bounds[4 * b + axis] + bounds[4 * b + axis + 2]));
}

/** Axis (0 = x, 1 = y) along which the building centres of order[start, end) spread the most. */
function longerAxis(order: Uint32Array, start: number, end: number, bounds: Float64Array): 0 | 1 {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let j = start; j < end; j++) {
    const i = order[j];
    const cx = bounds[4 * i] + bounds[4 * i + 2];
    const cy = bounds[4 * i + 1] + bounds[4 * i + 3];
    if (cx < x0) x0 = cx;
    if (cx > x1) x1 = cx;
    if (cy < y0) y0 = cy;
    if (cy > y1) y1 = cy;
  }
  return x1 - x0 >= y1 - y0 ? 0 : 1;
}

/** Sorts building ids by decreasing size (ties: increasing index, for determinism). */
function bySizeDesc(ids: Uint32Array, sizeM: Float64Array): Uint32Array {
  return ids.sort((a, b) => sizeM[b] - sizeM[a] || a - b);
}

/**
 * Builds the tile tree of a territory's buildings. Throws when there is no building or the limit is not an
 * integer ≥ 1.
 */
export function buildTileTree(b: Buildings, maxBuildingsPerTile = DEFAULT_MAX_BUILDINGS_PER_TILE): TileTree {
  if (!Number.isInteger(maxBuildingsPerTile) || maxBuildingsPerTile < 1) throw new RangeError(`maxBuildingsPerTile must be an integer ≥ 1 (got ${maxBuildingsPerTile})`);
  if (b.count === 0) throw new RangeError('the territory has no building to tile');
  const { bounds, sizeM } = buildingExtents(b);
  const order = new Uint32Array(b.count);
  for (let i = 0; i < b.count; i++) order[i] = i;
  const k = maxBuildingsPerTile;
  let maxSizeM = 0;
  for (let i = 0; i < b.count; i++) if (sizeM[i] > maxSizeM) maxSizeM = sizeM[i];

  /** Builds the subtree of order[start, end); returns it with its k + 1 largest buildings, largest first. */
  const build = (start: number, end: number, path: string): { node: TileNode; top: Uint32Array } => {
    const level = path.length;
    if (end - start <= k) {
      const content = order.slice(start, end);
      const box = boxOfBuildings(content, bounds, b.heightM);
      const node: TileNode = { path, level, start, end, children: [], content, full: true, box, contentBox: box, droppedSizeM: 0 };
      return { node, top: bySizeDesc(content.slice(), sizeM).subarray(0, k + 1) };
    }
    const mid = start + ((end - start) >> 1);
    sortByCentre(order, start, end, bounds, longerAxis(order, start, end, bounds));
    const ranges: Array<[number, number]> = [];
    for (const [s, e] of [[start, mid], [mid, end]] as const) {
      const m = s + ((e - s) >> 1);
      sortByCentre(order, s, e, bounds, longerAxis(order, s, e, bounds));
      ranges.push([s, m], [m, e]);
    }
    const parts = ranges.filter(([s, e]) => e > s).map(([s, e], c) => build(s, e, path + c));
    const merged = new Uint32Array(parts.reduce((n, p) => n + p.top.length, 0));
    let o = 0;
    for (const p of parts) {
      merged.set(p.top, o);
      o += p.top.length;
    }
    const top = bySizeDesc(merged, sizeM).subarray(0, k + 1);
    const content = top.slice(0, k);
    const node: TileNode = {
      path,
      level,
      start,
      end,
      children: parts.map((p) => p.node),
      content,
      full: false,
      box: unionBoxes(parts.map((p) => p.node.box)),
      contentBox: boxOfBuildings(content, bounds, b.heightM),
      droppedSizeM: top.length > k ? sizeM[top[k]] : 0,
    };
    return { node, top };
  };
  return { root: build(0, b.count, '').node, order, bounds, sizeM, maxBuildingsPerTile: k, maxSizeM };
}

/** Every node of the tree, parents before children (depth-first). */
export function tileNodes(root: TileNode): TileNode[] {
  const out: TileNode[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    for (let c = n.children.length - 1; c >= 0; c--) stack.push(n.children[c]);
  }
  return out;
}
