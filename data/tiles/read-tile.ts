/**
 * Reads back a tile written by glb.ts: vertices in the tileset's local frame (z-up, node translation applied),
 * feature ids, triangles and the decoded property table. Used to check tiles against the territory they came
 * from; it follows the glTF and EXT_structural_metadata layouts, not the writer's internals, so it also reads
 * tiles written by other tools as long as they use one primitive per mesh with a translation-only node.
 */
import { bufferViewBytes, parseGlb, readAccessor, type ParsedGlb } from './glb.ts';

export interface ReadTile {
  glb: ParsedGlb;
  /** x, y, z per vertex in the local frame (z-up), node translation applied. */
  positions: Float64Array;
  /** Unit normals in the local frame (z-up). */
  normals: Float64Array;
  featureIds: Float64Array;
  indices: Float64Array;
  /** `featureCount` of the primitive's EXT_mesh_features feature id set. */
  featureCount: number;
  /** Property table rows by property name (numbers, or strings for STRING properties). */
  table: Record<string, Array<number | string>>;
  /** Row count of the property table. */
  tableCount: number;
}

const ARRAYS: Record<string, { size: number; read: (dv: DataView, o: number) => number }> = {
  UINT8: { size: 1, read: (dv, o) => dv.getUint8(o) },
  UINT16: { size: 2, read: (dv, o) => dv.getUint16(o, true) },
  UINT32: { size: 4, read: (dv, o) => dv.getUint32(o, true) },
  FLOAT32: { size: 4, read: (dv, o) => dv.getFloat32(o, true) },
  FLOAT64: { size: 8, read: (dv, o) => dv.getFloat64(o, true) },
};

/** Converts glTF y-up coordinates (plus the node translation) to the z-up tile frame: (x, y, z) → (x, −z, y). */
function toZUp(v: Float64Array, t: number[]): Float64Array {
  const out = new Float64Array(v.length);
  for (let k = 0; k < v.length; k += 3) {
    out[k] = v[k] + t[0];
    out[k + 1] = -(v[k + 2] + t[2]);
    out[k + 2] = v[k + 1] + t[1];
  }
  return out;
}

export function readTile(bytes: Uint8Array): ReadTile {
  const glb = parseGlb(bytes);
  const { json } = glb;
  const node = json.nodes[json.scenes[json.scene ?? 0].nodes[0]];
  if (node.matrix || node.rotation || node.scale) throw new Error('readTile: only translation-only nodes are supported');
  const translation: number[] = node.translation ?? [0, 0, 0];
  const prim = json.meshes[node.mesh].primitives[0];
  const fset = prim.extensions?.EXT_mesh_features?.featureIds?.[0];
  if (!fset) throw new Error('readTile: primitive without EXT_mesh_features feature ids');
  const meta = json.extensions?.EXT_structural_metadata;
  const tableDef = meta?.propertyTables?.[fset.propertyTable];
  if (!tableDef) throw new Error('readTile: feature ids without a property table');
  const cls = meta.schema.classes[tableDef.class];
  const table: Record<string, Array<number | string>> = {};
  for (const [name, prop] of Object.entries<Record<string, number | string>>(tableDef.properties)) {
    const def = cls.properties[name];
    const data = bufferViewBytes(glb, prop.values as number);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const rows: Array<number | string> = [];
    if (def.type === 'STRING') {
      const off = bufferViewBytes(glb, prop.stringOffsets as number);
      const odv = new DataView(off.buffer, off.byteOffset, off.byteLength);
      const o = ARRAYS[(prop.stringOffsetType as string) ?? 'UINT32'];
      const dec = new TextDecoder();
      for (let j = 0; j < tableDef.count; j++) rows.push(dec.decode(data.subarray(o.read(odv, j * o.size), o.read(odv, (j + 1) * o.size))));
    } else {
      const ct = def.type === 'ENUM' ? meta.schema.enums[def.enumType].valueType ?? 'UINT16' : def.componentType;
      const r = ARRAYS[ct];
      if (!r || (def.type !== 'ENUM' && def.type !== 'SCALAR')) throw new Error(`readTile: property ${name}: unsupported ${def.type} ${ct}`);
      for (let j = 0; j < tableDef.count; j++) rows.push(r.read(dv, j * r.size));
    }
    table[name] = rows;
  }
  const rotate = (v: Float64Array): Float64Array => toZUp(v, [0, 0, 0]);
  return {
    glb,
    positions: toZUp(readAccessor(glb, prim.attributes.POSITION), translation),
    normals: rotate(readAccessor(glb, prim.attributes.NORMAL)),
    featureIds: readAccessor(glb, prim.attributes[`_FEATURE_ID_${fset.attribute}`]),
    indices: readAccessor(glb, prim.indices),
    featureCount: fset.featureCount,
    table,
    tableCount: tableDef.count,
  };
}
