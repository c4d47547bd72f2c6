/**
 * Node side of the viewer: makes what the page needs for a territory, once, in a cache directory.
 *
 * - A territory directory (a store written by `jumeau import` / `jumeau sample`): its 3D Tiles tileset is written
 *   to `<cache>/tiles-<hash of the path>/` (data/tiles/tiles-node.ts); the store itself is served in place.
 * - A sample (`sample-<size>-<seed>`): the territory is generated (data/sample) and stored, then tiled, under
 *   `<cache>/sample-<size>-<seed>/`.
 *
 * A `stamp.json` written last records what the cache was made from (SHA-256 of the territory manifest, or the
 * sample parameters, and of the source of the code that makes it); a stamp that differs or is missing (an
 * interrupted run) makes the entry be rebuilt from scratch. Tiling never runs in the browser.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSample } from '../../data/sample/index.ts';
import { loadTerritory, saveTerritory } from '../../data/store-node.ts';
import { writeTilesetDir } from '../../data/tiles/tiles-node.ts';

export type SampleSize = 'district' | 'city' | 'metropolis';
export const SAMPLE_SIZES: readonly SampleSize[] = ['district', 'city', 'metropolis'];

export type TerritorySource = { kind: 'dir'; dir: string } | { kind: 'sample'; size: SampleSize; seed: number };

export interface PreparedTerritory {
  id: string;
  name: string;
  synthetic: boolean;
  buildings: number;
  /** Directory of the territory store (territory.json, columns/, sql/). */
  storeDir: string;
  /** Directory of the tileset (tileset.json, content/). */
  tilesDir: string;
  /** Short hash of the stamp: changes whenever the prepared files change (used in URLs for caching). */
  version: string;
  tiles: number;
  tilesBytes: number;
  /** True when the cache was reused. */
  cached: boolean;
  prepareMs: number;
}

export class TerritorySourceError extends Error {
  override name = 'TerritorySourceError';
}

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Default cache directory (its own .gitignore keeps it out of version control). */
export const DEFAULT_CACHE_DIR = join(REPO_ROOT, '.cache', 'viewer');

/** Parses `sample-<size>-<seed>`; null for any other id. */
export function parseSampleId(id: string): { size: SampleSize; seed: number } | null {
  const m = /^sample-(district|city|metropolis)-(\d{1,9})$/.exec(id);
  return m ? { size: m[1] as SampleSize, seed: Number(m[2]) } : null;
}

/** Checks a territory directory early, with a message that says how to make one. */
export function checkTerritoryDir(dir: string, from = 'territory'): string {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new TerritorySourceError(`${from} ${dir}: no such directory (make one with \`npx jumeau import bdtopo <dir> --out ${dir}\` or \`npx jumeau sample --out ${dir}\`)`);
  if (!existsSync(join(abs, 'territory.json'))) throw new TerritorySourceError(`${from} ${dir}: not a territory directory (no territory.json); make one with \`npx jumeau import …\` or \`npx jumeau sample\``);
  return abs;
}

/** Id of a territory directory in URLs: its folder name, made URL-safe. */
export function idForDir(dir: string): string {
  const base = basename(resolve(dir)).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'territory';
  return parseSampleId(base) ? `dir-${base}` : base;
}

let codeHashMemo: string | null = null;
/** SHA-256 of the non-test TypeScript sources of data/ and engine/ (what generates, stores and tiles). */
export function codeHash(): string {
  if (codeHashMemo) return codeHashMemo;
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) h.update(relative(REPO_ROOT, p)).update(readFileSync(p));
    }
  };
  walk(join(REPO_ROOT, 'data'));
  walk(join(REPO_ROOT, 'engine'));
  codeHashMemo = h.digest('hex');
  return codeHashMemo;
}

const sha = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

interface Stamp {
  source: string;
  manifestSha256: string;
  code: string;
  name: string;
  synthetic: boolean;
  buildings: number;
  tiles: number;
  tilesBytes: number;
}

