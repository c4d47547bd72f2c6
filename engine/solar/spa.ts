/**
 * Solar position: the NREL Solar Position Algorithm (SPA) of I. Reda and A. Andreas, "Solar Position Algorithm
 * for Solar Radiation Applications", NREL/TP-560-34302 (2003, revised January 2008); Solar Energy 76(5),
 * 577–589 (2004). Stated uncertainty ±0.0003° for years −2000…6000. Equation numbers below are the paper's.
 *
 * Conventions (used by every solar model of the project):
 * - `azimuthDeg`: topocentric azimuth measured from north, clockwise (eastward): 0 = N, 90 = E, 180 = S, 270 = W
 *   (the paper's Φ, "for navigators and solar radiation users").
 * - `zenithDeg`: topocentric zenith angle INCLUDING the atmospheric refraction correction of eq. 42 (Bennett's
 *   formula scaled by pressure and temperature), applied — as SPA does — only while the geometric elevation is
 *   above −(sun radius + `atmosRefractDeg`) = −0.8334° by default. `elevationDeg` = 90 − `zenithDeg` (apparent).
 *   `elevationGeometricDeg` is the elevation without refraction (e0).
 * - Time: an instant as milliseconds since the Unix epoch (UTC), so no time-zone ambiguity reaches the engine.
 *   ΔT (TT − UT) defaults to {@link deltaTEstimate}; pass the observed value for full accuracy (1 s of ΔT moves
 *   the sun by about 0.004°).
 */
import { B_TERMS, L_TERMS, NUTATION_PE, NUTATION_Y, R_TERMS } from './spa-tables.ts';
import * as dmath from '../math/dmath.ts';

const DEG = Math.PI / 180;
/** Sun's apparent radius (°) used by SPA for the refraction cut-off and sunrise/sunset (eq. 42 and A.2). */
export const SUN_RADIUS_DEG = 0.26667;

export interface SpaInput {
  /** Instant in milliseconds since 1970-01-01T00:00:00Z (UTC). */
  unixMs: number;
  /** Observer latitude (°, north positive), in [−90, 90]. */
  latitudeDeg: number;
  /** Observer longitude (°, east positive), in [−180, 180]. */
  longitudeDeg: number;
  /** Observer elevation above the ellipsoid/sea level (m); default 0. */
  elevationM?: number;
  /** Annual mean local pressure (hPa = mbar); default 1013.25 (standard atmosphere). */
  pressureHpa?: number;
  /** Annual mean local temperature (°C); default 15 (standard atmosphere). */
  temperatureC?: number;
  /** ΔT = TT − UT (s); default {@link deltaTEstimate} for the year. */
  deltaTS?: number;
  /** ΔUT1 = UT1 − UTC (s), in (−1, 1); default 0. */
  deltaUt1S?: number;
  /** Refraction at sunrise/sunset (°) used for the refraction cut-off; default 0.5667 (SPA). */
  atmosRefractDeg?: number;
}

export interface SolarPosition {
  /** Topocentric zenith angle (°), refraction-corrected. */
  zenithDeg: number;
  /** Topocentric azimuth (°), from north, clockwise, in [0, 360). */
  azimuthDeg: number;
  /** Apparent (refraction-corrected) elevation (°) = 90 − zenithDeg. */
  elevationDeg: number;
  /** Topocentric elevation without refraction (°), e0 of eq. 41. */
  elevationGeometricDeg: number;
  /** Topocentric declination δ′ (°). */
  declinationDeg: number;
  /** Topocentric local hour angle H′ (°), in (−180, 180], negative before transit. */
  hourAngleDeg: number;
  /** Earth–Sun distance R (AU). */
  earthSunDistanceAu: number;
  /** Equation of time (min), apparent − mean solar time. */
  equationOfTimeMin: number;
}

/** Validated, defaulted observer parameters. */
export interface Observer {
  latitudeDeg: number;
  longitudeDeg: number;
  elevationM: number;
  pressureHpa: number;
  temperatureC: number;
  atmosRefractDeg: number;
}

export class SolarInputError extends Error {
  override name = 'SolarInputError';
}

function check(name: string, v: number, min: number, max: number, openMin = false): void {
  if (!Number.isFinite(v) || v > max || (openMin ? v <= min : v < min)) throw new SolarInputError(`${name} must be a number in ${openMin ? '(' : '['}${min}, ${max}], got ${v}`);
}

