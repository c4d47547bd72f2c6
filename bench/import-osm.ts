/**
 * Import benchmark: the Rennes OSM street network (GeoJSON, noded and snapped) and the Rodez centre GeoJSON
 * folder (BD TOPO buildings and roads, Filosofi cells). One warm-up run, then 5 timed runs of each; prints the
 * min and median wall time and the features read per second (median run).
 *
 *   npx tsx bench/import-osm.ts
 *
 * Needs ../shared/data (see its README); says so and exits 0 when it is absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importOsm } from '../data/importers/osm.ts';
import { importGeoJson } from '../data/importers/geojson.ts';
import { parseNetworkNote } from '../data/network/noding.ts';
import type { ImportResult } from '../data/importers/types.ts';

const RUNS = 5;
const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const cases: Array<{ name: string; path: string; run: (p: string) => Promise<ImportResult> }> = [
  { name: 'osm     Rennes streets 2013', path: path.join(data, 'rennes/osm-streets-2013.geojson'), run: (p) => importOsm(p) },
  { name: 'geojson Rodez centre 2 km', path: path.join(data, 'rodez/centre-2km-geojson'), run: (p) => importGeoJson(p) },
];

async function main(): Promise<void> {
  if (!existsSync(data)) {
    console.log(`import bench skipped: ${data} not found (real data folder, see its README)`);
    return;
  }
  for (const c of cases) {
    if (!existsSync(c.path)) {
      console.log(`${c.name}: skipped, ${c.path} not found`);
      continue;
    }
    const warm = await c.run(c.path);
    const features = warm.report.layers.reduce((s, l) => s + l.read, 0);
    const times: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      await c.run(c.path);
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    const median = times[RUNS >> 1];
    console.log(
      `${c.name}: ${features} features, min ${times[0].toFixed(3)} s, median ${median.toFixed(3)} s, ` +
        `${Math.round(features / median).toLocaleString('en-US')} features/s (${RUNS} runs after a warm-up)`,
    );
    const net = parseNetworkNote(warm.report.notes);
    if (net) console.log(`    ${warm.report.notes.find((n) => n.startsWith('network:'))}`);
  }
}

await main();
