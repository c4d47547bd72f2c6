/** Triangulation of polygon features (outer rings each followed by their holes) with earcut (Mapbox). */
import earcut from 'earcut';
import { ringSignedArea, type Polygons } from '../territory.ts';

export interface PartScratch {
  flat: number[];
  holes: number[];
}

/**
 * Calls `part(flat, holeStarts)` for each outer ring of feature i with its holes: `flat` holds the x, y of the
 * outer ring then of each hole, `holeStarts` the vertex index where each hole begins (earcut's input layout).
 * The arrays are reused between calls (pass `scratch` to reuse them across features).
 */
export function forEachPolygonPart(p: Polygons, i: number, part: (flat: number[], holeStarts: number[]) => void, scratch: PartScratch = { flat: [], holes: [] }): void {
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
    part(flat, holes);
    r = end;
  }
}

/** Calls `emit(x, y)` for the three vertices of every triangle covering feature i (holes excluded). */
export function triangulateFeature(p: Polygons, i: number, emit: (x: number, y: number) => void, scratch?: PartScratch): void {
  forEachPolygonPart(
    p,
    i,
    (flat, holes) => {
      const tri = earcut(flat, holes.length ? holes : undefined, 2);
      for (let t = 0; t < tri.length; t++) emit(flat[2 * tri[t]], flat[2 * tri[t] + 1]);
    },
    scratch,
  );
}