/** Defaults and range checks (the ranges of the SPA reference implementation). Throws {@link SolarInputError}. */
export function observerOf(input: Omit<SpaInput, 'unixMs' | 'deltaTS' | 'deltaUt1S'>): Observer {
  const o: Observer = {
    latitudeDeg: input.latitudeDeg,
    longitudeDeg: input.longitudeDeg,
    elevationM: input.elevationM ?? 0,
    pressureHpa: input.pressureHpa ?? 1013.25,
    temperatureC: input.temperatureC ?? 15,
    atmosRefractDeg: input.atmosRefractDeg ?? 0.5667,
  };
  check('latitudeDeg', o.latitudeDeg, -90, 90);
  check('longitudeDeg', o.longitudeDeg, -180, 180);
  check('elevationM', o.elevationM, -6500000, 1e7);
  check('pressureHpa', o.pressureHpa, 0, 5000);
  check('temperatureC', o.temperatureC, -273, 6000, true);
  check('atmosRefractDeg', o.atmosRefractDeg, -5, 5);
  return o;
}

const limit360 = (d: number): number => {
  const r = d - 360 * Math.floor(d / 360);
  return r < 0 ? r + 360 : r;
};

/**
 * ΔT = TT − UT (s) for a decimal year. 2000–2025: IERS observed values (linear between the listed years);
 * after 2025 the trend of Espenak & Meeus (2006, NASA "Polynomial expressions for Delta T") continued from the
 * last observed value; before 2000 the Espenak & Meeus polynomials. An estimate: pass the observed ΔT when the
 * last 0.01° matters.
 */
export function deltaTEstimate(year: number): number {
  const OBS_YEARS = [2000, 2005, 2010, 2015, 2020, 2025];
  const OBS = [63.83, 64.69, 66.07, 67.64, 69.36, 69.1];
  if (year >= 2000 && year <= 2025) {
    const i = Math.min(4, Math.floor((year - 2000) / 5));
    const f = (year - OBS_YEARS[i]) / 5;
    return OBS[i] + f * (OBS[i + 1] - OBS[i]);
  }
  const em2005 = (y: number): number => {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  };
  if (year > 2025 && year <= 2050) return 69.1 + em2005(year) - em2005(2025);
  if (year >= 1986 && year < 2000) {
    const t = year - 2000;
    return 63.86 + t * (0.3345 + t * (-0.060374 + t * (0.0017275 + t * (0.000651814 + t * 0.00002373599))));
  }
  if (year >= 1961 && year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - (t * t) / 260 - (t * t * t) / 718;
  }
  const em2050 = (y: number): number => {
    const u = (y - 1820) / 100;
    return -20 + 32 * u * u - 0.5628 * (2150 - y);
  };
  // After 2050: Espenak & Meeus' 2050–2150 expression, shifted to join the curve above.
  if (year > 2050) return em2050(year) + 69.1 + em2005(2050) - em2005(2025) - em2050(2050);
  const u = (year - 1820) / 100; // long-term parabola (Morrison & Stephenson 2004)
  return -20 + 32 * u * u;
}

/** Decimal year of an instant (for ΔT). */
export function decimalYear(unixMs: number): number {
  return 1970 + unixMs / (365.2425 * 86400000);
}

/** Julian day (UT) of an instant: JD = unix days + 2440587.5 (eq. 4 for Gregorian dates). */
export function julianDay(unixMs: number, deltaUt1S = 0): number {
  return (unixMs + deltaUt1S * 1000) / 86400000 + 2440587.5;
}

/** Σ A·cos(B + C·jme) over a flat series, then the polynomial in jme of the series sums (eqs. 9–11). */
function earthValue(series: readonly Float64Array[], jme: number): number {
  let total = 0;
  let pow = 1;
  for (let i = 0; i < series.length; i++) {
    const t = series[i];
    let s = 0;
    for (let k = 0; k < t.length; k += 3) s += t[k] * dmath.cos(t[k + 1] + t[k + 2] * jme);
    total += s * pow;
    pow *= jme;
  }
  return total / 1e8;
}

/** Geocentric quantities that depend on time only (not on the observer). */
export interface Geocentric {
  /** Julian day (UT) and century. */
  jd: number;
  /** Apparent sun right ascension α (°, [0, 360)) and declination δ (°). */
  alphaDeg: number;
  deltaDeg: number;
  /** Earth radius vector R (AU). */
  r: number;
  /** Nutation in longitude Δψ (°) and true obliquity ε (°). */
  dPsiDeg: number;
  epsDeg: number;
  /** Sun mean longitude M (°) for the equation of time (eq. A.1). */
  sunMeanLonDeg: number;
}

