/**
 * Territory demand: zones built from population cells or buildings (hand-placed), trip generation, the attraction
 * formula by hand, intrazonal distances by hand, doubly-constrained marginals, symmetric peak OD, trip
 * conservation, impedance monotonicity at the model level, determinism, inputs untouched, errors naming the field.
 */
import { describe, expect, it } from 'vitest';
import { gridTown } from '../../data/traffic/fixtures.ts';
import { territoryDemand, buildTrafficZones } from './demand.ts';
import { lenormandBetaPerKm, MEAN_DISTANCE_UNIT_SQUARE } from './gravity.ts';
import { resolveTrafficParams } from './traffic-params.ts';

const VEH_PER_PERSON = (4.0 * 0.472) / 1.4;

/** Cells: zone z_0_0 holds 100 + 50 inhabitants (two cells 200 m apart), zone z_1_1 holds 300. */
function town(school = true) {
  return gridTown({
    columns: 4, rows: 4, spacingM: 500,
    cells: [{ x: 0, y: 0, inhabitants: 100 }, { x: 200, y: 0, inhabitants: 50 }, { x: 1000, y: 1000, inhabitants: 300 }],
    buildings: [{ x: 1100, y: 1100, size: 20, use: 'activity', floors: 2 }, { x: 300, y: 100, size: 10, use: 'residential' }],
    equipment: school ? [{ x: 150, y: 150, kind: 'primary', capacity: 200 }] : [],
  });
}

describe('traffic zones', () => {
  it('groups the population cells into squares, with the resident–attraction distance by hand', () => {
    const t = town(false);
    const p = resolveTrafficParams({ zoneSizeM: 800, workShare: 0, studyShare: 0 });
    const z = buildTrafficZones(t, p, { jobs: new Float64Array(t.buildings.count) });
    expect(z.id).toEqual(['z_0_0', 'z_1_1']);
    expect([...z.inhabitants]).toEqual([150, 300]);
    expect(z.inhabitantsSource).toBe('population-cells');
    // Only the "other" purpose (inhabitants + jobs, no jobs here): the attraction of a cell is its share of the
    // 450 inhabitants. z_1_1: one sub-square → 0.5214 × 200 m.
    expect(z.internalDistanceM[1]).toBeCloseTo(MEAN_DISTANCE_UNIT_SQUARE * 200, 9);
    // Connector points: the centres of the 200 m sub-squares holding activity.
    expect([...z.pointZone]).toEqual([0, 0, 1]);
    expect([...z.pointX]).toEqual([100, 300, 1100]);
    expect([...z.pointY]).toEqual([100, 100, 1100]);
    const self = MEAN_DISTANCE_UNIT_SQUARE * 200;
    const a = [100 / 450, 50 / 450];
    const h = [100, 50];
    let num = 0;
    for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) num += h[k] * a[l] * (k === l ? self : 200);
    expect(z.internalDistanceM[0]).toBeCloseTo(num / (150 * (a[0] + a[1])), 9);
    // Centroids weighted by inhabitants + jobs + school places.
    expect(z.y[1]).toBeCloseTo(1100, 9);
    expect(z.x[0]).toBeCloseTo((100 * 100 + 50 * 300) / 150, 9);
  });

  it('uses per-building inhabitants when given and the given jobs', () => {
    const t = town();
    const inh = new Float64Array(t.buildings.count);
    inh[1] = 42;
    const jobs = new Float64Array(t.buildings.count);
    jobs[0] = 80;
    const z = buildTrafficZones(t, resolveTrafficParams({ zoneSizeM: 1000 }), { inhabitants: inh, jobs });
    expect(z.inhabitantsSource).toBe('buildings');
    expect(z.id).toEqual(['z_0_0', 'z_1_1']);
    expect([...z.inhabitants]).toEqual([42, 0]);
    expect([...z.jobs]).toEqual([0, 80]);
    expect([...z.schoolPlaces]).toEqual([200, 0]);
  });

  it('without jobs, estimates them from the non-residential floor area (engine/urban: 25 m² per activity job)', () => {
    const t = town();
    const z = buildTrafficZones(t, resolveTrafficParams({ zoneSizeM: 1000 }));
    expect(z.jobsSource).toBe('floor-area');
    expect(z.jobs[1]).toBeCloseTo((20 * 20 * 2) / 25, 9);
  });

  it('automatic size: the smallest multiple of 200 m giving at most maxZones zones', () => {
    const t = town();
    // Activity at (100, 100), (300, 100) (cells), (1100, 1100) (cell and activity building), (150, 150) (school).
    const zones = (maxZones: number): string[] => buildTrafficZones(t, resolveTrafficParams({ maxZones })).id;
    expect(zones(3)).toEqual(['z_0_0', 'z_1_0', 'z_5_5']); // 200 m: three squares
    expect(buildTrafficZones(t, resolveTrafficParams({ maxZones: 3 })).sizeM).toBe(200);
    expect(zones(2)).toEqual(['z_0_0', 'z_2_2']); // 400 m: (100, 100) and (300, 100) share a square
    expect(buildTrafficZones(t, resolveTrafficParams({ maxZones: 2 })).sizeM).toBe(400);
    expect(zones(1)).toEqual(['z_0_0']);
    expect(buildTrafficZones(t, resolveTrafficParams({ maxZones: 1 })).sizeM).toBe(1200);
  });

  it('names bad activity inputs', () => {
    const t = town();
    expect(() => buildTrafficZones(t, resolveTrafficParams(), { inhabitants: [1] })).toThrow(/inhabitants has 1 values, the territory has 2 buildings/);
    expect(() => buildTrafficZones(t, resolveTrafficParams(), { jobs: [1, -3] })).toThrow(/jobs of building 1 must be a finite number ≥ 0, got -3/);
    expect(() => resolveTrafficParams({ carShare: 1.5 })).toThrow(/carShare must be a number in \[0, 1\], got 1.5/);
    expect(() => resolveTrafficParams({ workShare: 0.7, studyShare: 0.5 })).toThrow(/workShare \+ studyShare must be ≤ 1/);
    expect(() => resolveTrafficParams({ zoneSize: 3 } as never)).toThrow(/"zoneSize" is unknown/);
  });
});

