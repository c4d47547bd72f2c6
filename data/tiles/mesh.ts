/**
 * Triangle meshes of a tile's buildings, written straight into glTF vertex buffers (Float32, y-up).
 *
 * Frames: the territory's local frame is x = east, y = north, z = up; glTF is y-up, so a local point (x, y, z)
 * is written (x, z, −y) — a rotation, which keeps triangle winding. Positions are relative to the tile's centre
 * (the glTF node's translation), which keeps Float32 precision at the millimetre across a metropolis.
 *
 * Geometry: walls are one quad per footprint edge (4 vertices sharing the edge's outward normal: outer rings are
 * counter-clockwise and holes clockwise, engine/territory.ts), roofs are flat at the building height, triangulated
 * with earcut (holes supported) and turned counter-clockwise seen from above. No floor: buildings stand on the
 * ground. Front faces are counter-clockwise seen from outside, as glTF requires. Simplified buildings (parent
 * tiles) are the prism of their footprint's convex hull (Andrew's monotone chain), roof as a fan.
 */
import earcut from 'earcut';
import { forEachPolygonPart, type PartScratch } from '../../engine/mesh/polygon-triangles.ts';
import { ringSignedArea, type Buildings, type Polygons } from '../../engine/territory.ts';

export interface TileMesh {
  vertexCount: number;
  /** glTF (x, z, −y) relative to the centre, per vertex. */
  positions: Float32Array;
  normals: Float32Array;
  /** Feature id per vertex: the building's row in the tile's property table (Float32, exact below 2²⁴). */
  featureIds: Float32Array;
  /** Triangle list; 16-bit when every index fits below the primitive-restart value 65535. */
  indices: Uint16Array | Uint32Array;
  /** Component-wise bounds of `positions` (glTF frame, relative to the centre). */
  min: [number, number, number];
  max: [number, number, number];
  /** Largest deviation of a simplified building from its footprint (m; 0 in full detail). */
  simplificationErrorM: number;
}

/** Rings of building i that are holes (clockwise) are those after an outer ring with negative signed area. */
function isHole(p: Polygons, r: number): boolean {
  return ringSignedArea(p, r) < 0;
}

/**
 * Convex hull of the vertices [v0, v1) of a polygon set (counter-clockwise, collinear points dropped), as vertex
 * indices written into `out`; returns the hull size. Andrew's monotone chain (Andrew 1979).
 */
export function convexHull(xy: Float64Array, v0: number, v1: number, out: Uint32Array, scratch: Uint32Array): number {
  const n = v1 - v0;
  const pts = scratch.subarray(0, n);
  for (let k = 0; k < n; k++) pts[k] = v0 + k;
  pts.sort((a, b) => xy[2 * a] - xy[2 * b] || xy[2 * a + 1] - xy[2 * b + 1]);
  const cross = (o: number, a: number, b: number): number =>
    (xy[2 * a] - xy[2 * o]) * (xy[2 * b + 1] - xy[2 * o + 1]) - (xy[2 * a + 1] - xy[2 * o + 1]) * (xy[2 * b] - xy[2 * o]);
  let h = 0;
  for (let k = 0; k < n; k++) {
    while (h >= 2 && cross(out[h - 2], out[h - 1], pts[k]) <= 0) h--;
    out[h++] = pts[k];
  }
  const lower = h + 1;
  for (let k = n - 2; k >= 0; k--) {
    while (h >= lower && cross(out[h - 2], out[h - 1], pts[k]) <= 0) h--;
    out[h++] = pts[k];
  }
  return Math.max(0, h - 1);
}

/**
 * Upper bound of the Hausdorff distance between building i's footprint and its convex hull (m): the deepest
 * pocket (a concave chain is within its depth from the hull edge closing it, so every point of the pocket is
 * within that depth of the footprint), half the smaller side of each hole's bounding box, and half the bounding
 * box diagonal for multi-part buildings.
 */
