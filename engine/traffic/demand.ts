/**
 * Travel demand of a territory: zones, trip generation and doubly-constrained gravity distribution, giving the
 * peak-hour car origin–destination matrix that ./assign.ts assigns (engine/traffic/README.md § Demand).
 *
 * 1. Zones — squares of side s in the local frame (zone (ix, iy) covers [ix·s, (ix+1)·s) × [iy·s, (iy+1)·s));
 *    s = `zoneSizeM`, or when it is 0 the smallest multiple of 200 m giving at most `maxZones` zones; each zone is
 *    split into sub-squares of ≈ 200 m (the INSEE Filosofi cell), holding:
 *    - inhabitants: per building when given (the urban model's output), else the population cells' inhabitants at
 *      their centroids;
 *    - jobs: per building when given, else non-residential floor area / m² per job of the use (the urban model's
 *      rule and defaults, engine/urban/people.ts);
 *    - school places: education equipment (crèche … higher education) by capacity (unknown capacity: the mean
 *      known capacity of that kind, else of all education equipment, else 1).
 * 2. Generation — daily car vehicle trips produced by the residents of zone i:
 *    P_i = inhabitants_i × tripsPerPersonDay × carShare / carOccupancy.
 * 3. Attraction — by purpose (shares of the non-home trip ends): A_j = ΣP × [w·J_j/ΣJ + e·E_j/ΣE + o·(H_j+J_j)/Σ(H+J)]
 *    with w = workShare (jobs J), e = studyShare (school places E), o = 1 − w − e (shopping, leisure, visits,
 *    escort: attracted by inhabitants H and jobs together); a purpose whose total is 0 gives its share to the
 *    others in proportion.
 * 4. Distribution — doubly-constrained gravity (./gravity.ts) with exponential deterrence exp(−β·d_ij) on the
 *    straight-line distance between zone centroids (centroid of inhabitants + jobs + school places), the distance
 *    of the fit of Lenormand et al. (2016) that gives the default β. Intrazonal pairs get d_ii = the mean distance
 *    between a resident and an attraction of the zone (sub-square centroids, 0.5214 × side within a sub-square), so
 *    intrazonal trips are explicit and the same β holds for any zoning.
 * 5. Peak-hour OD — the production–attraction matrix T is a daily one (every trip counted once at its home end);
 *    half of it is travelled each way (T + Tᵀ)/2 (the usual PA → OD conversion for home-based trips, Ortúzar &
 *    Willumsen, *Modelling Transport*), and the peak hour carries peakHourFactor of it in both directions.
 *    Intrazonal trips are not assigned; they are reported and count in vehicle-km at d_ii.
 * 6. External traffic — when exchangeShare or throughShare is > 0, gateways (./gateways.ts: main roads reaching the
 *    edge) become zones Z … Z + G − 1 after the Z internal ones (they count against maxZones), with exchange trips
 *    to and from the internal zones and through trips between them (./external.ts, peak-hour trips).
 */
import { EQUIPMENT_KINDS, featureCentroid, type Territory } from '../territory.ts';
import { m2PerJob } from '../urban/people.ts';
import { defaultModelParams, residentialShare } from '../urban/params.ts';
import { doublyConstrainedGravity, exponentialDeterrence, MEAN_DISTANCE_UNIT_SQUARE } from './gravity.ts';
import { externalDemand, type ExternalDemand } from './external.ts';
import { findGateways, noGateways } from './gateways.ts';
import { createDemand, type Demand } from './network.ts';
import type { TrafficParams } from './traffic-params.ts';
import * as dmath from '../math/dmath.ts';

/** Activity per building of the territory (e.g. the urban model's output), aligned with `territory.buildings`. */
export interface BuildingActivity {
  inhabitants?: ArrayLike<number>;
  jobs?: ArrayLike<number>;
}

/** Nominal size of the sub-squares (m): the INSEE Filosofi 200 m grid. */
export const SUB_SQUARE_M = 200;

