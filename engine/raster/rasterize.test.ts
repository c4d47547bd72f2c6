/** Footprint rasterisation: cell-centre rule checked against point-in-polygon, holes, overlaps, skipped input. */
import { describe, expect, it } from 'vitest';
import { pointInFeature } from '../territory.ts';
import { createGrid, cellCentreX, cellCentreY } from './grid.ts';
import { rasterizeBuildings } from './rasterize.ts';
import { buildingsFromRings, rectRing } from './synthetic.ts';

const cw = (ring: number[]): number[] => {
  const out: number[] = [];
  for (let i = ring.length - 2; i >= 0; i -= 2) out.push(ring[i], ring[i + 1]);
  return out;
};

describe('rasterizeBuildings', () => {
  it('a square with a square hole covers exactly its 300 m² of 1 m cells, at its height', () => {
    const b = buildingsFromRings([[rectRing(10, 10, 20, 20), cw(rectRing(15, 15, 10, 10))]], [12]);
    const g = createGrid(40, 40, 1, 0, 40);
    const r = rasterizeBuildings(b, g);
    expect(r.cells).toBe(300);
    expect(r.rasterized).toBe(1);
    let sum = 0;
    for (let i = 0; i < g.values.length; i++) sum += g.values[i];
    expect(sum).toBe(300 * 12);
    // Cell (col 20, row 20) has centre (20.5, 19.5): inside the hole.
    expect(g.values[20 * 40 + 20]).toBe(0);
    expect(r.buildingId[20 * 40 + 20]).toBe(-1);
    // Cell (col 11, row 28) has centre (11.5, 11.5): in the ring.
    expect(g.values[28 * 40 + 11]).toBe(12);
    expect(r.buildingId[28 * 40 + 11]).toBe(0);
  });

  it('covers exactly the cells whose centre is inside (rotated polygon with a hole, off-grid cell size)', () => {
    const c = Math.cos(0.61);
    const s = Math.sin(0.61);
    const rot = (pts: number[], cx: number, cy: number): number[] => {
      const out: number[] = [];
      for (let i = 0; i < pts.length; i += 2) out.push(cx + pts[i] * c - pts[i + 1] * s, cy + pts[i] * s + pts[i + 1] * c);
      return out;
    };
    const outer = rot([-17.3, -9.1, 16.2, -11.7, 19.9, 8.3, 2.1, 14.6, -15.7, 10.2], 3.3, -2.2);
    const hole = rot(cw([-5.1, -3.3, 6.7, -2.9, 4.4, 5.8, -4.2, 4.9]), 3.3, -2.2);
    const b = buildingsFromRings([[outer, hole]], [9]);
    const g = createGrid(70, 60, 0.7, -22.05, 19.95);
    const r = rasterizeBuildings(b, g);
    let mismatches = 0;
    let inside = 0;
    for (let row = 0; row < g.height; row++) {
      for (let col = 0; col < g.width; col++) {
        const want = pointInFeature(b.footprint, 0, cellCentreX(g, col), cellCentreY(g, row));
        if (want) inside++;
        if (want !== (r.buildingId[row * g.width + col] === 0)) mismatches++;
      }
    }
    expect(inside).toBeGreaterThan(500);
    expect(mismatches).toBe(0);
  });

  it('keeps the tallest of overlapping buildings, adds heights to the ground, and skips unusable buildings', () => {
    const b = buildingsFromRings(
      [[rectRing(0, 0, 10, 10)], [rectRing(5, 5, 10, 10)], [rectRing(20, 0, 5, 5)], [rectRing(30.6, 0.6, 0.3, 0.3)]],
      [6, 15, NaN, 4],
    );
    const g = createGrid(40, 20, 1, 0, 20, 100); // ground at 100 m
    const r = rasterizeBuildings(b, g);
    expect(r.rasterized).toBe(2);
    expect(r.skipped).toBe(2); // NaN height; a footprint covering no cell centre
    const at = (x: number, y: number): number => Math.floor(20 - y) * 40 + Math.floor(x);
    expect(g.values[at(2, 2)]).toBe(106);
    expect(r.buildingId[at(2, 2)]).toBe(0);
    expect(g.values[at(7, 7)]).toBe(115);
    expect(r.buildingId[at(7, 7)]).toBe(1);
    expect(g.values[at(22, 2)]).toBe(100);
    expect(r.cells).toBe(100 + 100 - 25);
  });
});
