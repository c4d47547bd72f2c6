/**
 * Argument reduction for the trigonometric functions: x = n·π/2 + (y0 + y1) with |y0 + y1| <= π/4, for every
 * finite double. Ports of fdlibm 5.3 e_rem_pio2.c (Cody–Waite with 33 + 33 + 33 + 53 bits of π/2 up to
 * |x| ~ 2^19·π/2) and k_rem_pio2.c (Payne–Hanek over 24-bit chunks of 2/π beyond), as adapted in V8's
 * src/base/ieee754.cc. Double arithmetic, int32 arithmetic and word access (./bits.ts) only.
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
import { fromWords, highWord, lowWord, withHighWord } from './bits.ts';
import { scalbn } from './exp.ts';

/** The reduced argument of the last remPio2 call: y0 (head) and y1 (tail). */
export const remY = new Float64Array(2);

/** 2/π as 24-bit integers, 396 hex digits (476 decimal). */
const TWO_OVER_PI = Int32Array.from([
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
]);

/** High words of n·π/2 for n = 1…32 (quick test for cancellation). */
const NPIO2_HW = Int32Array.from([
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
]);

const TWO24 = 1.67772160000000000000e7; // 0x41700000, 0x00000000
const TWON24 = 5.96046447753906250000e-8; // 0x3E700000, 0x00000000
const INVPIO2 = 6.36619772367581382433e-1; // 0x3FE45F30, 0x6DC9C883: 53 bits of 2/π
const PIO2_1 = 1.57079632673412561417e0; // 0x3FF921FB, 0x54400000: first 33 bits of π/2
const PIO2_1T = 6.07710050650619224932e-11; // 0x3DD0B461, 0x1A626331: π/2 − PIO2_1
const PIO2_2 = 6.07710050630396597660e-11; // 0x3DD0B461, 0x1A600000: second 33 bits
const PIO2_2T = 2.02226624879595063154e-21; // 0x3BA3198A, 0x2E037073: π/2 − (PIO2_1 + PIO2_2)
const PIO2_3 = 2.02226624871116645580e-21; // 0x3BA3198A, 0x2E000000: third 33 bits
const PIO2_3T = 8.47842766036889956997e-32; // 0x397B839A, 0x252049C1: π/2 − (PIO2_1 + PIO2_2 + PIO2_3)

/**
 * n with x − n·π/2 = remY[0] + remY[1] (fdlibm __ieee754_rem_pio2). The caller handles |x| <= π/4 and
 * non-finite x itself (both are answered here too: n = 0, and NaN). The common cases stay short (inlined by the
 * compiler); cancellation near multiples of π/2 and huge arguments are handled out of line.
 */
export function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    // |x| ~<= π/4: no reduction
    remY[0] = x;
    remY[1] = 0;
    return 0;
  }
  if (ix < 0x4002d97c) return remPio2Near1(x, hx, ix); // |x| < 3π/4: n = ±1
  if (ix > 0x413921fb) return remPio2Large(x, hx, ix); // beyond 2^19·(π/2), or not finite
  // Medium size: Cody–Waite with 33 + 53 bits of π/2, good to 85 bits when no cancellation occurs.
  const t = Math.abs(x);
  const n = (t * INVPIO2 + 0.5) | 0;
  const r = t - n * PIO2_1;
  const w = n * PIO2_1T;
  const y0 = r - w;
  if (!(n < 32 && ix !== NPIO2_HW[n - 1]) && (ix >> 20) - ((highWord(y0) >> 20) & 0x7ff) > 16) return remPio2Refine(hx, ix, n, r);
  const y1 = r - y0 - w;
  if (hx < 0) {
    remY[0] = -y0;
    remY[1] = -y1;
    return -n;
  }
  remY[0] = y0;
  remY[1] = y1;
  return n;
}

