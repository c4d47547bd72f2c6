/**
 * Extrusion of building footprints into a triangle mesh (flat roofs at the building height, vertical walls),
 * in the local frame (x east, y north, z up). Roofs are triangulated with earcut (Mapbox; holes supported);
 * walls get outward normals because outer rings are counter-clockwise and holes clockwise
 * (engine/territory.ts invariant). Non-indexed output: every triangle owns its vertices so normals are flat.
 */
import type { Polygons } from '../territory.ts';
import { triangulateFeature } from './polygon-triangles.ts';

export interface ExtrudedMesh {
  /** x, y, z per vertex (Float32, local metres). */
  positions: Float32Array;
  /** Unit normal per vertex. */
  normals: Float32Array;
  /** Feature (building) index per vertex. */
  featureIds: Uint32Array;
}

/** Number of vertices the extrusion of features [0, n) will produce. */
function countVertices(p: Polygons, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const r0 = p.featureRingStart[i];
    const r1 = p.featureRingStart[i + 1];
    const verts = p.ringVertexStart[r1] - p.ringVertexStart[r0];
    const rings = r1 - r0;
    v += 6 * verts + 3 * (verts - 2 + 2 * (rings - 1)); // walls: 2 triangles per edge; roof: ≤ n − 2 + 2h triangles
  }
  return v;
}

/**
 * Extrudes features [0, count) from base z = 0 (or `baseZ[i]`) to `heights[i]` above the base.
 * `out` may be given to reuse buffers; the returned arrays are trimmed views.
 */
export function extrudeFootprints(p: Polygons, heights: ArrayLike<number>, count: number, baseZ?: ArrayLike<number>): ExtrudedMesh {
  const cap = countVertices(p, count);
  const pos = new Float32Array(cap * 3);
  const nor = new Float32Array(cap * 3);
  const ids = new Uint32Array(cap);
  let v = 0;
  const put = (x: number, y: number, z: number, nx: number, ny: number, nz: number, id: number): void => {
    pos[3 * v] = x;
    pos[3 * v + 1] = y;
    pos[3 * v + 2] = z;
    nor[3 * v] = nx;
    nor[3 * v + 1] = ny;
    nor[3 * v + 2] = nz;
    ids[v++] = id;
  };
  const xy = p.xy;
  const scratch = { flat: [] as number[], holes: [] as number[] };
  for (let i = 0; i < count; i++) {
    const z0 = baseZ ? baseZ[i] : 0;
    const z1 = z0 + heights[i];
    const r0 = p.featureRingStart[i];
    const r1 = p.featureRingStart[i + 1];
    // Walls.
    for (let r = r0; r < r1; r++) {
      const a = p.ringVertexStart[r];
      const b = p.ringVertexStart[r + 1];
      for (let k = a; k < b; k++) {
        const j = k + 1 < b ? k + 1 : a;
        const x0 = xy[2 * k];
        const y0 = xy[2 * k + 1];
        const x1 = xy[2 * j];
        const y1 = xy[2 * j + 1];
        const len = Math.hypot(x1 - x0, y1 - y0) || 1;
        // Outward normal of a counter-clockwise edge is (dy, −dx).
        const nx = (y1 - y0) / len;
        const ny = -(x1 - x0) / len;
        put(x0, y0, z0, nx, ny, 0, i);
        put(x1, y1, z0, nx, ny, 0, i);
        put(x1, y1, z1, nx, ny, 0, i);
        put(x0, y0, z0, nx, ny, 0, i);
        put(x1, y1, z1, nx, ny, 0, i);
        put(x0, y0, z1, nx, ny, 0, i);
      }
    }
    // Roof: each outer ring with the holes that follow it.
    triangulateFeature(p, i, (x, y) => put(x, y, z1, 0, 0, 1, i), scratch);
  }
  return { positions: pos.subarray(0, 3 * v), normals: nor.subarray(0, 3 * v), featureIds: ids.subarray(0, v) };
}

