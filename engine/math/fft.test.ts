/**
 * FFTs against the definition of the discrete Fourier transform, the inverse round trip, and the convolution
 * theorem against a direct circular convolution (the use made of it by engine/air/far-field.ts and the heat model's
 * disc averages).
 */
import { describe, expect, it } from 'vitest';
import { fft1d, fft2d, irfft2d, isPowerOfTwo, nextPowerOfTwo, rfft2d } from './fft.ts';

function random(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5);
}

describe('fft', () => {
  it('equals the DFT X_k = Σ x_n exp(−2πi kn/N)', () => {
    for (const n of [1, 2, 8, 64]) {
      const xr = random(n, 3);
      const xi = random(n, 5);
      const re = xr.slice();
      const im = xi.slice();
      fft1d(re, im);
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          const a = (-2 * Math.PI * k * j) / n;
          sr += xr[j] * Math.cos(a) - xi[j] * Math.sin(a);
          si += xr[j] * Math.sin(a) + xi[j] * Math.cos(a);
        }
        expect(re[k]).toBeCloseTo(sr, 12);
        expect(im[k]).toBeCloseTo(si, 12);
      }
    }
  });

  it('transforms columns (by strips) with exactly the arithmetic of the one-dimensional transform', () => {
    // fft2d's column strips run the butterflies across several columns; each column must come out bit for bit as
    // fft1d gives it (both directions, strips of 16 and a narrower last one).
    for (const inverse of [false, true]) {
      const nx = 21;
      const ny = 32;
      const re = random(nx * ny, 11);
      const im = random(nx * ny, 13);
      const want = { re: re.slice(), im: im.slice() };
      for (let c = 0; c < nx; c++) {
        const cr = Float64Array.from({ length: ny }, (_, r) => want.re[r * nx + c]);
        const ci = Float64Array.from({ length: ny }, (_, r) => want.im[r * nx + c]);
        fft1d(cr, ci, inverse);
        for (let r = 0; r < ny; r++) {
          want.re[r * nx + c] = cr[r];
          want.im[r * nx + c] = ci[r];
        }
      }
      fft2d(re, im, nx, ny, inverse, [0, 0]); // no row pass: columns only
      expect(Array.from(re)).toEqual(Array.from(want.re));
      expect(Array.from(im)).toEqual(Array.from(want.im));
    }
  });

  it('inverts itself in two dimensions', () => {
    const nx = 16;
    const ny = 8;
    const xr = random(nx * ny, 7);
    const re = xr.slice();
    const im = new Float64Array(nx * ny);
    fft2d(re, im, nx, ny);
    fft2d(re, im, nx, ny, true);
    for (let i = 0; i < re.length; i++) {
      expect(re[i]).toBeCloseTo(xr[i], 13);
      expect(im[i]).toBeCloseTo(0, 13);
    }
  });

  it('multiplying spectra is a circular convolution (two real fields packed in one complex)', () => {
    const nx = 8;
    const ny = 16;
    const a = random(nx * ny, 11);
    const b = random(nx * ny, 13);
    const k = random(nx * ny, 17);
    const re = a.slice();
    const im = b.slice();
    const kr = k.slice();
    const ki = new Float64Array(nx * ny);
    fft2d(re, im, nx, ny);
    fft2d(kr, ki, nx, ny);
    for (let i = 0; i < re.length; i++) {
      const r = re[i] * kr[i] - im[i] * ki[i];
      im[i] = re[i] * ki[i] + im[i] * kr[i];
      re[i] = r;
    }
    fft2d(re, im, nx, ny, true);
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let ca = 0;
        let cb = 0;
        for (let v = 0; v < ny; v++)
          for (let u = 0; u < nx; u++) {
            const kk = k[((y - v + ny) % ny) * nx + ((x - u + nx) % nx)];
            ca += a[v * nx + u] * kk;
            cb += b[v * nx + u] * kk;
          }
        expect(re[y * nx + x]).toBeCloseTo(ca, 12);
        expect(im[y * nx + x]).toBeCloseTo(cb, 12);
      }
  });

  it('pruned row passes give the same numbers where they are promised', () => {
    const nx = 16;
    const ny = 16;
    const data = random(nx * ny, 19);
    for (let r = 0; r < ny; r++) if (r < 3 || r >= 11) data.fill(0, r * nx, (r + 1) * nx);
    const full = [data.slice(), new Float64Array(nx * ny)];
    const pruned = [data.slice(), new Float64Array(nx * ny)];
    fft2d(full[0], full[1], nx, ny);
    fft2d(pruned[0], pruned[1], nx, ny, false, [3, 11]);
    for (let i = 0; i < nx * ny; i++) expect(pruned[0][i]).toBeCloseTo(full[0][i], 12);
    fft2d(full[0], full[1], nx, ny, true);
    fft2d(pruned[0], pruned[1], nx, ny, true, [5, 9]);
    for (let i = 5 * nx; i < 9 * nx; i++) {
      expect(pruned[0][i]).toBeCloseTo(full[0][i], 12);
      expect(pruned[0][i]).toBeCloseTo(data[i], 12);
    }
  });

  it('the real transform gives the half spectrum of the complex one, and inverts itself', () => {
    const nx = 16;
    const ny = 8;
    const x = random(nx * ny, 23);
    const re = x.slice();
    const im = new Float64Array(nx * ny);
    fft2d(re, im, nx, ny);
    const H = nx / 2 + 1;
    const hr = new Float64Array(H * ny);
    const hi = new Float64Array(H * ny);
    rfft2d(x, nx, ny, hr, hi);
    for (let r = 0; r < ny; r++)
      for (let k = 0; k < H; k++) {
        expect(hr[r * H + k]).toBeCloseTo(re[r * nx + k], 12);
        expect(hi[r * H + k]).toBeCloseTo(im[r * nx + k], 12);
      }
    const back = new Float64Array(nx * ny);
    irfft2d(hr, hi, nx, ny, back);
    for (let i = 0; i < x.length; i++) expect(back[i]).toBeCloseTo(x[i], 12);
  });

  it('sizes are powers of two', () => {
    expect([1, 2, 1024].map(isPowerOfTwo)).toEqual([true, true, true]);
    expect([0, 3, 1000, 1.5].map(isPowerOfTwo)).toEqual([false, false, false, false]);
    expect(nextPowerOfTwo(1000)).toBe(1024);
    expect(() => fft1d(new Float64Array(6), new Float64Array(6))).toThrow(/power of two, got 6/);
    expect(() => fft2d(new Float64Array(8), new Float64Array(8), 4, 4)).toThrow(/8 and 8 values for 4 × 4/);
  });
});
