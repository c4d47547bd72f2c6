/**
 * Interventions on buildings — what a densification scenario changes — applied in order to a copy of the
 * territory's buildings. The input territory is never mutated; the result is a new {@link Territory} sharing every
 * other layer, whose buildings carry provenance: each attribute an intervention set has the rule
 * `urban.<kind>:<id>` (appended to `rules`) describing the intervention and its parameters.
 *
 * Selection: a building is inside a zone when its footprint centroid is (even-odd test), and its use is in the
 * intervention's `uses` (default: every use but annexes for floors/height/FAR/coverage, every use otherwise).
 * Floors ⇄ height use the storey heights by use of data/impute.ts. A new building replaces every existing
 * building whose centroid lies in its footprint ("covered", not doubled).
 *
 * Sealed ground (for imperviousness): a demolished building leaves its footprint sealed unless `deseal`; the
 * buildings a new one replaces are taken as lying under it, so max(0, Σ replaced footprints − new footprint) stays
 * sealed beside it.
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, RULE_MISSING, featureCentroid, type BuildingUse, type ConstructionPeriod, type Dataset, type Territory } from '../territory.ts';
import { UrbanInputError, type ImputationConstants } from './params.ts';
import { inZone, makeZone, orientRings, ringArea, ringsCentroid, type Rings, type Zone } from './zone.ts';

interface Base {
  /** Unique id, used in provenance rules and logs. */
  id: string;
}
interface InZone extends Base {
  /** Polygon in local metres: outer ring then holes, each a flat [x0, y0, x1, y1, …] list. */
  zone: Rings;
  /** Only buildings of these uses (see the module comment for the default). */
  uses?: BuildingUse[];
}
export type Intervention =
  | (InZone & { kind: 'set-floors'; floors: number })
  | (InZone & { kind: 'add-floors'; floors: number })
  | (InZone & { kind: 'set-height'; heightM: number })
  | (InZone & { kind: 'add-height'; heightM: number })
  /** Floor-area ratio: Σ floor area in the zone / zone area, reached by scaling the floors of selected buildings. */
  | (InZone & { kind: 'set-far'; far: number })
  /** Ground coverage: Σ footprints in the zone / zone area, reached by scaling selected footprints about their centroids. */
  | (InZone & { kind: 'set-coverage'; coverage: number })
  | (InZone & { kind: 'change-use'; use: BuildingUse })
  | (InZone & { kind: 'demolish'; deseal?: boolean })
  | (Base & { kind: 'add-building'; footprint: Rings; floors: number; use: BuildingUse; heightM?: number; period?: ConstructionPeriod });
export type InterventionKind = Intervention['kind'];

export interface InterventionLog {
  id: string;
  kind: InterventionKind;
  /** Buildings changed, removed or added. */
  buildings: number;
  /** Existing buildings replaced by a new one. */
  replaced: number;
  floorAreaBeforeM2: number;
  floorAreaAfterM2: number;
  /** FAR or coverage reached in the zone (set-far / set-coverage), else NaN. */
  achieved: number;
}

export interface InterventionResult {
  /** The territory with the new building set and the interventions' rules (other layers shared, not copied). */
  territory: Territory;
  /** Input building of each output building (−1 for a new one). */
  origin: Int32Array;
  /** 1 when an intervention changed the building (always 1 for new ones). */
  modified: Uint8Array;
  /** Floor area built by the interventions (m²): all of a new building, the growth of an existing one. */
  newFloorAreaM2: Float64Array;
  /** Per input building: 0 kept, 1 demolished, 2 replaced by a new building. */
  removedInput: Uint8Array;
  /** Ground left sealed by removed buildings: points (local metres) with an area (m²). */
  sealedGround: { x: Float64Array; y: Float64Array; areaM2: Float64Array };
  log: InterventionLog[];
}

export const INTERVENTIONS_DATASET_ID = 'urban-interventions';
const FLOOR_KINDS = new Set<InterventionKind>(['set-floors', 'add-floors', 'set-height', 'add-height', 'set-far', 'set-coverage']);
const MAX_FLOORS = 300;

const fmt = (v: number): string => (Math.round(v * 100) / 100).toLocaleString('en-US').replace(/,/g, ' ');