/** 3π/4 > |x| > π/4: x ∓ π/2 with 33 + 53 bits of π/2, or 33 + 33 + 53 bits right at π/2. */
function remPio2Near1(x: number, hx: number, ix: number): number {
  if (hx > 0) {
    let z = x - PIO2_1;
    if (ix !== 0x3ff921fb) {
      remY[0] = z - PIO2_1T;
      remY[1] = z - remY[0] - PIO2_1T;
    } else {
      z -= PIO2_2;
      remY[0] = z - PIO2_2T;
      remY[1] = z - remY[0] - PIO2_2T;
    }
    return 1;
  }
  let z = x + PIO2_1;
  if (ix !== 0x3ff921fb) {
    remY[0] = z + PIO2_1T;
    remY[1] = z - remY[0] + PIO2_1T;
  } else {
    z += PIO2_2;
    remY[0] = z + PIO2_2T;
    remY[1] = z - remY[0] + PIO2_2T;
  }
  return -1;
}

/** Medium |x| near a multiple of π/2: second (118 bits) and if needed third (151 bits) Cody–Waite iteration. */
function remPio2Refine(hx: number, ix: number, n: number, r: number): number {
  const j = ix >> 20;
  let t = r;
  let w = n * PIO2_2;
  r = t - w;
  w = n * PIO2_2T - (t - r - w);
  let y0 = r - w;
  if (j - ((highWord(y0) >> 20) & 0x7ff) > 49) {
    t = r;
    w = n * PIO2_3;
    r = t - w;
    w = n * PIO2_3T - (t - r - w);
    y0 = r - w;
  }
  const y1 = r - y0 - w;
  if (hx < 0) {
    remY[0] = -y0;
    remY[1] = -y1;
    return -n;
  }
  remY[0] = y0;
  remY[1] = y1;
  return n;
}

/** |x| > 2^19·(π/2): exact Payne–Hanek reduction; NaN for ±Infinity and NaN. */
function remPio2Large(x: number, hx: number, ix: number): number {
  if (ix >= 0x7ff00000) {
    remY[0] = remY[1] = x - x;
    return 0;
  }
  // z = scalbn(|x|, −ilogb(x) + 23), split into three 24-bit pieces.
  const e0 = (ix >> 20) - 1046; // ilogb(z) − 23
  let z = withHighWord(fromWords(0, lowWord(x)), ix - (e0 << 20));
  for (let i = 0; i < 2; i++) {
    TX[i] = z | 0;
    z = (z - TX[i]) * TWO24;
  }
  TX[2] = z;
  let nx = 3;
  while (TX[nx - 1] === 0) nx--; // skip zero terms
  const n = kernelRemPio2(e0, nx);
  if (hx < 0) {
    remY[0] = -remY[0];
    remY[1] = -remY[1];
    return -n;
  }
  return n;
}

const TX = new Float64Array(3);
const F = new Float64Array(20);
const FQ = new Float64Array(20);
const Q = new Float64Array(20);
const IQ = new Int32Array(20);

/** π/2 cut into 24-bit chunks. */
const PIO2 = Float64Array.from([
  1.57079625129699707031e0, // 0x3FF921FB, 0x40000000
  7.54978941586159635335e-8, // 0x3E74442D, 0x00000000
  5.39030252995776476554e-15, // 0x3CF84698, 0x80000000
  3.28200341580791294123e-22, // 0x3B78CC51, 0x60000000
  1.27065575308067607349e-29, // 0x39F01B83, 0x80000000
  1.22933308981111328932e-36, // 0x387A2520, 0x40000000
  2.73370053816464559624e-44, // 0x36E38222, 0x80000000
  2.16741683877804819444e-51, // 0x3569F31D, 0x00000000
]);

/**
 * fdlibm __kernel_rem_pio2 with prec = 2 (jk = 4, 64-bit precision): the last three bits of N and the fraction
 * of (2/π)·x from the nx 24-bit pieces in TX (scaled exponent e0), skipping the part of the product known to be
 * a multiple of 8. Writes y0 + y1 to remY.
 */