const EDUCATION = new Set(['creche', 'preschool', 'primary', 'school', 'college', 'lycee', 'higher-education'].map((k) => EQUIPMENT_KINDS.indexOf(k as never)));

export interface TrafficZones {
  count: number;
  sizeM: number;
  /** Grid indices of each zone and its id `z_<ix>_<iy>`. */
  ix: Int32Array;
  iy: Int32Array;
  id: string[];
  /** Centroid of inhabitants + jobs + school places (local metres). */
  x: Float64Array;
  y: Float64Array;
  inhabitants: Float64Array;
  jobs: Float64Array;
  schoolPlaces: Float64Array;
  /** Mean distance between a resident and an attraction of the same zone (m). */
  internalDistanceM: Float64Array;
  /**
   * Sub-squares holding activity (connector points): zone and geometric centre. The centre, not the activity
   * centroid, so that a change of activity inside a sub-square keeps its connector (and warm starts stay possible).
   */
  pointZone: Int32Array;
  pointX: Float64Array;
  pointY: Float64Array;
  inhabitantsSource: 'buildings' | 'population-cells';
  jobsSource: 'buildings' | 'floor-area';
  notes: string[];
}

function perBuilding(name: string, v: ArrayLike<number> | undefined, n: number): ArrayLike<number> | undefined {
  if (!v) return undefined;
  if (v.length !== n) throw new Error(`traffic demand: ${name} has ${v.length} values, the territory has ${n} buildings`);
  for (let i = 0; i < n; i++) if (!(v[i] >= 0) || !Number.isFinite(v[i])) throw new Error(`traffic demand: ${name} of building ${i} must be a finite number ≥ 0, got ${v[i]}`);
  return v;
}

/** Purpose shares (work, study, other) with the shares of empty purposes given to the others in proportion. */
function purposeShares(p: TrafficParams, jobs: number, school: number, other: number): [number, number, number] {
  const s = [jobs > 0 ? p.workShare : 0, school > 0 ? p.studyShare : 0, other > 0 ? 1 - p.workShare - p.studyShare : 0];
  const t = s[0] + s[1] + s[2];
  if (t > 0) return [s[0] / t, s[1] / t, s[2] / t];
  // Every share of the present purposes is 0 (e.g. workShare 1 without jobs): weigh the present purposes equally.
  const present = [jobs > 0, school > 0, other > 0].map(Number);
  const n = present[0] + present[1] + present[2];
  return n ? [present[0] / n, present[1] / n, present[2] / n] : [0, 0, 0];
}

/**
 * Automatic zone size: the smallest multiple of 200 m (the Filosofi cell) whose grid puts the activity points in at
 * most `maxZones` squares. The assignment time grows with the number of zones (one bush per origin), so this keeps a
 * district fine-grained (200 m zones) and a metropolis within the time budget (1 000 m for the metropolis sample).
 */
export function autoZoneSize(x: ArrayLike<number>, y: ArrayLike<number>, maxZones: number): number {
  const seen = new Set<number>();
  for (let k = 1; ; k++) {
    const s = SUB_SQUARE_M * k;
    seen.clear();
    for (let i = 0; i < x.length && seen.size <= maxZones; i++) seen.add((Math.floor(y[i] / s) + 0x100000) * 0x200000 + Math.floor(x[i] / s) + 0x100000);
    if (seen.size <= maxZones || s >= 100_000) return s;
  }
}

/**
 * Zones of a territory with their inhabitants, jobs, school places, centroids and connector points. `reservedZones`
 * (the gateways) are taken off `maxZones` when the zone size is automatic.
 */