function need(cond: boolean, id: string, field: string, msg: string): void {
  if (!cond) throw new UrbanInputError(`intervention "${id}": ${field} ${msg}`);
}

function describe(iv: Intervention, zone: Zone | null, uses: BuildingUse[] | null): string {
  const where = zone ? ` in zone of ${fmt(zone.areaM2)} m²${uses ? ` (uses ${uses.join(', ')})` : ''}` : '';
  switch (iv.kind) {
    case 'set-floors': return `intervention "${iv.id}": set floors to ${iv.floors}${where}; height = floors × storey height by use`;
    case 'add-floors': return `intervention "${iv.id}": add ${iv.floors} floor(s)${where}; height grows by floors × storey height by use`;
    case 'set-height': return `intervention "${iv.id}": set height to ${iv.heightM} m${where}; floors = max(1, round(height / storey height))`;
    case 'add-height': return `intervention "${iv.id}": add ${iv.heightM} m of height${where}; floors = max(1, round(height / storey height))`;
    case 'set-far': return `intervention "${iv.id}": floor-area ratio ${iv.far}${where}, floors of the selected buildings scaled`;
    case 'set-coverage': return `intervention "${iv.id}": ground coverage ${iv.coverage}${where}, footprints scaled about their centroids`;
    case 'change-use': return `intervention "${iv.id}": use changed to ${iv.use}${where}`;
    case 'demolish': return `intervention "${iv.id}": demolished${where}${iv.deseal ? ', ground de-sealed' : ''}`;
    case 'add-building': return `intervention "${iv.id}": new ${iv.use} building of ${iv.floors} floor(s), period ${iv.period ?? 'after-2012'}`;
  }
}

