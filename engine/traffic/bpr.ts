/**
 * BPR link performance (Bureau of Public Roads, *Traffic Assignment Manual*, 1964) and the measures built on it.
 *
 *   cost(v)  = fixedCost + t0 · (1 + B · (v/c)^p)
 *   cost'(v) = t0 · B · p · (v/c)^(p−1) / c
 *   ∫0^v cost(x) dx = fixedCost · v + t0 · v · (1 + B/(p+1) · (v/c)^p)        (exact BPR integral)
 *
 * Edge cases, handled here once for every algorithm:
 * - power 0: (v/c)^0 = 1 at every flow including v = 0 (0^0 = 1), the cost is constant and its derivative is 0
 *   (not 0 · ∞ = NaN);
 * - large powers (TNTP files go up to ~17) and far-over-capacity flows: (v/c)^p is capped at {@link POWER_CAP}
 *   and costs and derivatives at {@link COST_CAP}, so no Infinity or NaN ever reaches path costs or step sizes;
 * - 0 < power < 1: the derivative at zero flow is infinite; it is evaluated at v/c ≥ 1e-6 instead (a slightly
 *   smaller Newton step, the costs themselves are exact).
 */
import type { TrafficNetwork } from './network.ts';
import * as dmath from '../math/dmath.ts';

/** Upper bound of (v/c)^p. */
export const POWER_CAP = 1e150;
/** Upper bound of a link cost or derivative: far above any real cost, far below overflow when summed. */
export const COST_CAP = 1e200;

/** (v/c)^p, capped; small integer powers (the usual 4) by multiplication, exact and several times faster. */
function ratioPower(r: number, p: number): number {
  let x: number;
  if (p === 4) {
    const r2 = r * r;
    x = r2 * r2;
  } else if (p === 0) return 1;
  else if (p === 1) x = r;
  else if (p > 0 && p <= 16 && p === Math.floor(p)) {
    x = r;
    for (let k = 1; k < p; k++) x *= r;
  } else x = dmath.pow(r, p);
  return x < POWER_CAP ? x : POWER_CAP;
}

/** Generalised cost of link a at flow v. */
export function linkCost(net: TrafficNetwork, a: number, v: number): number {
  const c = net.fixedCost[a] + net.freeFlowTime[a] * (1 + net.bprB[a] * ratioPower(v / net.capacity[a], net.bprPower[a]));
  return c < COST_CAP ? c : COST_CAP;
}

/** BPR travel time of link a at flow v (without the generalised fixed cost). */
export function linkTime(net: TrafficNetwork, a: number, v: number): number {
  const t = net.freeFlowTime[a] * (1 + net.bprB[a] * ratioPower(v / net.capacity[a], net.bprPower[a]));
  return t < COST_CAP ? t : COST_CAP;
}

/** d cost / d v of link a at flow v (≥ 0). */
export function linkCostDerivative(net: TrafficNetwork, a: number, v: number): number {
  const p = net.bprPower[a];
  const b = net.bprB[a];
  if (p === 0 || b === 0) return 0;
  const cap = net.capacity[a];
  let r = v / cap;
  if (p < 1 && r < 1e-6) r = 1e-6;
  const d = (net.freeFlowTime[a] * b * p * ratioPower(r, p - 1)) / cap;
  return d < COST_CAP ? d : COST_CAP;
}

/** ∫0^v cost(x) dx for link a (exact). */
export function linkCostIntegral(net: TrafficNetwork, a: number, v: number): number {
  if (v <= 0) return 0;
  const p = net.bprPower[a];
  return net.fixedCost[a] * v + net.freeFlowTime[a] * v * (1 + (net.bprB[a] / (p + 1)) * ratioPower(v / net.capacity[a], p));
}

/** Writes every link's cost (and derivative when `deriv` is given) at `flow`. */
export function updateCosts(net: TrafficNetwork, flow: Float64Array, cost: Float64Array, deriv?: Float64Array): void {
  for (let a = 0; a < net.linkCount; a++) {
    cost[a] = linkCost(net, a, flow[a]);
    if (deriv) deriv[a] = linkCostDerivative(net, a, flow[a]);
  }
}

/** Beckmann objective Σ_a ∫0^v_a cost_a(x) dx (Beckmann, McGuire & Winsten 1956), the function UE minimises. */
export function beckmannObjective(net: TrafficNetwork, flow: Float64Array): number {
  let s = 0;
  for (let a = 0; a < net.linkCount; a++) s += linkCostIntegral(net, a, flow[a]);
  return s;
}

/** Σ_a v_a · cost_a(v_a): total generalised cost (equals the total travel time without tolls or distance factors). */
export function totalSystemCost(net: TrafficNetwork, flow: Float64Array, cost: Float64Array): number {
  let s = 0;
  for (let a = 0; a < net.linkCount; a++) s += flow[a] * cost[a];
  return s;
}

/** Σ_a v_a · t_a(v_a): total travel time (BPR time only, without the generalised fixed cost). */
export function totalTravelTime(net: TrafficNetwork, flow: Float64Array): number {
  let s = 0;
  for (let a = 0; a < net.linkCount; a++) s += flow[a] * linkTime(net, a, flow[a]);
  return s;
}
