/**
 * Deterministic logarithms, cube root and hypotenuse: log, log1p, log2, log10, cbrt, hypot. Ports of fdlibm 5.3
 * (e_log.c, s_log1p.c, e_log10.c, e_hypot.c with FreeBSD's fix for subnormal arguments) and of FreeBSD msun
 * (k_log.h, e_log2.c, s_cbrt.c), as adapted in V8's src/base/ieee754.cc; double arithmetic and word access
 * (./bits.ts) only, so every conforming JavaScript engine returns the same bits.
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 * (s_cbrt.c: Optimized by Bruce D. Evans; e_log2.c and k_log.h: FreeBSD, same notice.)
 */
import { TWO_POW, fromWords, highWord, lowWord, top21, withHighWord, withLowWord } from './bits.ts';

const LN2_HI = 6.93147180369123816490e-1; // 3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const TWO54 = 1.80143985094819840000e16; // 43500000 00000000
const Lg1 = 6.666666666666735130e-1; // 3FE55555 55555593
const Lg2 = 3.999999999940941908e-1; // 3FD99999 9997FA04
const Lg3 = 2.857142874366239149e-1; // 3FD24924 94229359
const Lg4 = 2.222219843214978396e-1; // 3FCC71C5 1D8E78AF
const Lg5 = 1.818357216161805012e-1; // 3FC74664 96CB03DE
const Lg6 = 1.531383769920937332e-1; // 3FC39A09 D078C69F
const Lg7 = 1.479819860511658591e-1; // 3FC2F112 DF3E5244

/**
 * Natural logarithm (fdlibm e_log.c): x = 2^k (1+f) with √2/2 < 1+f < √2, log(1+f) = 2s + s·R(s²) with
 * s = f/(2+f) and a degree-14 Remez polynomial R. Error < 1 ulp. The usual path (a normal x, |f| >= 2^-20) is
 * kept short so that the compiler inlines it; 1+f = x·2^-k is an exact product (the same value as setting the
 * exponent field).
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000 || hx >= 0x7ff00000) {
    if (hx >= 0x7ff00000 || hx < 0 || ((hx & 0x7fffffff) | lowWord(x)) === 0) return logEdge(x);
    k = -54;
    x *= TWO54; // subnormal: scale up
    hx = highWord(x);
  }
  const m = hx & 0x000fffff;
  const e = (hx >> 20) - 1023 + (((m + 0x95f64) & 0x100000) >> 20);
  const f = x * TWO_POW[1074 - e] - 1; // x or x/2 normalised into [√2/2, √2)
  k += e;
  if ((0x000fffff & (2 + m)) < 3) return logNearPowerOfTwo(f, k); // -2^-20 <= f < 2^-20
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const R = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7))) + w * (Lg2 + w * (Lg4 + w * Lg6));
  // (For k = 0 these are fdlibm's f − (hfsq − s(hfsq + R)) and f − s(f − R) to the bit: a − b = −(b − a).)
  if (((m - 0x6147a) | (0x6b851 - m)) > 0) {
    const hfsq = 0.5 * f * f;
    return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
  }
  return k * LN2_HI - (s * (f - R) - k * LN2_LO - f);
}

/** log of ±0, negative numbers, ±Infinity and NaN. */
function logEdge(x: number): number {
  if (x === 0) return -Infinity;
  if (x < 0) return NaN;
  return x + x; // +Infinity, NaN
}

/** log(2^k (1+f)) for |f| < 2^-20. */
function logNearPowerOfTwo(f: number, k: number): number {
  if (f === 0) {
    if (k === 0) return 0;
    return k * LN2_HI + k * LN2_LO;
  }
  const R = f * f * (0.5 - 0.33333333333333333 * f);
  if (k === 0) return f - R;
  return k * LN2_HI - (R - k * LN2_LO - f);
}

/** log(1 + x), accurate near 0 (fdlibm s_log1p.c). Error < 1 ulp. */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // 1+x < √2
    if (ax >= 0x3ff00000) {
      // x <= -1
      if (x === -1) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 <= 1+x < √2
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // correction term
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // normalise u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    if (k === 0) return f - R;
    return k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
  if (k === 0) return f - (hfsq - s * (hfsq + R));
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}