/** Applies `interventions` in order to a copy of `t.buildings`; see the module comment. */
export function applyInterventions(t: Territory, interventions: readonly Intervention[], k: Pick<ImputationConstants, 'storeyHeightM'>): InterventionResult {
  if (!Array.isArray(interventions)) throw new UrbanInputError(`interventions must be an array, got ${typeof interventions}`);
  const b = t.buildings;
  const n0 = b.count;
  const rules = t.rules.slice();
  const datasets: Dataset[] = t.datasets.slice();
  const ids = new Set<string>();
  // Working copy (plain arrays: buildings are appended by add-building).
  const origin: number[] = [];
  const rings: (Float64Array[] | null)[] = [];
  const area: number[] = [];
  const cx: number[] = [];
  const cy: number[] = [];
  const height: number[] = [];
  const floors: number[] = [];
  const use: number[] = [];
  const period: number[] = [];
  const hRule: number[] = [];
  const fRule: number[] = [];
  const uRule: number[] = [];
  const pRule: number[] = [];
  const modified: number[] = [];
  const alive: boolean[] = [];
  const sourceId: string[] = [];
  const removedInput = new Uint8Array(n0);
  const sealX: number[] = [];
  const sealY: number[] = [];
  const sealA: number[] = [];
  const c = [0, 0];
  for (let i = 0; i < n0; i++) {
    featureCentroid(b.footprint, i, c);
    origin.push(i);
    rings.push(null);
    area.push(b.footprintAreaM2[i]);
    cx.push(c[0]);
    cy.push(c[1]);
    height.push(b.heightM[i]);
    floors.push(b.floors[i]);
    use.push(b.use[i]);
    period.push(b.period[i]);
    hRule.push(b.heightRule[i]);
    fRule.push(b.floorsRule[i]);
    uRule.push(b.useRule[i]);
    pRule.push(b.periodRule[i]);
    modified.push(0);
    alive.push(true);
    sourceId.push(b.sourceId[i]);
  }
  const storey = (u: number): number => k.storeyHeightM[BUILDING_USES[u]];
  let newDataset = -1;
  const log: InterventionLog[] = [];

  interventions.forEach((iv, idx) => {
    const id = (iv as { id?: unknown })?.id;
    if (typeof id !== 'string' || !id.trim()) throw new UrbanInputError(`intervention #${idx}: "id" must be a non-empty string`);
    if (ids.has(id)) throw new UrbanInputError(`intervention "${id}": duplicate id`);
    ids.add(id);
    const kind = (iv as { kind?: unknown }).kind;
    const KINDS: InterventionKind[] = ['set-floors', 'add-floors', 'set-height', 'add-height', 'set-far', 'set-coverage', 'change-use', 'demolish', 'add-building'];
    if (!KINDS.includes(kind as InterventionKind)) throw new UrbanInputError(`intervention "${id}": unknown kind ${JSON.stringify(kind)} (expected one of ${KINDS.join(', ')})`);
    let zone: Zone | null = null;
    let uses: BuildingUse[] | null = null;
    let useSet: Set<number> | null = null;
    if (iv.kind !== 'add-building') {
      zone = makeZone(iv.zone, `intervention "${id}" zone`);
      if (iv.uses !== undefined) {
        need(Array.isArray(iv.uses) && iv.uses.length > 0, id, 'uses', 'must be a non-empty array of building uses');
        for (const u of iv.uses) need(BUILDING_USES.includes(u), id, 'uses', `has unknown use "${u}" (expected ${BUILDING_USES.join(', ')})`);
        uses = iv.uses.slice();
      } else if (FLOOR_KINDS.has(iv.kind)) uses = BUILDING_USES.filter((u) => u !== 'annex');
      useSet = uses ? new Set(uses.map((u) => BUILDING_USES.indexOf(u))) : null;
    }
    if (rules.length >= RULE_MISSING) throw new UrbanInputError(`intervention "${id}": too many provenance rules (${rules.length}; at most ${RULE_MISSING - 1}): merge interventions`);
    const rule = rules.length;
    rules.push({ id: `urban.${iv.kind}:${id}`, description: describe(iv, zone, iv.kind === 'add-building' ? null : uses) });

    const selected: number[] = [];
    if (zone) for (let j = 0; j < alive.length; j++) if (alive[j] && (!useSet || useSet.has(use[j])) && inZone(zone, cx[j], cy[j])) selected.push(j);
    let before = 0;
    for (const j of selected) before += area[j] * floors[j];
    const entry: InterventionLog = { id, kind: iv.kind, buildings: selected.length, replaced: 0, floorAreaBeforeM2: before, floorAreaAfterM2: before, achieved: NaN };
    const setFloors = (j: number, f: number): void => {
      const nf = Math.max(1, Math.min(MAX_FLOORS, Math.round(f)));
      height[j] = Math.max(0.1, height[j] + (nf - floors[j]) * storey(use[j]));
      floors[j] = nf;
      fRule[j] = hRule[j] = rule;
      modified[j] = 1;
    };
    const setHeight = (j: number, h: number): void => {
      height[j] = h;
      floors[j] = Math.max(1, Math.min(MAX_FLOORS, Math.round(h / storey(use[j]))));
      fRule[j] = hRule[j] = rule;
      modified[j] = 1;
    };

    switch (iv.kind) {
      case 'set-floors':
        need(Number.isInteger(iv.floors) && iv.floors >= 1 && iv.floors <= MAX_FLOORS, id, 'floors', `must be an integer in [1, ${MAX_FLOORS}], got ${iv.floors}`);
        for (const j of selected) {
          height[j] = iv.floors * storey(use[j]);
          floors[j] = iv.floors;
          fRule[j] = hRule[j] = rule;
          modified[j] = 1;
        }
        break;
      case 'add-floors':
        need(Number.isInteger(iv.floors) && iv.floors !== 0 && Math.abs(iv.floors) <= MAX_FLOORS, id, 'floors', `must be a non-zero integer (negative removes floors, never below 1), got ${iv.floors}`);
        for (const j of selected) setFloors(j, floors[j] + iv.floors);
        break;
      case 'set-height':
        need(Number.isFinite(iv.heightM) && iv.heightM > 0 && iv.heightM <= 1000, id, 'heightM', `must be a height in ]0, 1000] m, got ${iv.heightM}`);
        for (const j of selected) setHeight(j, iv.heightM);
        break;
      case 'add-height':
        need(Number.isFinite(iv.heightM) && iv.heightM !== 0 && Math.abs(iv.heightM) <= 1000, id, 'heightM', `must be a non-zero number of metres, got ${iv.heightM}`);
        for (const j of selected) setHeight(j, Math.max(storey(use[j]), height[j] + iv.heightM));
        break;
      case 'set-far': {
        need(Number.isFinite(iv.far) && iv.far > 0 && iv.far <= 100, id, 'far', `must be a floor-area ratio in ]0, 100], got ${iv.far}`);
        need(selected.length > 0, id, 'zone', 'contains no selected building to scale');
        let others = 0;
        for (let j = 0; j < alive.length; j++) if (alive[j] && useSet !== null && !useSet.has(use[j]) && inZone(zone!, cx[j], cy[j])) others += area[j] * floors[j];
        scaleFloorsTo(selected, Math.max(0, iv.far * zone!.areaM2 - others), area, floors, setFloors);
        let after = others;
        for (const j of selected) after += area[j] * floors[j];
        entry.achieved = after / zone!.areaM2;
        break;
      }
      case 'set-coverage': {
        need(Number.isFinite(iv.coverage) && iv.coverage > 0 && iv.coverage <= 1, id, 'coverage', `must be a ground coverage in ]0, 1], got ${iv.coverage}`);
        need(selected.length > 0, id, 'zone', 'contains no selected building to scale');
        let others = 0;
        let mine = 0;
        for (let j = 0; j < alive.length; j++) if (alive[j] && useSet && !useSet.has(use[j]) && inZone(zone!, cx[j], cy[j])) others += area[j];
        for (const j of selected) mine += area[j];
        const target = iv.coverage * zone!.areaM2 - others;
        need(target > 0, id, 'coverage', `${iv.coverage} is below the coverage of the buildings it does not select (${fmt(others / zone!.areaM2)})`);
        const s = Math.sqrt(target / mine);
        for (const j of selected) {
          const g = rings[j] ?? inputRings(t, origin[j]);
          rings[j] = g.map((r) => {
            const o = new Float64Array(r.length);
            for (let q = 0; q < r.length; q += 2) {
              o[q] = cx[j] + s * (r[q] - cx[j]);
              o[q + 1] = cy[j] + s * (r[q + 1] - cy[j]);
            }
            return o;
          });
          area[j] *= s * s;
          modified[j] = 1;
        }
        entry.achieved = (others + mine * s * s) / zone!.areaM2;
        break;
      }
      case 'change-use':
        need(BUILDING_USES.includes(iv.use), id, 'use', `must be one of ${BUILDING_USES.join(', ')}, got ${JSON.stringify(iv.use)}`);
        for (const j of selected) {
          use[j] = BUILDING_USES.indexOf(iv.use);
          uRule[j] = rule;
          modified[j] = 1;
        }
        break;
      case 'demolish':
        for (const j of selected) {
          alive[j] = false;
          if (origin[j] >= 0) removedInput[origin[j]] = 1;
          if (!iv.deseal) {
            sealX.push(cx[j]);
            sealY.push(cy[j]);
            sealA.push(area[j]);
          }
        }
        break;
      case 'add-building': {
        need(Number.isInteger(iv.floors) && iv.floors >= 1 && iv.floors <= MAX_FLOORS, id, 'floors', `must be an integer in [1, ${MAX_FLOORS}], got ${iv.floors}`);
        need(BUILDING_USES.includes(iv.use), id, 'use', `must be one of ${BUILDING_USES.join(', ')}, got ${JSON.stringify(iv.use)}`);
        const per = iv.period ?? 'after-2012';
        need(CONSTRUCTION_PERIODS.includes(per), id, 'period', `must be one of ${CONSTRUCTION_PERIODS.join(', ')}, got ${JSON.stringify(per)}`);
        const u = BUILDING_USES.indexOf(iv.use);
        if (iv.heightM !== undefined) need(Number.isFinite(iv.heightM) && iv.heightM > 0 && iv.heightM <= 1000, id, 'heightM', `must be a height in ]0, 1000] m, got ${iv.heightM}`);
        const fp = makeZone(iv.footprint, `intervention "${id}" footprint`);
        const g = orientRings(fp.rings);
        const [x, y] = ringsCentroid(g);
        let replacedArea = 0;
        for (let j = 0; j < alive.length; j++) {
          if (!alive[j] || !inZone(fp, cx[j], cy[j])) continue;
          alive[j] = false;
          if (origin[j] >= 0) removedInput[origin[j]] = 2;
          replacedArea += area[j];
          entry.replaced++;
          entry.floorAreaBeforeM2 += area[j] * floors[j];
        }
        if (replacedArea > fp.areaM2) {
          sealX.push(x);
          sealY.push(y);
          sealA.push(replacedArea - fp.areaM2);
        }
        if (newDataset < 0) {
          newDataset = datasets.length;
          datasets.push({
            id: INTERVENTIONS_DATASET_ID, title: 'Buildings added by urban interventions', producer: 'Jumeau urban model', licence: 'as the territory',
            attribution: '', themes: ['urbanism'], date: '', sourceCrs: t.frame.sourceCrs, source: 'interventions', synthetic: false,
          });
        }
        origin.push(-1);
        rings.push(g);
        area.push(fp.areaM2);
        cx.push(x);
        cy.push(y);
        height.push(iv.heightM ?? iv.floors * storey(u));
        floors.push(iv.floors);
        use.push(u);
        period.push(CONSTRUCTION_PERIODS.indexOf(per));
        hRule.push(rule);
        fRule.push(rule);
        uRule.push(rule);
        pRule.push(rule);
        modified.push(1);
        alive.push(true);
        sourceId.push(`new:${id}`);
        entry.buildings = 1;
        break;
      }
    }
    let after = 0;
    if (iv.kind === 'add-building') after = area[area.length - 1] * floors[floors.length - 1];
    else if (iv.kind !== 'demolish') for (const j of selected) after += area[j] * floors[j];
    entry.floorAreaAfterM2 = after;
    log.push(entry);
  });

  return pack(t, { origin, rings, area, height, floors, use, period, hRule, fRule, uRule, pRule, modified, alive, sourceId }, rules, datasets, newDataset, removedInput, { sealX, sealY, sealA }, log);
}

