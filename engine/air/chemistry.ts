/**
 * NO2 from NOx. Road traffic emits NOx mostly as NO, which ozone turns into NO2 within minutes; concentrations
 * of NOx and NO2 here are µg/m³ of NO2-equivalent mass.
 *
 * Annual means — the empirical relation of Bächlin et al. (2008, "Überprüfung des NO-NO2-Umwandlungsmodells für
 * die Anwendung bei Immissionsprognosen für bodennahe Stickoxidfreisetzung", Gefahrstoffe – Reinhaltung der Luft
 * 68:154–160), fitted on German urban and roadside stations, applied to the total (background + traffic) NOx:
 *   NO2 = A · NOx / (NOx + B) + C · NOx,   A = 29 µg/m³, B = 35 µg/m³, C = 0.217
 * (Romberg et al. 1996, the older fit with A = 103, B = 130, C = 0.005, reflects a fleet with less primary NO2).
 *
 * Single hour — the ozone limiting method (Cole & Summerhays 1979, J. Air Pollut. Control Assoc. 29:812–817;
 * US EPA Guideline on Air Quality Models, 40 CFR part 51 appendix W, § 4.2.3.4):
 *   NO2 = NO2_bg + f·NOx_road + min((1 − f)·NOx_road, 46/48 · O3_bg)
 * with f the primary NO2 fraction of the traffic and 46/48 the NO2/O3 molar mass ratio (one O3 oxidises one NO).
 */

export interface AnnualNo2Relation {
  a: number;
  b: number;
  c: number;
  source: string;
}

export const BACHLIN_2008: AnnualNo2Relation = { a: 29, b: 35, c: 0.217, source: 'Bächlin et al. 2008' };
export const ROMBERG_1996: AnnualNo2Relation = { a: 103, b: 130, c: 0.005, source: 'Romberg et al. 1996' };

/** Annual-mean NO2 (µg/m³) from the total annual-mean NOx (µg/m³, NO2-equivalent). */
export function annualNo2FromNox(noxUgM3: number, r: AnnualNo2Relation = BACHLIN_2008): number {
  if (!(noxUgM3 >= 0)) return NaN;
  return (r.a * noxUgM3) / (noxUgM3 + r.b) + r.c * noxUgM3;
}

/** Hourly NO2 (µg/m³) by the ozone limiting method. */
export function hourlyNo2OzoneLimited(noxRoadUgM3: number, primaryFraction: number, o3BackgroundUgM3: number, no2BackgroundUgM3: number): number {
  if (!(noxRoadUgM3 >= 0) || !(primaryFraction >= 0 && primaryFraction <= 1) || !(o3BackgroundUgM3 >= 0) || !(no2BackgroundUgM3 >= 0)) return NaN;
  return no2BackgroundUgM3 + primaryFraction * noxRoadUgM3 + Math.min((1 - primaryFraction) * noxRoadUgM3, (46 / 48) * o3BackgroundUgM3);
}
