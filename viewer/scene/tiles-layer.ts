/**
 * The territory's buildings streamed from its 3D Tiles 1.1 tileset with 3d-tiles-renderer (data/tiles/README.md).
 *
 * Frame: the tileset's root transform places the local frame on the globe (ECEF); this layer's group applies its
 * inverse, so tiles land back in the local frame (x east, y north, z up, metres) the whole viewer works in.
 * Streaming: a least-recently-used tile cache with a byte budget; the renderer disposes a tile's geometry and
 * material when it leaves the cache. Features: each tile carries `EXT_mesh_features` ids and an
 * `EXT_structural_metadata` property table whose `building` column is the index in the territory, used to pick
 * a building and to restyle tiles (vertex colours from a per-building palette) without rebuilding them.
 */
import * as THREE from 'three';
import { TilesRenderer } from '3d-tiles-renderer';
import { GLTFExtensionsPlugin } from '3d-tiles-renderer/plugins';
import { BUILDING_COLOR, SELECTION_COLOR } from '../../workers/styles.ts';
import { SRGB_TO_LINEAR_U8 as L } from './color.ts';

/** Feature picked on a tile: the property-table row of the building under the pointer. */
export interface PickedBuilding {
  /** Index in the territory (property `building`). */
  building: number;
  sourceId: string;
  heightM: number;
  /** Every property of the row as the tile stores it. */
  properties: Record<string, unknown>;
  /** Hit point (local m). */
  point: [number, number, number];
}

export interface TileStats {
  /** `load-model` events since the tileset was opened (every tile content that reached the scene). */
  modelsLoaded: number;
  modelsDisposed: number;
  queued: number;
  downloading: number;
  parsing: number;
  failed: number;
  visible: number;
  /** Tile contents currently in the cache and their bytes (geometry as counted by the renderer). */
  cachedTiles: number;
  cachedBytes: number;
  budgetBytes: number;
  rootLoaded: boolean;
}

interface TableAccessor {
  count: number;
  getPropertyValue(name: string, id: number): unknown;
}
interface MetadataLike {
  tableAccessors: TableAccessor[];
  getPropertyTableData(table: number, id: number): Record<string, unknown>;
}
interface FeaturesLike {
  getFeatureInfo(): Array<{ propertyTable: number | null; attribute?: number }>;
  getFeatures(triangle: number, barycoord: THREE.Vector3): Array<number | null>;
}
interface TileMeshData {
  /** Building index of each feature id of the tile. */
  rows: Uint32Array;
  /** Feature id per vertex. */
  featureIds: ArrayLike<number>;
}

/**
 * Screen-space error (px) above which a tile is refined: half the renderer's default, so the sample district's
 * home view shows every building in full while a metropolis overview still stops at its coarse root.
 */
export const ERROR_TARGET_PX = 8;

export class TilesLayer {
  readonly tiles: TilesRenderer;
  /** Holds the tiles in the local frame (inverse of the tileset's root transform). */
  readonly group = new THREE.Group();
  private readonly materials = new Set<THREE.MeshLambertMaterial>();
  private readonly meshes = new Set<THREE.Mesh>();
  private palette: Uint8Array | null = null;
  private selected = -1;
  private opacity = 1;
  private modelsLoaded = 0;
  private modelsDisposed = 0;
  private rootLoaded = false;
  /** `modelsLoaded` when the traversal last ran: a model loaded since needs another traversal. */
  private loadedAtUpdate = -1;
  private readonly onError: (message: string) => void;

