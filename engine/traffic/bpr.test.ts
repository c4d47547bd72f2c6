/**
 * BPR cost, derivative and exact integral against hand values, numerical quadrature and finite differences,
 * including the edge cases (power 0 at zero flow, power 17 far over capacity, tiny B) and network validation.
 */
import { describe, expect, it } from 'vitest';
import { beckmannObjective, COST_CAP, linkCost, linkCostDerivative, linkCostIntegral, linkTime } from './bpr.ts';
import { createDemand, createTrafficNetwork, demandFromMatrix, type TrafficNetwork } from './network.ts';

function oneLink(t0: number, cap: number, b: number, p: number, fixed = 0): TrafficNetwork {
  return createTrafficNetwork({ nodeCount: 2, zoneCount: 2, linkFrom: [0], linkTo: [1], freeFlowTime: [t0], capacity: [cap], bprB: [b], bprPower: [p], fixedCost: [fixed] });
}

/** Composite Simpson rule on [0, v]. */
function simpson(f: (x: number) => number, v: number, n = 2000): number {
  const h = v / n;
  let s = f(0) + f(v);
  for (let i = 1; i < n; i++) s += f(i * h) * (i % 2 ? 4 : 2);
  return (s * h) / 3;
}

describe('BPR link performance', () => {
  it('matches hand values: t0 at zero flow, t0·(1 + B) at capacity, plus the fixed generalised cost', () => {
    const net = oneLink(6, 1000, 0.15, 4, 2.5);
    expect(linkCost(net, 0, 0)).toBe(8.5);
    expect(linkCost(net, 0, 1000)).toBeCloseTo(2.5 + 6 * 1.15, 12);
    expect(linkCost(net, 0, 2000)).toBeCloseTo(2.5 + 6 * (1 + 0.15 * 16), 12);
    expect(linkTime(net, 0, 2000)).toBeCloseTo(6 * (1 + 0.15 * 16), 12);
    expect(createTrafficNetwork({ nodeCount: 2, zoneCount: 0, linkFrom: [0], linkTo: [1], freeFlowTime: [1], capacity: [1] }).bprB[0]).toBe(0.15);
  });

  it('the exact integral equals numerical quadrature and the derivative a finite difference, for powers 0.5 to 17', () => {
    for (const p of [0.5, 1, 2, 4, 5.5, 10, 17]) {
      const net = oneLink(3, 800, 0.15, p, 1);
      for (const v of [10, 500, 800, 1300]) {
        const exact = linkCostIntegral(net, 0, v);
        // Simpson converges slowly where the integrand has an infinite slope (p < 1 at zero flow).
        expect(Math.abs(exact - simpson((x) => linkCost(net, 0, x), v)) / exact, `p=${p} v=${v}`).toBeLessThan(p < 1 ? 1e-6 : 1e-10);
        const h = 1e-4 * v;
        const fd = (linkCost(net, 0, v + h) - linkCost(net, 0, v - h)) / (2 * h);
        // Relative to the larger of the slope and cost/v: a central difference of a nearly flat cost is rounding noise.
        expect(Math.abs(linkCostDerivative(net, 0, v) - fd) / Math.max(fd, linkCost(net, 0, v) / v), `p=${p} v=${v}`).toBeLessThan(1e-6);
      }
    }
  });

  it('power 0: (v/c)^0 = 1 even at zero flow, constant cost, derivative 0 (not NaN)', () => {
    const net = oneLink(4, 100, 0.5, 0);
    expect(linkCost(net, 0, 0)).toBe(6);
    expect(linkCost(net, 0, 1e6)).toBe(6);
    expect(linkCostDerivative(net, 0, 0)).toBe(0);
    expect(linkCostIntegral(net, 0, 10)).toBeCloseTo(60, 12);
  });

  it('power 17 far over capacity stays finite (capped), tiny B is honoured', () => {
    const net = oneLink(2, 1, 0.15, 17);
    for (const v of [1e3, 1e9, 1e20, 1e300]) {
      expect(Number.isFinite(linkCost(net, 0, v))).toBe(true);
      expect(Number.isFinite(linkCostDerivative(net, 0, v))).toBe(true);
      expect(linkCost(net, 0, v)).toBeLessThanOrEqual(COST_CAP);
    }
    expect(linkCost(net, 0, 1e3)).toBeCloseTo(2 * (1 + 0.15 * 1e51), -40);
    const tiny = oneLink(2, 1000, 1e-15, 4);
    expect(linkCost(tiny, 0, 2000)).toBe(2 * (1 + 1e-15 * 16));
    expect(linkCostDerivative(tiny, 0, 2000)).toBeGreaterThan(0);
  });

  it('the Beckmann objective sums the link integrals', () => {
    const net = createTrafficNetwork({ nodeCount: 2, zoneCount: 2, linkFrom: [0, 0], linkTo: [1, 1], freeFlowTime: [1, 2], capacity: [10, 10], bprB: [1, 0], bprPower: [1, 1] });
    // ∫0^10 (1 + x/10) dx = 15 ; ∫0^5 2 dx = 10
    expect(beckmannObjective(net, Float64Array.from([10, 5]))).toBeCloseTo(25, 12);
  });
});

