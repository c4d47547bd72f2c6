/** Shadow sweep against the analytic shadow of a box (length h / tan e) and scene-rotation invariance. */
import { describe, expect, it } from 'vitest';
import { createGrid, rotateGridClockwise, GridError, type Grid } from './grid.ts';
import { shadowMask } from './shadow.ts';
import { syntheticCityDsm } from './synthetic.ts';

/** An isolated w × w box of height h centred in an n × n grid of `cs` cells; returns the grid and the box's
 * cell range [c0, c1) on both axes. */
function boxScene(n: number, cs: number, w: number, h: number): { g: Grid; c0: number; c1: number } {
  const g = createGrid(n, n, cs);
  const cells = Math.round(w / cs);
  const c0 = (n - cells) >> 1;
  const c1 = c0 + cells;
  for (let r = c0; r < c1; r++) for (let c = c0; c < c1; c++) g.values[r * n + c] = h;
  return { g, c0, c1 };
}

describe('shadow mask', () => {
  it('an isolated box casts a shadow h / tan(e) long (within one cell) towards each of four sun directions', () => {
    for (const cs of [1, 0.5]) {
      for (const elevation of [20, 35, 60]) {
        const h = 15;
        const { g, c0, c1 } = boxScene(Math.round(200 / cs), cs, 10, h);
        const n = g.width;
        const expected = h / Math.tan((elevation * Math.PI) / 180);
        const mid = (c0 + c1) >> 1;
        // sun azimuth → step (dc, dr) of the shadow on the grid and the box edge it starts from
        const cases: Array<[number, number, number, number]> = [
          [0, 0, 1, c1 - 1], // sun in the north: shadow towards the south (+row)
          [90, -1, 0, c0], // sun in the east: shadow towards the west (−col)
          [180, 0, -1, c0],
          [270, 1, 0, c1 - 1],
        ];
        for (const [az, dc, dr, edge] of cases) {
          const { mask } = shadowMask(g, az, elevation);
          let len = 0;
          for (let k = 1; ; k++) {
            const c = dc ? edge + dc * k : mid;
            const r = dr ? edge + dr * k : mid;
            if (c < 0 || r < 0 || c >= n || r >= n || mask.values[r * n + c] !== 1) break;
            len = k * cs;
          }
          expect(Math.abs(len - expected), `cs ${cs} e ${elevation} az ${az}`).toBeLessThanOrEqual(cs);
          // Nothing on the sunny side, and the roof is lit.
          const sunny = dc ? [mid, edge - dc * (c1 - c0 + 2)] : [edge - dr * (c1 - c0 + 2), mid]; // [row, col]
          expect(mask.values[sunny[0] * n + sunny[1]]).toBe(0);
          expect(mask.values[mid * n + mid]).toBe(0);
        }
      }
    }
  });

  it('oblique sun: the farthest shadow point is h / tan(e) beyond the box along the shadow direction', () => {
    const cs = 1;
    const h = 12;
    const elevation = 30;
    const { g, c0, c1 } = boxScene(160, cs, 10, h);
    const n = g.width;
    const expected = h / Math.tan((elevation * Math.PI) / 180);
    for (const az of [30, 135, 210, 315]) {
      const { mask } = shadowMask(g, az, elevation);
      // Shadow direction (away from the sun) in grid (col, −row) coordinates.
      const ux = -Math.sin((az * Math.PI) / 180);
      const uy = -Math.cos((az * Math.PI) / 180);
      let boxFar = -Infinity;
      for (const c of [c0, c1]) for (const r of [c0, c1]) boxFar = Math.max(boxFar, c * ux - r * uy); // box corners (cell edges)
      let far = -Infinity;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (mask.values[r * n + c] === 1) far = Math.max(far, (c + 0.5) * ux - (r + 0.5) * uy);
      expect(Math.abs((far - boxFar) * cs - expected), `az ${az}`).toBeLessThanOrEqual(1.5 * cs);
    }
  });

  it('rotating the scene by 90° together with the sun rotates the mask', () => {
    const g = syntheticCityDsm(180, 130, 1, 7);
    const r = rotateGridClockwise(g);
    for (const [az, el] of [
      [20, 25],
      [135, 40],
      [250, 12],
    ]) {
      const a = rotateGridClockwise(shadowMask(g, az, el).mask).values;
      const b = shadowMask(r, az + 90, el).mask.values;
      let diff = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
      expect(diff, `az ${az}`).toBe(0);
      expect(a.reduce((s, v) => s + v, 0)).toBeGreaterThan(1000); // the scene does cast shadows
    }
  });

  it('defined results for flat ground, the sun at or below the horizon or at the zenith, and no-data cells', () => {
    const flat = createGrid(30, 20, 1, 0, 0, 5);
    expect(shadowMask(flat, 123, 10).shadedCells).toBe(0);
    const { g } = boxScene(40, 1, 6, 10);
    const below = shadowMask(g, 180, -3);
    expect(below.shadedCells).toBe(40 * 40);
    expect(shadowMask(g, 180, 0).shadedCells).toBe(40 * 40);
    expect(shadowMask(g, 180, 90).shadedCells).toBe(0);
    const holes = createGrid(10, 10, 1);
    holes.values[55] = NaN;
    holes.values[3] = 20;
    const res = shadowMask(holes, 0, 45);
    expect(res.missingCells).toBe(1);
    expect(Number.isNaN(res.mask.values[55])).toBe(true);
    expect([...res.mask.values].filter((v) => Number.isNaN(v))).toHaveLength(1);
    // The 20 m cell in row 0 shades the cells south of it (rows 1…), the no-data cell casts nothing.
    expect(res.mask.values[13]).toBe(1);
    const none = createGrid(4, 4, 1, 0, 0, NaN);
    expect(() => shadowMask(none, 0, 45)).toThrow(GridError);
    expect(() => shadowMask(flat, NaN, 45)).toThrow(RangeError);
  });
});
