/**
 * Aggregation of building results per zone and over the territory. Zone rows are the given zones in order plus a
 * last "outside" row for buildings (and sealed ground, impervious land cover) outside every zone, so that the sum
 * of the rows equals the territory total for every quantity.
 *
 * Imperviousness (m²) = roofs (building footprints) + ground left sealed by removed buildings + land cover of
 * class "impervious" (each polygon counted in the zone of its centroid).
 */
import type { AgeBand } from '../territory.ts';
import { FILOSOFI_AGE_BANDS, fromSingleYears, MAX_AGE, type cellAgeProfiles } from './ages.ts';
import type { BuildingResults, EquipmentResults, Service } from './model.ts';

export const OUTSIDE_ZONE = 'outside';

export interface ZoneResults {
  /** Rows: the zones, then "outside". */
  count: number;
  names: string[];
  buildings: Uint32Array;
  floorAreaM2: Float64Array;
  residentialFloorAreaM2: Float64Array;
  newFloorAreaM2: Float64Array;
  dwellings: Float64Array;
  inhabitants: Float64Array;
  jobs: Float64Array;
  children0to2: Float64Array;
  children3to5: Float64Array;
  children6to10: Float64Array;
  need: Record<Service, Float64Array>;
  formalChildcareNeed: Float64Array;
  /** Places of equipment allocated to the zone's buildings (2SFCA). */
  allocated: Record<Service, Float64Array>;
  /** allocated − need: > 0 surplus, < 0 deficit. */
  balance: Record<Service, Float64Array>;
  energyKWhPerYear: Float64Array;
  waterM3PerDay: Float64Array;
  roofAreaM2: Float64Array;
  sealedGroundM2: Float64Array;
  imperviousCoverM2: Float64Array;
  imperviousM2: Float64Array;
  /** Age bands of the territory (Filosofi bands when it has none) and inhabitants per band, row-major. */
  ageBands: AgeBand[];
  ageCounts: Float64Array;
}

export interface UrbanTotals {
  buildings: number;
  floorAreaM2: number;
  residentialFloorAreaM2: number;
  newFloorAreaM2: number;
  dwellings: number;
  inhabitants: number;
  jobs: number;
  children0to2: number;
  children3to5: number;
  children6to10: number;
  crechePlacesNeeded: number;
  formalChildcarePlacesNeeded: number;
  preschoolSeatsNeeded: number;
  primarySeatsNeeded: number;
  crechePlacesCapacity: number;
  preschoolSeatsCapacity: number;
  primarySeatsCapacity: number;
  /** Capacity − need over the territory (> 0 surplus). */
  crecheBalance: number;
  preschoolBalance: number;
  primaryBalance: number;
  /** Need that no equipment catchment reaches. */
  crecheUnreached: number;
  preschoolUnreached: number;
  primaryUnreached: number;
  energyMWhPerYear: number;
  waterM3PerDay: number;
  roofAreaM2: number;
  sealedGroundM2: number;
  imperviousCoverM2: number;
  imperviousM2: number;
}

export interface ImperviousInputs {
  sealedZone: Int32Array;
  sealedAreaM2: Float64Array;
  coverZone: Int32Array;
  coverAreaM2: Float64Array;
}

const SERVICES: Service[] = ['creche', 'preschool', 'primary'];

