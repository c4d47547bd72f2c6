/**
 * User-equilibrium assignment benchmark: wall time and iterations to relative gap 1e-4 and 1e-6 for Algorithm B
 * (engine/traffic/assign.ts), side by side with the plain Frank–Wolfe baseline (engine/traffic/frank-wolfe.ts,
 * capped in time), and warm starts after +5 % on one OD pair or one lane less on one link.
 *
 *   npx tsx bench/traffic-assign.ts [sioux] [grid] [city] [metropolis]
 *
 * Cases: Sioux Falls (TNTP, ../shared/data; skipped with a message when absent), a seeded Chicago-Sketch-size grid
 * (bench/traffic-grid.ts; targets on one core: 1e-4 ≤ 0.5 s, 1e-6 ≤ 5 s) and the `city` and `metropolis` sample
 * territories with synthetic districts and demand (target for metropolis: 1e-4 ≤ 60 s). Small cases report the
 * min and median of several runs after a warm-up run; the sample cases one run. Gap = (TSTT − SPTT) / TSTT.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTntpProblem } from '../data/tntp/tntp-node.ts';
import { assignUserEquilibrium, type AssignmentResult, type IterationRecord } from '../engine/traffic/assign.ts';
import { assignFrankWolfe } from '../engine/traffic/frank-wolfe.ts';
import { totalTrips, withLinkAttributes, type Demand, type TrafficNetwork } from '../engine/traffic/network.ts';
import { CHICAGO_LIKE, sampleProblem, syntheticGrid } from './traffic-grid.ts';

interface Problem {
  network: TrafficNetwork;
  demand: Demand;
  note?: string;
}

interface Case {
  id: string;
  title: string;
  /** null: skipped (the message says why). */
  build(): Promise<Problem | string>;
  runs: number;
  bCapS: number;
  fwCapS: number;
  target?: string;
}

const clock = (): number => performance.now();
const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');

/** Sample territories with the territory demand model on districts of the given size (× demandScale). */
async function sample(size: 'city' | 'metropolis', districtM: number, demandScale: number): Promise<Problem | string> {
  let mod: { generateSample?: (o: { size: string; seed?: number }) => unknown };
  try {
    const spec = '../data/sample/index.ts';
    mod = (await import(spec)) as typeof mod;
  } catch {
    return 'data/sample/index.ts is not available';
  }
  if (typeof mod.generateSample !== 'function') return 'data/sample/index.ts has no generateSample';
  const t0 = clock();
  const territory = mod.generateSample({ size, seed: 1 }) as Parameters<typeof sampleProblem>[0];
  const p = sampleProblem(territory, districtM, demandScale);
  return { ...p, note: `sample ${size} seed 1, ${p.zones} districts of ${districtM} m, demand × ${demandScale}, built in ${((clock() - t0) / 1000).toFixed(1)} s` };
}

const CASES: Case[] = [
  {
    id: 'sioux', title: 'Sioux Falls (TNTP)', runs: 5, bCapS: 60, fwCapS: 10,
    async build() {
      const dir = path.join(SHARED, 'tntp/SiouxFalls');
      if (!existsSync(path.join(dir, 'SiouxFalls_net.tntp'))) return `${dir} not found (real data folder, see its README)`;
      return loadTntpProblem(path.join(dir, 'SiouxFalls_net.tntp'), path.join(dir, 'SiouxFalls_trips.tntp'));
    },
  },
  {
    id: 'grid', title: 'Chicago-Sketch-size grid (seeded)', runs: 5, bCapS: 60, fwCapS: 30, target: 'target 1e-4 ≤ 0.5 s, 1e-6 ≤ 5 s',
    async build() {
      return { ...syntheticGrid(CHICAGO_LIKE), note: `seed ${CHICAGO_LIKE.seed}` };
    },
  },
  { id: 'city', title: 'city sample', runs: 2, bCapS: 120, fwCapS: 60, build: () => sample('city', 500, 1) },
  // Full demand: the territory model loads the metropolis plausibly (about 1 % of the links over capacity, travel
  // time index ≈ 1.2 at 1 km zones, bench/traffic-territory.ts), so the former × 0.5 of a provisional demand is gone.
  { id: 'metropolis', title: 'metropolis sample', runs: 1, bCapS: 240, fwCapS: 60, target: 'target 1e-4 ≤ 60 s', build: () => sample('metropolis', 1500, 1) },
];

interface Timing {
  t4: number;
  i4: number;
  t6: number;
  i6: number;
  result: AssignmentResult | null;
  gap: number;
  iterations: number;
  seconds: number;
}

/** Times to 1e-4 and 1e-6 from the iteration records (NaN when not reached). */
function timing(history: IterationRecord[], start: { gap: number }): Omit<Timing, 'result' | 'gap' | 'iterations' | 'seconds'> {
  const at = (g: number): [number, number] => {
    if (start.gap <= g) return [0, 0];
    const h = history.find((r) => r.relativeGap <= g);
    return h ? [h.seconds, h.iteration] : [NaN, NaN];
  };
  const [t4, i4] = at(1e-4);
  const [t6, i6] = at(1e-6);
  return { t4, i4, t6, i6 };
}

