/**
 * The 3D Tiles writer against independent truths: the Khronos glTF validator on every GLB, the 3D Tiles rules of
 * validate-tileset.ts (shown to catch hand-broken tilesets), ECEF placement against proj4's geocentric conversion,
 * and the geometry read back from the GLBs against the territory (roof area = footprint area with holes, walls
 * facing out, one feature per building, property table = territory arrays, geometric errors bounding what the
 * parents drop or simplify).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { validateBytes } from 'gltf-validator';
import { pointInFeature, type Territory } from '../../engine/territory.ts';
import { TerritoryBuilder } from '../builder.ts';
import { LAMBERT93_PROJ4, WGS84_PROJ4, frameForProjected } from '../frame.ts';
import { generateSample } from '../sample/index.ts';
import { rect } from '../test-fixtures.ts';
import { WGS84_A, WGS84_E2, WGS84_F, enuAxes, enuToEcef, geodeticToEcef, rootTransform, transformPoint } from './ecef.ts';
import { convexHull, hullDeviationM } from './mesh.ts';
import { NO_DATA } from './metadata.ts';
import { readTile, type ReadTile } from './read-tile.ts';
import { writeTilesetDir } from './tiles-node.ts';
import { buildTileset, type TileJson, type TilesetJson } from './tileset.ts';
import { validateTileset } from './validate-tileset.ts';

const GEOCENT = '+proj=geocent +datum=WGS84 +units=m +no_defs';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'jumeau-tiles-'));
const reverse = (r: number[]): number[] => r.flatMap((_, i) => (i % 2 ? [] : [r[r.length - 2 - i], r[r.length - 1 - i]]));

/** Eight buildings: a courtyard block (hole), an L, a two-part annex, a tower and four houses. */
function handMade(): Territory {
  const b = new TerritoryBuilder('hand-made', frameForProjected('EPSG:2154', 352000, 6789000));
  const ds = b.addDataset({ id: 'hand', title: 'Hand-made', producer: 'tests', licence: 'CC0', attribution: 'test data', themes: ['urbanism'], date: '2026', sourceCrs: 'EPSG:2154', source: 'tests', synthetic: false });
  const add = (sourceId: string, polygons: number[][][], heightM: number, use: 'residential' | 'activity' | 'annex' | 'public', extra = {}): void => {
    const r = b.addBuilding({ sourceId, dataset: ds, polygons, heightM, use, ...extra });
    if (!r.ok) throw new Error(r.reason);
  };
  add('court', [[rect(0, 0, 30, 30), reverse(rect(10, 10, 10, 10))]], 12, 'residential', { floors: 4, dwellings: 12 });
  add('L', [[[40, 0, 60, 0, 60, 10, 50, 10, 50, 20, 40, 20]]], 6, 'activity');
  add('two-parts', [[rect(70, 0, 5, 5)], [rect(80, 0, 5, 5)]], 3, 'annex');
  add('tower', [[rect(0, 40, 8, 8)]], 60, 'public', { floors: 20 });
  for (let k = 0; k < 4; k++) add(`house-${k}`, [[rect(40 + 10 * k, 40, 6, 6)]], 5, 'residential', k === 0 ? {} : { dwellings: 1 });
  return b.build();
}

/** Independent size of a building: max(footprint bounding-box diagonal, height). */
function sizeOf(t: Territory, i: number): number {
  const p = t.buildings.footprint;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let k = p.ringVertexStart[p.featureRingStart[i]]; k < p.ringVertexStart[p.featureRingStart[i + 1]]; k++) {
    [x0, x1] = [Math.min(x0, p.xy[2 * k]), Math.max(x1, p.xy[2 * k])];
    [y0, y1] = [Math.min(y0, p.xy[2 * k + 1]), Math.max(y1, p.xy[2 * k + 1])];
  }
  return Math.max(Math.hypot(x1 - x0, y1 - y0), t.buildings.heightM[i]);
}

/** Distance from (x, y) to building i's footprint (0 inside). */
function distanceToFootprint(t: Territory, i: number, x: number, y: number): number {
  const p = t.buildings.footprint;
  if (pointInFeature(p, i, x, y)) return 0;
  let d = Infinity;
  for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) {
    const a = p.ringVertexStart[r];
    const b = p.ringVertexStart[r + 1];
    for (let k = a; k < b; k++) {
      const n = k + 1 < b ? k + 1 : a;
      const [ax, ay, bx, by] = [p.xy[2 * k], p.xy[2 * k + 1], p.xy[2 * n], p.xy[2 * n + 1]];
      const s = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
      d = Math.min(d, Math.hypot(x - ax - s * (bx - ax), y - ay - s * (by - ay)));
    }
  }
  return d;
}

