/**
 * Street canyons: detection on hand-made streets, the OSPM-like formulas against a numerical integration of
 * their plume and against physical invariants, and the increments added only between the façades.
 */
import { describe, expect, it } from 'vitest';
import { TerritoryBuilder } from '../../data/builder.ts';
import { frameForProjected } from '../../data/frame.ts';
import { rect } from '../../data/test-fixtures.ts';
import { DEFAULT_CANYON_DETECTION, DEFAULT_OSPM, detectStreetCanyons, ospmFacades, type CanyonStreet } from './canyon.ts';
import { addCanyonIncrementsToGrid, canyonIncrements, ospmRoseAverage } from './canyon-increment.ts';
import { buildKernel } from './kernel.ts';
import { RENNES_DEFAULT_ROSE, singleHour } from './meteo.ts';
import type { TrafficLoad } from './emissions.ts';

/**
 * Street A along y = 0 (x −200 … 200) between two rows of 15 m buildings 15 m apart (H/W = 1); street B along
 * y = 500 with one row only; street C along y = 1000 between rows of 3 m sheds 30 m apart (H/W = 0.1).
 */
function streets() {
  const b = new TerritoryBuilder('canyons', frameForProjected('EPSG:2154', 352000, 6789000));
  const ds = b.addDataset({ id: 't', title: 't', producer: 't', licence: 'CC0', attribution: 't', themes: ['urbanism'], date: '2026', sourceCrs: 'EPSG:2154', source: 't', synthetic: true });
  for (let x = -195; x < 195; x += 30) {
    b.addBuilding({ sourceId: `n${x}`, dataset: ds, polygons: [[rect(x, 7.5, 28, 20)]], heightM: 15, use: 'residential' });
    b.addBuilding({ sourceId: `s${x}`, dataset: ds, polygons: [[rect(x, -27.5, 28, 20)]], heightM: 15, use: 'residential' });
    b.addBuilding({ sourceId: `b${x}`, dataset: ds, polygons: [[rect(x, 507.5, 28, 20)]], heightM: 15, use: 'residential' });
    b.addBuilding({ sourceId: `cn${x}`, dataset: ds, polygons: [[rect(x, 1015, 28, 10)]], heightM: 3, use: 'annex' });
    b.addBuilding({ sourceId: `cs${x}`, dataset: ds, polygons: [[rect(x, 975, 28, 10)]], heightM: 3, use: 'annex' });
  }
  b.addRoadSegment({ sourceId: 'A', dataset: ds, line: [-200, 0, 200, 0], roadClass: 'secondary', direction: 'both' });
  b.addRoadSegment({ sourceId: 'B', dataset: ds, line: [-200, 500, 200, 500], roadClass: 'secondary', direction: 'both' });
  b.addRoadSegment({ sourceId: 'C', dataset: ds, line: [-200, 1000, 200, 1000], roadClass: 'secondary', direction: 'both' });
  return b.build();
}

const STREET: CanyonStreet = { widthM: 15, heightLeftM: 15, heightRightM: 15, axisRad: 0, vehiclesPerS: 0.3, speedMS: 12, heavyShare: 0.05 };

describe('canyon detection', () => {
  it('finds the street lined on both sides, with its width and height', () => {
    const t = streets();
    const c = detectStreetCanyons(t.buildings, t.roads, DEFAULT_CANYON_DETECTION);
    expect(c.count).toBe(1);
    expect(t.roads.segmentSourceId[c.segment[0]]).toBe('A');
    expect(c.widthM[0]).toBeCloseTo(15, 6);
    expect(c.heightLeftM[0]).toBe(15);
    expect(c.heightRightM[0]).toBe(15);
    expect(c.coverage[0]).toBeGreaterThan(0.9);
    // Without the aspect-ratio rule the low street C qualifies as well (both sides lined), B never does.
    const loose = detectStreetCanyons(t.buildings, t.roads, { ...DEFAULT_CANYON_DETECTION, minAspectRatio: 0, searchM: 40 });
    expect([...loose.segment].map((s) => t.roads.segmentSourceId[s]).sort()).toEqual(['A', 'C']);
  });
});

