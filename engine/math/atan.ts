/**
 * Deterministic inverse trigonometric functions: asin, acos, atan, atan2. Ports of fdlibm 5.3 e_asin.c, e_acos.c,
 * s_atan.c and e_atan2.c as adapted in V8's src/base/ieee754.cc; double arithmetic, sqrt and word access
 * (./bits.ts) only. Error < 1 ulp.
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
import { highWord, lowWord, top21 } from './bits.ts';

const PI = 3.14159265358979311600e0; // 0x400921FB, 0x54442D18
const PIO2_HI = 1.57079632679489655800e0; // 0x3FF921FB, 0x54442D18
const PIO2_LO = 6.12323399573676603587e-17; // 0x3C91A626, 0x33145C07
const PIO4_HI = 7.85398163397448278999e-1; // 0x3FE921FB, 0x54442D18
// Rational approximation R(x²) of (asin(x) − x)/x³ on [0, 0.5], Remez error < 2^-58.75.
const pS0 = 1.66666666666666657415e-1; // 0x3FC55555, 0x55555555
const pS1 = -3.25565818622400915405e-1; // 0xBFD4D612, 0x03EB6F7D
const pS2 = 2.01212532134862925881e-1; // 0x3FC9C155, 0x0E884455
const pS3 = -4.00555345006794114027e-2; // 0xBFA48228, 0xB5688F3B
const pS4 = 7.91534994289814532176e-4; // 0x3F49EFE0, 0x7501B288
const pS5 = 3.47933107596021167570e-5; // 0x3F023DE1, 0x0DFDF709
const qS1 = -2.40339491173441421878e0; // 0xC0033A27, 0x1C8A2D4B
const qS2 = 2.02094576023350569471e0; // 0x40002AE5, 0x9C598AC8
const qS3 = -6.88283971605453293030e-1; // 0xBFE6066C, 0x1B8D0159
const qS4 = 7.70381505559019352791e-2; // 0x3FB3B8C5, 0xB12E9282

/** Arc sine: x + x·x²·R(x²) on [0, 0.5], π/2 − 2·asin(√((1−x)/2)) above. */
export function asin(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  let t = 0;
  if (ix >= 0x3ff00000) {
    // |x| >= 1
    if (((ix - 0x3ff00000) | lowWord(x)) === 0) return x * PIO2_HI + x * PIO2_LO; // asin(±1) = ±π/2
    return NaN; // |x| > 1
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    t = x * x;
    const p = t * (pS0 + t * (pS1 + t * (pS2 + t * (pS3 + t * (pS4 + t * pS5)))));
    const q = 1 + t * (qS1 + t * (qS2 + t * (qS3 + t * qS4)));
    return x + x * (p / q);
  }
  // 1 > |x| >= 0.5
  const w0 = 1 - Math.abs(x);
  t = w0 * 0.5;
  let p = t * (pS0 + t * (pS1 + t * (pS2 + t * (pS3 + t * (pS4 + t * pS5)))));
  let q = 1 + t * (qS1 + t * (qS2 + t * (qS3 + t * qS4)));
  const s = Math.sqrt(t);
  if (ix >= 0x3fef3333) {
    // |x| > 0.975
    const w = p / q;
    t = PIO2_HI - (2 * (s + s * w) - PIO2_LO);
  } else {
    const w = top21(s, highWord(s)); // s > 0.11 here
    const c = (t - w * w) / (s + w);
    const r = p / q;
    p = 2 * s * r - (PIO2_LO - 2 * c);
    q = PIO4_HI - 2 * w;
    t = PIO4_HI - (p - q);
  }
  return hx > 0 ? t : -t;
}

