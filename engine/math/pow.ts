/**
 * Deterministic x^y with the special cases of ECMAScript's Number::exponentiate: a port of fdlibm 5.3 e_pow.c as
 * adapted in V8's src/base/ieee754.cc (where it implemented Math.pow and `**`): log2(x) in two pieces of extra
 * precision, y·log2(x) = n + y' by simulated multi-precision arithmetic, x^y = 2^n · e^(y'·ln2). Double arithmetic
 * and word access (./bits.ts) only. Error < 1 ulp; pow(integer, integer) is exact whenever representable.
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
import { fromWords, highWord, lowWord, withHighWord, withLowWord } from './bits.ts';
import { scalbn } from './exp.ts';

const DP_H1 = 5.84962487220764160156e-1; // 0x3FE2B803, 0x40000000
const DP_L1 = 1.35003920212974897128e-8; // 0x3E4CFDEB, 0x43CFD006
const TWO53 = 9007199254740992; // 0x43400000, 0x00000000
const HUGE = 1e300;
const TINY = 1e-300;
// Polynomial coefficients for (3/2)·(log(x) − 2s − (2/3)s³).
const L1 = 5.99999999999994648725e-1; // 0x3FE33333, 0x33333303
const L2 = 4.28571428578550184252e-1; // 0x3FDB6DB6, 0xDB6FABFF
const L3 = 3.33333329818377432918e-1; // 0x3FD55555, 0x518F264D
const L4 = 2.72728123808534006489e-1; // 0x3FD17460, 0xA91D4101
const L5 = 2.30660745775561754067e-1; // 0x3FCD864A, 0x93C9DB65
const L6 = 2.06975017800338417784e-1; // 0x3FCA7E28, 0x4A454EEF
const P1 = 1.66666666666666019037e-1; // 0x3FC55555, 0x5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C, 0x16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A, 0xAF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41, 0xC5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769, 0x72BEA4D0
const LG2 = 6.93147180559945286227e-1; // 0x3FE62E42, 0xFEFA39EF
const LG2_H = 6.93147182464599609375e-1; // 0x3FE62E43, 0x00000000
const LG2_L = -1.90465429995776804525e-9; // 0xBE205C61, 0x0CA86C39
const OVT = 8.0085662595372944372e-17; // −(1024 − log2(ovfl + 0.5 ulp))
const CP = 9.61796693925975554329e-1; // 0x3FEEC709, 0xDC3A03FD = 2/(3 ln2)
const CP_H = 9.61796700954437255859e-1; // 0x3FEEC709, 0xE0000000 = (float)cp
const CP_L = -7.02846165095275826516e-9; // 0xBE3E2FE0, 0x145B01F5 = tail of cp_h
const IVLN2 = 1.44269504088896338700e0; // 0x3FF71547, 0x652B82FE = 1/ln2
const IVLN2_H = 1.44269502162933349609e0; // 0x3FF71547, 0x60000000 = 24-bit 1/ln2
const IVLN2_L = 1.92596299112661746887e-8; // 0x3E54AE0B, 0xF85DDF44 = tail of 1/ln2

/**
 * x^y. Special cases (ECMAScript 6.1.6.1.3): y = ±0 → 1; y NaN → NaN; x NaN, y ≠ 0 → NaN; |x| = 1, y = ±∞ → NaN;
 * ±0 and ±∞ bases by the sign of y and the parity of an integer y; x < 0 with a non-integer y → NaN.
 */
