/**
 * Near-part operators: applying a recorded operator to new emissions gives bitwise what the direct evaluation
 * gives (points and grid bands, one or several components), any change of geometry or kernel misses the cache,
 * and the memory budget holds.
 */
import { describe, expect, it } from 'vitest';
import { buildKernel, type KernelOptions } from './kernel.ts';
import { lineSources, lineSourcesFromRoads, dispersePoints, type GridSpec, type LineSources } from './dispersion.ts';
import { generateSample } from '../../data/sample/index.ts';
import { disperseGridPlan, dispersePointsPlan, gridRegion, planDispersion, regionExtentM } from './plan.ts';
import { NearOperatorCache } from './near-operator.ts';
import { RENNES_DEFAULT_ROSE, singleHour } from './meteo.ts';

const ROAD: KernelOptions = { receptorHeightM: 1.5, sourceHeightM: 0, sigmaY0M: 3, sigmaZ0M: 1.5, cutoffM: 800, minWindSpeedMS: 1 };

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** `n` pieces in a square of half-side `h`; emissions drawn from `seed` (same pieces for every seed). */
function sources(n: number, h: number, comps: number, seed: number): LineSources {
  const geo = rng(11);
  const em = rng(seed);
  const ends: number[] = [];
  const q: number[][] = Array.from({ length: comps }, () => []);
  for (let i = 0; i < n; i++) {
    const x = (geo() * 2 - 1) * h;
    const y = (geo() * 2 - 1) * h;
    const a = geo() * 2 * Math.PI;
    const len = 20 + geo() * 80;
    ends.push(x, y, x + len * Math.cos(a), y + len * Math.sin(a));
    for (let c = 0; c < comps; c++) q[c].push(1e-5 * em());
  }
  return lineSources(ends, q);
}

const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

describe('near operators', () => {
  const k = buildKernel(RENNES_DEFAULT_ROSE, ROAD);
  const g: GridSpec = { width: 90, height: 80, cellSizeM: 12.5, originX: -560, originY: 500 };
  const plan = planDispersion(k, { extentM: regionExtentM(gridRegion(g)) });
  const pts = Float64Array.from({ length: 2 * 700 }, rng(5)).map((v) => (v * 2 - 1) * 550);

  it('give bitwise the direct values for new emissions on the same pieces (grid band and points, 1 and 3 components)', () => {
    expect(plan.far).not.toBeNull();
    for (const comps of [1, 3]) {
      const cache = new NearOperatorCache();
      const first = sources(300, 600, comps, 1);
      // Recording run: the same values as without a cache.
      expect(same(disperseGridPlan(first, plan, g, { rowStart: 10, rowEnd: 60 }, null, cache).values, disperseGridPlan(first, plan, g, { rowStart: 10, rowEnd: 60 }, null).values)).toBe(true);
      expect(same(dispersePointsPlan(first, plan, pts, null, cache).values, dispersePointsPlan(first, plan, pts, null).values)).toBe(true);
      expect(cache.size).toBe(2);
      for (const seed of [2, 3]) {
        const other = sources(300, 600, comps, seed);
        const viaOp = disperseGridPlan(other, plan, g, { rowStart: 10, rowEnd: 60 }, null, cache);
        const direct = disperseGridPlan(other, plan, g, { rowStart: 10, rowEnd: 60 }, null);
        expect(same(viaOp.values, direct.values)).toBe(true);
        expect(viaOp.stats).toEqual(direct.stats);
        expect(same(dispersePointsPlan(other, plan, pts, null, cache).values, dispersePointsPlan(other, plan, pts, null).values)).toBe(true);
        expect(viaOp.values.some((v) => v > 0)).toBe(true);
      }
      expect(cache.size).toBe(2); // applied, not recorded again
    }
  });

  it('are recorded again when pieces, receptors, band or kernel change', () => {
    const cache = new NearOperatorCache();
    const s = sources(200, 600, 1, 1);
    dispersePointsPlan(s, plan, pts, null, cache);
    const moved = pts.slice();
    moved[0] += 0.001;
    dispersePointsPlan(s, plan, moved, null, cache);
    expect(cache.size).toBe(2);
    const shifted = { ...s, ax: s.ax.map((x, i) => (i === 7 ? x + 0.01 : x)) };
    expect(same(dispersePointsPlan(shifted, plan, pts, null, cache).values, dispersePointsPlan(shifted, plan, pts, null).values)).toBe(true);
    expect(cache.size).toBe(3);
    disperseGridPlan(s, plan, g, { rowStart: 0, rowEnd: 40 }, null, cache);
    disperseGridPlan(s, plan, g, { rowStart: 40, rowEnd: 80 }, null, cache);
    expect(cache.size).toBe(5);
    const hour = buildKernel(singleHour(250, 3, 'D'), ROAD);
    const plan2 = planDispersion(hour, { extentM: regionExtentM(gridRegion(g)) });
    expect(same(dispersePointsPlan(s, plan2, pts, null, cache).values, dispersePointsPlan(s, plan2, pts, null).values)).toBe(true);
    expect(cache.size).toBe(6);
  });

  it('see the same pieces whatever the flows when zero-emission segments are kept, with the same values', () => {
    const roads = generateSample({ size: 'district', seed: 1 }).roads;
    const r = rng(9);
    const flows = (share: number): Float64Array => Float64Array.from({ length: roads.linkCount }, () => (r() < share ? 1e-5 * r() : 0));
    const keep = new Uint8Array(roads.segmentCount).fill(1);
    const a = flows(0.5);
    const b = flows(0.7);
    expect(lineSourcesFromRoads(roads, [a]).count).not.toBe(lineSourcesFromRoads(roads, [b]).count);
    const ka = lineSourcesFromRoads(roads, [a], keep);
    expect(lineSourcesFromRoads(roads, [b], keep).count).toBe(ka.count);
    const xy = Float64Array.from({ length: 400 }, () => (r() * 2 - 1) * 300);
    expect(same(dispersePoints(ka, k, xy).values, dispersePoints(lineSourcesFromRoads(roads, [a]), k, xy).values)).toBe(true);
  });

  it('keep within their memory budget: too many pairs are not recorded, the least recent go first', () => {
    const s = sources(300, 600, 1, 1);
    const tiny = new NearOperatorCache(1000);
    expect(same(dispersePointsPlan(s, plan, pts, null, tiny).values, dispersePointsPlan(s, plan, pts, null).values)).toBe(true);
    expect(tiny.size).toBe(0);
    const probe = new NearOperatorCache();
    dispersePointsPlan(s, plan, pts, null, probe);
    const one = probe.usedBytes;
    expect(one).toBeGreaterThan(12 * 1000);
    const two = new NearOperatorCache(Math.floor(2.5 * one));
    for (const dx of [0, 1, 2]) dispersePointsPlan(s, plan, pts.map((v, i) => (i % 2 ? v : v + dx)), null, two);
    expect(two.size).toBe(2);
    expect(two.usedBytes).toBeLessThanOrEqual(two.maxBytes);
  });
});