interface Checked {
  tileset: TilesetJson;
  tiles: Array<{ json: TileJson; tile: ReadTile; leaf: boolean; buildings: number[] }>;
  infos: Set<string>;
}

/** Writes the tileset of `t` and checks everything that must hold for any territory. */
async function tileAndCheck(t: Territory, maxBuildingsPerTile: number): Promise<Checked> {
  const dir = join(tmp(), 'tiles');
  const written = writeTilesetDir(dir, t, { maxBuildingsPerTile });
  const tileset: TilesetJson = JSON.parse(readFileSync(join(dir, 'tileset.json'), 'utf8'));
  const read = (uri: string): Uint8Array | null => (existsSync(join(dir, uri)) ? new Uint8Array(readFileSync(join(dir, uri))) : null);
  expect(validateTileset(tileset, { readContent: read })).toEqual([]);
  expect(tileset.asset.version).toBe('1.1');
  expect(tileset.root.refine).toBe('REPLACE');
  expect(tileset.root.transform).toEqual(rootTransform(t.frame));

  const tiles: Checked['tiles'] = [];
  const infos = new Set<string>();
  const leafCount = new Uint32Array(t.buildings.count);
  /** Walks the tree; returns the buildings of the subtree (from the leaves' property tables). */
  const walk = async (json: TileJson): Promise<Set<number>> => {
    const bytes = read(json.content!.uri)!;
    const report = await validateBytes(bytes, { uri: json.content!.uri, maxIssues: 0, writeTimestamp: false });
    expect(report.issues.numErrors, JSON.stringify(report.issues.messages.slice(0, 5))).toBe(0);
    expect(report.issues.numWarnings, JSON.stringify(report.issues.messages.slice(0, 5))).toBe(0);
    for (const m of report.issues.messages) infos.add(m.code);
    const tile = readTile(bytes);
    const leaf = !json.children;
    const ids = tile.table.building as number[];
    // One row per feature, one feature per building, every feature drawn, every vertex on its building.
    expect(tile.tableCount).toBe(tile.featureCount);
    expect(new Set(ids).size).toBe(ids.length);
    const drawn = new Uint8Array(ids.length);
    const box = json.boundingVolume.box;
    for (let v = 0; v < tile.featureIds.length; v++) {
      const f = tile.featureIds[v];
      expect(Number.isInteger(f) && f >= 0 && f < ids.length).toBe(true);
      drawn[f] = 1;
      const i = ids[f];
      const [x, y, z] = [tile.positions[3 * v], tile.positions[3 * v + 1], tile.positions[3 * v + 2]];
      const h = t.buildings.heightM[i];
      if (!(distanceToFootprint(t, i, x, y) < 0.01 && z > -0.001 && z < h + 0.001)) throw new Error(`${json.content!.uri}: vertex ${v} (${x}, ${y}, ${z}) is not on building ${i}`);
      // Inside the tile's box, from the decoded positions themselves.
      for (let c = 0; c < 3; c++) if (Math.abs([x, y, z][c] - box[c]) > box[3 + 4 * c] + 1e-6) throw new Error(`${json.content!.uri}: vertex ${v} outside the tile box`);
    }
    expect(drawn.every((d) => d === 1)).toBe(true);
    // Property table = territory arrays.
    const b = t.buildings;
    ids.forEach((i, j) => {
      expect(tile.table.sourceId[j]).toBe(b.sourceId[i]);
      expect(tile.table.heightM[j]).toBe(b.heightM[i]);
      expect(tile.table.floors[j]).toBe(b.floors[i]);
      expect(tile.table.use[j]).toBe(b.use[i]);
      expect(tile.table.period[j]).toBe(b.period[i]);
      expect(tile.table.heightRule[j]).toBe(b.heightRule[i]);
      expect(tile.table.dwellings[j]).toBe(Number.isNaN(b.dwellings[i]) ? NO_DATA : Math.fround(b.dwellings[i]));
      expect(tile.table.inhabitants[j]).toBe(Number.isNaN(b.inhabitants[i]) ? NO_DATA : Math.fround(b.inhabitants[i]));
      expect(tile.table.footprintAreaM2[j]).toBe(Math.fround(b.footprintAreaM2[i]));
    });
    checkFaces(t, tile, ids, leaf);
    const subtree = new Set<number>();
    if (leaf) {
      expect(json.geometricError).toBe(0);
      for (const i of ids) {
        leafCount[i]++;
        subtree.add(i);
      }
    } else {
      for (const c of json.children!) for (const i of await walk(c)) subtree.add(i);
      // The error bounds every building the parent leaves out …
      const kept = new Set(ids);
      for (const i of subtree) if (!kept.has(i)) expect(sizeOf(t, i)).toBeLessThanOrEqual(json.geometricError);
      // … and how far its simplified roofs stray from the real footprints.
      for (let k = 0; k < tile.indices.length; k += 3) {
        const v = [tile.indices[k], tile.indices[k + 1], tile.indices[k + 2]];
        const i = ids[tile.featureIds[v[0]]];
        const cx = (tile.positions[3 * v[0]] + tile.positions[3 * v[1]] + tile.positions[3 * v[2]]) / 3;
        const cy = (tile.positions[3 * v[0] + 1] + tile.positions[3 * v[1] + 1] + tile.positions[3 * v[2] + 1]) / 3;
        expect(distanceToFootprint(t, i, cx, cy)).toBeLessThanOrEqual(json.geometricError);
      }
    }
    tiles.push({ json, tile, leaf, buildings: ids });
    return subtree;
  };
  await walk(tileset.root);
  // The leaves hold every building exactly once.
  expect(leafCount.every((c) => c === 1)).toBe(true);
  let maxSize = 0;
  for (let i = 0; i < t.buildings.count; i++) maxSize = Math.max(maxSize, sizeOf(t, i));
  expect(tileset.geometricError).toBeGreaterThanOrEqual(maxSize);
  expect(written.stats.tiles).toBe(tiles.length);
  return { tileset, tiles, infos };
}

