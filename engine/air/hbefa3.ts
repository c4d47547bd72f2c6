/**
 * Hot exhaust emission factors of the HBEFA family: the continuous reformulation of HBEFA 3.1 published with
 * Eclipse SUMO ("HBEFA3-based" emission model, src/utils/emissions/HelpersHBEFA3.cpp, EPL-2.0; documentation
 * https://sumo.dlr.de/docs/Models/Emissions/HBEFA3-based.html).
 *
 * Each vehicle class and pollutant has six coefficients (c0, cav1, cav2, c1, c2, c3) of
 *   P(v, a) = c0 + cav1·a·v + cav2·a²·v + c1·v + c2·v² + c3·v³   [g/h], v in m/s, a in m/s²,
 * so P / 3.6 is in mg/s and P / (3.6 · v) in g/km (SUMO clamps P at 0). Only the classes of the fleet mix
 * (./fleet.ts) are kept, and only CO2, NOx and PM (exhaust particles; HBEFA 3 PM is exhaust only).
 *
 * Known gaps of the SUMO table, filled here with a documented substitute (see {@link PM_SUBSTITUTES}):
 * the PM rows of PC_D_EU4, LDV_D_EU4 and LDV_D_EU6 are all zeros.
 */

export const HBEFA3_POLLUTANTS = ['co2', 'nox', 'pm'] as const;
export type Hbefa3Pollutant = (typeof HBEFA3_POLLUTANTS)[number];

type Row = readonly [number, number, number, number, number, number];
interface ClassRows {
  co2: Row;
  nox: Row;
  pm: Row;
}

/** Coefficients copied from SUMO's HelpersHBEFA3.cpp (rows "CO2(total)", "NOx", "PM"). */
const TABLE = {
  PC_G_EU3: { co2: [9858, 975.6, 0.0, -488.4, 29.43, 0.0], nox: [7.204, 0.3327, 0.0, -0.6641, 0.0215, 0.0], pm: [0.714, 0.05158, 0.0, -0.08903, 0.00308, 0.0] },
  PC_G_EU4: { co2: [9449, 938.4, 0.0, -467.1, 28.26, 0.0], nox: [4.336, 0.4428, 0.0, -0.3204, 0.01371, 0.0], pm: [0.2375, 0.0245, 0.0, -0.03251, 0.001325, 0.0] },
  PC_G_EU5: { co2: [8823, 886, 0.0, -432.9, 26.53, 0.0], nox: [4.02, 0.4289, 0.0, -0.286, 0.01257, 0.0], pm: [0.2786, 0.0241, 0.0, -0.03718, 0.001396, 0.0] },
  PC_G_EU6: { co2: [8273, 845.1, 0.0, -401.1, 25.08, 0.0], nox: [3.444, 0.4035, 0.0, -0.2313, 0.01086, 0.0], pm: [0.3107, 0.02274, 0.0, -0.04042, 0.001421, 0.0] },
  PC_D_EU3: { co2: [4234, 691.1, 0.0, 149.4, 0.0, 0.2161], nox: [65.19, 7.25, 0.0, -6.12, 0.2648, 0.0], pm: [1.773, 0.175, 0.0, -0.1295, 0.006047, 0.0] },
  PC_D_EU4: { co2: [6824, 742.3, 0.0, -195.3, 16.46, 0.0], nox: [47.45, 4.011, 0.0, -4.061, 0.1619, 0.0], pm: [0, 0, 0, 0, 0, 0] },
  PC_D_EU5: { co2: [4125, 686.1, 0.0, 153.1, 0.0, 0.2125], nox: [46.01, 4.064, 0.0, -3.872, 0.1567, 0.0], pm: [0.6729, 0.02248, 0.0, -0.0764, 0.002153, 0.0] },
  PC_D_EU6: { co2: [3946, 661.8, 0.0, 149.8, 0.0, 0.2041], nox: [16.31, 1.39, 0.0, -1.391, 0.05512, 0.0], pm: [0.553, 0.01902, 0.0, -0.06184, 0.001758, 0.0] },
  LDV_D_EU3: { co2: [3779, 902, 0.0, 288.6, 0.0, 0.3084], nox: [33.02, 6.747, 1.706, -1.94, 0.1688, 0.0], pm: [1.553, 0.2034, 0.0, -0.09003, 0.006345, 0.0] },
  LDV_D_EU4: { co2: [3682, 915.4, 0.0, 331, 0.0, 0.306], nox: [40.68, 6.272, 0.0, -3.613, 0.2148, 0.0], pm: [0, 0, 0, 0, 0, 0] },
  LDV_D_EU5: { co2: [3505, 918.8, 0.0, 319.7, 0.0, 0.2978], nox: [38.6, 6.079, 0.0, -3.414, 0.2026, 0.0], pm: [0.1111, 0.007346, 0.005486, -0.009925, 0.0004092, 0.0] },
  LDV_D_EU6: { co2: [3374, 880.2, 0.0, 308.9, 0.0, 0.2798], nox: [13.57, 2.119, 0.0, -1.211, 0.07068, 0.0], pm: [0, 0, 0, 0, 0, 0] },
  HDV_D_EU3: { co2: [2.598e4, 6712, 0.0, 1728, 0.0, 0.0], nox: [241.1, 51.57, 0.0, 11.42, 0.0, 0.0], pm: [5.436, 0.5336, 0.0, 0.1604, 0.0, 0.0] },
  HDV_D_EU4: { co2: [2.429e4, 7180, 0.0, 1835, 0.0, 0.0], nox: [202.2, 42.34, 0.0, 8.858, 0.0, 0.0], pm: [1.267, 0.131, 0.0, -0.006405, 0.0, 0.0] },
  HDV_D_EU5: { co2: [2.396e4, 7231, 0.0, 1868, 0.0, 0.0], nox: [164.8, 33.84, 0.0, 7.036, 0.0, 0.0], pm: [1.305, 0.1324, 0.0, -0.007715, 0.0, 0.0] },
  HDV_D_EU6: { co2: [2.353e4, 7227, 0.0, 1889, 0.0, 0.0], nox: [47.47, 11.68, 0.0, 2.737, 0.0, 0.0], pm: [0.1279, 0.01668, 0.0, 0.00329, 0.0, 0.0] },
  Bus: { co2: [1.903e4, 6475, 0.0, 2073, 0.0, 0.0], nox: [218.7, 46.17, 0.0, 11.27, 0.0, 0.0], pm: [7.222, 0.8024, 0.0, 0.1201, 0.0, 0.0] },
} as const satisfies Record<string, ClassRows>;

