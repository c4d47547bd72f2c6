/**
 * The far part of a split kernel (./kernel.ts `splitKernel`) by fast convolution, as in particle–mesh methods
 * (Hockney & Eastwood, Computer Simulation Using Particles, 1988, ch. 5): the line sources are deposited on a
 * lattice of spacing G with bilinear ("cloud-in-cell") weights, the deposit is convolved with the far kernel
 * sampled on the same lattice by FFT (./fft.ts; zero padding by the kernel's reach, so there is no wrap-around),
 * and receptors read the result by bilinear interpolation. The far kernel is 0 within ρ1 and varies across its
 * plumes on scales ≥ widths · G there (./dispersion.ts `planGrid`), so the two smoothings by a tent of half-width G
 * cost a fraction of a per cent of the far part (tests against the direct sum in dispersion.test.ts).
 *
 * Cost: O(N log N) for N lattice nodes, whatever the number of sources and receptors — the pair-by-pair far part
 * it replaces grew with receptors × sources within the cutoff.
 */
import { fft2d, irfft2d, nextPowerOfTwo, rfft2d } from '../math/fft.ts';
import { kernelAt, type DispersionKernel } from './kernel.ts';
import type { LineSources } from './dispersion.ts';
import * as dmath from '../math/dmath.ts';

export interface FarField {
  /** Node (i, j) is at x = x0 + i · spacingM, y = y0 − j · spacingM (row 0 = north). */
  x0: number;
  y0: number;
  spacingM: number;
  width: number;
  height: number;
  components: number;
  /** g/m³ per component, component-major: values[c · width · height + j · width + i]. */
  values: Float64Array;
  /** FFT size used (nx × ny). */
  fftWidth: number;
  fftHeight: number;
}

interface Spectrum {
  k: DispersionKernel;
  key: string;
  re: Float64Array;
  im: Float64Array;
}

/**
 * Spectra of sampled far kernels by kernel, spacing and FFT size: the same plan on the same region (repeated runs,
 * a batch of scenarios) costs one transform less. A few are kept (16 MB each at 1 024²), most recent first.
 */
const spectra: Spectrum[] = [];
const SPECTRA_MAX = 3;

function kernelSpectrum(k: DispersionKernel, G: number, P: number, nx: number, ny: number): { re: Float64Array; im: Float64Array } {
  const key = `${G}|${P}|${nx}|${ny}`;
  const at = spectra.findIndex((e) => e.k === k && e.key === key);
  if (at >= 0) {
    const [hit] = spectra.splice(at, 1);
    spectra.unshift(hit);
    return hit;
  }
  const re = new Float64Array(nx * ny);
  const im = new Float64Array(nx * ny);
  // Entry (ix mod nx, jy mod ny) holds K at the offset receptor − source = (ix · G, −jy · G).
  for (let jy = -P; jy <= P; jy++) {
    const row = ((jy % ny) + ny) % ny;
    for (let ix = -P; ix <= P; ix++) re[row * nx + (((ix % nx) + nx) % nx)] = kernelAt(k, ix * G, -jy * G);
  }
  fft2d(re, im, nx, ny);
  // Undo the bilinear deposit: its transfer function is sinc²(πm/n) per axis (m the signed frequency index).
  const tx = depositTransfer(nx);
  const ty = depositTransfer(ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const d = 1 / (tx[i] * ty[j]);
      re[j * nx + i] *= d;
      im[j * nx + i] *= d;
    }
  spectra.unshift({ k, key, re, im });
  if (spectra.length > SPECTRA_MAX) spectra.length = SPECTRA_MAX;
  return { re, im };
}

/** sinc²(π m / n) for the DFT frequencies m = 0 … n − 1 (signed: m − n above n / 2). */
function depositTransfer(n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = i <= n / 2 ? i : i - n;
    const x = (Math.PI * m) / n;
    t[i] = m === 0 ? 1 : dmath.sq(dmath.sin(x) / x);
  }
  return t;
}

/**
 * Far-part concentrations on a lattice covering `region` [xmin, ymin, xmax, ymax] (local m) for the sources `src`
 * and the far kernel `far` (its `innerM` > 0), lattice spacing `spacingM`.
 */
