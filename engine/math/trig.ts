/**
 * Deterministic sin, cos, tan: ports of fdlibm 5.3 s_sin.c, s_cos.c, s_tan.c and their kernels k_sin.c, k_cos.c,
 * k_tan.c, as adapted in V8's src/base/ieee754.cc. Arguments beyond π/4 are reduced by ./rem-pio2.ts (exact
 * Payne–Hanek reduction for large ones, so every finite double is handled). Double arithmetic and word access
 * (./bits.ts) only. "Nearly rounded" (error < 1 ulp). fdlibm's tests of the high word of x are written as
 * comparisons of |x| with the double of that high word (the same predicate), and the kernels are short enough
 * for the compiler to inline them.
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */
import { fromWords, highWord, lowWord, withLowWord } from './bits.ts';
import { remPio2, remY } from './rem-pio2.ts';

// |x| thresholds: the doubles whose high word is the constant of fdlibm's word test and low word is 0.
const W_PIO4 = fromWords(0x3fe921fc, 0); // |x| < this ⟺ high word of |x| <= 0x3FE921FB (~π/4)
const W_3FD33333 = fromWords(0x3fd33333, 0); // ~0.3
const W_3FE90001 = fromWords(0x3fe90001, 0); // > 0.78125
const TWO_M27 = fromWords(0x3e400000, 0); // 2^-27

const C1 = 4.16666666666666019037e-2; // 0x3FA55555, 0x5555554C
const C2 = -1.38888888888741095749e-3; // 0xBF56C16C, 0x16C15177
const C3 = 2.48015872894767294178e-5; // 0x3EFA01A0, 0x19CB1590
const C4 = -2.75573143513906633035e-7; // 0xBE927E4F, 0x809C52AD
const C5 = 2.08757232129817482790e-9; // 0x3E21EE9E, 0xBDB4B1C4
const C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9, 0xBE8838D4

/** cos(x + y) on [−π/4, π/4], y the tail of x (fdlibm __kernel_cos: degree-14 polynomial, error < 2^-58). */
function kernelCos(x: number, y: number): number {
  const ax = Math.abs(x);
  if (ax < TWO_M27) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ax < W_3FD33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // qx = |x|/4 with the low word cleared, exactly: |x| in [0.3, 0.78125] has the exponent −2 or −1.
  let qx = 0.28125;
  if (ax < 0.5) qx = Math.floor(ax * 0x400000) / 0x1000000;
  else if (ax < W_3FE90001) qx = Math.floor(ax * 0x200000) / 0x800000;
  const iz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (iz - (z * r - x * y));
}

const S1 = -1.66666666666666324348e-1; // 0xBFC55555, 0x55555549
const S2 = 8.33333333332248946124e-3; // 0x3F811111, 0x1110F8A6
const S3 = -1.98412698298579493134e-4; // 0xBF2A01A0, 0x19C161D5
const S4 = 2.75573137070700676789e-6; // 0x3EC71DE3, 0x57B1FE7D
const S5 = -2.50507602534068634195e-8; // 0xBE5AE5E6, 0x8A2B9CEB
const S6 = 1.58969099521155010221e-10; // 0x3DE5D93A, 0x5ACFD57C

