/** Flat triangulation of polygon features (ground layers: land cover, water) at a given height. */
import type { Polygons } from '../territory.ts';
import { triangulateFeature } from './polygon-triangles.ts';

/** Triangles (x, y, z per vertex, Float32) of every feature in `p`, at z = `z`, plus the feature of each vertex. */
export function triangulatePolygons(p: Polygons, z = 0): { positions: Float32Array; featureIds: Uint32Array } {
  const pos: number[] = [];
  const ids: number[] = [];
  const n = p.featureRingStart.length - 1;
  const scratch = { flat: [] as number[], holes: [] as number[] };
  for (let i = 0; i < n; i++)
    triangulateFeature(
      p,
      i,
      (x, y) => {
        pos.push(x, y, z);
        ids.push(i);
      },
      scratch,
    );
  return { positions: Float32Array.from(pos), featureIds: Uint32Array.from(ids) };
}