/**
 * Faces of a tile: roofs flat at the building height facing up, counter-clockwise seen from above, covering the
 * footprint (area equal in full detail: holes stay open); walls vertical, their winding agreeing with their
 * normals, facing out of the footprint.
 */
function checkFaces(t: Territory, tile: ReadTile, ids: number[], full: boolean): void {
  const P = tile.positions;
  const N = tile.normals;
  const roofArea = new Float64Array(ids.length);
  for (let k = 0; k < tile.indices.length; k += 3) {
    const [a, b, c] = [tile.indices[k], tile.indices[k + 1], tile.indices[k + 2]];
    const f = tile.featureIds[a];
    const i = ids[f];
    const u = [P[3 * b] - P[3 * a], P[3 * b + 1] - P[3 * a + 1], P[3 * b + 2] - P[3 * a + 2]];
    const w = [P[3 * c] - P[3 * a], P[3 * c + 1] - P[3 * a + 1], P[3 * c + 2] - P[3 * a + 2]];
    const g = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
    const len = Math.hypot(g[0], g[1], g[2]);
    expect(len).toBeGreaterThan(0);
    const n = [N[3 * a], N[3 * a + 1], N[3 * a + 2]];
    expect(Math.abs(Math.hypot(n[0], n[1], n[2]) - 1)).toBeLessThan(1e-6);
    // Winding (glTF front face) agrees with the normal.
    expect((g[0] * n[0] + g[1] * n[1] + g[2] * n[2]) / len).toBeGreaterThan(0.999);
    const cx = (P[3 * a] + P[3 * b] + P[3 * c]) / 3;
    const cy = (P[3 * a + 1] + P[3 * b + 1] + P[3 * c + 1]) / 3;
    if (n[2] > 0.5) {
      for (const v of [a, b, c]) expect(P[3 * v + 2]).toBeCloseTo(t.buildings.heightM[i], 4);
      roofArea[f] += len / 2;
      if (full) expect(pointInFeature(t.buildings.footprint, i, cx, cy)).toBe(true);
    } else if (full) {
      expect(Math.abs(n[2])).toBeLessThan(1e-6);
      // 5 cm out of the wall is outside the building, 5 cm in is inside.
      expect(pointInFeature(t.buildings.footprint, i, cx + 0.05 * n[0], cy + 0.05 * n[1])).toBe(false);
      expect(pointInFeature(t.buildings.footprint, i, cx - 0.05 * n[0], cy - 0.05 * n[1])).toBe(true);
    }
  }
  // Float32 positions relative to the tile centre are good to ~0.1 mm: allow 0.01 m² + 10⁻⁵ of the area.
  ids.forEach((i, f) => {
    const area = t.buildings.footprintAreaM2[i];
    const tol = 0.01 + 1e-5 * area;
    if (full) expect(Math.abs(roofArea[f] - area)).toBeLessThan(tol);
    else expect(roofArea[f]).toBeGreaterThan(area - tol); // hulls cover the footprint
  });
}

