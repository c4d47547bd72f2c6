/**
 * The densification model: a territory (and optionally interventions) → per building, per zone, per equipment
 * and territory-wide results with units. Steps: people (people.ts), age structure (ages.ts), public-equipment
 * needs and their comparison with capacities within catchments (catchment.ts, supply.ts), energy (energy.ts),
 * water and imperviousness; interventions in interventions.ts. Sources of every coefficient: params.ts and the
 * module comments. Inputs are never mutated; same inputs → identical results.
 */
import { EQUIPMENT_KINDS, LAND_COVERS, RULE_MISSING, featureArea, featureCentroid, type Polygons, type Territory } from '../territory.ts';
import { PolygonGridIndex } from '../spatial.ts';
import { cellAgeProfiles, MAX_AGE, sumAges } from './ages.ts';
import { CatchmentIndex } from './catchment.ts';
import { buildingEnergy, dpeClass, type BuildingEnergy } from './energy.ts';
import { applyInterventions, type Intervention, type InterventionResult } from './interventions.ts';
import { UrbanInputError, validateParams, type UrbanParams } from './params.ts';
import { baselinePeople, modelPeople, scenarioPeople, SOURCE, type PeopleArrays } from './people.ts';
import { potentialDemand, twoStepFloatingCatchment } from './supply.ts';
import { aggregateZones, type UrbanTotals, type ZoneResults } from './zones.ts';

export const SERVICES = ['creche', 'preschool', 'primary'] as const;
export type Service = (typeof SERVICES)[number];

export interface UrbanOptions {
  params: UrbanParams;
  /** Baseline dwellings / inhabitants: 'data' (default) keeps the territory's measured and grid values, 'model' re-estimates all from buildings. */
  baseline?: 'data' | 'model';
  /** Aggregation zones (local metres) and their names; default: the population cells. */
  zones?: { geometry: Polygons; names: string[] };
  interventions?: readonly Intervention[];
}

export interface BuildingResults extends PeopleArrays {
  count: number;
  sourceId: string[];
  /** Centroid (local metres). */
  x: Float64Array;
  y: Float64Array;
  /** Aggregation zone (−1: outside every zone) and population cell (−1: none). */
  zone: Int32Array;
  cell: Int32Array;
  newFloorAreaM2: Float64Array;
  footprintAreaM2: Float64Array;
  children0to2: Float64Array;
  children3to5: Float64Array;
  children6to10: Float64Array;
  /** Needs: crèche places, pre-school and primary seats. */
  need: Record<Service, Float64Array>;
  /** Places allocated by the 2SFCA (supply.ts). */
  allocated: Record<Service, Float64Array>;
  formalChildcareNeed: Float64Array;
  energyKWhPerYear: Float64Array;
  /** DPE class of the residential part (0 = A … 6 = G), 255 without dwellings. */
  dpeClass: Uint8Array;
  waterM3PerDay: Float64Array;
}

/** One row per (equipment, service) it provides. */
export interface EquipmentResults {
  count: number;
  equipment: Int32Array;
  service: Service[];
  /** Capacity used (places / pupils; a school's is split between pre-school and primary). */
  capacity: Float64Array;
  /** 1 when the equipment had no known capacity and got the documented default. */
  capacityDefaulted: Uint8Array;
  potentialDemand: Float64Array;
  attributedDemand: Float64Array;
  /** capacity − attributed demand: > 0 surplus, < 0 deficit. */
  balance: Float64Array;
  buildingsReached: Uint32Array;
  buildingsReachedByNetwork: Uint32Array;
}

export interface UrbanState {
  territory: Territory;
  buildings: BuildingResults;
  zones: ZoneResults;
  equipment: EquipmentResults;
  totals: UrbanTotals;
  notes: string[];
}

export interface UrbanResult {
  baseline: UrbanState;
  scenario: UrbanState | null;
  interventions: InterventionResult | null;
  /** scenario − baseline for every total (null without interventions). */
  delta: UrbanTotals | null;
}

