/**
 * The territory server: prepares a territory directory once (the tileset written by data/tiles, reused while
 * the territory and the code are unchanged, rebuilt when the territory changes), serves store and tiles under
 * versioned URLs, and refuses unknown territories, stale versions and paths leaving the territory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connect, ViteDevServer } from 'vite';
import { saveTerritory } from '../../data/store-node.ts';
import { tinyTerritory } from '../../data/test-fixtures.ts';
import { jumeauTerritories, territoriesFromEnv } from './plugin.ts';
import { TerritorySourceError, idForDir, parseSampleId, prepareTerritory } from './prepare.ts';

let root = '';
let territoryDir = '';
let cacheDir = '';
let server: Server;
let base = '';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'jumeau-viewer-server-'));
  territoryDir = join(root, 'tiny');
  cacheDir = join(root, 'cache', 'viewer');
  await saveTerritory(territoryDir, tinyTerritory().territory);
  const plugin = jumeauTerritories({ territories: { tiny: territoryDir }, cacheDir, samples: false });
  let mw: Connect.NextHandleFunction | null = null;
  (plugin.configureServer as unknown as (s: ViteDevServer) => void)({ middlewares: { use: (f: Connect.NextHandleFunction) => (mw = f) }, config: { logger: { info() {} } } } as unknown as ViteDevServer);
  server = createServer((req, res) =>
    mw!(req as Connect.IncomingMessage, res, () => {
      res.statusCode = 418;
      res.end('next');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('territory preparation', () => {
  it('tiles a territory once, reuses the cache, and rebuilds when the territory changes', async () => {
    const id = idForDir(territoryDir);
    const first = await prepareTerritory(id, { kind: 'dir', dir: territoryDir }, cacheDir);
    expect(first.cached).toBe(false);
    expect(first.buildings).toBe(4);
    expect(JSON.parse(readFileSync(join(first.tilesDir, 'tileset.json'), 'utf8')).asset.version).toBe('1.1');
    expect(readFileSync(join(cacheDir, '.gitignore'), 'utf8')).toBe('*\n');
    const again = await prepareTerritory(id, { kind: 'dir', dir: territoryDir }, cacheDir);
    expect(again).toMatchObject({ cached: true, version: first.version, tilesDir: first.tilesDir });
    appendFileSync(join(territoryDir, 'territory.json'), ' ');
    const rebuilt = await prepareTerritory(id, { kind: 'dir', dir: territoryDir }, cacheDir);
    expect(rebuilt.cached).toBe(false);
    expect(rebuilt.version).not.toBe(first.version);
  });

  it('names a directory that is not a territory, and parses sample ids', async () => {
    await expect(prepareTerritory('x', { kind: 'dir', dir: join(root, 'nope') }, cacheDir)).rejects.toThrow(TerritorySourceError);
    expect(() => territoriesFromEnv(root)).toThrow(/JUMEAU_TERRITORY .*not a territory directory \(no territory\.json\)/);
    expect(territoriesFromEnv(territoryDir)).toEqual({ tiny: territoryDir });
    expect(parseSampleId('sample-metropolis-7')).toEqual({ size: 'metropolis', seed: 7 });
    expect(parseSampleId('sample-huge-1')).toBeNull();
  });
});

describe('territory routes', () => {
  it('lists territories and describes one with versioned store and tileset URLs', async () => {
    expect(await (await fetch(`${base}/jumeau/territories.json`)).json()).toEqual({ default: 'tiny', territories: [{ id: 'tiny', kind: 'dir' }], samples: false });
    const info = await (await fetch(`${base}/jumeau/t/tiny/info.json`)).json();
    expect(info).toMatchObject({ id: 'tiny', name: 'tiny', buildings: 4, synthetic: false });
    const manifest = await fetch(`${base}${info.storeUrl}territory.json`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe('application/json');
    expect((await manifest.json()).counts['buildings.count']).toBe(4);
    const tileset = await (await fetch(`${base}${info.tilesetUrl}`)).json();
    const glb = await fetch(`${base}${info.tilesetUrl.replace('tileset.json', '')}${tileset.root.content.uri}`);
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    expect(new TextDecoder().decode(new Uint8Array(await glb.arrayBuffer()).subarray(0, 4))).toBe('glTF');
  });

  it('refuses unknown territories, stale versions, unknown files and paths out of the territory', async () => {
    const info = await (await fetch(`${base}/jumeau/t/tiny/info.json`)).json();
    const unknown = await fetch(`${base}/jumeau/t/sample-district-1/info.json`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/not served here/);
    expect((await fetch(`${base}/jumeau/t/tiny/0000000000/store/territory.json`)).status).toBe(410);
    expect((await fetch(`${base}${info.storeUrl}columns/nothing.f32`)).status).toBe(404);
    expect((await fetch(`${base}${info.storeUrl}..%2F..%2F..%2Fetc%2Fpasswd`)).status).toBe(403);
    expect((await fetch(`${base}/other`)).status).toBe(418);
  });
});
