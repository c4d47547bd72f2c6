/**
 * Bounded-radius sky view factor and shade (sky.ts): a long wall against the analytic horizon of each azimuth
 * (tan β = H·cos φ / distance to its face) with the radius including or excluding it; the wall's shadow length
 * H / tan e; any window of a DSM gives the whole DSM's values bit for bit at least one radius from its edges
 * (and not closer: the margin is needed); agreement with the unbounded engine (engine/raster/svf.ts,
 * shadow.ts) when the radius covers the grid; window rasterisation equal to engine/raster/rasterize.ts.
 */
import { describe, expect, it } from 'vitest';
import { boundedSky, rasterizeWindow, skyMarginCells, type SunPosition } from './sky.ts';
import { skyViewFactor } from '../raster/svf.ts';
import { sweepShadows } from '../raster/shadow.ts';
import { createGrid } from '../raster/grid.ts';
import { rasterizeBuildings } from '../raster/rasterize.ts';
import { buildingsFromRings, mulberry32, syntheticCityDsm } from '../raster/synthetic.ts';
import { rect } from './synthetic.ts';

/** 200 × 200 cells of 1 m, a 10 m high block over columns ≥ 120 (face at 120 cells from the west edge). */
function wall(): Float64Array {
  const z = new Float64Array(200 * 200);
  for (let r = 0; r < 200; r++) for (let c = 120; c < 200; c++) z[r * 200 + c] = 10;
  return z;
}
const win = (heights: ArrayLike<number>, width: number, height: number, cellSizeM = 1, col0 = 0, row0 = 0) => ({ heights, width, height, cellSizeM, col0, row0 });
const sin2 = (t: number): number => (t * t) / (1 + t * t);

describe('bounded sky view factor: analytic wall', () => {
  // Observer at column 100, row 100: the wall's near face is 19.5 m away (cell centre to the face, the
  // prism convention). With 8 azimuths the wall is seen towards E (distance 19.5 m) and NE / SE (19.5·√2 m);
  // on those diagonals the digital line steps one column and one row, so the distances are exact.
  const z = wall();
  const at = 100 * 200 + 100;
  const t0 = 10 / 19.5;
  const t45 = 10 / (19.5 * Math.SQRT2);
  it('whole horizon: 1 − (sin²β_E + 2 sin²β_NE) / 8', () => {
    const r = boundedSky(win(z, 200, 200), { directions: 8, radiusM: 1000, suns: [] });
    expect(r.svf[at]).toBeCloseTo(1 - (sin2(t0) + 2 * sin2(t45)) / 8, 6);
  });
  it('a radius that reaches the wall towards E (20 steps of 1 m) but not on the diagonals (15 steps of √2 m)', () => {
    const r = boundedSky(win(z, 200, 200), { directions: 8, radiusM: 22, suns: [] });
    expect(r.svf[at]).toBeCloseTo(1 - sin2(t0) / 8, 6);
  });
  it('a radius short of the wall sees an open sky', () => {
    const r = boundedSky(win(z, 200, 200), { directions: 8, radiusM: 19, suns: [] });
    expect(r.svf[at]).toBe(1);
  });
});

describe('bounded shade: analytic shadow of the wall', () => {
  // Sun in the east at 30°: the ground west of the wall is shaded to H / tan 30° = 17.32 m from its face,
  // i.e. cells whose centre is 0.5 … 16.5 m from it (columns 103–119), lit from 17.5 m (column 102).
  const z = wall();
  const sun: SunPosition = { azimuthDeg: 90, elevationDeg: 30 };
  const row = (shaded: Uint16Array): number[] => Array.from(shaded.subarray(100 * 200 + 95, 100 * 200 + 120));
  it('shades 17 cells west of the face, none beyond H / tan e', () => {
    const r = boundedSky(win(z, 200, 200), { directions: 4, radiusM: 500, suns: [sun] });
    expect(row(r.shaded)).toEqual([...Array(8).fill(0), ...Array(17).fill(1)]);
  });
  it('a 10 m radius cuts the shadow at 10 cells', () => {
    const r = boundedSky(win(z, 200, 200), { directions: 4, radiusM: 10, suns: [sun] });
    expect(row(r.shaded)).toEqual([...Array(15).fill(0), ...Array(10).fill(1)]);
  });
  it('a sun below the horizon shades every cell; counts add up over sun positions', () => {
    const r = boundedSky(win(z, 200, 200), { directions: 4, radiusM: 500, suns: [sun, { azimuthDeg: 90, elevationDeg: -1 }, sun] });
    expect(row(r.shaded)).toEqual([...Array(8).fill(1), ...Array(17).fill(3)]);
  });
});