export function buildTrafficZones(t: Territory, p: TrafficParams, activity: BuildingActivity = {}, reservedZones = 0): TrafficZones {
  const b = t.buildings;
  const notes: string[] = [];
  const inhB = perBuilding('inhabitants', activity.inhabitants, b.count);
  let jobsB = perBuilding('jobs', activity.jobs, b.count);
  if (!jobsB) {
    // Only the m² per job of engine/urban's parameters are read by m2PerJob.
    const up = defaultModelParams() as Parameters<typeof m2PerJob>[1];
    const j = new Float64Array(b.count);
    for (let i = 0; i < b.count; i++) {
      const fa = b.footprintAreaM2[i] * b.floors[i];
      const per = m2PerJob(b.use[i], up);
      if (fa > 0 && Number.isFinite(per)) j[i] = (fa * (1 - residentialShare(b.use[i], b.floors[i]))) / per;
    }
    jobsB = j;
  }
  // Activity points: (x, y, inhabitants, jobs, school places).
  const P: { x: number[]; y: number[]; h: number[]; j: number[]; e: number[] } = { x: [], y: [], h: [], j: [], e: [] };
  const add = (x: number, y: number, h: number, jb: number, e: number, what: string): void => {
    if (!(h > 0 || jb > 0 || e > 0)) return;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`traffic demand: ${what} has no finite position`);
    P.x.push(x);
    P.y.push(y);
    P.h.push(h);
    P.j.push(jb);
    P.e.push(e);
  };
  const c = new Float64Array(2);
  const bx = new Float64Array(b.count);
  const by = new Float64Array(b.count);
  for (let i = 0; i < b.count; i++) {
    featureCentroid(b.footprint, i, c);
    bx[i] = c[0];
    by[i] = c[1];
  }
  for (let i = 0; i < b.count; i++) add(bx[i], by[i], inhB ? inhB[i] : 0, jobsB[i], 0, `building ${i} (${b.sourceId[i]})`);
  if (!inhB) {
    const pop = t.population;
    for (let i = 0; i < pop.count; i++) {
      const n = pop.inhabitants[i];
      if (!(n >= 0) || !Number.isFinite(n)) {
        if (Number.isNaN(n)) continue; // unknown: the cell adds nothing (reported below)
        throw new Error(`traffic demand: population cell ${i} (${pop.sourceId[i]}) has inhabitants ${n}`);
      }
      featureCentroid(pop.geometry, i, c);
      add(c[0], c[1], n, 0, 0, `population cell ${i} (${pop.sourceId[i]})`);
    }
    let unknown = 0;
    for (let i = 0; i < pop.count; i++) if (Number.isNaN(pop.inhabitants[i])) unknown++;
    if (unknown) notes.push(`${unknown} population cells without a known number of inhabitants were left out`);
  }
  // School places: capacity, else the mean known capacity of the kind, else of all education equipment, else 1.
  const eq = t.equipment;
  const kindSum = new Map<number, [number, number]>();
  let allSum = 0;
  let allN = 0;
  for (let i = 0; i < eq.count; i++) {
    const cap = eq.capacity[i];
    if (!EDUCATION.has(eq.kind[i]) || !(cap > 0) || !Number.isFinite(cap)) continue;
    const ks = kindSum.get(eq.kind[i]) ?? [0, 0];
    ks[0] += cap;
    ks[1]++;
    kindSum.set(eq.kind[i], ks);
    allSum += cap;
    allN++;
  }
  let defaulted = 0;
  for (let i = 0; i < eq.count; i++) {
    if (!EDUCATION.has(eq.kind[i])) continue;
    let cap = eq.capacity[i];
    if (!(cap > 0) || !Number.isFinite(cap)) {
      const ks = kindSum.get(eq.kind[i]);
      cap = ks ? ks[0] / ks[1] : allN ? allSum / allN : 1;
      defaulted++;
    }
    add(eq.xy[2 * i], eq.xy[2 * i + 1], 0, 0, cap, `equipment ${i} (${eq.sourceId[i]})`);
  }
  if (defaulted) notes.push(`${defaulted} education equipment without a capacity weighted by the mean capacity of their kind`);

  const s = p.zoneSizeM > 0 ? p.zoneSizeM : autoZoneSize(P.x, P.y, Math.max(1, p.maxZones - reservedZones));
  const nSub = Math.ceil(s / SUB_SQUARE_M - 1e-9);
  const sub = s / nSub;
  // Points binned into zone sub-squares: [ix, iy, sub index, h, j, e, Σw·x, Σw·y, Σw] with w = h + j + e.
  const key = new Map<number, number>();
  const acc: number[][] = [];
  for (let k = 0; k < P.x.length; k++) {
    const x = P.x[k];
    const y = P.y[k];
    const ix = Math.floor(x / s);
    const iy = Math.floor(y / s);
    const si = Math.min(nSub - 1, Math.floor((x - ix * s) / sub)) + nSub * Math.min(nSub - 1, Math.floor((y - iy * s) / sub));
    const kk = ((iy + 0x100000) * 0x200000 + (ix + 0x100000)) * nSub * nSub + si;
    let a = key.get(kk);
    if (a === undefined) {
      a = acc.length;
      key.set(kk, a);
      acc.push([ix, iy, si, 0, 0, 0, 0, 0, 0]);
    }
    const r = acc[a];
    const w = P.h[k] + P.j[k] + P.e[k];
    r[3] += P.h[k];
    r[4] += P.j[k];
    r[5] += P.e[k];
    r[6] += w * x;
    r[7] += w * y;
    r[8] += w;
  }
  // Zones in (iy, ix) order; sub-squares in (zone, sub index) order: deterministic whatever the input order.
  acc.sort((u, v) => u[1] - v[1] || u[0] - v[0] || u[2] - v[2]);
  const zoneOf = new Int32Array(acc.length);
  const ix: number[] = [];
  const iy: number[] = [];
  for (let k = 0; k < acc.length; k++) {
    const r = acc[k];
    if (!ix.length || ix[ix.length - 1] !== r[0] || iy[iy.length - 1] !== r[1]) {
      ix.push(r[0]);
      iy.push(r[1]);
    }
    zoneOf[k] = ix.length - 1;
  }
  const Z = ix.length;
  const z = {
    x: new Float64Array(Z), y: new Float64Array(Z), h: new Float64Array(Z), j: new Float64Array(Z), e: new Float64Array(Z), w: new Float64Array(Z),
  };
  const px = new Float64Array(acc.length);
  const py = new Float64Array(acc.length);
  const cx = new Float64Array(acc.length);
  const cy = new Float64Array(acc.length);
  for (let k = 0; k < acc.length; k++) {
    const r = acc[k];
    const q = zoneOf[k];
    px[k] = r[6] / r[8];
    cx[k] = r[0] * s + ((r[2] % nSub) + 0.5) * sub;
    cy[k] = r[1] * s + (Math.floor(r[2] / nSub) + 0.5) * sub;
    py[k] = r[7] / r[8];
    z.h[q] += r[3];
    z.j[q] += r[4];
    z.e[q] += r[5];
    z.x[q] += r[6];
    z.y[q] += r[7];
    z.w[q] += r[8];
  }
  for (let q = 0; q < Z; q++) {
    z.x[q] /= z.w[q];
    z.y[q] /= z.w[q];
  }
  // Mean resident–attraction distance inside each zone, attraction weights of the sub-squares as in § 3.
  let H = 0;
  let J = 0;
  let E = 0;
  for (let q = 0; q < Z; q++) {
    H += z.h[q];
    J += z.j[q];
    E += z.e[q];
  }
  const [sw, se, so] = purposeShares(p, J, E, H + J);
  const attr = (r: number[]): number => (J > 0 ? (sw * r[4]) / J : 0) + (E > 0 ? (se * r[5]) / E : 0) + (H + J > 0 ? (so * (r[3] + r[4])) / (H + J) : 0);
  const pa = acc.map(attr);
  const internal = new Float64Array(Z);
  const selfD = MEAN_DISTANCE_UNIT_SQUARE * sub;
  for (let k0 = 0; k0 < acc.length; ) {
    let k1 = k0;
    while (k1 < acc.length && zoneOf[k1] === zoneOf[k0]) k1++;
    let num = 0;
    let hs = 0;
    let as = 0;
    for (let k = k0; k < k1; k++) {
      hs += acc[k][3];
      as += pa[k];
    }
    for (let k = k0; k < k1; k++) {
      if (!(acc[k][3] > 0)) continue;
      for (let l = k0; l < k1; l++) num += acc[k][3] * pa[l] * (k === l ? selfD : dmath.hypot(px[k] - px[l], py[k] - py[l]));
    }
    internal[zoneOf[k0]] = hs > 0 && as > 0 ? num / (hs * as) : MEAN_DISTANCE_UNIT_SQUARE * s;
    k0 = k1;
  }
  return {
    count: Z, sizeM: s, ix: Int32Array.from(ix), iy: Int32Array.from(iy), id: ix.map((v, q) => `z_${v}_${iy[q]}`),
    x: z.x, y: z.y, inhabitants: z.h, jobs: z.j, schoolPlaces: z.e, internalDistanceM: internal,
    pointZone: zoneOf, pointX: cx, pointY: cy,
    inhabitantsSource: inhB ? 'buildings' : 'population-cells', jobsSource: activity.jobs ? 'buildings' : 'floor-area', notes,
  };
}