  constructor(tilesetUrl: string, camera: THREE.Camera, renderer: THREE.WebGLRenderer, opts: { budgetBytes: number; onChange: () => void; onError: (message: string) => void }) {
    this.onError = opts.onError;
    const tiles = new TilesRenderer(tilesetUrl);
    this.tiles = tiles;
    tiles.errorTarget = ERROR_TARGET_PX;
    tiles.registerPlugin(new GLTFExtensionsPlugin({ metadata: true, rtc: false, autoDispose: false }));
    tiles.registerPlugin({ name: 'JUMEAU_BUILDING_STYLE', processTileModel: (scene: THREE.Object3D) => this.prepareTile(scene) });
    const cache = tiles.lruCache;
    cache.maxBytesSize = opts.budgetBytes;
    cache.minBytesSize = Math.floor(opts.budgetBytes * 0.75);
    tiles.setCamera(camera);
    tiles.setResolutionFromRenderer(camera, renderer);
    tiles.group.matrixAutoUpdate = false;
    tiles.group.visible = false;
    this.group.add(tiles.group);
    tiles.addEventListener('load-root-tileset', ({ tileset }) => {
      const m = (tileset as { root?: { transform?: number[] } }).root?.transform;
      // Local frame = inverse of root.transform (local → ECEF); identity when the tileset has none.
      if (m && m.length === 16) tiles.group.matrix.fromArray(m).invert();
      tiles.group.matrixWorldNeedsUpdate = true;
      tiles.group.visible = true;
      this.rootLoaded = true;
      opts.onChange();
    });
    tiles.addEventListener('load-model', () => {
      this.modelsLoaded++;
      opts.onChange();
    });
    tiles.addEventListener('dispose-model', ({ scene }) => {
      this.modelsDisposed++;
      scene.traverse((o) => {
        const mesh = o as THREE.Mesh;
        this.meshes.delete(mesh);
        if (mesh.material) this.materials.delete(mesh.material as THREE.MeshLambertMaterial);
      });
    });
    tiles.addEventListener('needs-update', () => opts.onChange());
    tiles.addEventListener('load-error', ({ error, url }) => this.onError(`could not load ${String(url)}: ${error.message}`));
  }

