/** Triangulation of one polygon feature (outer rings each followed by their holes) with earcut (Mapbox). */
import earcut from 'earcut';
import { ringSignedArea, type Polygons } from '../territory.ts';

/**
 * Calls `emit(x, y)` for the three vertices of every triangle covering feature i (holes excluded).
 * `scratch` arrays are reused between calls to avoid allocations.
 */
export function triangulateFeature(p: Polygons, i: number, emit: (x: number, y: number) => void, scratch: { flat: number[]; holes: number[] } = { flat: [], holes: [] }): void {
  const { flat, holes } = scratch;
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
    for (let t = 0; t < tri.length; t++) emit(flat[2 * tri[t]], flat[2 * tri[t] + 1]);
    r = end;
  }
}
