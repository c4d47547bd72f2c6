/**
 * GLB (binary glTF 2.0) container of one tile: a single mesh primitive with POSITION, NORMAL and the
 * `_FEATURE_ID_0` attribute, `EXT_mesh_features` mapping it to the `EXT_structural_metadata` property table of
 * the tile's buildings.
 *
 * Layout (glTF 2.0 § 4.4): 12-byte header (magic "glTF", version 2, total length), a JSON chunk padded with
 * spaces and a BIN chunk padded with zeros, both to 4 bytes. Buffer views start on 8-byte boundaries (vertex
 * attributes need 4, `EXT_structural_metadata` asks 8 for property table columns). Feature ids are Float32: glTF
 * forbids unsigned-int vertex attributes for application-specific semantics, and 8/16-bit ones would need a
 * padded stride (vertex attributes align to 4 bytes), so Float32 costs the same and is exact below 2²⁴.
 */
import type { TileMesh } from './mesh.ts';
import { METADATA_CLASS, type EncodedColumn, type MetadataSchema } from './metadata.ts';

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const UNSIGNED_SHORT = 5123;
const UNSIGNED_INT = 5125;
const TRIANGLES = 4;

/** Default surface of buildings (light stone), matte. */
export const BUILDING_COLOR: readonly [number, number, number, number] = [0.8, 0.78, 0.74, 1];

export interface TileGlbInput {
  mesh: TileMesh;
  /** Node translation (glTF frame): the tile centre (x, z, −y) in the tileset frame. */
  translation: [number, number, number];
  featureCount: number;
  schema: MetadataSchema;
  columns: EncodedColumn[];
  generator?: string;
}

class BinLayout {
  readonly views: Array<{ buffer: 0; byteOffset: number; byteLength: number; target?: number }> = [];
  private readonly parts: Array<{ offset: number; bytes: Uint8Array }> = [];
  length = 0;
  add(bytes: Uint8Array, target?: number): number {
    this.length = (this.length + 7) & ~7;
    this.parts.push({ offset: this.length, bytes });
    this.views.push(target ? { buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength, target } : { buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength });
    this.length += bytes.byteLength;
    return this.views.length - 1;
  }
  copyInto(out: Uint8Array, at: number): void {
    for (const p of this.parts) out.set(p.bytes, at + p.offset);
  }
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Encodes a tile as GLB bytes. */
export function writeTileGlb(input: TileGlbInput): Uint8Array {
  const { mesh } = input;
  const bin = new BinLayout();
  const accessors: Array<Record<string, unknown>> = [];
  const accessor = (view: number, componentType: number, type: string, count: number, extra: Record<string, unknown> = {}): number => {
    accessors.push({ bufferView: view, componentType, count, type, ...extra });
    return accessors.length - 1;
  };
  const position = accessor(bin.add(bytesOf(mesh.positions), ARRAY_BUFFER), FLOAT, 'VEC3', mesh.vertexCount, { min: mesh.min, max: mesh.max });
  const normal = accessor(bin.add(bytesOf(mesh.normals), ARRAY_BUFFER), FLOAT, 'VEC3', mesh.vertexCount);
  const feature = accessor(bin.add(bytesOf(mesh.featureIds), ARRAY_BUFFER), FLOAT, 'SCALAR', mesh.vertexCount);
  const indices = accessor(bin.add(bytesOf(mesh.indices), ELEMENT_ARRAY_BUFFER), mesh.indices instanceof Uint16Array ? UNSIGNED_SHORT : UNSIGNED_INT, 'SCALAR', mesh.indices.length);
  const properties: Record<string, Record<string, unknown>> = {};
  for (const c of input.columns) {
    const values = bin.add(c.values);
    properties[c.name] = c.stringOffsets ? { values, stringOffsets: bin.add(c.stringOffsets), stringOffsetType: 'UINT32' } : { values };
  }
  const gltf = {
    asset: { version: '2.0', generator: input.generator ?? 'Jumeau 3D Tiles writer' },
    extensionsUsed: ['EXT_mesh_features', 'EXT_structural_metadata'],
    extensions: {
      EXT_structural_metadata: {
        schema: input.schema,
        propertyTables: [{ name: 'buildings', class: METADATA_CLASS, count: input.featureCount, properties }],
      },
    },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name: 'buildings', mesh: 0, translation: input.translation }],
    meshes: [
      {
        name: 'buildings',
        primitives: [
          {
            attributes: { POSITION: position, NORMAL: normal, _FEATURE_ID_0: feature },
            indices,
            material: 0,
            mode: TRIANGLES,
            extensions: { EXT_mesh_features: { featureIds: [{ featureCount: input.featureCount, attribute: 0, propertyTable: 0 }] } },
          },
        ],
      },
    ],
    materials: [{ name: 'building', pbrMetallicRoughness: { baseColorFactor: [...BUILDING_COLOR], metallicFactor: 0, roughnessFactor: 0.9 } }],
    accessors,
    bufferViews: bin.views,
    buffers: [{ byteLength: bin.length }],
  };
  const json = new TextEncoder().encode(JSON.stringify(gltf));
  const jsonLen = (json.length + 3) & ~3;
  const binLen = (bin.length + 3) & ~3;
  const total = 12 + 8 + jsonLen + 8 + binLen;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, GLB_MAGIC, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLen, true);
  dv.setUint32(16, CHUNK_JSON, true);
  out.set(json, 20);
  out.fill(0x20, 20 + json.length, 20 + jsonLen);
  const b = 20 + jsonLen;
  dv.setUint32(b, binLen, true);
  dv.setUint32(b + 4, CHUNK_BIN, true);
  bin.copyInto(out, b + 8);
  return out;
}