describe('windows of a DSM', () => {
  const W = 150;
  const H = 120;
  const cell = 2;
  const R = 30;
  const dsm = syntheticCityDsm(W, H, cell, 7);
  const suns: SunPosition[] = [
    { azimuthDeg: 118, elevationDeg: 35 },
    { azimuthDeg: 200, elevationDeg: 61 },
    { azimuthDeg: 262, elevationDeg: 22 },
  ];
  const opts = { directions: 16, radiusM: R, suns };
  const full = boundedSky(win(dsm.values, W, H, cell), opts);
  const crop = (c0: number, r0: number, w: number, h: number): Float32Array => {
    const out = new Float32Array(w * h);
    for (let r = 0; r < h; r++) out.set(dsm.values.subarray((r0 + r) * W + c0, (r0 + r) * W + c0 + w), r * w);
    return out;
  };
  const m = skyMarginCells(R, cell);

  for (const [c0, r0, w, h] of [[37, 21, 70, 60], [0, 50, 60, 70], [90, 0, 60, 45]] as const) {
    it(`window (${c0}, ${r0}) ${w} × ${h}: equal to the whole DSM bit for bit one radius (${m} cells) inside its cut edges`, () => {
      const region: [number, number, number, number] = [c0 > 0 ? m : 0, r0 > 0 ? m : 0, c0 + w < W ? w - m : w, r0 + h < H ? h - m : h];
      const r = boundedSky(win(crop(c0, r0, w, h), w, h, cell, c0, r0), { ...opts, region });
      let compared = 0;
      for (let row = region[1]; row < region[3]; row++)
        for (let col = region[0]; col < region[2]; col++) {
          const i = row * w + col;
          const j = (r0 + row) * W + c0 + col;
          expect(r.svf[i]).toBe(full.svf[j]);
          expect(r.shaded[i]).toBe(full.shaded[j]);
          compared++;
        }
      expect(compared).toBeGreaterThan(500);
      // Outside the region nothing is computed.
      if (region[0] > 0 || region[1] > 0) expect(r.svf[0]).toBeNaN();
    });
  }

  it('closer to a cut edge than the radius the values differ (the margin is needed)', () => {
    const [c0, r0, w, h] = [37, 21, 70, 60];
    const r = boundedSky(win(crop(c0, r0, w, h), w, h, cell, c0, r0), opts);
    let differ = 0;
    for (let row = 0; row < h; row++) for (let col = 0; col < w; col++) if (r.svf[row * w + col] !== full.svf[(r0 + row) * W + c0 + col]) differ++;
    expect(differ).toBeGreaterThan(50);
  });

  it('agrees with the unbounded engine when the radius covers the grid (only the digital lines differ)', () => {
    const big = boundedSky(win(dsm.values, W, H, cell), { directions: 16, radiusM: 1e4, suns: [suns[2]] });
    const ref = skyViewFactor(dsm, { directions: 16 }).svf.values;
    let sum = 0;
    for (let i = 0; i < ref.length; i++) sum += Math.abs(big.svf[i] - ref[i]);
    expect(sum / ref.length).toBeLessThan(0.01);
    const heights = Float64Array.from(dsm.values);
    const flag = new Uint8Array(W * H);
    sweepShadows(heights, W, H, cell, suns[2].azimuthDeg, suns[2].elevationDeg, { shadedFlag: flag });
    let disagree = 0;
    for (let i = 0; i < flag.length; i++) if (flag[i] !== big.shaded[i]) disagree++;
    expect(disagree / flag.length).toBeLessThan(0.02);
  });

  it('is deterministic and leaves its input alone', () => {
    const copy = Float32Array.from(dsm.values);
    const again = boundedSky(win(dsm.values, W, H, cell), opts);
    expect(Array.from(again.svf)).toEqual(Array.from(full.svf));
    expect(Array.from(dsm.values)).toEqual(Array.from(copy));
  });

  it('names bad input', () => {
    const bad = Float32Array.from(dsm.values);
    bad[5 * W + 7] = NaN;
    expect(() => boundedSky(win(bad, W, H, cell), opts)).toThrow(/height 757 \(row 5, column 7\) is not finite/);
    expect(() => boundedSky(win(dsm.values, W, H, cell), { ...opts, radiusM: 0 })).toThrow(/radius/);
    expect(() => boundedSky(win(dsm.values, W, H, cell), { ...opts, region: [0, 0, W + 1, H] })).toThrow(/region/);
  });
});

describe('rasterizeWindow', () => {
  it('gives the cells and building ids of rasterizeBuildings on the whole grid', () => {
    const rnd = mulberry32(3);
    const features: number[][][] = [];
    const heights: number[] = [];
    for (let i = 0; i < 120; i++) {
      features.push([rect(rnd() * 380, rnd() * 280, 3 + rnd() * 30, 3 + rnd() * 25)]);
      heights.push(i % 17 === 0 ? NaN : 3 + Math.floor(rnd() * 8) * 3);
    }
    const b = buildingsFromRings(features, heights);
    const grid = createGrid(200, 150, 2, 0, 300);
    const ref = rasterizeBuildings(b, grid);
    for (const w of [[0, 0, 200, 150], [33, 17, 120, 101], [150, 90, 200, 150]] as Array<[number, number, number, number]>) {
      const r = rasterizeWindow(b.footprint, b.heightM, b.count, grid, w);
      const ww = w[2] - w[0];
      const expectH: number[] = [];
      const expectId: number[] = [];
      for (let row = w[1]; row < w[3]; row++)
        for (let col = w[0]; col < w[2]; col++) {
          expectH.push(grid.values[row * 200 + col]);
          expectId.push(ref.buildingId[row * 200 + col]);
        }
      expect(r.heights.length).toBe(ww * (w[3] - w[1]));
      expect(Array.from(r.heights)).toEqual(expectH);
      expect(Array.from(r.buildingId)).toEqual(expectId);
    }
  });
});
