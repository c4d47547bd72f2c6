/**
 * The receptor-grid pass of the air model on several Node worker threads: rows are cut into bands (more bands than
 * threads, handed out as threads free up, since roads are unevenly spread), each band computed by
 * engine/air/dispersion.ts `disperseGridPlan` and copied into the full component-major field. Same numbers as the
 * single-threaded pass (each cell is computed by exactly one band). Workers start from grid-worker-boot-node.mjs,
 * which registers tsx's loader before importing the TypeScript worker.
 */
import { Worker } from 'node:worker_threads';
import { disperseGridPlan, type DispersionStats, type GridPlan, type GridSpec, type LineSources } from '../../engine/air/dispersion.ts';

export interface ParallelGridResult {
  values: Float64Array;
  stats: DispersionStats;
  threads: number;
}

/** Computes the grid with `threads` worker threads (1 = in this thread, no worker). */
export async function disperseGridParallel(src: LineSources, plan: GridPlan, grid: GridSpec, threads: number): Promise<ParallelGridResult> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be an integer ≥ 1, got ${threads}`);
  const n = Math.min(threads, grid.height);
  if (n <= 1) return { ...disperseGridPlan(src, plan, grid), threads: 1 };
  const W = grid.width;
  const cells = W * grid.height;
  const comps = src.components;
  const values = new Float64Array(cells * comps);
  const stats: DispersionStats = { pairs: 0, evaluations: 0, pieces: 0 };
  const bandRows = Math.max(1, Math.ceil(grid.height / (8 * n)));
  const bands: Array<{ rowStart: number; rowEnd: number }> = [];
  for (let r = 0; r < grid.height; r += bandRows) bands.push({ rowStart: r, rowEnd: Math.min(grid.height, r + bandRows) });
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () => {
        const w = new Worker(new URL('./grid-worker-boot-node.mjs', import.meta.url), { workerData: { src, plan, grid } });
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          const send = (): void => {
            if (next < bands.length) w.postMessage(bands[next++]);
            else {
              w.postMessage(null);
              resolve();
            }
          };
          w.on('message', (m: { band: { rowStart: number; rowEnd: number }; values: Float64Array; stats: DispersionStats }) => {
            const bandCells = (m.band.rowEnd - m.band.rowStart) * W;
            for (let c = 0; c < comps; c++) values.set(m.values.subarray(c * bandCells, (c + 1) * bandCells), c * cells + m.band.rowStart * W);
            stats.pairs += m.stats.pairs;
            stats.evaluations += m.stats.evaluations;
            stats.pieces = Math.max(stats.pieces, m.stats.pieces);
            send();
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (code !== 0) reject(new Error(`air grid worker exited with code ${code}`));
          });
          w.on('online', send);
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { values, stats, threads: n };
}
