/** Writes a territory's 3D Tiles tileset to a directory (Node file system; tileset.ts does the work). */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Territory } from '../../engine/territory.ts';
import { buildTileset, type TilesetOptions, type TilesetResult } from './tileset.ts';

export class TilesetWriteError extends Error {
  override name = 'TilesetWriteError';
}

export interface WrittenTileset extends TilesetResult {
  /** Bytes written, tileset.json included. */
  bytes: number;
}

/**
 * Writes `tileset.json` and `content/*.glb` under `dir`. An existing tileset there is replaced as a whole (its
 * content folder is removed first, so no stale tile survives); a non-empty directory that holds no tileset is
 * refused rather than overwritten.
 */
export function writeTilesetDir(dir: string, t: Territory, opts: TilesetOptions = {}): WrittenTileset {
  const contentDir = opts.contentDir ?? 'content';
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new TilesetWriteError(`${dir}: exists and is not a directory`);
    if (existsSync(join(dir, 'tileset.json'))) rmSync(join(dir, contentDir), { recursive: true, force: true });
    else if (readdirSync(dir).length) throw new TilesetWriteError(`${dir}: not empty and holds no tileset.json; choose an empty or new directory`);
  }
  mkdirSync(join(dir, contentDir), { recursive: true });
  let bytes = 0;
  const made = new Set<string>();
  const result = buildTileset(
    t,
    (uri, data) => {
      const p = join(dir, uri);
      const d = dirname(p);
      if (!made.has(d)) {
        mkdirSync(d, { recursive: true });
        made.add(d);
      }
      writeFileSync(p, data);
      bytes += data.byteLength;
    },
    opts,
  );
  const json = JSON.stringify(result.tileset, null, 1);
  writeFileSync(join(dir, 'tileset.json'), json);
  bytes += Buffer.byteLength(json);
  return { ...result, bytes };
}
