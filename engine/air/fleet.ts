/**
 * Fleet mix: which vehicles drive on the links, as shares of vehicle-kilometres, and the resulting per-vehicle
 * emission factors at a given speed (exhaust from ./hbefa3.ts, wear from ./non-exhaust.ts).
 *
 * Vehicles are split into a light group (passenger cars, light commercial vehicles) and a heavy group (trucks,
 * urban buses); a link's heavy-vehicle share (from traffic counts or defaults) weights the two groups. Within a
 * group, each class carries its share of the group's vehicle-km.
 *
 * Default mix ({@link DEFAULT_FLEET}), French urban traffic around 2025, rounded:
 * - light group: cars 82 %, light commercial vehicles 18 % of light vehicle-km (SDES, "Bilan de la circulation":
 *   vans ≈ 100 of ≈ 540 billion light vehicle-km);
 * - cars by energy (vehicle-km): diesel 52 %, petrol and petrol hybrids 45 %, battery-electric 3 % (car fleet on
 *   1 January 2025: diesel 48.3 %, petrol 40.4 %, hybrids 7.5 %, electric 2.9 % — SDES/AAA Data; diesel cars
 *   drive further each year);
 * - Euro classes from the Crit'Air split of the car fleet (Crit'Air 1 35.7 %, 2 35 %, 3–5 26.5 %, same source):
 *   petrol Euro 6 45 %, Euro 5 20 %, Euro 4 15 %, ≤ Euro 3 20 %; diesel Euro 6 37 %, Euro 5 25 %, Euro 4 23 %,
 *   ≤ Euro 3 15 % (≤ Euro 3 uses the Euro 3 factors);
 * - light commercial vehicles taken as diesel (the large majority of French vans), same Euro split as diesel cars;
 * - heavy group: trucks 80 % (Euro VI 50 %, V 25 %, IV 15 %, ≤ III 10 %), urban buses 20 % (HBEFA 3 average
 *   urban bus).
 * Primary NO2 fractions (f-NO2, share of NOx emitted as NO2) are orders of magnitude from Grice et al. (2009,
 * Atmos. Environ. 43:2154–2167, their table of f-NO2 by technology): petrol 0.04; diesel cars and vans Euro 3
 * 0.30, Euro 4–5 0.45 (oxidation catalysts), Euro 6 0.35; trucks and buses 0.11 up to Euro III, 0.10 with SCR.
 */
import { HBEFA3_CLASSES, hbefa3GPerKm, type Hbefa3Class } from './hbefa3.ts';
import { DEFAULT_HEAVY_LOAD, nonExhaustPm, type HeavyVehicleLoad, type VehicleCategory } from './non-exhaust.ts';

export interface FleetClass {
  id: string;
  group: 'light' | 'heavy';
  category: VehicleCategory;
  fuel: 'petrol' | 'diesel' | 'electric';
  /** HBEFA 3 exhaust class; null for zero-exhaust vehicles. */
  hbefa3: Hbefa3Class | null;
  /** Share of the group's vehicle-km (the shares of a group sum to 1). */
  share: number;
  /** Share of NOx emitted as NO2 (by mass of NO2-equivalent). */
  fNo2: number;
}

export interface FleetMix {
  name: string;
  source: string;
  /** Heavy-vehicle share of the flow used when a link gives none. */
  defaultHeavyShare: number;
  classes: FleetClass[];
  heavyLoad: Record<'hgv' | 'bus', HeavyVehicleLoad>;
}

/** Emission factors of an average vehicle, g/km. NOx and NO2 in NO2-equivalent mass. */
export interface VehicleEmissionFactors {
  co2: number;
  nox: number;
  /** Primary NO2 (part of nox). */
  no2: number;
  /** Exhaust particles (all below 2.5 µm: counted in both PM10 and PM2.5). */
  pmExhaust: number;
  /** PM10 = exhaust + tyre, brake and road wear. */
  pm10: number;
  /** PM2.5 = exhaust + fine part of the wear. */
  pm25: number;
}

function split(prefix: string, group: 'light' | 'heavy', category: VehicleCategory, fuel: 'petrol' | 'diesel', share: number, euro: Array<[Hbefa3Class, number, number]>): FleetClass[] {
  return euro.map(([cls, s, fNo2]) => ({ id: `${prefix}-${cls}`, group, category, fuel, hbefa3: cls, share: share * s, fNo2 }));
}

const PC = 0.82;
const LCV = 0.18;
const DIESEL_EURO: Array<[number, number]> = [
  [0.15, 0.3],
  [0.23, 0.45],
  [0.25, 0.45],
  [0.37, 0.35],
];
const PETROL_EURO = [0.2, 0.15, 0.2, 0.45];

