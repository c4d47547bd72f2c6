/**
 * The heat model end to end on synthetic territories: ideal street canyons against Oke (1981) and the
 * analytic road-average sky view factor, rural cells at 0, park cooling against distance, and determinism and
 * immutability of the inputs. The lever responses are in levers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { runHeat } from './model.ts';
import { okeAspectRatioUhi } from './night.ts';
import { prepareSynthetic, rect, syntheticTerritory } from './synthetic.ts';

/** Infinite street canyons along y: bars B m wide, H m high, paved streets W m wide, over [−600, 600] m. */
function canyonTerritory(H: number, W = 20, B = 20) {
  const buildings = [];
  const landCover = [];
  for (let x = -600; x < 600; x += B + W) {
    buildings.push({ rings: [rect(x, -3000, B, 6000)], heightM: H });
    landCover.push({ rings: [rect(x + B, -3000, W, 6000)], cover: 'impervious' as const });
  }
  return syntheticTerritory(buildings, landCover);
}

/** Values of `a` over the central 400 × 400 m of a 1200 m grid at 10 m (rows/cols 40–79). */
function central(a: ArrayLike<number>, width: number): number[] {
  const out: number[] = [];
  for (let row = 40; row < 80; row++) for (let col = 40; col < 80; col++) out.push(a[row * width + col]);
  return out;
}

describe('night UHI of ideal street canyons (Oke 1981)', () => {
  // Tolerances: the street-canyon H/W estimate of a 100 m disc over 40 m periods varies by ±4 % with the
  // position (partial periods), i.e. ±3.97·ln(1.04) = ±0.16 K; we allow 0.3 K. The SVF form is checked against
  // the analytic floor-averaged SVF of an infinite canyon, √(1 + x²) − x with x = H/W (crossed-strings view
  // factor of the road strip; Masson 2000, TEB), within 0.15 K (0.01 in SVF).
  for (const hw of [0.5, 1, 2]) {
    it(`H/W = ${hw}: ${okeAspectRatioUhi(hw).toFixed(2)} K from the aspect ratio, Oke's SVF form from the engine's SVF`, () => {
      const t = canyonTerritory(20 * hw);
      const inputs = prepareSynthetic(t, [-600, -600, 600, 600], 10, 5, { buildingPowerW: new Float64Array(t.buildings.count), svfDirections: 32 });
      const W = inputs.grid.width;
      const r = runHeat(inputs, { params: { mixingRadiusM: 0 } });
      for (const v of central(r.nightUhiK, W)) expect(Math.abs(v - okeAspectRatioUhi(hw))).toBeLessThan(0.3);
      for (const v of central(r.neighbourhood.aspectRatio, W)) expect(Math.abs(v / hw - 1)).toBeLessThan(0.05);
      const roadSvf = Math.sqrt(hw * hw + 1) - hw;
      for (const v of central(r.neighbourhood.skyViewFactor, W)) expect(Math.abs(v - roadSvf)).toBeLessThan(0.01);
      const s = runHeat(inputs, { params: { mixingRadiusM: 0, nightGeometry: 'sky-view-factor' } });
      for (const v of central(s.nightUhiK, W)) expect(Math.abs(v - (15.27 - 13.88 * roadSvf))).toBeLessThan(0.15);
      // Compact canyons are built LCZ types: 20 m bars → compact midrise, 40 m → compact high-rise.
      expect(r.lcz[60 * W + 60]).toBe(hw === 2 ? 1 : 2);
    });
  }

  it('the geometry-driven UHI rises with building density (H/W 0.5 < 1 < 2)', () => {
    const means = [0.5, 1, 2].map((hw) => {
      const t = canyonTerritory(20 * hw);
      const r = runHeat(prepareSynthetic(t, [-600, -600, 600, 600], 10, 2, { buildingPowerW: new Float64Array(t.buildings.count) }));
      const v = central(r.nightUhiK, r.grid.width);
      return v.reduce((a, b) => a + b, 0) / v.length;
    });
    expect(means[1]).toBeGreaterThan(means[0] + 2);
    expect(means[2]).toBeGreaterThan(means[1] + 2);
  });
});

