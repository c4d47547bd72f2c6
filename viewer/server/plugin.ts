/**
 * Vite plugin serving territories to the viewer (dev server and `vite preview`):
 *
 *   GET /jumeau/territories.json                    the territories offered and the default one
 *   GET /jumeau/t/<id>/info.json                    prepares the territory once (prepare.ts) and describes it
 *   GET /jumeau/t/<id>/<version>/store/<file>       territory store files (territory.json, columns/, sql/)
 *   GET /jumeau/t/<id>/<version>/tiles/<file>       3D Tiles (tileset.json, content/*.glb)
 *
 * Territories: the directories given in the options or in `JUMEAU_TERRITORY` (several separated by the path
 * delimiter, ':' on Linux), plus the samples `sample-<size>-<seed>` made on demand. With no directory the
 * default is the sample district (seed 1). URLs carry the prepared files' version, so they are cached as
 * immutable and a rebuilt tileset is never mixed with a stale one.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delimiter, extname, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { DEFAULT_CACHE_DIR, TerritorySourceError, checkTerritoryDir, idForDir, parseSampleId, prepareTerritory, type PreparedTerritory, type TerritorySource } from './prepare.ts';

export const DEFAULT_TERRITORY_ID = 'sample-district-1';
export const ROUTE = '/jumeau/';

export interface JumeauTerritoryOptions {
  /** Territory directories by id. */
  territories?: Record<string, string>;
  /** Id opened when the page names none (default: the first directory, else the sample district). */
  defaultId?: string;
  cacheDir?: string;
  /** Offer the samples `sample-<size>-<seed>` on demand (default true). */
  samples?: boolean;
}

/** Territory directories from `JUMEAU_TERRITORY` (path-delimiter separated), checked now with a clear error. */
export function territoriesFromEnv(value: string | undefined = process.env.JUMEAU_TERRITORY): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of (value ?? '').split(delimiter).filter(Boolean)) {
    const abs = checkTerritoryDir(dir, 'JUMEAU_TERRITORY');
    let id = idForDir(abs);
    for (let k = 2; out[id] && out[id] !== abs; k++) id = `${idForDir(abs)}-${k}`;
    out[id] = abs;
  }
  return out;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.glb': 'model/gltf-binary',
  '.csv': 'text/csv; charset=utf-8',
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** Streams `rel` from inside `root`; refuses paths that leave it. */
function sendFile(req: IncomingMessage, res: ServerResponse, root: string, rel: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return send(res, 400, { error: `bad path ${rel}` });
  }
  const base = resolve(root);
  const p = resolve(base, decoded);
  if (!p.startsWith(base + sep)) return send(res, 403, { error: `${rel}: outside the territory` });
  if (!existsSync(p) || !statSync(p).isFile()) return send(res, 404, { error: `${rel}: no such file` });
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[extname(p)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(statSync(p).size));
  res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  if (req.method === 'HEAD') return void res.end();
  createReadStream(p).pipe(res);
}

export function jumeauTerritories(options: JumeauTerritoryOptions = {}): Plugin {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const dirs: Record<string, string> = { ...options.territories };
  for (const [id, dir] of Object.entries(dirs)) dirs[id] = checkTerritoryDir(dir, `territory "${id}"`);
  const samples = options.samples ?? true;
  const defaultId = options.defaultId ?? Object.keys(dirs)[0] ?? DEFAULT_TERRITORY_ID;
  const prepared = new Map<string, Promise<PreparedTerritory>>();
  let log = (msg: string): void => console.log(msg);

  const sourceOf = (id: string): TerritorySource | null => {
    if (dirs[id]) return { kind: 'dir', dir: dirs[id] };
    const s = samples || (id === defaultId && id === DEFAULT_TERRITORY_ID) ? parseSampleId(id) : null;
    return s ? { kind: 'sample', ...s } : null;
  };
  const prepare = (id: string, source: TerritorySource): Promise<PreparedTerritory> => {
    let p = prepared.get(id);
    if (!p) {
      p = prepareTerritory(id, source, cacheDir, (m) => log(`[jumeau] ${m}`));
      prepared.set(id, p);
      p.catch(() => prepared.delete(id));
    }
    return p;
  };

  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith(ROUTE)) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'only GET' });
    const rest = url.pathname.slice(ROUTE.length);
    if (rest === 'territories.json') {
      return send(res, 200, { default: defaultId, territories: Object.keys(dirs).map((id) => ({ id, kind: 'dir' })), samples });
    }
    const m = /^t\/([A-Za-z0-9_-]+)\/(.*)$/.exec(rest);
    if (!m) return send(res, 404, { error: `${url.pathname}: unknown route` });
    const [, id, tail] = m;
    const source = sourceOf(id);
    if (!source) return send(res, 404, { error: `territory "${id}" is not served here (offered: ${[...Object.keys(dirs), samples ? 'sample-<district|city|metropolis>-<seed>' : DEFAULT_TERRITORY_ID].join(', ')})` });
    prepare(id, source).then(
      (p) => {
        if (tail === 'info.json') {
          const base = `${ROUTE}t/${id}/${p.version}/`;
          return send(res, 200, { id, name: p.name, synthetic: p.synthetic, buildings: p.buildings, tiles: p.tiles, tilesBytes: p.tilesBytes, cached: p.cached, prepareMs: Math.round(p.prepareMs), storeUrl: `${base}store/`, tilesetUrl: `${base}tiles/tileset.json` });
        }
        const f = /^([0-9a-f]+)\/(store|tiles)\/(.+)$/.exec(tail);
        if (!f) return send(res, 404, { error: `${url.pathname}: unknown route` });
        if (f[1] !== p.version) return send(res, 410, { error: `${url.pathname}: territory "${id}" was prepared again (version ${p.version}); reload the page` });
        sendFile(req, res, f[2] === 'store' ? p.storeDir : p.tilesDir, f[3]);
      },
      (e: Error) => send(res, e instanceof TerritorySourceError ? 400 : 500, { error: `territory "${id}": ${e.message}` }),
    );
  };

  return {
    name: 'jumeau-territories',
    configureServer(server) {
      log = (msg) => server.config.logger.info(msg, { timestamp: true });
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      log = (msg) => server.config.logger.info(msg, { timestamp: true });
      server.middlewares.use(middleware);
    },
  };
}
