/**
 * Static user-equilibrium traffic assignment (Wardrop 1952: every used path of an OD pair has the minimum cost)
 * by Algorithm B (Dial 2006, see ./bush.ts), i.e. the minimisation of the Beckmann objective
 * Σ_a ∫0^v_a t_a(x) dx (Beckmann, McGuire & Winsten 1956) under flow conservation.
 *
 * One iteration: every origin's bush is updated then swept once (flow shifts), then all bushes are swept again
 * `innerSweeps` times without updates (Gauss–Seidel over origins), link flows are re-summed from the bushes and the
 * relative gap is measured.
 *
 * Convergence measure — relative gap = (TSTT − SPTT) / TSTT, where TSTT = Σ_a v_a·t_a(v_a) is the total
 * (generalised) cost at the current flows and SPTT = Σ_rs d_rs·κ_rs the cost of sending every assignable trip on a
 * shortest path of the whole network at those same link costs (Boyles, Lownes & Unnikrishnan, *Transportation
 * Network Analysis*, § 6.1; the TNTP "relative gap"). It is 0 exactly at equilibrium. The shortest paths are
 * computed exactly, by label correcting seeded with each bush's labels (./shortest-path.ts, correctLabels).
 *
 * Deterministic: origins, nodes and links are always visited in the same order and no decision depends on the clock
 * unless `maxSeconds` is set. Warm start: the bushes of a previous solution are reused (copied), demand changes are
 * applied to them (increases on the bush's shortest paths, decreases in proportion to the flows), and the
 * iterations resume from there, so a re-run after a small change (a few % of one OD pair, one lane less on a link)
 * needs a fraction of the work of a cold start.
 */
import { beckmannObjective, linkCost, totalSystemCost, totalTravelTime, updateCosts } from './bpr.ts';
import { addBushFlows, changeBushDemand, cloneBush, createBush, equilibrateBush, minLabels, updateBush, BushWorkspace, type Bush } from './bush.ts';
import type { Demand, TrafficNetwork } from './network.ts';
import { correctLabels, ShortestPaths } from './shortest-path.ts';

export interface AssignmentOptions {
  /** Stop as soon as the relative gap is at most this. Default 1e-6. */
  targetGap?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Wall-clock limit; makes the number of iterations machine-dependent. Default: none. */
  maxSeconds?: number;
  /** A previous solution on the same graph (capacities, times and demand may differ). It is not modified. */
  warmStart?: AssignmentState;
  /** Milliseconds clock used for `seconds` (default Date.now). */
  clock?: () => number;
  /** Called after each iteration. */
  onIteration?: (record: IterationRecord) => void;
  /** Flow-shifting sweeps over all bushes after each round of bush updates (default 7). */
  innerSweeps?: number;
}

export interface IterationRecord {
  iteration: number;
  relativeGap: number;
  objective: number;
  seconds: number;
}

export interface UnreachablePair {
  origin: number;
  destination: number;
  trips: number;
}

/** What a warm start needs: the bushes (one per origin zone with demand) and the demand they carry. */
export interface AssignmentState {
  nodeCount: number;
  linkCount: number;
  zoneCount: number;
  firstThruNode: number;
  demand: Demand;
  bushes: Array<Bush | null>;
}

/** What every assignment method reports. */
export interface AssignmentSummary {
  linkFlow: Float64Array;
  /** Generalised link cost at `linkFlow`. */
  linkCost: Float64Array;
  /** Beckmann objective at `linkFlow`. */
  objective: number;
  relativeGap: number;
  iterations: number;
  seconds: number;
  converged: boolean;
  /** TSTT: Σ v·cost (generalised). */
  totalSystemCost: number;
  /** SPTT: Σ d·shortest path cost. */
  shortestPathCost: number;
  /** Σ v·t with BPR times only (no toll or distance term). */
  totalTravelTime: number;
  /** Trips between distinct zones connected by a path, all assigned. */
  assignedTrips: number;
  /** Trips from a zone to itself (not assigned: they use no link). */
  intrazonalTrips: number;
  /** OD pairs without any path (their trips are not assigned). */
  unreachable: UnreachablePair[];
  unreachableTrips: number;
  history: IterationRecord[];
}

export interface AssignmentResult extends AssignmentSummary {
  /** Bushes to warm-start a later run. */
  state: AssignmentState;
}