function kernelRemPio2(e0: number, nx: number): number {
  const jk = 4;
  const jp = jk;
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0;
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);

  // f[0 … jx+jk] = ipio2[jv−jx … jv+jk]
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++, j++) F[i] = j < 0 ? 0 : TWO_OVER_PI[j];

  for (let i = 0; i <= jk; i++) {
    let fw = 0;
    for (j = 0; j <= jx; j++) fw += TX[j] * F[jx + i - j];
    Q[i] = fw;
  }

  let jz = jk;
  let z: number;
  let n: number;
  let ih: number;
  for (;;) {
    // Distil q[] into iq[] in reverse.
    let i = 0;
    z = Q[jz];
    for (j = jz; j > 0; i++, j--) {
      const fw = (TWON24 * z) | 0;
      IQ[i] = (z - TWO24 * fw) | 0;
      z = Q[j - 1] + fw;
    }
    // n
    z = scalbn(z, q0);
    z -= 8 * Math.floor(z * 0.125); // trim off integers >= 8
    n = z | 0;
    z -= n;
    ih = 0;
    if (q0 > 0) {
      // need iq[jz−1] to determine n
      i = IQ[jz - 1] >> (24 - q0);
      n += i;
      IQ[jz - 1] -= i << (24 - q0);
      ih = IQ[jz - 1] >> (23 - q0);
    } else if (q0 === 0) ih = IQ[jz - 1] >> 23;
    else if (z >= 0.5) ih = 2;

    if (ih > 0) {
      // q > 0.5
      n += 1;
      let carry = 0;
      for (i = 0; i < jz; i++) {
        // 1 − q
        j = IQ[i];
        if (carry === 0) {
          if (j !== 0) {
            carry = 1;
            IQ[i] = 0x1000000 - j;
          }
        } else IQ[i] = 0xffffff - j;
      }
      if (q0 > 0) {
        // rare case: chance is 1 in 12
        if (q0 === 1) IQ[jz - 1] &= 0x7fffff;
        else if (q0 === 2) IQ[jz - 1] &= 0x3fffff;
      }
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }

    // Recompute with more terms if the fraction came out exactly zero.
    if (z === 0) {
      j = 0;
      for (i = jz - 1; i >= jk; i--) j |= IQ[i];
      if (j === 0) {
        let k = 1;
        while (jk >= k && IQ[jk - k] === 0) k++; // k = number of terms needed
        for (i = jz + 1; i <= jz + k; i++) {
          // add q[jz+1] … q[jz+k]
          F[jx + i] = TWO_OVER_PI[jv + i];
          let fw = 0;
          for (j = 0; j <= jx; j++) fw += TX[j] * F[jx + i - j];
          Q[i] = fw;
        }
        jz += k;
        continue;
      }
    }
    break;
  }

  // Chop off zero terms.
  if (z === 0) {
    jz -= 1;
    q0 -= 24;
    while (IQ[jz] === 0) {
      jz--;
      q0 -= 24;
    }
  } else {
    // break z into 24-bit pieces if necessary
    z = scalbn(z, -q0);
    if (z >= TWO24) {
      const fw = (TWON24 * z) | 0;
      IQ[jz] = z - TWO24 * fw;
      jz += 1;
      q0 += 24;
      IQ[jz] = fw;
    } else IQ[jz] = z;
  }

  // Integer chunks to floating point.
  let fw = scalbn(1, q0);
  for (let i = jz; i >= 0; i--) {
    Q[i] = fw * IQ[i];
    fw *= TWON24;
  }
  // PIo2[0 … jp] · q[jz … 0]
  for (let i = jz; i >= 0; i--) {
    fw = 0;
    for (let k = 0; k <= jp && k <= jz - i; k++) fw += PIO2[k] * Q[i + k];
    FQ[jz - i] = fw;
  }
  // Compress fq[] into y[] (prec 2).
  fw = 0;
  for (let i = jz; i >= 0; i--) fw += FQ[i];
  remY[0] = ih === 0 ? fw : -fw;
  fw = FQ[0] - fw;
  for (let i = 1; i <= jz; i++) fw += FQ[i];
  remY[1] = ih === 0 ? fw : -fw;
  return n & 7;
}
