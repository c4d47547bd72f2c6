/**
 * Scenarios and model result layers in the viewer's worker, in headless Chromium (Debian package; skipped with a
 * message when absent).
 *
 * Truth for the pipeline: the same scenario run in this Node process by `runScenario` (the path of `jumeau run`)
 * — same territory hash, indicator values, files and result hash in the browser (issue 7 § 4). The Math
 * functions of Node 20's V8 and of Chromium's differ in the last bit for some arguments (exp, log, pow, sin…),
 * so the models use engine/math/dmath.ts (bit-identical everywhere); a failure lists what differs. Also:
 * progress events, an incremental re-run, a cancellation that stops the worker.
 *
 * Truth for the layers: the baseline computed in Node — the pixel at a cell or a link drawn in the colour of its
 * value on the legend's scale, the probe reading that value — plus legends with units and sources, no console
 * error. A layer whose stage is not registered is skipped with a message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { generateSample } from '../data/sample/index.ts';
import { parseScenario, type Scenario } from '../scenarios/format/scenario.ts';
import { runFiles } from '../scenarios/run/run-files.ts';
import { runScenario, territoryHash } from '../scenarios/run/run-scenario.ts';
import type { ScenarioRunSummary } from '../workers/scenario-api.ts';
import { CHROMIUM, REPO_ROOT, area, changedPixels, launchChromium, nextFrames, openPage, screenshot, startViewerServer, waitComplete, type Region } from './test-support/browser.ts';
import { pixel, type RgbaImage } from './test-support/png.ts';
import { readGeoTiff } from '../data/geotiff/read.ts';
import { geoRasterToGrid } from '../data/dsm/georef.ts';
import { cellCentreX, cellCentreY, type Grid } from '../engine/raster/grid.ts';
import { LCZ_COLOURS } from '../engine/heat/lcz.ts';
import { OVERLAY_LIFT_M } from '../workers/buffers.ts';
import { baselineScenario } from '../scenarios/format/scenario.ts';
import { LAYER_ARTEFACTS, availableResultLayers, type ResultLayerId } from '../workers/result-layers.ts';
import { RD_PU_9, VC_BOUNDS, VC_COLORS, YL_OR_BR_9, YL_OR_RD_9, hexRgb } from '../workers/result-styles.ts';
import { BAND_GAP_M } from '../workers/link-bands.ts';
import { classOf } from '../workers/styles.ts';
import type { RoadLinkFlows } from '../scenarios/pipeline/artefacts.ts';
import type { Territory } from '../engine/territory.ts';
import { rampColor } from '../workers/styles.ts';
import { STAGES } from '../scenarios/pipeline/stages/index.ts';

if (!CHROMIUM) console.warn('scenario browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');

const AVAILABLE = availableResultLayers(STAGES);
for (const id of ['traffic', 'uhi', 'lcz', 'air', 'emissions'] as ResultLayerId[]) if (!AVAILABLE.includes(id)) console.warn(`result layer test "${id}" skipped: no registered pipeline stage produces ${LAYER_ARTEFACTS[id].join(', ')}`);

const example = (name: string): Scenario => parseScenario(readFileSync(join(REPO_ROOT, 'scenarios', 'examples', `${name}.json`), 'utf8'), name);

describe.skipIf(!CHROMIUM)('scenarios in the browser worker', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const district = generateSample({ size: 'district', seed: 1 });
  const tHash = territoryHash(district);

  beforeAll(async () => {
    let base: string;
    ({ server, url: base } = await startViewerServer({ defaultId: 'sample-district-1' }));
    browser = await launchChromium();
    ({ page, errors } = await openPage(browser, `${base}?t=sample-district-1&layers=landcover`));
  });
  afterAll(async () => {
    await page?.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  let nodeFirst: Awaited<ReturnType<typeof runScenario>> | null = null;
  /** What differs between a browser run and a Node run: files by content, indicator values (readable on failure). */
  const differences = (r: ScenarioRunSummary, node: Awaited<ReturnType<typeof runScenario>>): string[] => {
    const rf = runFiles(node.output);
    const out = r.files.filter((f) => f.sha256 !== rf.hashes[f.name]).map((f) => `file ${f.name}`);
    for (const name of Object.keys(rf.hashes)) if (!r.files.some((f) => f.name === name)) out.push(`file ${name} missing in the browser`);
    node.output.indicators.forEach((n, i) => {
      const b = r.indicators[i];
      if (!b || b.id !== n.id || b.zone !== n.zone) out.push(`indicator ${i}: browser ${b?.id}, Node ${n.id}`);
      else if (!Object.is(b.value, n.value)) out.push(`indicator ${n.id}${n.zone ? ` (zone ${n.zone})` : ''}: browser ${b.value}, Node ${n.value}`);
      else if (JSON.stringify(b.provenance) !== JSON.stringify(n.provenance)) out.push(`provenance of ${n.id}${n.zone ? ` (zone ${n.zone})` : ''}`);
    });
    return out;
  };
  const inBrowser = (s: Scenario, opts: { cancelAtStage?: string; targets?: string[] } = {}) => page.evaluate(([sc, o]) => window.__jumeau.runScenario(sc, o), [s, opts] as const);

  it('gives the same indicators, files and result hash in the browser worker as in Node', async () => {
    const s = example('district-densify-centre');
    const t0 = performance.now();
    const node = await runScenario({ territory: district, territoryHash: tHash, scenario: s });
    const nodeMs = performance.now() - t0;
    nodeFirst = node;
    const rf = runFiles(node.output);
    const b = await inBrowser(s);
    expect(b.error).toBeNull();
    const r = b.summary!;
    console.log(`district-densify-centre: browser worker ${(b.ms / 1000).toFixed(2)} s (pipeline ${r.seconds.toFixed(2)} s), Node ${(nodeMs / 1000).toFixed(2)} s; result ${r.resultHash.slice(0, 12)}`);
    expect(r.territoryHash).toBe(tHash); // the store read over HTTP is the generated territory
    expect(r.scenarioHash).toBe(node.output.scenarioHash);
    expect(r.indicators.length).toBeGreaterThan(20);
    expect(differences(r, node).slice(0, 10)).toEqual([]);
    expect(r.indicators).toEqual(node.output.indicators);
    expect(r.files).toEqual(Object.keys(rf.hashes).map((name) => ({ name, bytes: rf.files[name].byteLength, sha256: rf.hashes[name] })));
    expect(r.resultHash).toBe(rf.resultHash);
    // Progress came from the worker for every stage, ending with all of them done.
    const ends = b.events.filter((e, i) => e.done > (i > 0 ? b.events[i - 1].done : 0)).map((e) => e.stage);
    expect(ends).toEqual(Object.keys(node.output.timings));
    expect(b.events.at(-1)).toMatchObject({ done: ends.length, total: ends.length });
    expect(errors).toEqual([]);
  });

  it('gives the same urban and sun results (files, indicators, result hash) in the browser worker as in Node', async () => {
    // A run restricted to some stages (targets) in the worker: the same subset of results as in Node.
    const s = { ...example('district-densify-centre'), id: 'urban-and-sun' };
    const targets = ['indicators.urban', 'files.urban', 'indicators.sun', 'files.sun'];
    const node = await runScenario({ territory: district, territoryHash: tHash, scenario: s, targets });
    const b = await inBrowser(s, { targets });
    expect(b.error).toBeNull();
    // Only the stages these artefacts need (computed, or reused from the earlier run of the same stage inputs).
    expect([...b.summary!.ran, ...b.summary!.reused].sort()).toEqual(['sun-after', 'sun-before', 'sun-indicators', 'urban']);
    expect(differences(b.summary!, node)).toEqual([]);
    expect(b.summary!.files.map((f) => f.name)).toEqual(expect.arrayContaining(['buildings.csv', 'sun-hours-change.tif']));
    expect(b.summary!.resultHash).toBe(runFiles(node.output).resultHash);
    expect(errors).toEqual([]);
  });

  it('re-runs only what an edit changed, with the hash of the same re-run in Node', async () => {
    const s = example('district-densify-centre');
    const edited: Scenario = { ...s, interventions: [{ ...(s.interventions[0] as Extract<Scenario['interventions'][0], { type: 'densify' }>), addFloors: 3 }] };
    const b = await inBrowser(edited);
    expect(b.error).toBeNull();
    const r = b.summary!;
    expect(r.reused).toContain('sun-before');
    expect(r.ran).toEqual(expect.arrayContaining(['urban', 'sun-after']));
    // The same sequence in Node: the first run, then the edit with its state (warm starts included).
    nodeFirst ??= await runScenario({ territory: district, territoryHash: tHash, scenario: s });
    const node = await runScenario({ territory: district, territoryHash: tHash, scenario: edited, previous: nodeFirst.state });
    console.log(`edit (+3 floors instead of +2): browser worker re-run ${(b.ms / 1000).toFixed(2)} s, stages ran: ${r.ran.join(', ')}`);
    expect(differences(r, node).slice(0, 10)).toEqual([]);
    expect(r.resultHash).toBe(runFiles(node.output).resultHash);
    expect(errors).toEqual([]);
  });

  it('cancels a run: the call rejects at once and the worker stops before the last stage', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true); // the cancel flag is shared memory
    // An edit no earlier run made (urban computes for ~0.3 s, long enough for the flag to reach the worker).
    const d = example('district-densify-centre');
    const s: Scenario = { ...d, id: 'cancel-me', interventions: [{ ...(d.interventions[0] as Extract<Scenario['interventions'][0], { type: 'densify' }>), addFloors: 1 }], parameters: { sun: { date: '2026-03-20', stepMin: 15 } } };
    const b = await inBrowser(s, { cancelAtStage: 'urban' });
    expect(b.summary).toBeNull();
    expect(b.error).toMatchObject({ name: 'CancelledError' });
    let last = await page.evaluate(() => window.__jumeau.lastScenarioRun());
    for (let k = 0; k < 100 && last?.outcome === 'running'; k++) {
      await page.waitForTimeout(100);
      last = await page.evaluate(() => window.__jumeau.lastScenarioRun());
    }
    expect(last).toMatchObject({ scenarioId: 'cancel-me', outcome: 'cancelled' });
    expect(last!.stagesFinished).not.toContain('sun-indicators');
    expect(last!.stagesFinished).not.toContain('sun-before'); // stages after the cancelled one never ran
    // The worker is still usable.
    const again = await inBrowser({ ...s, id: 'after-cancel' });
    expect(again.error).toBeNull();
    expect(again.summary!.resultHash).toMatch(/^[0-9a-f]{64}$/);
    expect(errors).toEqual([]);
  });
});

