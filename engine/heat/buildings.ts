/**
 * The "new or removed buildings" lever: a copy of a territory's buildings without the removed ones and with the
 * new ones appended (structure of arrays, attributes carried over). The heat inputs are then prepared again
 * from it, so the change acts through the DSM (SVF, shade), the fractions, the façades and the heat released.
 */
import { BUILDING_USES, featureArea, type Buildings, type BuildingUse, type Territory } from '../territory.ts';
import { HeatInputError } from './params.ts';

export interface NewBuilding {
  /** Rings of flat [x0, y0, …] local metres: outer ring(s), each followed by its holes. */
  rings: number[][];
  heightM: number;
  /** Storeys (default round(height / 3 m), at least 1). */
  floors?: number;
  use?: BuildingUse;
  inhabitants?: number;
  sourceId?: string;
}

export interface BuildingChanges {
  /** Indices of buildings to remove. */
  remove?: number[];
  add?: NewBuilding[];
}

function signedArea(ring: number[]): number {
  let s = 0;
  for (let i = 0, j = ring.length / 2 - 1; i < ring.length / 2; j = i++) s += ring[2 * j] * ring[2 * i + 1] - ring[2 * i] * ring[2 * j + 1];
  return s / 2;
}

/** Buildings with the changes applied (the input is not modified). Throws a HeatInputError on bad changes. */
export function applyBuildingChanges(b: Buildings, changes: BuildingChanges): Buildings {
  const removed = new Uint8Array(b.count);
  for (const [k, i] of (changes.remove ?? []).entries()) {
    if (!Number.isInteger(i) || i < 0 || i >= b.count) throw new HeatInputError(`buildings.remove[${k}] must be a building index in [0, ${b.count - 1}], got ${i}`);
    removed[i] = 1;
  }
  const add = changes.add ?? [];
  add.forEach((nb, k) => {
    const what = `buildings.add[${k}]`;
    if (!(nb.heightM > 0) || !Number.isFinite(nb.heightM)) throw new HeatInputError(`${what}.heightM must be a positive number of metres, got ${nb.heightM}`);
    if (nb.floors !== undefined && !(Number.isInteger(nb.floors) && nb.floors >= 1)) throw new HeatInputError(`${what}.floors must be an integer ≥ 1, got ${nb.floors}`);
    if (nb.use !== undefined && !BUILDING_USES.includes(nb.use)) throw new HeatInputError(`${what}.use must be one of ${BUILDING_USES.join(', ')}, got ${String(nb.use)}`);
    if (nb.inhabitants !== undefined && !(nb.inhabitants >= 0)) throw new HeatInputError(`${what}.inhabitants must be ≥ 0, got ${nb.inhabitants}`);
    if (!Array.isArray(nb.rings) || nb.rings.length === 0) throw new HeatInputError(`${what}.rings must hold at least one ring`);
    nb.rings.forEach((r, j) => {
      if (!Array.isArray(r) || r.length < 6 || r.length % 2 || r.some((v) => !Number.isFinite(v))) throw new HeatInputError(`${what}.rings[${j}] must hold at least 3 points of finite coordinates`);
    });
    if (!(signedArea(nb.rings[0]) !== 0)) throw new HeatInputError(`${what}.rings[0] has zero area`);
  });
  const keep: number[] = [];
  for (let i = 0; i < b.count; i++) if (!removed[i]) keep.push(i);
  const count = keep.length + add.length;
  const fp = b.footprint;
  const frs = [0];
  const rvs = [0];
  const xy: number[] = [];
  for (const i of keep) {
    for (let r = fp.featureRingStart[i]; r < fp.featureRingStart[i + 1]; r++) {
      for (let v = fp.ringVertexStart[r]; v < fp.ringVertexStart[r + 1]; v++) xy.push(fp.xy[2 * v], fp.xy[2 * v + 1]);
      rvs.push(xy.length / 2);
    }
    frs.push(rvs.length - 1);
  }
  for (const nb of add) {
    nb.rings.forEach((ring, j) => {
      // Outer rings counter-clockwise, holes clockwise (territory convention).
      const ccw = signedArea(ring) > 0;
      const pts = (j === 0) === ccw ? ring : ring.slice().reverse().flatMap((_, q, a) => (q % 2 === 0 ? [a[q + 1], a[q]] : []));
      xy.push(...pts);
      rvs.push(xy.length / 2);
    });
    frs.push(rvs.length - 1);
  }
  const pick = <T extends Float32Array | Float64Array | Uint8Array | Uint16Array>(src: T, make: (n: number) => T, extra: (nb: NewBuilding) => number): T => {
    const out = make(count);
    keep.forEach((i, k) => (out[k] = src[i]));
    add.forEach((nb, k) => (out[keep.length + k] = extra(nb)));
    return out;
  };
  const footprint = { featureRingStart: Uint32Array.from(frs), ringVertexStart: Uint32Array.from(rvs), xy: Float64Array.from(xy) };
  const out: Buildings = {
    count,
    footprint,
    sourceId: [...keep.map((i) => b.sourceId[i]), ...add.map((nb, k) => nb.sourceId ?? `new-${k}`)],
    dataset: pick(b.dataset, (n) => new Uint16Array(n), () => 0),
    footprintAreaM2: new Float64Array(count),
    heightM: pick(b.heightM, (n) => new Float32Array(n), (nb) => nb.heightM),
    heightRule: pick(b.heightRule, (n) => new Uint8Array(n), () => 0),
    floors: pick(b.floors, (n) => new Uint16Array(n), (nb) => nb.floors ?? Math.max(1, Math.round(nb.heightM / 3))),
    floorsRule: pick(b.floorsRule, (n) => new Uint8Array(n), () => 0),
    groundZM: pick(b.groundZM, (n) => new Float32Array(n), () => NaN),
    use: pick(b.use, (n) => new Uint8Array(n), (nb) => BUILDING_USES.indexOf(nb.use ?? 'residential')),
    useRule: pick(b.useRule, (n) => new Uint8Array(n), () => 0),
    period: pick(b.period, (n) => new Uint8Array(n), () => 0),
    periodRule: pick(b.periodRule, (n) => new Uint8Array(n), () => 0),
    dwellings: pick(b.dwellings, (n) => new Float32Array(n), () => NaN),
    dwellingsRule: pick(b.dwellingsRule, (n) => new Uint8Array(n), () => 255),
    inhabitants: pick(b.inhabitants, (n) => new Float32Array(n), (nb) => nb.inhabitants ?? 0),
    inhabitantsRule: pick(b.inhabitantsRule, (n) => new Uint8Array(n), () => 0),
  };
  for (let i = 0; i < count; i++) out.footprintAreaM2[i] = featureArea(footprint, i);
  return out;
}

/** A territory whose buildings have the changes applied (other layers shared, not copied). */
export function withBuildingChanges(t: Territory, changes: BuildingChanges): Territory {
  return { ...t, buildings: applyBuildingChanges(t.buildings, changes) };
}
