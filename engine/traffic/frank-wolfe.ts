/**
 * Plain Frank–Wolfe user-equilibrium assignment (Frank & Wolfe 1956, applied to traffic by LeBlanc, Morlok &
 * Pierskalla 1975): all-or-nothing loading on current shortest paths, then an exact line search on the Beckmann
 * objective along the direction (bisection on its derivative Σ_a (y_a − x_a)·t_a(x_a + λ(y_a − x_a)) = 0).
 *
 * It is the reference the benchmarks compare Algorithm B against: simple and robust, but its convergence is
 * sub-linear (the relative gap falls roughly as 1/iterations): about a thousand iterations for 1e-4 on Sioux Falls
 * and tens of thousands for 1e-6, where Algorithm B needs about twenty.
 * Relative gap, Beckmann objective and the reported measures are the same as in ./assign.ts.
 */
import type { AssignmentSummary, IterationRecord, UnreachablePair } from './assign.ts';
import { beckmannObjective, linkCost, totalSystemCost, totalTravelTime, updateCosts } from './bpr.ts';
import type { Demand, TrafficNetwork } from './network.ts';
import { ShortestPaths } from './shortest-path.ts';

export interface FrankWolfeOptions {
  /** Default 1e-4. */
  targetGap?: number;
  /** Default 1000. */
  maxIterations?: number;
  maxSeconds?: number;
  /** Milliseconds clock (default Date.now). */
  clock?: () => number;
  onIteration?: (record: IterationRecord) => void;
}

/** Bisection steps of the line search: 2^-60 of the step interval, below double precision. */
const LINE_SEARCH_STEPS = 60;

export function assignFrankWolfe(net: TrafficNetwork, demand: Demand, options: FrankWolfeOptions = {}): AssignmentSummary {
  if (demand.zoneCount !== net.zoneCount) throw new Error(`assignment: the demand has ${demand.zoneCount} zones, the network ${net.zoneCount}`);
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const targetGap = options.targetGap ?? 1e-4;
  const maxIterations = options.maxIterations ?? 1000;
  const maxSeconds = options.maxSeconds ?? Infinity;
  const L = net.linkCount;
  const x = new Float64Array(L);
  const y = new Float64Array(L);
  const cost = new Float64Array(L);
  const sp = new ShortestPaths(net);
  const nodeLoad = new Float64Array(net.nodeCount);
  const unreachable: UnreachablePair[] = [];
  let assignedTrips = 0;
  let intrazonalTrips = 0;
  let unreachableTrips = 0;
  let first = true;

  /** All-or-nothing loading at `cost` into y; returns SPTT. */
  const allOrNothing = (): number => {
    y.fill(0);
    let sptt = 0;
    for (let o = 0; o < net.zoneCount; o++) {
      const k0 = demand.originStart[o];
      const k1 = demand.originStart[o + 1];
      if (k0 === k1) continue;
      sp.run(o, cost);
      sptt += sp.loadOrigin(demand, o, y, nodeLoad);
      if (!first) continue;
      for (let k = k0; k < k1; k++) {
        const s = demand.destination[k];
        const d = demand.trips[k];
        if (s === o) intrazonalTrips += d;
        else if (sp.dist[s] === Infinity) {
          unreachable.push({ origin: o, destination: s, trips: d });
          unreachableTrips += d;
        } else assignedTrips += d;
      }
    }
    first = false;
    return sptt;
  };

  updateCosts(net, x, cost);
  allOrNothing();
  x.set(y);
  const history: IterationRecord[] = [];
  let iterations = 0;
  let gap = Infinity;
  let tstt = 0;
  let sptt = 0;
  for (;;) {
    updateCosts(net, x, cost);
    sptt = allOrNothing();
    tstt = totalSystemCost(net, x, cost);
    gap = tstt > 0 ? Math.max(0, (tstt - sptt) / tstt) : 0;
    if (iterations > 0) {
      const rec = { iteration: iterations, relativeGap: gap, objective: beckmannObjective(net, x), seconds: (clock() - t0) / 1000 };
      history.push(rec);
      options.onIteration?.(rec);
    }
    if (gap <= targetGap || iterations >= maxIterations || (clock() - t0) / 1000 >= maxSeconds) break;
    iterations++;
    // Exact line search: the derivative is increasing in λ (convex objective) and ≤ 0 at λ = 0.
    const slope = (lambda: number): number => {
      let g = 0;
      for (let a = 0; a < L; a++) {
        const d = y[a] - x[a];
        if (d !== 0) g += d * linkCost(net, a, x[a] + lambda * d);
      }
      return g;
    };
    let lambda = 1;
    if (slope(1) > 0) {
      let lo = 0;
      let hi = 1;
      for (let k = 0; k < LINE_SEARCH_STEPS; k++) {
        const mid = 0.5 * (lo + hi);
        if (slope(mid) > 0) hi = mid;
        else lo = mid;
      }
      lambda = 0.5 * (lo + hi);
    }
    for (let a = 0; a < L; a++) x[a] += lambda * (y[a] - x[a]);
  }
  return {
    linkFlow: x,
    linkCost: cost,
    objective: beckmannObjective(net, x),
    relativeGap: gap,
    iterations,
    seconds: (clock() - t0) / 1000,
    converged: gap <= targetGap,
    totalSystemCost: tstt,
    shortestPathCost: sptt,
    totalTravelTime: totalTravelTime(net, x),
    assignedTrips,
    intrazonalTrips,
    unreachable,
    unreachableTrips,
    history,
  };
}
