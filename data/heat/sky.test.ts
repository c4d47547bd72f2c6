/**
 * Windowed sky of a scenario (sky.ts) on the sample district: after a local edit (buildings raised, removed and
 * added), the sums recomputed in the window around the changes equal a full preparation of the edited
 * territory on the same grid bit for bit; the window is bounded by the changes plus the horizon radius; edits
 * that do not touch the DSM recompute nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../sample/index.ts';
import { changedBuildings, prepareHeatSky, updateHeatSky, type HeatSky } from './sky.ts';
import { applyBuildingChanges } from '../../engine/heat/buildings.ts';
import { rect } from '../../engine/heat/synthetic.ts';
import { bboxOfXY, featureCentroid, type Buildings, type Territory } from '../../engine/territory.ts';

let t: Territory;
let sky: HeatSky;
let after: Buildings;
let changedBox: [number, number, number, number];
beforeAll(() => {
  t = generateSample({ size: 'district', seed: 2 });
  sky = prepareHeatSky(t, { cellSizeM: 25 });
  // The 15 buildings nearest to a point of the district raised by 9 m, the next 3 removed, two new ones.
  const c = featureCentroid(t.buildings.footprint, Math.floor(t.buildings.count / 3), [0, 0]);
  const near = Array.from({ length: t.buildings.count }, (_, i) => {
    const p = featureCentroid(t.buildings.footprint, i, [0, 0]);
    return { i, d: Math.hypot(p[0] - c[0], p[1] - c[1]) };
  }).sort((a, b) => a.d - b.d);
  after = applyBuildingChanges(t.buildings, { remove: near.slice(15, 18).map((n) => n.i), add: [{ rings: [rect(c[0] + 5, c[1] + 5, 12, 9)], heightM: 21 }, { rings: [rect(c[0] - 30, c[1] - 40, 15, 15)], heightM: 6 }] });
  const ids = new Map(after.sourceId.map((id, j) => [id, j]));
  for (const n of near.slice(0, 15)) after.heightM[ids.get(t.buildings.sourceId[n.i])!] += 9;
  const fp = t.buildings.footprint;
  const boxes = near.slice(0, 18).map((n) => bboxOfXY(fp.xy.subarray(2 * fp.ringVertexStart[fp.featureRingStart[n.i]], 2 * fp.ringVertexStart[fp.featureRingStart[n.i + 1]])));
  boxes.push([c[0] + 5, c[1] + 5, c[0] + 17, c[1] + 14], [c[0] - 30, c[1] - 40, c[0] - 15, c[1] - 25]);
  changedBox = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
});

describe('windowed sky of a scenario', () => {
  it('finds the changed buildings by source id, height and footprint', () => {
    const f = changedBuildings(t.buildings, after);
    expect(f.before.reduce((a, v) => a + v, 0)).toBe(18);
    expect(f.after.reduce((a, v) => a + v, 0)).toBe(17);
  });

  it('equals a full preparation of the edited territory on the same grid, bit for bit', () => {
    const u = updateHeatSky(sky, t.buildings, after);
    const full = prepareHeatSky({ ...t, buildings: after }, { grid: sky.grid });
    expect(Array.from(u.groundSvfSum)).toEqual(Array.from(full.groundSvfSum));
    expect(Array.from(u.groundSamples)).toEqual(Array.from(full.groundSamples));
    expect(Array.from(u.groundShadeSum)).toEqual(Array.from(full.groundShadeSum));
    // The edit does change the sky (so the equality is not the baseline's), only inside the window.
    const g = sky.grid;
    const [c0, r0, c1, r1] = u.window;
    let changedInside = 0;
    for (let row = 0; row < g.height; row++)
      for (let col = 0; col < g.width; col++) {
        const i = row * g.width + col;
        const inside = col >= c0 && col < c1 && row >= r0 && row < r1;
        if (!inside) expect(full.groundSvfSum[i]).toBe(sky.groundSvfSum[i]);
        else if (full.groundSvfSum[i] !== sky.groundSvfSum[i] || full.groundShadeSum[i] !== sky.groundShadeSum[i]) changedInside++;
      }
    expect(changedInside).toBeGreaterThan(10);
    expect(u.changedDsmCells).toBeGreaterThan(50);
  });

  it('recomputes only the heat cells within the horizon radius of the changes', () => {
    const u = updateHeatSky(sky, t.buildings, after);
    const g = sky.grid;
    const [c0, r0, c1, r1] = u.window;
    // Local bounds of the window vs the changed footprints grown by R (+ one DSM cell, + heat-cell rounding).
    const x0 = g.originX + c0 * g.cellSizeM;
    const x1 = g.originX + c1 * g.cellSizeM;
    const y1 = g.originY - r0 * g.cellSizeM;
    const y0 = g.originY - r1 * g.cellSizeM;
    const slack = sky.radiusM + sky.dsm.cellSizeM + g.cellSizeM;
    expect(x0).toBeGreaterThanOrEqual(changedBox[0] - slack);
    expect(x1).toBeLessThanOrEqual(changedBox[2] + slack);
    expect(y0).toBeGreaterThanOrEqual(changedBox[1] - slack);
    expect(y1).toBeLessThanOrEqual(changedBox[3] + slack);
    expect((c1 - c0) * (r1 - r0)).toBeLessThan(0.35 * g.width * g.height);
    expect(u.cropCells).toBeLessThan(sky.dsm.width * sky.dsm.height);
  });

  it('recomputes nothing when the DSM does not change (no edit, or a change of use)', () => {
    const same = applyBuildingChanges(t.buildings, {});
    same.use[0] = (same.use[0] + 1) % 6;
    const u = updateHeatSky(sky, t.buildings, same);
    expect(u.window).toEqual([0, 0, 0, 0]);
    expect(u.groundSvfSum).toBe(sky.groundSvfSum);
    expect(updateHeatSky(sky, t.buildings, t.buildings).changedBuildings).toEqual({ before: 0, after: 0 });
  });
});