export function farFieldFFT(src: LineSources, far: DispersionKernel, region: [number, number, number, number], spacingM: number): FarField {
  const G = spacingM;
  const [rx0, ry0, rx1, ry1] = region;
  if (!(G > 0) || ![rx0, ry0, rx1, ry1].every(Number.isFinite) || rx1 < rx0 || ry1 < ry0) throw new Error(`far field: invalid region [${region.join(', ')}] or spacing ${G}`);
  const comps = src.components;
  // Receptor nodes on multiples of G; sources within the kernel's reach P nodes beyond them.
  const i0 = Math.floor(rx0 / G);
  const i1 = Math.ceil(rx1 / G);
  const j0 = Math.floor(-ry1 / G);
  const j1 = Math.ceil(-ry0 / G);
  const width = Math.max(2, i1 - i0 + 1);
  const height = Math.max(2, j1 - j0 + 1);
  const P = Math.ceil(far.cutoffM / G) + 1;
  const nx = nextPowerOfTwo(width + 2 * P);
  const ny = nextPowerOfTwo(height + 2 * P);
  if (nx * ny > 0x1000000) throw new Error(`far field: an FFT of ${nx} × ${ny} at ${G} m is too large; use a coarser lattice`);
  // Lattice index (a, b) ↔ node (i0 − P + a, j0 − P + b): x = (i0 − P + a) G, y = −(j0 − P + b) G.
  const ax = (i0 - P) * G;
  const by = -(j0 - P) * G;
  const spec = kernelSpectrum(far, G, P, nx, ny);
  const cells = width * height;
  const values = new Float64Array(comps * cells);
  const reach = far.cutoffM + G;
  const re = new Float64Array(nx * ny);
  const im = new Float64Array(nx * ny);
  for (let c0 = 0; c0 < comps; c0 += 2) {
    const two = c0 + 1 < comps;
    if (c0 > 0) {
      re.fill(0);
      im.fill(0);
    }
    // Rows of the lattice that receive sources (the others stay 0: their row transforms are skipped).
    let bMin = ny;
    let bMax = -1;
    for (let p = 0; p < src.count; p++) {
      const qa = src.q[p * comps + c0];
      const qb = two ? src.q[p * comps + c0 + 1] : 0;
      if (qa === 0 && qb === 0) continue;
      const x0 = src.ax[p];
      const y0 = src.ay[p];
      const x1 = src.bx[p];
      const y1 = src.by[p];
      if (Math.max(x0, x1) < rx0 - reach || Math.min(x0, x1) > rx1 + reach || Math.max(y0, y1) < ry0 - reach || Math.min(y0, y1) > ry1 + reach) continue;
      const L = dmath.hypot(x1 - x0, y1 - y0);
      if (!(L > 0)) continue;
      // Midpoint rule at spacing ≤ G / 4, each point spread over its four lattice nodes.
      const n = Math.ceil((4 * L) / G);
      const ds = L / n;
      for (let k = 0; k < n; k++) {
        const f = (k + 0.5) / n;
        const u = (x0 + f * (x1 - x0) - ax) / G;
        const v = (by - (y0 + f * (y1 - y0))) / G;
        const a = Math.floor(u);
        const b = Math.floor(v);
        if (a < 0 || b < 0 || a + 1 >= nx || b + 1 >= ny) continue;
        if (b < bMin) bMin = b;
        if (b > bMax) bMax = b;
        const wu = u - a;
        const wv = v - b;
        const w00 = (1 - wu) * (1 - wv) * ds;
        const w10 = wu * (1 - wv) * ds;
        const w01 = (1 - wu) * wv * ds;
        const w11 = wu * wv * ds;
        const o = b * nx + a;
        re[o] += w00 * qa;
        re[o + 1] += w10 * qa;
        re[o + nx] += w01 * qa;
        re[o + nx + 1] += w11 * qa;
        if (two) {
          im[o] += w00 * qb;
          im[o + 1] += w10 * qb;
          im[o + nx] += w01 * qb;
          im[o + nx + 1] += w11 * qb;
        }
      }
    }
    if (bMax < 0) continue; // no source in reach: these components stay 0
    const deposited: [number, number] = [bMin, bMax + 2];
    // Only the receptor rows are read back.
    const wanted: [number, number] = [P, P + height];
    if (two) {
      // Two real fields as one complex one: the kernel is real, so conv(a + ib) = conv(a) + i conv(b).
      fft2d(re, im, nx, ny, false, deposited);
      for (let k = 0; k < re.length; k++) {
        const r = re[k] * spec.re[k] - im[k] * spec.im[k];
        im[k] = re[k] * spec.im[k] + im[k] * spec.re[k];
        re[k] = r;
      }
      fft2d(re, im, nx, ny, true, wanted);
    } else {
      // One real field: half spectrum (half the work), times the kernel's columns 0 … nx/2.
      const H = nx / 2 + 1;
      const hr = new Float64Array(H * ny);
      const hi = new Float64Array(H * ny);
      rfft2d(re, nx, ny, hr, hi, deposited);
      for (let r = 0; r < ny; r++)
        for (let k = 0; k < H; k++) {
          const a = r * H + k;
          const b = r * nx + k;
          const v = hr[a] * spec.re[b] - hi[a] * spec.im[b];
          hi[a] = hr[a] * spec.im[b] + hi[a] * spec.re[b];
          hr[a] = v;
        }
      irfft2d(hr, hi, nx, ny, re, wanted);
    }
    // Receptor node (i, j) sits at lattice index (P + i, P + j).
    for (let j = 0; j < height; j++) {
      const row = (P + j) * nx + P;
      for (let i = 0; i < width; i++) {
        values[c0 * cells + j * width + i] = re[row + i];
        if (two) values[(c0 + 1) * cells + j * width + i] = im[row + i];
      }
    }
  }
  return { x0: i0 * G, y0: -j0 * G, spacingM: G, width, height, components: comps, values, fftWidth: nx, fftHeight: ny };
}

/** Bilinear value of component c of a far field at (x, y) (inside its region). */
export function farFieldAt(f: FarField, c: number, x: number, y: number): number {
  const u = (x - f.x0) / f.spacingM;
  const v = (f.y0 - y) / f.spacingM;
  const i = Math.max(0, Math.min(f.width - 2, Math.floor(u)));
  const j = Math.max(0, Math.min(f.height - 2, Math.floor(v)));
  const tu = u - i;
  const tv = v - j;
  const o = c * f.width * f.height + j * f.width + i;
  const v0 = f.values;
  const top = v0[o] + tu * (v0[o + 1] - v0[o]);
  const bottom = v0[o + f.width] + tu * (v0[o + f.width + 1] - v0[o + f.width]);
  return top + tv * (bottom - top);
}
