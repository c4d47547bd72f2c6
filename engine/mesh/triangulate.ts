/** Flat triangulation of polygon features (ground layers: land cover, water) at a given height. */
import earcut from 'earcut';
import { ringSignedArea, type Polygons } from '../territory.ts';

/** Triangles (x, y, z per vertex, Float32) of every feature in `p`, at z = `z`, plus the feature of each vertex. */
export function triangulatePolygons(p: Polygons, z = 0): { positions: Float32Array; featureIds: Uint32Array } {
  const pos: number[] = [];
  const ids: number[] = [];
  const n = p.featureRingStart.length - 1;
  const flat: number[] = [];
  const holes: number[] = [];
  for (let i = 0; i < n; i++) {
    const r1 = p.featureRingStart[i + 1];
    let r = p.featureRingStart[i];
    while (r < r1) {
      flat.length = 0;
      holes.length = 0;
      let end = r + 1;
      while (end < r1 && ringSignedArea(p, end) < 0) end++;
      for (let rr = r; rr < end; rr++) {
        if (rr > r) holes.push(flat.length / 2);
        for (let k = p.ringVertexStart[rr]; k < p.ringVertexStart[rr + 1]; k++) flat.push(p.xy[2 * k], p.xy[2 * k + 1]);
      }
      const tri = earcut(flat, holes.length ? holes : undefined, 2);
      for (const t of tri) {
        pos.push(flat[2 * t], flat[2 * t + 1], z);
        ids.push(i);
      }
      r = end;
    }
  }
  return { positions: Float32Array.from(pos), featureIds: Uint32Array.from(ids) };
}

