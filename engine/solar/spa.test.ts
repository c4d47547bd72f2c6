/**
 * SPA against the published NREL test case (Reda & Andreas 2008, table A5.1 and the spa_tester output) and
 * against geometric invariants of the sun's daily path.
 */
import { describe, expect, it } from 'vitest';
import { SolarInputError, deltaTEstimate, geocentricSun, incidenceDeg, julianDay, solarPosition, sunVector } from './spa.ts';
import { parseIsoDate, sunPositionsForDay, sunriseSunset, DaySun } from './sun-path.ts';

// 2003-10-17 12:30:30 at UTC−07:00 = 19:30:30 UTC.
const NREL = {
  unixMs: Date.UTC(2003, 9, 17, 19, 30, 30),
  latitudeDeg: 39.742476,
  longitudeDeg: -105.1786,
  elevationM: 1830.14,
  pressureHpa: 820,
  temperatureC: 11,
  deltaTS: 67,
  deltaUt1S: 0,
};
const LOCAL_MIDNIGHT_UTC = Date.UTC(2003, 9, 17, 7); // 2003-10-17 00:00 at UTC−07:00
const hms = (h: number, m: number, s: number): number => LOCAL_MIDNIGHT_UTC + ((h * 60 + m) * 60 + s) * 1000;

