/**
 * Analytic Gaussian plume checks (issue 9 § 2): the point-source centreline value of the issue, mass conservation
 * through a crosswind plane, the infinite line source limit, and the finite line formula against a direct
 * numerical integration of point sources.
 */
import { describe, expect, it } from 'vitest';
import { briggsUrbanSigmaY, briggsUrbanSigmaZ, crosswindLine, erf, pointPlume, stabilityCode } from './plume.ts';

const D = stabilityCode('D');

/** Composite Simpson rule of f on [a, b] with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('Briggs urban point plume', () => {
  it('ground centreline: Q = 1 g/s, u = 3 m/s, class D, x = 500 m gives 2.225771e-05 g/m³ (±0.5 %)', () => {
    const c = pointPlume(1, 3, D, 500, 0, 0);
    expect(Math.abs(c / 2.225771e-5 - 1)).toBeLessThan(0.005);
    // Same as Q / (π u σy σz) with σy = 0.16·500/√1.2, σz = 0.14·500/√1.15.
    expect(briggsUrbanSigmaY(D, 500)).toBeCloseTo(80 / Math.sqrt(1.2), 10);
    expect(briggsUrbanSigmaZ(D, 500)).toBeCloseTo(70 / Math.sqrt(1.15), 10);
    expect(c).toBeCloseTo(1 / (Math.PI * 3 * (80 / Math.sqrt(1.2)) * (70 / Math.sqrt(1.15))), 15);
  });

  it('is zero upwind and symmetric crosswind', () => {
    expect(pointPlume(1, 3, D, -10, 0, 0)).toBe(0);
    expect(pointPlume(1, 3, D, 200, 17, 1.5)).toBeCloseTo(pointPlume(1, 3, D, 200, -17, 1.5), 18);
  });

  it('carries the whole emission through any crosswind plane: ∫∫ u C dy dz = Q (±0.1 %)', () => {
    const cases = [
      { cls: 'A', x: 150, h: 0, sy0: 0, sz0: 0 },
      { cls: 'C', x: 800, h: 0, sy0: 0, sz0: 0 },
      { cls: 'D', x: 500, h: 0, sy0: 0, sz0: 0 },
      { cls: 'D', x: 60, h: 2, sy0: 3, sz0: 1.5 },
      { cls: 'F', x: 2000, h: 10, sy0: 0, sz0: 0 },
    ];
    for (const c of cases) {
      const q = 2.5;
      const u = 4;
      const cls = stabilityCode(c.cls);
      const o = { sourceHeightM: c.h, sigmaY0M: c.sy0, sigmaZ0M: c.sz0 };
      const sy = Math.hypot(c.sy0, briggsUrbanSigmaY(cls, c.x));
      const sz = Math.hypot(c.sz0, briggsUrbanSigmaZ(cls, c.x));
      const flux = simpson((z) => simpson((y) => u * pointPlume(q, u, cls, c.x, y, z, o), -10 * sy, 10 * sy, 400), 0, c.h + 10 * sz, 400);
      expect(Math.abs(flux / q - 1), `${c.cls} at ${c.x} m`).toBeLessThan(0.001);
    }
  });
});

describe('line sources across the wind', () => {
  it('a long straight line matches 2q/(√(2π) σz u) away from its ends', () => {
    const q = 0.01;
    const u = 2;
    for (const x of [50, 200, 1000]) {
      const sz = briggsUrbanSigmaZ(D, x);
      const expected = (2 * q) / (Math.sqrt(2 * Math.PI) * sz * u);
      // A 20 km line seen from its middle, and the infinite line.
      expect(Math.abs(crosswindLine(q, u, D, x, 0, -10000, 10000, 0) / expected - 1)).toBeLessThan(1e-6);
      expect(crosswindLine(q, u, D, x, 0, -Infinity, Infinity, 0)).toBeCloseTo(expected, 15);
    }
  });

  it('the finite line formula equals point sources integrated along the line', () => {
    const q = 0.02;
    const u = 3;
    for (const [x, y, y1, y2, z] of [
      [120, 0, -50, 50, 0],
      [300, 80, -100, 60, 1.5],
      [40, -30, 0, 200, 0],
    ]) {
      const numeric = simpson((s) => pointPlume(q, u, D, x, y - s, z), y1, y2, 2000);
      expect(crosswindLine(q, u, D, x, y, y1, y2, z) / numeric).toBeCloseTo(1, 5);
    }
  });

  it('erf matches reference values', () => {
    // Abramowitz & Stegun table 7.1.
    expect(erf(0)).toBeCloseTo(0, 7);
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 6);
    expect(erf(1)).toBeCloseTo(0.8427007929, 6);
    expect(erf(2)).toBeCloseTo(0.995322265, 6);
    expect(erf(-1)).toBeCloseTo(-0.8427007929, 6);
  });
});