describe('ECEF placement', () => {
  it('matches the WGS84 definition and proj4 geocentric coordinates', () => {
    expect(geodeticToEcef(0, 0, 0)).toEqual([WGS84_A, 0, 0]);
    const [x90, y90] = geodeticToEcef(90, 0, 0);
    expect(Math.abs(x90)).toBeLessThan(1e-9);
    expect(y90).toBe(WGS84_A);
    expect(geodeticToEcef(0, 90, 0)[2]).toBeCloseTo(WGS84_A * (1 - WGS84_F), 6); // b = 6 356 752.314 m
    expect(WGS84_A * (1 - WGS84_F)).toBeCloseTo(6356752.314245, 5);
    for (const [lon, lat, h] of [[-1.6785, 48.1086, 45], [2.35, 48.85, 0], [-70.5, -33.4, 2500], [139.7, 35.7, -30], [179.9, 89.5, 1000]]) {
      const ref = proj4(WGS84_PROJ4, GEOCENT, [lon, lat, h]);
      const got = geodeticToEcef(lon, lat, h);
      for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - ref[k])).toBeLessThan(1e-4);
    }
  });

  it('ENU axes are orthonormal and up is the ellipsoid normal', () => {
    const m = enuToEcef(-1.6785, 48.1086, 30);
    const { east, north, up } = enuAxes(-1.6785, 48.1086);
    const d = (a: number[], b: number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    for (const [a, b, e] of [[east, east, 1], [north, north, 1], [up, up, 1], [east, north, 0], [east, up, 0], [north, up, 0]] as const) expect(d(a, b)).toBeCloseTo(e, 12);
    // Up is the gradient of x²/a² + y²/a² + z²/b² at the surface point.
    const p = geodeticToEcef(-1.6785, 48.1086, 0);
    const gr = [p[0], p[1], p[2] / (1 - WGS84_E2)];
    const gl = Math.hypot(gr[0], gr[1], gr[2]);
    for (let k = 0; k < 3; k++) expect(up[k]).toBeCloseTo(gr[k] / gl, 12);
    expect(transformPoint(m, 0, 0, 0)).toEqual(geodeticToEcef(-1.6785, 48.1086, 30));
  });

  it('the root transform puts local points where Lambert-93 → lon/lat → ECEF (proj4) does, up to the earth curvature', () => {
    const frame = frameForProjected('EPSG:2154', 352000, 6789000, 40);
    const m = rootTransform(frame);
    const plainEnu = enuToEcef(frame.originLon, frame.originLat, frame.originHeightM);
    const { east, north, up } = enuAxes(frame.originLon, frame.originLat);
    const s = Math.sin((frame.originLat * Math.PI) / 180);
    const w = Math.sqrt(1 - WGS84_E2 * s * s);
    const meanRadius = Math.sqrt(((WGS84_A * (1 - WGS84_E2)) / w ** 3) * (WGS84_A / w)); // √(M N), Gaussian radius
    let worstPlain = 0;
    for (const [x, y, z] of [[0, 0, 0], [700, 0, 0], [0, -700, 25], [-650, 480, 60], [500, 500, 10], [3000, -2000, 0]]) {
      const [lon, lat] = proj4(LAMBERT93_PROJ4, WGS84_PROJ4, [352000 + x, 6789000 + y]);
      const ref = proj4(WGS84_PROJ4, GEOCENT, [lon, lat, 40 + z]);
      const got = transformPoint(m, x, y, z);
      const diff = [got[0] - ref[0], got[1] - ref[1], got[2] - ref[2]];
      const d = (a: number[]): number => a[0] * diff[0] + a[1] * diff[1] + a[2] * diff[2];
      const dist = Math.hypot(x, y);
      expect(Math.abs(d(east))).toBeLessThan(0.01 * (1 + dist / 1000));
      expect(Math.abs(d(north))).toBeLessThan(0.01 * (1 + dist / 1000));
      // The local plane is tangent at the origin: d² / 2R above the ellipsoid (8 cm at 1 km).
      expect(Math.abs(d(up) - (dist * dist) / (2 * meanRadius))).toBeLessThan(0.01);
      const plain = transformPoint(plainEnu, x, y, z);
      worstPlain = Math.max(worstPlain, Math.hypot(plain[0] - ref[0], plain[1] - ref[1], plain[2] - ref[2]));
    }
    // Taking the Lambert-93 grid for east/north (3.4° of meridian convergence there) would be off by tens of metres.
    expect(worstPlain).toBeGreaterThan(30);
  });
});