export function aggregateZones(
  b: BuildingResults,
  zoneNames: string[],
  territoryBands: AgeBand[],
  ages: ReturnType<typeof cellAgeProfiles>,
  imp: ImperviousInputs,
  equipment: EquipmentResults,
): { zones: ZoneResults; totals: UrbanTotals } {
  const Z = zoneNames.length + 1;
  const row = (z: number): number => (z < 0 ? Z - 1 : z);
  const f = (): Float64Array => new Float64Array(Z);
  const per = (): Record<Service, Float64Array> => ({ creche: f(), preschool: f(), primary: f() });
  const bands = territoryBands.length ? territoryBands : FILOSOFI_AGE_BANDS;
  const zr: ZoneResults = {
    count: Z, names: [...zoneNames, OUTSIDE_ZONE], buildings: new Uint32Array(Z), floorAreaM2: f(), residentialFloorAreaM2: f(), newFloorAreaM2: f(),
    dwellings: f(), inhabitants: f(), jobs: f(), children0to2: f(), children3to5: f(), children6to10: f(), need: per(), formalChildcareNeed: f(),
    allocated: per(), balance: per(), energyKWhPerYear: f(), waterM3PerDay: f(), roofAreaM2: f(), sealedGroundM2: f(), imperviousCoverM2: f(), imperviousM2: f(),
    ageBands: bands, ageCounts: new Float64Array(Z * bands.length),
  };
  const Y = MAX_AGE + 1;
  const years = new Float64Array(Z * Y);
  const cells = ages.fromCell.length;
  const inhByZoneCell = new Map<number, number>();
  const [nc, np, nq, ac, ap, aq] = [zr.need.creche, zr.need.preschool, zr.need.primary, zr.allocated.creche, zr.allocated.preschool, zr.allocated.primary];
  const [bnc, bnp, bnq, bac, bap, baq] = [b.need.creche, b.need.preschool, b.need.primary, b.allocated.creche, b.allocated.preschool, b.allocated.primary];
  for (let i = 0; i < b.count; i++) {
    const z = row(b.zone[i]);
    zr.buildings[z]++;
    zr.floorAreaM2[z] += b.floorAreaM2[i];
    zr.residentialFloorAreaM2[z] += b.residentialFloorAreaM2[i];
    zr.newFloorAreaM2[z] += b.newFloorAreaM2[i];
    zr.dwellings[z] += b.dwellings[i];
    zr.inhabitants[z] += b.inhabitants[i];
    zr.jobs[z] += b.jobs[i];
    zr.children0to2[z] += b.children0to2[i];
    zr.children3to5[z] += b.children3to5[i];
    zr.children6to10[z] += b.children6to10[i];
    zr.formalChildcareNeed[z] += b.formalChildcareNeed[i];
    nc[z] += bnc[i];
    np[z] += bnp[i];
    nq[z] += bnq[i];
    ac[z] += bac[i];
    ap[z] += bap[i];
    aq[z] += baq[i];
    zr.energyKWhPerYear[z] += b.energyKWhPerYear[i];
    zr.waterM3PerDay[z] += b.waterM3PerDay[i];
    zr.roofAreaM2[z] += b.footprintAreaM2[i];
    const inh = b.inhabitants[i];
    if (inh > 0) {
      const key = z * (cells + 1) + b.cell[i] + 1;
      inhByZoneCell.set(key, (inhByZoneCell.get(key) ?? 0) + inh);
    }
  }
  // Ages: inhabitants of each (zone, cell) pair × the cell's age profile (national profile outside cells).
  for (const [key, inh] of inhByZoneCell) {
    const z = Math.floor(key / (cells + 1));
    const c = (key % (cells + 1)) - 1;
    const prof = c >= 0 ? ages.shares.subarray(c * Y, c * Y + Y) : ages.national;
    for (let a = 0; a < Y; a++) years[z * Y + a] += inh * prof[a];
  }
  for (let k = 0; k < imp.sealedZone.length; k++) zr.sealedGroundM2[row(imp.sealedZone[k])] += imp.sealedAreaM2[k];
  for (let k = 0; k < imp.coverZone.length; k++) zr.imperviousCoverM2[row(imp.coverZone[k])] += imp.coverAreaM2[k];
  for (let z = 0; z < Z; z++) {
    for (const s of SERVICES) zr.balance[s][z] = zr.allocated[s][z] - zr.need[s][z];
    zr.imperviousM2[z] = zr.roofAreaM2[z] + zr.sealedGroundM2[z] + zr.imperviousCoverM2[z];
    fromSingleYears(years.subarray(z * Y, z * Y + Y), bands, zr.ageCounts.subarray(z * bands.length, (z + 1) * bands.length));
  }

  const sum = (a: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    return s;
  };
  const capacity = (s: Service): number => {
    let c = 0;
    for (let q = 0; q < equipment.count; q++) if (equipment.service[q] === s) c += equipment.capacity[q];
    return c;
  };
  const unreached = (s: Service): number => {
    // Need of buildings no catchment reaches: need − Σ attributed demand.
    let a = 0;
    for (let q = 0; q < equipment.count; q++) if (equipment.service[q] === s) a += equipment.attributedDemand[q];
    return Math.max(0, sum(b.need[s]) - a);
  };
  const totals: UrbanTotals = {
    buildings: b.count,
    floorAreaM2: sum(b.floorAreaM2),
    residentialFloorAreaM2: sum(b.residentialFloorAreaM2),
    newFloorAreaM2: sum(b.newFloorAreaM2),
    dwellings: sum(b.dwellings),
    inhabitants: sum(b.inhabitants),
    jobs: sum(b.jobs),
    children0to2: sum(b.children0to2),
    children3to5: sum(b.children3to5),
    children6to10: sum(b.children6to10),
    crechePlacesNeeded: sum(b.need.creche),
    formalChildcarePlacesNeeded: sum(b.formalChildcareNeed),
    preschoolSeatsNeeded: sum(b.need.preschool),
    primarySeatsNeeded: sum(b.need.primary),
    crechePlacesCapacity: capacity('creche'),
    preschoolSeatsCapacity: capacity('preschool'),
    primarySeatsCapacity: capacity('primary'),
    crecheBalance: capacity('creche') - sum(b.need.creche),
    preschoolBalance: capacity('preschool') - sum(b.need.preschool),
    primaryBalance: capacity('primary') - sum(b.need.primary),
    crecheUnreached: unreached('creche'),
    preschoolUnreached: unreached('preschool'),
    primaryUnreached: unreached('primary'),
    energyMWhPerYear: sum(b.energyKWhPerYear) / 1000,
    waterM3PerDay: sum(b.waterM3PerDay),
    roofAreaM2: sum(b.footprintAreaM2),
    sealedGroundM2: sum(imp.sealedAreaM2),
    imperviousCoverM2: sum(imp.coverAreaM2),
    imperviousM2: 0,
  };
  totals.imperviousM2 = totals.roofAreaM2 + totals.sealedGroundM2 + totals.imperviousCoverM2;
  return { zones: zr, totals };
}
