/** The Frank–Wolfe baseline against the closed-form two-link equilibrium and against Algorithm B on a grid. */
import { describe, expect, it } from 'vitest';
import { syntheticGrid } from '../../bench/traffic-grid.ts';
import { assignUserEquilibrium } from './assign.ts';
import { assignFrankWolfe } from './frank-wolfe.ts';
import { createDemand, createTrafficNetwork } from './network.ts';

describe('Frank–Wolfe baseline', () => {
  it('two parallel linear links: converges to the closed-form split (exact line search)', () => {
    const net = createTrafficNetwork({ nodeCount: 2, zoneCount: 2, linkFrom: [0, 0], linkTo: [1, 1], freeFlowTime: [10, 15], capacity: [1000, 2000], bprB: [0.15, 0.15], bprPower: [1, 1] });
    const r = assignFrankWolfe(net, createDemand(2, [0], [1], [5000]), { targetGap: 1e-9 });
    const x = (5 + 0.001125 * 5000) / 0.002625;
    // Two routes: the exact line search lands on the equilibrium after the first step.
    expect(Math.abs(r.linkFlow[0] - x) / x).toBeLessThan(1e-9);
    expect(r.converged).toBe(true);
  });

  it('on a congested grid: the gap falls, and the objective approaches Algorithm B’s from above', () => {
    const { network: net, demand: od } = syntheticGrid({ columns: 8, rows: 8, zones: 30, diagonals: 10, totalTrips: 120_000, seed: 3 });
    const fw = assignFrankWolfe(net, od, { targetGap: 1e-3, maxIterations: 2000 });
    const b = assignUserEquilibrium(net, od, { targetGap: 1e-8 });
    expect(fw.converged).toBe(true);
    expect(fw.history[fw.history.length - 1].relativeGap).toBeLessThan(fw.history[0].relativeGap);
    expect(fw.objective).toBeGreaterThanOrEqual(b.objective);
    expect((fw.objective - b.objective) / b.objective).toBeLessThan(1e-3);
    expect(fw.assignedTrips).toBeCloseTo(b.assignedTrips, 6);
  });
});
