/**
 * Scenario documents: types, parsing with schema validation (errors give the JSON path, what was expected and
 * what was found), checks against the territory (zones inside it, road ids that exist), conversion of zones to
 * the local frame, and the canonical hash that identifies a scenario in runs and batches.
 */
import { bboxOfXY, type BuildingUse, type RoadClass, type Territory } from '../../engine/territory.ts';
import { canonicalJson, sha256Hex } from '../../engine/hash/sha256.ts';
import { FrameTransform } from '../../data/frame.ts';
import { validate, formatErrors, type ValidationError } from './validate.ts';
import { scenarioSchema } from './schema.ts';

export type Crs = 'local' | 'EPSG:4326' | 'EPSG:2154';
export interface Zone {
  crs?: Crs;
  rings: Array<Array<[number, number]>>;
}
export interface RoadSelection {
  segmentIds?: string[];
  zone?: Zone;
}

export type Intervention = { label?: string } & (
  | { type: 'densify'; zone: Zone; uses?: BuildingUse[]; setFloors?: number; addFloors?: number; setHeightM?: number; floorAreaRatio?: number; groundCoverage?: number }
  | { type: 'change-use'; zone: Zone; from?: BuildingUse[]; to: BuildingUse }
  | { type: 'add-buildings'; buildings: Array<{ footprint: Zone; floors: number; heightM?: number; use: BuildingUse }> }
  | { type: 'demolish'; zone: Zone; uses?: BuildingUse[] }
  | { type: 'trees'; zone: Zone; canopyShare: number }
  | { type: 'green-roofs'; zone: Zone; share: number }
  | { type: 'cool-roofs'; zone: Zone; roofAlbedo?: number; pavementAlbedo?: number }
  | { type: 'de-paving'; zone: Zone; share: number }
  | { type: 'road-speed'; roads: RoadSelection; speedKmh: number }
  | { type: 'road-lanes'; roads: RoadSelection; lanesPerDirection: number }
  | { type: 'road-closure'; roads: RoadSelection }
  | { type: 'road-new-link'; line: { crs?: Crs; points: Array<[number, number]> }; roadClass: RoadClass; lanesPerDirection?: number; speedKmh?: number; direction?: 'both' | 'forward' | 'backward'; name?: string }
);

export interface Scenario {
  $schema?: string;
  format?: number;
  id: string;
  title: string;
  description?: string;
  territory: { name: string; hash?: string };
  interventions: Intervention[];
  parameters?: Record<string, Record<string, unknown>>;
  seed: number;
}

export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(
    readonly source: string,
    readonly errors: ValidationError[],
  ) {
    super(formatErrors(errors, source));
  }
}

let cachedSchema: Record<string, unknown> | null = null;
const schema = (): Record<string, unknown> => (cachedSchema ??= scenarioSchema());

/** Parses and validates a scenario (JSON text or value). Throws a ScenarioError listing every problem. */
export function parseScenario(input: string | unknown, source = 'scenario'): Scenario {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ScenarioError(source, [{ path: '$', expected: 'valid JSON', found: (e as Error).message }]);
    }
  }
  const errors = validate(schema(), value);
  if (errors.length) throw new ScenarioError(source, errors);
  return value as Scenario;
}

/** Canonical hash of a scenario: same content (whatever the key order or formatting) → same hash. */
/** A scenario with no intervention on territory `t`: the baseline as it is (result layers, commands without --scenario). */
export function baselineScenario(t: Territory): Scenario {
  return { id: 'baseline', title: `${t.name} as it is`, territory: { name: t.name }, interventions: [], seed: 1 };
}

export function scenarioHash(s: Scenario): string {
  const { $schema: _schema, ...rest } = s;
  return sha256Hex(canonicalJson(rest));
}

/** Converts a zone's rings to flat local-frame rings. */
export function zoneToLocal(zone: Zone, t: Territory): number[][] {
  const crs = zone.crs ?? 'local';
  const tr = crs === 'local' ? null : new FrameTransform(t.frame, crs);
  const out = [0, 0];
  return zone.rings.map((ring) =>
    ring.flatMap(([x, y]) => {
      if (!tr) return [x, y];
      tr.sourceToLocal(x, y, out);
      return [out[0], out[1]];
    }),
  );
}

/** Path-addressed checks that need the territory: zones overlap it, road ids exist, names match. */
export function checkAgainstTerritory(s: Scenario, t: Territory, source = 'scenario'): void {
  const errors: ValidationError[] = [];
  const tb = bboxOfXY(t.buildings.footprint.xy);
  const rb = bboxOfXY(t.roads.nodeXY);
  const box = [Math.min(tb[0], rb[0]), Math.min(tb[1], rb[1]), Math.max(tb[2], rb[2]), Math.max(tb[3], rb[3])].map((v) => (Number.isFinite(v) ? v : 0));
  const ids = new Set(t.roads.segmentSourceId);
  if (s.territory.name !== t.name) errors.push({ path: '$.territory.name', expected: `the territory name "${t.name}"`, found: JSON.stringify(s.territory.name) });
  const checkZone = (z: Zone | undefined, path: string): void => {
    if (!z) return;
    const rings = zoneToLocal(z, t);
    const zb = bboxOfXY(Float64Array.from(rings[0]));
    if (zb[2] < box[0] || zb[0] > box[2] || zb[3] < box[1] || zb[1] > box[3])
      errors.push({ path, expected: `a zone overlapping the territory (local bbox ${box.map((v) => v.toFixed(0)).join(', ')})`, found: `a zone with local bbox ${zb.map((v) => v.toFixed(0)).join(', ')}` });
  };
  s.interventions.forEach((iv, i) => {
    const p = `$.interventions[${i}]`;
    if ('zone' in iv) checkZone(iv.zone, `${p}.zone`);
    if ('roads' in iv) {
      checkZone(iv.roads.zone, `${p}.roads.zone`);
      iv.roads.segmentIds?.forEach((id, k) => {
        if (!ids.has(id)) errors.push({ path: `${p}.roads.segmentIds[${k}]`, expected: 'the source id of a road segment of the territory', found: JSON.stringify(id) });
      });
    }
    if (iv.type === 'add-buildings') iv.buildings.forEach((b, k) => checkZone(b.footprint, `${p}.buildings[${k}].footprint`));
  });
  if (errors.length) throw new ScenarioError(source, errors);
}