export type Hbefa3Class = keyof typeof TABLE;
export const HBEFA3_CLASSES = Object.keys(TABLE) as Hbefa3Class[];

/**
 * Substitutes for the PM rows that are zero in the SUMO table:
 * - PC_D_EU4 and LDV_D_EU4: the Euro 3 row × 0.5, the ratio of the type-approval PM limits (Euro 4 0.025 g/km
 *   vs Euro 3 0.05 g/km for diesel cars and class I vans, Directive 98/69/EC);
 * - LDV_D_EU6: the Euro 5 row (Euro 5 and Euro 6 share the 4.5 mg/km PM limit, Regulation (EC) 715/2007).
 */
export const PM_SUBSTITUTES: Partial<Record<Hbefa3Class, { from: Hbefa3Class; factor: number }>> = {
  PC_D_EU4: { from: 'PC_D_EU3', factor: 0.5 },
  LDV_D_EU4: { from: 'LDV_D_EU3', factor: 0.5 },
  LDV_D_EU6: { from: 'LDV_D_EU5', factor: 1 },
};

/** Speed range (km/h) over which the steady-speed polynomials are used; speeds outside are clamped. */
export const HBEFA3_SPEED_RANGE_KMH: readonly [number, number] = [10, 130];

function poly(r: Row, v: number, a: number): number {
  return Math.max(0, r[0] + r[1] * a * v + r[2] * a * a * v + r[3] * v + r[4] * v * v + r[5] * v * v * v);
}

/**
 * Emission rate (mg/s) of one vehicle of class `cls` at speed `vMS` (m/s) and acceleration `aMS2` (m/s²), as
 * SUMO computes it (P / 3.6, clamped at 0). PM uses {@link PM_SUBSTITUTES} where the SUMO row is empty.
 */
export function hbefa3RateMgS(cls: Hbefa3Class, pollutant: Hbefa3Pollutant, vMS: number, aMS2 = 0): number {
  const rows = TABLE[cls];
  if (!rows) throw new Error(`HBEFA3: unknown vehicle class "${cls}" (known: ${HBEFA3_CLASSES.join(', ')})`);
  if (pollutant === 'pm') {
    const sub = PM_SUBSTITUTES[cls];
    if (sub) return (poly(TABLE[sub.from].pm, vMS, aMS2) / 3.6) * sub.factor;
  }
  return poly(rows[pollutant], vMS, aMS2) / 3.6;
}

/**
 * Steady-speed emission factor (g/km per vehicle) of class `cls` at `speedKmh`, clamped to
 * {@link HBEFA3_SPEED_RANGE_KMH}: below 10 km/h idling dominates and the per-km value of a steady-speed
 * polynomial diverges; above 130 km/h the polynomials are extrapolated.
 */
export function hbefa3GPerKm(cls: Hbefa3Class, pollutant: Hbefa3Pollutant, speedKmh: number): number {
  if (!Number.isFinite(speedKmh)) throw new Error(`HBEFA3: speed must be a finite number of km/h, got ${speedKmh}`);
  const v = Math.min(HBEFA3_SPEED_RANGE_KMH[1], Math.max(HBEFA3_SPEED_RANGE_KMH[0], speedKmh)) / 3.6;
  // mg/s ÷ m/s = mg/m = g/km.
  return hbefa3RateMgS(cls, pollutant, v) / v;
}
