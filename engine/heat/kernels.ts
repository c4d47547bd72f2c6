/**
 * Neighbourhood operators on row-major cell arrays (row 0 = north, as engine/raster/grid.ts): disc sums by row
 * prefix sums (O(cells × disc diameter)), an edge-renormalised separable Gaussian, a scatter with an
 * exponentially decaying disc kernel, and the exact Euclidean distance transform of Felzenszwalb &
 * Huttenlocher (2012, "Distance transforms of sampled functions", Theory of Computing 8: 415–428).
 * Distances are measured between cell centres; radii are in cells.
 */
import * as dmath from '../math/dmath.ts';
import { fft2d, nextPowerOfTwo } from '../math/fft.ts';

/** Half-widths of a disc of radius r (cells) per row offset −R … R, R = floor(r): cells with dx² + dy² ≤ r². */
export function discHalfWidths(r: number): Int32Array {
  const R = Math.floor(r + 1e-9);
  const hw = new Int32Array(2 * R + 1);
  for (let dy = -R; dy <= R; dy++) hw[dy + R] = Math.floor(Math.sqrt(Math.max(0, r * r - dy * dy)) + 1e-9);
  return hw;
}

/** Sum of `src` over the disc of half-widths `hw` around every cell, using `prefix` (row prefix sums) as scratch. */
function discSum(src: ArrayLike<number>, width: number, height: number, hw: Int32Array, prefix: Float64Array): Float64Array {
  const R = (hw.length - 1) / 2;
  const W1 = width + 1;
  for (let row = 0; row < height; row++) {
    let s = 0;
    const base = row * W1;
    const i0 = row * width;
    prefix[base] = 0;
    for (let col = 0; col < width; col++) {
      s += src[i0 + col];
      prefix[base + col + 1] = s;
    }
  }
  const out = new Float64Array(width * height);
  for (let row = 0; row < height; row++) {
    const o = row * width;
    const y0 = Math.max(-R, -row);
    const y1 = Math.min(R, height - 1 - row);
    for (let dy = y0; dy <= y1; dy++) {
      const h = hw[dy + R];
      const p = (row + dy) * W1;
      // Interior columns need no clipping; the edges clip the span to the grid.
      const lo = Math.min(h, width);
      const hi = Math.max(lo, width - h);
      for (let col = 0; col < lo; col++) out[o + col] += prefix[p + Math.min(width, col + h + 1)] - prefix[p + Math.max(0, col - h)];
      const a = p + h + 1;
      const b = p - h;
      for (let col = lo; col < hi; col++) out[o + col] += prefix[a + col] - prefix[b + col];
      for (let col = hi; col < width; col++) out[o + col] += prefix[p + Math.min(width, col + h + 1)] - prefix[p + Math.max(0, col - h)];
    }
  }
  return out;
}

/**
 * Sums of each source array over the disc of radius `r` cells around every cell (cells outside the grid
 * contribute nothing). Returns one Float64Array per source.
 */
export function discSums(sources: ArrayLike<number>[], width: number, height: number, r: number): Float64Array[] {
  if (r < 1) return sources.map((s) => Float64Array.from(s as ArrayLike<number>));
  const hw = discHalfWidths(r);
  let prefix: Float64Array | null = null;
  return sources.map((src) => {
    const hit = recentDiscSum(src, width, height, r);
    if (hit) return hit;
    const out = discSum(src, width, height, hw, (prefix ??= new Float64Array(height * (width + 1))));
    rememberDiscSum(src, width, height, r, out);
    return out;
  });
}

/**
 * Recent disc sums with a copy of the values they were computed from. Scenario runs on the same buildings sum the
 * same morphology fields again (only the fields that depend on traffic, energy or levers change), so a source equal
 * to a recent one — same grid, radius and values, compared exactly — gets a copy of the stored result. Bounded in
 * memory (oldest dropped first); float arrays only.
 */
const discMemo: Array<{ key: number; width: number; height: number; r: number; src: Float32Array | Float64Array; out: Float64Array }> = [];
let discMemoBytes = 0;
const DISC_MEMO_BYTES = 64e6;

/** FNV-1a over the 32-bit words of a float array (a bucket key; matches are confirmed value by value). */
function wordsHash(a: Float32Array | Float64Array): number {
  const w = new Uint32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w[i], 0x01000193);
  return h >>> 0;
}

const isFloatArray = (a: ArrayLike<number>): a is Float32Array | Float64Array => a instanceof Float64Array || a instanceof Float32Array;

