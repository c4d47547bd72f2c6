/**
 * The 3D Tiles checker catches what it claims to: hand-broken copies of a valid tileset (child outside its parent,
 * increasing geometric error, missing asset.version, missing root refine, content outside its tile, malformed
 * volumes and transforms) each give the expected error, and valid variants (child transforms, spheres) give none.
 */
import { describe, expect, it } from 'vitest';
import { generateSample } from '../sample/index.ts';
import { tinyTerritory } from '../test-fixtures.ts';
import { buildTileset, type TilesetJson } from './tileset.ts';
import { glbContentCorners, validateTileset, type TilesetIssue } from './validate-tileset.ts';

/** A valid tileset (tiny territory, 1 building per tile: a root and four leaves) with its contents in memory. */
function validTileset(): { tileset: TilesetJson; contents: Map<string, Uint8Array> } {
  const contents = new Map<string, Uint8Array>();
  const { tileset } = buildTileset(tinyTerritory().territory, (uri, bytes) => contents.set(uri, bytes), { maxBuildingsPerTile: 1 });
  return { tileset, contents };
}

/** Hand-broken tilesets are loose JSON on purpose (`any`): the checker must not rely on the writer's types. */
type Loose = any;

function check(mutate: (ts: Loose, contents: Map<string, Uint8Array>) => void): TilesetIssue[] {
  const { tileset, contents } = validTileset();
  const copy: Loose = structuredClone(tileset);
  mutate(copy, contents);
  return validateTileset(copy, { readContent: (uri) => contents.get(uri) ?? null });
}

const errorAt = (issues: TilesetIssue[], path: string, message: RegExp): void => {
  expect(issues.some((i) => i.severity === 'error' && i.path === path && message.test(i.message)), JSON.stringify(issues)).toBe(true);
};
const child = (ts: Loose, k = 0): Loose => ts.root.children[k];

