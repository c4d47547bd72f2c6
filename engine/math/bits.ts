/**
 * Word access to IEEE-754 binary64 values — the GET_HIGH_WORD / SET_LOW_WORD / INSERT_WORDS macros of fdlibm —
 * through one shared 8-byte buffer viewed as a Float64Array and an Int32Array. Stores and loads of typed arrays
 * are exactly specified by ECMAScript (IEEE-754 encoding in the platform's byte order, detected once here), so
 * these give the same bits in every engine.
 */

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** The more significant 32 bits of x (sign, exponent, top 20 bits of the significand) as a signed int32. */
export function highWord(x: number): number {
  F64[0] = x;
  return I32[HI];
}

/** The less significant 32 bits of x as a signed int32 (use `>>> 0` for the unsigned value). */
export function lowWord(x: number): number {
  F64[0] = x;
  return I32[LO];
}

/** The double whose words are hi and lo (each taken modulo 2³², as a C uint32_t cast would). */
export function fromWords(hi: number, lo: number): number {
  I32[HI] = hi;
  I32[LO] = lo;
  return F64[0];
}

/** x with its more significant word replaced by hi. */
export function withHighWord(x: number, hi: number): number {
  F64[0] = x;
  I32[HI] = hi;
  return F64[0];
}

/** x with its less significant word replaced by lo (lo = 0 keeps the top 21 bits of the significand). */
export function withLowWord(x: number, lo: number): number {
  F64[0] = x;
  I32[LO] = lo;
  return F64[0];
}

/**
 * 2^k for every integer k in [-1074, 1023] at index k + 1074 (doubling and halving 1 is exact all the way down
 * to the smallest subnormal). Multiplying a double by an entry is exact whenever the product is normal, and
 * replaces setting the exponent bits (a store of words then a load of the double, which stalls the CPU).
 */
export const TWO_POW = new Float64Array(2098);
TWO_POW[1074] = 1;
for (let k = 1; k <= 1023; k++) TWO_POW[1074 + k] = TWO_POW[1073 + k] * 2;
for (let k = 1; k <= 1074; k++) TWO_POW[1074 - k] = TWO_POW[1075 - k] * 0.5;

/**
 * a with the low word cleared — its top 21 significant bits, SET_LOW_WORD(a, 0) of fdlibm — for a positive a of
 * high word ha between 2^-1000 and 2^1000, by exact arithmetic (scaling by powers of two and floor) rather than
 * a store of words and a load of the double.
 */
export function top21(a: number, ha: number): number {
  const e = (ha >> 20) - 1023;
  return Math.floor(a * TWO_POW[1074 + 20 - e]) * TWO_POW[1074 - 20 + e];
}