/** Runs the model on the baseline territory and, with interventions, on the changed one. */
export function runUrban(t: Territory, opts: UrbanOptions): UrbanResult {
  validateParams(opts.params);
  const mode = opts.baseline ?? 'data';
  if (mode !== 'data' && mode !== 'model') throw new UrbanInputError(`baseline must be "data" or "model", got ${JSON.stringify(mode)}`);
  const zones = opts.zones ?? { geometry: t.population.geometry, names: t.population.sourceId };
  const zoneCount = zones.geometry.featureRingStart.length - 1;
  if (zones.names.length !== zoneCount) throw new UrbanInputError(`zones: ${zoneCount} polygons but ${zones.names.length} names`);
  const ctx = new Context(t, zones, opts.params);
  const baseline = ctx.evaluate(t, (people) => baselinePeople(t, people, mode, opts.params), new Float64Array(t.buildings.count), null);
  const noteMode =
    mode === 'data'
      ? `baseline dwellings: ${count(baseline.buildings.dwellingsSource, 0)} buildings measured, ${count(baseline.buildings.dwellingsSource, 1)} from the population grid, ${count(baseline.buildings.dwellingsSource, 2)} estimated by the model; inhabitants: ${count(baseline.buildings.inhabitantsSource, 0)} measured, ${count(baseline.buildings.inhabitantsSource, 1)} from the population grid, ${count(baseline.buildings.inhabitantsSource, 2)} estimated`
      : 'baseline dwellings and inhabitants all estimated from the buildings (floor area → dwellings → household size)';
  baseline.notes.unshift(noteMode);
  let assumed = 0;
  for (let i = 0; i < baseline.buildings.count; i++) if (baseline.buildings.useAssumed[i] && baseline.buildings.dwellingsSource[i] === SOURCE.model) assumed++;
  if (assumed) {
    const p = opts.params;
    baseline.notes.splice(1, 0, `${assumed} buildings estimated by the model have an assumed residential use (no use in the source, e.g. BD TOPO v2): their dwellings × unknown-use yield (houses ${p.unknownUseHouseYield}, collective ${p.unknownUseCollectiveYield}, large ${p.unknownUseLargeYield})`);
  }
  if (!opts.interventions || opts.interventions.length === 0) return { baseline, scenario: null, interventions: null, delta: null };
  const iv = applyInterventions(t, opts.interventions, opts.params);
  const scenario = ctx.evaluate(iv.territory, (people) => scenarioPeople(people, iv.origin, iv.modified, baseline.buildings, opts.params), iv.newFloorAreaM2, iv.sealedGround);
  const delta = {} as UrbanTotals;
  for (const k of Object.keys(baseline.totals) as (keyof UrbanTotals)[]) delta[k] = scenario.totals[k] - baseline.totals[k];
  return { baseline, scenario, interventions: iv, delta };
}

function count(a: Uint8Array, v: number): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === v) c++;
  return c;
}

/** What baseline and scenario share: zone and cell indexes, age profiles, equipment capacities. */
class Context {
  private readonly zoneIndex: PolygonGridIndex;
  private readonly cellIndex: PolygonGridIndex;
  private readonly ages: ReturnType<typeof cellAgeProfiles>;
  private readonly imperviousCoverZone: { zone: Int32Array; areaM2: Float64Array };

  constructor(
    private readonly t: Territory,
    private readonly zones: { geometry: Polygons; names: string[] },
    private readonly p: UrbanParams,
  ) {
    this.zoneIndex = new PolygonGridIndex(zones.geometry);
    this.cellIndex = zones.geometry === t.population.geometry ? this.zoneIndex : new PolygonGridIndex(t.population.geometry);
    this.ages = cellAgeProfiles(t.population);
    // Impervious land cover, each polygon counted in the zone of its centroid.
    const lc = t.landCover;
    const imp = LAND_COVERS.indexOf('impervious');
    const zone: number[] = [];
    const areaM2: number[] = [];
    const c = [0, 0];
    for (let i = 0; i < lc.count; i++) {
      if (lc.cover[i] !== imp) continue;
      featureCentroid(lc.geometry, i, c);
      zone.push(this.zoneIndex.find(c[0], c[1]));
      areaM2.push(featureArea(lc.geometry, i));
    }
    this.imperviousCoverZone = { zone: Int32Array.from(zone), areaM2: Float64Array.from(areaM2) };
  }

