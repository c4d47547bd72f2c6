/**
 * Responses to the what-if levers on a synthetic town (blocks of houses, streets with traffic, a park, a
 * pond, an empty paved square): more vegetation → cooler day and night; higher albedo → cooler by day (and no
 * night effect, the night relations having no albedo term); more buildings → warmer at night; more traffic →
 * warmer at night; a zone confines a lever's effect to the zone plus the documented neighbourhood, vegetation
 * and mixing radii.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { withBuildingChanges } from './buildings.ts';
import { applyLevers } from './levers.ts';
import { runHeat, type HeatRunOptions } from './model.ts';
import type { HeatInputs } from './prepare.ts';
import { prepareSynthetic, rect, syntheticTerritory, type SyntheticBuilding, type SyntheticRoad } from './synthetic.ts';
import type { LandCover } from '../territory.ts';

const BOUNDS: [number, number, number, number] = [-500, -500, 500, 500];
const SQUARE = rect(100, -260, 120, 120);

function town() {
  const buildings: SyntheticBuilding[] = [];
  const landCover: Array<{ rings: number[][]; cover: LandCover }> = [
    { rings: [rect(-380, 100, 200, 200)], cover: 'vegetation' },
    { rings: [rect(200, 200, 60, 60)], cover: 'water' },
    { rings: [SQUARE], cover: 'impervious' },
  ];
  const roads: SyntheticRoad[] = [];
  for (let x = -400; x < 400; x += 80) {
    roads.push({ line: [x - 10, -400, x - 10, 400], roadClass: 'secondary' });
    for (let y = -400; y < 400; y += 80) {
      const inPark = x >= -400 && x < -160 && y >= 80 && y < 320;
      const inSquare = x >= 80 && x < 240 && y >= -280 && y < -120;
      if (inPark || inSquare || (x === 200 && y === 200)) continue;
      for (const [dx, dy] of [[0, 0], [30, 0], [0, 30], [30, 30]]) buildings.push({ rings: [rect(x + dx, y + dy, 25, 25)], heightM: 12, floors: 4, inhabitants: 40 });
    }
  }
  return syntheticTerritory(buildings, landCover, roads);
}

const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
};

let inputs: HeatInputs;
beforeAll(() => {
  inputs = prepareSynthetic(town(), BOUNDS, 10, 5);
});

/** Mean night and day temperatures over the grid for a run. */
function means(o: HeatRunOptions): { night: number; day: number } {
  const r = runHeat(inputs, o);
  return { night: mean(r.nightUhiK), day: mean(r.dayAnomalyK) };
}

function expectDecreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
}