/** Arc cosine: π/2 − (x + x·x²·R(x²)) on |x| < 0.5, 2·asin(√((1−x)/2)) above, π − 2·asin(…) below −0.5. */
export function acos(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    // |x| >= 1
    if (((ix - 0x3ff00000) | lowWord(x)) === 0) return hx > 0 ? 0 : PI + 2 * PIO2_LO; // acos(1) = 0, acos(−1) = π
    return NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix <= 0x3c600000) return PIO2_HI + PIO2_LO; // |x| < 2^-57
    const z = x * x;
    const p = z * (pS0 + z * (pS1 + z * (pS2 + z * (pS3 + z * (pS4 + z * pS5)))));
    const q = 1 + z * (qS1 + z * (qS2 + z * (qS3 + z * qS4)));
    const r = p / q;
    return PIO2_HI - (x - (PIO2_LO - x * r));
  }
  if (hx < 0) {
    // x < −0.5
    const z = (1 + x) * 0.5;
    const p = z * (pS0 + z * (pS1 + z * (pS2 + z * (pS3 + z * (pS4 + z * pS5)))));
    const q = 1 + z * (qS1 + z * (qS2 + z * (qS3 + z * qS4)));
    const s = Math.sqrt(z);
    const r = p / q;
    const w = r * s - PIO2_LO;
    return PI - 2 * (s + w);
  }
  // x > 0.5
  const z = (1 - x) * 0.5;
  const s = Math.sqrt(z);
  const df = top21(s, highWord(s)); // s >= 2^-27 here
  const c = (z - df * df) / (s + df);
  const p = z * (pS0 + z * (pS1 + z * (pS2 + z * (pS3 + z * (pS4 + z * pS5)))));
  const q = 1 + z * (qS1 + z * (qS2 + z * (qS3 + z * qS4)));
  const r = p / q;
  const w = r * s + c;
  return 2 * (df + w);
}

const ATAN_HI = Float64Array.from([
  4.63647609000806093515e-1, // atan(0.5) hi 0x3FDDAC67, 0x0561BB4F
  7.85398163397448278999e-1, // atan(1.0) hi 0x3FE921FB, 0x54442D18
  9.82793723247329054082e-1, // atan(1.5) hi 0x3FEF730B, 0xD281F69B
  1.57079632679489655800e0, // atan(inf) hi 0x3FF921FB, 0x54442D18
]);
const ATAN_LO = Float64Array.from([
  2.26987774529616870924e-17, // atan(0.5) lo 0x3C7A2B7F, 0x222F65E2
  3.06161699786838301793e-17, // atan(1.0) lo 0x3C81A626, 0x33145C07
  1.39033110312309984516e-17, // atan(1.5) lo 0x3C700788, 0x7AF0CBBD
  6.12323399573676603587e-17, // atan(inf) lo 0x3C91A626, 0x33145C07
]);
const aT0 = 3.33333333333329318027e-1; // 0x3FD55555, 0x5555550D
const aT1 = -1.99999999998764832476e-1; // 0xBFC99999, 0x9998EBC4
const aT2 = 1.42857142725034663711e-1; // 0x3FC24924, 0x920083FF
const aT3 = -1.11111104054623557880e-1; // 0xBFBC71C6, 0xFE231671
const aT4 = 9.09088713343650656196e-2; // 0x3FB745CD, 0xC54C206E
const aT5 = -7.69187620504482999495e-2; // 0xBFB3B0F2, 0xAF749A6D
const aT6 = 6.66107313738753120669e-2; // 0x3FB10D66, 0xA0D03D51
const aT7 = -5.83357013379057348645e-2; // 0xBFADDE2D, 0x52DEFD9A
const aT8 = 4.97687799461593236017e-2; // 0x3FA97B4B, 0x24760DEB
const aT9 = -3.65315727442169155270e-2; // 0xBFA2B444, 0x2C6A6C2F
const aT10 = 1.62858201153657823623e-2; // 0x3F90AD3A, 0xE322DA11

/**
 * Arc tangent: reduced to [0, 7/16] by atan(x) = atan(c) + atan((x − c)/(1 + x·c)) for c = 1/2, 1, 3/2, ∞, then an
 * odd degree-22 polynomial.
 */