export const DEFAULT_FLEET: FleetMix = {
  name: 'France 2025 urban (default)',
  source:
    'SDES car fleet on 1 Jan 2025 (energy, Crit\'Air) and traffic balance (vans 18 % of light vehicle-km); HBEFA 3.1 (SUMO) exhaust, EMEP/EEA 2019 Tier 2 wear; f-NO2 after Grice et al. 2009',
  defaultHeavyShare: 0.05,
  heavyLoad: DEFAULT_HEAVY_LOAD,
  classes: [
    ...split('pc-petrol', 'light', 'pc', 'petrol', PC * 0.45, [
      ['PC_G_EU3', PETROL_EURO[0], 0.04],
      ['PC_G_EU4', PETROL_EURO[1], 0.04],
      ['PC_G_EU5', PETROL_EURO[2], 0.04],
      ['PC_G_EU6', PETROL_EURO[3], 0.04],
    ]),
    ...split('pc-diesel', 'light', 'pc', 'diesel', PC * 0.52, [
      ['PC_D_EU3', ...DIESEL_EURO[0]],
      ['PC_D_EU4', ...DIESEL_EURO[1]],
      ['PC_D_EU5', ...DIESEL_EURO[2]],
      ['PC_D_EU6', ...DIESEL_EURO[3]],
    ]),
    { id: 'pc-electric', group: 'light', category: 'pc', fuel: 'electric', hbefa3: null, share: PC * 0.03, fNo2: 0 },
    ...split('lcv-diesel', 'light', 'lcv', 'diesel', LCV, [
      ['LDV_D_EU3', ...DIESEL_EURO[0]],
      ['LDV_D_EU4', ...DIESEL_EURO[1]],
      ['LDV_D_EU5', ...DIESEL_EURO[2]],
      ['LDV_D_EU6', ...DIESEL_EURO[3]],
    ]),
    ...split('hgv-diesel', 'heavy', 'hgv', 'diesel', 0.8, [
      ['HDV_D_EU3', 0.1, 0.11],
      ['HDV_D_EU4', 0.15, 0.1],
      ['HDV_D_EU5', 0.25, 0.1],
      ['HDV_D_EU6', 0.5, 0.1],
    ]),
    { id: 'bus', group: 'heavy', category: 'bus', fuel: 'diesel', hbefa3: 'Bus', share: 0.2, fNo2: 0.11 },
  ],
};

/** Throws an Error naming the class and field when a fleet mix is not usable. */
export function validateFleet(f: FleetMix): void {
  if (!(f.defaultHeavyShare >= 0 && f.defaultHeavyShare <= 1)) throw new Error(`fleet "${f.name}": defaultHeavyShare must be in [0, 1], got ${f.defaultHeavyShare}`);
  const sums = { light: 0, heavy: 0 };
  for (const c of f.classes) {
    if (!(c.share >= 0 && c.share <= 1)) throw new Error(`fleet "${f.name}", class ${c.id}: share must be in [0, 1], got ${c.share}`);
    if (!(c.fNo2 >= 0 && c.fNo2 <= 1)) throw new Error(`fleet "${f.name}", class ${c.id}: fNo2 must be in [0, 1], got ${c.fNo2}`);
    if (c.hbefa3 !== null && !HBEFA3_CLASSES.includes(c.hbefa3)) throw new Error(`fleet "${f.name}", class ${c.id}: unknown HBEFA3 class "${c.hbefa3}"`);
    if (c.hbefa3 === null && c.fuel !== 'electric') throw new Error(`fleet "${f.name}", class ${c.id}: only electric vehicles may have no exhaust class`);
    sums[c.group] += c.share;
  }
  for (const g of ['light', 'heavy'] as const) {
    if (Math.abs(sums[g] - 1) > 1e-6) throw new Error(`fleet "${f.name}": the ${g} class shares sum to ${sums[g].toFixed(6)}, not 1`);
  }
}

/** Average emission factors of one class at `speedKmh` (g/km). */
export function classEmissionFactors(c: FleetClass, speedKmh: number, heavyLoad: FleetMix['heavyLoad'] = DEFAULT_HEAVY_LOAD): VehicleEmissionFactors {
  const wear = nonExhaustPm(c.category, speedKmh, heavyLoad);
  if (c.hbefa3 === null) return { co2: 0, nox: 0, no2: 0, pmExhaust: 0, pm10: wear.pm10, pm25: wear.pm25 };
  const nox = hbefa3GPerKm(c.hbefa3, 'nox', speedKmh);
  const pm = hbefa3GPerKm(c.hbefa3, 'pm', speedKmh);
  return { co2: hbefa3GPerKm(c.hbefa3, 'co2', speedKmh), nox, no2: nox * c.fNo2, pmExhaust: pm, pm10: pm + wear.pm10, pm25: pm + wear.pm25 };
}

/**
 * Average emission factors (g/km per vehicle) of the mix at `speedKmh` for a heavy-vehicle share `heavyShare` of
 * the flow (default: the fleet's). Writes into `out` when given.
 */
export function fleetEmissionFactors(f: FleetMix, speedKmh: number, heavyShare = f.defaultHeavyShare, out?: VehicleEmissionFactors): VehicleEmissionFactors {
  if (!(heavyShare >= 0 && heavyShare <= 1)) throw new Error(`fleet "${f.name}": heavy-vehicle share must be in [0, 1], got ${heavyShare}`);
  const r = out ?? { co2: 0, nox: 0, no2: 0, pmExhaust: 0, pm10: 0, pm25: 0 };
  r.co2 = r.nox = r.no2 = r.pmExhaust = r.pm10 = r.pm25 = 0;
  for (const c of f.classes) {
    const w = c.share * (c.group === 'heavy' ? heavyShare : 1 - heavyShare);
    if (w === 0) continue;
    const e = classEmissionFactors(c, speedKmh, f.heavyLoad);
    r.co2 += w * e.co2;
    r.nox += w * e.nox;
    r.no2 += w * e.no2;
    r.pmExhaust += w * e.pmExhaust;
    r.pm10 += w * e.pm10;
    r.pm25 += w * e.pm25;
  }
  return r;
}
