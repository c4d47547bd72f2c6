/**
 * The receptor-grid pass of the air model on several Node worker threads: the near part of the plan
 * (engine/air/plan.ts) is cut into bands of rows (more bands than threads, handed out as threads free up, since
 * roads are unevenly spread), each band computed by engine/air/dispersion.ts `disperseGrid` in a worker; the far
 * part (one FFT over the whole grid) is computed on this thread while the workers start, then added. Same numbers
 * as the single-threaded `disperseGridPlan` (each cell's near value is computed by exactly one band, the far field
 * is the same). Workers start from grid-worker-boot-node.mjs, which registers tsx's loader before importing the
 * TypeScript worker.
 */
import { Worker } from 'node:worker_threads';
import type { DispersionStats, GridSpec, LineSources } from '../../engine/air/dispersion.ts';
import { addFarToGrid, disperseGridPlan, farFieldOf, gridRegion, type GridPlan } from '../../engine/air/plan.ts';
import type { FarField } from '../../engine/air/far-field.ts';

export interface ParallelGridResult {
  values: Float64Array;
  stats: DispersionStats;
  threads: number;
}

/** Computes the grid with `threads` worker threads (1 = in this thread, no worker). */
export async function disperseGridParallel(src: LineSources, plan: GridPlan, grid: GridSpec, threads: number, far?: FarField | null): Promise<ParallelGridResult> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be an integer ≥ 1, got ${threads}`);
  const n = Math.min(threads, grid.height);
  if (n <= 1) return { ...disperseGridPlan(src, plan, grid, {}, far), threads: 1 };
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
    const bandsDone = Promise.all(
      Array.from({ length: n }, () => {
        const w = new Worker(new URL('./grid-worker-boot-node.mjs', import.meta.url), { workerData: { src, kernel: plan.near, grid } });
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
    // Far part while the workers start (they wait for their first band until this thread is free).
    const f = plan.far ? (far ?? farFieldOf(src, plan, gridRegion(grid))) : null;
    await bandsDone;
    if (f) {
      addFarToGrid(f, grid, 0, grid.height, values);
      stats.fftNodes = f.fftWidth * f.fftHeight;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { values, stats, threads: n };
}
