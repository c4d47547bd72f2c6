/**
 * Worker thread of data/air/parallel-node.ts: receives the line sources, grid plan and grid once, then computes
 * the row bands it is sent (engine/air/dispersion.ts `disperseGridPlan`) and transfers each band's values back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { disperseGridPlan, type GridPlan, type GridSpec, type LineSources } from '../../engine/air/dispersion.ts';

const { src, plan, grid } = workerData as { src: LineSources; plan: GridPlan; grid: GridSpec };
const port = parentPort;
if (!port) throw new Error('grid-worker-node.ts must run as a worker thread');
port.on('message', (band: { rowStart: number; rowEnd: number } | null) => {
  if (band === null) {
    port.close();
    return;
  }
  const r = disperseGridPlan(src, plan, grid, band);
  port.postMessage({ band, values: r.values, stats: r.stats }, [r.values.buffer as ArrayBuffer]);
});
