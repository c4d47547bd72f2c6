/**
 * A territory's buildings as a 3D Tiles 1.1 tileset (OGC 3D Tiles 1.1, community standard 22-025r4): the tile
 * tree of hierarchy.ts, one GLB per tile (glb.ts) handed to a sink as it is made, and the `tileset.json` object.
 * Pure (no I/O): tiles-node.ts writes the files; a worker can collect the contents instead.
 *
 * Frames: bounding volumes are boxes in the territory's local frame (x east, y north, z up, metres from the
 * origin; z = 0 is the ground at the origin height), which the root `transform` places on the WGS84 ellipsoid
 * (ecef.ts). GLB contents are y-up and 3D Tiles clients turn them z-up, so content (x, z, −y) lands on local
 * (x, y, z). Refinement is REPLACE everywhere: a parent's simplified buildings are replaced by its children's.
 */
import type { LocalFrame, Territory } from '../../engine/territory.ts';
import { rootTransform } from './ecef.ts';
import { writeTileGlb } from './glb.ts';
import { DEFAULT_MAX_BUILDINGS_PER_TILE, buildTileTree, type TileNode, type TileTree } from './hierarchy.ts';
import { buildTileMesh } from './mesh.ts';
import { METADATA_CLASS, buildingSchema, encodePropertyTable } from './metadata.ts';

export interface TilesetOptions {
  /** Most buildings in one tile (leaves: all of theirs in full; parents: their largest). Default 2000. */
  maxBuildingsPerTile?: number;
  /** Folder of the GLB files, relative to tileset.json (default `content`). */
  contentDir?: string;
}

/** Receives each tile's GLB under its URI (relative to tileset.json) as soon as it is made. */
export type ContentSink = (uri: string, bytes: Uint8Array) => void;

export interface BoundingVolumeJson {
  box: number[];
}

export interface TileJson {
  boundingVolume: BoundingVolumeJson;
  geometricError: number;
  refine?: 'ADD' | 'REPLACE';
  transform?: number[];
  content?: { uri: string; boundingVolume?: BoundingVolumeJson };
  children?: TileJson[];
}

export interface TilesetJson {
  asset: { version: string; generator?: string; tilesetVersion?: string };
  geometricError: number;
  root: TileJson;
  extras?: Record<string, unknown>;
}

export interface TilesetStats {
  buildings: number;
  tiles: number;
  leaves: number;
  /** Levels below the root. */
  depth: number;
  contentBytes: number;
  vertices: number;
  triangles: number;
  geometricErrorM: number;
}

export interface TilesetResult {
  tileset: TilesetJson;
  tree: TileTree;
  stats: TilesetStats;
}

/** 3D Tiles `box`: centre then the three half-axis vectors, from [minX, minY, minZ, maxX, maxY, maxZ]. */
export function boxJson(b: ArrayLike<number>): number[] {
  const c = (k: number): number => (b[k] + b[k + 3]) / 2;
  const h = (k: number): number => (b[k + 3] - b[k]) / 2;
  return [c(0), c(1), c(2), h(0), 0, 0, 0, h(1), 0, 0, 0, h(2)];
}

/** File name of a tile's content: `r` followed by the child digits from the root. */
export function contentUri(node: TileNode, contentDir = 'content'): string {
  return `${contentDir}/r${node.path}.glb`;
}

/** Builds the tileset: GLB contents go to `sink`, the tileset.json object is returned with the tree and counts. */
export function buildTileset(t: Territory, sink: ContentSink, opts: TilesetOptions = {}): TilesetResult {
  const tree = buildTileTree(t.buildings, opts.maxBuildingsPerTile ?? DEFAULT_MAX_BUILDINGS_PER_TILE);
  const schema = buildingSchema(t);
  const stats: TilesetStats = { buildings: t.buildings.count, tiles: 0, leaves: 0, depth: 0, contentBytes: 0, vertices: 0, triangles: 0, geometricErrorM: 0 };

  const visit = (node: TileNode): TileJson => {
    const children = node.children.map(visit);
    const cb = node.contentBox;
    const centre = [(cb[0] + cb[3]) / 2, (cb[1] + cb[4]) / 2, (cb[2] + cb[5]) / 2];
    const mesh = buildTileMesh(t.buildings, node.content, node.full, centre);
    const glb = writeTileGlb({
      mesh,
      translation: [centre[0], centre[2], -centre[1]],
      featureCount: node.content.length,
      schema,
      columns: encodePropertyTable(t, node.content),
    });
    const uri = contentUri(node, opts.contentDir);
    sink(uri, glb);
    stats.tiles++;
    if (node.full) stats.leaves++;
    stats.depth = Math.max(stats.depth, node.level);
    stats.contentBytes += glb.byteLength;
    stats.vertices += mesh.vertexCount;
    stats.triangles += mesh.indices.length / 3;
    let geometricError = node.full ? 0 : Math.max(node.droppedSizeM, mesh.simplificationErrorM);
    for (const c of children) geometricError = Math.max(geometricError, c.geometricError);
    const tile: TileJson = {
      boundingVolume: { box: boxJson(node.box) },
      geometricError: round3(geometricError),
      content: { uri, boundingVolume: { box: boxJson(node.contentBox) } },
    };
    if (children.length) tile.children = children;
    return tile;
  };

  const root = visit(tree.root);
  const withFrame: TileJson = { transform: rootTransform(t.frame), ...root, refine: 'REPLACE' };
  const geometricError = Math.max(root.geometricError, round3(tree.maxSizeM));
  stats.geometricErrorM = geometricError;
  const tileset: TilesetJson = {
    asset: { version: '1.1', generator: 'Jumeau 3D Tiles writer' },
    geometricError,
    root: withFrame,
    extras: { jumeau: tilesetExtras(t, tree) },
  };
  return { tileset, tree, stats };
}

/** Rounds up to the millimetre (geometric errors stay upper bounds and compare exactly between tiles). */
function round3(x: number): number {
  return Math.ceil(x * 1000) / 1000;
}

function tilesetExtras(t: Territory, tree: TileTree): { territory: string; synthetic: boolean; buildings: number; maxBuildingsPerTile: number; featureClass: string; frame: LocalFrame; note: string } {
  return {
    territory: t.name,
    synthetic: t.synthetic,
    buildings: t.buildings.count,
    maxBuildingsPerTile: tree.maxBuildingsPerTile,
    featureClass: METADATA_CLASS,
    frame: t.frame,
    note: 'bounding volumes and contents are in the territory local frame (x east, y north, z up, m); root.transform maps it to ECEF',
  };
}