  evaluate(t: Territory, fillPeople: (p: PeopleArrays) => void, newFloorAreaM2: Float64Array, sealed: InterventionResult['sealedGround'] | null): UrbanState {
    const p = this.p;
    const b = t.buildings;
    const n = b.count;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const zone = new Int32Array(n);
    const cell = new Int32Array(n);
    const c = [0, 0];
    for (let i = 0; i < n; i++) {
      const fa = b.footprintAreaM2[i];
      if (!Number.isFinite(fa) || fa < 0) throw new UrbanInputError(`building ${i} (${b.sourceId[i]}): footprintAreaM2 must be a finite area ≥ 0, got ${fa}`);
      if (!(b.floors[i] >= 1)) throw new UrbanInputError(`building ${i} (${b.sourceId[i]}): floors must be ≥ 1, got ${b.floors[i]}`);
      featureCentroid(b.footprint, i, c);
      x[i] = c[0];
      y[i] = c[1];
      zone[i] = this.zoneIndex.find(c[0], c[1]);
      cell[i] = this.cellIndex === this.zoneIndex ? zone[i] : this.cellIndex.find(c[0], c[1]);
    }
    const people = modelPeople(t, cell, p);
    fillPeople(people);

    // Age structure → children → needs.
    const Y = MAX_AGE + 1;
    const c02 = new Float64Array(n);
    const c35 = new Float64Array(n);
    const c610 = new Float64Array(n);
    const need = { creche: new Float64Array(n), preschool: new Float64Array(n), primary: new Float64Array(n) };
    const formal = new Float64Array(n);
    const { shares, national } = this.ages;
    for (let i = 0; i < n; i++) {
      const inh = people.inhabitants[i];
      if (!(inh > 0)) continue;
      const row = cell[i] >= 0 ? shares.subarray(cell[i] * Y, cell[i] * Y + Y) : national;
      c02[i] = inh * sumAges(row, 0, 2);
      c35[i] = inh * sumAges(row, 3, 5);
      c610[i] = inh * sumAges(row, 6, 10);
      need.creche[i] = (c02[i] * p.crechePlacesPer100Under3) / 100;
      formal[i] = (c02[i] * p.formalChildcarePlacesPer100Under3) / 100;
      need.preschool[i] = c35[i] * p.preschoolEnrolment;
      need.primary[i] = c610[i] * p.primaryEnrolment;
    }

    // Energy and water.
    const energy = new Float64Array(n);
    const dpe = new Uint8Array(n).fill(255);
    const water = new Float64Array(n);
    const e: BuildingEnergy = { kWh: 0, residentialKWh: 0, livingAreaM2: 0 };
    for (let i = 0; i < n; i++) {
      buildingEnergy(people.floorAreaM2[i], newFloorAreaM2[i], b.floors[i], b.use[i], b.period[i], p, e);
      energy[i] = e.kWh;
      if (e.livingAreaM2 > 0 && people.dwellings[i] > 0) dpe[i] = dpeClass(e.residentialKWh / e.livingAreaM2);
      water[i] = (people.inhabitants[i] * p.waterLPerPersonDay) / 1000;
    }

    const { equipment, allocated, notes } = this.supply(t, x, y, need);
    const buildings: BuildingResults = {
      ...people, count: n, sourceId: b.sourceId, x, y, zone, cell, newFloorAreaM2, footprintAreaM2: b.footprintAreaM2,
      children0to2: c02, children3to5: c35, children6to10: c610, need, allocated, formalChildcareNeed: formal,
      energyKWhPerYear: energy, dpeClass: dpe, waterM3PerDay: water,
    };
    const sealedZone = sealed ? Int32Array.from(sealed.x, (sx, k) => this.zoneIndex.find(sx, sealed.y[k])) : new Int32Array(0);
    const { zones, totals } = aggregateZones(buildings, this.zones.names, this.t.population.ageBands, this.ages, {
      sealedZone, sealedAreaM2: sealed ? sealed.areaM2 : new Float64Array(0), coverZone: this.imperviousCoverZone.zone, coverAreaM2: this.imperviousCoverZone.areaM2,
    }, equipment);
    const outside = count(Uint8Array.from(zone, (z) => (z < 0 ? 1 : 0)), 1);
    if (outside) notes.push(`${outside} buildings lie outside every zone: their results are in the "outside" row`);
    return { territory: t, buildings, zones, equipment, totals, notes };
  }

