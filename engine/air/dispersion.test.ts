/**
 * The receptor-grid model (tabulated kernel + line integration + culling) against analytic plumes, its linearity,
 * mirror symmetry under wind reversal, and a brute-force evaluation without culling.
 */
import { describe, expect, it } from 'vitest';
import { buildKernel, kernelAt, splitKernel, type KernelOptions } from './kernel.ts';
import { disperseGrid, dispersePoints, lineSources, type GridSpec } from './dispersion.ts';
import { disperseGridPlan, dispersePointsPlan, gridRegion, planDispersion, regionExtentM } from './plan.ts';
import { RENNES_DEFAULT_ROSE, downwindAngleRad, singleHour, type WindRose } from './meteo.ts';
import { briggsUrbanSigmaY, briggsUrbanSigmaZ, pointPlume, stabilityCode } from './plume.ts';

const BARE: KernelOptions = { receptorHeightM: 0, sourceHeightM: 0, sigmaY0M: 0, sigmaZ0M: 0, cutoffM: 2000, minWindSpeedMS: 1 };
const ROAD: KernelOptions = { receptorHeightM: 1.5, sourceHeightM: 0, sigmaY0M: 3, sigmaZ0M: 1.5, cutoffM: 800, minWindSpeedMS: 1 };
const D = stabilityCode('D');

/** Deterministic pseudo-random network of `n` straight pieces in a square of half-side `h`. */
function network(n: number, h: number, seed = 7): { ends: number[]; q: number[]; q2: number[] } {
  let s = seed;
  const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const ends: number[] = [];
  const q: number[] = [];
  const q2: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = (rnd() * 2 - 1) * h;
    const y = (rnd() * 2 - 1) * h;
    const a = rnd() * 2 * Math.PI;
    const len = 20 + rnd() * 80;
    ends.push(x, y, x + len * Math.cos(a), y + len * Math.sin(a));
    q.push(1e-5 * (0.5 + rnd()));
    q2.push(3e-6 * (0.5 + rnd()));
  }
  return { ends, q, q2 };
}

const grid = (half: number, cs: number): GridSpec => ({ width: Math.round((2 * half) / cs), height: Math.round((2 * half) / cs), cellSizeM: cs, originX: -half, originY: half });

describe('kernel table', () => {
  it('reproduces the issue centreline value at 500 m (±0.5 %) from the table', () => {
    const k = buildKernel(singleHour(270, 3, 'D'), BARE);
    // Wind from the west: downwind is +x.
    expect(Math.abs(kernelAt(k, 500, 0) / 2.225771e-5 - 1)).toBeLessThan(0.005);
    expect(kernelAt(k, -500, 0)).toBe(0);
  });

  it('conserves mass crosswind: ∫ K dy = 2 / (√(2π) σz u) on the ground', () => {
    const u = 2.5;
    const k = buildKernel(singleHour(0, u, 'C'), BARE); // from the north: downwind is −y, crosswind is x
    const cls = stabilityCode('C');
    for (const dist of [60, 300, 1200]) {
      const sy = briggsUrbanSigmaY(cls, dist);
      let sum = 0;
      const step = sy / 50;
      for (let x = -8 * sy; x <= 8 * sy; x += step) sum += kernelAt(k, x, -dist) * step;
      expect(Math.abs(sum / (2 / (Math.sqrt(2 * Math.PI) * briggsUrbanSigmaZ(cls, dist) * u)) - 1), `${dist} m`).toBeLessThan(0.005);
    }
  });

  it('tabulates a full rose within 0.5 % of a direct sum over its conditions', () => {
    const k = buildKernel(RENNES_DEFAULT_ROSE, ROAD);
    // Each sector spread as a triangle of half-width 30° (meteo.ts), integrated finely.
    const sub = 200;
    const ref = (dx: number, dy: number): number => {
      let v = 0;
      const w = RENNES_DEFAULT_ROSE.sectorWidthDeg;
      for (const c of RENNES_DEFAULT_ROSE.conditions) {
        for (let s = 0; s < sub; s++) {
          const off = -w + (2 * w * (s + 0.5)) / sub;
          const share = ((1 - Math.abs(off) / w) * 2) / sub;
          const a = downwindAngleRad(c.fromDeg + off);
          const x = dx * Math.cos(a) + dy * Math.sin(a);
          const y = -dx * Math.sin(a) + dy * Math.cos(a);
          v += c.frequency * share * pointPlume(1, Math.max(1, c.speedMS), stabilityCode(c.stability), x, y, 1.5, { sigmaY0M: 3, sigmaZ0M: 1.5 });
        }
      }
      return v;
    };
    for (const [dx, dy] of [[6, 0], [0, -9], [-25, 14], [80, 80], [-150, 20], [300, -400], [-600, -100]]) {
      expect(Math.abs(kernelAt(k, dx, dy) / ref(dx, dy) - 1), `(${dx}, ${dy})`).toBeLessThan(0.005);
    }
  });

  it('refuses unusable options with the parameter named', () => {
    expect(() => buildKernel(RENNES_DEFAULT_ROSE, { ...ROAD, cutoffM: 10 })).toThrow(/cutoffM/);
    expect(() => buildKernel(RENNES_DEFAULT_ROSE, { ...ROAD, minWindSpeedMS: 0 })).toThrow(/minWindSpeedMS/);
  });
});

