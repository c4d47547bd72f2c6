/**
 * Per-link traffic emissions: E = flow × length × EF(speed, fleet) for NOx (with its primary NO2), PM10, PM2.5
 * (exhaust + wear) and CO2.
 *
 * The input is a plain typed structure so any traffic source can feed it: the assignment engine (congested
 * speeds), counts, or the documented defaults of ./default-traffic.ts. Flows are in vehicles per hour — for
 * annual means, the annual-average hour (AADT / 24); for an episode, the hour modelled.
 */
import { fleetEmissionFactors, validateFleet, type FleetMix, type VehicleEmissionFactors } from './fleet.ts';

/** Emitted species, in the order used by every multi-component array of this module. */
export const EMITTED = ['nox', 'no2', 'pm10', 'pm25', 'co2'] as const;
export type Emitted = (typeof EMITTED)[number];

export interface TrafficLoad {
  linkCount: number;
  /** Vehicles per hour on each link (one direction of travel). */
  flowVehH: Float64Array;
  /** Mean speed per link, km/h (of the vehicles not in `congestedShare`). */
  speedKmh: Float64Array;
  /** Link length, m. */
  lengthM: Float64Array;
  /** Heavy-vehicle share of the flow per link (0 … 1); NaN or absent = the fleet's default. */
  heavyShare?: Float64Array;
  /** Index of each link's geometry in `territory.roads.segmentGeometry`. */
  linkSegment: Uint32Array;
  /**
   * Share of each link's vehicles driving at `congestedSpeedKmh` rather than `speedKmh` (0 … 1; absent = 0): a
   * day mixes peak hours at the congested speed with free-flowing hours, and emission factors are not linear in
   * speed, so each share gets its own factors (see ./assigned-traffic.ts).
   */
  congestedShare?: Float64Array;
  /** Speed of the congested share, km/h (required with `congestedShare`). */
  congestedSpeedKmh?: Float64Array;
  /** Where the flows come from; shown in outputs. */
  source: { kind: 'assignment' | 'counts' | 'default'; description: string };
}

export interface LinkEmissions {
  linkCount: number;
  /** Emission per metre of link, g/(m·s), per species: `perMetre[s][link]` in {@link EMITTED} order. */
  perMetre: Record<Emitted, Float64Array>;
  /** Emission of the whole link, g/s. */
  perLink: Record<Emitted, Float64Array>;
}

/** Throws an Error naming the link and field for unusable traffic input. */
export function validateTrafficLoad(t: TrafficLoad): void {
  const n = t.linkCount;
  if (!Number.isInteger(n) || n < 0) throw new Error(`traffic load: linkCount must be a non-negative integer, got ${n}`);
  for (const [name, a] of [['flowVehH', t.flowVehH], ['speedKmh', t.speedKmh], ['lengthM', t.lengthM], ['linkSegment', t.linkSegment]] as const) {
    if (!a || a.length !== n) throw new Error(`traffic load: ${name} has ${a ? a.length : 'no'} values for ${n} links`);
  }
  if (t.heavyShare && t.heavyShare.length !== n) throw new Error(`traffic load: heavyShare has ${t.heavyShare.length} values for ${n} links`);
  if (t.congestedShare && (!t.congestedSpeedKmh || t.congestedShare.length !== n || t.congestedSpeedKmh.length !== n))
    throw new Error(`traffic load: congestedShare (${t.congestedShare.length} values) needs congestedSpeedKmh (${t.congestedSpeedKmh ? t.congestedSpeedKmh.length : 'no'} values), both for ${n} links`);
  for (let l = 0; l < n; l++) {
    const f = t.flowVehH[l];
    if (!(f >= 0) || !Number.isFinite(f)) throw new Error(`traffic load, link ${l}: flowVehH must be a finite number ≥ 0, got ${f}`);
    if (!(t.lengthM[l] >= 0) || !Number.isFinite(t.lengthM[l])) throw new Error(`traffic load, link ${l}: lengthM must be a finite number ≥ 0, got ${t.lengthM[l]}`);
    if (f > 0 && (!(t.speedKmh[l] > 0) || !Number.isFinite(t.speedKmh[l]))) throw new Error(`traffic load, link ${l}: speedKmh must be a finite number > 0 where vehicles flow, got ${t.speedKmh[l]}`);
    const h = t.heavyShare ? t.heavyShare[l] : NaN;
    if (!Number.isNaN(h) && !(h >= 0 && h <= 1)) throw new Error(`traffic load, link ${l}: heavyShare must be in [0, 1] (or NaN for the fleet default), got ${h}`);
    const c = congestedShareOf(t, l);
    if (!(c >= 0 && c <= 1)) throw new Error(`traffic load, link ${l}: congestedShare must be in [0, 1], got ${c}`);
    const vc = t.congestedSpeedKmh ? t.congestedSpeedKmh[l] : NaN;
    if (f > 0 && c > 0 && (!(vc > 0) || !Number.isFinite(vc))) throw new Error(`traffic load, link ${l}: congestedSpeedKmh must be a finite number > 0 where congested vehicles flow, got ${vc}`);
  }
}

