/**
 * From floor area to people, per building (§ 2 of the densification model):
 *
 * - floor area = footprint × floors (floors are always ≥ 1 in a territory: data/impute.ts derives missing ones
 *   from the height, max(1, round(height / storey height by use)));
 * - residential floor area = floor area × residential share (residential 1, mixed all floors but the ground one);
 * - dwellings: a house (≤ houseMaxFloors floors and footprint ≤ houseMaxFootprintM2) holds one dwelling (INSEE:
 *   a "maison" is one individual dwelling); other buildings: residential floor area × living/gross ratio / mean
 *   dwelling size (house size when ≤ houseMaxFloors floors — rows of houses —, flat size otherwise; INSEE
 *   Enquête Logement 2013, the constants of data/impute.ts);
 * - when the residential use is assumed rather than known (BD TOPO v2 "bâti indifférencié", rules
 *   {@link ASSUMED_RESIDENTIAL_USE_RULES}), those dwellings are multiplied by the unknown-use yield of the
 *   building's class (house-like, collective, large footprint), calibrated in calibrate.ts: offices, shops,
 *   schools and sheds of that layer hold no dwelling;
 * - inhabitants = dwellings × occupied share (main residences, INSEE) × household size of the building's
 *   population cell (cell inhabitants / households, else the default 2.12, Rennes arrondissement, INSEE);
 * - jobs = non-residential floor area / m² per job of the use.
 *
 * Baseline from the data: a building keeps the dwellings / inhabitants of the territory when they are measured
 * (rule 0, e.g. BD TOPO v3 NB_LOGTS) or shares of the population grid (Filosofi cell totals shared among the
 * cell's buildings at import, rules {@link POPULATION_GRID_RULES}); the model only fills the other buildings.
 * Scenario: an unchanged building keeps its baseline; a changed one keeps its baseline plus the model's change
 * (Δ dwellings from the change of residential floor area, × occupied share × household size), never below 0
 * and 0 without residential floor area; a new building gets the model's values.
 */
import { RULE_MEASURED, type Territory } from '../territory.ts';
import { residentialShare, USE, type UrbanParams } from './params.ts';

/** Where a building's dwellings / inhabitants come from. */
export const VALUE_SOURCES = ['measured', 'population-grid', 'model', 'baseline-plus-change', 'new-building'] as const;
export const SOURCE = { measured: 0, grid: 1, model: 2, changed: 3, new: 4 } as const;

/**
 * Provenance rules of data/impute.ts whose values are shares of the population grid (INSEE cell totals), kept
 * as data in the baseline. Identifiers are stable (engine/territory.ts `ProvenanceRule.id`); a test checks them
 * against the rules the territory builder registers.
 */
export const POPULATION_GRID_RULES = {
  dwellings: 'dwellings.cell-households-by-floor-area',
  inhabitants: 'inhabitants.cell-by-dwellings',
} as const;

/** Per-building quantities of the floor-area → people chain. */
export interface PeopleArrays {
  floorAreaM2: Float64Array;
  residentialFloorAreaM2: Float64Array;
  /** Dwelling class ({@link DWELLING_CLASSES}) and 1 when the residential use is assumed (unknown-use yield applied). */
  dwellingClass: Uint8Array;
  useAssumed: Uint8Array;
  /** Model dwellings (before any baseline data). */
  modelDwellings: Float64Array;
  householdSize: Float64Array;
  dwellings: Float64Array;
  dwellingsSource: Uint8Array;
  inhabitants: Float64Array;
  inhabitantsSource: Uint8Array;
  jobs: Float64Array;
}

/**
 * Provenance rules of the importers that give a building the residential use by assumption, without a use in
 * the source (BD TOPO v2 "bâti indifférencié" read by data/importers/bdtopo-layers.ts and geojson-layers.ts).
 * A test checks these ids against the importers.
 */
export const ASSUMED_RESIDENTIAL_USE_RULES = ['use.bdtopo-v2-indifferencie-residential', 'use.bdtopo-v2-layer'] as const;