export interface TerritoryDemand {
  /** Internal zones 0 … Z − 1 (the gateways, when any, are the zones Z … Z + G − 1 of `peak`). */
  zones: TrafficZones;
  /** Gateways and exchange / through trips (empty when exchangeShare and throughShare are 0). */
  external: ExternalDemand;
  /** β of the deterrence used (per km). */
  betaPerKm: number;
  /** Daily car vehicle trips produced by the residents of each zone, and attracted by each zone. */
  productionDay: Float64Array;
  attractionDay: Float64Array;
  /** Daily production–attraction matrix between internal zones (row-major Z × Z, vehicle trips). */
  paDay: Float64Array;
  furness: { iterations: number; error: number; converged: boolean };
  /** Peak-hour vehicle trips between distinct zones (veh/h), to assign; Z + G zones, the gateways last. */
  peak: Demand;
  /** Peak-hour intrazonal vehicle trips per zone (not assigned) and their vehicle-km (at the internal distance). */
  intrazonalPeak: Float64Array;
  intrazonalPeakTotal: number;
  intrazonalVehicleKmPeak: number;
  /**
   * personTripsDay and carTripsDay: the residents' trips (all modes, car). Vehicle trips: internal (the residents',
   * between internal zones, intrazonal included), exchange, through, and their sums.
   */
  totals: {
    inhabitants: number; personTripsDay: number; carTripsDay: number; vehicleTripsDay: number; vehicleTripsPeak: number;
    internalTripsDay: number; exchangeTripsDay: number; throughTripsDay: number; internalTripsPeak: number; exchangeTripsPeak: number; throughTripsPeak: number;
  };
  notes: string[];
}

