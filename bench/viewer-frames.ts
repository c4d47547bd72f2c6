/**
 * Viewer benchmark in headless Chromium (SwiftShader: software-rendered frame rates mean nothing here, so no fps):
 *
 * - time to first complete view: from navigation to the moment every tile the camera needs has reached the scene
 *   (models counted through `load-model`, since `tiles-load-end` can fire before the last one) and no frame is
 *   pending; cold browser cache, territory and tileset already prepared by the server (preparation timed apart);
 * - main-thread JavaScript per frame while the camera orbits, two ways: the viewer's own frame callback (tile
 *   traversal, three.js and deck.gl draw calls) and Chromium's ScriptDuration over the same frames (all scripts
 *   on the main thread, tile parsing included);
 * - streaming and memory on a flight over the territory with a small tile cache: bytes cached vs the budget,
 *   tiles loaded and disposed, GPU geometries and JS heap after each stop.
 *
 *   npx tsx bench/viewer-frames.ts                    # district and metropolis (seed 1)
 *   npx tsx bench/viewer-frames.ts district 3         # chosen sizes, cold runs per size
 */
import type { Browser, Page } from 'playwright-core';
import { prepareTerritory, type SampleSize } from '../viewer/server/prepare.ts';
import { CHROMIUM, launchChromium, openPage, startViewerServer, waitComplete } from '../viewer/test-support/browser.ts';

const sizes = (process.argv[2] ?? 'district,metropolis').split(',') as SampleSize[];
const RUNS = Number(process.argv[3] ?? 3);
const ORBIT_FRAMES = 40;
const FLIGHT_CACHE_MB = 96;

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const pct = (a: number[], p: number): number => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
const f1 = (x: number): string => x.toFixed(1);
const mb = (b: number): string => (b / 2 ** 20).toFixed(1);

interface ViewStats {
  tiles: { modelsLoaded: number; modelsDisposed: number; cachedBytes: number; cachedTiles: number; visible: number; budgetBytes: number };
  geometries: number;
  jsHeapBytes: number | null;
  frames: { frames: number; recentFrameMs: number[] };
}
const stats = (page: Page): Promise<ViewStats> => page.evaluate(() => window.__jumeau.stats() as unknown as ViewStats);

async function firstView(browser: Browser, base: string, id: string): Promise<{ readyMs: number; completeMs: number; s: ViewStats }> {
  const t0 = Date.now();
  const { page } = await openPage(browser, `${base}?t=${id}&date=2025-06-21&time=15:00`);
  const readyMs = Date.now() - t0;
  await waitComplete(page, 300_000);
  const completeMs = Date.now() - t0;
  const s = await stats(page);
  await page.context().close();
  return { readyMs, completeMs, s };
}

/** Orbits the camera `n` frames around its target; returns the viewer's frame times and Chromium's script time. */
async function orbit(page: Page, n: number): Promise<{ frameMs: number[]; scriptMsPerFrame: number; taskMsPerFrame: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (): Promise<Record<string, number>> => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metric();
  const framesBefore = (await stats(page)).frames.frames;
  await page.evaluate((count) => window.__jumeau.orbit(count), n);
  const after = await metric();
  const st = await stats(page);
  const drawn = st.frames.frames - framesBefore;
  await cdp.detach();
  return { frameMs: st.frames.recentFrameMs.slice(-drawn), scriptMsPerFrame: ((after.ScriptDuration - before.ScriptDuration) * 1000) / drawn, taskMsPerFrame: ((after.TaskDuration - before.TaskDuration) * 1000) / drawn };
}

async function flight(page: Page): Promise<Array<{ stop: string; s: ViewStats; ms: number; scriptMs: number; loaded: number }>> {
  const bbox = await page.evaluate(() => window.__jumeau.bboxLocal());
  const [x0, y0, x1, y1] = bbox;
  const stops: Array<[string, number, number]> = [
    ['south-west', x0 + 0.2 * (x1 - x0), y0 + 0.2 * (y1 - y0)],
    ['north-west', x0 + 0.2 * (x1 - x0), y0 + 0.8 * (y1 - y0)],
    ['north-east', x0 + 0.8 * (x1 - x0), y0 + 0.8 * (y1 - y0)],
    ['south-east', x0 + 0.8 * (x1 - x0), y0 + 0.2 * (y1 - y0)],
    ['centre', (x0 + x1) / 2, (y0 + y1) / 2],
    ['south-west again', x0 + 0.2 * (x1 - x0), y0 + 0.2 * (y1 - y0)],
  ];
  const out = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const scriptS = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')!.value;
  for (const [stop, x, y] of stops) {
    const t0 = Date.now();
    const s0 = await scriptS();
    const loaded0 = (await stats(page)).tiles.modelsLoaded;
    await page.evaluate(([px, py]) => window.__jumeau.setCamera({ position: [px, py - 350, 300], target: [px, py, 0] }), [x, y]);
    await waitComplete(page, 300_000);
    const ms = Date.now() - t0;
    const scriptMs = ((await scriptS()) - s0) * 1000;
    const loaded = (await stats(page)).tiles.modelsLoaded - loaded0;
    // Heap after a full collection: what the page holds, not garbage not yet collected.
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    out.push({ stop, s: { ...(await stats(page)), jsHeapBytes: heap.usedSize }, ms, scriptMs, loaded });
  }
  await cdp.detach();
  return out;
}