/** Steps 3.1–3.8 of the paper: heliocentric → geocentric apparent position for a Julian day (UT) and ΔT (s). */
export function geocentricSun(jd: number, deltaTS: number): Geocentric {
  const jde = jd + deltaTS / 86400; // eq. 5
  const jce = (jde - 2451545) / 36525; // eq. 6
  const jme = jce / 10; // eq. 7
  const lDeg = limit360(earthValue(L_TERMS, jme) / DEG); // eqs. 8–12
  const bDeg = earthValue(B_TERMS, jme) / DEG;
  const r = earthValue(R_TERMS, jme);
  const theta = limit360(lDeg + 180); // eq. 13
  const beta = -bDeg; // eq. 14
  // Nutation (eqs. 15–23).
  const x0 = (((jce / 189474) - 0.0019142) * jce + 445267.11148) * jce + 297.85036;
  const x1 = ((-jce / 300000 - 0.0001603) * jce + 35999.05034) * jce + 357.52772;
  const x2 = ((jce / 56250 + 0.0086972) * jce + 477198.867398) * jce + 134.96298;
  const x3 = ((jce / 327270 - 0.0036825) * jce + 483202.017538) * jce + 93.27191;
  const x4 = ((jce / 450000 + 0.0020708) * jce - 1934.136261) * jce + 125.04452;
  let sPsi = 0;
  let sEps = 0;
  for (let i = 0, y = 0, p = 0; i < 63; i++, y += 5, p += 4) {
    const arg = (x0 * NUTATION_Y[y] + x1 * NUTATION_Y[y + 1] + x2 * NUTATION_Y[y + 2] + x3 * NUTATION_Y[y + 3] + x4 * NUTATION_Y[y + 4]) * DEG;
    sPsi += (NUTATION_PE[p] + jce * NUTATION_PE[p + 1]) * dmath.sin(arg);
    sEps += (NUTATION_PE[p + 2] + jce * NUTATION_PE[p + 3]) * dmath.cos(arg);
  }
  const dPsi = sPsi / 36000000;
  const dEps = sEps / 36000000;
  const u = jme / 10; // eq. 24
  const eps0 = 84381.448 + u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67 + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
  const eps = eps0 / 3600 + dEps; // eq. 25
  const dTau = -20.4898 / (3600 * r); // eq. 26
  const lambda = theta + dPsi + dTau; // eq. 27
  const lr = lambda * DEG;
  const er = eps * DEG;
  const br = beta * DEG;
  const alpha = limit360(dmath.atan2(dmath.sin(lr) * dmath.cos(er) - dmath.tan(br) * dmath.sin(er), dmath.cos(lr)) / DEG); // eq. 28
  const delta = dmath.asin(dmath.sin(br) * dmath.cos(er) + dmath.cos(br) * dmath.sin(er) * dmath.sin(lr)) / DEG; // eq. 30
  const sunMeanLonDeg = limit360(280.4664567 + jme * (360007.6982779 + jme * (0.03032028 + jme * (1 / 49931 + jme * (-1 / 15300 + jme * (-1 / 2000000))))));
  return { jd, alphaDeg: alpha, deltaDeg: delta, r, dPsiDeg: dPsi, epsDeg: eps, sunMeanLonDeg };
}

/** Greenwich apparent sidereal time ν (°) for a Julian day (UT) (eqs. 28–29 of step 3.8). */
export function siderealTimeDeg(jd: number, dPsiDeg: number, epsDeg: number): number {
  const jc = (jd - 2451545) / 36525;
  const nu0 = limit360(280.46061837 + 360.98564736629 * (jd - 2451545) + jc * jc * (0.000387933 - jc / 38710000));
  return nu0 + dPsiDeg * dmath.cos(epsDeg * DEG);
}

/**
 * Steps 3.9–3.15: observer-dependent topocentric position from geocentric α, δ, R and sidereal time ν.
 * Writes into `out` (no allocation) and returns it.
 */