  /** Per-tile preparation, before the renderer records what to dispose: our material, colours, shadows. */
  private prepareTile(scene: THREE.Object3D): void {
    scene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (!mesh.isMesh) return;
      const features = mesh.userData.meshFeatures as FeaturesLike | undefined;
      const metadata = mesh.userData.structuralMetadata as MetadataLike | undefined;
      const geometry = mesh.geometry as THREE.BufferGeometry;
      const info = features?.getFeatureInfo()[0];
      const table = info?.propertyTable ?? null;
      const fidAttr = info ? geometry.getAttribute(`_feature_id_${info.attribute ?? 0}`) : undefined;
      if (!features || !metadata || table === null || !fidAttr) {
        this.onError('a tile has no EXT_mesh_features / EXT_structural_metadata: buildings cannot be picked or restyled');
        return;
      }
      const accessor = metadata.tableAccessors[table];
      const rows = new Uint32Array(accessor.count);
      for (let j = 0; j < rows.length; j++) rows[j] = Number(accessor.getPropertyValue('building', j));
      const data: TileMeshData = { rows, featureIds: fidAttr.array as ArrayLike<number> };
      mesh.userData.jumeau = data;
      geometry.setAttribute('color', new THREE.BufferAttribute(new Uint8Array(fidAttr.count * 3), 3, true));
      this.colorMesh(mesh);
      (mesh.material as THREE.Material).dispose();
      const material = new THREE.MeshLambertMaterial({ vertexColors: true, transparent: this.opacity < 1, opacity: this.opacity });
      mesh.material = material;
      mesh.castShadow = true;
      mesh.receiveShadow = true;
      this.materials.add(material);
      this.meshes.add(mesh);
    });
  }

  private colorMesh(mesh: THREE.Mesh): void {
    const data = mesh.userData.jumeau as TileMeshData;
    const color = mesh.geometry.getAttribute('color') as THREE.BufferAttribute;
    const out = color.array as Uint8Array;
    const pal = this.palette;
    const [sr, sg, sb] = SELECTION_COLOR.map((c) => L[c]);
    const [dr, dg, db] = BUILDING_COLOR.map((c) => L[c]);
    for (let v = 0; v < color.count; v++) {
      const b = data.rows[data.featureIds[v]];
      const o = 3 * v;
      if (b === this.selected) {
        out[o] = sr;
        out[o + 1] = sg;
        out[o + 2] = sb;
      } else if (pal && 3 * b + 2 < pal.length) {
        out[o] = L[pal[3 * b]];
        out[o + 1] = L[pal[3 * b + 1]];
        out[o + 2] = L[pal[3 * b + 2]];
      } else {
        out[o] = dr;
        out[o + 1] = dg;
        out[o + 2] = db;
      }
    }
    color.needsUpdate = true;
  }

  /** Colours every building by a per-building RGB palette (null: the default colour) and highlights `selected`. */
  restyle(palette: Uint8Array | null, selected: number): void {
    this.palette = palette;
    this.selected = selected;
    for (const m of this.meshes) this.colorMesh(m);
  }

  select(selected: number): void {
    if (selected === this.selected) return;
    const previous = this.selected;
    this.selected = selected;
    for (const m of this.meshes) {
      const rows = (m.userData.jumeau as TileMeshData).rows;
      if (rows.includes(previous) || rows.includes(selected)) this.colorMesh(m);
    }
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    for (const m of this.materials) {
      m.opacity = opacity;
      m.transparent = opacity < 1;
      m.depthWrite = opacity >= 1;
      m.needsUpdate = true;
    }
  }

  setVisible(visible: boolean): void {
    this.group.visible = visible;
  }

  update(): void {
    this.tiles.update();
    this.loadedAtUpdate = this.modelsLoaded;
  }

  /** Nearest building under a ray, read from the tile's property table through its feature ids. */
  pick(raycaster: THREE.Raycaster): PickedBuilding | null {
    if (!this.group.visible) return null;
    const hits = raycaster.intersectObject(this.tiles.group, true);
    for (const hit of hits) {
      const mesh = hit.object as THREE.Mesh;
      const features = mesh.userData.meshFeatures as FeaturesLike | undefined;
      const metadata = mesh.userData.structuralMetadata as MetadataLike | undefined;
      if (!features || !metadata || hit.faceIndex == null || !hit.barycoord) continue;
      const fid = features.getFeatures(hit.faceIndex, hit.barycoord)[0];
      const table = features.getFeatureInfo()[0]?.propertyTable;
      if (fid === null || fid === undefined || table === null || table === undefined) continue;
      const properties = metadata.getPropertyTableData(table, fid);
      const p = this.group.worldToLocal(hit.point.clone());
      return { building: Number(properties.building), sourceId: String(properties.sourceId), heightM: Number(properties.heightM), properties, point: [p.x, p.y, p.z] };
    }
    return null;
  }

  /** Bounding box of the tileset in the local frame, once the root is loaded. */
  localBox(target: THREE.Box3): boolean {
    if (!this.tiles.getBoundingBox(target)) return false;
    target.applyMatrix4(this.tiles.group.matrix);
    return true;
  }

  stats(): TileStats {
    const s = (this.tiles as unknown as { stats: Record<string, number> }).stats;
    const cache = this.tiles.lruCache as unknown as { cachedBytes: number; itemSet: Map<unknown, unknown>; maxBytesSize: number };
    return {
      modelsLoaded: this.modelsLoaded,
      modelsDisposed: this.modelsDisposed,
      queued: s.queued,
      downloading: s.downloading,
      parsing: s.parsing,
      failed: s.failed,
      visible: this.tiles.visibleTiles.size,
      cachedTiles: cache.itemSet.size,
      cachedBytes: cache.cachedBytes,
      budgetBytes: cache.maxBytesSize,
      rootLoaded: this.rootLoaded,
    };
  }

  /** True when the last update left nothing to download or parse: the view is complete for this camera. */
  idle(): boolean {
    const s = this.stats();
    return s.rootLoaded && this.loadedAtUpdate === this.modelsLoaded && s.queued === 0 && s.downloading === 0 && s.parsing === 0 && (this.tiles as unknown as { stats: { refused: number } }).stats.refused === 0;
  }

  dispose(): void {
    this.group.removeFromParent();
    this.tiles.dispose();
    this.meshes.clear();
    this.materials.clear();
  }
}
