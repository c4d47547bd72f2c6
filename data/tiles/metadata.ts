/**
 * Per-building properties of a tile as an `EXT_structural_metadata` property table (3D Tiles 1.1 / glTF
 * extension by Cesium, registered with Khronos): one row per feature id of the tile's `EXT_mesh_features`
 * attribute, binary columns (one buffer view each; strings as UTF-8 bytes + UINT32 offsets), and a schema
 * embedded in every GLB so each tile stands alone in any 3D Tiles client.
 *
 * The `building` column is the building's index in the territory (row of `columns/buildings.*` and of
 * `sql/buildings.csv`): a viewer that holds the territory restyles buildings from its own arrays with it, without
 * rebuilding tiles. Missing values (provenance rule 255: NaN in the territory) are written as the property's
 * `noData` value (−1).
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, RULE_MISSING, type Territory } from '../../engine/territory.ts';

export const METADATA_CLASS = 'building';
export const NO_DATA = -1;

type ComponentType = 'UINT8' | 'UINT16' | 'UINT32' | 'FLOAT32';

interface ColumnSpec {
  name: string;
  description: string;
  kind: 'scalar' | 'string' | 'enum';
  componentType?: ComponentType;
  enumType?: string;
  noData?: number;
  /** Value of building i (scalars and enums) or its text (strings). */
  value(t: Territory, i: number): number | string;
}

const finiteOr = (x: number): number => (Number.isFinite(x) ? x : NO_DATA);

export const COLUMNS: ColumnSpec[] = [
  { name: 'building', description: 'index of the building in the territory (row of columns/buildings.* and sql/buildings.csv)', kind: 'scalar', componentType: 'UINT32', value: (_t, i) => i },
  { name: 'sourceId', description: 'feature id in the source dataset', kind: 'string', value: (t, i) => t.buildings.sourceId[i] },
  { name: 'heightM', description: 'height from the ground to the gutter / roof base (m)', kind: 'scalar', componentType: 'FLOAT32', value: (t, i) => t.buildings.heightM[i] },
  { name: 'heightRule', description: 'provenance of heightM', kind: 'enum', enumType: 'rule', value: (t, i) => t.buildings.heightRule[i] },
  { name: 'floors', description: 'floors above ground', kind: 'scalar', componentType: 'UINT16', value: (t, i) => t.buildings.floors[i] },
  { name: 'use', description: 'building use', kind: 'enum', enumType: 'use', value: (t, i) => t.buildings.use[i] },
  { name: 'period', description: 'construction period', kind: 'enum', enumType: 'period', value: (t, i) => t.buildings.period[i] },
  { name: 'dwellings', description: 'dwellings', kind: 'scalar', componentType: 'FLOAT32', noData: NO_DATA, value: (t, i) => finiteOr(t.buildings.dwellings[i]) },
  { name: 'dwellingsRule', description: 'provenance of dwellings', kind: 'enum', enumType: 'rule', value: (t, i) => t.buildings.dwellingsRule[i] },
  { name: 'inhabitants', description: 'inhabitants', kind: 'scalar', componentType: 'FLOAT32', noData: NO_DATA, value: (t, i) => finiteOr(t.buildings.inhabitants[i]) },
  { name: 'inhabitantsRule', description: 'provenance of inhabitants', kind: 'enum', enumType: 'rule', value: (t, i) => t.buildings.inhabitantsRule[i] },
  { name: 'footprintAreaM2', description: 'footprint area, holes subtracted (m²)', kind: 'scalar', componentType: 'FLOAT32', value: (t, i) => t.buildings.footprintAreaM2[i] },
];

const ARRAYS = { UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, FLOAT32: Float32Array } as const;

export interface MetadataSchema {
  id: string;
  classes: Record<string, { name: string; description: string; properties: Record<string, Record<string, unknown>> }>;
  enums: Record<string, { valueType: 'UINT8'; values: Array<{ name: string; value: number; description?: string }> }>;
}

/** The schema of the building property table for a territory (rule enum values are the territory's rules). */
export function buildingSchema(t: Territory): MetadataSchema {
  const ruleValues = t.rules.map((r, code) => ({ name: r.id, value: code, description: r.description }));
  if (!ruleValues.some((r) => r.value === RULE_MISSING)) ruleValues.push({ name: ruleValues.some((r) => r.name === 'missing') ? 'missing-255' : 'missing', value: RULE_MISSING, description: 'unknown value' });
  const properties: Record<string, Record<string, unknown>> = {};
  for (const c of COLUMNS) {
    const p: Record<string, unknown> = { description: c.description };
    if (c.kind === 'string') p.type = 'STRING';
    else if (c.kind === 'enum') Object.assign(p, { type: 'ENUM', enumType: c.enumType });
    else Object.assign(p, { type: 'SCALAR', componentType: c.componentType });
    if (c.noData !== undefined) p.noData = c.noData;
    properties[c.name] = p;
  }
  return {
    id: 'jumeau_buildings',
    classes: { [METADATA_CLASS]: { name: 'Building', description: 'a building of the territory', properties } },
    enums: {
      use: { valueType: 'UINT8', values: BUILDING_USES.map((name, value) => ({ name, value })) },
      period: { valueType: 'UINT8', values: CONSTRUCTION_PERIODS.map((name, value) => ({ name, value })) },
      rule: { valueType: 'UINT8', values: ruleValues },
    },
  };
}

export interface EncodedColumn {
  name: string;
  values: Uint8Array;
  /** UINT32 offsets (count + 1) into `values` for strings. */
  stringOffsets?: Uint8Array;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const utf8 = new TextEncoder();

/** Binary columns of the property table of buildings `ids` (row j = feature id j = building ids[j]). */
export function encodePropertyTable(t: Territory, ids: ArrayLike<number>): EncodedColumn[] {
  const n = ids.length;
  return COLUMNS.map((c) => {
    if (c.kind === 'string') {
      const parts = new Array<Uint8Array>(n);
      const offsets = new Uint32Array(n + 1);
      for (let j = 0; j < n; j++) {
        parts[j] = utf8.encode(c.value(t, ids[j]) as string);
        offsets[j + 1] = offsets[j] + parts[j].length;
      }
      const values = new Uint8Array(offsets[n]);
      for (let j = 0; j < n; j++) values.set(parts[j], offsets[j]);
      return { name: c.name, values, stringOffsets: bytesOf(offsets) };
    }
    const a = new ARRAYS[c.kind === 'enum' ? 'UINT8' : c.componentType!](n);
    for (let j = 0; j < n; j++) a[j] = c.value(t, ids[j]) as number;
    return { name: c.name, values: bytesOf(a) };
  });
}
