/**
 * Benchmark of the sample-territory generator (data/sample): wall time of `generateSample` (including
 * TerritoryBuilder.build()) per size, in buildings per second, with the counts of what was generated.
 * District and city: min and median of 3 runs after one warm-up run; metropolis: a single cold run.
 *
 *   npx tsx bench/generate.ts                      # all sizes, seed 1
 *   npx tsx bench/generate.ts district,city 7      # chosen sizes and seed
 */
import { pathToFileURL } from 'node:url';
import { generateSample, type SampleSize } from '../data/sample/index.ts';

export interface GenerateBenchRow {
  size: SampleSize;
  seed: number;
  runs: number;
  minMs: number;
  medianMs: number;
  buildingsPerS: number;
  buildings: number;
  roadSegments: number;
  roadLinks: number;
  roadNodes: number;
  cells: number;
  inhabitants: number;
  landCover: number;
  equipment: number;
}

const RUNS: Record<SampleSize, { warmup: number; runs: number }> = {
  district: { warmup: 1, runs: 3 },
  city: { warmup: 1, runs: 3 },
  metropolis: { warmup: 0, runs: 1 },
};

export function benchGenerate(sizes: SampleSize[] = ['district', 'city', 'metropolis'], seed = 1): GenerateBenchRow[] {
  const rows: GenerateBenchRow[] = [];
  for (const size of sizes) {
    const { warmup, runs } = RUNS[size];
    for (let i = 0; i < warmup; i++) generateSample({ size, seed });
    const times: number[] = [];
    let t = generateSample({ size, seed });
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      t = generateSample({ size, seed });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    let inhabitants = 0;
    for (let i = 0; i < t.population.count; i++) inhabitants += t.population.inhabitants[i];
    const medianMs = times[times.length >> 1];
    rows.push({
      size,
      seed,
      runs,
      minMs: times[0],
      medianMs,
      buildingsPerS: t.buildings.count / (medianMs / 1000),
      buildings: t.buildings.count,
      roadSegments: t.roads.segmentCount,
      roadLinks: t.roads.linkCount,
      roadNodes: t.roads.nodeCount,
      cells: t.population.count,
      inhabitants,
      landCover: t.landCover.count,
      equipment: t.equipment.count,
    });
  }
  return rows;
}

export function formatTable(rows: GenerateBenchRow[]): string {
  const head = ['size', 'runs', 'min ms', 'median ms', 'buildings/s', 'buildings', 'segments', 'links', 'nodes', 'cells', 'inhabitants', 'land cover', 'equipment'];
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const body = rows.map((r) => [r.size, String(r.runs), n(r.minMs), n(r.medianMs), n(r.buildingsPerS), n(r.buildings), n(r.roadSegments), n(r.roadLinks), n(r.roadNodes), n(r.cells), n(r.inhabitants), n(r.landCover), n(r.equipment)]);
  const width = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((s, c) => (c === 0 ? s.padEnd(width[c]) : s.padStart(width[c]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = (process.argv[2] ?? 'district,city,metropolis').split(',') as SampleSize[];
  const seed = Number(process.argv[3] ?? 1);
  console.log(`sample generator, seed ${seed}, Node ${process.version}`);
  console.log(formatTable(benchGenerate(sizes, seed)));
}