/**
 * Scales the floors of `sel` so that Σ area × floors ≈ target: floors × k rounded down (≥ 1), then one more
 * floor for the largest remainders while it brings the total closer to the target (ties by index).
 */
function scaleFloorsTo(sel: number[], target: number, area: number[], floors: number[], setFloors: (j: number, f: number) => void): void {
  let cur = 0;
  for (const j of sel) cur += area[j] * floors[j];
  const k = target / cur;
  const want = sel.map((j) => floors[j] * k);
  let total = 0;
  const base = want.map((w, q) => {
    const f = Math.max(1, Math.floor(w));
    total += f * area[sel[q]];
    return f;
  });
  const order = sel.map((_, q) => q).sort((a, b) => want[b] - Math.floor(want[b]) - (want[a] - Math.floor(want[a])) || a - b);
  for (const q of order) {
    const a = area[sel[q]];
    if (want[q] < 1 || Math.abs(total + a - target) >= Math.abs(total - target)) continue;
    base[q]++;
    total += a;
  }
  sel.forEach((j, q) => setFloors(j, base[q]));
}

function inputRings(t: Territory, i: number): Float64Array[] {
  const p = t.buildings.footprint;
  const out: Float64Array[] = [];
  for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) out.push(p.xy.slice(2 * p.ringVertexStart[r], 2 * p.ringVertexStart[r + 1]));
  return out;
}

