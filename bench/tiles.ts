/**
 * Benchmark of the 3D Tiles writer (data/tiles): tiling throughput in buildings per second and tileset size in
 * MB per 1 000 buildings, for the district, city and metropolis samples (seed 1). Two timings: the tileset built
 * in memory (meshes, GLB encoding, tileset.json: the work a worker would do) and the same written to a temporary
 * directory (`writeTilesetDir`, what `jumeau tiles` does after loading the territory). Sample generation is not
 * timed. District and city: min and median of 3 runs after a warm-up; metropolis: a single cold run.
 *
 *   npx tsx bench/tiles.ts                          # all sizes, default tile size
 *   npx tsx bench/tiles.ts district,city 1000       # chosen sizes and --max-buildings-per-tile
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateSample, type SampleSize } from '../data/sample/index.ts';
import { DEFAULT_MAX_BUILDINGS_PER_TILE } from '../data/tiles/hierarchy.ts';
import { buildTileset, type TilesetStats } from '../data/tiles/tileset.ts';
import { writeTilesetDir } from '../data/tiles/tiles-node.ts';

export interface TilesBenchRow {
  size: SampleSize;
  runs: number;
  buildings: number;
  stats: TilesetStats;
  /** In-memory tiling, min and median (ms). */
  minMs: number;
  medianMs: number;
  /** Written to disk (ms, median). */
  writeMs: number;
  buildingsPerS: number;
  /** Total bytes on disk (GLBs + tileset.json). */
  bytes: number;
  mbPer1000: number;
}

const RUNS: Record<SampleSize, { warmup: number; runs: number }> = {
  district: { warmup: 1, runs: 3 },
  city: { warmup: 1, runs: 3 },
  metropolis: { warmup: 0, runs: 1 },
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export function benchTiles(sizes: SampleSize[] = ['district', 'city', 'metropolis'], maxBuildingsPerTile = DEFAULT_MAX_BUILDINGS_PER_TILE): TilesBenchRow[] {
  const rows: TilesBenchRow[] = [];
  for (const size of sizes) {
    const t = generateSample({ size, seed: 1 });
    const { warmup, runs } = RUNS[size];
    const opts = { maxBuildingsPerTile };
    for (let i = 0; i < warmup; i++) buildTileset(t, () => {}, opts);
    const mem: number[] = [];
    const disk: number[] = [];
    let stats: TilesetStats | null = null;
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      stats = buildTileset(t, () => {}, opts).stats;
      mem.push(performance.now() - t0);
      const dir = mkdtempSync(join(tmpdir(), 'jumeau-bench-tiles-'));
      const t1 = performance.now();
      bytes = writeTilesetDir(join(dir, 'tiles'), t, opts).bytes;
      disk.push(performance.now() - t1);
      rmSync(dir, { recursive: true, force: true });
    }
    const writeMs = median(disk);
    rows.push({
      size,
      runs,
      buildings: t.buildings.count,
      stats: stats!,
      minMs: Math.min(...mem),
      medianMs: median(mem),
      writeMs,
      buildingsPerS: t.buildings.count / (writeMs / 1000),
      bytes,
      mbPer1000: bytes / 1e6 / (t.buildings.count / 1000),
    });
  }
  return rows;
}

export function formatTable(rows: TilesBenchRow[]): string {
  const head = ['size', 'runs', 'buildings', 'tiles', 'depth', 'triangles', 'memory ms (min/med)', 'to disk ms', 'buildings/s', 'MB', 'MB/1000 bldg'];
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const body = rows.map((r) => [
    r.size,
    String(r.runs),
    n(r.buildings),
    n(r.stats.tiles),
    String(r.stats.depth),
    n(r.stats.triangles),
    `${n(r.minMs)} / ${n(r.medianMs)}`,
    n(r.writeMs),
    n(r.buildingsPerS),
    (r.bytes / 1e6).toFixed(1),
    r.mbPer1000.toFixed(2),
  ]);
  const width = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((s, c) => (c === 0 ? s.padEnd(width[c]) : s.padStart(width[c]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = (process.argv[2] ?? 'district,city,metropolis').split(',') as SampleSize[];
  const k = Number(process.argv[3] ?? DEFAULT_MAX_BUILDINGS_PER_TILE);
  console.log(`3D Tiles writer, seed 1, max ${k} buildings per tile, Node ${process.version}`);
  console.log(formatTable(benchTiles(sizes, k)));
}