describe('territory demand', () => {
  it('generation, attraction by hand, marginals, symmetric peak OD, conservation', () => {
    const t = town();
    const jobs = new Float64Array(t.buildings.count);
    jobs[0] = 80;
    const p = resolveTrafficParams({ zoneSizeM: 1000 });
    const d = territoryDemand(t, p, { jobs });
    const P = d.productionDay;
    expect(P[0]).toBeCloseTo(150 * VEH_PER_PERSON, 9);
    expect(P[1]).toBeCloseTo(300 * VEH_PER_PERSON, 9);
    const total = 450 * VEH_PER_PERSON;
    expect(d.totals.vehicleTripsDay).toBeCloseTo(total, 9);
    expect(d.totals.personTripsDay).toBeCloseTo(1800, 9);
    // A_j = total × (0.2·J_j/J + 0.15·E_j/E + 0.65·(H_j + J_j)/(H + J)).
    const A0 = total * (0 + 0.15 * 1 + (0.65 * 150) / 530);
    const A1 = total * (0.2 * 1 + 0 + (0.65 * (300 + 80)) / 530);
    expect(d.attractionDay[0]).toBeCloseTo(A0, 9);
    expect(d.attractionDay[1]).toBeCloseTo(A1, 9);
    // Marginals of the production–attraction matrix.
    const T = d.paDay;
    expect(Math.abs(T[0] + T[1] - P[0]) / P[0]).toBeLessThan(1e-9);
    expect(Math.abs(T[2] + T[3] - P[1]) / P[1]).toBeLessThan(1e-9);
    expect(Math.abs(T[0] + T[2] - A0) / A0).toBeLessThan(1e-9);
    expect(Math.abs(T[1] + T[3] - A1) / A1).toBeLessThan(1e-9);
    expect(d.furness.converged).toBe(true);
    expect(d.furness.error).toBeLessThan(1e-9);
    // Peak OD: φ·(T + Tᵀ)/2 between distinct zones, the diagonal as intrazonal trips.
    expect(d.peak.trips.length).toBe(2);
    expect(d.peak.trips[0]).toBeCloseTo((0.1 * (T[1] + T[2])) / 2, 9);
    expect(d.peak.trips[1]).toBeCloseTo(d.peak.trips[0], 12);
    expect(d.intrazonalPeakTotal).toBeCloseTo(0.1 * (T[0] + T[3]), 9);
    expect(d.peak.trips[0] + d.peak.trips[1] + d.intrazonalPeakTotal).toBeCloseTo(0.1 * total, 9);
    expect(d.intrazonalVehicleKmPeak).toBeCloseTo((0.1 * (T[0] * d.zones.internalDistanceM[0] + T[3] * d.zones.internalDistanceM[1])) / 1000, 9);
    expect(d.betaPerKm).toBeCloseTo(lenormandBetaPerKm(1), 4); // default β: Lenormand et al. at 1 km²
  });

  it('a steeper distance decay shortens the trips (more intrazonal, fewer long ones)', () => {
    const t = gridTown({
      columns: 2, rows: 2, spacingM: 4000,
      cells: Array.from({ length: 16 }, (_, k) => ({ x: (k % 4) * 1000, y: Math.floor(k / 4) * 1000, inhabitants: 100 + 37 * k })),
    });
    const meanKm = (beta: number): number => {
      const d = territoryDemand(t, resolveTrafficParams({ zoneSizeM: 1000, distanceDecayPerKm: beta }));
      const z = d.zones;
      let s = 0;
      let n = 0;
      for (let i = 0; i < z.count; i++)
        for (let j = 0; j < z.count; j++) {
          const km = (i === j ? z.internalDistanceM[i] : Math.hypot(z.x[i] - z.x[j], z.y[i] - z.y[j])) / 1000;
          s += d.paDay[i * z.count + j] * km;
          n += d.paDay[i * z.count + j];
        }
      return s / n;
    };
    const m = [0.05, 0.3, 1, 3].map(meanKm);
    for (let k = 1; k < m.length; k++) expect(m[k]).toBeLessThan(m[k - 1]);
  });

  it('is deterministic and leaves its inputs untouched', () => {
    const t = town();
    const jobs = Float64Array.from({ length: t.buildings.count }, (_, i) => 10 * i);
    const before = { pop: t.population.inhabitants.slice(), jobs: jobs.slice(), cap: t.equipment.capacity.slice(), xy: t.buildings.footprint.xy.slice() };
    const a = territoryDemand(t, resolveTrafficParams(), { jobs });
    const b = territoryDemand(t, resolveTrafficParams(), { jobs });
    expect([...a.paDay]).toEqual([...b.paDay]);
    expect([...a.peak.trips]).toEqual([...b.peak.trips]);
    expect([...t.population.inhabitants]).toEqual([...before.pop]);
    expect([...jobs]).toEqual([...before.jobs]);
    expect([...t.equipment.capacity]).toEqual([...before.cap]);
    expect([...t.buildings.footprint.xy]).toEqual([...before.xy]);
  });
});
