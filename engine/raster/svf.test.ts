/**
 * Sky view factor against analytic values of the cosine-weighted definition: infinite street canyon
 * (cos(atan(2H/W)) at the centre), a single infinite wall (½(1 + cos(atan(H/D)))), open ground (1); against a
 * brute-force horizon search along the same lines; and under quarter turns of the scene.
 */
import { describe, expect, it } from 'vitest';
import { createGrid, rotateGridClockwise, GridError, type Grid } from './grid.ts';
import { skyViewFactor } from './svf.ts';
import { LineSweep } from './sweep.ts';
import { mulberry32, syntheticCityDsm } from './synthetic.ts';

/** Canyon of width `w` m between walls of height `h`, running north–south (or east–west when `eastWest`). */
function canyon(w: number, h: number, cs: number, length: number, eastWest = false): { g: Grid; centre: number } {
  const cells = Math.round(w / cs);
  const wall = 3;
  const across = cells + 2 * wall;
  const along = Math.round(length / cs);
  const W = eastWest ? along : across;
  const H = eastWest ? across : along;
  const g = createGrid(W, H, cs);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      const a = eastWest ? r : c;
      if (a < wall || a >= wall + cells) g.values[r * W + c] = h;
    }
  }
  const mid = wall + ((cells - 1) >> 1); // odd `cells`: the centre cell
  const centre = eastWest ? mid * W + (W >> 1) : (H >> 1) * W + mid;
  return { g, centre };
}

describe('sky view factor', () => {
  it('infinite street canyon: SVF at the centre = cos(atan(2H/W)) within 0.01 for H/W = 0.5, 1, 2', () => {
    const W = 21; // odd number of 1 m cells: a cell centre on the axis
    for (const hw of [0.5, 1, 2]) {
      for (const eastWest of [false, true]) {
        const { g, centre } = canyon(W, hw * W, 1, 1000, eastWest);
        const v = skyViewFactor(g, { directions: 32 }).svf.values[centre];
        const expected = Math.cos(Math.atan(2 * hw));
        expect(Math.abs(v - expected), `H/W ${hw}`).toBeLessThan(0.01);
      }
    }
    expect(Math.cos(Math.atan(2))).toBeCloseTo(0.4472, 4);
  });

  it('single infinite wall of height H at distance D: SVF = ½(1 + cos(atan(H/D)))', () => {
    const g = createGrid(40, 1200, 1);
    for (let r = 0; r < 1200; r++) for (let c = 0; c < 5; c++) g.values[r * 40 + c] = 20;
    const s = skyViewFactor(g, { directions: 64 }).svf.values;
    for (const col of [10, 20, 30]) {
      const d = col + 0.5 - 5; // wall face at x = 5
      expect(s[600 * 40 + col]).toBeCloseTo(0.5 * (1 + Math.cos(Math.atan(20 / d))), 2);
    }
  });

  it('flat open ground has SVF = 1 everywhere', () => {
    const g = createGrid(50, 40, 2, 0, 0, 37.5);
    const s = skyViewFactor(g, { directions: 16 }).svf.values;
    expect(s.every((v) => v === 1)).toBe(true);
  });

  it('equals a brute-force horizon search along the same lines', () => {
    const g = createGrid(23, 17, 1.5);
    const rnd = mulberry32(3);
    for (let i = 0; i < g.values.length; i++) g.values[i] = rnd() < 0.3 ? rnd() * 30 : rnd();
    const N = 12;
    const fast = skyViewFactor(g, { directions: N }).svf.values;
    const acc = new Float64Array(g.values.length);
    const sweep = new LineSweep(g.width, g.height);
    const idx = new Int32Array(64);
    for (let d = 0; d < N; d++) {
      sweep.setAzimuth((d * 360) / N);
      const step = sweep.stepCells * g.cellSizeM;
      for (let l = 0; l < sweep.lineCount; l++) {
        const n = sweep.line(l, idx);
        for (let k = 0; k < n; k++) {
          let best = 0; // max tangent towards the azimuth of travel, obstacles at their near edge
          for (let q = k + 1; q < n; q++) best = Math.max(best, (g.values[idx[q]] - g.values[idx[k]]) / ((q - k - 0.5) * step));
          acc[idx[k]] += Math.sin(Math.atan(best)) ** 2;
        }
      }
    }
    let maxErr = 0;
    for (let i = 0; i < acc.length; i++) maxErr = Math.max(maxErr, Math.abs(1 - acc[i] / N - fast[i]));
    expect(maxErr).toBeLessThan(1e-6);
    expect(Math.min(...fast)).toBeLessThan(0.8); // the random scene is not trivially open
  });

  it('rotating the scene by 90° rotates the SVF', () => {
    const g = syntheticCityDsm(150, 110, 1, 5);
    const a = rotateGridClockwise(skyViewFactor(g, { directions: 32 }).svf).values;
    const b = skyViewFactor(rotateGridClockwise(g), { directions: 32 }).svf.values;
    let maxErr = 0;
    for (let i = 0; i < a.length; i++) maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
    expect(maxErr).toBeLessThan(1e-6);
  });

  it('no-data cells give NaN there only; bad options and empty DSMs are refused', () => {
    const { g } = canyon(11, 11, 1, 100);
    g.values[5] = NaN;
    const r = skyViewFactor(g, { directions: 8 });
    expect(r.missingCells).toBe(1);
    expect(Number.isNaN(r.svf.values[5])).toBe(true);
    expect(r.svf.values.filter((v) => Number.isNaN(v))).toHaveLength(1);
    expect(r.svf.values.every((v) => Number.isNaN(v) || (v >= 0 && v <= 1))).toBe(true);
    expect(() => skyViewFactor(g, { directions: 3 })).toThrow(/directions/);
    expect(() => skyViewFactor(createGrid(3, 3, 1, 0, 0, NaN))).toThrow(GridError);
  });
});
