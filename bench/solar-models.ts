/**
 * Benchmark of the solar raster models on a seeded synthetic city DSM of 1 000 × 1 000 cells at 1 m
 * (engine/raster/synthetic.ts: random boxes 3–40 m tall on 60 m blocks):
 *   - sky view factor, 32 directions            target ≤ 3 s
 *   - one shadow mask (azimuth 135°, elev. 30°)  target ≤ 0.1 s
 *   - a day of sun hours at 15-min steps         target ≤ 5 s   (Paris, 21 June: the longest day)
 * One warm-up run, then timed runs; prints min and median seconds and cells/s (median run). All models run on
 * one thread. Reference tools (GRASS r.horizon / r.sun, SAGA sky view factor) are only reported as present or
 * absent: they are not needed here.
 *
 *   npx tsx bench/solar-models.ts
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { syntheticCityDsm } from '../engine/raster/synthetic.ts';
import { skyViewFactor } from '../engine/raster/svf.ts';
import { shadowMask } from '../engine/raster/shadow.ts';
import { sunHours } from '../engine/raster/sunhours.ts';
import { sunPositionsForDay } from '../engine/solar/sun-path.ts';

const SIZE = 1000;
const CELLS = SIZE * SIZE;

function time(runs: number, f: () => void): { min: number; median: number } {
  f(); // warm-up: compilation and JIT
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push((performance.now() - t0) / 1000);
  }
  t.sort((a, b) => a - b);
  return { min: t[0], median: t[runs >> 1] };
}

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;

function main(): void {
  const dsm = syntheticCityDsm(SIZE, SIZE, 1, 1);
  let built = 0;
  for (const v of dsm.values) if (v > 0) built++;
  console.log(`solar models: synthetic city DSM ${SIZE} × ${SIZE} at 1 m (seed 1, ${((100 * built) / CELLS).toFixed(0)} % built), one thread (${availableParallelism()} cores available)`);
  const sun = sunPositionsForDay({ year: 2024, month: 6, day: 21 }, 48.8566, 2.3522, 15);
  let sunSteps = 0;
  for (let k = 0; k < sun.count; k++) if (sun.elevationDeg[k] > 0) sunSteps++;
  const cases: Array<{ name: string; runs: number; target: number; extra?: [number, string]; f: () => void }> = [
    { name: 'SVF, 32 directions', runs: 3, target: 3, extra: [32 * CELLS, 'cell-directions/s'], f: () => void skyViewFactor(dsm, { directions: 32 }) },
    { name: 'shadow mask, one sun position', runs: 10, target: 0.1, f: () => void shadowMask(dsm, 135, 30) },
    { name: `sun hours, 1 day at 15 min (${sunSteps} sunlit steps)`, runs: 3, target: 5, extra: [sunSteps * CELLS, 'cell-steps/s'], f: () => void sunHours({ dsm, sun }) },
  ];
  let missed = false;
  for (const c of cases) {
    const t = time(c.runs, c.f);
    const ok = t.median <= c.target;
    missed ||= !ok;
    const rate = (n: number): string => Math.round(n / t.median).toLocaleString('en-US');
    const extra = c.extra ? ` (${rate(c.extra[0])} ${c.extra[1]})` : '';
    console.log(`  ${c.name.padEnd(45)} min ${t.min.toFixed(3)} s  median ${t.median.toFixed(3)} s  ${rate(CELLS)} cells/s${extra}  target ≤ ${c.target} s: ${ok ? 'ok' : 'MISSED'}`);
  }
  const refs = [
    ['GRASS (r.horizon, r.sun)', has('grass')],
    ['SAGA (sky view factor)', has('saga_cmd')],
    ['GDAL', has('gdalinfo')],
  ] as const;
  console.log(`  reference tools: ${refs.map(([n, ok]) => `${n} ${ok ? 'installed' : 'not installed'}`).join('; ')} — no comparison run`);
  if (missed) process.exitCode = 1;
}

main();