/** The view right of the layer panel and above the attribution line. */
const VIEW: Region = { x0: 330, y0: 60, x1: 1270, y1: 760 };
/** Pixels within `r` of (x, y) (rounded), for thin lines whose centre falls between pixels. */
const around = (img: RgbaImage, x: number, y: number, r = 1): number[][] => {
  const out: number[][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) out.push(pixel(img, Math.round(x) + dx, Math.round(y) + dy));
  return out;
};
const near = (a: number[], b: readonly number[], tol: number): boolean => Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol && Math.abs(a[2] - b[2]) <= tol;

describe.skipIf(!CHROMIUM)('model result layers in the viewer (computed by the worker pipeline on the baseline)', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let base = '';
  const district = generateSample({ size: 'district', seed: 1 });
  const tHash = territoryHash(district);
  let baseline: Awaited<ReturnType<typeof runScenario>> | null = null;
  const files = async (targets: string[]): Promise<Record<string, unknown>> => {
    baseline = await runScenario({ territory: district, territoryHash: tHash, scenario: baselineScenario(district), targets, previous: baseline?.state });
    return baseline.artefacts;
  };
  const grid = (a: Record<string, unknown>, artefact: string, name: string): Grid => geoRasterToGrid(readGeoTiff((a[artefact] as Record<string, Uint8Array>)[name]), { x: district.frame.originX, y: district.frame.originY });

  beforeAll(async () => {
    ({ server, url: base } = await startViewerServer({ defaultId: 'sample-district-1' }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The district seen from above, opaque result layers, no buildings (the overlays are drawn on top anyway). */
  const openTopView = async (): Promise<{ page: Page; errors: string[] }> => {
    const r = await openPage(browser, `${base}?t=sample-district-1&cam=0,-1,2000,0,0,0&layers=landcover&op=uhi:1,lcz:1,air:1&date=2025-06-21&time=12:00`);
    await waitComplete(r.page);
    return r;
  };
  const switchOn = async (page: Page, id: ResultLayerId, key: string = id): Promise<void> => {
    await page.click(`#layer-${id}`);
    await page.waitForSelector(`body[data-result-${id}="${key}"]`, { timeout: 25_000 });
    await nextFrames(page);
  };
  /** Screen pixel of a local ground point on the overlay (lifted like the overlays). */
  const onScreen = (page: Page, x: number, y: number): Promise<[number, number]> => page.evaluate((p) => window.__jumeau.project(p), [x, y, OVERLAY_LIFT_M] as [number, number, number]);

  it.skipIf(!AVAILABLE.includes('uhi'))('shows the night UHI raster in °C with its legend and source; pixels and probe give the Node values', async () => {
    const { page, errors } = await openTopView();
    const before = (await screenshot(page, 'layers-uhi-off')).image;
    await switchOn(page, 'uhi');
    const img = (await screenshot(page, 'layers-uhi')).image;
    expect(changedPixels(before, img, VIEW).length / area(VIEW)).toBeGreaterThan(0.5);
    const legend = (await page.textContent('.layer[data-layer=uhi] .legend'))!;
    expect(legend).toMatch(/Night-time UHI intensity.*\(°C\)/);
    expect(legend).toMatch(/Model: engine\/heat.*SYNTHETIC/);
    // The hottest cell computed in Node is drawn in the ramp's colour for its value.
    const g = grid(await files(LAYER_ARTEFACTS.uhi), 'files.heat', 'uhi-night.tif');
    let hot = 0;
    for (let i = 1; i < g.values.length; i++) if (g.values[i] > g.values[hot]) hot = i;
    const [cx, cy] = [cellCentreX(g, hot % g.width), cellCentreY(g, Math.floor(hot / g.width))];
    const ramp = await page.evaluate(() => { const l = document.querySelector('.layer[data-layer=uhi] .legend-ticks')?.textContent ?? ''; return l; });
    const max = Number(/(\d+(?:\.\d+)?) °C$/.exec(ramp)?.[1]);
    expect(max).toBeGreaterThanOrEqual(g.values[hot]);
    const want = [0, 0, 0];
    rampColor(YL_OR_RD_9, g.values[hot] / max, want);
    const [sx, sy] = await onScreen(page, cx, cy);
    expect(near(pixel(img, Math.round(sx), Math.round(sy)), want, 6)).toBe(true);
    // Clicking there reads the value of that cell.
    await page.mouse.click(sx, sy);
    await page.waitForSelector('#probe:not([hidden])');
    expect(Number(/Night UHI here: ([\d.]+) °C/.exec((await page.textContent('#probe'))!)?.[1])).toBeCloseTo(g.values[hot], 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!AVAILABLE.includes('uhi'))('shows the progress of a layer being computed and cancels it from the panel', async () => {
    const { page, errors } = await openTopView();
    await page.click('#layer-uhi');
    await page.waitForSelector('#layer-action-uhi', { timeout: 10_000 });
    expect(await page.textContent('.layer[data-layer=uhi] .layer-status')).toMatch(/computing on the baseline/);
    await page.click('#layer-action-uhi');
    await page.waitForSelector('body[data-result-uhi="cancelled"]', { timeout: 10_000 });
    expect(await page.isChecked('#layer-uhi')).toBe(false);
    expect(await page.textContent('.layer[data-layer=uhi] .layer-status')).toMatch(/cancelled/);
    // The worker stopped the pipeline (at its next progress event), before the heat stage finished.
    let last = await page.evaluate(() => window.__jumeau.lastScenarioRun());
    for (let k = 0; k < 100 && last?.outcome === 'running'; k++) {
      await page.waitForTimeout(100);
      last = await page.evaluate(() => window.__jumeau.lastScenarioRun());
    }
    expect(last).toMatchObject({ scenarioId: 'baseline', outcome: 'cancelled' });
    expect(last!.stagesFinished).not.toContain('heat');
    // Switched on again, it computes (reusing the stages finished before the cancellation).
    await switchOn(page, 'uhi');
    expect(await page.textContent('.layer[data-layer=uhi] .layer-status')).toMatch(/computed in/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!AVAILABLE.includes('lcz'))('shows the local climate zones in the standard colours with a legend of the zones present', async () => {
    const { page, errors } = await openTopView();
    await switchOn(page, 'lcz');
    const img = (await screenshot(page, 'layers-lcz')).image;
    const g = grid(await files(LAYER_ARTEFACTS.lcz), 'files.heat', 'lcz.tif');
    const legend = (await page.textContent('.layer[data-layer=lcz] .legend'))!;
    const present = [...new Set(Array.from(g.values).filter((v) => v > 0))].sort((a, b) => a - b);
    expect(present.length).toBeGreaterThan(1);
    for (const c of present) expect(legend).toContain(`LCZ ${c <= 10 ? c : 'ABCDEFG'[c - 11]} `);
    expect(legend).toMatch(/SYNTHETIC/);
    // Cells in the view, one per zone present: the pixel at the cell centre has the zone's colour.
    let checked = 0;
    for (const c of present) {
      const i = Array.from(g.values).findIndex((v, k) => v === c && Math.abs(cellCentreX(g, k % g.width)) < 600 && Math.abs(cellCentreY(g, Math.floor(k / g.width))) < 600);
      if (i < 0) continue;
      const [sx, sy] = await onScreen(page, cellCentreX(g, i % g.width), cellCentreY(g, Math.floor(i / g.width)));
      expect(near(pixel(img, Math.round(sx), Math.round(sy)), hexRgb(LCZ_COLOURS[c]), 6), `LCZ ${c} at (${sx.toFixed(0)}, ${sy.toFixed(0)})`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** Middle of the longest piece of a directed link, offset `d` to the right of its direction (local m). */
  const bandPoint = (t: Territory, l: number, d: number): [number, number] => {
    const r = t.roads;
    const g = r.segmentGeometry;
    const s = r.linkSegment[l];
    let best = -1;
    let len = -1;
    for (let k = g.lineVertexStart[s]; k < g.lineVertexStart[s + 1] - 1; k++) {
      const m = Math.hypot(g.xy[2 * k + 2] - g.xy[2 * k], g.xy[2 * k + 3] - g.xy[2 * k + 1]);
      if (m > len) [best, len] = [k, m];
    }
    const sign = r.linkReversed[l] ? -1 : 1;
    const dx = (sign * (g.xy[2 * best + 2] - g.xy[2 * best])) / len;
    const dy = (sign * (g.xy[2 * best + 3] - g.xy[2 * best + 1])) / len;
    return [(g.xy[2 * best] + g.xy[2 * best + 2]) / 2 + dy * d, (g.xy[2 * best + 1] + g.xy[2 * best + 3]) / 2 - dx * d];
  };
  /** The colour scale of a layer as its legend prints it: [first tick, last tick]. */
  const rampRange = async (page: Page, id: string): Promise<[number, number]> => {
    const ticks = await page.$$eval(`.layer[data-layer=${id}] .legend-ticks span`, (spans) => spans.map((e) => e.textContent ?? ''));
    const num = (t: string): number => Number(/^-?[\d.]+/.exec(t.replace(/\u202f/g, ''))?.[0]);
    return [num(ticks[0]), num(ticks[ticks.length - 1])];
  };

  it.skipIf(!AVAILABLE.includes('traffic'))('draws traffic flows as bands coloured by v/c with a legend in veh/h; the busiest link is where Node puts it', async () => {
    const { page, errors } = await openTopView();
    await switchOn(page, 'traffic');
    const img = (await screenshot(page, 'layers-traffic')).image;
    const legend = (await page.textContent('.layer[data-layer=traffic] .legend'))!;
    expect(legend).toMatch(/volume \/ capacity.*\(v\/c\)/);
    expect(legend).toMatch(/veh\/h/);
    expect(legend).toMatch(/Model: .*SYNTHETIC/);
    const vehHPerM = Number(/1 m per ([\d\s\u202f,]+) veh\/h/.exec(legend)?.[1].replace(/[\s\u202f,]/g, ''));
    expect(vehHPerM).toBeGreaterThan(0);
    const a = await files(LAYER_ARTEFACTS.traffic);
    const t = a['territory.after'] as Territory;
    const f = a['traffic.flows'] as RoadLinkFlows;
    let top = 0;
    for (let l = 1; l < f.linkCount; l++) if (f.flowVehH[l] > f.flowVehH[top]) top = l;
    expect(f.flowVehH[top]).toBeGreaterThan(0);
    // The middle of the busiest link's band (right of its direction) has the colour of its v/c class.
    const w = f.flowVehH[top] / vehHPerM;
    const [bx, by] = bandPoint(t, top, w / 2 + BAND_GAP_M / 2);
    const [sx, sy] = await onScreen(page, bx, by);
    const want = VC_COLORS[classOf(VC_BOUNDS, f.vc[top])];
    expect(around(img, sx, sy), `band of link ${top} at (${sx.toFixed(0)}, ${sy.toFixed(0)}), v/c ${f.vc[top]}, ${w.toFixed(1)} m wide`).toSatisfy((cs: number[][]) => cs.some((c) => near(c, want, 8)));
    // A click there shows that link's flow.
    await page.mouse.click(sx, sy);
    await page.waitForSelector('#probe:not([hidden])');
    const probe = (await page.textContent('#probe'))!;
    expect(probe).toContain(`Traffic flows, directed link ${top}:`);
    expect(Number(/peak-hour flow ([\d\u202f]+) veh\/h/.exec(probe)?.[1].replace(/\u202f/g, ''))).toBe(Math.round(f.flowVehH[top]));
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!AVAILABLE.includes('air'))('shows annual-mean NO2, then PM2.5, in µg/m³ with the EU and WHO limit values marked', async () => {
    const { page, errors } = await openTopView();
    await switchOn(page, 'air', 'air:no2');
    const img = (await screenshot(page, 'layers-air-no2')).image;
    const legend = (await page.textContent('.layer[data-layer=air] .legend'))!;
    expect(legend).toMatch(/NO₂ annual mean.*\(µg\/m³\)/);
    for (const m of [/10 µg\/m³: WHO 2021/, /20 µg\/m³: EU limit values 2030/, /40 µg\/m³: EU limit values in force/]) expect(legend).toMatch(m);
    expect(legend).toMatch(/Model: engine\/air.*SYNTHETIC/);
    const a = await files(LAYER_ARTEFACTS.air);
    const g = grid(a, 'files.air', 'no2.tif');
    let hot = 0;
    for (let i = 1; i < g.values.length; i++) if (g.values[i] > g.values[hot] || Number.isNaN(g.values[hot])) hot = i;
    const [cx, cy] = [cellCentreX(g, hot % g.width), cellCentreY(g, Math.floor(hot / g.width))];
    const want = [0, 0, 0];
    const [lo, hi] = await rampRange(page, 'air');
    expect(lo).toBeLessThanOrEqual(g.values[hot]);
    expect(hi).toBeGreaterThanOrEqual(g.values[hot]);
    rampColor(RD_PU_9, (g.values[hot] - lo) / (hi - lo), want);
    const [sx, sy] = await onScreen(page, cx, cy);
    expect(near(pixel(img, Math.round(sx), Math.round(sy)), want, 8)).toBe(true);
    await page.mouse.click(sx, sy);
    await page.waitForSelector('#probe:not([hidden])');
    expect(Number(/NO₂ annual mean here: ([\d.]+) µg\/m³/.exec((await page.textContent('#probe'))!)?.[1])).toBeCloseTo(g.values[hot], 1);
    await page.selectOption('#pollutant-air', 'pm25');
    await page.waitForSelector('body[data-result-air="air:pm25"]', { timeout: 20_000 });
    expect(await page.textContent('.layer[data-layer=air] .legend')).toMatch(/PM2\.5 annual mean[\s\S]*5 µg\/m³: WHO 2021/);
    // The URL is rewritten after the layer is drawn: wait for it rather than read it once.
    await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/pol=pm25/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(!AVAILABLE.includes('emissions'))('colours links by traffic emissions per km; the highest is where Node puts it', async () => {
    const { page, errors } = await openTopView();
    await switchOn(page, 'emissions', 'emissions:no2');
    const img = (await screenshot(page, 'layers-emissions')).image;
    const legend = (await page.textContent('.layer[data-layer=emissions] .legend'))!;
    expect(legend).toMatch(/NOx.*\(kg\/km\/yr\)/);
    const a = await files(LAYER_ARTEFACTS.emissions);
    const t = a['territory.after'] as Territory;
    // The sample's segment ids have no comma: plain splitting reads the CSV.
    const csv = (a['files.air'] as Record<string, Uint8Array | string>)['link-emissions.csv'];
    const [head, ...rows] = (typeof csv === 'string' ? csv : new TextDecoder().decode(csv)).trim().split('\n').map((line) => line.split(','));
    const col = (r: string[], name: string): number => Number(r[head.indexOf(name)]);
    const perKm = (r: string[]): number => col(r, 'nox_kg_yr') / (col(r, 'length_m') / 1000);
    const best = rows.reduce((b, r) => (perKm(r) > perKm(b) ? r : b));
    const link = col(best, 'link');
    const [bx, by] = bandPoint(t, link, 2 + BAND_GAP_M / 2);
    const [sx, sy] = await onScreen(page, bx, by);
    const top = [0, 0, 0];
    const [lo, hi] = await rampRange(page, 'emissions');
    rampColor(YL_OR_BR_9, (perKm(best) - lo) / (hi - lo), top);
    // The band is 4 m (a few pixels) wide: one pixel around its centre line has its colour.
    expect(around(img, sx, sy), `band of link ${link} at (${sx.toFixed(0)}, ${sy.toFixed(0)}), ${perKm(best).toFixed(1)} kg/km/yr on ${lo} – ${hi}, expected ${top}`).toSatisfy((cs: number[][]) => cs.some((c) => near(c, top, 10)));
    expect(errors).toEqual([]);
    await page.close();
  });
});
