/**
 * The viewer in headless Chromium (Debian package driven by playwright-core; skipped with a message when it is
 * absent). Truths: the territory's own arrays (ids, heights, counts), the geometry of a box's shadow (opposite the
 * sun given by the NREL SPA), and pixels of screenshots (saved under .tmp/screenshots/). Layers are switched
 * from the layer panel and buildings picked by clicking, as a user does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { generateSample } from '../data/sample/index.ts';
import { saveTerritory } from '../data/store-node.ts';
import { importBdtopo } from '../data/importers/bdtopo.ts';
import { featureCentroid, pointInFeature, type Territory } from '../engine/territory.ts';
import { solarPosition } from '../engine/solar/spa.ts';
import { sunriseSunset } from '../engine/solar/sun-path.ts';
import { ROAD_CLASS_COLORS } from '../workers/styles.ts';
import { MARKER_COLOR } from './overlays.ts';
import { zonedToUtc } from './time.ts';
import { REPO_ROOT, area, changedPixels, CHROMIUM, inside, launchChromium, meanLuma, nextFrames, openPage, screenshot, startViewerServer, waitComplete, type Region } from './test-support/browser.ts';
import { pixel, decodePng, type RgbaImage } from './test-support/png.ts';
import { XSS, viewerFixture } from './test-support/fixture-territory.ts';

if (!CHROMIUM) console.warn('viewer browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');
const RODEZ = join(REPO_ROOT, '..', 'shared', 'data', 'rodez', 'bdtopo-v2');
const HAS_RODEZ = existsSync(RODEZ);
if (CHROMIUM && !HAS_RODEZ) console.warn(`viewer Rodez test skipped: no BD TOPO data at ${RODEZ}`);

/** The 3D view right of the layer panel (the building panel is closed in the tests that use it). */
const VIEW: Region = { x0: 330, y0: 60, x1: 1270, y1: 760 };
const isMagenta = ([r, g, b]: number[]): boolean => r > 2 * g + 30 && b > 2 * g + 30;
const isMarker = ([r, g, b]: number[]): boolean => r < 90 && g > 190 && b > 190 && Math.abs(g - b) < 40;