function checkState(net: TrafficNetwork, s: AssignmentState): void {
  if (s.nodeCount !== net.nodeCount || s.linkCount !== net.linkCount || s.zoneCount !== net.zoneCount || s.firstThruNode !== net.firstThruNode)
    throw new Error(
      `warm start: the previous solution is for ${s.nodeCount} nodes, ${s.linkCount} links, ${s.zoneCount} zones, first thru node ${s.firstThruNode}; ` +
        `this network has ${net.nodeCount}, ${net.linkCount}, ${net.zoneCount}, ${net.firstThruNode}`,
    );
}

/** User-equilibrium assignment of `demand` on `net` by Algorithm B. */
export function assignUserEquilibrium(net: TrafficNetwork, demand: Demand, options: AssignmentOptions = {}): AssignmentResult {
  if (demand.zoneCount !== net.zoneCount) throw new Error(`assignment: the demand has ${demand.zoneCount} zones, the network ${net.zoneCount}`);
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const targetGap = options.targetGap ?? 1e-6;
  const maxIterations = options.maxIterations ?? 1000;
  const maxSeconds = options.maxSeconds ?? Infinity;
  const innerSweeps = options.innerSweeps ?? 7;
  const Z = net.zoneCount;
  const L = net.linkCount;
  const linkFlow = new Float64Array(L);
  const cost = new Float64Array(L);
  const deriv = new Float64Array(L);
  updateCosts(net, linkFlow, cost, deriv);
  const sp = new ShortestPaths(net);
  const ws = new BushWorkspace(net);
  const bushes: Array<Bush | null> = new Array<Bush | null>(Z).fill(null);
  const hasDemand = (o: number): boolean => {
    for (let k = demand.originStart[o]; k < demand.originStart[o + 1]; k++) if (demand.destination[k] !== o) return true;
    return false;
  };

  const prev = options.warmStart;
  if (prev) {
    checkState(net, prev);
    const change = new Float64Array(net.nodeCount);
    for (let o = 0; o < Z; o++) {
      const old = prev.bushes[o];
      if (!hasDemand(o)) continue;
      if (!old) continue;
      const b = cloneBush(old);
      bushes[o] = b;
      addBushFlows(b, linkFlow);
    }
    updateCosts(net, linkFlow, cost, deriv);
    for (let o = 0; o < Z; o++) {
      const b = bushes[o];
      if (!b) continue;
      const od = prev.demand;
      for (let k = od.originStart[o]; k < od.originStart[o + 1]; k++) change[od.destination[k]] -= od.trips[k];
      for (let k = demand.originStart[o]; k < demand.originStart[o + 1]; k++) change[demand.destination[k]] += demand.trips[k];
      change[o] = 0;
      changeBushDemand(net, b, change, cost, linkFlow, ws);
      for (let k = od.originStart[o]; k < od.originStart[o + 1]; k++) change[od.destination[k]] = 0;
      for (let k = demand.originStart[o]; k < demand.originStart[o + 1]; k++) change[demand.destination[k]] = 0;
    }
  }
  // New bushes (all of them on a cold start), loaded origin by origin at the costs left by the previous ones.
  for (let o = 0; o < Z; o++) {
    if (bushes[o] || !hasDemand(o)) continue;
    sp.run(o, cost);
    const b = createBush(net, sp, demand, o, linkFlow, ws);
    bushes[o] = b;
    for (let k = 1; k < b.order.length; k++) {
      const a = sp.pred[b.order[k]];
      cost[a] = linkCost(net, a, linkFlow[a]);
    }
  }

  // Exact link flows as the sum of bush flows (in origin order), then costs.
  const resync = (): void => {
    linkFlow.fill(0);
    for (let o = 0; o < Z; o++) {
      const b = bushes[o];
      if (b) addBushFlows(b, linkFlow);
    }
    updateCosts(net, linkFlow, cost, deriv);
  };

  // Demand classes, from the bushes (a bush holds every node reachable from its origin).
  const unreachable: UnreachablePair[] = [];
  let assignedTrips = 0;
  let intrazonalTrips = 0;
  let unreachableTrips = 0;
  ws.topo.fill(-1);
  for (let o = 0; o < Z; o++) {
    const b = bushes[o];
    if (b) for (let k = 0; k < b.order.length; k++) ws.topo[b.order[k]] = o;
    for (let k = demand.originStart[o]; k < demand.originStart[o + 1]; k++) {
      const s = demand.destination[k];
      const d = demand.trips[k];
      if (s === o) intrazonalTrips += d;
      else if (b && ws.topo[s] === o && s !== b.origin) assignedTrips += d;
      else {
        unreachable.push({ origin: o, destination: s, trips: d });
        unreachableTrips += d;
      }
    }
  }
  ws.topo.fill(-1);

  let tstt = 0;
  let sptt = 0;
  const dist = new Float64Array(net.nodeCount);
  const queue = new Int32Array(net.nodeCount);
  const queued = new Uint8Array(net.nodeCount);
  /**
   * Relative gap at the current flows. SPTT needs the shortest paths on the whole network: each origin's are found by
   * label correcting from its bush's shortest-path labels (exact, see correctLabels), then Σ_s d_os·κ_os.
   */
  const measure = (): number => {
    tstt = totalSystemCost(net, linkFlow, cost);
    sptt = 0;
    for (let o = 0; o < Z; o++) {
      const b = bushes[o];
      if (!b) continue;
      minLabels(net, b, cost, ws);
      dist.fill(Infinity);
      for (let k = 0; k < b.order.length; k++) dist[b.order[k]] = ws.minLabel[b.order[k]];
      correctLabels(net, o, cost, dist, b.order, queue, queued);
      for (let k = demand.originStart[o]; k < demand.originStart[o + 1]; k++) {
        const s = demand.destination[k];
        if (s !== o && dist[s] < Infinity) sptt += demand.trips[k] * dist[s];
      }
    }
    return tstt > 0 ? Math.max(0, (tstt - sptt) / tstt) : 0;
  };

  resync();
  // A warm start may already be at equilibrium: measure it first. A cold start is first measured after one iteration.
  let gap = prev || assignedTrips === 0 ? measure() : Infinity;
  const history: IterationRecord[] = [];
  let iterations = 0;
  while (gap > targetGap && iterations < maxIterations && (clock() - t0) / 1000 < maxSeconds) {
    iterations++;
    // Nodes whose used paths exceed the shortest by less than a small share of the mean excess cost per trip are
    // left alone this iteration: the work goes where the gap is.
    const meanExcess = assignedTrips > 0 && gap < Infinity ? (tstt - sptt) / assignedTrips : 0;
    const minExcess = 0.01 * meanExcess;
    for (let o = 0; o < Z; o++) {
      const b = bushes[o];
      if (!b) continue;
      // A new bush (all links leading away from the origin) is first equilibrated: updating it before any flow
      // shift would drop all its links without flow, i.e. everything but the shortest-path tree.
      if (b.excess !== Infinity) updateBush(net, b, cost, ws);
      equilibrateBush(net, b, linkFlow, cost, deriv, ws, minExcess);
    }
    // Gauss–Seidel sweeps over all bushes without updating them (the "inner iterations" of Boyles' TAP-B code):
    // cheap, and each origin sees the costs left by the others. A bush is swept again only while its largest node
    // excess exceeds the mean excess cost per trip: the bushes far from equilibrium get the work.
    for (let rep = 0; rep < innerSweeps; rep++) {
      for (let o = 0; o < Z; o++) {
        const b = bushes[o];
        if (b && b.excess > meanExcess) equilibrateBush(net, b, linkFlow, cost, deriv, ws, minExcess);
      }
    }
    resync();
    gap = measure();
    const rec = { iteration: iterations, relativeGap: gap, objective: beckmannObjective(net, linkFlow), seconds: (clock() - t0) / 1000 };
    history.push(rec);
    options.onIteration?.(rec);
  }
  if (gap === Infinity) gap = measure(); // a cold start stopped before its first iteration
  return {
    linkFlow,
    linkCost: cost,
    objective: beckmannObjective(net, linkFlow),
    relativeGap: gap,
    iterations,
    seconds: (clock() - t0) / 1000,
    converged: gap <= targetGap,
    totalSystemCost: tstt,
    shortestPathCost: sptt,
    totalTravelTime: totalTravelTime(net, linkFlow),
    assignedTrips,
    intrazonalTrips,
    unreachable,
    unreachableTrips,
    history,
    state: { nodeCount: net.nodeCount, linkCount: L, zoneCount: Z, firstThruNode: net.firstThruNode, demand, bushes },
  };
}