/** log(1+f) − f + f²/2 for 1+f in [√2/2, √2] (FreeBSD k_log.h). */
function kLog1p(f: number): number {
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return s * (hfsq + R);
}

const IVLN2HI = 1.44269504072144627571e0; // 0x3FF71547, 0x65200000
const IVLN2LO = 1.67517131648865118353e-10; // 0x3DE705FC, 0x2EEFA200

/** Base-2 logarithm (FreeBSD e_log2.c, extra precision in the final combination); exact on powers of two. */
export function log2(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000 || hx >= 0x7ff00000) {
    if (hx >= 0x7ff00000 || hx < 0 || ((hx & 0x7fffffff) | lowWord(x)) === 0) return logEdge(x);
    k = -54;
    x *= TWO54;
    hx = highWord(x);
  }
  if (hx === 0x3ff00000 && lowWord(x) === 0) return 0;
  const m = hx & 0x000fffff;
  const e = (hx >> 20) - 1023 + (((m + 0x95f64) & 0x100000) >> 20);
  const f = x * TWO_POW[1074 - e] - 1; // exact
  const y = k + e;
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);
  const hi = withLowWord(f - hfsq, 0);
  const lo = f - hi - hfsq + r;
  let valHi = hi * IVLN2HI;
  let valLo = (lo + hi) * IVLN2LO + lo * IVLN2HI;
  const w = y + valHi;
  valLo += y - w + valHi;
  valHi = w;
  return valLo + valHi;
}

const IVLN10 = 4.34294481903251816668e-1;
const LOG10_2HI = 3.01029995663611771306e-1; // 0x3FD34413, 0x509F6000
const LOG10_2LO = 3.69423907715893078616e-13; // 0x3D59FEF3, 0x11F12B36

/** Base-10 logarithm (fdlibm e_log10.c): n·log10(2) + log(x/2^n)/ln10; exact on 10^n for n = 0…22. */
export function log10(x: number): number {
  let hx = highWord(x);
  let lx = lowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    hx = highWord(x);
    lx = lowWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0;
  k += (hx >> 20) - 1023;
  const i = k >>> 31;
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = k + i;
  x = fromWords(hx, lx);
  const z = y * LOG10_2LO + IVLN10 * log(x);
  return z + y * LOG10_2HI;
}

const B1 = 715094163; // (1023 − 1023/3 − 0.03306235651)·2^20
const B2 = 696219795; // (1023 − 1023/3 − 54/3 − 0.03306235651)·2^20
const CP0 = 1.87595182427177009643; // 0x3FFE03E6, 0x0F61E692
const CP1 = -1.88497979543377169875; // 0xBFFE28E0, 0x92F02420
const CP2 = 1.621429720105354466140; // 0x3FF9F160, 0x4A49D6C2
const CP3 = -0.758397934778766047437; // 0xBFE844CB, 0xBEE751D9
const CP4 = 0.145996192886612446982; // 0x3FC2B000, 0xD4E4EDD7

/** Cube root (FreeBSD s_cbrt.c): 5-bit estimate from the exponent, 23 bits by a polynomial, one Newton step. */
export function cbrt(x: number): number {
  let hx = highWord(x);
  const low = lowWord(x);
  const sign = hx & 0x80000000;
  hx ^= sign;
  if (hx >= 0x7ff00000) return x + x; // NaN, ±Infinity
  let t: number;
  if (hx < 0x00100000) {
    // zero or subnormal
    if ((hx | low) === 0) return x;
    t = TWO54 * x;
    const high = highWord(t);
    t = fromWords(sign | (((high & 0x7fffffff) / 3) | 0) + B2, 0);
  } else {
    t = fromWords(sign | ((hx / 3) | 0) + B1, 0);
  }
  // cbrt(x) = t·cbrt(x/t³) ≈ t·P(t³/x), |1/cbrt(r) − P(r)| < 2^-23.5 for |r − 1| < 1/10.
  let r = t * t * (t / x);
  t = t * (CP0 + r * (CP1 + r * CP2) + r * r * r * (CP3 + r * CP4));
  // Round t away from zero to 23 bits: (bits + 0x80000000) & 0xFFFFFFFFC0000000 on the 64-bit pattern.
  const lo = (lowWord(t) >>> 0) + 0x80000000;
  const carry = lo >= 0x100000000 ? 1 : 0;
  t = fromWords(highWord(t) + carry, lo & 0xc0000000);
  // One Newton step to 53 bits, error < 0.667 ulp.
  const s = t * t; // exact
  r = x / s;
  const w = t + t; // exact
  r = (r - t) / (w + r);
  return t + t * r;
}

