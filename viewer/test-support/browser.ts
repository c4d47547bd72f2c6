/**
 * Headless Chromium for the viewer's tests and benchmark: Debian's /usr/bin/chromium driven by playwright-core
 * with the flags that work on this kind of machine (../shared/TOOLCHAIN.md § Headless Chromium), a Vite server
 * for the viewer with the territories to serve, and small pixel helpers over decoded screenshots.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import viteConfig from '../../vite.config.ts';
import { jumeauTerritories, type JumeauTerritoryOptions } from '../server/plugin.ts';
import { decodePng, type RgbaImage } from './png.ts';
import type { ProgressEvent, ScenarioRunRecord, ScenarioRunSummary } from '../../workers/scenario-api.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = join(REPO_ROOT, '.tmp', 'screenshots');
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** A Vite dev server for the viewer (the project's config) serving the given territories. */
export async function startViewerServer(opts: JumeauTerritoryOptions): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    ...viteConfig,
    configFile: false,
    root: join(REPO_ROOT, 'viewer'),
    plugins: [jumeauTerritories(opts)],
    // No file watching or HMR: an edit elsewhere in the repository must never reload a page under test.
    server: { ...viteConfig.server, port: 0, open: false, hmr: false, watch: null },
    logLevel: 'error',
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite server has no local URL');
  return { server, url };
}

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('no Chromium at /usr/bin/chromium (apt-get install -y chromium)');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page that records console errors and uncaught exceptions. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('body[data-ready]', { timeout: 90_000 });
  const ready = await page.getAttribute('body', 'data-ready');
  if (ready !== 'true') throw new Error(`the viewer did not open: ${await page.textContent('#status')}\n${errors.join('\n')}`);
  return { page, errors };
}

/** Waits until the view is complete (every tile needed drawn, no frame pending), then for one more frame. */
export async function waitComplete(page: Page, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  let streak = 0;
  while (streak < 2) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`view not complete after ${timeoutMs} ms: ${JSON.stringify(await page.evaluate(() => window.__jumeau.stats()))}`);
    streak = (await page.evaluate(() => window.__jumeau.stats().idle)) ? streak + 1 : 0;
    await page.waitForTimeout(60);
  }
  await nextFrames(page);
}

/** Lets the page draw two animation frames (a change requested now is on screen after them). */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
}

export async function screenshot(page: Page, name: string): Promise<{ path: string; image: RgbaImage }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const bytes = await page.screenshot();
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  writeFileSync(path, bytes);
  return { path, image: decodePng(new Uint8Array(bytes)) };
}

export interface Region {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Pixels of region `r` where the two images differ by more than `threshold` on some channel. */
export function changedPixels(a: RgbaImage, b: RgbaImage, r: Region, threshold = 24): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let y = r.y0; y < r.y1; y++)
    for (let x = r.x0; x < r.x1; x++) {
      const o = 4 * (y * a.width + x);
      if (Math.abs(a.data[o] - b.data[o]) > threshold || Math.abs(a.data[o + 1] - b.data[o + 1]) > threshold || Math.abs(a.data[o + 2] - b.data[o + 2]) > threshold) out.push([x, y]);
    }
  return out;
}

export const area = (r: Region): number => (r.x1 - r.x0) * (r.y1 - r.y0);

/** Mean Rec. 709 luma of the pixels of `img` inside a screen polygon. */
export function meanLuma(img: RgbaImage, polygon: Array<[number, number]>): { luma: number; pixels: number } {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= Math.min(img.height - 1, Math.ceil(Math.max(...ys))); y++)
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x <= Math.min(img.width - 1, Math.ceil(Math.max(...xs))); x++) {
      if (!inside(polygon, x, y)) continue;
      const o = 4 * (y * img.width + x);
      sum += 0.2126 * img.data[o] + 0.7152 * img.data[o + 1] + 0.0722 * img.data[o + 2];
      n++;
    }
  return { luma: n ? sum / n : NaN, pixels: n };
}

/** Even–odd test of a screen point against a polygon. */
export function inside(poly: Array<[number, number]>, x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

declare global {
  interface Window {
    __jumeau: {
      stats(): { idle: boolean; ready: boolean; errors: string[]; inWorker: boolean | null; tiles: Record<string, number | boolean> | null; frames: { frames: number; recentFrameMs: number[] } | null; geometries: number; textures: number; jsHeapBytes: number | null };
      project(p: [number, number, number]): [number, number];
      pickAt(x: number, y: number): { building: number; sourceId: string; heightM: number } | null;
      camera(): { position: [number, number, number]; target: [number, number, number] };
      setCamera(c: { position: [number, number, number]; target: [number, number, number] }): void;
      orbit(frames: number, degPerFrame?: number): Promise<void>;
      bboxLocal(): [number, number, number, number];
      setContinuous(on: boolean): void;
      runScenario(scenario: unknown, opts?: { cancelAtStage?: string; targets?: string[] }): Promise<{ summary: ScenarioRunSummary | null; events: ProgressEvent[]; error: { name: string; message: string } | null; ms: number }>;
      lastScenarioRun(): Promise<ScenarioRunRecord | null>;
    };
    __pwned?: unknown;
  }
}