  /** Capacities, catchments and the 2SFCA allocation for the three services. */
  private supply(t: Territory, bx: Float64Array, by: Float64Array, need: Record<Service, Float64Array>): { equipment: EquipmentResults; allocated: Record<Service, Float64Array>; notes: string[] } {
    const p = this.p;
    const eq = t.equipment;
    const n = bx.length;
    const notes: string[] = [];
    // Demand points: buildings with some need.
    const pts: number[] = [];
    for (let i = 0; i < n; i++) if (need.creche[i] > 0 || need.preschool[i] > 0 || need.primary[i] > 0) pts.push(i);
    const px = Float64Array.from(pts, (i) => bx[i]);
    const py = Float64Array.from(pts, (i) => by[i]);
    const index = new CatchmentIndex(t.roads, px, py, p.snapMaxM);
    const K = (k: string): number => EQUIPMENT_KINDS.indexOf(k as (typeof EQUIPMENT_KINDS)[number]);
    const kinds: Record<Service, number[]> = { creche: [K('creche')], preschool: [K('preschool'), K('school')], primary: [K('primary'), K('school')] };
    const radius: Record<Service, number> = { creche: p.catchmentCrecheM, preschool: p.catchmentPreschoolM, primary: p.catchmentPrimaryM };
    const defaults: Record<number, number> = { [K('creche')]: p.defaultCapacityCreche, [K('preschool')]: p.defaultCapacityPreschool, [K('primary')]: p.defaultCapacityPrimary, [K('school')]: p.defaultCapacitySchool };
    const capacityOf = (j: number): [number, boolean] => {
      const v = eq.capacity[j];
      if (eq.capacityRule[j] !== RULE_MISSING && Number.isFinite(v) && v >= 0) return [v, false];
      return [defaults[eq.kind[j]], true];
    };
    const rows = { equipment: [] as number[], service: [] as Service[], capacity: [] as number[], defaulted: [] as number[], pd: [] as number[], ad: [] as number[], bal: [] as number[], reached: [] as number[], net: [] as number[] };
    const allocated = { creche: new Float64Array(n), preschool: new Float64Array(n), primary: new Float64Array(n) };
    const perService = SERVICES.map((s) => {
      const list: number[] = [];
      for (let j = 0; j < eq.count; j++) if (kinds[s].includes(eq.kind[j])) list.push(j);
      const pairs = index.pairs(Float64Array.from(list, (j) => eq.xy[2 * j]), Float64Array.from(list, (j) => eq.xy[2 * j + 1]), new Float64Array(list.length).fill(radius[s]));
      const pneed = Float64Array.from(pts, (i) => need[s][i]);
      return { s, list, pairs, pneed, D: potentialDemand(pneed, pairs) };
    });
    // A school serves both levels: its capacity is split by the demand in its two catchments (3 : 5 by age span when none).
    const schoolDemand = new Map<number, { pre: number; prim: number }>();
    for (const r of perService)
      r.list.forEach((j, q) => {
        if (eq.kind[j] !== K('school')) return;
        const d = schoolDemand.get(j) ?? { pre: 0, prim: 0 };
        if (r.s === 'preschool') d.pre = r.D[q];
        if (r.s === 'primary') d.prim = r.D[q];
        schoolDemand.set(j, d);
      });
    let defaultedCount = 0;
    for (const r of perService) {
      const cap = new Float64Array(r.list.length);
      const dfl = new Uint8Array(r.list.length);
      r.list.forEach((j, q) => {
        const [v, d] = capacityOf(j);
        let share = 1;
        if (eq.kind[j] === K('school')) {
          const sd = schoolDemand.get(j)!;
          const tot = sd.pre + sd.prim;
          const pre = tot > 0 ? sd.pre / tot : 3 / 8;
          share = r.s === 'preschool' ? pre : 1 - pre;
        }
        cap[q] = v * share;
        dfl[q] = d ? 1 : 0;
      });
      const res = twoStepFloatingCatchment(r.pneed, cap, r.pairs);
      pts.forEach((i, q) => (allocated[r.s][i] = res.allocated[q]));
      r.list.forEach((j, q) => {
        rows.equipment.push(j);
        rows.service.push(r.s);
        rows.capacity.push(cap[q]);
        rows.defaulted.push(dfl[q]);
        rows.pd.push(res.potentialDemand[q]);
        rows.ad.push(res.attributedDemand[q]);
        rows.bal.push(res.balance[q]);
        rows.reached.push(res.reached[q]);
        rows.net.push(res.reachedNetwork[q]);
      });
    }
    const defaultedEquipment = new Set<number>();
    rows.equipment.forEach((j, q) => rows.defaulted[q] && defaultedEquipment.add(j));
    defaultedCount = defaultedEquipment.size;
    if (defaultedCount) notes.push(`${defaultedCount} crèches / schools have no known capacity and got the documented defaults (flagged capacity_defaulted)`);
    let straight = 0;
    for (let i = 0; i < pts.length; i++) if (index.pointNode[i] < 0) straight++;
    if (straight) notes.push(`${straight} buildings with needs are farther than ${p.snapMaxM} m from any road node: straight-line distances to equipment`);
    if (!t.roads.nodeCount) notes.push('no road network: catchments use straight-line distances');
    for (const r of perService) if (!r.list.length) notes.push(`no ${r.s === 'creche' ? 'crèche' : r.s === 'preschool' ? 'pre-school or school' : 'primary school or school'} in the territory's equipment: its whole need is a deficit`);
    const equipment: EquipmentResults = {
      count: rows.equipment.length,
      equipment: Int32Array.from(rows.equipment),
      service: rows.service,
      capacity: Float64Array.from(rows.capacity),
      capacityDefaulted: Uint8Array.from(rows.defaulted),
      potentialDemand: Float64Array.from(rows.pd),
      attributedDemand: Float64Array.from(rows.ad),
      balance: Float64Array.from(rows.bal),
      buildingsReached: Uint32Array.from(rows.reached),
      buildingsReachedByNetwork: Uint32Array.from(rows.net),
    };
    return { equipment, allocated, notes };
  }
}
