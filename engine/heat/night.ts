/**
 * Night-time urban heat island: the calm, clear-night maximum urban–rural air temperature difference from the
 * canyon geometry (Oke 1981), modulated by vegetation (Theeuwes et al. 2017), anthropogenic heat and wind.
 *
 *   ΔT_geom = 7.45 + 3.97 ln(H/W)          Oke (1981, J. Climatol. 1: 237–254), eq. as reproduced by Nakata &
 *                                          de Souza (2013, J. Urban Environ. Eng. 7: 286–292). Some sources
 *                                          print 7.54 (a transposition, 0.09 K higher); we use 7.45.
 *   ΔT_geom = 15.27 − 13.88 ψ_sky          Oke (1981), sky-view-factor form (option `nightGeometry`), consistent
 *                                          with Oke's "10–12 K at ψ = 0.3, 3 K at ψ = 0.8–0.9". The form
 *                                          "27.3 − 27.7 ψ" found elsewhere is not (19 K at ψ = 0.3): not used.
 *   F_veg   = (2 − SVF − f_veg) / (2 − SVF) the relative effect of the vegetation fraction at a given SVF in
 *                                          Theeuwes et al. (2017, Int. J. Climatol. 37: 443–454):
 *                                          UHI_max = (2 − SVF − f_veg)·(S·DTR³/U)^¼ (f_veg within 500 m).
 *                                          Water counts with weight `waterNightWeight` (default 0): open
 *                                          water does not lower, and may raise, the maximum UHI (Steeneveld
 *                                          et al. 2014, Landsc. Urban Plan. 121: 92–96).
 *   F_QF    = ((S + Q_F) / S)^¼            anthropogenic heat Q_F added to the daily energy input S of
 *                                          Theeuwes' equation (our extension of it).
 *   F_wind  = (U_calm / max(U, U_calm))^¼  Theeuwes' U^(−¼) dependence, the calm maximum holding up to U_calm.
 *
 *   ΔT_night = max(0, ΔT_geom) · F_veg · F_QF · F_wind, H/W clamped to `maxAspectRatio` (Oke's measured range),
 * so open rural ground (H/W → 0, SVF → 1, f_veg → 1) gives 0. H/W, SVF, f_veg and Q_F are neighbourhood means.
 */
import * as dmath from '../math/dmath.ts';

/** Oke (1981) coefficients. */
export const OKE_ASPECT_RATIO = { intercept: 7.45, slope: 3.97 } as const;
export const OKE_SKY_VIEW = { intercept: 15.27, slope: 13.88 } as const;

/** Calm clear-night maximum UHI (K) from the canyon aspect ratio H/W (0 for H/W ≤ 0 or when negative). */
export function okeAspectRatioUhi(aspectRatio: number, maxAspectRatio = 4): number {
  if (!(aspectRatio > 0)) return 0;
  return Math.max(0, OKE_ASPECT_RATIO.intercept + OKE_ASPECT_RATIO.slope * dmath.log(Math.min(aspectRatio, maxAspectRatio)));
}

/** Calm clear-night maximum UHI (K) from the sky view factor of the canyon floor (0 when negative). */
export function okeSkyViewUhi(svf: number): number {
  return Math.max(0, OKE_SKY_VIEW.intercept - OKE_SKY_VIEW.slope * Math.min(1, Math.max(0, svf)));
}

/** Theeuwes et al. (2017) vegetation factor relative to no vegetation, in [0, 1]. */
export function vegetationFactor(svf: number, vegetationFraction: number): number {
  const s = Math.min(1, Math.max(0, svf));
  const f = Math.min(1, Math.max(0, vegetationFraction));
  return Math.min(1, Math.max(0, (2 - s - f) / (2 - s)));
}

/** Anthropogenic heat factor ((S + Q_F)/S)^¼ (≥ 1). */
export function anthropogenicFactor(qfWm2: number, irradianceWm2: number): number {
  return dmath.pow((irradianceWm2 + Math.max(0, qfWm2)) / irradianceWm2, 0.25);
}

/** Wind factor (U_calm / max(U, U_calm))^¼ (≤ 1). */
export function windFactor(windMs: number, calmWindMs: number): number {
  return dmath.pow(calmWindMs / Math.max(windMs, calmWindMs), 0.25);
}
