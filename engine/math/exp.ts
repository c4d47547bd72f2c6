/**
 * Deterministic exponentials: exp, expm1, sinh, cosh, tanh, exact powers of two (pow2i, scalbn) and integer powers
 * by repeated squaring (powInt). Ports of fdlibm 5.3 (e_exp.c, s_expm1.c, e_sinh.c, e_cosh.c, s_tanh.c) as adapted
 * in V8's src/base/ieee754.cc, and of musl's scalbn.c; double arithmetic only, so every conforming JavaScript
 * engine returns the same bits. Word tests of the original (GET_HIGH_WORD(hx, x); hx < 0x3E300000 …) are written
 * as comparisons of |x| with the double whose high word is that constant and low word 0 — the same predicate —
 * and 2^k is read from an exact table instead of being assembled from words.
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 *
 * scalbn: musl libc (MIT licence), Copyright © 2005-2020 Rich Felker, et al.
 */
import { TWO_POW, fromWords } from './bits.ts';

const TWO1023 = TWO_POW[1074 + 1023];
const TWOM1000 = TWO_POW[1074 - 1000];

/** Exactly 2^k for an integer k (0 below 2^-1074, Infinity above 2^1023). */
export function pow2i(k: number): number {
  if (k !== Math.trunc(k)) throw new RangeError(`pow2i: exponent ${k} is not an integer`);
  if (k > 1023) return Infinity;
  if (k < -1074) return 0;
  return TWO_POW[k + 1074];
}

/** x · 2^n for an integer n, correctly rounded (musl scalbn.c: one rounding, none twice in the subnormal range). */
export function scalbn(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= TWO1023;
    n -= 1023;
    if (n > 1023) {
      y *= TWO1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // Make sure the final n < -53 to avoid double rounding in the subnormal range.
    y *= TWO_POW[1074 - 1022] * TWO_POW[1074 + 53];
    n += 1022 - 53;
    if (n < -1022) {
      y *= TWO_POW[1074 - 1022] * TWO_POW[1074 + 53];
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * TWO_POW[n + 1074];
}

/** x² (the square of an expression, written once). */
export function sq(x: number): number {
  return x * x;
}

/**
 * x^n for an integer n by binary exponentiation (left to right over the bits of |n|; 1/x^|n| for n < 0).
 * Deterministic but not identical to pow(x, n): each squaring doubles the relative error carried so far, so the
 * error bound grows to about |n|/2 ulp (0.5 ulp more for n < 0) against pow's 1 ulp — nothing for the small
 * exponents it is meant for. Use it only where the exponent is an integer by construction (e.g. the BPR power).
 */
export function powInt(x: number, n: number): number {
  if (n !== Math.trunc(n) || Math.abs(n) > 0x7fffffff) throw new RangeError(`powInt: exponent ${n} is not an integer`);
  let m = Math.abs(n);
  if (m === 0) return 1;
  let r = x;
  let bit = 31 - Math.clz32(m);
  while (bit-- > 0) {
    r *= r;
    if ((m >>> bit) & 1) r *= x;
  }
  return n < 0 ? 1 / r : r;
}

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42, 0xFEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF, 0x35793C76
const INVLN2 = 1.44269504088896338700e0; // 0x3FF71547, 0x652B82FE
const O_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42, 0xFEFA39EF
const U_THRESHOLD = -7.45133219101941108420e2; // 0xC0874910, 0xD52D3051
const P1 = 1.66666666666666019037e-1; // 0x3FC55555, 0x5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C, 0x16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A, 0xAF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41, 0xC5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769, 0x72BEA4D0
const E = 2.718281828459045; // 0x4005BF0A, 0x8B145769

// |x| thresholds: the doubles whose high word is the constant of the original word test and low word is 0.
const W_40862E42 = fromWords(0x40862e42, 0); // 709.78…: overflow / underflow region
const W_3FD62E43 = fromWords(0x3fd62e43, 0); // > 0.5 ln2
const W_3FF0A2B2 = fromWords(0x3ff0a2b2, 0); // 1.5 ln2
const W_3E300000 = fromWords(0x3e300000, 0); // 2^-28
const W_4043687A = fromWords(0x4043687a, 0); // 56 ln2
const W_3C900000 = fromWords(0x3c900000, 0); // 2^-54
const W_3C800000 = fromWords(0x3c800000, 0); // 2^-55

/**
 * e^x (fdlibm e_exp.c): x = k·ln2 + r with |r| ≤ ln2/2, a degree-5 Remez approximation of r(e^r+1)/(e^r−1),
 * then 2^k. Error < 1 ulp.
 */
export function exp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < W_40862E42)) {
    if (x !== x) return x + x; // NaN
    if (ax === Infinity) return x > 0 ? x : 0;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= W_3FD62E43) {
    if (ax < W_3FF0A2B2) {
      if (x === 1) return E; // the computation below would get the last bit of e wrong
      if (x > 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INVLN2 * x + (x < 0 ? -0.5 : 0.5)) | 0; // C conversion: truncation towards zero
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < W_3E300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO1023;
    return y * TWO_POW[k + 1074];
  }
  return y * TWO_POW[k + 1000 + 1074] * TWOM1000;
}