describe('OSPM-like concentrations', () => {
  it('the direct term is the integral of the street-level line plume √(2/π) q dx / (W ub σz(x)), σz = h0 + σw x / ub', () => {
    // Perpendicular wind (towards +y, left of the axis) of 4 m/s, no traffic turbulence, W = H = 15 m.
    const st = { ...STREET, vehiclesPerS: 0 };
    const o = DEFAULT_OSPM;
    const u = 4;
    const ub = (u * Math.log(o.h0M / o.z0M)) / Math.log(15 / o.z0M);
    const sw = o.alpha * ub;
    const n = 20000;
    let direct = 0;
    for (let i = 0; i < n; i++) {
      const x = ((i + 0.5) / n) * 15;
      direct += (Math.sqrt(2 / Math.PI) * (1 / 15) * (15 / n)) / (ub * (o.h0M + (sw * x) / ub));
    }
    const rec = 1 / (15 * o.lambda * u);
    const r = ospmFacades(st, Math.PI / 2, u);
    // The right row is upwind: its façade is leeward and gets the whole vortex (Lv = min(W, 2H) = W).
    expect(r.right).toBeCloseTo(direct + rec, 6);
    expect(r.left).toBeCloseTo(rec, 12);
  });

  it('falls as 1/u without traffic turbulence, is symmetric in parallel wind and leeward-heavy across', () => {
    const st = { ...STREET, vehiclesPerS: 0 };
    for (const dir of [0.3, 1.2, Math.PI / 2, 2.5]) {
      const a = ospmFacades(st, dir, 3);
      const b = ospmFacades(st, dir, 6);
      expect(b.left).toBeCloseTo(a.left / 2, 12);
      expect(b.right).toBeCloseTo(a.right / 2, 12);
    }
    const par = ospmFacades(STREET, 0, 3);
    expect(par.left).toBeCloseTo(par.right, 12);
    const across = ospmFacades(STREET, -Math.PI / 2, 3); // towards −y: the left row is upwind
    expect(across.left).toBeGreaterThan(1.5 * across.right);
    // Traffic turbulence keeps calm-wind concentrations bounded: more traffic, lower concentration per gram.
    expect(ospmFacades({ ...STREET, vehiclesPerS: 1 }, 1, 1).left).toBeLessThan(ospmFacades({ ...STREET, vehiclesPerS: 0.01 }, 1, 1).left);
  });

  it('a rose average lies between its extreme conditions', () => {
    const avg = ospmRoseAverage(STREET, RENNES_DEFAULT_ROSE);
    const lo = ospmFacades(STREET, 0, 6.5).left;
    const hi = ospmFacades(STREET, Math.PI / 2, 1.5).right;
    expect(avg.left).toBeGreaterThan(lo);
    expect(avg.left).toBeLessThan(hi);
  });
});

describe('canyon increments', () => {
  it('are positive with traffic, zero without, and land only between the façades', () => {
    const t = streets();
    const c = detectStreetCanyons(t.buildings, t.roads, DEFAULT_CANYON_DETECTION);
    const n = t.roads.linkCount;
    const traffic: TrafficLoad = { linkCount: n, flowVehH: new Float64Array(n).fill(500), speedKmh: new Float64Array(n).fill(40), lengthM: Float64Array.from(t.roads.lengthM), linkSegment: t.roads.linkSegment, source: { kind: 'counts', description: 'test' } };
    const q = new Float64Array(n).fill(1e-5);
    const kernel = buildKernel(singleHour(180, 3, 'D'), { receptorHeightM: 1.5, sourceHeightM: 0, sigmaY0M: 3, sigmaZ0M: 1.5, cutoffM: 500, minWindSpeedMS: 1 });
    const inc = canyonIncrements(c, t.roads, traffic, [q, new Float64Array(n)], 0.05, singleHour(180, 3, 'D'), kernel);
    // Wind from the south (towards +y = left of the street): the right (south) row is upwind, its façade leeward.
    expect(inc.inc[0 * 2 + 0]).toBeGreaterThan(0);
    expect(inc.inc[1 * 2 + 0]).toBeGreaterThan(inc.inc[0 * 2 + 0]);
    expect(inc.inc[0 * 2 + 1]).toBe(0);
    expect(inc.ospmPerUnit[1]).toBeGreaterThan(inc.openPerUnit[1]);
    const grid = { width: 40, height: 8, cellSizeM: 10, originX: -200, originY: 40 };
    const values = new Float64Array(2 * grid.width * grid.height);
    const cells = addCanyonIncrementsToGrid(inc, t.roads, grid, values);
    // Rows centred at y = 5 and −5 (rows 3 and 4) are inside the 15 m corridor; y = ±15 are not.
    expect(cells).toBe(2 * grid.width);
    for (let row = 0; row < grid.height; row++) {
      for (let col = 0; col < grid.width; col++) {
        const v = values[row * grid.width + col];
        if (row === 3) expect(v).toBeCloseTo(inc.inc[0], 15);
        else if (row === 4) expect(v).toBeCloseTo(inc.inc[2], 15);
        else expect(v).toBe(0);
      }
    }
  });
});