function readStamp(dir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

function ensureCacheRoot(cacheDir: string): void {
  mkdirSync(cacheDir, { recursive: true });
  // Keep every prepared file out of version control without touching the repository's .gitignore.
  const top = resolve(cacheDir, '..');
  if (basename(top) === '.cache' && !existsSync(join(top, '.gitignore'))) writeFileSync(join(top, '.gitignore'), '*\n');
  if (!existsSync(join(cacheDir, '.gitignore'))) writeFileSync(join(cacheDir, '.gitignore'), '*\n');
}

/** Prepares (or reuses) the store and tileset of a territory source. */
export async function prepareTerritory(id: string, source: TerritorySource, cacheDir = DEFAULT_CACHE_DIR, log: (msg: string) => void = () => {}): Promise<PreparedTerritory> {
  const t0 = performance.now();
  ensureCacheRoot(cacheDir);
  const code = codeHash();
  let entry: string;
  let storeDir: string;
  let sourceKey: string;
  let manifestSha = '';
  if (source.kind === 'dir') {
    storeDir = checkTerritoryDir(source.dir);
    const real = realpathSync(storeDir);
    sourceKey = `dir:${real}`;
    entry = join(cacheDir, `tiles-${idForDir(real)}-${sha(real).slice(0, 12)}`);
    manifestSha = sha(readFileSync(join(storeDir, 'territory.json')));
  } else {
    if (!SAMPLE_SIZES.includes(source.size) || !Number.isInteger(source.seed) || source.seed < 0) throw new TerritorySourceError(`sample: size must be one of ${SAMPLE_SIZES.join(', ')} and seed a non-negative integer, got ${source.size} / ${source.seed}`);
    sourceKey = `sample:${source.size}:${source.seed}`;
    entry = join(cacheDir, `sample-${source.size}-${source.seed}`);
    storeDir = join(entry, 'territory');
  }
  const tilesDir = join(entry, 'tiles');
  const stamp = readStamp(entry);
  const currentManifest = source.kind === 'dir' ? manifestSha : existsSync(join(storeDir, 'territory.json')) ? sha(readFileSync(join(storeDir, 'territory.json'))) : '';
  if (stamp && stamp.source === sourceKey && stamp.code === code && stamp.manifestSha256 === currentManifest && existsSync(join(tilesDir, 'tileset.json'))) {
    return { id, name: stamp.name, synthetic: stamp.synthetic, buildings: stamp.buildings, storeDir, tilesDir, version: sha(JSON.stringify(stamp)).slice(0, 10), tiles: stamp.tiles, tilesBytes: stamp.tilesBytes, cached: true, prepareMs: performance.now() - t0 };
  }
  rmSync(entry, { recursive: true, force: true });
  mkdirSync(entry, { recursive: true });
  let territory;
  if (source.kind === 'sample') {
    log(`generating the ${source.size} sample (seed ${source.seed})…`);
    territory = generateSample({ size: source.size, seed: source.seed });
    await saveTerritory(storeDir, territory);
    manifestSha = sha(readFileSync(join(storeDir, 'territory.json')));
  } else {
    territory = (await loadTerritory(storeDir)).territory;
  }
  log(`tiling ${territory.buildings.count.toLocaleString('en-US')} buildings of ${territory.name}…`);
  const written = writeTilesetDir(tilesDir, territory);
  const next: Stamp = { source: sourceKey, manifestSha256: manifestSha, code, name: territory.name, synthetic: territory.synthetic, buildings: territory.buildings.count, tiles: written.stats.tiles, tilesBytes: written.bytes };
  writeFileSync(join(entry, 'stamp.json'), JSON.stringify(next, null, 1));
  const ms = performance.now() - t0;
  log(`${territory.name}: ${written.stats.tiles} tiles, ${(written.bytes / 1e6).toFixed(1)} MB, ready in ${(ms / 1000).toFixed(1)} s (cached in ${entry})`);
  return { id, name: territory.name, synthetic: territory.synthetic, buildings: territory.buildings.count, storeDir, tilesDir, version: sha(JSON.stringify(next)).slice(0, 10), tiles: written.stats.tiles, tilesBytes: written.bytes, cached: false, prepareMs: ms };
}