/** Zones, generation, gravity distribution and the peak-hour OD of a territory. Inputs are not modified. */
export function territoryDemand(t: Territory, p: TrafficParams, activity: BuildingActivity = {}): TerritoryDemand {
  const gateways = p.exchangeShare > 0 || p.throughShare > 0 ? findGateways(t, p) : noGateways();
  const zones = buildTrafficZones(t, p, activity, gateways.count);
  const Z = zones.count;
  const vehPerPerson = (p.tripsPerPersonDay * p.carShare) / p.carOccupancy;
  const production = new Float64Array(Z);
  let H = 0;
  let J = 0;
  let E = 0;
  for (let q = 0; q < Z; q++) {
    production[q] = zones.inhabitants[q] * vehPerPerson;
    H += zones.inhabitants[q];
    J += zones.jobs[q];
    E += zones.schoolPlaces[q];
  }
  let total = 0;
  for (let q = 0; q < Z; q++) total += production[q];
  const [sw, se, so] = purposeShares(p, J, E, H + J);
  const attraction = new Float64Array(Z);
  for (let q = 0; q < Z; q++)
    attraction[q] = total * ((J > 0 ? (sw * zones.jobs[q]) / J : 0) + (E > 0 ? (se * zones.schoolPlaces[q]) / E : 0) + (H + J > 0 ? (so * (zones.inhabitants[q] + zones.jobs[q])) / (H + J) : 0));
  // Rounding: make Σ A = Σ P exactly enough for the balance check.
  let ta = 0;
  for (let q = 0; q < Z; q++) ta += attraction[q];
  if (ta > 0) for (let q = 0; q < Z; q++) attraction[q] *= total / ta;
  const notes = [...zones.notes];
  if (J === 0) notes.push('no jobs in the territory: work trips are attracted like the other purposes');
  const beta = p.distanceDecayPerKm;
  const f = new Float64Array(Z * Z);
  for (let i = 0; i < Z; i++)
    for (let j = 0; j < Z; j++) {
      const dM = i === j ? zones.internalDistanceM[i] : dmath.hypot(zones.x[i] - zones.x[j], zones.y[i] - zones.y[j]);
      f[i * Z + j] = exponentialDeterrence(dM / 1000, beta);
    }
  const g = doublyConstrainedGravity(production, attraction, f, { tolerance: 1e-9, maxIterations: 1000 });
  if (!g.converged) notes.push(`trip distribution: Furness balancing stopped after ${g.iterations} iterations with a marginal error of ${g.error.toExponential(2)}`);
  const T = g.matrix;
  const ext = externalDemand(gateways, production, attraction, p);
  notes.push(...gateways.notes, ...ext.notes);
  const G = gateways.count;
  const o: number[] = [];
  const d: number[] = [];
  const v: number[] = [];
  const intrazonalPeak = new Float64Array(Z);
  let intraTotal = 0;
  let intraVkm = 0;
  for (let i = 0; i < Z; i++) {
    intrazonalPeak[i] = p.peakHourFactor * T[i * Z + i];
    intraTotal += intrazonalPeak[i];
    intraVkm += (intrazonalPeak[i] * zones.internalDistanceM[i]) / 1000;
    for (let j = 0; j < Z; j++) {
      if (i === j) continue;
      const x = (p.peakHourFactor * (T[i * Z + j] + T[j * Z + i])) / 2;
      if (x > 0) {
        o.push(i);
        d.push(j);
        v.push(x);
      }
    }
  }
  // Exchange (gateway Z + q → zone i and zone i → gateway Z + q) and through (gateway → gateway): peak-hour trips.
  for (let i = 0; i < Z; i++)
    for (let q = 0; q < G; q++) {
      const a = ext.enterPeak[q * Z + i];
      const b = ext.leavePeak[i * G + q];
      if (a > 0) {
        o.push(Z + q);
        d.push(i);
        v.push(a);
      }
      if (b > 0) {
        o.push(i);
        d.push(Z + q);
        v.push(b);
      }
    }
  for (let q = 0; q < G; q++)
    for (let r = 0; r < G; r++) {
      const x = ext.throughPeak[q * G + r];
      if (q !== r && x > 0) {
        o.push(Z + q);
        d.push(Z + r);
        v.push(x);
      }
    }
  const throughDay = ext.throughPeakTotal / p.peakHourFactor;
  const vehicleTripsDay = total + ext.exchangeDay + throughDay;
  return {
    zones, external: ext, betaPerKm: beta, productionDay: production, attractionDay: attraction, paDay: T,
    furness: { iterations: g.iterations, error: g.error, converged: g.converged },
    peak: createDemand(Z + G, o, d, v), intrazonalPeak, intrazonalPeakTotal: intraTotal, intrazonalVehicleKmPeak: intraVkm,
    totals: {
      inhabitants: H, personTripsDay: H * p.tripsPerPersonDay, carTripsDay: H * p.tripsPerPersonDay * p.carShare, vehicleTripsDay, vehicleTripsPeak: vehicleTripsDay * p.peakHourFactor,
      internalTripsDay: total, exchangeTripsDay: ext.exchangeDay, throughTripsDay: throughDay,
      internalTripsPeak: total * p.peakHourFactor, exchangeTripsPeak: ext.exchangeDay * p.peakHourFactor, throughTripsPeak: ext.throughPeakTotal,
    },
    notes,
  };
}
