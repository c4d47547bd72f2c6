/**
 * Seeded pseudo-random numbers for the sample generator. Never Math.random: the same seed must give the same
 * territory, byte for byte.
 *
 * - Generator: sfc32, "Small Fast Counting" generator by Chris Doty-Humphrey (PractRand test suite, public
 *   domain), 128-bit state, passes PractRand up to at least 2^40 bytes. JavaScript form as in bryc's
 *   "PRNGs.md" (github.com/bryc/code/blob/master/jshash/PRNGs.md).
 * - Seeding and sub-streams: MurmurHash3's 32-bit finaliser `fmix32` (Austin Appleby, public domain) mixes
 *   (seed, stream ids…) into independent seeds, so each town, face and block draws from its own stream and the
 *   result does not depend on the order in which the generator visits them.
 */

/** MurmurHash3 fmix32 finaliser: a 32-bit avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of integers (seed first, then stream ids) to a 32-bit seed. */
export function hashSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32((h ^ fmix32((p | 0) + 0x632be5ab)) + 0x7f4a7c15);
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = hashSeed(seed, 1);
    this.b = hashSeed(seed, 2);
    this.c = hashSeed(seed, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32(); // warm-up, as recommended for sfc32
  }

  /** A new independent stream derived from this seed and ids (does not advance this stream). */
  static stream(...parts: number[]): Rng {
    return new Rng(hashSeed(...parts));
  }

  /** sfc32 step: uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.float();
  }

  /** Uniform integer in [a, b] (inclusive). */
  int(a: number, b: number): number {
    return a + Math.floor(this.float() * (b - a + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal deviate (Box–Muller transform). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1]
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal deviate with the given median (= e^μ) and log standard deviation σ, clamped to [min, max]. */
  lognormal(median: number, sigma: number, min = 0, max = Infinity): number {
    const x = median * Math.exp(sigma * this.normal());
    return x < min ? min : x > max ? max : x;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Index drawn with probability proportional to `weights[i]`. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}