describe('network and demand validation', () => {
  const base = { nodeCount: 3, zoneCount: 1, linkFrom: [0, 1], linkTo: [1, 2], freeFlowTime: [1, 1], nodeIdBase: 1 };
  it('zero capacity is an error naming the link and its nodes', () => {
    expect(() => createTrafficNetwork({ ...base, capacity: [10, 0] })).toThrow(/link 1 \(node 2 → 3\): capacity must be a finite number > 0, got 0/);
  });
  it('negative times, B, power or fixed costs, bad nodes and length mismatches are errors', () => {
    expect(() => createTrafficNetwork({ ...base, capacity: [1, 1], freeFlowTime: [1, -1] })).toThrow(/link 1 .*free-flow time/);
    expect(() => createTrafficNetwork({ ...base, capacity: [1, 1], bprB: [-0.1, 0] })).toThrow(/link 0 .*BPR coefficient B/);
    expect(() => createTrafficNetwork({ ...base, capacity: [1, 1], bprPower: [NaN, 4] })).toThrow(/link 0 .*BPR power/);
    expect(() => createTrafficNetwork({ ...base, capacity: [1, 1], fixedCost: [0, -2] })).toThrow(/link 1 .*generalised fixed cost/);
    expect(() => createTrafficNetwork({ ...base, capacity: [1, 1], linkTo: [1, 3] })).toThrow(/link 1 .*end node outside \[1, 3\]/);
    expect(() => createTrafficNetwork({ ...base, capacity: [1] })).toThrow(/capacity has 1 values/);
  });
  it('builds forward and backward stars in link order', () => {
    const net = createTrafficNetwork({ nodeCount: 3, zoneCount: 0, linkFrom: [1, 0, 0, 2], linkTo: [2, 1, 2, 0], freeFlowTime: [1, 1, 1, 1], capacity: [1, 1, 1, 1] });
    expect([...net.outStart]).toEqual([0, 2, 3, 4]);
    expect([...net.outLinks]).toEqual([1, 2, 0, 3]);
    expect([...net.inStart]).toEqual([0, 1, 2, 4]);
    expect([...net.inLinks]).toEqual([3, 1, 0, 2]);
  });
  it('demand: duplicates summed, zeros dropped, sorted by origin; bad entries named', () => {
    const d = createDemand(3, [2, 0, 2, 0, 1], [1, 2, 1, 1, 0], [5, 1, 2, 0, 3]);
    expect([...d.originStart]).toEqual([0, 1, 2, 3]);
    expect([...d.destination]).toEqual([2, 0, 1]);
    expect([...d.trips]).toEqual([1, 3, 7]);
    expect(() => createDemand(2, [0], [2], [1])).toThrow(/entry 0 \(0 → 2\) has a zone outside/);
    expect(() => createDemand(2, [0], [1], [-1])).toThrow(/trips must be a finite number ≥ 0/);
    expect([...demandFromMatrix(2, [0, 4, 6, 0]).trips]).toEqual([4, 6]);
  });
});