export function pow(x: number, y: number): number {
  const hx = highWord(x);
  const lx = lowWord(x);
  const hy = highWord(y);
  const ly = lowWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1; // x^±0 = 1, even for a NaN x
  if (x !== x || y !== y) return x + y; // NaN

  // yisint: 0 = y not an integer, 1 = odd integer, 2 = even integer (only needed when x < 0).
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) yisint = 2; // |y| >= 2^53: even
    else if (iy >= 0x3ff00000) {
      const k = (iy >> 20) - 0x3ff; // exponent
      if (k > 20) {
        const j = (ly >>> 0) >>> (52 - k);
        if (j << (52 - k) === ly) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - k);
        if (j << (20 - k) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  // Special values of y.
  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y = ±Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return y - y; // (±1)^±∞ = NaN
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // (|x| > 1)^±∞ = ∞, 0
      return hy < 0 ? -y : 0; // (|x| < 1)^±∞ = ∞, 0
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x >= +0
  }

  let ax = Math.abs(x);
  // Special values of x: ±0, ±Infinity, ±1.
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = NaN; // (−1)^non-integer
      else if (yisint === 1) z = -z; // (x < 0)^odd = −(|x|^odd)
    }
    return z;
  }

  let n = (hx >> 31) + 1; // 0 when x < 0
  if ((n | yisint) === 0) return NaN; // (x < 0)^non-integer
  let s = 1; // sign of the result
  if ((n | (yisint - 1)) === 0) s = -1; // (x < 0)^odd integer

  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY;
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY;
    }
    // Over- or underflow if x is not close to one.
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // |1 − x| <= 2^-20: log(x) by x − x²/2 + x³/3 − x⁴/4.
    const t = ax - 1; // 20 trailing zeros
    const w = t * t * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t; // IVLN2_H has 21 significant bits
    const v = t * IVLN2_L - w * IVLN2;
    t1 = withLowWord(u + v, 0);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    if (ix < 0x00100000) {
      // subnormal x
      ax *= TWO53;
      n -= 53;
      ix = highWord(ax);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    // Interval of the mantissa.
    ix = j | 0x3ff00000;
    let k: number;
    if (j <= 0x3988e) k = 0; // |x| < √(3/2)
    else if (j < 0xbb67a) k = 1; // |x| < √3
    else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHighWord(ax, ix);

    // ss = s_h + s_l = (x − 1)/(x + 1) or (x − 1.5)/(x + 1.5).
    const bp = k === 0 ? 1 : 1.5;
    let u = ax - bp;
    let v = 1 / (ax + bp);
    const ss = u * v;
    const sH = withLowWord(ss, 0);
    // t_h = ax + bp, high part.
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tL = ax - (tH - bp);
    const sL = v * (u - sH * tH - sH * tL);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = withLowWord(3 + s2 + r, 0);
    tL = r - (tH - 3 - s2);
    // u + v = ss·(1 + …)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3 log2)·(ss + …)
    const pH = withLowWord(u + v, 0);
    const pL = v - (pH - u);
    const zH = CP_H * pH; // CP_H + CP_L = 2/(3 log2)
    const zL = CP_L * pH + pL * CP + (k === 0 ? 0 : DP_L1);
    // log2(ax) = (ss + …)·2/(3 log2) = n + dp_h + z_h + z_l
    const t = n;
    const dpH = k === 0 ? 0 : DP_H1;
    t1 = withLowWord(zH + zL + dpH + t, 0);
    t2 = zL - (t1 - t - dpH - zH);
  }

  // Split y into y1 + y2 and compute (y1 + y2)·(t1 + t2).
  const y1 = withLowWord(y, 0);
  let pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = highWord(z);
  let i = lowWord(z);
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * HUGE * HUGE; // z > 1024: overflow
    if (pL + OVT > z - pH) return s * HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= −1075
    if (j !== (0xc090cc00 | 0) || i !== 0) return s * TINY * TINY; // z < −1075: underflow
    if (pL <= z - pH) return s * TINY * TINY;
  }

  // 2^(p_h + p_l)
  i = j & 0x7fffffff;
  let k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // new k for n
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  let t = withLowWord(pL + pH, 0);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  t = z * z;
  t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const r = (z * t1) / (t1 - 2 - (w + z * w));
  z = 1 - (r - z);
  j = (highWord(z) + (n << 20)) | 0;
  if (j >> 20 <= 0) z = scalbn(z, n); // subnormal result
  else z = withHighWord(z, j);
  return s * z;
}
