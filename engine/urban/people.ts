/**
 * From floor area to people, per building (§ 2 of the densification model):
 *
 * - floor area = footprint × floors (floors are always ≥ 1 in a territory: data/impute.ts derives missing ones
 *   from the height, max(1, round(height / storey height by use)));
 * - residential floor area = floor area × residential share (residential 1, mixed all floors but the ground one);
 * - dwellings = residential floor area × living/gross ratio / mean dwelling size (house when floors ≤
 *   houseMaxFloors, flat otherwise; INSEE Enquête Logement 2013 sizes, the constants of data/impute.ts);
 * - inhabitants = dwellings × occupied share × household size of the building's population cell
 *   (cell inhabitants / households, else the default 2.12, Rennes arrondissement, INSEE);
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
  /** Model dwellings (before any baseline data). */
  modelDwellings: Float64Array;
  householdSize: Float64Array;
  dwellings: Float64Array;
  dwellingsSource: Uint8Array;
  inhabitants: Float64Array;
  inhabitantsSource: Uint8Array;
  jobs: Float64Array;
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

/** Dwellings the model gives to a residential floor area (m²) in a building of `floors` floors. */
export function modelDwellings(residentialFloorAreaM2: number, floors: number, p: UrbanParams): number {
  if (!(residentialFloorAreaM2 > 0)) return 0;
  return (residentialFloorAreaM2 * p.netToGross) / (floors <= p.houseMaxFloors ? p.houseAreaM2 : p.flatAreaM2);
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
    floorAreaM2: new Float64Array(n), residentialFloorAreaM2: new Float64Array(n), modelDwellings: new Float64Array(n), householdSize: new Float64Array(n),
    dwellings: new Float64Array(n), dwellingsSource: new Uint8Array(n), inhabitants: new Float64Array(n), inhabitantsSource: new Uint8Array(n), jobs: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const fa = b.footprintAreaM2[i] * b.floors[i];
    const rs = residentialShare(b.use[i], b.floors[i]);
    o.floorAreaM2[i] = fa;
    o.residentialFloorAreaM2[i] = fa * rs;
    o.modelDwellings[i] = modelDwellings(fa * rs, b.floors[i], p);
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