function runB(p: Problem, capS: number): Timing {
  const history: IterationRecord[] = [];
  const r = assignUserEquilibrium(p.network, p.demand, { targetGap: 1e-6, maxSeconds: capS, clock, onIteration: (h) => history.push(h) });
  return { ...timing(history, { gap: r.iterations === 0 ? r.relativeGap : Infinity }), result: r, gap: r.relativeGap, iterations: r.iterations, seconds: r.seconds };
}

function runFW(p: Problem, capS: number): Timing {
  const r = assignFrankWolfe(p.network, p.demand, { targetGap: 1e-6, maxIterations: 1e9, maxSeconds: capS, clock });
  return { ...timing(r.history, { gap: Infinity }), result: null, gap: r.relativeGap, iterations: r.iterations, seconds: r.seconds };
}

const s = (x: number): string => (Number.isNaN(x) ? '—' : `${x.toFixed(3)} s`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const min = (xs: number[]): number => Math.min(...xs);

function reached(label: string, t: number, i: number, last: Timing): string {
  return Number.isNaN(t) ? `${label}: not reached (gap ${last.gap.toExponential(2)} after ${last.seconds.toFixed(1)} s, ${last.iterations} it)` : `${label}: ${s(t)} (${i} it)`;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const c of CASES) {
    if (wanted.length && !wanted.includes(c.id)) continue;
    const p = await c.build();
    if (typeof p === 'string') {
      console.log(`${c.title}: skipped, ${p}`);
      continue;
    }
    const n = p.network;
    console.log(`${c.title}: ${n.nodeCount} nodes, ${n.linkCount} links, ${n.zoneCount} zones, ${Math.round(totalTrips(p.demand))} trips${p.note ? ` (${p.note})` : ''}${c.target ? ` — ${c.target}` : ''}`);
    if (c.runs > 1) runB(p, c.bCapS); // warm-up (JIT)
    const runs: Timing[] = [];
    for (let k = 0; k < c.runs; k++) runs.push(runB(p, c.bCapS));
    const last = runs[runs.length - 1];
    const t4 = runs.map((r) => r.t4);
    const t6 = runs.map((r) => r.t6);
    const stats = c.runs > 1 ? ` — min of ${c.runs} runs after a warm-up (median ${s(median(t4))} / ${s(median(t6))})` : ' — one run';
    console.log(`  Algorithm B    ${reached('1e-4', min(t4), last.i4, last)}   ${reached('1e-6', min(t6), last.i6, last)}${stats}`);
    const fw = runFW(p, c.fwCapS);
    console.log(`  Frank–Wolfe    ${reached('1e-4', fw.t4, fw.i4, fw)}   ${reached('1e-6', fw.t6, fw.i6, fw)} (capped at ${c.fwCapS} s)`);
    const base = last.result;
    if (base && base.converged && c.id !== 'sioux') {
      // Warm starts from the 1e-6 solution versus cold starts on the changed problem: +5 % on the largest OD pair
      // between two distinct zones, and one lane of three less (capacity × 2/3) on the busiest road link near capacity.
      const d = p.demand;
      let big = -1;
      for (let o = 0; o < d.zoneCount; o++)
        for (let k = d.originStart[o]; k < d.originStart[o + 1]; k++) if (d.destination[k] !== o && (big < 0 || d.trips[k] > d.trips[big])) big = k;
      const trips = d.trips.slice();
      trips[big] *= 1.05;
      const changed: Demand = { ...d, trips };
      let hot = -1;
      for (let a = 0; a < n.linkCount; a++) {
        const vc = base.linkFlow[a] / n.capacity[a];
        if (n.linkFrom[a] >= n.firstThruNode && n.linkTo[a] >= n.firstThruNode && vc > 0.8 && vc < 1.2 && (hot < 0 || base.linkFlow[a] > base.linkFlow[hot])) hot = a;
      }
      const changes: Array<[string, TrafficNetwork, Demand]> = [['+5 % on the largest OD pair', n, changed]];
      if (hot >= 0) {
        const capacity = n.capacity.slice();
        capacity[hot] *= 2 / 3;
        changes.push(['one lane of three less on the busiest link near capacity', withLinkAttributes(n, { capacity }), d]);
      } else console.log('  warm start     (no road link near capacity for the lane test)');
      for (const [label, net, od] of changes) {
        const cold = assignUserEquilibrium(net, od, { targetGap: 1e-6, maxSeconds: c.bCapS, clock });
        const warm = assignUserEquilibrium(net, od, { targetGap: 1e-6, maxSeconds: c.bCapS, clock, warmStart: base.state });
        console.log(`  warm start     ${label}, to 1e-6: ${s(warm.seconds)} (${warm.iterations} it) vs cold ${s(cold.seconds)} (${cold.iterations} it)`);
      }
    }
  }
}

await main();