function congestedShareOf(t: TrafficLoad, l: number): number {
  return t.congestedShare ? t.congestedShare[l] : 0;
}

/** Mean speed of a link's vehicles (km/h): the congested share at its speed, the rest at `speedKmh`. */
export function linkMeanSpeedKmh(t: TrafficLoad, l: number): number {
  const c = congestedShareOf(t, l);
  return c > 0 ? (1 - c) * t.speedKmh[l] + c * t.congestedSpeedKmh![l] : t.speedKmh[l];
}

/** Per-link emissions of a traffic load with a fleet mix. */
export function linkEmissions(t: TrafficLoad, fleet: FleetMix): LinkEmissions {
  validateTrafficLoad(t);
  validateFleet(fleet);
  const n = t.linkCount;
  const make = (): Record<Emitted, Float64Array> => ({ nox: new Float64Array(n), no2: new Float64Array(n), pm10: new Float64Array(n), pm25: new Float64Array(n), co2: new Float64Array(n) });
  const perMetre = make();
  const perLink = make();
  const ef: VehicleEmissionFactors = { co2: 0, nox: 0, no2: 0, pmExhaust: 0, pm10: 0, pm25: 0 };
  const efc: VehicleEmissionFactors = { ...ef };
  for (let l = 0; l < n; l++) {
    const f = t.flowVehH[l];
    if (f === 0) continue;
    const h = t.heavyShare ? t.heavyShare[l] : NaN;
    const heavy = Number.isNaN(h) ? fleet.defaultHeavyShare : h;
    const c = congestedShareOf(t, l);
    if (c < 1) fleetEmissionFactors(fleet, t.speedKmh[l], heavy, ef);
    if (c > 0) fleetEmissionFactors(fleet, t.congestedSpeedKmh![l], heavy, efc);
    // veh/h × g/km = g/(km·h); ÷ 3.6e6 → g/(m·s).
    const k = f / 3.6e6;
    for (const s of EMITTED) {
      const e = c === 0 ? ef[s] : c === 1 ? efc[s] : (1 - c) * ef[s] + c * efc[s];
      perMetre[s][l] = k * e;
      perLink[s][l] = k * e * t.lengthM[l];
    }
  }
  return { linkCount: n, perMetre, perLink };
}

export const SECONDS_PER_YEAR = 365 * 86400;

/** Total emissions in tonnes per year when the hourly flows are annual averages. */
export function emissionTotalsTonnesPerYear(e: LinkEmissions): Record<Emitted, number> {
  const out = { nox: 0, no2: 0, pm10: 0, pm25: 0, co2: 0 };
  for (const s of EMITTED) {
    let sum = 0;
    for (const v of e.perLink[s]) sum += v;
    out[s] = (sum * SECONDS_PER_YEAR) / 1e6;
  }
  return out;
}