/**
 * √(x² + y²) without undue overflow or underflow, error < 1 ulp (fdlibm e_hypot.c); Infinity if either argument
 * is infinite (even with a NaN), as ECMAScript's Math.hypot. Two arguments only.
 */
export function hypot(x: number, y: number): number {
  let ha = highWord(x) & 0x7fffffff;
  let hb = highWord(y) & 0x7fffffff;
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (hb > ha) {
    const t = a;
    a = b;
    b = t;
    const j = ha;
    ha = hb;
    hb = j;
  }
  // Usual sizes (2^-500 <= b <= a <= 2^500, a/b <= 2^60) need no scaling.
  if (ha - hb > 0x3c00000 || ha > 0x5f300000 || hb < 0x20b00000) return hypotEdge(a, b, ha, hb);
  return hypotCore(a, b, ha, hb);
}

/** √(a² + b²) for a >= b > 0 of high words ha, hb with a² + b² in range, the squares split for < 1 ulp. */
function hypotCore(a: number, b: number, ha: number, hb: number): number {
  const w = a - b;
  if (w > b) {
    const t1 = top21(a, ha);
    const t2 = a - t1;
    return Math.sqrt(t1 * t1 - (b * -b - t2 * (a + t1)));
  }
  const a2 = a + a;
  const y1 = top21(b, hb);
  const y2 = b - y1;
  const t1 = 2 * top21(a, ha);
  const t2 = a2 - t1;
  return Math.sqrt(t1 * y1 - (w * -w - (t1 * y2 + t2 * b)));
}

/** hypot when a/b > 2^60, a > 2^500 (scaled down by 2^600), b < 2^-500 (scaled up), or a NaN or Infinity. */
function hypotEdge(a: number, b: number, ha: number, hb: number): number {
  if (ha - hb > 0x3c00000) return a + b; // a/b > 2^60
  let k = 0;
  if (ha > 0x5f300000) {
    // a > 2^500
    if (ha >= 0x7ff00000) {
      // Inf or NaN
      let w = a + b;
      if (((ha & 0xfffff) | lowWord(a)) === 0) w = a;
      if (((hb ^ 0x7ff00000) | lowWord(b)) === 0) w = b;
      return w;
    }
    ha -= 0x25800000; // scale a and b by 2^-600
    hb -= 0x25800000;
    k += 600;
    a = withHighWord(a, ha);
    b = withHighWord(b, hb);
  }
  if (hb < 0x20b00000) {
    // b < 2^-500
    if (hb <= 0x000fffff) {
      // subnormal b or 0
      if ((hb | lowWord(b)) === 0) return a;
      const t1 = fromWords(0x7fd00000, 0); // 2^1022
      b *= t1;
      a *= t1;
      k -= 1022;
      ha = highWord(a); // FreeBSD's fix: re-read the words, and re-order, after scaling subnormals
      hb = highWord(b);
      if (hb > ha) {
        const t = a;
        a = b;
        b = t;
        const j = ha;
        ha = hb;
        hb = j;
      }
    } else {
      ha += 0x25800000; // scale a and b by 2^600
      hb += 0x25800000;
      k -= 600;
      a = withHighWord(a, ha);
      b = withHighWord(b, hb);
    }
  }
  const w = hypotCore(a, b, ha, hb);
  return k !== 0 ? fromWords(0x3ff00000 + (k << 20), 0) * w : w;
}