describe.skipIf(!CHROMIUM)('viewer in headless Chromium', () => {
  let server: ViteDevServer;
  let base = '';
  let browser: Browser;
  const fixture = viewerFixture();
  const district = generateSample({ size: 'district', seed: 1 });
  const pages: Page[] = [];
  let rodez: Territory | null = null;

  beforeAll(async () => {
    const dir = join(REPO_ROOT, '.tmp', 'viewer-test', 'fixture');
    mkdirSync(dir, { recursive: true });
    await saveTerritory(dir, fixture.territory);
    const territories: Record<string, string> = { fixture: dir };
    if (HAS_RODEZ) {
      rodez = (await importBdtopo(RODEZ)).territory;
      territories.rodez = join(REPO_ROOT, '.tmp', 'viewer-test', 'rodez');
      await saveTerritory(territories.rodez, rodez);
    }
    ({ server, url: base } = await startViewerServer({ territories, defaultId: 'sample-district-1' }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  const open = async (query: string): Promise<{ page: Page; errors: string[] }> => {
    const r = await openPage(browser, `${base}${query}`);
    pages.push(r.page);
    await waitComplete(r.page);
    return r;
  };
  const toggle = async (page: Page, layer: string): Promise<void> => {
    await page.click(`#layer-${layer}`);
    await nextFrames(page);
  };

  it('reads Chromium screenshots exactly (PNG decoder used by the pixel checks)', async () => {
    const page = await browser.newPage({ viewport: { width: 64, height: 32 } });
    pages.push(page);
    await page.setContent('<body style="margin:0"><div style="display:flex"><div style="width:32px;height:32px;background:rgb(200,10,30)"></div><div style="width:32px;height:32px;background:rgb(5,120,250)"></div></div></body>');
    const img = decodePng(new Uint8Array(await page.screenshot()));
    expect([img.width, img.height]).toEqual([64, 32]);
    expect(pixel(img, 5, 5)).toEqual([200, 10, 30]);
    expect(pixel(img, 60, 30)).toEqual([5, 120, 250]);
  });

  it('opens the sample district with no console error, labelled synthetic, with its sources and counts', async () => {
    const { page, errors } = await open('?t=sample-district-1&date=2025-06-21&time=15:00');
    await screenshot(page, 'viewer-district');
    expect(await page.isVisible('#synthetic-badge')).toBe(true);
    expect(await page.textContent('#territory-name')).toBe(district.name);
    const stats = (await page.textContent('#stats'))!.replace(/\s/g, '');
    expect(stats).toContain(`Buildings${district.buildings.count}`);
    expect(await page.textContent('#sources')).toMatch(/Synthetic data — Jumeau sample generator/);
    await page.click('#open-sources');
    const items = await page.$$eval('#sources-list li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(items).toHaveLength(district.datasets.length);
    for (const [i, d] of district.datasets.entries()) {
      expect(items[i]).toContain(d.producer);
      expect(items[i]).toContain(d.licence);
      expect(items[i]).toContain(d.attribution);
      expect(items[i]).toContain('synthetic');
    }
    expect(await page.textContent('#sources-list')).toMatch(/SYNTHETIC: generated by the Jumeau sample generator/);
    const s = await page.evaluate(() => window.__jumeau.stats());
    expect(s.inWorker).toBe(true);
    expect(s.tiles!.modelsLoaded).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('shows buildings, streets, the road network, the population grid and sun hours (panel toggles change the pixels)', async () => {
    const { page, errors } = await open('?t=sample-district-1&cam=0,-700,650,0,-50,0&date=2025-06-21&time=15:00&layers=buildings,landcover,streets');
    const all = (await screenshot(page, 'viewer-layers-base')).image;
    await toggle(page, 'buildings');
    const noBuildings = (await screenshot(page, 'viewer-layers-no-buildings')).image;
    expect(changedPixels(all, noBuildings, VIEW).length / area(VIEW)).toBeGreaterThan(0.08);
    await toggle(page, 'buildings');
    await toggle(page, 'streets');
    const noStreets = (await screenshot(page, 'viewer-layers-no-streets')).image;
    const streetPx = changedPixels(all, noStreets, VIEW);
    expect(streetPx.length / area(VIEW)).toBeGreaterThan(0.01);
    // Street surfaces are neutral grey.
    expect(streetPx.filter(([x, y]) => Math.max(...pixel(all, x, y)) - Math.min(...pixel(all, x, y)) < 18).length / streetPx.length).toBeGreaterThan(0.8);
    await toggle(page, 'streets');

    await toggle(page, 'roads');
    const roads = (await screenshot(page, 'viewer-layers-roads')).image;
    const roadPx = changedPixels(all, roads, VIEW);
    expect(roadPx.length / area(VIEW)).toBeGreaterThan(0.01);
    const palette = Object.values(ROAD_CLASS_COLORS);
    const near = (c: number[]): boolean => palette.some((p) => Math.abs(p[0] - c[0]) < 14 && Math.abs(p[1] - c[1]) < 14 && Math.abs(p[2] - c[2]) < 14);
    expect(roadPx.filter(([x, y]) => near(pixel(roads, x, y))).length / roadPx.length).toBeGreaterThan(0.6);
    await toggle(page, 'roads');

    await toggle(page, 'population');
    const pop = (await screenshot(page, 'viewer-layers-population')).image;
    const popPx = changedPixels(all, pop, VIEW);
    expect(popPx.length / area(VIEW)).toBeGreaterThan(0.2);
    // YlOrRd over the city: red is the dominant channel.
    expect(popPx.filter(([x, y]) => { const [r, g, b] = pixel(pop, x, y); return r >= Math.max(g, b) && r - Math.min(g, b) > 30; }).length / popPx.length).toBeGreaterThan(0.9);
    expect(await page.textContent('.layer[data-layer=population] .legend')).toContain('inhabitants / km²');
    await toggle(page, 'population');

    await toggle(page, 'sunhours');
    await page.waitForSelector('body[data-sunhours="2025-06-21"]', { timeout: 60_000 });
    await nextFrames(page);
    const sun = (await screenshot(page, 'viewer-layers-sunhours')).image;
    expect(changedPixels(all, sun, VIEW).length / area(VIEW)).toBeGreaterThan(0.3);
    const legend = await page.textContent('.layer[data-layer=sunhours] .legend');
    expect(legend).toMatch(/Direct sun on 2025-06-21 \(h\)/);
    const f = district.frame;
    const day = sunriseSunset({ year: 2025, month: 6, day: 21 }, f.originLat, f.originLon).dayLengthH;
    const shown = Number(/day length (\d+\.\d+) h/.exec(legend ?? '')?.[1]);
    expect(Math.abs(shown - day)).toBeLessThan(0.25); // 15-min steps
    expect(errors).toEqual([]);
  });

  it('puts the overlay marker of a selected building on that building\'s pixels (deck.gl and three.js aligned)', async () => {
    const t = fixture.tower;
    const { page, errors } = await open(`?t=fixture&cam=-70,-120,110,10,10,15&date=2025-06-21&time=12:00&layers=buildings,landcover,streets&b=${t}`);
    const { image } = await screenshot(page, 'viewer-alignment');
    const marker: Array<[number, number]> = [];
    for (let y = 0; y < image.height; y++) for (let x = 320; x < 920; x++) if (isMarker(pixel(image, x, y))) marker.push([x, y]);
    expect(marker.length).toBeGreaterThan(50);
    const mx = marker.reduce((s, p) => s + p[0], 0) / marker.length;
    const my = marker.reduce((s, p) => s + p[1], 0) / marker.length;
    // The roof centre as three.js projects it is where deck.gl drew the marker, within a pixel and a half.
    const [px, py] = await page.evaluate(() => window.__jumeau.project([10, 10, 30.5]));
    expect(Math.hypot(mx - px, my - py)).toBeLessThan(1.5);
    // Under every marker pixel, with the overlay canvas hidden: the highlighted (magenta) building.
    await page.addStyleTag({ content: '#overlay { visibility: hidden !important; }' });
    await nextFrames(page);
    const under = (await screenshot(page, 'viewer-alignment-no-overlay')).image;
    expect(marker.filter(([x, y]) => isMagenta(pixel(under, x, y))).length).toBe(marker.length);
    expect((await page.evaluate(([x, y]) => window.__jumeau.pickAt(x, y), [mx, my]))?.building).toBe(t);
    expect(MARKER_COLOR).toEqual([0, 255, 255]);
    expect(errors).toEqual([]);
  });

  it('picks a building by clicking it: the panel shows its source id and height from the territory', async () => {
    const { page, errors } = await open('?t=fixture&cam=-70,-120,110,10,10,15&date=2025-06-21&time=12:00&layers=buildings,landcover,streets');
    const b = fixture.territory.buildings;
    const [x, y] = await page.evaluate(() => window.__jumeau.project([10, 10, 30]));
    await page.mouse.click(x, y);
    await page.waitForSelector('#building-panel:not([hidden])');
    expect(await page.textContent('#building-source-id')).toBe(b.sourceId[fixture.tower]);
    expect((await page.textContent('tr[data-attr=heightM] td.value'))!.trim()).toBe(`${b.heightM[fixture.tower].toFixed(1)} m`);
    expect(await page.textContent('tr[data-attr=heightM] .badge')).toBe('measured');
    expect(await page.textContent('tr[data-attr=floors] .badge')).toBe('measured');
    expect(await page.textContent('#building-dataset')).toBe(fixture.territory.datasets[0].title);
    await nextFrames(page);
    const { image } = await screenshot(page, 'viewer-pick');
    // The picked building is highlighted (away from the roof centre, where the marker is).
    const [hx, hy] = await page.evaluate(() => window.__jumeau.project([3, 3, 30]));
    expect(isMagenta(pixel(image, hx, hy))).toBe(true);
    // A click on open ground closes the panel.
    const [gx, gy] = await page.evaluate(() => window.__jumeau.project([60, 60, 0]));
    await page.mouse.click(gx, gy);
    await page.waitForSelector('#building-panel[hidden]', { state: 'attached' });
    expect(errors).toEqual([]);
  });

  it('moves the shadows with the time of day (a box\'s shadow lies opposite the sun)', async () => {
    const { page, errors } = await open('?t=fixture&cam=10,9.9,230,10,10,0&date=2025-06-21&time=09:00&layers=buildings,landcover,streets');
    const f = fixture.territory.frame;
    const shadowPatch = async (time: string): Promise<Array<[number, number]>> => {
      const p = solarPosition({ unixMs: zonedToUtc('2025-06-21', time, 'Europe/Paris'), latitudeDeg: f.originLat, longitudeDeg: f.originLon });
      const a = ((p.azimuthDeg + 180) * Math.PI) / 180;
      // 6 × 6 m of ground, 20 m from the tower centre (10 m beyond its wall) in the direction away from the sun.
      const cx = 10 + 20 * Math.sin(a);
      const cy = 10 + 20 * Math.cos(a);
      const corners: Array<[number, number, number]> = [[cx - 3, cy - 3, 0], [cx + 3, cy - 3, 0], [cx + 3, cy + 3, 0], [cx - 3, cy + 3, 0]];
      return Promise.all(corners.map((c) => page.evaluate((q) => window.__jumeau.project(q), c)));
    };
    const morning = await shadowPatch('09:00');
    const evening = await shadowPatch('17:00');
    const am = (await screenshot(page, 'viewer-shadows-0900')).image;
    const azAm = await page.getAttribute('body', 'data-sun-azimuth');
    await page.fill('#time', '17:00');
    await page.dispatchEvent('#time', 'change');
    await page.waitForFunction((az) => document.body.dataset.sunAzimuth !== az, azAm);
    await nextFrames(page);
    const pm = (await screenshot(page, 'viewer-shadows-1700')).image;
    const lum = (img: RgbaImage, poly: Array<[number, number]>): number => meanLuma(img, poly).luma;
    expect(meanLuma(am, morning).pixels).toBeGreaterThan(100);
    // Morning: the west patch is in the shadow, the east one lit; evening: the reverse.
    expect(lum(am, morning) / lum(am, evening)).toBeLessThan(0.8);
    expect(lum(pm, evening) / lum(pm, morning)).toBeLessThan(0.8);
    const [x0, y0] = await page.evaluate(() => window.__jumeau.project([-50, 70, 0]));
    const [x1, y1] = await page.evaluate(() => window.__jumeau.project([70, -50, 0]));
    const around = { x0: Math.round(x0), y0: Math.round(y0), x1: Math.round(x1), y1: Math.round(y1) };
    expect(changedPixels(am, pm, around).length).toBeGreaterThan(0.05 * area(around));
    expect(errors).toEqual([]);
  });

  it('colours buildings by façade sun hours for the chosen date, recomputed when the date changes', async () => {
    const { page, errors } = await open('?t=fixture&cam=-70,-120,110,10,10,15&date=2025-06-21&time=12:00&layers=buildings,landcover,streets');
    await page.selectOption('#building-style', 'sun-facade');
    await page.waitForSelector('body[data-building-style="sun-facade:2025-06-21"]', { timeout: 30_000 });
    await nextFrames(page);
    const june = (await screenshot(page, 'viewer-sun-facade-june')).image;
    const legend = await page.textContent('.layer[data-layer=buildings] .legend');
    expect(legend).toMatch(/façades on 2025-06-21 \(h\)/);
    expect(legend).toMatch(/no data/);
    await page.fill('#date', '2025-12-21');
    await page.dispatchEvent('#date', 'change');
    await page.waitForSelector('body[data-building-style="sun-facade:2025-12-21"]', { timeout: 30_000 });
    await nextFrames(page);
    const december = (await screenshot(page, 'viewer-sun-facade-december')).image;
    // The tower's roof (coloured with its mean façade hours): on viridis, ≈ day length / 2 ≈ 7.8 h in June is
    // teal (green ≈ 0.9 × blue), ≈ 4.3 h in December is blue-violet (green ≈ 0.6 × blue). A plain building has
    // green ≈ blue whatever the date.
    const roof = await Promise.all(([[2, 2, 30], [18, 2, 30], [18, 18, 30], [2, 18, 30]] as Array<[number, number, number]>).map((p) => page.evaluate((q) => window.__jumeau.project(q), p)));
    const greenOverBlue = (img: RgbaImage): number => {
      const xs = roof.map((p) => p[0]);
      const ys = roof.map((p) => p[1]);
      let g = 0;
      let b = 0;
      for (let y = Math.ceil(Math.min(...ys)); y <= Math.floor(Math.max(...ys)); y++)
        for (let x = Math.ceil(Math.min(...xs)); x <= Math.floor(Math.max(...xs)); x++) {
          if (!inside(roof, x, y)) continue;
          const [, pg, pb] = pixel(img, x, y);
          g += pg;
          b += pb;
        }
      return g / b;
    };
    expect(meanLuma(june, roof).pixels).toBeGreaterThan(50);
    expect(greenOverBlue(june) - greenOverBlue(december)).toBeGreaterThan(0.15);
    expect(await page.textContent('.layer[data-layer=buildings] .legend')).toMatch(/façades on 2025-12-21 \(h\)/);
    expect(page.url()).toMatch(/style=sun-facade/);
    expect(errors).toEqual([]);
  });

  it('shows an HTML injection in a source id, a name and a licence as text, never as markup', async () => {
    const { page, errors } = await open('?t=fixture&cam=112,-80,90,112,-52,0&layers=buildings,landcover,streets');
    expect(await page.textContent('#territory-name')).toBe(`Test territory ${XSS}`);
    const [x, y] = await page.evaluate(() => window.__jumeau.project([112, -52, 9]));
    await page.mouse.click(x, y);
    await page.waitForSelector('#building-panel:not([hidden])');
    expect(await page.textContent('#building-source-id')).toBe(XSS);
    await page.click('#open-sources');
    expect(await page.textContent('#sources-list')).toContain('<script>window.__pwned=2</script> test data');
    await page.waitForTimeout(300);
    await screenshot(page, 'viewer-xss');
    expect(await page.$$eval('img, script:not([type=module]):not([src])', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('restores camera, date and time, layers and selection from a shared link', async () => {
    const { page, errors } = await open('?t=fixture&cam=-70,-120,110,10,10,15&date=2025-03-30&time=10:00');
    await toggle(page, 'roads');
    await page.fill('#time', '16:45');
    await page.dispatchEvent('#time', 'change');
    const [x, y] = await page.evaluate(() => window.__jumeau.project([10, 10, 30]));
    await page.mouse.click(x, y);
    await page.waitForSelector('body[data-selected]');
    await page.click('#share');
    const link = page.url();
    expect(link).toMatch(/time=16:45/);
    const camera = await page.evaluate(() => window.__jumeau.camera());
    const again = await open(link.slice(base.length));
    const restored = await again.page.evaluate(() => window.__jumeau.camera());
    for (let k = 0; k < 3; k++) {
      expect(restored.position[k]).toBeCloseTo(camera.position[k], 1);
      expect(restored.target[k]).toBeCloseTo(camera.target[k], 1);
    }
    expect(await again.page.inputValue('#date')).toBe('2025-03-30');
    expect(await again.page.inputValue('#time')).toBe('16:45');
    expect(await again.page.isChecked('#layer-roads')).toBe(true);
    expect(await again.page.isChecked('#layer-population')).toBe(false);
    expect(await again.page.getAttribute('body', 'data-selected')).toBe(String(fixture.tower));
    expect(await again.page.textContent('#building-source-id')).toBe('TOWER-1');
    expect([...errors, ...again.errors]).toEqual([]);
  });

  it('flies to a building found by id and to a place, and resets the view', async () => {
    const { page, errors } = await open('?t=fixture&date=2025-06-21&time=12:00');
    const home = await page.evaluate(() => window.__jumeau.camera());
    await page.fill('#search', 'TOWER-1');
    await page.press('#search', 'Enter');
    await page.waitForSelector('body[data-selected]');
    await page.waitForFunction(() => Math.hypot(window.__jumeau.camera().target[0] - 10, window.__jumeau.camera().target[1] - 10) < 0.01, null, { timeout: 10_000 });
    expect(await page.textContent('#building-source-id')).toBe('TOWER-1');
    await page.selectOption('#places', { index: 1 });
    const school = fixture.territory.equipment;
    await page.waitForFunction(([x, y]) => Math.hypot(window.__jumeau.camera().target[0] - x, window.__jumeau.camera().target[1] - y) < 0.01, [school.xy[0], school.xy[1]], { timeout: 10_000 });
    await page.click('#reset-view');
    await page.waitForFunction((h) => Math.hypot(...window.__jumeau.camera().position.map((v, k) => v - h.position[k])) < 0.01, home, { timeout: 10_000 });
    expect(errors).toEqual([]);
  });

  it.skipIf(!HAS_RODEZ)('displays real data (Rodez, BD TOPO): a building lands where its Lambert-93 footprint is, with its id, height and licence', async () => {
    const t = rodez!;
    const b = t.buildings;
    // The largest building within 400 m of the cathedral square whose footprint contains its centroid.
    const near = [1904, 1250];
    let best = -1;
    const c = [0, 0];
    for (let i = 0; i < b.count; i++) {
      featureCentroid(b.footprint, i, c);
      if (Math.hypot(c[0] - near[0], c[1] - near[1]) > 400 || !pointInFeature(b.footprint, i, c[0], c[1])) continue;
      if (best < 0 || b.footprintAreaM2[i] > b.footprintAreaM2[best]) best = i;
    }
    featureCentroid(b.footprint, best, c);
    const h = b.heightM[best];
    const { page, errors } = await open(`?t=rodez&cam=${c[0]},${c[1] - 1},${h + 250},${c[0]},${c[1]},${h}&date=2025-06-21&time=14:00`);
    await screenshot(page, 'viewer-rodez');
    expect(await page.isVisible('#synthetic-badge')).toBe(false);
    expect((await page.textContent('#stats'))!.replace(/\s/g, '')).toContain(`Buildings${b.count}`);
    const [x, y] = await page.evaluate((p) => window.__jumeau.project(p), [c[0], c[1], h] as [number, number, number]);
    await page.mouse.click(x, y);
    await page.waitForSelector('#building-panel:not([hidden])');
    expect(await page.textContent('#building-source-id')).toBe(b.sourceId[best]);
    expect((await page.textContent('tr[data-attr=heightM] td.value'))!.trim()).toBe(`${h.toFixed(1)} m`);
    const ds = t.datasets[b.dataset[best]];
    expect(await page.textContent('#building-dataset')).toBe(ds.title);
    expect(await page.textContent('#building .dataset')).toContain('Licence Ouverte');
    expect(errors).toEqual([]);
  });

  it('works the same without a worker (?worker=0)', async () => {
    const { page, errors } = await open('?t=fixture&worker=0&cam=-70,-120,110,10,10,15');
    expect(await page.evaluate(() => window.__jumeau.stats().inWorker)).toBe(false);
    const [x, y] = await page.evaluate(() => window.__jumeau.project([10, 10, 30]));
    await page.mouse.click(x, y);
    await page.waitForSelector('#building-panel:not([hidden])');
    expect(await page.textContent('#building-source-id')).toBe('TOWER-1');
    expect(errors).toEqual([]);
  });
});
