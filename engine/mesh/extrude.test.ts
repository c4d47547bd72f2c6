import { describe, expect, it } from 'vitest';
import { extrudeFootprints } from './extrude.ts';
import type { Polygons } from '../territory.ts';

/** Volume enclosed by a closed triangle mesh (divergence theorem: Σ signed tetrahedron volumes). */
function meshVolume(pos: Float32Array): number {
  let v = 0;
  for (let t = 0; t < pos.length; t += 9) {
    const [ax, ay, az, bx, by, bz, cx, cy, cz] = pos.subarray(t, t + 9);
    v += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
  }
  return v;
}

// 10 × 10 square with a 4 × 4 hole (clockwise), height 7: analytic volume (100 − 16) × 7 = 588 m³.
const poly: Polygons = {
  featureRingStart: Uint32Array.from([0, 2]),
  ringVertexStart: Uint32Array.from([0, 4, 8]),
  xy: Float64Array.from([0, 0, 10, 0, 10, 10, 0, 10, 3, 7, 7, 7, 7, 3, 3, 3]),
};

describe('extrudeFootprints', () => {
  it('encloses the analytic volume, holes subtracted (the open base lies at z = 0 where its volume term vanishes)', () => {
    const m = extrudeFootprints(poly, [7], 1);
    expect(meshVolume(m.positions)).toBeCloseTo(588, 3);
  });
  it('gives walls outward unit normals and roofs +z', () => {
    const m = extrudeFootprints(poly, [7], 1);
    for (let v = 0; v < m.featureIds.length; v += 3) {
      const [nx, ny, nz] = m.normals.subarray(3 * v, 3 * v + 3);
      expect(Math.hypot(nx, ny, nz)).toBeCloseTo(1, 6);
      // Triangle centroid pushed along the normal must leave the solid (outside the outer ring or in the hole).
      const c = [0, 1, 2].map((k) => (m.positions[3 * v + k] + m.positions[3 * v + 3 + k] + m.positions[3 * v + 6 + k]) / 3);
      if (nz === 1) {
        expect(c[2]).toBe(7);
        continue;
      }
      const px = c[0] + 0.01 * nx;
      const py = c[1] + 0.01 * ny;
      const inSolid = px > 0 && px < 10 && py > 0 && py < 10 && !(px > 3 && px < 7 && py > 3 && py < 7);
      expect(inSolid).toBe(false);
      const qx = c[0] - 0.01 * nx;
      const qy = c[1] - 0.01 * ny;
      expect(qx > 0 && qx < 10 && qy > 0 && qy < 10 && !(qx > 3 && qx < 7 && qy > 3 && qy < 7)).toBe(true);
    }
  });
});
