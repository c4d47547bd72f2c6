/**
 * Viewer smoke test: Vite serves the page, headless Chromium (Debian package, driven by playwright-core) loads it,
 * the worker generates the sample district and the page reports it ready with the SYNTHETIC badge shown and
 * the building count of the generator. Skipped with a message when no Chromium is installed (CI installs it).
 */
import { describe, expect, it, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type ViteDevServer } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { generateSample } from '../data/sample/index.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('viewer smoke test skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');

describe.skipIf(!CHROMIUM)('viewer (headless Chromium)', () => {
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the page and shows the synthetic sample district', async () => {
    server = await createServer({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, server: { port: 0, open: false }, logLevel: 'error' });
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    expect(url).toBeTruthy();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url!);
    await page.waitForSelector('body[data-ready]', { timeout: 90_000 });
    expect(errors).toEqual([]);
    const ready = await page.getAttribute('body', 'data-ready');
    expect(ready === 'true' ? 'ready' : await page.textContent('#status')).toBe('ready');
    expect(await page.isVisible('#synthetic-badge')).toBe(true);
    const expected = generateSample({ size: 'district', seed: 1 }).buildings.count;
    const shown = (await page.textContent('#stats'))!.replace(/\s/g, '');
    expect(shown).toContain(`Buildings${expected.toLocaleString('fr-FR').replace(/\s/g, '')}`);
    expect(await page.textContent('#sources')).toMatch(/Synthetic data/);
  });
});