function sameValues(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function recentDiscSum(src: ArrayLike<number>, width: number, height: number, r: number): Float64Array | null {
  if (!isFloatArray(src)) return null;
  const key = wordsHash(src);
  for (let i = discMemo.length - 1; i >= 0; i--) {
    const e = discMemo[i];
    if (e.key === key && e.width === width && e.height === height && e.r === r && sameValues(e.src, src)) return e.out.slice();
  }
  return null;
}

function rememberDiscSum(src: ArrayLike<number>, width: number, height: number, r: number, out: Float64Array): void {
  if (!isFloatArray(src)) return;
  const e = { key: wordsHash(src), width, height, r, src: src.slice(), out: out.slice() };
  discMemo.push(e);
  discMemoBytes += e.src.byteLength + e.out.byteLength;
  while (discMemoBytes > DISC_MEMO_BYTES && discMemo.length > 1) {
    const old = discMemo.shift()!;
    discMemoBytes -= old.src.byteLength + old.out.byteLength;
  }
}

/**
 * Gaussian smoothing of `values` with standard deviation `sigma` cells truncated at `radius` cells, separable,
 * renormalised by the kernel weight inside the grid (so edges are not pulled towards 0). Returns a new array.
 */
export function gaussianSmooth(values: ArrayLike<number>, width: number, height: number, sigma: number, radius: number): Float32Array {
  const n = width * height;
  const R = Math.floor(radius + 1e-9);
  if (!(sigma > 0) || R < 1) return Float32Array.from(values as ArrayLike<number>);
  const k = new Float64Array(2 * R + 1);
  for (let d = -R; d <= R; d++) k[d + R] = dmath.exp(-(d * d) / (2 * sigma * sigma));
  // The kernel weight inside the grid is separable too: (Σ over the columns in reach) × (Σ over the rows).
  const norm1 = (len: number): Float64Array => {
    const w = new Float64Array(len);
    for (let i = 0; i < len; i++) for (let d = Math.max(-R, -i); d <= Math.min(R, len - 1 - i); d++) w[i] += k[d + R];
    return w;
  };
  const colNorm = norm1(width);
  const rowNorm = norm1(height);
  const tmp = new Float64Array(n);
  for (let row = 0; row < height; row++) {
    const b = row * width;
    for (let col = 0; col < width; col++) {
      let sv = 0;
      const d0 = Math.max(-R, -col);
      const d1 = Math.min(R, width - 1 - col);
      for (let d = d0; d <= d1; d++) sv += k[d + R] * values[b + col + d];
      tmp[b + col] = sv;
    }
  }
  const out = new Float32Array(n);
  const acc = new Float64Array(width);
  for (let row = 0; row < height; row++) {
    acc.fill(0);
    const d0 = Math.max(-R, -row);
    const d1 = Math.min(R, height - 1 - row);
    for (let d = d0; d <= d1; d++) {
      const w = k[d + R];
      const b = (row + d) * width;
      for (let col = 0; col < width; col++) acc[col] += w * tmp[b + col];
    }
    for (let col = 0; col < width; col++) out[row * width + col] = acc[col] / (rowNorm[row] * colNorm[col]);
  }
  return out;
}

/**
 * Weights e^(−d/decay) of the cells of a disc of radius `r` cells, by row: `rows[dy + R]` holds the weights of
 * dx = −hw … hw for that row; `total` is the sum over the disc.
 */
export function exponentialDisc(r: number, decay: number): { R: number; hw: Int32Array; rows: Float64Array[]; total: number } {
  const hw = discHalfWidths(r);
  const R = (hw.length - 1) / 2;
  const rows: Float64Array[] = [];
  let total = 0;
  for (let y = -R; y <= R; y++) {
    const h = hw[y + R];
    const row = new Float64Array(2 * h + 1);
    for (let x = -h; x <= h; x++) {
      row[x + h] = dmath.exp(-dmath.hypot(x, y) / decay);
      total += row[x + h];
    }
    rows.push(row);
  }
  return { R, hw, rows, total };
}

/**
 * out[i] = Σ_j source[j]·e^(−d_ij/decay) over cells j within `r` cells of i, divided by the weight of the full
 * disc (cells outside the grid count as zero sources). Sparse sources are scattered one kernel row at a time;
 * dense ones are convolved by FFT (same result to ~1e−15; values below 1e−12 of the largest source, which only
 * round-off produces, are set to 0 so that the result stays exactly 0 beyond the radius).
 */
export function exponentialDiscAverage(source: ArrayLike<number>, width: number, height: number, r: number, decay: number, method: 'auto' | 'scatter' | 'fft' = 'auto'): Float64Array {
  const kernel = exponentialDisc(r, decay);
  let sources = 0;
  let maxSource = 0;
  for (let i = 0; i < width * height; i++) {
    if (source[i] !== 0) sources++;
    if (source[i] > maxSource) maxSource = source[i];
  }
  let size = 0;
  for (const row of kernel.rows) size += row.length;
  const P = nextPowerOfTwo(Math.max(2, height + kernel.R));
  const Q = nextPowerOfTwo(Math.max(2, width + kernel.R));
  const fftCost = 6 * P * Q * dmath.log2(P * Q);
  const scatter = method === 'scatter' || (method === 'auto' && sources * size <= fftCost);
  return scatter ? scatterDisc(source, width, height, kernel) : fftDisc(source, width, height, kernel, P, Q, maxSource);
}


type DiscKernel = ReturnType<typeof exponentialDisc>;

function scatterDisc(source: ArrayLike<number>, width: number, height: number, { R, hw, rows, total }: DiscKernel): Float64Array {
  const out = new Float64Array(width * height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const s = source[row * width + col];
      if (s === 0) continue;
      const v = s / total;
      const y0 = Math.max(-R, -row);
      const y1 = Math.min(R, height - 1 - row);
      for (let dy = y0; dy <= y1; dy++) {
        const h = hw[dy + R];
        const k = rows[dy + R];
        const x0 = Math.max(-h, -col);
        const x1 = Math.min(h, width - 1 - col);
        const base = (row + dy) * width + col;
        for (let dx = x0; dx <= x1; dx++) out[base + dx] += v * k[dx + h];
      }
    }
  }
  return out;
}