/** sin(x + y) on [−π/4, π/4]; iy = 0 when y is known to be 0 (fdlibm __kernel_sin: degree-13 polynomial). */
function kernelSin(x: number, y: number, iy: number): number {
  if (Math.abs(x) < TWO_M27) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (iy === 0) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const T = Float64Array.from([
  3.33333333333334091986e-1, // 3FD55555, 55555563
  1.33333333333201242699e-1, // 3FC11111, 1110FE7A
  5.39682539762260521377e-2, // 3FABA1BA, 1BB341FE
  2.18694882948595424599e-2, // 3F9664F4, 8406D637
  8.86323982359930005737e-3, // 3F8226E3, E96E8493
  3.59207910759131235356e-3, // 3F6D6D22, C9560328
  1.45620945432529025516e-3, // 3F57DBC8, FEE08315
  5.88041240820264096874e-4, // 3F4344D8, F2F26501
  2.46463134818469906812e-4, // 3F3026F7, 1A8D1068
  7.81794442939557092300e-5, // 3F147E88, A03792A6
  7.14072491382608190305e-5, // 3F12B80F, 32F0A7E9
  -1.85586374855275456654e-5, // BEF375CB, DB605373
  2.59073051863633712884e-5, // 3EFB2A70, 74BF7AD4
]);
const PIO4 = 7.85398163397448278999e-1; // 3FE921FB, 54442D18
const PIO4LO = 3.06161699786838301793e-17; // 3C81A626, 33145C07

/** tan(x + y) (iy = 1) or −1/tan(x + y) (iy = −1) on [−π/4, π/4] (fdlibm __kernel_tan: degree-27 odd polynomial). */
function kernelTan(x: number, y: number, iy: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x3e300000) {
    // |x| < 2^-28
    if (((ix | lowWord(x)) | (iy + 1)) === 0) return 1 / Math.abs(x);
    if (iy === 1) return x;
    // −1/(x + y), carefully
    const w = x + y;
    const z = withLowWord(w, 0);
    const v = y - (z - x);
    const a = -1 / w;
    const t = withLowWord(a, 0);
    const s = 1 + t * z;
    return t + a * (s + t * v);
  }
  const big = ix >= 0x3fe59428; // |x| >= 0.6744
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = PIO4 - x + (PIO4LO - y);
    y = 0;
  }
  let z = x * x;
  let w = z * z;
  // x^5 (T1 + x^4 T3 + … + x^20 T11) + x^5 (x^2 (T2 + x^4 T4 + … + x^22 T12))
  let r = T[1] + w * (T[3] + w * (T[5] + w * (T[7] + w * (T[9] + w * T[11]))));
  let v = z * (T[2] + w * (T[4] + w * (T[6] + w * (T[8] + w * (T[10] + w * T[12])))));
  const s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0] * s;
  w = x + r;
  if (big) {
    v = iy;
    return (1 - ((hx >> 30) & 2)) * (v - 2 * (x - ((w * w) / (w + v) - r)));
  }
  if (iy === 1) return w;
  // −1/(x + r), accurately
  z = withLowWord(w, 0);
  v = r - (z - x); // z + v = r + x
  const a = -1 / w;
  const t = withLowWord(a, 0);
  const s2 = 1 + t * z;
  return t + a * (s2 + t * v);
}

/** Sine. */
export function sin(x: number): number {
  const ax = Math.abs(x);
  if (ax < W_PIO4) return kernelSin(x, 0, 0); // |x| ~<= π/4
  if (!(ax < Infinity)) return x - x; // NaN
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelSin(remY[0], remY[1], 1);
    case 1:
      return kernelCos(remY[0], remY[1]);
    case 2:
      return -kernelSin(remY[0], remY[1], 1);
    default:
      return -kernelCos(remY[0], remY[1]);
  }
}

/** Cosine. */
export function cos(x: number): number {
  const ax = Math.abs(x);
  if (ax < W_PIO4) return kernelCos(x, 0);
  if (!(ax < Infinity)) return x - x;
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelCos(remY[0], remY[1]);
    case 1:
      return -kernelSin(remY[0], remY[1], 1);
    case 2:
      return -kernelCos(remY[0], remY[1]);
    default:
      return kernelSin(remY[0], remY[1], 1);
  }
}

/** Tangent. */
export function tan(x: number): number {
  const ax = Math.abs(x);
  if (ax < W_PIO4) return kernelTan(x, 0, 1);
  if (!(ax < Infinity)) return x - x;
  const n = remPio2(x);
  return kernelTan(remY[0], remY[1], 1 - ((n & 1) << 1)); // 1: n even, −1: n odd
}