export function hullDeviationM(p: Polygons, i: number, hull: Uint32Array, h: number): number {
  const xy = p.xy;
  const r0 = p.featureRingStart[i];
  const r1 = p.featureRingStart[i + 1];
  let outer = 0;
  let err = 0;
  for (let r = r0; r < r1; r++) {
    const a = p.ringVertexStart[r];
    const b = p.ringVertexStart[r + 1];
    if (r > r0 && !isHole(p, r)) outer++;
    if (r > r0 && isHole(p, r)) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let k = a; k < b; k++) {
        x0 = Math.min(x0, xy[2 * k]);
        x1 = Math.max(x1, xy[2 * k]);
        y0 = Math.min(y0, xy[2 * k + 1]);
        y1 = Math.max(y1, xy[2 * k + 1]);
      }
      err = Math.max(err, Math.min(x1 - x0, y1 - y0) / 2);
    }
  }
  const a = p.ringVertexStart[r0];
  const b = p.ringVertexStart[r0 + 1];
  if (outer > 0) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let k = a; k < p.ringVertexStart[r1]; k++) {
      x0 = Math.min(x0, xy[2 * k]);
      x1 = Math.max(x1, xy[2 * k]);
      y0 = Math.min(y0, xy[2 * k + 1]);
      y1 = Math.max(y1, xy[2 * k + 1]);
    }
    return Math.max(err, Math.hypot(x1 - x0, y1 - y0) / 2);
  }
  // Single outer ring: hull vertices are ring vertices in the same cyclic order; measure each pocket.
  const n = b - a;
  const onHull = new Uint8Array(n);
  for (let k = 0; k < h; k++) onHull[hull[k] - a] = 1;
  let s = 0;
  while (s < n && !onHull[s]) s++;
  if (s === n) return err;
  let last = s;
  for (let step = 1; step <= n; step++) {
    const k = (s + step) % n;
    if (!onHull[k]) continue;
    // Pocket between hull vertices `last` and `k`.
    const lx = xy[2 * (a + last)];
    const ly = xy[2 * (a + last) + 1];
    const dx = xy[2 * (a + k)] - lx;
    const dy = xy[2 * (a + k) + 1] - ly;
    const len = Math.hypot(dx, dy) || 1;
    for (let q = (last + 1) % n; q !== k; q = (q + 1) % n) {
      err = Math.max(err, Math.abs((xy[2 * (a + q)] - lx) * dy - (xy[2 * (a + q) + 1] - ly) * dx) / len);
    }
    last = k;
  }
  return err;
}

/**
 * Mesh of buildings `ids` (territory indices; feature id j = ids[j]'s row), in full detail or as convex-hull
 * prisms, relative to `centre` (local frame [x, y, z]).
 */