describe('validateTileset', () => {
  it('passes the writer’s tilesets', () => {
    const { tileset, contents } = validTileset();
    expect(tileset.root.children!.length).toBe(4);
    expect(validateTileset(tileset, { readContent: (u) => contents.get(u) ?? null })).toEqual([]);
    const big = new Map<string, Uint8Array>();
    const { tileset: d } = buildTileset(generateSample({ size: 'district', seed: 3 }), (u, b) => big.set(u, b), { maxBuildingsPerTile: 300 });
    expect(validateTileset(d, { readContent: (u) => big.get(u) ?? null })).toEqual([]);
  });

  it('catches missing required fields', () => {
    errorAt(check((ts) => delete ts.asset.version), 'asset.version', /asset.version is required/);
    errorAt(check((ts) => delete ts.asset), 'asset', /asset is required/);
    errorAt(check((ts) => (ts.asset.version = '2.0')), 'asset.version', /unsupported 3D Tiles version/);
    errorAt(check((ts) => delete ts.geometricError), 'geometricError', /required/);
    errorAt(check((ts) => delete ts.root.refine), 'root.refine', /required on the root/);
    errorAt(check((ts) => (child(ts).refine = 'MERGE')), 'root.children[0].refine', /ADD or REPLACE/);
    errorAt(check((ts) => delete child(ts, 1).boundingVolume), 'root.children[1].boundingVolume', /required/);
    errorAt(check((ts) => delete child(ts, 2).geometricError), 'root.children[2].geometricError', /required/);
    errorAt(check((ts) => delete child(ts).content.uri), 'root.children[0].content', /uri is required/);
    errorAt(check((ts) => (child(ts).contents = [{ uri: 'x.glb' }])), 'root.children[0]', /must not both/);
    errorAt(check((ts) => (child(ts).children = [])), 'root.children[0].children', /non-empty/);
    errorAt(check((ts) => (ts.extensionsRequired = ['3DTILES_foo'])), 'extensionsRequired', /not in extensionsUsed/);
  });

  it('catches malformed bounding volumes and transforms', () => {
    errorAt(check((ts) => (child(ts).boundingVolume.box = child(ts).boundingVolume.box.slice(0, 11))), 'root.children[0].boundingVolume', /12 finite numbers/);
    errorAt(check((ts) => (child(ts).boundingVolume.sphere = [0, 0, 0, 10])), 'root.children[0].boundingVolume', /exactly one of box, region, sphere/);
    errorAt(check((ts) => (ts.root.boundingVolume = { region: [0, 1, 0.1, 0.5, 0, 10] })), 'root.boundingVolume', /south ≤ north/);
    errorAt(check((ts) => (ts.root.transform = ts.root.transform!.slice(0, 15))), 'root.transform', /16 finite numbers/);
    errorAt(check((ts) => (ts.root.transform![3] = 1)), 'root.transform', /affine/);
    errorAt(check((ts) => (ts.root.transform = [1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])), 'root.transform', /not invertible/);
  });

  it('catches geometric error increasing with depth', () => {
    errorAt(check((ts) => (child(ts, 3).geometricError = ts.root.geometricError + 10)), 'root.children[3].geometricError', /larger than its parent's/);
    errorAt(check((ts) => (ts.root.geometricError = ts.geometricError + 1)), 'root.geometricError', /tileset geometricError/);
  });

  it('catches a child outside its parent and content outside its tile', () => {
    errorAt(check((ts) => (child(ts).boundingVolume.box[0] += 1000)), 'root.children[0].boundingVolume', /outside its parent's/);
    errorAt(check((ts) => (child(ts).boundingVolume.box[3] *= 100)), 'root.children[0].boundingVolume', /outside its parent's/);
    errorAt(check((ts) => (ts.root.content!.boundingVolume!.box[2] += 50)), 'root.content.boundingVolume', /outside the tile's/);
    // A leaf box shrunk around unchanged geometry: the GLB's positions now stick out of both volumes.
    const shrunk = check((ts) => {
      for (const bv of [child(ts, 1).boundingVolume, child(ts, 1).content!.boundingVolume!]) for (const k of [3, 7]) bv.box[k] /= 2;
    });
    errorAt(shrunk, 'root.children[1].content', /geometry of content\/r1\.glb extends .* outside the content bounding volume/);
    errorAt(shrunk, 'root.children[1].content', /outside the tile bounding volume/);
    errorAt(check((_ts, contents) => contents.delete('content/r2.glb')), 'root.children[2].content', /not found/);
  });

  it('follows child transforms and compares spheres', () => {
    const ok = validTileset();
    const c = child(ok.tileset);
    // A child box moved by −100 m under a +100 m transform stays in place: valid (without its content, whose
    // GLB is not moved).
    delete c.content;
    c.boundingVolume.box[0] -= 100;
    c.transform = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 100, 0, 0, 1];
    expect(validateTileset(ok.tileset)).toEqual([]);
    // The same box without the transform sticks out by 100 m.
    delete c.transform;
    errorAt(validateTileset(ok.tileset), 'root.children[0].boundingVolume', /extends 100\.\d+ m outside its parent's/);
    // Spheres: inside the parent box is fine, too large is not (content left out: it is larger than 1 m).
    delete child(ok.tileset, 1).content;
    const b = child(ok.tileset, 1).boundingVolume.box;
    child(ok.tileset, 1).boundingVolume = { sphere: [b[0], b[1], b[2], 1] };
    expect(validateTileset(ok.tileset).filter((i) => i.path.startsWith('root.children[1]'))).toEqual([]);
    child(ok.tileset, 1).boundingVolume = { sphere: [b[0], b[1], b[2], 1e4] };
    errorAt(validateTileset(ok.tileset), 'root.children[1].boundingVolume', /outside its parent's/);
  });

  it('reads GLB bounds through node transforms and the y-up → z-up rotation', () => {
    const { tileset, contents } = validTileset();
    const corners = glbContentCorners(contents.get(tileset.root.content!.uri)!);
    const box = tileset.root.content!.boundingVolume!.box;
    // z-up: the lowest corner is the ground (z = 0), the highest a roof.
    const zs = corners.map((p) => p[2]);
    expect(Math.min(...zs)).toBeCloseTo(0, 6);
    expect(Math.max(...zs)).toBeGreaterThan(2);
    for (const p of corners) for (let k = 0; k < 3; k++) expect(Math.abs(p[k] - box[k])).toBeLessThanOrEqual(box[3 + 4 * k] + 1e-9);
  });
});