// Scaled Q's of s_expm1.c: Qn here = 2^n · Qn of the comment there, for R(2z) with z = x²/2.
const Q1 = -3.33333333333331316428e-2; // BFA11111 111110F4
const Q2 = 1.58730158725481460165e-3; // 3F5A01A0 19FE5585
const Q3 = -7.93650757867487942473e-5; // BF14CE19 9EAADBB7
const Q4 = 4.00821782732936239552e-6; // 3ED0CFCA 86E65239
const Q5 = -2.01099218183624371326e-7; // BE8AFDB7 6E09C32D

/** e^x − 1 without cancellation near 0 (fdlibm s_expm1.c). Error < 1 ulp. */
export function expm1(x: number): number {
  const ax = Math.abs(x);
  const neg = x < 0;
  if (!(ax < W_4043687A)) {
    if (!(ax < W_40862E42)) {
      if (x !== x) return x + x;
      if (ax === Infinity) return neg ? -1 : x;
      if (x > O_THRESHOLD) return Infinity;
    }
    if (neg) return -1; // x < -56 ln2
  }
  let k = 0;
  let c = 0;
  if (ax >= W_3FD62E43) {
    let hi: number;
    let lo: number;
    if (ax < W_3FF0A2B2) {
      if (!neg) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INVLN2 * x + (neg ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (ax < W_3C900000) {
    return x;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  if (k <= -2 || k > 56) {
    let y = 1 - (e - x);
    if (k === 1024) y = y * 2 * TWO1023;
    else y = y * TWO_POW[k + 1074];
    return y - 1;
  }
  if (k < 20) {
    t = 1 - TWO_POW[1074 - k]; // 1 − 2^-k, exact
    return (t - (e - x)) * TWO_POW[k + 1074];
  }
  t = TWO_POW[1074 - k]; // 2^-k
  let y = x - (e + t);
  y += 1;
  return y * TWO_POW[k + 1074];
}

const KSINH_OVERFLOW = 710.4758600739439;
const LOG_MAXD = 709.7822265625; // 0x40862E42 00000000

/** Hyperbolic sine (fdlibm e_sinh.c as in V8): ½(E + E/(E+1)) with E = expm1(|x|) below 22. */
export function sinh(x: number): number {
  const h = x < 0 ? -0.5 : 0.5;
  const ax = Math.abs(x);
  if (ax < 22) {
    if (ax < W_3E300000) return x;
    const t = expm1(ax);
    if (ax < 1) return h * (2 * t - (t * t) / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ax < LOG_MAXD) return h * exp(ax);
  if (ax <= KSINH_OVERFLOW) {
    const w = exp(0.5 * ax);
    const t = h * w;
    return t * w;
  }
  return x * 1e307; // ±Infinity or NaN
}

/** Hyperbolic cosine (fdlibm e_cosh.c as in V8). */
export function cosh(x: number): number {
  const ax = Math.abs(x);
  if (ax < W_3FD62E43) {
    const t = expm1(ax);
    const w = 1 + t;
    if (ax < W_3C800000) return w;
    return 1 + (t * t) / (w + w);
  }
  if (ax < 22) {
    const t = exp(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ax < W_40862E42) return 0.5 * exp(ax);
  if (ax <= KSINH_OVERFLOW) {
    const w = exp(0.5 * ax);
    const t = 0.5 * w;
    return t * w;
  }
  return x !== x ? x : Infinity; // NaN; overflow or ±Infinity
}

/** Hyperbolic tangent (fdlibm s_tanh.c). */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 22)) {
    if (x !== x) return x;
    return x > 0 ? 1 : -1;
  }
  if (ax < W_3E300000) return x;
  let z: number;
  if (ax >= 1) {
    const t = expm1(2 * ax);
    z = 1 - 2 / (t + 2);
  } else {
    const t = expm1(-2 * ax);
    z = -t / (t + 2);
  }
  return x < 0 ? -z : z;
}
