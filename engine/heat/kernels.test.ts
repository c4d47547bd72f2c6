/** Neighbourhood operators against brute force, and the invariants of the smoothing. */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../raster/synthetic.ts';
import { discSums, distanceTransform, exponentialDiscAverage, gaussianSmooth } from './kernels.ts';

const W = 37;
const H = 23;
const rnd = mulberry32(11);
const field = Float64Array.from({ length: W * H }, () => (rnd() < 0.3 ? rnd() : 0));

describe('heat kernels', () => {
  it('disc sums equal brute-force sums over cells with dx² + dy² ≤ r²', () => {
    for (const r of [0.5, 1, 2.5, 4, 7.9]) {
      const [got] = discSums([field], W, H, r);
      for (let row = 0; row < H; row++) {
        for (let col = 0; col < W; col++) {
          let s = 0;
          for (let rr = 0; rr < H; rr++) for (let cc = 0; cc < W; cc++) if ((rr - row) ** 2 + (cc - col) ** 2 <= r * r + 1e-9) s += field[rr * W + cc];
          expect(got[row * W + col]).toBeCloseTo(s, 10);
        }
      }
    }
  });

  it('disc sums of values summed before are the same numbers, in a new array; a change of one value is seen', () => {
    const a = Float64Array.from({ length: W * H }, () => rnd());
    const [first] = discSums([a.slice()], W, H, 3.5);
    const [again] = discSums([a.slice()], W, H, 3.5); // equal values in another array: from the memo
    expect(Array.from(again)).toEqual(Array.from(first));
    again[0] = -1; // callers own what they get
    expect(discSums([a.slice()], W, H, 3.5)[0][0]).toBe(first[0]);
    const b = a.slice();
    b[W * 5 + 7] += 1e-12;
    const [changed] = discSums([b], W, H, 3.5);
    expect(changed[W * 5 + 7]).not.toBe(first[W * 5 + 7]);
    expect(discSums([a.slice()], W, H, 2.5)[0][0]).not.toBe(first[0]); // another radius
  });

  it('the exponential disc average equals its brute-force definition and is zero beyond the radius', () => {
    const r = 5;
    const got = exponentialDiscAverage(field, W, H, r, r, 'scatter');
    const auto = exponentialDiscAverage(field, W, H, r, r);
    for (let i = 0; i < W * H; i++) expect(auto[i]).toBeCloseTo(got[i], 14);
    let total = 0;
    for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) if (dx * dx + dy * dy <= 25) total += Math.exp(-Math.hypot(dx, dy) / r);
    for (let row = 0; row < H; row++) {
      for (let col = 0; col < W; col++) {
        let s = 0;
        for (let rr = 0; rr < H; rr++) for (let cc = 0; cc < W; cc++) if ((rr - row) ** 2 + (cc - col) ** 2 <= 25) s += field[rr * W + cc] * Math.exp(-Math.hypot(rr - row, cc - col) / r);
        expect(got[row * W + col]).toBeCloseTo(s / total, 12);
      }
    }
    // The FFT path (taken for dense sources): same values.
    const dense = Float64Array.from({ length: W * H }, () => 0.1 + rnd());
    const viaFft = exponentialDiscAverage(dense, W, H, r, r, 'fft');
    for (let row = 0; row < H; row += 3) {
      for (let col = 0; col < W; col += 3) {
        let s = 0;
        for (let rr = 0; rr < H; rr++) for (let cc = 0; cc < W; cc++) if ((rr - row) ** 2 + (cc - col) ** 2 <= 25) s += dense[rr * W + cc] * Math.exp(-Math.hypot(rr - row, cc - col) / r);
        expect(viaFft[row * W + col]).toBeCloseTo(s / total, 12);
      }
    }
    // A dense block far from a corner: exactly 0 beyond the radius through the FFT path too.
    const block = new Float64Array(W * H);
    for (let row = 0; row < H; row++) for (let col = 20; col < W; col++) block[row * W + col] = 0.5;
    const b = exponentialDiscAverage(block, W, H, r, r, 'fft');
    expect(b[5 * W + 14]).toBe(0);
    expect(b[5 * W + 15]).toBeGreaterThan(0);
    const one = new Float64Array(W * H);
    one[10 * W + 10] = 1;
    const e = exponentialDiscAverage(one, W, H, 5, 5);
    expect(e[10 * W + 16]).toBe(0);
    expect(e[10 * W + 15]).toBeGreaterThan(0);
  });

  it('Gaussian smoothing keeps a uniform field, conserves a centred pulse and reaches no farther than its radius', () => {
    const u = gaussianSmooth(new Float64Array(W * H).fill(3.5), W, H, 2, 6);
    for (const v of u) expect(v).toBeCloseTo(3.5, 5);
    const pulse = new Float64Array(W * H);
    pulse[11 * W + 18] = 1;
    const s = gaussianSmooth(pulse, W, H, 2, 6);
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(s[11 * W + 25]).toBe(0);
    expect(s[11 * W + 24]).toBeGreaterThan(0);
    expect(s[11 * W + 19]).toBeCloseTo(s[11 * W + 17], 7);
  });

  it('the distance transform equals the brute-force nearest distance', () => {
    const mask = Uint8Array.from({ length: W * H }, () => (rnd() < 0.02 ? 1 : 0));
    mask[0] = 1;
    const d = distanceTransform(mask, W, H);
    for (let row = 0; row < H; row++) {
      for (let col = 0; col < W; col++) {
        let best = Infinity;
        for (let i = 0; i < W * H; i++) if (mask[i]) best = Math.min(best, Math.hypot(Math.floor(i / W) - row, (i % W) - col));
        expect(d[row * W + col]).toBeCloseTo(best, 9);
      }
    }
    expect(distanceTransform(new Uint8Array(6), 3, 2).every((v) => v === Infinity)).toBe(true);
  });
});
