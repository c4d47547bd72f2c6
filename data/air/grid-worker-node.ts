/**
 * Worker thread of data/air/parallel-node.ts: receives the line sources, the near kernel of the plan and the grid
 * once, then computes the row bands it is sent (engine/air/dispersion.ts `disperseGrid`) and transfers each band's
 * values back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { disperseGrid, type GridSpec, type LineSources } from '../../engine/air/dispersion.ts';
import type { DispersionKernel } from '../../engine/air/kernel.ts';

const { src, kernel, grid } = workerData as { src: LineSources; kernel: DispersionKernel; grid: GridSpec };
const port = parentPort;
if (!port) throw new Error('grid-worker-node.ts must run as a worker thread');
port.on('message', (band: { rowStart: number; rowEnd: number } | null) => {
  if (band === null) {
    port.close();
    return;
  }
  const r = disperseGrid(src, kernel, grid, band);
  port.postMessage({ band, values: r.values, stats: r.stats }, [r.values.buffer as ArrayBuffer]);
});