export interface ParsedGlb {
  /** The glTF JSON as read, unchecked (the caller validates what it uses). */
  json: any;
  bin: Uint8Array;
}

/** Splits GLB bytes into the glTF JSON and the BIN chunk; throws on a malformed container. */
export function parseGlb(bytes: Uint8Array): ParsedGlb {
  if (bytes.byteLength < 20) throw new Error(`GLB: ${bytes.byteLength} bytes, shorter than a header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== GLB_MAGIC) throw new Error('GLB: bad magic (not "glTF")');
  if (dv.getUint32(4, true) !== 2) throw new Error(`GLB: version ${dv.getUint32(4, true)}, expected 2`);
  if (dv.getUint32(8, true) !== bytes.byteLength) throw new Error(`GLB: header length ${dv.getUint32(8, true)} ≠ ${bytes.byteLength} bytes`);
  const jsonLen = dv.getUint32(12, true);
  if (dv.getUint32(16, true) !== CHUNK_JSON || 20 + jsonLen > bytes.byteLength) throw new Error('GLB: first chunk is not a JSON chunk');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen)));
  let bin: Uint8Array = new Uint8Array(0);
  const b = 20 + jsonLen;
  if (b + 8 <= bytes.byteLength && dv.getUint32(b + 4, true) === CHUNK_BIN) bin = bytes.subarray(b + 8, b + 8 + dv.getUint32(b, true));
  return { json, bin };
}

const READERS: Record<number, { size: number; get: (dv: DataView, o: number) => number }> = {
  5120: { size: 1, get: (dv, o) => dv.getInt8(o) },
  5121: { size: 1, get: (dv, o) => dv.getUint8(o) },
  5122: { size: 2, get: (dv, o) => dv.getInt16(o, true) },
  5123: { size: 2, get: (dv, o) => dv.getUint16(o, true) },
  5125: { size: 4, get: (dv, o) => dv.getUint32(o, true) },
  5126: { size: 4, get: (dv, o) => dv.getFloat32(o, true) },
};
const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };

/** Values of accessor `index` (non-sparse, in the BIN chunk), flattened to numbers. */
export function readAccessor(glb: ParsedGlb, index: number): Float64Array {
  const a = glb.json.accessors[index];
  const view = glb.json.bufferViews[a.bufferView];
  const r = READERS[a.componentType];
  const nc = COMPONENTS[a.type];
  if (!r || !nc) throw new Error(`accessor ${index}: unsupported ${a.componentType} ${a.type}`);
  const stride = view.byteStride ?? r.size * nc;
  const dv = new DataView(glb.bin.buffer, glb.bin.byteOffset + (view.byteOffset ?? 0) + (a.byteOffset ?? 0));
  const out = new Float64Array(a.count * nc);
  for (let i = 0; i < a.count; i++) for (let c = 0; c < nc; c++) out[i * nc + c] = r.get(dv, i * stride + c * r.size);
  return out;
}

/** Bytes of buffer view `index` in the BIN chunk. */
export function bufferViewBytes(glb: ParsedGlb, index: number): Uint8Array {
  const v = glb.json.bufferViews[index];
  return glb.bin.subarray(v.byteOffset ?? 0, (v.byteOffset ?? 0) + v.byteLength);
}