export function buildTileMesh(b: Buildings, ids: ArrayLike<number>, full: boolean, centre: ArrayLike<number>): TileMesh {
  const p = b.footprint;
  const xy = p.xy;
  let maxRingVerts = 3;
  let vCap = 0;
  let iCap = 0;
  for (let j = 0; j < ids.length; j++) {
    const i = ids[j];
    const r0 = p.featureRingStart[i];
    const r1 = p.featureRingStart[i + 1];
    const v = p.ringVertexStart[r1] - p.ringVertexStart[r0];
    maxRingVerts = Math.max(maxRingVerts, v);
    vCap += 5 * v; // walls 4 per edge, roof 1 per vertex (hulls have fewer)
    iCap += 6 * v + 3 * (v + 2 * (r1 - r0)); // walls 6 per edge, roof ≤ v − 2 + 2 holes triangles per part
  }
  const pos = new Float32Array(3 * vCap);
  const nor = new Float32Array(3 * vCap);
  const fid = new Float32Array(vCap);
  const idx = new Uint32Array(iCap);
  const hull = new Uint32Array(maxRingVerts + 1);
  const scratch = new Uint32Array(maxRingVerts);
  const parts: PartScratch = { flat: [], holes: [] };
  const cx = centre[0];
  const cy = centre[1];
  const cz = centre[2];
  let v = 0;
  let t = 0;
  let simplificationErrorM = 0;

  const vertex = (x: number, y: number, z: number, nx: number, ny: number, nz: number, f: number): void => {
    pos[3 * v] = x - cx;
    pos[3 * v + 1] = z - cz;
    pos[3 * v + 2] = cy - y;
    nor[3 * v] = nx;
    nor[3 * v + 1] = nz;
    nor[3 * v + 2] = -ny;
    fid[v++] = f;
  };
  /** Wall quad of edge (x0, y0) → (x1, y1), outward to its right. */
  const wall = (x0: number, y0: number, x1: number, y1: number, z1: number, f: number): void => {
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len === 0) return;
    const nx = (y1 - y0) / len;
    const ny = -(x1 - x0) / len;
    const q = v;
    vertex(x0, y0, 0, nx, ny, 0, f);
    vertex(x1, y1, 0, nx, ny, 0, f);
    vertex(x1, y1, z1, nx, ny, 0, f);
    vertex(x0, y0, z1, nx, ny, 0, f);
    idx[t++] = q;
    idx[t++] = q + 1;
    idx[t++] = q + 2;
    idx[t++] = q;
    idx[t++] = q + 2;
    idx[t++] = q + 3;
  };

  for (let j = 0; j < ids.length; j++) {
    const i = ids[j];
    const z1 = b.heightM[i];
    const r0 = p.featureRingStart[i];
    const r1 = p.featureRingStart[i + 1];
    const h = full ? 0 : convexHull(xy, p.ringVertexStart[r0], p.ringVertexStart[r1], hull, scratch);
    if (!full && h >= 3) {
      simplificationErrorM = Math.max(simplificationErrorM, hullDeviationM(p, i, hull, h));
      for (let k = 0; k < h; k++) {
        const a = hull[k];
        const c = hull[(k + 1) % h];
        wall(xy[2 * a], xy[2 * a + 1], xy[2 * c], xy[2 * c + 1], z1, j);
      }
      const q = v;
      for (let k = 0; k < h; k++) vertex(xy[2 * hull[k]], xy[2 * hull[k] + 1], z1, 0, 0, 1, j);
      for (let k = 1; k + 1 < h; k++) {
        idx[t++] = q;
        idx[t++] = q + k;
        idx[t++] = q + k + 1;
      }
      continue;
    }
    for (let r = r0; r < r1; r++) {
      const a = p.ringVertexStart[r];
      const e = p.ringVertexStart[r + 1];
      for (let k = a; k < e; k++) {
        const n = k + 1 < e ? k + 1 : a;
        wall(xy[2 * k], xy[2 * k + 1], xy[2 * n], xy[2 * n + 1], z1, j);
      }
    }
    // Roof: each outer ring with the holes that follow it.
    forEachPolygonPart(
      p,
      i,
      (flat, holes) => {
        const q = v;
        for (let k = 0; k < flat.length; k += 2) vertex(flat[k], flat[k + 1], z1, 0, 0, 1, j);
        const tri = earcut(flat, holes.length ? holes : undefined, 2);
        for (let k = 0; k < tri.length; k += 3) {
          const ta = tri[k];
          let tb = tri[k + 1];
          let tc = tri[k + 2];
          const area2 = (flat[2 * tb] - flat[2 * ta]) * (flat[2 * tc + 1] - flat[2 * ta + 1]) - (flat[2 * tb + 1] - flat[2 * ta + 1]) * (flat[2 * tc] - flat[2 * ta]);
          if (area2 === 0) continue;
          if (area2 < 0) [tb, tc] = [tc, tb];
          idx[t++] = q + ta;
          idx[t++] = q + tb;
          idx[t++] = q + tc;
        }
      },
      parts,
    );
  }

  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let k = 0; k < v; k++) {
    for (let c = 0; c < 3; c++) {
      const x = pos[3 * k + c];
      if (x < min[c]) min[c] = x;
      if (x > max[c]) max[c] = x;
    }
  }
  const indices = v <= 0xffff ? Uint16Array.from(idx.subarray(0, t)) : idx.slice(0, t);
  return { vertexCount: v, positions: pos.slice(0, 3 * v), normals: nor.slice(0, 3 * v), featureIds: fid.slice(0, v), indices, min, max, simplificationErrorM };
}