function fftDisc(source: ArrayLike<number>, width: number, height: number, { R, hw, rows, total }: DiscKernel, P: number, Q: number, maxSource: number): Float64Array {
  const sr = new Float64Array(P * Q);
  const si = new Float64Array(P * Q);
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) sr[row * Q + col] = source[row * width + col];
  const kr = new Float64Array(P * Q);
  const ki = new Float64Array(P * Q);
  for (let dy = -R; dy <= R; dy++) {
    const h = hw[dy + R];
    for (let dx = -h; dx <= h; dx++) kr[((dy + P) % P) * Q + ((dx + Q) % Q)] = rows[dy + R][dx + h] / total;
  }
  fft2d(sr, si, Q, P);
  fft2d(kr, ki, Q, P);
  for (let i = 0; i < P * Q; i++) {
    const a = sr[i] * kr[i] - si[i] * ki[i];
    si[i] = sr[i] * ki[i] + si[i] * kr[i];
    sr[i] = a;
  }
  fft2d(sr, si, Q, P, true); // the inverse divides by P · Q
  const out = new Float64Array(width * height);
  const eps = 1e-12 * maxSource;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const v = sr[row * Q + col];
      out[row * width + col] = v > eps ? v : 0;
    }
  }
  return out;
}

/** 1-D squared distance transform of f (length n) into d (Felzenszwalb & Huttenlocher, algorithm DT(f)). */
function dt1(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (f[v[k]] === Infinity) {
      v[k] = q;
      continue;
    }
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (f[v[0]] === Infinity) {
    d.fill(Infinity, 0, n);
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    d[q] = (q - v[k]) * (q - v[k]) + f[v[k]];
  }
}

/** Euclidean distance (in cells, centre to centre) from every cell to the nearest cell with mask ≠ 0; Infinity if none. */
export function distanceTransform(mask: ArrayLike<number>, width: number, height: number): Float64Array {
  const n = width * height;
  const g = new Float64Array(n);
  const L = Math.max(width, height);
  const f = new Float64Array(L);
  const d = new Float64Array(L);
  const v = new Int32Array(L);
  const z = new Float64Array(L + 1);
  for (let col = 0; col < width; col++) {
    for (let row = 0; row < height; row++) f[row] = mask[row * width + col] ? 0 : Infinity;
    dt1(f, height, d, v, z);
    for (let row = 0; row < height; row++) g[row * width + col] = d[row];
  }
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) f[col] = g[row * width + col];
    dt1(f, width, d, v, z);
    for (let col = 0; col < width; col++) g[row * width + col] = Math.sqrt(d[col]);
  }
  return g;
}
