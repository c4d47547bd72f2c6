/**
 * Traffic network and demand for static user-equilibrium assignment.
 *
 * The network is a directed graph stored as flat typed arrays with its forward and backward stars in CSR form
 * (out-links of node n: `outLinks[outStart[n] .. outStart[n+1])`, in-links likewise), link ids in increasing
 * order within each star so that every traversal is deterministic.
 *
 * Link performance: the Bureau of Public Roads function (BPR, *Traffic Assignment Manual*, U.S. Bureau of Public
 * Roads, 1964), t(v) = t0 · (1 + B · (v / c)^power), with B = 0.15 and power = 4 by default, plus a flow-independent
 * generalised cost `fixedCost` (toll × toll factor + length × distance factor, as in the TNTP convention).
 *
 * Zones: zone z is node z (nodes 0 … zoneCount − 1 are the zone centroids, the TNTP convention). Nodes below
 * `firstThruNode` may start or end a path but are never passed through, so traffic cannot short-cut through a
 * centroid and its connectors. Time and flow units are those of the source (TNTP files: as written; networks
 * built from a territory: seconds and vehicles per hour).
 */

/** Default BPR coefficient B (α), Bureau of Public Roads (1964). */
export const BPR_ALPHA = 0.15;
/** Default BPR power (β), Bureau of Public Roads (1964). */
export const BPR_BETA = 4;

export interface TrafficNetworkInput {
  nodeCount: number;
  /** Zones are nodes 0 … zoneCount − 1. */
  zoneCount: number;
  /** Nodes with an index below this cannot be passed through (0 = every node can). */
  firstThruNode?: number;
  linkFrom: ArrayLike<number>;
  linkTo: ArrayLike<number>;
  /** Free-flow time t0 (≥ 0). */
  freeFlowTime: ArrayLike<number>;
  /** Capacity c (> 0), in the flow unit of the demand. */
  capacity: ArrayLike<number>;
  /** BPR coefficient B (≥ 0); default {@link BPR_ALPHA}. */
  bprB?: ArrayLike<number>;
  /** BPR power (≥ 0); default {@link BPR_BETA}. */
  bprPower?: ArrayLike<number>;
  /** Flow-independent generalised cost added to t(v) (≥ 0); default 0. */
  fixedCost?: ArrayLike<number>;
  /** Added to 0-based node indices in error messages (1 for TNTP numbering). */
  nodeIdBase?: number;
}

export interface TrafficNetwork {
  nodeCount: number;
  zoneCount: number;
  firstThruNode: number;
  linkCount: number;
  linkFrom: Int32Array;
  linkTo: Int32Array;
  freeFlowTime: Float64Array;
  capacity: Float64Array;
  bprB: Float64Array;
  bprPower: Float64Array;
  fixedCost: Float64Array;
  /** Forward star: out-links of node n are outLinks[outStart[n] … outStart[n+1]). */
  outStart: Int32Array;
  outLinks: Int32Array;
  /** Backward star: in-links of node n are inLinks[inStart[n] … inStart[n+1]). */
  inStart: Int32Array;
  inLinks: Int32Array;
  nodeIdBase: number;
}

/** Origin–destination demand by zone, sparse by origin (CSR): entries of origin o are [originStart[o], originStart[o+1]). */
export interface Demand {
  zoneCount: number;
  originStart: Int32Array;
  destination: Int32Array;
  trips: Float64Array;
}

function column(name: string, a: ArrayLike<number> | undefined, n: number, dflt: number): Float64Array {
  if (a === undefined) return new Float64Array(n).fill(dflt);
  if (a.length !== n) throw new Error(`traffic network: ${name} has ${a.length} values, expected one per link (${n})`);
  return Float64Array.from(a);
}

/** Builds a CSR star: items grouped by key in increasing key order, item ids ascending within a group. */
function star(keys: Int32Array, groups: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groups);
  const items = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) items[fill[keys[i]]++] = i;
  return { start, items };
}

/**
 * Validates the input and builds the network with its stars. Errors name the link (index and end nodes) and the
 * attribute: zero or negative capacity, negative times or costs, non-finite values, nodes out of range.
 */
