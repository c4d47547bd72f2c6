/**
 * Benchmark of the air model's receptor grid (issue 9 target: 1 000 × 1 000 receptors with 50 000 links in
 * ≤ 10 s on 2 cores). Seeded sample metropolis (data/sample), the 18 × 18 km window around its centre at 18 m
 * (≈ 51 000 directed links inside), default WG-AEN traffic, NOx, annual mean over the default Rennes rose, 1 km
 * cutoff. Runs:
 *   - the two-level plan (near part pair by pair within ρ2, far part by FFT on a lattice, engine/air/plan.ts) on
 *     2 worker threads — the target case — and on 1 thread;
 *   - the direct single-level evaluation on a 50-row band through the centre, extrapolated to the grid, and a
 *     converged direct sum (sub-points 4 × closer) on 10 of those rows: errors of the plan and of the direct
 *     evaluation against it.
 * Rates in domain units: receptor × line-source pairs within the cutoff served per second (what the direct
 * evaluation computes one by one; a line source is a straight road piece ≤ 100 m) and near-part kernel evaluations
 * per CPU-second. Wall-clock and CPU times are both printed (CPU of all threads of the process): on a shared
 * machine the wall time of 2 threads depends on the other processes (load average printed).
 *
 *   npx tsx bench/air.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { generateSample } from '../data/sample/index.ts';
import { disperseGridParallel } from '../data/air/parallel-node.ts';
import { defaultTrafficLoad } from '../engine/air/default-traffic.ts';
import { disperseGrid, lineSourcesFromRoads, type GridSpec } from '../engine/air/dispersion.ts';
import { disperseGridPlan, gridRegion, planDispersion, regionExtentM } from '../engine/air/plan.ts';
import { linkEmissions } from '../engine/air/emissions.ts';
import { DEFAULT_FLEET } from '../engine/air/fleet.ts';
import { buildKernel } from '../engine/air/kernel.ts';
import { RENNES_DEFAULT_ROSE } from '../engine/air/meteo.ts';

const SIZE = 1000;
const HALF_M = 9000;
const TARGET_S = 10;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (t0: number): number => (performance.now() - t0) / 1000;
const cpuSince = (c: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

function compare(a: Float64Array, ref: Float64Array): { rms: number; worst: number } {
  let se = 0;
  let sr = 0;
  let worst = 0;
  let peak = 0;
  for (const v of ref) peak = Math.max(peak, v);
  for (let i = 0; i < ref.length; i++) {
    const e = a[i] - ref[i];
    se += e * e;
    sr += ref[i] ** 2;
    if (ref[i] > 0.01 * peak) worst = Math.max(worst, Math.abs(e) / ref[i]);
  }
  return { rms: Math.sqrt(se / sr), worst };
}

async function main(): Promise<void> {
  let t0 = performance.now();
  const t = generateSample({ size: 'metropolis', seed: 1 });
  const roads = t.roads;
  let inside = 0;
  for (let l = 0; l < roads.linkCount; l++) {
    const v = roads.segmentGeometry.lineVertexStart[roads.linkSegment[l]];
    if (Math.abs(roads.segmentGeometry.xy[2 * v]) < HALF_M && Math.abs(roads.segmentGeometry.xy[2 * v + 1]) < HALF_M) inside++;
  }
  const em = linkEmissions(defaultTrafficLoad(roads), DEFAULT_FLEET);
  const src = lineSourcesFromRoads(roads, [em.perMetre.nox]);
  console.log(`air grid: sample metropolis (seed 1, ${fmt(roads.linkCount)} links, ${fmt(inside)} in the ${(2 * HALF_M) / 1000} km window), ${fmt(src.count)} line sources, built in ${secs(t0).toFixed(1)} s`);
  const cs = (2 * HALF_M) / SIZE;
  const grid: GridSpec = { width: SIZE, height: SIZE, cellSizeM: cs, originX: -HALF_M, originY: HALF_M };
  t0 = performance.now();
  const kernel = buildKernel(RENNES_DEFAULT_ROSE, { receptorHeightM: 1.5, sourceHeightM: 0, sigmaY0M: 3, sigmaZ0M: 1.5, cutoffM: 1000, minWindSpeedMS: 1 });
  const plan = planDispersion(kernel, { extentM: regionExtentM(gridRegion(grid)) });
  console.log(`  kernel (${kernel.levels} tables, rose of ${RENNES_DEFAULT_ROSE.conditions.length} conditions) and split in ${secs(t0).toFixed(2)} s; plan: near part < ${plan.near.cutoffM.toFixed(0)} m pair by pair, far part by FFT on a ${plan.coarseM.toFixed(1)} m lattice`);
  console.log(`  ${SIZE} × ${SIZE} receptors at ${cs} m; ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(2)}`);

  // The direct evaluation on a central band: its pairs, extrapolated, are the receptor × source pairs the grid needs.
  const band = { rowStart: SIZE / 2 - 25, rowEnd: SIZE / 2 + 25 };
  t0 = performance.now();
  let c0 = process.cpuUsage();
  const direct = disperseGrid(src, kernel, grid, band);
  const directCpu = cpuSince(c0);
  const scale = SIZE / (band.rowEnd - band.rowStart);
  const gridPairs = direct.stats.pairs * scale;

  const line = (name: string, wall: number, cpu: number, evals: number): void =>
    console.log(`  ${name.padEnd(34)} wall ${wall.toFixed(2).padStart(6)} s  CPU ${cpu.toFixed(2).padStart(6)} s  ${fmt(gridPairs / wall).padStart(13)} receptor×source pairs/s  ${fmt(evals / cpu).padStart(11)} near kernel evaluations per CPU-s`);

  t0 = performance.now();
  c0 = process.cpuUsage();
  const two = await disperseGridParallel(src, plan, grid, 2);
  const wall2 = secs(t0);
  const cpu2 = cpuSince(c0);
  line(`two-level plan, ${two.threads} threads`, wall2, cpu2, two.stats.evaluations);
  console.log(`  → ${gridPairs.toExponential(2)} receptor × source pairs within the cutoff (${two.stats.pairs.toExponential(2)} near pairs + FFT of ${fmt(two.stats.fftNodes ?? 0)} nodes); 2 cores: ${wall2.toFixed(2)} s measured (target ≤ ${TARGET_S} s: ${wall2 <= TARGET_S ? 'ok' : 'MISSED'}), CPU ${cpu2.toFixed(2)} s`);
  t0 = performance.now();
  c0 = process.cpuUsage();
  const one = await disperseGridParallel(src, plan, grid, 1);
  line('two-level plan, 1 thread', secs(t0), cpuSince(c0), one.stats.evaluations);
  let same = true;
  for (let i = 0; i < one.values.length; i++) if (one.values[i] !== two.values[i]) same = false;
  console.log(`  1 and 2 threads give identical grids: ${same}`);
  console.log(`  direct, 50 central rows: CPU ${directCpu.toFixed(2)} s → ${(directCpu * scale).toFixed(0)} CPU-s for the grid, ${fmt(direct.stats.pairs / directCpu)} pairs per CPU-s, ${fmt(direct.stats.evaluations / directCpu)} kernel evaluations per CPU-s`);

  // Accuracy on 10 central rows against a converged direct sum.
  const rows = { rowStart: SIZE / 2 - 5, rowEnd: SIZE / 2 + 5 };
  const ref = disperseGrid(src, { ...kernel, angularStepRad: kernel.angularStepRad / 4 }, grid, rows).values;
  const planned = disperseGridPlan(src, plan, grid, rows, null).values;
  const d10 = disperseGrid(src, kernel, grid, rows).values;
  const p = compare(planned, ref);
  const d = compare(d10, ref);
  console.log(`  against a converged direct sum on 10 central rows: plan RMS ${(100 * p.rms).toFixed(3)} %, max ${(100 * p.worst).toFixed(2)} %; direct RMS ${(100 * d.rms).toFixed(3)} %, max ${(100 * d.worst).toFixed(2)} % (max over cells above 1 % of the peak)`);
}

await main();