export function atan(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x44100000 || ix < 0x3e400000) return atanEdge(x, hx); // |x| >= 2^66, NaN, or |x| < 2^-27
  let id = -1;
  if (ix >= 0x3fdc0000) {
    // |x| >= 0.4375
    x = Math.abs(x);
    if (ix < 0x3ff30000) {
      // |x| < 1.1875
      if (ix < 0x3fe60000) {
        // 7/16 <= |x| < 11/16
        id = 0;
        x = (2 * x - 1) / (2 + x);
      } else {
        // 11/16 <= |x| < 19/16
        id = 1;
        x = (x - 1) / (x + 1);
      }
    } else if (ix < 0x40038000) {
      // |x| < 2.4375
      id = 2;
      x = (x - 1.5) / (1 + 1.5 * x);
    } else {
      // 2.4375 <= |x| < 2^66
      id = 3;
      x = -1 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  // Odd and even halves of the sum over aT[i]·z^(i+1).
  const s1 = z * (aT0 + w * (aT2 + w * (aT4 + w * (aT6 + w * (aT8 + w * aT10)))));
  const s2 = w * (aT1 + w * (aT3 + w * (aT5 + w * (aT7 + w * aT9))));
  if (id < 0) return x - x * (s1 + s2);
  const r = ATAN_HI[id] - (x * (s1 + s2) - ATAN_LO[id] - x);
  return hx < 0 ? -r : r;
}

/** atan of NaN, of |x| >= 2^66 (±π/2) and of |x| < 2^-27 (x itself). */
function atanEdge(x: number, hx: number): number {
  if (x !== x) return x + x;
  if ((hx & 0x7fffffff) < 0x3e400000) return x;
  return hx > 0 ? ATAN_HI[3] + ATAN_LO[3] : -ATAN_HI[3] - ATAN_LO[3];
}

const PI_O_4 = 7.8539816339744827900e-1; // 0x3FE921FB, 0x54442D18
const PI_O_2 = 1.5707963267948965580e0; // 0x3FF921FB, 0x54442D18
const PI_LO = 1.2246467991473531772e-16; // 0x3CA1A626, 0x33145C07
const TINY = 1e-300;

/** atan2(y, x): the angle of (x, y) in (−π, π], with the signed zeros and infinities of ECMAScript's Math.atan2. */
export function atan2(y: number, x: number): number {
  if (!(Math.abs(x) < Infinity && Math.abs(y) < Infinity) || x === 0 || y === 0 || x === 1) return atan2Edge(y, x);
  const hx = highWord(x);
  const hy = highWord(y);
  let m = ((hy >> 31) & 1) | ((hx >> 30) & 2); // 2·sign(x) + sign(y)
  const k = ((hy & 0x7fffffff) - (hx & 0x7fffffff)) >> 20;
  let z: number;
  if (k > 60) {
    // |y/x| > 2^60
    z = PI_O_2 + 0.5 * PI_LO;
    m &= 1;
  } else if (hx < 0 && k < -60) z = 0; // 0 > |y|/x > −2^-60
  else z = atan(Math.abs(y / x));
  if (m === 0) return z; // atan(+, +)
  if (m === 1) return -z; // atan(−, +)
  if (m === 2) return PI - (z - PI_LO); // atan(+, −)
  return z - PI_LO - PI; // atan(−, −)
}

/** atan2 when an argument is NaN, ±0 or ±Infinity, or x = 1 (fdlibm's special cases, in its order). */
function atan2Edge(y: number, x: number): number {
  if (x !== x || y !== y) return x + y; // NaN
  if (x === 1) return atan(y);
  const hx = highWord(x);
  const hy = highWord(y);
  const m = ((hy >> 31) & 1) | ((hx >> 30) & 2);
  if (y === 0) {
    if (m <= 1) return y; // atan(±0, +anything) = ±0
    return m === 2 ? PI + TINY : -PI - TINY; // atan(±0, −anything) = ±π
  }
  if (x === 0) return hy < 0 ? -PI_O_2 - TINY : PI_O_2 + TINY;
  if (Math.abs(x) === Infinity) {
    if (Math.abs(y) === Infinity) {
      if (m === 0) return PI_O_4 + TINY; // atan(+∞, +∞)
      if (m === 1) return -PI_O_4 - TINY; // atan(−∞, +∞)
      if (m === 2) return 3 * PI_O_4 + TINY; // atan(+∞, −∞)
      return -3 * PI_O_4 - TINY; // atan(−∞, −∞)
    }
    if (m === 0) return 0; // atan(+…, +∞)
    if (m === 1) return -0; // atan(−…, +∞)
    if (m === 2) return PI + TINY; // atan(+…, −∞)
    return -PI - TINY; // atan(−…, −∞)
  }
  return hy < 0 ? -PI_O_2 - TINY : PI_O_2 + TINY; // y = ±Infinity, x finite
}
