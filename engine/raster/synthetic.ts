/**
 * Synthetic scenes for tests and benchmarks: hand-made building sets and a seeded "city" DSM of random boxes.
 * Deterministic (own PRNG, no Math.random).
 */
import type { Buildings } from '../territory.ts';
import { type Grid, createGrid } from './grid.ts';

/** Mulberry32: a small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A minimal `Buildings` table from footprints (each a list of rings, flat [x0, y0, x1, y1, …], outer rings
 * counter-clockwise then their clockwise holes) and heights. Attributes other than geometry and height are
 * neutral placeholders.
 */
export function buildingsFromRings(features: number[][][], heightsM: number[]): Buildings {
  const featureRingStart = [0];
  const ringVertexStart = [0];
  const xy: number[] = [];
  for (const rings of features) {
    for (const ring of rings) {
      xy.push(...ring);
      ringVertexStart.push(xy.length / 2);
    }
    featureRingStart.push(ringVertexStart.length - 1);
  }
  const n = features.length;
  return {
    count: n,
    footprint: { featureRingStart: Uint32Array.from(featureRingStart), ringVertexStart: Uint32Array.from(ringVertexStart), xy: Float64Array.from(xy) },
    sourceId: features.map((_, i) => `b${i}`),
    dataset: new Uint16Array(n),
    footprintAreaM2: new Float64Array(n),
    heightM: Float32Array.from(heightsM),
    heightRule: new Uint8Array(n),
    floors: new Uint16Array(n).fill(1),
    floorsRule: new Uint8Array(n),
    groundZM: new Float32Array(n).fill(NaN),
    use: new Uint8Array(n),
    useRule: new Uint8Array(n),
    period: new Uint8Array(n),
    periodRule: new Uint8Array(n),
    dwellings: new Float32Array(n),
    dwellingsRule: new Uint8Array(n),
    inhabitants: new Float32Array(n),
    inhabitantsRule: new Uint8Array(n),
  };
}

/** Counter-clockwise axis-aligned rectangle ring. */
export const rectRing = (x0: number, y0: number, w: number, h: number): number[] => [x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h];

/**
 * A seeded city-like DSM: `width` × `height` cells of `cellSizeM`, flat ground at 0 with random non-overlapping
 * rectangular buildings (3–4 per 60 m block, 13–22 m sides, 3–39 m tall) along 15 m streets, covering about
 * 30 % of the area.
 */
export function syntheticCityDsm(width: number, height: number, cellSizeM = 1, seed = 1): Grid {
  const g = createGrid(width, height, cellSizeM);
  const rnd = mulberry32(seed);
  const block = Math.max(4, Math.round(60 / cellSizeM)); // 60 m blocks including the street
  const street = Math.max(1, Math.round(15 / cellSizeM));
  for (let by = 0; by < height; by += block) {
    for (let bx = 0; bx < width; bx += block) {
      const inner = block - street;
      // 3–4 buildings per block, each in its own quadrant.
      const parts = 3 + Math.floor(rnd() * 2);
      for (let p = 0; p < parts; p++) {
        const qx = bx + (p % 2) * (inner >> 1);
        const qy = by + (p >> 1) * (inner >> 1);
        const w = Math.max(1, Math.floor((inner >> 1) * (0.6 + 0.4 * rnd())));
        const h = Math.max(1, Math.floor((inner >> 1) * (0.6 + 0.4 * rnd())));
        const z = 3 + Math.floor(rnd() * 12) * 3 + rnd();
        for (let r = qy; r < Math.min(height, qy + h); r++) for (let c = qx; c < Math.min(width, qx + w); c++) g.values[r * width + c] = z;
      }
    }
  }
  return g;
}