export function createTrafficNetwork(input: TrafficNetworkInput): TrafficNetwork {
  const { nodeCount, zoneCount } = input;
  const base = input.nodeIdBase ?? 0;
  const firstThruNode = input.firstThruNode ?? 0;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new Error(`traffic network: nodeCount must be a positive integer, got ${nodeCount}`);
  if (!Number.isInteger(zoneCount) || zoneCount < 0 || zoneCount > nodeCount) throw new Error(`traffic network: zoneCount must be an integer in [0, ${nodeCount}], got ${zoneCount}`);
  if (!Number.isInteger(firstThruNode) || firstThruNode < 0 || firstThruNode > nodeCount) throw new Error(`traffic network: firstThruNode must be an integer in [0, ${nodeCount}], got ${firstThruNode}`);
  const linkCount = input.linkFrom.length;
  if (input.linkTo.length !== linkCount) throw new Error(`traffic network: linkTo has ${input.linkTo.length} values, linkFrom ${linkCount}`);
  const linkFrom = Int32Array.from(input.linkFrom);
  const linkTo = Int32Array.from(input.linkTo);
  const freeFlowTime = column('freeFlowTime', input.freeFlowTime, linkCount, 0);
  const capacity = column('capacity', input.capacity, linkCount, 0);
  const bprB = column('bprB', input.bprB, linkCount, BPR_ALPHA);
  const bprPower = column('bprPower', input.bprPower, linkCount, BPR_BETA);
  const fixedCost = column('fixedCost', input.fixedCost, linkCount, 0);
  for (let a = 0; a < linkCount; a++) {
    const name = (): string => `traffic network: link ${a} (node ${input.linkFrom[a] + base} → ${input.linkTo[a] + base})`;
    const f = input.linkFrom[a];
    const t = input.linkTo[a];
    if (!Number.isInteger(f) || f < 0 || f >= nodeCount || !Number.isInteger(t) || t < 0 || t >= nodeCount) throw new Error(`${name()}: end node outside [${base}, ${nodeCount - 1 + base}]`);
    if (!(capacity[a] > 0) || !Number.isFinite(capacity[a])) throw new Error(`${name()}: capacity must be a finite number > 0, got ${capacity[a]}`);
    if (!(freeFlowTime[a] >= 0) || !Number.isFinite(freeFlowTime[a])) throw new Error(`${name()}: free-flow time must be a finite number ≥ 0, got ${freeFlowTime[a]}`);
    if (!(bprB[a] >= 0) || !Number.isFinite(bprB[a])) throw new Error(`${name()}: BPR coefficient B must be a finite number ≥ 0, got ${bprB[a]}`);
    if (!(bprPower[a] >= 0) || !Number.isFinite(bprPower[a])) throw new Error(`${name()}: BPR power must be a finite number ≥ 0, got ${bprPower[a]}`);
    if (!(fixedCost[a] >= 0) || !Number.isFinite(fixedCost[a])) throw new Error(`${name()}: generalised fixed cost (toll and distance terms) must be a finite number ≥ 0, got ${fixedCost[a]}`);
  }
  const out = star(linkFrom, nodeCount);
  const inn = star(linkTo, nodeCount);
  return {
    nodeCount, zoneCount, firstThruNode, linkCount, linkFrom, linkTo, freeFlowTime, capacity, bprB, bprPower, fixedCost,
    outStart: out.start, outLinks: out.items, inStart: inn.start, inLinks: inn.items, nodeIdBase: base,
  };
}

/** A copy of the network with some link attributes replaced (e.g. a lane closure lowers one capacity). */
export function withLinkAttributes(net: TrafficNetwork, change: Partial<Pick<TrafficNetworkInput, 'freeFlowTime' | 'capacity' | 'bprB' | 'bprPower' | 'fixedCost'>>): TrafficNetwork {
  return createTrafficNetwork({
    nodeCount: net.nodeCount, zoneCount: net.zoneCount, firstThruNode: net.firstThruNode, linkFrom: net.linkFrom, linkTo: net.linkTo,
    freeFlowTime: change.freeFlowTime ?? net.freeFlowTime, capacity: change.capacity ?? net.capacity, bprB: change.bprB ?? net.bprB,
    bprPower: change.bprPower ?? net.bprPower, fixedCost: change.fixedCost ?? net.fixedCost, nodeIdBase: net.nodeIdBase,
  });
}

/**
 * Demand from (origin, destination, trips) triples of zone indices; duplicates are summed, zero entries dropped,
 * entries sorted by origin then destination. Trips must be finite and ≥ 0.
 */
export function createDemand(zoneCount: number, origin: ArrayLike<number>, destination: ArrayLike<number>, trips: ArrayLike<number>): Demand {
  const n = origin.length;
  if (destination.length !== n || trips.length !== n) throw new Error('demand: origin, destination and trips must have the same length');
  const idx: number[] = [];
  for (let k = 0; k < n; k++) {
    const o = origin[k];
    const d = destination[k];
    const v = trips[k];
    if (!Number.isInteger(o) || o < 0 || o >= zoneCount || !Number.isInteger(d) || d < 0 || d >= zoneCount) throw new Error(`demand: entry ${k} (${o} → ${d}) has a zone outside [0, ${zoneCount - 1}]`);
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`demand: entry ${k} (${o} → ${d}) trips must be a finite number ≥ 0, got ${v}`);
    if (v > 0) idx.push(k);
  }
  idx.sort((a, b) => origin[a] - origin[b] || destination[a] - destination[b] || a - b);
  const originStart = new Int32Array(zoneCount + 1);
  const dest: number[] = [];
  const vals: number[] = [];
  let prevO = -1;
  let prevD = -1;
  for (const k of idx) {
    const o = origin[k];
    const d = destination[k];
    if (o === prevO && d === prevD) vals[vals.length - 1] += trips[k];
    else {
      dest.push(d);
      vals.push(trips[k]);
      originStart[o + 1]++;
    }
    prevO = o;
    prevD = d;
  }
  for (let z = 0; z < zoneCount; z++) originStart[z + 1] += originStart[z];
  return { zoneCount, originStart, destination: Int32Array.from(dest), trips: Float64Array.from(vals) };
}

/** Demand from a dense row-major zone × zone matrix (origin rows). */
export function demandFromMatrix(zoneCount: number, matrix: ArrayLike<number>): Demand {
  if (matrix.length !== zoneCount * zoneCount) throw new Error(`demand: matrix has ${matrix.length} values, expected ${zoneCount}² = ${zoneCount * zoneCount}`);
  const o: number[] = [];
  const d: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < zoneCount; i++) for (let j = 0; j < zoneCount; j++) {
    const x = matrix[i * zoneCount + j];
    if (x !== 0) {
      o.push(i);
      d.push(j);
      v.push(x);
    }
  }
  return createDemand(zoneCount, o, d, v);
}

/** Total trips of a demand. */
export function totalTrips(demand: Demand): number {
  let s = 0;
  for (let k = 0; k < demand.trips.length; k++) s += demand.trips[k];
  return s;
}