interface Work {
  origin: number[]; rings: (Float64Array[] | null)[]; area: number[]; height: number[]; floors: number[]; use: number[]; period: number[];
  hRule: number[]; fRule: number[]; uRule: number[]; pRule: number[]; modified: number[]; alive: boolean[]; sourceId: string[];
}

function pack(t: Territory, w: Work, rules: Territory['rules'], datasets: Dataset[], newDataset: number, removedInput: Uint8Array, s: { sealX: number[]; sealY: number[]; sealA: number[] }, log: InterventionLog[]): InterventionResult {
  const b = t.buildings;
  const keep: number[] = [];
  for (let j = 0; j < w.alive.length; j++) if (w.alive[j]) keep.push(j);
  const n = keep.length;
  // Geometry: new rings where an intervention made them, else the input feature's vertex range copied as is.
  const fp = b.footprint;
  let ringCount = 0;
  let vertexCount = 0;
  for (const j of keep) {
    const g = w.rings[j];
    const o = w.origin[j];
    if (g) {
      ringCount += g.length;
      for (const r of g) vertexCount += r.length / 2;
    } else {
      ringCount += fp.featureRingStart[o + 1] - fp.featureRingStart[o];
      vertexCount += fp.ringVertexStart[fp.featureRingStart[o + 1]] - fp.ringVertexStart[fp.featureRingStart[o]];
    }
  }
  const featureRingStart = new Uint32Array(n + 1);
  const ringVertexStart = new Uint32Array(ringCount + 1);
  const xy = new Float64Array(2 * vertexCount);
  let rr = 0;
  let vv = 0;
  keep.forEach((j, q) => {
    featureRingStart[q] = rr;
    const g = w.rings[j];
    if (g) {
      for (const r of g) {
        ringVertexStart[rr++] = vv;
        xy.set(r, 2 * vv);
        vv += r.length / 2;
      }
      return;
    }
    const o = w.origin[j];
    const r0 = fp.featureRingStart[o];
    const r1 = fp.featureRingStart[o + 1];
    const v0 = fp.ringVertexStart[r0];
    for (let r = r0; r < r1; r++) ringVertexStart[rr++] = vv + fp.ringVertexStart[r] - v0;
    const v1 = fp.ringVertexStart[r1];
    xy.set(fp.xy.subarray(2 * v0, 2 * v1), 2 * vv);
    vv += v1 - v0;
  });
  featureRingStart[n] = rr;
  ringVertexStart[rr] = vv;
  const origin = Int32Array.from(keep, (j) => w.origin[j]);
  const f32 = (get: (j: number, o: number) => number): Float32Array => Float32Array.from(keep, (j) => get(j, w.origin[j]));
  const u8 = (src: number[]): Uint8Array => Uint8Array.from(keep, (j) => src[j]);
  const modified = u8(w.modified);
  const keepValue = (arr: Float32Array) => (j: number, o: number): number => (o >= 0 && !w.modified[j] ? arr[o] : NaN);
  const keepRule = (arr: Uint8Array): Uint8Array => Uint8Array.from(keep, (j) => (w.origin[j] >= 0 && !w.modified[j] ? arr[w.origin[j]] : RULE_MISSING));
  const floorsOut = Uint16Array.from(keep, (j) => w.floors[j]);
  const areaOut = Float64Array.from(keep, (j) => w.area[j]);
  const newFloorAreaM2 = Float64Array.from(keep, (j, q) => {
    const o = w.origin[j];
    const fa = areaOut[q] * floorsOut[q];
    return o < 0 ? fa : Math.max(0, fa - b.footprintAreaM2[o] * b.floors[o]);
  });
  const buildings: Territory['buildings'] = {
    count: n,
    footprint: { featureRingStart, ringVertexStart, xy },
    sourceId: keep.map((j) => w.sourceId[j]),
    dataset: Uint16Array.from(keep, (j) => (w.origin[j] >= 0 ? b.dataset[w.origin[j]] : newDataset)),
    footprintAreaM2: areaOut,
    heightM: Float32Array.from(keep, (j) => w.height[j]),
    heightRule: u8(w.hRule),
    floors: floorsOut,
    floorsRule: u8(w.fRule),
    groundZM: f32((_, o) => (o >= 0 ? b.groundZM[o] : NaN)),
    use: u8(w.use),
    useRule: u8(w.uRule),
    period: u8(w.period),
    periodRule: u8(w.pRule),
    // Dwellings and inhabitants of changed buildings are no longer the imported ones: the urban model recomputes them.
    dwellings: f32(keepValue(b.dwellings)),
    dwellingsRule: keepRule(b.dwellingsRule),
    inhabitants: f32(keepValue(b.inhabitants)),
    inhabitantsRule: keepRule(b.inhabitantsRule),
  };
  return {
    territory: { ...t, rules, datasets, buildings },
    origin,
    modified,
    newFloorAreaM2,
    removedInput,
    sealedGround: { x: Float64Array.from(s.sealX), y: Float64Array.from(s.sealY), areaM2: Float64Array.from(s.sealA) },
    log,
  };
}
