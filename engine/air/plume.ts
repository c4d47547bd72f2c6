/**
 * Gaussian plume building blocks: Briggs urban dispersion coefficients and analytic point / line-source plumes.
 *
 * Briggs (1973) urban curves, as tabulated by Hanna, Briggs & Hosker (1982, "Handbook on Atmospheric Diffusion",
 * DOE/TIC-11223) and in Seinfeld & Pandis ("Atmospheric Chemistry and Physics", Gaussian dispersion chapter),
 * x = downwind distance in m (fitted for 100 m – 10 km, used closer in as an extrapolation):
 *   A–B: σy = 0.32 x (1 + 0.0004 x)^−½   σz = 0.24 x (1 + 0.001 x)^½
 *   C:   σy = 0.22 x (1 + 0.0004 x)^−½   σz = 0.20 x
 *   D:   σy = 0.16 x (1 + 0.0004 x)^−½   σz = 0.14 x (1 + 0.0003 x)^−½
 *   E–F: σy = 0.11 x (1 + 0.0004 x)^−½   σz = 0.08 x (1 + 0.0015 x)^−½
 * The urban scheme merges A with B and E with F; all six Pasquill classes are accepted.
 *
 * Initial dispersion σy0, σz0 (vehicle wake, carriageway width) is added in quadrature, σ² = σ0² + σ(x)²
 * (the usual treatment of initial plume size, e.g. US EPA AERMOD volume/line sources).
 *
 * Point source of rate Q (g/s) at height h over a reflecting ground, wind u (m/s) along +x:
 *   C(x, y, z) = Q / (2π u σy σz) · exp(−y² / 2σy²) · [exp(−(z − h)² / 2σz²) + exp(−(z + h)² / 2σz²)]
 * (Turner 1970, "Workbook of Atmospheric Dispersion Estimates"). On the ground centreline with h = 0:
 * C = Q / (π u σy σz).
 */
import * as dmath from '../math/dmath.ts';

export const STABILITY_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type StabilityClass = (typeof STABILITY_CLASSES)[number];

/** Class letter → code 0 … 5; throws for anything else. */
export function stabilityCode(c: string): number {
  const i = STABILITY_CLASSES.indexOf(c.toUpperCase() as StabilityClass);
  if (i < 0) throw new Error(`stability class must be one of ${STABILITY_CLASSES.join(', ')}, got "${c}"`);
  return i;
}

/** Briggs urban σy (m) for class code 0 … 5 at downwind distance x ≥ 0 (m). */
export function briggsUrbanSigmaY(cls: number, x: number): number {
  const k = cls <= 1 ? 0.32 : cls === 2 ? 0.22 : cls === 3 ? 0.16 : 0.11;
  return (k * x) / Math.sqrt(1 + 0.0004 * x);
}

/** Briggs urban σz (m) for class code 0 … 5 at downwind distance x ≥ 0 (m). */
export function briggsUrbanSigmaZ(cls: number, x: number): number {
  if (cls <= 1) return 0.24 * x * Math.sqrt(1 + 0.001 * x);
  if (cls === 2) return 0.2 * x;
  if (cls === 3) return (0.14 * x) / Math.sqrt(1 + 0.0003 * x);
  return (0.08 * x) / Math.sqrt(1 + 0.0015 * x);
}

export interface PlumeOptions {
  /** Initial lateral spread (m), default 0. */
  sigmaY0M?: number;
  /** Initial vertical spread (m), default 0. */
  sigmaZ0M?: number;
  /** Release height (m), default 0. */
  sourceHeightM?: number;
}

function sigmas(cls: number, x: number, o: PlumeOptions): [number, number] {
  const sy0 = o.sigmaY0M ?? 0;
  const sz0 = o.sigmaZ0M ?? 0;
  const sy = briggsUrbanSigmaY(cls, x);
  const sz = briggsUrbanSigmaZ(cls, x);
  return [Math.sqrt(sy0 * sy0 + sy * sy), Math.sqrt(sz0 * sz0 + sz * sz)];
}

/** Vertical factor [exp(−(z−h)²/2σz²) + exp(−(z+h)²/2σz²)] of the reflected plume. */
export function verticalFactor(z: number, h: number, sz: number): number {
  return dmath.exp(-dmath.sq(z - h) / (2 * sz * sz)) + dmath.exp(-dmath.sq(z + h) / (2 * sz * sz));
}

/**
 * Concentration (g/m³) of a point source `q` (g/s) in a wind `u` (m/s) along +x, at downwind distance x,
 * crosswind offset y and height z (m). Zero upwind (x ≤ 0) unless initial spreads make the plume finite at
 * x = 0 (then x = 0 is included).
 */
export function pointPlume(q: number, u: number, cls: number, x: number, y: number, z: number, o: PlumeOptions = {}): number {
  if (x < 0 || (x === 0 && !((o.sigmaY0M ?? 0) > 0 && (o.sigmaZ0M ?? 0) > 0))) return 0;
  const [sy, sz] = sigmas(cls, x, o);
  return (q / (2 * Math.PI * u * sy * sz)) * dmath.exp(-(y * y) / (2 * sy * sy)) * verticalFactor(z, o.sourceHeightM ?? 0, sz);
}

/** Error function, |error| < 1.2e-7 (the Chebyshev fit `erfcc` of Numerical Recipes, Press et al.). */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    dmath.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

/**
 * Concentration (g/m³) of a straight line source of `q` g/(m·s) lying across the wind, from crosswind
 * coordinate y1 to y2 (m; ±Infinity for an infinite line), at downwind distance x, crosswind offset y, height z:
 *   C = q / (√(2π) σz u) · ½ [erf((y2 − y)/(√2 σy)) − erf((y1 − y)/(√2 σy))] · verticalFactor
 * — the crosswind integral of the point plume (Turner 1970, line sources). For an infinite line on the
 * ground (h = z = 0): C = 2q / (√(2π) σz u).
 */
export function crosswindLine(q: number, u: number, cls: number, x: number, y: number, y1: number, y2: number, z: number, o: PlumeOptions = {}): number {
  if (x <= 0) return 0;
  const [sy, sz] = sigmas(cls, x, o);
  const s = Math.SQRT2 * sy;
  const a = y2 === Infinity ? 1 : erf((y2 - y) / s);
  const b = y1 === -Infinity ? -1 : erf((y1 - y) / s);
  return (q / (Math.sqrt(2 * Math.PI) * sz * u)) * 0.5 * (a - b) * verticalFactor(z, o.sourceHeightM ?? 0, sz);
}
