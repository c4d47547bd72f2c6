/**
 * `jumeau assign`: static user-equilibrium traffic assignment of a TNTP benchmark network (Algorithm B, see
 * engine/traffic/assign.ts), with the relative gap, iterations, time and total travel time, and the link flows
 * optionally written in the `_flow.tntp` layout.
 */
import path from 'node:path';
import { assignUserEquilibrium } from '../../../engine/traffic/assign.ts';
import { loadTntpProblem, writeTntpFlow } from '../../../data/tntp/tntp-node.ts';
import { parseArgs, parseIntOption, UsageError, type CommandSpec } from '../args.ts';
import type { Command, Out } from '../command.ts';

const spec: CommandSpec = {
  name: 'assign',
  usage: 'assign --net <X_net.tntp> --trips <X_trips.tntp> [options]',
  summary: 'User-equilibrium traffic assignment of a TNTP network (Algorithm B).',
  description:
    'Reads a TNTP network and trip table, assigns the trips at user equilibrium (Wardrop) with Algorithm B and\n' +
    'reports the Beckmann objective, the relative gap (TSTT − SPTT) / TSTT, iterations, seconds and the total\n' +
    'travel time Σ v·t. Generalised link cost = BPR time + toll factor × toll + distance factor × length.',
  positionals: [],
  options: [
    { name: 'net', value: '<file>', description: 'TNTP network file (X_net.tntp)', required: true },
    { name: 'trips', value: '<file>', description: 'TNTP trip table (X_trips.tntp)', required: true },
    { name: 'toll-factor', value: '<F>', description: 'weight of the toll in the generalised cost (default: file metadata, else 0)' },
    { name: 'distance-factor', value: '<F>', description: 'weight of the length in the generalised cost (default: file metadata, else 0)' },
    { name: 'gap', value: '<g>', description: 'target relative gap (default 1e-6)' },
    { name: 'max-iterations', value: '<N>', description: 'iteration limit (default 1000)' },
    { name: 'out', value: '<file>', description: 'write link flows and costs in the _flow.tntp layout' },
    { name: 'json', description: 'print the summary as JSON' },
  ],
  examples: [
    'jumeau assign --net SiouxFalls_net.tntp --trips SiouxFalls_trips.tntp --gap 1e-6 --json',
    'jumeau assign --net X_net.tntp --trips X_trips.tntp --toll-factor 0.5 --out X_flow.tntp',
  ],
};

function numberOption(name: string, v: string | true | undefined, min: number, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number ≥ ${min}, got "${v}"`);
  return n;
}

async function run(argv: string[], out: Out): Promise<number> {
  const { options } = parseArgs(spec, argv);
  const netFile = String(options.net);
  const tripsFile = String(options.trips);
  const tollFactor = options['toll-factor'] === undefined ? undefined : numberOption('toll-factor', options['toll-factor'], 0, 0);
  const distanceFactor = options['distance-factor'] === undefined ? undefined : numberOption('distance-factor', options['distance-factor'], 0, 0);
  const targetGap = numberOption('gap', options.gap, 0, 1e-6);
  const maxIterations = options['max-iterations'] === undefined ? 1000 : parseIntOption('max-iterations', String(options['max-iterations']), 0, 1e9);
  const problem = loadTntpProblem(netFile, tripsFile, { tollFactor, distanceFactor });
  const r = assignUserEquilibrium(problem.network, problem.demand, { targetGap, maxIterations, clock: () => performance.now() });
  if (options.out !== undefined) writeTntpFlow(String(options.out), problem.tntp, r.linkFlow, r.linkCost);
  if (r.unreachable.length > 0) {
    const first = r.unreachable.slice(0, 5).map((u) => `${u.origin + 1}→${u.destination + 1}`).join(', ');
    out.err(`warning: ${r.unreachable.length} OD pairs (${r.unreachableTrips} trips) have no path and were not assigned: ${first}${r.unreachable.length > 5 ? ', …' : ''}`);
  }
  if (!r.converged) out.err(`warning: relative gap ${r.relativeGap.toExponential(3)} above the target ${targetGap} after ${r.iterations} iterations`);
  if (options.json) {
    out.log(JSON.stringify({ objective: r.objective, relativeGap: r.relativeGap, iterations: r.iterations, seconds: r.seconds, totalTravelTime: r.totalTravelTime }));
  } else {
    out.log(`${path.basename(netFile)}: ${problem.network.nodeCount} nodes, ${problem.network.linkCount} links, ${problem.network.zoneCount} zones, ${r.assignedTrips} trips assigned`);
    out.log(`relative gap ${r.relativeGap.toExponential(3)} after ${r.iterations} iterations in ${r.seconds.toFixed(3)} s`);
    out.log(`Beckmann objective ${r.objective}`);
    out.log(`total travel time ${r.totalTravelTime}`);
    if (options.out !== undefined) out.log(`flows written to ${String(options.out)}`);
  }
  return 0;
}

export const assignCommand: Command = { spec, run };