/** Dwelling classes of the model: house (one dwelling), collective, large footprint. */
export const DWELLING_CLASSES = ['house', 'collective', 'large'] as const;
export const DWELLING_CLASS = { house: 0, collective: 1, large: 2 } as const;

/** Dwelling class of a building of `floors` floors and `footprintM2` footprint. */
export function dwellingClass(floors: number, footprintM2: number, p: UrbanParams): number {
  if (footprintM2 >= p.largeFootprintM2) return DWELLING_CLASS.large;
  return floors <= p.houseMaxFloors && footprintM2 <= p.houseMaxFootprintM2 ? DWELLING_CLASS.house : DWELLING_CLASS.collective;
}

/** Dwellings of a building known to be (partly) residential: one per house, else living area / dwelling size. */
export function knownUseDwellings(residentialFloorAreaM2: number, floors: number, footprintM2: number, p: UrbanParams): number {
  if (!(residentialFloorAreaM2 > 0)) return 0;
  if (dwellingClass(floors, footprintM2, p) === DWELLING_CLASS.house) return 1;
  return (residentialFloorAreaM2 * p.netToGross) / (floors <= p.houseMaxFloors ? p.houseAreaM2 : p.flatAreaM2);
}

/** Unknown-use yield of a dwelling class (parameters unknownUse*Yield). */
export function unknownUseYield(cls: number, p: UrbanParams): number {
  return cls === DWELLING_CLASS.house ? p.unknownUseHouseYield : cls === DWELLING_CLASS.large ? p.unknownUseLargeYield : p.unknownUseCollectiveYield;
}

/** Indexes of the territory's rules listed in {@link ASSUMED_RESIDENTIAL_USE_RULES}. */
export function assumedUseRuleSet(t: Territory): Set<number> {
  const ids: readonly string[] = ASSUMED_RESIDENTIAL_USE_RULES;
  const out = new Set<number>();
  t.rules.forEach((r, i) => ids.includes(r.id) && out.add(i));
  return out;
}

/** m² of floor area per job for use code u (Infinity: no jobs). */
export function m2PerJob(u: number, p: UrbanParams): number {
  switch (u) {
    case USE.activity: return p.m2PerJobActivity;
    case USE.mixed: return p.m2PerJobMixed;
    case USE.public: return p.m2PerJobPublic;
    case USE.industrial: return p.m2PerJobIndustrial;
    default: return Infinity;
  }
}

/**
 * Dwellings the model gives to a building: {@link knownUseDwellings}, × the unknown-use yield of its class when
 * its residential use is assumed.
 */
export function modelDwellings(residentialFloorAreaM2: number, floors: number, footprintM2: number, useAssumed: boolean, p: UrbanParams): number {
  const d = knownUseDwellings(residentialFloorAreaM2, floors, footprintM2, p);
  return useAssumed && d > 0 ? d * unknownUseYield(dwellingClass(floors, footprintM2, p), p) : d;
}

/**
 * Model quantities for every building of `t` (floor area, dwellings, jobs, household size from `cellOf`), with
 * dwellings / inhabitants left for {@link baselinePeople} or {@link scenarioPeople}.
 */
export function modelPeople(t: Territory, cellOf: Int32Array, p: UrbanParams): PeopleArrays {
  const b = t.buildings;
  const n = b.count;
  const pop = t.population;
  const o: PeopleArrays = {
    floorAreaM2: new Float64Array(n), residentialFloorAreaM2: new Float64Array(n), dwellingClass: new Uint8Array(n), useAssumed: new Uint8Array(n),
    modelDwellings: new Float64Array(n), householdSize: new Float64Array(n), dwellings: new Float64Array(n), dwellingsSource: new Uint8Array(n),
    inhabitants: new Float64Array(n), inhabitantsSource: new Uint8Array(n), jobs: new Float64Array(n),
  };
  const assumed = assumedUseRuleSet(t);
  for (let i = 0; i < n; i++) {
    const fa = b.footprintAreaM2[i] * b.floors[i];
    const rs = residentialShare(b.use[i], b.floors[i]);
    o.floorAreaM2[i] = fa;
    o.residentialFloorAreaM2[i] = fa * rs;
    o.dwellingClass[i] = dwellingClass(b.floors[i], b.footprintAreaM2[i], p);
    o.useAssumed[i] = rs > 0 && assumed.has(b.useRule[i]) ? 1 : 0;
    o.modelDwellings[i] = modelDwellings(fa * rs, b.floors[i], b.footprintAreaM2[i], o.useAssumed[i] === 1, p);
    const c = cellOf[i];
    const hh = c >= 0 ? pop.inhabitants[c] / pop.households[c] : NaN;
    o.householdSize[i] = Number.isFinite(hh) && hh > 0 ? hh : p.householdSize;
    o.jobs[i] = (fa * (1 - rs)) / m2PerJob(b.use[i], p);
  }
  return o;
}

