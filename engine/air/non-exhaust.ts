/**
 * Non-exhaust particle emissions: tyre, brake and road-surface wear, Tier 2 method of the EMEP/EEA air pollutant
 * emission inventory guidebook 2019, chapter 1.A.3.b.vi–vii ("Road tyre and brake wear; road surface wear").
 *
 *   EF_i = EF_TSP(category) · f_i · S(V)        (g/km per vehicle, i = PM10 or PM2.5)
 *
 * - TSP factors (g/km): tyre PC 0.0107, LCV 0.0169; brake PC 0.0075, LCV 0.0117; road surface PC 0.0150,
 *   LCV 0.0150, heavy-duty 0.0760 (the same figures as the German inventory's Tier 1 table, UBA IIR 2022).
 * - Heavy-duty tyre: EF = N_axle/2 · LCF_t · EF_PC with LCF_t = 1.41 + 1.38 · LF; heavy-duty brake:
 *   EF = 1.956 · LCF_b · EF_PC with LCF_b = 1 + 0.79 · LF (LF = load factor 0 … 1).
 * - Mass fractions of TSP: tyre PM10 0.60, PM2.5 0.42; brake PM10 0.98, PM2.5 0.39; road PM10 0.50, PM2.5 0.27.
 * - Speed corrections: tyre S_T = 1.39 (V < 40 km/h), −0.00974·V + 1.78 (40 ≤ V ≤ 90), 0.902 (V > 90);
 *   brake S_B = 1.67 (V < 40), −0.0270·V + 2.75 (40 ≤ V ≤ 95), 0.185 (V > 95); road surface: none.
 * Battery-electric cars are given the same wear as combustion cars: their extra mass and their regenerative
 * braking roughly cancel in PM10 (Timmers & Achten 2016, Atmos. Environ. 134:10–17).
 */

export type VehicleCategory = 'pc' | 'lcv' | 'hgv' | 'bus';

export const TYRE_TSP_PC_G_KM = 0.0107;
export const TYRE_TSP_LCV_G_KM = 0.0169;
export const BRAKE_TSP_PC_G_KM = 0.0075;
export const BRAKE_TSP_LCV_G_KM = 0.0117;
export const ROAD_TSP_LIGHT_G_KM = 0.015;
export const ROAD_TSP_HEAVY_G_KM = 0.076;

export const MASS_FRACTIONS = {
  tyre: { pm10: 0.6, pm25: 0.42 },
  brake: { pm10: 0.98, pm25: 0.39 },
  road: { pm10: 0.5, pm25: 0.27 },
} as const;

export interface HeavyVehicleLoad {
  /** Number of axles of the vehicle (guidebook default tables use 2 for rigid buses, 3–5 for trucks). */
  axles: number;
  /** Load factor 0 (empty) … 1 (fully laden). */
  loadFactor: number;
}

/** Defaults: an average truck of 3 axles and a two-axle urban bus, both half laden (LF = 0.5). */
export const DEFAULT_HEAVY_LOAD: Record<'hgv' | 'bus', HeavyVehicleLoad> = {
  hgv: { axles: 3, loadFactor: 0.5 },
  bus: { axles: 2, loadFactor: 0.5 },
};

export function tyreSpeedCorrection(speedKmh: number): number {
  if (speedKmh < 40) return 1.39;
  if (speedKmh <= 90) return -0.00974 * speedKmh + 1.78;
  return 0.902;
}

export function brakeSpeedCorrection(speedKmh: number): number {
  if (speedKmh < 40) return 1.67;
  if (speedKmh <= 95) return -0.027 * speedKmh + 2.75;
  return 0.185;
}

export interface WearFactors {
  /** TSP factors at the reference speed, g/km per vehicle. */
  tyreTsp: number;
  brakeTsp: number;
  roadTsp: number;
}

/** TSP wear factors of a category (heavy-duty ones scaled by axles and load). */
export function wearTsp(category: VehicleCategory, load: Record<'hgv' | 'bus', HeavyVehicleLoad> = DEFAULT_HEAVY_LOAD): WearFactors {
  switch (category) {
    case 'pc':
      return { tyreTsp: TYRE_TSP_PC_G_KM, brakeTsp: BRAKE_TSP_PC_G_KM, roadTsp: ROAD_TSP_LIGHT_G_KM };
    case 'lcv':
      return { tyreTsp: TYRE_TSP_LCV_G_KM, brakeTsp: BRAKE_TSP_LCV_G_KM, roadTsp: ROAD_TSP_LIGHT_G_KM };
    case 'hgv':
    case 'bus': {
      const l = load[category];
      if (!(l.axles >= 2) || !(l.loadFactor >= 0 && l.loadFactor <= 1)) throw new Error(`non-exhaust: ${category} needs axles ≥ 2 and a load factor in [0, 1], got ${l.axles} axles, LF ${l.loadFactor}`);
      const lcfT = 1.41 + 1.38 * l.loadFactor;
      const lcfB = 1 + 0.79 * l.loadFactor;
      return { tyreTsp: (l.axles / 2) * lcfT * TYRE_TSP_PC_G_KM, brakeTsp: 1.956 * lcfB * BRAKE_TSP_PC_G_KM, roadTsp: ROAD_TSP_HEAVY_G_KM };
    }
    default:
      throw new Error(`non-exhaust: unknown vehicle category "${category as string}"`);
  }
}

/** PM10 and PM2.5 non-exhaust emission factors (g/km per vehicle) of a category at `speedKmh`. */
export function nonExhaustPm(category: VehicleCategory, speedKmh: number, load?: Record<'hgv' | 'bus', HeavyVehicleLoad>): { pm10: number; pm25: number } {
  if (!(speedKmh >= 0) || !Number.isFinite(speedKmh)) throw new Error(`non-exhaust: speed must be a finite number ≥ 0 km/h, got ${speedKmh}`);
  const w = wearTsp(category, load);
  const tyre = w.tyreTsp * tyreSpeedCorrection(speedKmh);
  const brake = w.brakeTsp * brakeSpeedCorrection(speedKmh);
  const road = w.roadTsp;
  const f = MASS_FRACTIONS;
  return {
    pm10: tyre * f.tyre.pm10 + brake * f.brake.pm10 + road * f.road.pm10,
    pm25: tyre * f.tyre.pm25 + brake * f.brake.pm25 + road * f.road.pm25,
  };
}