async function main(): Promise<void> {
  if (!CHROMIUM) {
    console.log('viewer-frames: skipped, no Chromium at /usr/bin/chromium (apt-get install -y chromium)');
    return;
  }
  console.log(`viewer-frames: headless Chromium (SwiftShader), 1280 × 800, seed 1, ${RUNS} cold runs per size, orbit of ${ORBIT_FRAMES} frames`);
  const { server, url } = await startViewerServer({});
  const browser = await launchChromium();
  try {
    const rows: string[] = [];
    for (const size of sizes) {
      const id = `sample-${size}-1`;
      const t0 = performance.now();
      const p = await prepareTerritory(id, { kind: 'sample', size, seed: 1 });
      console.log(`\n${size}: ${p.buildings.toLocaleString('en-US')} buildings, ${p.tiles} tiles, ${mb(p.tilesBytes)} MB of tiles; prepared in ${f1((performance.now() - t0) / 1000)} s${p.cached ? ' (from the cache; a cold preparation: see bench/tiles.ts + sample generation)' : ''}`);
      const views = [];
      for (let r = 0; r < RUNS; r++) views.push(await firstView(browser, url, id));
      const v = views[views.length - 1];
      console.log(`  first complete view: ready ${f1(median(views.map((x) => x.readyMs)) / 1000)} s, complete min ${f1(Math.min(...views.map((x) => x.completeMs)) / 1000)} s / median ${f1(median(views.map((x) => x.completeMs)) / 1000)} s; ${v.s.tiles.modelsLoaded} tiles loaded (${v.s.tiles.visible} visible, ${mb(v.s.tiles.cachedBytes)} MB of geometry), JS heap ${mb(v.s.jsHeapBytes ?? 0)} MB`);

      const { page } = await openPage(browser, `${url}?t=${id}&date=2025-06-21&time=15:00`);
      await waitComplete(page, 300_000);
      const overview = await orbit(page, ORBIT_FRAMES);
      const target = await page.evaluate(() => window.__jumeau.camera().target);
      await page.evaluate((t) => window.__jumeau.setCamera({ position: [t[0], t[1] - 300, 220], target: t }), target);
      await waitComplete(page, 300_000);
      const close = await orbit(page, ORBIT_FRAMES);
      for (const [name, o] of [['overview', overview], ['street blocks (300 m)', close]] as const)
        console.log(`  orbit, ${name}: viewer frame JS median ${f1(median(o.frameMs))} ms, p95 ${f1(pct(o.frameMs, 0.95))} ms; Chromium ScriptDuration ${f1(o.scriptMsPerFrame)} ms/frame, TaskDuration ${f1(o.taskMsPerFrame)} ms/frame (${o.frameMs.length} frames)`);
      rows.push(`| ${size} | ${p.buildings.toLocaleString('en-US')} | ${f1(median(views.map((x) => x.completeMs)) / 1000)} s | ${v.s.tiles.modelsLoaded} | ${f1(median(overview.frameMs))} / ${f1(overview.scriptMsPerFrame)} ms | ${f1(median(close.frameMs))} / ${f1(close.scriptMsPerFrame)} ms |`);
      await page.context().close();

      if (size !== 'district') {
        const fl = await openPage(browser, `${url}?t=${id}&cacheMB=${FLIGHT_CACHE_MB}&date=2025-06-21&time=15:00`);
        await waitComplete(fl.page, 300_000);
        console.log(`  flight over the ${size} with a ${FLIGHT_CACHE_MB} MB tile cache (camera 300 m up, 350 m back):`);
        for (const st of await flight(fl.page))
          console.log(`    ${st.stop.padEnd(17)} complete in ${f1(st.ms / 1000)} s: ${st.s.tiles.cachedTiles} tiles cached, ${mb(st.s.tiles.cachedBytes)} / ${mb(st.s.tiles.budgetBytes)} MB, loaded ${st.s.tiles.modelsLoaded}, disposed ${st.s.tiles.modelsDisposed}, GPU geometries ${st.s.geometries}, JS heap after GC ${mb(st.s.jsHeapBytes ?? 0)} MB; main-thread script ${f1(st.scriptMs)} ms for ${st.loaded} new tiles`);
        await fl.page.context().close();
      }
    }
    console.log('\n| sample | buildings | first complete view (median) | tiles loaded | frame JS, overview (viewer / Chromium script) | frame JS, 300 m orbit |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
