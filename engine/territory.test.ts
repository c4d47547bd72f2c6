import { describe, expect, it } from 'vitest';
import { featureArea, featureCentroid, pointInFeature, type Polygons } from './territory.ts';
import { PolygonGridIndex } from './spatial.ts';

// A 10 × 10 square with a 4 × 4 hole: analytic area 100 − 16 = 84, centroid by symmetry at (5, 5).
const square: Polygons = {
  featureRingStart: Uint32Array.from([0, 2]),
  ringVertexStart: Uint32Array.from([0, 4, 8]),
  xy: Float64Array.from([0, 0, 10, 0, 10, 10, 0, 10, 3, 3, 3, 7, 7, 7, 7, 3]),
};

describe('polygon helpers', () => {
  it('area subtracts holes', () => {
    expect(featureArea(square, 0)).toBeCloseTo(84, 12);
  });
  it('centroid of a symmetric polygon is its centre', () => {
    const c = featureCentroid(square, 0, [0, 0]);
    expect(c[0]).toBeCloseTo(5, 12);
    expect(c[1]).toBeCloseTo(5, 12);
  });
  it('point in polygon respects holes', () => {
    expect(pointInFeature(square, 0, 1, 1)).toBe(true);
    expect(pointInFeature(square, 0, 5, 5)).toBe(false);
    expect(pointInFeature(square, 0, 11, 5)).toBe(false);
  });
  it('grid index finds the containing cell of a 3 × 3 grid', () => {
    const ringStart = [0];
    const vStart = [0];
    const xy: number[] = [];
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 3; i++) {
        xy.push(i * 200, j * 200, i * 200 + 200, j * 200, i * 200 + 200, j * 200 + 200, i * 200, j * 200 + 200);
        vStart.push(xy.length / 2);
        ringStart.push(vStart.length - 1);
      }
    const idx = new PolygonGridIndex({ featureRingStart: Uint32Array.from(ringStart), ringVertexStart: Uint32Array.from(vStart), xy: Float64Array.from(xy) });
    expect(idx.find(250, 450)).toBe(2 * 3 + 1);
    expect(idx.find(599, 1)).toBe(2);
    expect(idx.find(-1, 5)).toBe(-1);
  });
});