export function topocentricSun(alphaDeg: number, deltaDeg: number, r: number, nuDeg: number, obs: Observer, out: SolarPosition): SolarPosition {
  const lat = obs.latitudeDeg * DEG;
  const h = limit360(nuDeg + obs.longitudeDeg - alphaDeg) * DEG; // eq. 32
  const xi = (8.794 / (3600 * r)) * DEG; // eq. 33
  const u = dmath.atan(0.99664719 * dmath.tan(lat)); // eq. 34
  const x = dmath.cos(u) + (obs.elevationM / 6378140) * dmath.cos(lat); // eq. 35
  const y = 0.99664719 * dmath.sin(u) + (obs.elevationM / 6378140) * dmath.sin(lat); // eq. 36
  const dr = deltaDeg * DEG;
  const den = dmath.cos(dr) - x * dmath.sin(xi) * dmath.cos(h);
  const dAlpha = dmath.atan2(-x * dmath.sin(xi) * dmath.sin(h), den); // eq. 37
  const deltaP = dmath.atan2((dmath.sin(dr) - y * dmath.sin(xi)) * dmath.cos(dAlpha), den); // eq. 39
  const hP = h - dAlpha; // eq. 40
  const e0 = dmath.asin(dmath.sin(lat) * dmath.sin(deltaP) + dmath.cos(lat) * dmath.cos(deltaP) * dmath.cos(hP)) / DEG; // eq. 41
  let dE = 0;
  if (e0 >= -(SUN_RADIUS_DEG + obs.atmosRefractDeg)) {
    dE = (obs.pressureHpa / 1010) * (283 / (273 + obs.temperatureC)) * (1.02 / (60 * dmath.tan((e0 + 10.3 / (e0 + 5.11)) * DEG))); // eq. 42
  }
  const e = e0 + dE; // eq. 43
  const gamma = limit360(dmath.atan2(dmath.sin(hP), dmath.cos(hP) * dmath.sin(lat) - dmath.tan(deltaP) * dmath.cos(lat)) / DEG); // eq. 45
  out.zenithDeg = 90 - e; // eq. 44
  out.azimuthDeg = limit360(gamma + 180); // eq. 46
  out.elevationDeg = e;
  out.elevationGeometricDeg = e0;
  out.declinationDeg = deltaP / DEG;
  let hd = limit360(hP / DEG);
  if (hd > 180) hd -= 360;
  out.hourAngleDeg = hd;
  out.earthSunDistanceAu = r;
  return out;
}

/** Equation of time (min) from a geocentric state (eq. A.1), limited to ±20 min as in SPA. */
export function equationOfTimeMin(g: Geocentric): number {
  let e = 4 * (g.sunMeanLonDeg - 0.0057183 - g.alphaDeg + g.dPsiDeg * dmath.cos(g.epsDeg * DEG));
  if (e < -20) e += 1440;
  else if (e > 20) e -= 1440;
  return e;
}

export function emptyPosition(): SolarPosition {
  return { zenithDeg: NaN, azimuthDeg: NaN, elevationDeg: NaN, elevationGeometricDeg: NaN, declinationDeg: NaN, hourAngleDeg: NaN, earthSunDistanceAu: NaN, equationOfTimeMin: NaN };
}

/** Full SPA for one instant and observer. Throws {@link SolarInputError} for out-of-range inputs. */
export function solarPosition(input: SpaInput): SolarPosition {
  const obs = observerOf(input);
  if (!Number.isFinite(input.unixMs)) throw new SolarInputError(`unixMs must be a finite number, got ${input.unixMs}`);
  const deltaUt1 = input.deltaUt1S ?? 0;
  check('deltaUt1S', deltaUt1, -1, 1);
  const deltaT = input.deltaTS ?? deltaTEstimate(decimalYear(input.unixMs));
  check('deltaTS', deltaT, -8000, 8000);
  const jd = julianDay(input.unixMs, deltaUt1);
  const g = geocentricSun(jd, deltaT);
  const out = topocentricSun(g.alphaDeg, g.deltaDeg, g.r, siderealTimeDeg(jd, g.dPsiDeg, g.epsDeg), obs, emptyPosition());
  out.equationOfTimeMin = equationOfTimeMin(g);
  return out;
}

/**
 * Angle of incidence (°) of the sun on a plane (eq. 47): `slopeDeg` from the horizontal, `surfaceAzimuthDeg`
 * the azimuth (from north, clockwise) of the horizontal projection of the plane's outward normal. A wall
 * facing south is (90, 180). Values above 90 mean the sun is behind the plane.
 */
export function incidenceDeg(zenithDeg: number, azimuthDeg: number, slopeDeg: number, surfaceAzimuthDeg: number): number {
  const z = zenithDeg * DEG;
  const s = slopeDeg * DEG;
  const c = dmath.cos(z) * dmath.cos(s) + dmath.sin(s) * dmath.sin(z) * dmath.cos((azimuthDeg - surfaceAzimuthDeg) * DEG);
  return dmath.acos(Math.max(-1, Math.min(1, c))) / DEG;
}

/** Unit vector towards the sun in the local frame (x = east, y = north, z = up), written into `out`. */
export function sunVector(azimuthDeg: number, elevationDeg: number, out: Float64Array | number[] = new Float64Array(3)): Float64Array | number[] {
  const a = azimuthDeg * DEG;
  const e = elevationDeg * DEG;
  out[0] = dmath.cos(e) * dmath.sin(a);
  out[1] = dmath.cos(e) * dmath.cos(a);
  out[2] = dmath.sin(e);
  return out;
}
