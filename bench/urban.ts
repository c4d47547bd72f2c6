/**
 * Benchmark of the densification model (engine/urban) on the sample territories: the baseline (people, ages,
 * needs, catchments along the road network, 2SFCA, energy, water, zones) and a scenario with one densification
 * intervention (+2 floors on every non-annex building within 1 km of the centre of the territory), in buildings
 * per second. District and city: min and median of 3 runs after a warm-up; metropolis: 1 run.
 *
 *   npx tsx bench/urban.ts                    # all sizes, seed 1
 *   npx tsx bench/urban.ts district,city 7    # chosen sizes and seed
 */
import { pathToFileURL } from 'node:url';
import { generateSample, type SampleSize } from '../data/sample/index.ts';
import { defaultUrbanParams } from '../data/urban/params.ts';
import { bboxOfXY } from '../engine/territory.ts';
import type { Intervention } from '../engine/urban/interventions.ts';
import { runUrban, type UrbanResult } from '../engine/urban/model.ts';

const RUNS: Record<SampleSize, { warmup: number; runs: number }> = {
  district: { warmup: 1, runs: 3 },
  city: { warmup: 1, runs: 3 },
  metropolis: { warmup: 0, runs: 1 },
};

export interface UrbanBenchRow {
  size: SampleSize;
  buildings: number;
  equipmentRows: number;
  baselineMinMs: number;
  baselineMedianMs: number;
  baselineBuildingsPerS: number;
  /** Baseline + interventions + scenario evaluation. */
  scenarioMinMs: number;
  scenarioMedianMs: number;
  scenarioBuildingsPerS: number;
  changedBuildings: number;
  inhabitants: number;
  deltaInhabitants: number;
  deltaPrimarySeats: number;
  deltaEnergyMWh: number;
}

function time(fn: () => UrbanResult, warmup: number, runs: number): { min: number; median: number; r: UrbanResult } {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  let r = fn();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    r = fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return { min: ts[0], median: ts[ts.length >> 1], r };
}

export function benchUrban(sizes: SampleSize[] = ['district', 'city', 'metropolis'], seed = 1): UrbanBenchRow[] {
  const params = defaultUrbanParams();
  const rows: UrbanBenchRow[] = [];
  for (const size of sizes) {
    const t = generateSample({ size, seed });
    const [x0, y0, x1, y1] = bboxOfXY(t.buildings.footprint.xy);
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    const ring: number[] = [];
    for (let k = 0; k < 64; k++) ring.push(cx + 1000 * Math.cos((2 * Math.PI * k) / 64), cy + 1000 * Math.sin((2 * Math.PI * k) / 64));
    const interventions: Intervention[] = [{ id: 'centre-plus-2', kind: 'add-floors', zone: [ring], floors: 2 }];
    const { warmup, runs } = RUNS[size];
    const base = time(() => runUrban(t, { params }), warmup, runs);
    const scen = time(() => runUrban(t, { params, interventions }), warmup, runs);
    const n = t.buildings.count;
    const r = scen.r;
    rows.push({
      size, buildings: n, equipmentRows: r.baseline.equipment.count,
      baselineMinMs: base.min, baselineMedianMs: base.median, baselineBuildingsPerS: n / (base.median / 1000),
      scenarioMinMs: scen.min, scenarioMedianMs: scen.median, scenarioBuildingsPerS: n / (scen.median / 1000),
      changedBuildings: r.interventions!.log[0].buildings,
      inhabitants: r.baseline.totals.inhabitants, deltaInhabitants: r.delta!.inhabitants, deltaPrimarySeats: r.delta!.primarySeatsNeeded, deltaEnergyMWh: r.delta!.energyMWhPerYear,
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = (process.argv[2]?.split(',') as SampleSize[] | undefined) ?? ['district', 'city', 'metropolis'];
  const seed = Number(process.argv[3] ?? 1);
  const f = (v: number, d = 0): string => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }).replace(/,/g, ' ');
  console.log(`urban model on sample territories (seed ${seed}); scenario = baseline + "+2 floors within 1 km of the centre" + its evaluation`);
  console.log('size        buildings  baseline min/median ms  buildings/s   scenario min/median ms  buildings/s   changed  inhabitants  Δinhabitants  Δprimary seats  Δenergy MWh/yr');
  for (const r of benchUrban(sizes, seed)) {
    console.log(
      `${r.size.padEnd(11)} ${f(r.buildings).padStart(9)}  ${`${f(r.baselineMinMs)} / ${f(r.baselineMedianMs)}`.padStart(22)}  ${f(r.baselineBuildingsPerS).padStart(11)}   ${`${f(r.scenarioMinMs)} / ${f(r.scenarioMedianMs)}`.padStart(22)}  ${f(r.scenarioBuildingsPerS).padStart(11)}  ${f(r.changedBuildings).padStart(8)}  ${f(r.inhabitants).padStart(11)}  ${f(r.deltaInhabitants).padStart(12)}  ${f(r.deltaPrimarySeats).padStart(14)}  ${f(r.deltaEnergyMWh).padStart(15)}`,
    );
  }
}
