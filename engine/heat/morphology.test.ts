/**
 * Vector → cell sums against analytic values: footprint areas, façade area 2(W + D)·H of isolated boxes at any
 * orientation, party walls removed between touching buildings, paved road area and default traffic, land-cover
 * composition; and bad inputs named.
 */
import { describe, expect, it } from 'vitest';
import { cellMorphology } from './morphology.ts';
import { resolveHeatParams, COVER_COMPOSITION, UNCLASSIFIED_GROUND } from './params.ts';
import { rect, syntheticTerritory } from './synthetic.ts';
import { mulberry32 } from '../raster/synthetic.ts';

const grid = { width: 40, height: 40, cellSizeM: 10, originX: -200, originY: 200 };
const p = resolveHeatParams();
const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);

function rotated(cx: number, cy: number, w: number, d: number, deg: number): number[] {
  const a = (deg * Math.PI) / 180;
  const out: number[] = [];
  for (const [x, y] of [[-w / 2, -d / 2], [w / 2, -d / 2], [w / 2, d / 2], [-w / 2, d / 2]]) out.push(cx + x * Math.cos(a) - y * Math.sin(a), cy + x * Math.sin(a) + y * Math.cos(a));
  return out;
}

describe('cell morphology', () => {
  it('façade area of an isolated box is 2(W + D)·H at every orientation; sampled footprint area is unbiased', () => {
    // Footprints are point-sampled every 2 m: one placement can be off by several % (a 45° box whose corners
    // fall in phase with the samples loses 10 %), but the lattice estimate is unbiased over placements, so the
    // mean over 40 offsets must be within 1 % of W·D.
    const rnd = mulberry32(7);
    for (const deg of [0, 17, 30, 45, 90]) {
      let areas = 0;
      for (let k = 0; k < 40; k++) {
        const t = syntheticTerritory([{ rings: [rotated(3 + 2 * rnd(), -7 + 2 * rnd(), 36, 14, deg)], heightM: 12 }]);
        const m = cellMorphology(t, grid, p);
        expect(sum(m.facadeM2)).toBeCloseTo(2 * (36 + 14) * 12, 6);
        expect(sum(m.heightAreaM3) / sum(m.buildingM2)).toBeCloseTo(12, 9);
        expect(Math.abs(sum(m.buildingM2) / (36 * 14) - 1)).toBeLessThan(0.12);
        areas += sum(m.buildingM2);
      }
      expect(Math.abs(areas / 40 / (36 * 14) - 1)).toBeLessThan(0.01);
    }
  });

  it('removes party walls: two touching boxes share a 10 m wall, exposed only above the lower one', () => {
    // A: 20 × 10 m, 15 m high; B: 10 × 10 m, 6 m high, against A's east wall over its full 10 m.
    const t = syntheticTerritory([
      { rings: [rect(0, 0, 20, 10)], heightM: 15 },
      { rings: [rect(20, 0, 10, 10)], heightM: 6 },
    ]);
    const m = cellMorphology(t, grid, p);
    const free = 2 * (20 + 10) * 15 + 2 * (10 + 10) * 6;
    expect(sum(m.facadeM2)).toBeCloseTo(free - 2 * 10 * 6, 6);
    expect(m.partyWallM2).toBeCloseTo(2 * 10 * 6, 6);
    // A wall shared over part of its length (B shifted 4 m north: 6 m of contact).
    const s = syntheticTerritory([
      { rings: [rect(0, 0, 20, 10)], heightM: 15 },
      { rings: [rect(20, 4, 10, 10)], heightM: 6 },
    ]);
    expect(sum(cellMorphology(s, grid, p).facadeM2)).toBeCloseTo(free - 2 * 6 * 6, 6);
  });

  it('courtyard walls count; a building with a hole has the façades of both rings', () => {
    const outer = rect(-30, -30, 60, 60);
    const hole = [-10, -10, -10, 10, 10, 10, 10, -10]; // clockwise
    const t = syntheticTerritory([{ rings: [outer, hole], heightM: 10 }]);
    const m = cellMorphology(t, grid, p);
    expect(sum(m.facadeM2)).toBeCloseTo((240 + 80) * 10, 6);
    expect(sum(m.buildingM2)).toBeCloseTo(3600 - 400, 6);
  });

  it('paves lanes and sidewalks and spreads the default traffic along the road', () => {
    // A 300 m two-way residential street, 1 lane each way (capacity 600 veh/h per lane).
    const t = syntheticTerritory([], [], [{ line: [-150, 5, 150, 5], roadClass: 'residential', lanes: 1 }]);
    const m = cellMorphology(t, grid, p);
    expect(sum(m.roadM2)).toBeCloseTo(300 * (2 * p.laneWidthM + 2 * p.sidewalkWidthM), 6);
    // Default: 2 links × 0.15 (peak v/c) × 600 veh/h / 0.10 (design-hour factor) = 1 800 veh/day.
    expect(sum(m.trafficVehMPerDay)).toBeCloseTo(1800 * 300, 3);
    expect(m.trafficSource).toBe('default-by-road-class');
    const given = cellMorphology(t, grid, p, { linkFlowVehPerDay: [1000, 3000] });
    expect(sum(given.trafficVehMPerDay)).toBeCloseTo(4000 * 300, 3);
    expect(given.trafficSource).toBe('links');
  });

  it('composes the ground by priority: buildings, land cover, roads, then unclassified open ground', () => {
    // A park over the whole of one cell-aligned 100 × 100 m square; elsewhere unclassified ground.
    const t = syntheticTerritory([], [{ rings: [rect(0, 0, 100, 100)], cover: 'vegetation' }]);
    const m = cellMorphology(t, grid, p);
    const cell = (x: number, y: number): number => Math.floor((200 - y) / 10) * 40 + Math.floor((x + 200) / 10);
    const c = cell(55, 55);
    const park = COVER_COMPOSITION.vegetation!;
    expect(m.lowVegetationM2[c]).toBeCloseTo(100 * park.lowVegetation, 9);
    expect(m.canopyM2[c]).toBeCloseTo(100 * park.canopy, 9);
    expect(m.coolingIslandM2[c]).toBeCloseTo(100, 9);
    const o = cell(-55, -55);
    expect(m.imperviousM2[o]).toBeCloseTo(100 * UNCLASSIFIED_GROUND.impervious, 9);
    expect(m.coolingIslandM2[o]).toBe(0);
    for (let i = 0; i < 1600; i++) expect(m.imperviousM2[i] + m.lowVegetationM2[i] + m.waterM2[i] + m.bareM2[i] + m.buildingM2[i]).toBeCloseTo(100, 6);
  });

  it('keeps the pavement of a road closed to cars (pavementFrom) while its traffic stops; new roads pave', () => {
    const t = syntheticTerritory([], [], [{ line: [-150, 5, 150, 5], roadClass: 'residential', lanes: 1 }, { line: [-150, -55, 150, -55], roadClass: 'residential', lanes: 1 }]);
    const base = cellMorphology(t, grid, p);
    // Road 0 closed: its links removed, its segment kept (as the scenario road edits do).
    const r = t.roads;
    const keep = Array.from({ length: r.linkCount }, (_, a) => a).filter((a) => r.linkSegment[a] !== 0);
    const pick = <T extends Uint32Array | Uint8Array | Float32Array>(src: T): T => (src.constructor as unknown as { from(a: number[]): T }).from(keep.map((a) => src[a]));
    const closed = { ...t, roads: { ...r, linkCount: keep.length, linkFrom: pick(r.linkFrom), linkTo: pick(r.linkTo), linkSegment: pick(r.linkSegment), linkReversed: pick(r.linkReversed), lengthM: pick(r.lengthM), lanes: pick(r.lanes), lanesRule: pick(r.lanesRule), capacityVehH: pick(r.capacityVehH), freeSpeedKmh: pick(r.freeSpeedKmh), speedRule: pick(r.speedRule), roadClass: pick(r.roadClass) } };
    const without = cellMorphology(closed, grid, p);
    const kept = cellMorphology(closed, grid, p, { pavementFrom: r });
    expect(sum(without.roadM2)).toBeCloseTo(sum(base.roadM2) / 2, 6);
    expect(Array.from(kept.roadM2)).toEqual(Array.from(base.roadM2));
    expect(sum(kept.trafficVehMPerDay)).toBeCloseTo(sum(base.trafficVehMPerDay) / 2, 6);
    expect(() => cellMorphology(t, grid, p, { pavementFrom: { ...r, segmentCount: r.segmentCount + 1 } })).toThrow(/pavementFrom has 3 road segments, more than the territory's 2/);
  });

  it('takes the inhabitants of each building from buildingInhabitants when given', () => {
    const t = syntheticTerritory([{ rings: [rect(-10, 0, 20, 10)], heightM: 9, floors: 3, inhabitants: 12 }, { rings: [rect(50, 50, 10, 10)], heightM: 6, inhabitants: 5 }]);
    expect(sum(cellMorphology(t, grid, p, { buildingInhabitants: [30, 1] }).population)).toBeCloseTo(31, 9);
    expect(() => cellMorphology(t, grid, p, { buildingInhabitants: [30] })).toThrow(/buildingInhabitants has 1 values for 2 buildings/);
    expect(() => cellMorphology(t, grid, p, { buildingInhabitants: [30, -1] })).toThrow(/building b1 \(index 1\): buildingInhabitants must be a non-negative number/);
  });

  it('shares inhabitants and heat of a building among its cells by footprint area', () => {
    const t = syntheticTerritory([{ rings: [rect(-10, 0, 20, 10)], heightM: 9, floors: 3, inhabitants: 12 }]);
    const m = cellMorphology(t, grid, p, { buildingPowerW: [3000] });
    expect(sum(m.population)).toBeCloseTo(12, 9);
    expect(sum(m.buildingHeatW)).toBeCloseTo(3000, 9);
    expect(m.population.filter((v) => v > 0)).toHaveLength(2);
    // Default heat: residential 19 W/m² of floor × 200 m² × 3 floors.
    expect(sum(cellMorphology(t, grid, p).buildingHeatW)).toBeCloseTo(19 * 200 * 3, 6);
  });

  it('names the building, link or field at fault', () => {
    const t = syntheticTerritory([{ rings: [rect(0, 0, 10, 10)], heightM: 9 }], [], [{ line: [0, 50, 100, 50], roadClass: 'primary' }]);
    t.buildings.heightM[0] = NaN;
    expect(() => cellMorphology(t, grid, p)).toThrow(/building b0 \(index 0\): heightM must be a positive number/);
    t.buildings.heightM[0] = 9;
    expect(() => cellMorphology(t, grid, p, { linkFlowVehPerDay: [1] })).toThrow(/linkFlowVehPerDay has 1 values for 2 road links/);
    expect(() => cellMorphology(t, grid, p, { linkFlowVehPerDay: [1, -5] })).toThrow(/road link 1 \(segment r0\): linkFlowVehPerDay must be a non-negative number/);
    expect(() => cellMorphology(t, grid, p, { buildingPowerW: [NaN] })).toThrow(/building b0 \(index 0\): buildingPowerW must be a non-negative number/);
  });
});