describe('line sources on receptors', () => {
  it('a long straight line matches 2q/(√(2π) σz u) away from its ends (grid model, ±1 %)', () => {
    const u = 3;
    const q = 0.01;
    const k = buildKernel(singleHour(270, u, 'D'), BARE);
    const src = lineSources([0, -8000, 0, 8000], [[q]]);
    const xs = [40, 100, 250, 600, 1200];
    const r = dispersePoints(src, k, xs.flatMap((x) => [x, 150]));
    xs.forEach((x, i) => {
      const expected = (2 * q) / (Math.sqrt(2 * Math.PI) * briggsUrbanSigmaZ(D, x) * u);
      expect(Math.abs(r.values[i] / expected - 1), `x = ${x} m`).toBeLessThan(0.01);
    });
    // Upwind of the line nothing arrives.
    expect(dispersePoints(src, k, [-50, 0]).values[0]).toBe(0);
  });

  it('is linear in the emissions: scaling and superposition', () => {
    const net = network(120, 400);
    for (const rose of [singleHour(200, 2, 'E'), RENNES_DEFAULT_ROSE] as WindRose[]) {
      const k = buildKernel(rose, ROAD);
      const g = grid(500, 20);
      const a = disperseGrid(lineSources(net.ends, [net.q]), k, g).values;
      const b = disperseGrid(lineSources(net.ends, [net.q2]), k, g).values;
      const both = disperseGrid(lineSources(net.ends, [net.q.map((v, i) => 3.7 * v + 0.5 * net.q2[i])]), k, g).values;
      const two = disperseGrid(lineSources(net.ends, [net.q, net.q2]), k, g).values;
      let max = 0;
      for (let i = 0; i < a.length; i++) {
        max = Math.max(max, a[i]);
        expect(both[i]).toBeCloseTo(3.7 * a[i] + 0.5 * b[i], 18);
        expect(two[i]).toBe(a[i]);
        expect(two[a.length + i]).toBe(b[i]);
      }
      expect(max).toBeGreaterThan(0);
    }
  });

  it('reversing the wind mirrors the field', () => {
    const g = grid(400, 10);
    // A north–south road through the origin: wind from the west and from the east mirror each other about x = 0.
    const road = lineSources([0, -150, 0, 150], [[1e-5]]);
    const west = disperseGrid(road, buildKernel(singleHour(270, 2, 'D'), ROAD), g).values;
    const east = disperseGrid(road, buildKernel(singleHour(90, 2, 'D'), ROAD), g).values;
    const W = g.width;
    let peak = 0;
    for (let row = 0; row < g.height; row++) {
      for (let col = 0; col < W; col++) {
        const v = west[row * W + col];
        peak = Math.max(peak, v);
        expect(Math.abs(v - east[row * W + (W - 1 - col)])).toBeLessThanOrEqual(1e-6 * v + 1e-15);
      }
    }
    expect(peak).toBeGreaterThan(0);
    // Any network: turning sources and wind by 180° turns the field by 180°.
    const net = network(60, 300, 3);
    const turned = net.ends.map((v) => -v);
    const f = disperseGrid(lineSources(net.ends, [net.q]), buildKernel(singleHour(230, 3, 'C'), ROAD), g).values;
    const h = disperseGrid(lineSources(turned, [net.q]), buildKernel(singleHour(50, 3, 'C'), ROAD), g).values;
    for (let i = 0; i < f.length; i++) expect(Math.abs(f[i] - h[f.length - 1 - i])).toBeLessThanOrEqual(1e-5 * f[i] + 1e-15);
  });

  it('culling loses nothing: the grid equals a brute-force sum over all pieces', () => {
    const net = network(40, 300, 11);
    const src = lineSources(net.ends, [net.q]);
    const g = grid(350, 25);
    for (const rose of [singleHour(300, 2, 'F'), RENNES_DEFAULT_ROSE] as WindRose[]) {
      const k = buildKernel(rose, ROAD);
      const r = disperseGrid(src, k, g);
      const peak = Math.max(...r.values);
      let worstRel = 0;
      let worstAbs = 0;
      for (let row = 0; row < g.height; row += 3) {
        for (let col = 0; col < g.width; col += 3) {
          const x = g.originX + (col + 0.5) * g.cellSizeM;
          const y = g.originY - (row + 0.5) * g.cellSizeM;
          let ref = 0;
          for (let p = 0; p < src.count; p++) {
            const L = Math.hypot(src.bx[p] - src.ax[p], src.by[p] - src.ay[p]);
            const n = Math.ceil(L / 0.25);
            for (let j = 0; j < n; j++) {
              const t = (j + 0.5) / n;
              ref += kernelAt(k, x - (src.ax[p] + t * (src.bx[p] - src.ax[p])), y - (src.ay[p] + t * (src.by[p] - src.ay[p]))) * (L / n) * src.q[p];
            }
          }
          const v = r.values[row * g.width + col];
          if (ref > 0.01 * peak) worstRel = Math.max(worstRel, Math.abs(v / ref - 1));
          worstAbs = Math.max(worstAbs, Math.abs(v - ref) / peak);
        }
      }
      // Adaptive quadrature error only: ≤ 1.5 % where the field exceeds 1 % of its peak, ≤ 0.1 % of the peak anywhere.
      expect(worstRel, rose.name).toBeLessThan(0.015);
      expect(worstAbs, rose.name).toBeLessThan(0.001);
      expect(r.stats.pairs).toBeLessThan(src.count * g.width * g.height);
    }
  });

  it('points, grids and row bands agree', () => {
    const net = network(50, 300, 5);
    const src = lineSources(net.ends, [net.q]);
    const k = buildKernel(RENNES_DEFAULT_ROSE, ROAD);
    const g = grid(300, 30);
    const full = disperseGrid(src, k, g).values;
    const top = disperseGrid(src, k, g, { rowStart: 0, rowEnd: 7 }).values;
    const rest = disperseGrid(src, k, g, { rowStart: 7, rowEnd: g.height }).values;
    expect([...top, ...rest]).toEqual([...full]);
    const xy: number[] = [];
    for (let row = 0; row < g.height; row++) for (let col = 0; col < g.width; col++) xy.push(g.originX + (col + 0.5) * g.cellSizeM, g.originY - (row + 0.5) * g.cellSizeM);
    const pts = dispersePoints(src, k, xy).values;
    for (let i = 0; i < full.length; i++) expect(pts[i]).toBeCloseTo(full[i], 15);
  });

  it('the two-level plan (near exact, far by FFT on a lattice) matches a converged direct sum', () => {
    const net = network(400, 900, 13);
    const src = lineSources(net.ends, [net.q]);
    const g = grid(600, 10);
    const pts: number[] = [];
    for (let i = 0; i < 300; i++) pts.push(((i * 37) % 1100) - 550 + 0.3, ((i * 53) % 1100) - 550 + 0.7);
    for (const rose of [RENNES_DEFAULT_ROSE, singleHour(250, 3, 'C')] as WindRose[]) {
      const k = buildKernel(rose, { ...ROAD, cutoffM: 1000 });
      // Near + far = K at every node.
      const { near, far } = splitKernel(k, 200, 300);
      for (const [dx, dy] of [[3, 4], [150, -20], [-240, 170], [400, 400], [-700, 100]]) expect(kernelAt(near, dx, dy) + kernelAt(far, dx, dy)).toBeCloseTo(kernelAt(k, dx, dy), 12);
      const plan = planDispersion(k, { extentM: regionExtentM(gridRegion(g)) });
      expect(plan.far).not.toBeNull();
      // Reference: the direct sum with sub-points 4 times closer along the sources (converged to ≈ 0.1 %).
      const fineK = { ...k, angularStepRad: k.angularStepRad / 4 };
      const ref = disperseGrid(src, fineK, g);
      const two = disperseGridPlan(src, plan, g);
      let se = 0;
      let sr = 0;
      let peak = 0;
      let worstAbove1Pct = 0;
      let worstExcess = -Infinity;
      for (const v of ref.values) peak = Math.max(peak, v);
      for (let i = 0; i < ref.values.length; i++) {
        const e = Math.abs(two.values[i] - ref.values[i]);
        se += e * e;
        sr += ref.values[i] ** 2;
        worstExcess = Math.max(worstExcess, e - (0.03 * ref.values[i] + 1e-3 * peak));
        if (ref.values[i] > 0.01 * peak) worstAbove1Pct = Math.max(worstAbove1Pct, e / ref.values[i]);
      }
      expect(Math.sqrt(se / sr), rose.name).toBeLessThan(0.002);
      expect(worstAbove1Pct, rose.name).toBeLessThan(0.03);
      expect(worstExcess, `${rose.name}: |error| ≤ 3 % + 1e-3 of the peak everywhere`).toBeLessThanOrEqual(0);
      expect(two.stats.pairs).toBeLessThan(ref.stats.pairs / 5);
      expect(two.stats.fftNodes).toBeGreaterThan(0);
      // Scattered points by the plan agree with the reference too.
      const pd = dispersePoints(src, fineK, pts).values;
      const pp = dispersePointsPlan(src, plan, pts).values;
      for (let i = 0; i < pd.length; i++) expect(Math.abs(pp[i] - pd[i])).toBeLessThanOrEqual(0.03 * pd[i] + 1e-3 * peak);
      // Two components (one complex FFT) give what each gives alone (one real FFT each).
      const pair = disperseGridPlan(lineSources(net.ends, [net.q, net.q2]), plan, g).values;
      const second = disperseGridPlan(lineSources(net.ends, [net.q2]), plan, g).values;
      const cells = g.width * g.height;
      let gap = 0;
      for (let i = 0; i < cells; i++) gap = Math.max(gap, Math.abs(pair[i] - two.values[i]) / peak, Math.abs(pair[cells + i] - second[i]) / peak);
      expect(gap).toBeLessThan(1e-12);
      // Bands of the plan join up exactly.
      const a = disperseGridPlan(src, plan, g, { rowStart: 0, rowEnd: 37 }).values;
      const b = disperseGridPlan(src, plan, g, { rowStart: 37, rowEnd: g.height }).values;
      expect([...a, ...b]).toEqual([...two.values]);
    }
  });

  it('rejects malformed sources and grids', () => {
    expect(() => lineSources([0, 0, 1], [[1]])).toThrow(/4 numbers per piece/);
    expect(() => lineSources([0, 0, 1, 1], [[1, 2]])).toThrow(/component 0 has 2 values for 1 pieces/);
    const k = buildKernel(singleHour(0, 2, 'D'), ROAD);
    expect(() => disperseGrid(lineSources([0, 0, 1, 1], [[1]]), k, { ...grid(100, 10), width: 0 })).toThrow(/invalid size/);
    expect(() => dispersePoints(lineSources([0, 0, 1, 1], [[1]]), k, [0, NaN])).toThrow(/receptor 0/);
  });
});