describe('SPA (Reda & Andreas, NREL/TP-560-34302)', () => {
  it('reproduces the NREL test vector: zenith 50.111622°, azimuth 194.340241°', () => {
    const p = solarPosition(NREL);
    expect(Math.abs(p.zenithDeg - 50.111622)).toBeLessThan(0.0005);
    expect(Math.abs(p.azimuthDeg - 194.340241)).toBeLessThan(0.0005);
    // The implementation matches the reference to the printed digits, far inside the tolerance above.
    expect(p.zenithDeg).toBeCloseTo(50.111622, 5);
    expect(p.azimuthDeg).toBeCloseTo(194.340241, 5);
    expect(p.elevationDeg).toBeCloseTo(90 - 50.111622, 5);
  });

  it('matches the intermediate values of the paper (table A5.1)', () => {
    const jd = julianDay(NREL.unixMs);
    expect(jd).toBeCloseTo(2452930.312847, 6);
    const g = geocentricSun(jd, 67);
    expect(g.r).toBeCloseTo(0.9965422974, 9);
    expect(g.dPsiDeg).toBeCloseTo(-0.0039984, 7);
    expect(g.epsDeg).toBeCloseTo(23.440465, 6);
    expect(g.alphaDeg).toBeCloseTo(202.22741, 5);
    expect(g.deltaDeg).toBeCloseTo(-9.31434, 5);
    const p = solarPosition(NREL);
    expect(p.declinationDeg).toBeCloseTo(-9.316179, 6);
    // Observer (geocentric) hour angle H = 11.105902° = H′ + Δα; H′ itself is not printed by the reference.
    expect(p.hourAngleDeg).toBeGreaterThan(11.105902);
    expect(p.hourAngleDeg).toBeLessThan(11.105902 + 0.001);
    expect(p.elevationGeometricDeg).toBeCloseTo(39.872046, 5);
    expect(p.equationOfTimeMin).toBeCloseTo(14.641503, 4);
  });

  it('gives the NREL surface incidence angle (slope 30°, azimuth rotation −10° from south) = 25.187°', () => {
    const p = solarPosition(NREL);
    // SPA's rotation is measured from south, negative east: −10° ⇒ normal azimuth 170° from north.
    expect(incidenceDeg(p.zenithDeg, p.azimuthDeg, 30, 170)).toBeCloseTo(25.187, 5);
    // A horizontal plane sees the sun at its zenith angle.
    expect(incidenceDeg(p.zenithDeg, p.azimuthDeg, 0, 0)).toBeCloseTo(p.zenithDeg, 10);
  });

  it('finds the published sunrise 06:12:43 (local) and a transit and sunset consistent with spherical astronomy', () => {
    const { latitudeDeg, longitudeDeg, unixMs: _u, ...opts } = NREL;
    const t = sunriseSunset({ year: 2003, month: 10, day: 17 }, latitudeDeg, longitudeDeg, opts);
    expect(Math.abs((t.sunriseUnixMs as number) - hms(6, 12, 43)) / 1000).toBeLessThan(30);
    // At the published sunrise the sun's centre is 0.8333° (radius + horizon refraction) below the horizon.
    expect(Math.abs(solarPosition({ ...NREL, unixMs: hms(6, 12, 43) }).elevationGeometricDeg + 0.8333)).toBeLessThan(0.1);
    // Transit = 12:00 UT − λ/15 h − equation of time (14.641503 min in table A5.1).
    const transit = Date.UTC(2003, 9, 17, 12) - (longitudeDeg / 15) * 3600000 - 14.641503 * 60000;
    expect(Math.abs(t.transitUnixMs - transit) / 1000).toBeLessThan(5);
    // Sunset: the hour angle from transit is ω0 with cos ω0 = (sin h0 − sin φ sin δ) / (cos φ cos δ).
    // (The reference program prints 17:20:19, 88 s later: its rise/set interpolation wraps the day fraction
    // of an event after 24:00 UT back into the same UT day, with the previous day's declination.)
    const set = t.sunsetUnixMs as number;
    const d = (solarPosition({ ...NREL, unixMs: set }).declinationDeg * Math.PI) / 180;
    const phi = (latitudeDeg * Math.PI) / 180;
    const w0 = Math.acos((Math.sin((-0.8334 * Math.PI) / 180) - Math.sin(phi) * Math.sin(d)) / (Math.cos(phi) * Math.cos(d)));
    const expectedSet = t.transitUnixMs + ((w0 * 180) / Math.PI / 15) * 3600000; // the sun's hour angle turns 15°/h
    expect(Math.abs(set - expectedSet) / 1000).toBeLessThan(20);
    expect(t.dayLengthH).toBeCloseTo((set - (t.sunriseUnixMs as number)) / 3600000, 6);
  });

  it('puts the sun due south at transit in the northern mid-latitudes, due north in the southern ones', () => {
    for (const [lat, lon, expectAz] of [
      [48.8566, 2.3522, 180],
      [39.742476, -105.1786, 180],
      [-33.87, 151.21, 0],
    ]) {
      for (const date of ['2024-03-20', '2024-06-21', '2024-12-21']) {
        const t = sunriseSunset(parseIsoDate(date), lat, lon);
        const p = solarPosition({ unixMs: t.transitUnixMs, latitudeDeg: lat, longitudeDeg: lon });
        const d = Math.abs(((p.azimuthDeg - expectAz + 540) % 360) - 180);
        expect(d, `${lat} ${date}`).toBeLessThan(0.01);
        // Geometric culmination: e0 = 90° − |φ − δ′|.
        expect(p.elevationGeometricDeg).toBeCloseTo(90 - Math.abs(lat - p.declinationDeg), 2);
      }
    }
  });

  it('has polar day and polar night at 78° N, and ~12 h days at the equinox on the equator', () => {
    const summer = sunriseSunset(parseIsoDate('2024-06-21'), 78, 15);
    expect(summer.sunriseUnixMs).toBeNull();
    expect(summer.dayLengthH).toBeCloseTo(24, 6);
    const winter = sunriseSunset(parseIsoDate('2024-12-21'), 78, 15);
    expect(winter.sunriseUnixMs).toBeNull();
    expect(winter.dayLengthH).toBe(0);
    // Equator at equinox: 12 h plus the time the sun needs to cross 2 × 0.8333° (≈ 2 × 3.3 min).
    const eq = sunriseSunset(parseIsoDate('2024-03-20'), 0, 0);
    expect(eq.dayLengthH).toBeGreaterThan(12 + 5 / 60);
    expect(eq.dayLengthH).toBeLessThan(12 + 9 / 60);
  });

  it('fast day path agrees with the full SPA at every step', () => {
    const path = sunPositionsForDay({ year: 2003, month: 10, day: 17 }, NREL.latitudeDeg, NREL.longitudeDeg, 15, { elevationM: 1830.14, pressureHpa: 820, temperatureC: 11, deltaTS: 67 });
    expect(path.count).toBe(96);
    let maxErr = 0;
    for (let k = 0; k < path.count; k++) {
      const p = solarPosition({ ...NREL, unixMs: path.unixMs[k] });
      maxErr = Math.max(maxErr, Math.abs(p.zenithDeg - path.zenithDeg[k]), Math.abs(((p.azimuthDeg - path.azimuthDeg[k] + 540) % 360) - 180));
    }
    expect(maxErr).toBeLessThan(1e-5);
    // Steps are centred: the first one is half a step after the local mean solar midnight.
    expect(path.unixMs[0] - path.startUnixMs).toBe(7.5 * 60000);
    const day = new DaySun(path.startUnixMs, 86400000, NREL.latitudeDeg, NREL.longitudeDeg, { deltaTS: 67, elevationM: 1830.14, pressureHpa: 820, temperatureC: 11 });
    expect(day.at(NREL.unixMs).zenithDeg).toBeCloseTo(50.111622, 5);
  });

  it('sun vector is a unit vector pointing along the azimuth', () => {
    const v = sunVector(90, 30);
    expect(v[0]).toBeCloseTo(Math.cos(Math.PI / 6), 12);
    expect(v[1]).toBeCloseTo(0, 12);
    expect(v[2]).toBeCloseTo(0.5, 12);
  });

  it('ΔT estimate follows the observed values', () => {
    expect(deltaTEstimate(2003.8)).toBeGreaterThan(64);
    expect(deltaTEstimate(2003.8)).toBeLessThan(65);
    expect(Math.abs(deltaTEstimate(2020) - 69.36)).toBeLessThan(0.01);
    expect(deltaTEstimate(2030)).toBeGreaterThan(69);
    expect(deltaTEstimate(2030)).toBeLessThan(75);
  });

  it('rejects bad inputs with a message naming the field', () => {
    expect(() => solarPosition({ ...NREL, latitudeDeg: 91 })).toThrow(SolarInputError);
    expect(() => solarPosition({ ...NREL, longitudeDeg: NaN })).toThrow(/longitudeDeg/);
    expect(() => solarPosition({ ...NREL, pressureHpa: -1 })).toThrow(/pressureHpa/);
    expect(() => solarPosition({ ...NREL, unixMs: NaN })).toThrow(/unixMs/);
    expect(() => sunPositionsForDay({ year: 2024, month: 6, day: 21 }, 45, 0, 7)).toThrow(/stepMin must divide 1440/);
    expect(() => parseIsoDate('2023-02-30')).toThrow(/not a calendar date/);
    expect(() => parseIsoDate('21/06/2024')).toThrow(/YYYY-MM-DD/);
  });
});