describe('water at night', () => {
  it('water cools the night only through waterNightWeight (0 by default, Steeneveld et al. 2014)', () => {
    // Canyons whose every third street is a canal.
    const t = syntheticTerritory(
      Array.from({ length: 30 }, (_, i) => ({ rings: [rect(-600 + 40 * i, -3000, 20, 6000)], heightM: 20 })),
      Array.from({ length: 30 }, (_, i) => ({ rings: [rect(-580 + 40 * i, -3000, 20, 6000)], cover: i % 3 === 0 ? ('water' as const) : ('impervious' as const) })),
    );
    const inputs = prepareSynthetic(t, [-600, -600, 600, 600], 20, 4, { buildingPowerW: new Float64Array(t.buildings.count) });
    const m = (w: number): number => {
      const v = runHeat(inputs, { params: { waterNightWeight: w } }).nightUhiK;
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(m(0.5)).toBeLessThan(m(0) - 0.3);
    expect(m(1)).toBeLessThan(m(0.5));
    expect(runHeat(inputs).nightUhiK).toEqual(runHeat(inputs, { params: { waterNightWeight: 0 } }).nightUhiK);
  });
});

describe('rural cells and air mixing', () => {
  it('open rural ground gives 0, and cells beyond the neighbourhood + mixing radii of a town are exactly 0', () => {
    const town = syntheticTerritory(Array.from({ length: 16 }, (_, i) => ({ rings: [rect(-900 + (i % 4) * 40, -900 + Math.floor(i / 4) * 40, 20, 20)], heightM: 15 })));
    const r = runHeat(prepareSynthetic(town, [-1000, -1000, 1000, 1000], 20, 4));
    const W = r.grid.width;
    expect(Math.max(...r.nightUnmixedK)).toBeGreaterThan(1);
    expect(Math.max(...r.nightUhiK)).toBeGreaterThan(0);
    // Town within x, y < −740 m: beyond 100 m (neighbourhood) + 500 m (mixing) every cell is exactly 0.
    let checked = 0;
    for (let row = 0; row < W; row++) {
      for (let col = 0; col < W; col++) {
        const x = -1000 + (col + 0.5) * 20;
        const y = 1000 - (row + 0.5) * 20;
        if (x > -740 + 620 || y > -740 + 620) {
          expect(r.nightUhiK[row * W + col]).toBe(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(8000);
    const empty = syntheticTerritory([], [{ rings: [rect(-500, -500, 1000, 1000)], cover: 'agriculture' }]);
    const e = runHeat(prepareSynthetic(empty, [-500, -500, 500, 500], 25, 5));
    expect(Math.max(...e.nightUhiK)).toBe(0);
    expect(e.lcz.every((c) => c === 14)).toBe(true); // LCZ D, low plants
  });
});

describe('park cooling (InVEST eqs. 3–4)', () => {
  /** A 300 m wide park along the west edge of a paved plain, 1 600 × 600 m at 10 m. */
  function parkPlain(parkWidth: number) {
    return syntheticTerritory([], [
      { rings: [rect(-800, -300, parkWidth, 600)], cover: 'forest' },
      { rings: [rect(-800 + parkWidth, -300, 1600 - parkWidth, 600)], cover: 'impervious' },
    ]);
  }

  it('decreases with distance from the park edge and vanishes beyond d_cool = 450 m', () => {
    const r = runHeat(prepareSynthetic(parkPlain(300), [-800, -300, 800, 300], 10, 2));
    const W = r.grid.width;
    const row = 30;
    let prev = Infinity;
    let positive = 0;
    for (let col = 30; col < W; col++) {
      const d = -800 + (col + 0.5) * 10 - -500; // distance of the cell centre from the park edge
      const v = r.parkCoolingK[row * W + col];
      if (d >= 450) expect(v).toBe(0);
      if (v > 0) {
        expect(v).toBeLessThan(prev);
        positive++;
      }
      prev = v;
    }
    expect(r.parkCoolingK[row * W + 30]).toBeGreaterThan(0.1); // next to the edge
    expect(positive).toBeGreaterThan(10);
    // With mixing the park's effect on the day temperature still ends at d_cool + the mixing radius.
    const none = runHeat(prepareSynthetic(syntheticTerritory([], [{ rings: [rect(-800, -300, 1600, 600)], cover: 'impervious' }]), [-800, -300, 800, 300], 10, 2));
    for (let col = 0; col < W; col++) {
      const d = -800 + (col + 0.5) * 10 + 500;
      const diff = none.dayAnomalyK[row * W + col] - r.dayAnomalyK[row * W + col];
      if (d > 450 + 500) expect(Math.abs(diff)).toBeLessThan(1e-6);
      else if (d < 200) expect(diff).toBeGreaterThan(0);
    }
  });

  it('needs 2 ha of green space within d_cool: a 1.2 ha park does not cool its surroundings', () => {
    const t = syntheticTerritory([], [
      { rings: [rect(-60, -60, 110, 110)], cover: 'forest' },
      { rings: [rect(-800, -300, 1600, 600)], cover: 'impervious' },
    ]);
    const r = runHeat(prepareSynthetic(t, [-800, -300, 800, 300], 10, 2));
    expect(Math.max(...r.parkCoolingK)).toBe(0);
  });
});

function hashArrays(o: object): string {
  let h = 0;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (ArrayBuffer.isView(v)) {
      const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      for (let i = 0; i < b.length; i++) h = (Math.imul(h, 31) + b[i]) | 0;
      parts.push(`${k}:${h}`);
    }
  }
  return parts.join(',');
}

describe('determinism and inputs', () => {
  it('same inputs → identical results; prepared inputs and the territory are not modified', () => {
    const t = canyonTerritory(15);
    const before = hashArrays(t.buildings) + hashArrays(t.landCover);
    const a = prepareSynthetic(t, [-600, -600, 600, 600], 20, 4);
    const b = prepareSynthetic(t, [-600, -600, 600, 600], 20, 4);
    expect(hashArrays(a)).toBe(hashArrays(b));
    expect(hashArrays(t.buildings) + hashArrays(t.landCover)).toBe(before);
    const snapshot = hashArrays(a);
    const levers = { trees: [{ canopyFraction: 0.3 }], coolRoofs: [{ roofFraction: 0.5 }], depaving: [{ imperviousFraction: 0.2, zone: [rect(-200, -200, 400, 400)] }], traffic: [{ factor: 2 }] };
    const r1 = runHeat(a, { levers });
    const r2 = runHeat(a, { levers });
    expect(hashArrays(a)).toBe(snapshot);
    expect(hashArrays(r1.surfaces)).toBe(hashArrays(r2.surfaces));
    for (const k of ['nightUhiK', 'dayAnomalyK', 'lcz', 'parkCoolingK'] as const) expect(Buffer.from(r1[k].buffer).equals(Buffer.from(r2[k].buffer))).toBe(true);
    expect(JSON.stringify(r1.summary)).toBe(JSON.stringify(r2.summary));
  });

  it('refuses bad parameters and levers with a message naming them', () => {
    const inputs = prepareSynthetic(canyonTerritory(10), [-600, -600, 600, 600], 50, 5);
    expect(() => runHeat(inputs, { params: { windSpeedMs: -1 } })).toThrow(/windSpeedMs must be a number in \[0, 30\]/);
    expect(() => runHeat(inputs, { params: { nightGeometry: 'albedo' as never } })).toThrow(/nightGeometry must be one of/);
    expect(() => runHeat(inputs, { params: { foo: 1 } as never })).toThrow(/unknown heat parameter "foo"/);
    expect(() => runHeat(inputs, { levers: { trees: [{ canopyFraction: 1.5 }] } })).toThrow(/levers.trees\[0\].canopyFraction must be a number in \[0, 1\]/);
    expect(() => runHeat(inputs, { levers: { coolRoofs: [{ roofFraction: 0.5, zone: [[0, 0, 1, 1]] }] } })).toThrow(/levers.coolRoofs\[0\].zone ring 0 must hold at least 3 points/);
    expect(() => runHeat(inputs, { levers: { shade: [] } as never })).toThrow(/unknown heat lever "shade"/);
    expect(() => runHeat(inputs, { thresholdsK: [NaN] })).toThrow(/thresholdsK/);
  });
});
