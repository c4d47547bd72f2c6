/**
 * Benchmark of the urban heat model (engine/heat, data/heat) on the seeded sample territories:
 *   - district at 10 m     target ≤ 1 s
 *   - metropolis at 50 m   target ≤ 5 s
 * The sky view factor is computed once per territory and reused by every scenario (reported apart, as a
 * one-off); the targets apply to the rest of a run: the inputs (DSM, vector morphology, building shade of the
 * date) plus one model run (levers, LCZ, night and day fields, mixing, summary). Model runs with levers are
 * timed again, since a scenario that keeps the buildings reuses the inputs. Min and median over the runs, one
 * thread (the machine's cores are reported). Sample generation is not timed.
 *
 *   npx tsx bench/heat.ts [district|metropolis|city]
 */
import { availableParallelism } from 'node:os';
import { generateSample } from '../data/sample/index.ts';
import { heatDsm, heatGridFor, prepareTerritoryHeat } from '../data/heat/heat.ts';
import { prepareHeatInputs } from '../engine/heat/prepare.ts';
import { runHeat, type HeatRunOptions } from '../engine/heat/model.ts';
import { skyViewFactor } from '../engine/raster/svf.ts';
import type { SampleSize } from '../data/sample/presets.ts';

const CASES: Array<{ size: SampleSize; cellM: number; target: number; runs: number }> = [
  { size: 'district', cellM: 10, target: 1, runs: 5 },
  { size: 'city', cellM: 25, target: Infinity, runs: 3 },
  { size: 'metropolis', cellM: 50, target: 5, runs: 3 },
];

function stats(t: number[]): { min: number; median: number } {
  const s = [...t].sort((a, b) => a - b);
  return { min: s[0], median: s[s.length >> 1] };
}

function timeIt<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
}

const SCENARIO: HeatRunOptions = { levers: { trees: [{ canopyFraction: 0.3 }], coolRoofs: [{ roofFraction: 0.5 }], depaving: [{ imperviousFraction: 0.2 }], traffic: [{ factor: 0.7 }] } };

function main(): void {
  const wanted = process.argv.slice(2);
  console.log(`heat model: sample territories (seed 1), one thread (${availableParallelism()} cores available)`);
  let missed = false;
  for (const c of CASES) {
    if (wanted.length ? !wanted.includes(c.size) : c.size === 'city') continue;
    const t = generateSample({ size: c.size, seed: 1 });
    // Warm-up (compilation) on the inputs pipeline, then the timed runs.
    const first = prepareTerritoryHeat(t, { cellSizeM: c.cellM });
    const grid = first.inputs.grid;
    const k = Math.round(grid.cellSizeM / first.dsm.cellSizeM);
    const [, svfS] = timeIt(() => skyViewFactor(first.dsm, { directions: 16 }));
    const inputsS: number[] = [];
    const runS: number[] = [];
    const scenarioS: number[] = [];
    let inputs = first.inputs;
    for (let i = 0; i < c.runs; i++) {
      const [prepared, s] = timeIt(() => {
        const g = heatGridFor(t, c.cellM, 200);
        const dsm = heatDsm(t, g, k);
        return prepareHeatInputs(t, { grid: g, dsm: dsm.grid, dsmBuildingId: dsm.raster.buildingId, svf: first.svf, date: '2025-07-15' });
      });
      inputs = prepared;
      inputsS.push(s);
      runS.push(timeIt(() => runHeat(inputs))[1]);
      scenarioS.push(timeIt(() => runHeat(inputs, SCENARIO))[1]);
    }
    const cells = grid.width * grid.height;
    const dsmCells = first.dsm.width * first.dsm.height;
    const pi = stats(inputsS);
    const pr = stats(runS);
    const ps = stats(scenarioS);
    const total = stats(inputsS.map((v, i) => v + runS[i]));
    const ok = total.median <= c.target;
    if (Number.isFinite(c.target)) missed ||= !ok;
    const r = runHeat(inputs);
    console.log(`\n  ${c.size} at ${c.cellM} m: ${t.buildings.count.toLocaleString('en-US')} buildings, ${grid.width} × ${grid.height} = ${cells.toLocaleString('en-US')} cells, DSM ${first.dsm.cellSizeM} m (${(dsmCells / 1e6).toFixed(2)} M cells)`);
    console.log(`    SVF (16 directions, once per territory)  ${svfS.toFixed(2)} s  (${Math.round((16 * dsmCells) / svfS).toLocaleString('en-US')} cell-directions/s)`);
    console.log(`    inputs (DSM, morphology, shade)          min ${pi.min.toFixed(3)} s  median ${pi.median.toFixed(3)} s`);
    console.log(`    model run                                min ${pr.min.toFixed(3)} s  median ${pr.median.toFixed(3)} s  (${Math.round(cells / pr.median).toLocaleString('en-US')} cells/s)`);
    console.log(`    model run with 4 levers                  min ${ps.min.toFixed(3)} s  median ${ps.median.toFixed(3)} s`);
    console.log(`    inputs + run (SVF reused)                min ${total.min.toFixed(3)} s  median ${total.median.toFixed(3)} s  ${Number.isFinite(c.target) ? `target ≤ ${c.target} s: ${ok ? 'ok' : 'MISSED'}` : ''}`);
    console.log(`    night UHI mean ${r.summary.night.meanK.toFixed(2)} K, p95 ${r.summary.night.p95K.toFixed(2)} K over ${r.summary.builtCells.toLocaleString('en-US')} built cells`);
  }
  if (missed) console.log('\n  (timings depend on the machine load: run on an idle machine before reading a miss as a regression)');
}

main();