describe('convex-hull simplification', () => {
  it('bounds the deviation of a hull from its footprint', () => {
    const t = handMade();
    const p = t.buildings.footprint;
    const dev = (i: number): number => {
      const n = p.ringVertexStart[p.featureRingStart[i + 1]] - p.ringVertexStart[p.featureRingStart[i]];
      const hull = new Uint32Array(n + 1);
      const h = convexHull(p.xy, p.ringVertexStart[p.featureRingStart[i]], p.ringVertexStart[p.featureRingStart[i + 1]], hull, new Uint32Array(n));
      return hullDeviationM(p, i, hull, h);
    };
    expect(dev(0)).toBeCloseTo(5, 9); // courtyard 10 × 10: its centre is 5 m from the walls
    expect(dev(1)).toBeCloseTo(10 / Math.SQRT2, 9); // L: inner corner 7.07 m below the hull edge (true distance 5 m)
    expect(dev(2)).toBeCloseTo(Math.hypot(15, 5) / 2, 9); // two parts: half the diagonal
    expect(dev(3)).toBe(0); // rectangle
  });
});

describe('3D Tiles writer', () => {
  it('writes a hand-made territory (hole, L, two-part building, tower) as a valid, georeferenced tileset', async () => {
    const t = handMade();
    const { tileset, tiles, infos } = await tileAndCheck(t, 2);
    // 8 buildings, 2 per tile: the root keeps the tower and the courtyard block as hulls; the L (28.3 m) is the
    // largest left out, more than the courtyard hull's 5 m.
    expect(tileset.root.children!.length).toBe(4);
    const root = tiles.find((x) => x.json === tileset.root)!;
    expect(root.buildings.map((i) => t.buildings.sourceId[i]).sort()).toEqual(['court', 'tower']);
    expect(tileset.root.geometricError).toBe(Math.ceil(Math.hypot(20, 20) * 1000) / 1000);
    expect(tileset.geometricError).toBe(60);
    // The courtyard block's roof (full detail) has the hole: 900 − 100 m², checked by checkFaces; its hull does not.
    const leafCourt = tiles.find((x) => x.leaf && x.buildings.includes(0))!;
    expect(leafCourt.tile.featureCount).toBeGreaterThanOrEqual(1);
    expect([...infos].sort()).toEqual(['UNSUPPORTED_EXTENSION', 'UNUSED_OBJECT']);
    // The same territory in one tile: a leaf root, error 0, tileset error = the largest building.
    const one = await tileAndCheck(t, 100);
    expect(one.tileset.root.children).toBeUndefined();
    expect(one.tileset.root.geometricError).toBe(0);
  });

  it('writes the district sample: every GLB passes the glTF validator, the tileset the 3D Tiles rules', async () => {
    const t = generateSample({ size: 'district', seed: 1 });
    const { tileset, tiles } = await tileAndCheck(t, 400);
    expect(tiles.length).toBeGreaterThan(5);
    const depth = (x: TileJson): number => 1 + Math.max(0, ...(x.children ?? []).map(depth));
    expect(depth(tileset.root)).toBeGreaterThanOrEqual(3);
    // Parents carry a real, decreasing error; leaves none.
    expect(tileset.root.geometricError).toBeGreaterThan(5);
    for (const c of tileset.root.children!) expect(c.geometricError).toBeLessThanOrEqual(tileset.root.geometricError);
  });

  it('is deterministic: the same territory gives byte-identical tiles', () => {
    const t = generateSample({ size: 'district', seed: 2 });
    const run = (): Map<string, Uint8Array> => {
      const out = new Map<string, Uint8Array>();
      const { tileset } = buildTileset(t, (uri, bytes) => out.set(uri, bytes), { maxBuildingsPerTile: 500 });
      out.set('tileset.json', new TextEncoder().encode(JSON.stringify(tileset)));
      return out;
    };
    const a = run();
    const b = run();
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [uri, bytes] of a) expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b.get(uri)!)), uri).toBe(0);
  });

  it('replaces an existing tileset and refuses a directory that holds something else', () => {
    const t = handMade();
    const dir = join(tmp(), 'out');
    writeTilesetDir(dir, t, { maxBuildingsPerTile: 2 });
    writeTilesetDir(dir, t, { maxBuildingsPerTile: 100 });
    expect(existsSync(join(dir, 'content', 'r0.glb'))).toBe(false); // the old children are gone
    expect(existsSync(join(dir, 'content', 'r.glb'))).toBe(true);
    const other = tmp();
    writeFileSync(join(other, 'notes.txt'), 'keep me');
    expect(() => writeTilesetDir(other, t)).toThrow(/not empty and holds no tileset.json/);
    expect(() => writeTilesetDir(join(tmp(), 'x'), t, { maxBuildingsPerTile: 0 })).toThrow(/maxBuildingsPerTile must be an integer ≥ 1/);
  });
});