/** Baseline dwellings and inhabitants: data where the territory has them (mode 'data'), else the model. */
export function baselinePeople(t: Territory, o: PeopleArrays, mode: 'data' | 'model', p: UrbanParams): void {
  const b = t.buildings;
  const gridDw = t.rules.findIndex((r) => r.id === POPULATION_GRID_RULES.dwellings);
  const gridInh = t.rules.findIndex((r) => r.id === POPULATION_GRID_RULES.inhabitants);
  for (let i = 0; i < b.count; i++) {
    const dr = b.dwellingsRule[i];
    const ir = b.inhabitantsRule[i];
    const useData = mode === 'data';
    if (useData && (dr === RULE_MEASURED || (dr === gridDw && gridDw > 0)) && Number.isFinite(b.dwellings[i]) && b.dwellings[i] >= 0) {
      o.dwellings[i] = b.dwellings[i];
      o.dwellingsSource[i] = dr === RULE_MEASURED ? SOURCE.measured : SOURCE.grid;
    } else {
      o.dwellings[i] = o.modelDwellings[i];
      o.dwellingsSource[i] = SOURCE.model;
    }
    if (useData && (ir === RULE_MEASURED || (ir === gridInh && gridInh > 0)) && Number.isFinite(b.inhabitants[i]) && b.inhabitants[i] >= 0) {
      o.inhabitants[i] = b.inhabitants[i];
      o.inhabitantsSource[i] = ir === RULE_MEASURED ? SOURCE.measured : SOURCE.grid;
    } else {
      o.inhabitants[i] = o.dwellings[i] * p.occupiedDwellingShare * o.householdSize[i];
      o.inhabitantsSource[i] = SOURCE.model;
    }
  }
}

/**
 * Scenario dwellings and inhabitants of the buildings after interventions, from the baseline of their input
 * building (`origin`, −1 for new ones) and the model; see the module comment.
 */
export function scenarioPeople(o: PeopleArrays, origin: Int32Array, modified: Uint8Array, base: PeopleArrays, p: UrbanParams): void {
  for (let k = 0; k < origin.length; k++) {
    const i = origin[k];
    if (i >= 0 && !modified[k]) {
      o.dwellings[k] = base.dwellings[i];
      o.inhabitants[k] = base.inhabitants[i];
      o.dwellingsSource[k] = base.dwellingsSource[i];
      o.inhabitantsSource[k] = base.inhabitantsSource[i];
      continue;
    }
    const src = i < 0 ? SOURCE.new : SOURCE.changed;
    o.dwellingsSource[k] = o.inhabitantsSource[k] = src;
    if (!(o.residentialFloorAreaM2[k] > 0)) {
      o.dwellings[k] = o.inhabitants[k] = 0;
      continue;
    }
    if (i < 0) {
      o.dwellings[k] = o.modelDwellings[k];
      o.inhabitants[k] = o.dwellings[k] * p.occupiedDwellingShare * o.householdSize[k];
      continue;
    }
    const dw = Math.max(0, base.dwellings[i] + o.modelDwellings[k] - base.modelDwellings[i]);
    o.dwellings[k] = dw;
    o.inhabitants[k] = Math.max(0, base.inhabitants[i] + (dw - base.dwellings[i]) * p.occupiedDwellingShare * o.householdSize[k]);
  }
}