describe('heat levers', () => {
  it('more trees → cooler by day and at night, monotonically', () => {
    const m = [0, 0.2, 0.5, 0.8].map((f) => means({ levers: { trees: [{ canopyFraction: f }] } }));
    expectDecreasing(m.map((x) => x.night));
    expectDecreasing(m.map((x) => x.day));
  });

  it('de-paving and green roofs → cooler by day and at night', () => {
    const base = means({});
    const depaved = [0.2, 0.5, 1].map((f) => means({ levers: { depaving: [{ imperviousFraction: f }] } }));
    expectDecreasing([base.night, ...depaved.map((x) => x.night)]);
    expectDecreasing([base.day, ...depaved.map((x) => x.day)]);
    const green = [0.3, 0.7, 1].map((f) => means({ levers: { greenRoofs: [{ roofFraction: f }] } }));
    expectDecreasing([base.night, ...green.map((x) => x.night)]);
    expectDecreasing([base.day, ...green.map((x) => x.day)]);
  });

  it('higher albedo (cool roofs, cool pavements) → cooler by day, unchanged at night', () => {
    const base = means({});
    const roofs = [0.3, 0.5, 0.7, 0.9].map((albedo) => means({ levers: { coolRoofs: [{ roofFraction: 1, albedo }] } }));
    expectDecreasing([base.day, ...roofs.map((x) => x.day)]);
    for (const r of roofs) expect(r.night).toBe(base.night);
    // The default cool-roof albedo (current roofs + 0.25, Akbari et al. 2009) cools too.
    expect(means({ levers: { coolRoofs: [{ roofFraction: 1 }] } }).day).toBeLessThan(base.day);
    const pav = [0.25, 0.5, 1].map((f) => means({ levers: { coolPavements: [{ pavementFraction: f }] } }));
    expectDecreasing([base.day, ...pav.map((x) => x.day)]);
  });

  it('more traffic → warmer at night (anthropogenic heat), no day effect', () => {
    const m = [0, 1, 3, 10].map((factor) => means({ levers: { traffic: [{ factor }] } }));
    expectDecreasing(m.map((x) => -x.night));
    for (const x of m) expect(x.day).toBe(m[0].day);
  });

  it('more buildings → warmer at night, fewer → cooler (through SVF, fractions, façades and heat)', () => {
    const t = town();
    const zone = (r: ReturnType<typeof runHeat>): number => {
      const W = r.grid.width;
      let s = 0;
      let n = 0;
      for (let row = 0; row < W; row++) {
        for (let col = 0; col < W; col++) {
          const x = -500 + (col + 0.5) * 10;
          const y = 500 - (row + 0.5) * 10;
          if (x > 100 && x < 220 && y > -260 && y < -140) {
            s += r.nightUhiK[row * W + col];
            n++;
          }
        }
      }
      return s / n;
    };
    const add = [0, 40, 80].flatMap((dx) => [0, 40, 80].map((dy) => ({ rings: [rect(105 + dx, -255 + dy, 30, 30)], heightM: 15, floors: 5, inhabitants: 50 })));
    const base = runHeat(inputs);
    const denser = runHeat(prepareSynthetic(withBuildingChanges(t, { add }), BOUNDS, 10, 5));
    const taller = runHeat(prepareSynthetic(withBuildingChanges(t, { add: add.map((b) => ({ ...b, heightM: 30, floors: 10 })) }), BOUNDS, 10, 5));
    expect(zone(denser)).toBeGreaterThan(zone(base) + 0.1);
    expect(zone(taller)).toBeGreaterThan(zone(denser) + 0.1);
    expect(mean(denser.nightUhiK)).toBeGreaterThan(mean(base.nightUhiK));
    const remove = Array.from({ length: 40 }, (_, i) => i);
    const sparser = runHeat(prepareSynthetic(withBuildingChanges(t, { remove }), BOUNDS, 10, 5));
    expect(mean(sparser.nightUhiK)).toBeLessThan(mean(base.nightUhiK));
  });

  it('a zone confines a lever to the zone and the documented radii around it', () => {
    const params = { vegetationRadiusM: 100, mixingRadiusM: 100, neighbourhoodRadiusM: 50, coolingDistanceM: 100 };
    const zone = [rect(-500, -500, 300, 1000)]; // x < −200
    const base = runHeat(inputs, { params });
    const r = runHeat(inputs, { params, levers: { trees: [{ zone, canopyFraction: 0.8 }], traffic: [{ zone, factor: 0 }] } });
    const W = r.grid.width;
    let inside = 0;
    for (let row = 0; row < W; row++) {
      for (let col = 0; col < W; col++) {
        const x = -500 + (col + 0.5) * 10;
        const i = row * W + col;
        // Beyond 100 m (vegetation radius, park cooling distance) + 100 m (mixing) nothing changes, to the float.
        if (x > -200 + 210) {
          expect(r.nightUhiK[i]).toBe(base.nightUhiK[i]);
          expect(r.dayAnomalyK[i]).toBe(base.dayAnomalyK[i]);
        }
        if (x < -260) {
          expect(r.dayAnomalyK[i]).toBeLessThan(base.dayAnomalyK[i]);
          if (base.nightUhiK[i] > 0.5) expect(r.nightUhiK[i]).toBeLessThan(base.nightUhiK[i]);
          inside++;
        }
      }
    }
    expect(inside).toBeGreaterThan(1000);
  });
  it('canopyCover: the canopy reaches the target share of the open ground, never lowers it, and is exclusive with canopyFraction', () => {
    const s0 = applyLevers(inputs);
    const s1 = applyLevers(inputs, { trees: [{ canopyCover: 0.45 }] });
    let reached = 0;
    for (let c = 0; c < s0.roofM2.length; c++) {
      const open = s0.imperviousM2[c] + s0.lowVegetationM2[c] + s0.bareM2[c];
      if (open < 1) continue;
      const before = (s0.canopyOverImperviousM2[c] + s0.canopyOverPerviousM2[c]) / open;
      const after = (s1.canopyOverImperviousM2[c] + s1.canopyOverPerviousM2[c]) / open;
      expect(after).toBeGreaterThanOrEqual(before);
      if (before < 0.45) {
        expect(after).toBeCloseTo(0.45, 9);
        reached++;
      } else expect(after).toBe(before);
    }
    expect(reached).toBeGreaterThan(100);
    expect(() => applyLevers(inputs, { trees: [{ canopyCover: 0.3, canopyFraction: 0.2 }] })).toThrow(/levers.trees\[0\] must give exactly one of canopyFraction and canopyCover/);
    expect(() => applyLevers(inputs, { trees: [{ canopyCover: 1.5 }] })).toThrow(/levers.trees\[0\].canopyCover must be a number in \[0, 1\]/);
  });
});
