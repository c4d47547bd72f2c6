/**
 * Everything the viewer says about one building: its attributes with units and, for each, where the value
 * comes from (measured in the source, imputed by which rule, or missing), and the dataset it was read from
 * with its producer and licence. Plain data (strings and numbers) for the panel, which renders it as text.
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, RULE_MEASURED, RULE_MISSING, featureCentroid, type Territory } from '../engine/territory.ts';

export type ProvenanceKind = 'measured' | 'imputed' | 'missing' | 'derived';

export interface Provenance {
  kind: ProvenanceKind;
  /** Rule id (`height.floors-x-storey`…); `measured`, `missing` or `geometry` for the other kinds. */
  ruleId: string;
  description: string;
}

export interface AttributeValue {
  key: string;
  label: string;
  /** Number, text, or null when unknown. */
  value: number | string | null;
  unit: string;
  /** Decimals to show for numbers. */
  decimals: number;
  provenance: Provenance;
}

export interface DatasetRef {
  id: string;
  title: string;
  producer: string;
  licence: string;
  attribution: string;
  date: string;
  synthetic: boolean;
}

export interface BuildingDetails {
  index: number;
  sourceId: string;
  dataset: DatasetRef | null;
  /** Area-weighted centroid of the footprint (local m). */
  centroid: [number, number];
  heightM: number;
  /** Footprint bounding box [minX, minY, maxX, maxY] (local m). */
  bbox: [number, number, number, number];
  attributes: AttributeValue[];
}

export class BuildingIndexError extends Error {
  override name = 'BuildingIndexError';
}

/** Provenance of a value from its rule code (`Territory.rules`). */
export function provenanceOf(t: Territory, rule: number): Provenance {
  if (rule === RULE_MEASURED) return { kind: 'measured', ruleId: t.rules[0]?.id ?? 'measured', description: t.rules[0]?.description ?? 'read from the source data' };
  if (rule === RULE_MISSING) return { kind: 'missing', ruleId: 'missing', description: 'unknown: no source value and no rule could estimate it' };
  const r = t.rules[rule];
  if (!r) return { kind: 'imputed', ruleId: `rule-${rule}`, description: `rule code ${rule} is not in the territory's rule table` };
  return { kind: 'imputed', ruleId: r.id, description: r.description };
}

export function buildingDetails(t: Territory, i: number): BuildingDetails {
  const b = t.buildings;
  if (!Number.isInteger(i) || i < 0 || i >= b.count) throw new BuildingIndexError(`building ${i} does not exist (the territory has ${b.count} buildings, indices 0–${b.count - 1})`);
  const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const geometry: Provenance = { kind: 'derived', ruleId: 'geometry', description: 'computed from the footprint polygon (holes subtracted)' };
  const attributes: AttributeValue[] = [
    { key: 'heightM', label: 'Height (ground → gutter)', value: num(b.heightM[i]), unit: 'm', decimals: 1, provenance: provenanceOf(t, b.heightRule[i]) },
    { key: 'floors', label: 'Floors above ground', value: num(b.floors[i]), unit: '', decimals: 0, provenance: provenanceOf(t, b.floorsRule[i]) },
    { key: 'use', label: 'Use', value: BUILDING_USES[b.use[i]] ?? null, unit: '', decimals: 0, provenance: provenanceOf(t, b.useRule[i]) },
    { key: 'period', label: 'Construction period', value: CONSTRUCTION_PERIODS[b.period[i]] ?? null, unit: '', decimals: 0, provenance: provenanceOf(t, b.periodRule[i]) },
    { key: 'dwellings', label: 'Dwellings', value: num(b.dwellings[i]), unit: '', decimals: 1, provenance: provenanceOf(t, b.dwellingsRule[i]) },
    { key: 'inhabitants', label: 'Inhabitants', value: num(b.inhabitants[i]), unit: '', decimals: 1, provenance: provenanceOf(t, b.inhabitantsRule[i]) },
    { key: 'footprintAreaM2', label: 'Footprint area', value: num(b.footprintAreaM2[i]), unit: 'm²', decimals: 0, provenance: geometry },
    { key: 'groundZM', label: 'Ground altitude', value: num(b.groundZM[i]), unit: 'm', decimals: 1, provenance: Number.isFinite(b.groundZM[i]) ? provenanceOf(t, RULE_MEASURED) : provenanceOf(t, RULE_MISSING) },
  ];
  const d = t.datasets[b.dataset[i]];
  const c = featureCentroid(b.footprint, i, [0, 0]);
  const p = b.footprint;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let k = p.ringVertexStart[p.featureRingStart[i]]; k < p.ringVertexStart[p.featureRingStart[i + 1]]; k++) {
    x0 = Math.min(x0, p.xy[2 * k]);
    x1 = Math.max(x1, p.xy[2 * k]);
    y0 = Math.min(y0, p.xy[2 * k + 1]);
    y1 = Math.max(y1, p.xy[2 * k + 1]);
  }
  return {
    index: i,
    sourceId: b.sourceId[i],
    dataset: d ? { id: d.id, title: d.title, producer: d.producer, licence: d.licence, attribution: d.attribution, date: d.date, synthetic: d.synthetic } : null,
    centroid: [c[0], c[1]],
    heightM: b.heightM[i],
    bbox: [x0, y0, x1, y1],
    attributes,
  };
}
