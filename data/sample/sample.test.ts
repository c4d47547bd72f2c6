/**
 * What this suite proves about the sample generator, with checks written independently of its code:
 * - size: the district has 3 000–5 000 buildings on a ≈ 2 km² window; the city ≈ 50 000 on 60–80 km²;
 * - determinism: the same seed gives byte-identical arrays, another seed a different territory;
 * - geometry: footprints are convex rings (outer counter-clockwise, holes clockwise) and no two overlap
 *   (exact intersection areas), no footprint touches a road centreline or the water;
 * - network: segment ends are the nodes of their links, the graph is one (strongly) connected component,
 *   and the only dead ends are where the design puts them (domain edge, river banks);
 * - population: each 200 m cell holds the residential floor area of its buildings / 50 m², ages sum to the
 *   inhabitants, and imputation hands every inhabitant to a building;
 * - content: every required zone product, land cover and equipment kind is present with plausible values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDING_USES, CONSTRUCTION_PERIODS, EQUIPMENT_KINDS, LAND_COVERS, ROAD_CLASSES, featureCentroid, pointInFeature, type Polygons, type Territory } from '../../engine/territory.ts';
import { PolygonGridIndex } from '../../engine/spatial.ts';
import { residentialShare } from '../impute.ts';
import { AGE_BANDS, GROSS_FLOOR_AREA_PER_INHABITANT_M2, HOUSEHOLD_SIZE, generateSample } from './index.ts';

// ---- independent helpers -------------------------------------------------------------------------------

/** Paths where two values differ (typed arrays compared byte for byte, NaN equal to NaN). */
function differences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    if (a.constructor !== b.constructor || !x.equals(y)) out.push(path);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}.length`);
    else a.forEach((v, i) => differences(v, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.push(`${path}{keys}`);
    else for (const k of ka) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (!Object.is(a, b)) out.push(path);
  return out;
}

const ring = (p: Polygons, r: number): number[] => Array.from(p.xy.subarray(2 * p.ringVertexStart[r], 2 * p.ringVertexStart[r + 1]));
function area(r: number[]): number {
  let s = 0;
  for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) s += r[j] * r[i + 1] - r[i] * r[j + 1];
  return s / 2;
}
function convex(r: number[]): boolean {
  const n = r.length / 2;
  const sign = Math.sign(area(r));
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [i, (i + 1) % n, (i + 2) % n];
    const cr = (r[2 * b] - r[2 * a]) * (r[2 * c + 1] - r[2 * b + 1]) - (r[2 * b + 1] - r[2 * a + 1]) * (r[2 * c] - r[2 * b]);
    if (cr * sign < -1e-6) return false;
  }
  return true;
}
/** Area of the intersection of two convex rings (Sutherland–Hodgman, written here independently). */
function convexIntersectionArea(subject: number[], clip: number[]): number {
  const c = area(clip) < 0 ? reverse(clip) : clip;
  let out = area(subject) < 0 ? reverse(subject) : subject;
  const n = c.length / 2;
  for (let i = 0; i < n && out.length >= 6; i++) {
    const ax = c[2 * i];
    const ay = c[2 * i + 1];
    const bx = c[2 * ((i + 1) % n)];
    const by = c[2 * ((i + 1) % n) + 1];
    const side = (x: number, y: number): number => (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    const input = out;
    out = [];
    const m = input.length / 2;
    for (let k = 0; k < m; k++) {
      const px = input[2 * k];
      const py = input[2 * k + 1];
      const qx = input[2 * ((k + 1) % m)];
      const qy = input[2 * ((k + 1) % m) + 1];
      const sp = side(px, py);
      const sq = side(qx, qy);
      if (sp >= 0) out.push(px, py);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push(px + t * (qx - px), py + t * (qy - py));
      }
    }
  }
  return out.length >= 6 ? Math.abs(area(out)) : 0;
}
function reverse(r: number[]): number[] {
  const o: number[] = [];
  for (let i = r.length - 2; i >= 0; i -= 2) o.push(r[i], r[i + 1]);
  return o;
}
/** Overlap area of two features made of one convex outer ring and convex holes (inclusion–exclusion). */
function featureOverlap(p: Polygons, i: number, j: number): number {
  const parts = (f: number): { outer: number[]; holes: number[][] } => {
    const r0 = p.featureRingStart[f];
    const holes: number[][] = [];
    for (let r = r0 + 1; r < p.featureRingStart[f + 1]; r++) holes.push(ring(p, r));
    return { outer: ring(p, r0), holes };
  };
  const A = parts(i);
  const B = parts(j);
  let s = convexIntersectionArea(A.outer, B.outer);
  for (const h of A.holes) s -= convexIntersectionArea(h, B.outer);
  for (const h of B.holes) s -= convexIntersectionArea(A.outer, h);
  for (const h of A.holes) for (const g of B.holes) s += convexIntersectionArea(h, g);
  return s;
}
function segmentsTouch(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number): number => (qx - px) * (ry - py) - (qy - py) * (rx - px);
  const d1 = o(cx, cy, dx, dy, ax, ay);
  const d2 = o(cx, cy, dx, dy, bx, by);
  const d3 = o(ax, ay, bx, by, cx, cy);
  const d4 = o(ax, ay, bx, by, dx, dy);
  return d1 * d2 <= 0 && d3 * d4 <= 0 && Math.max(ax, bx) >= Math.min(cx, dx) && Math.max(cx, dx) >= Math.min(ax, bx) && Math.max(ay, by) >= Math.min(cy, dy) && Math.max(cy, dy) >= Math.min(ay, by);
}
function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
/** Uniform grid of feature bounding boxes: pairs and box queries. */
class BoxGrid {
  private readonly cells = new Map<number, number[]>();
  readonly box: Float64Array;
  constructor(
    p: Polygons,
    private readonly size: number,
  ) {
    const n = p.featureRingStart.length - 1;
    this.box = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let k = p.ringVertexStart[p.featureRingStart[i]]; k < p.ringVertexStart[p.featureRingStart[i + 1]]; k++) {
        x0 = Math.min(x0, p.xy[2 * k]);
        x1 = Math.max(x1, p.xy[2 * k]);
        y0 = Math.min(y0, p.xy[2 * k + 1]);
        y1 = Math.max(y1, p.xy[2 * k + 1]);
      }
      this.box.set([x0, y0, x1, y1], 4 * i);
      this.each(x0, y0, x1, y1, (key) => {
        const l = this.cells.get(key);
        if (l) l.push(i);
        else this.cells.set(key, [i]);
      });
    }
  }
  private each(x0: number, y0: number, x1: number, y1: number, fn: (key: number) => void): void {
    for (let cy = Math.floor(y0 / this.size); cy <= Math.floor(y1 / this.size); cy++) for (let cx = Math.floor(x0 / this.size); cx <= Math.floor(x1 / this.size); cx++) fn(cy * 100_003 + cx);
  }
  query(x0: number, y0: number, x1: number, y1: number): Set<number> {
    const out = new Set<number>();
    this.each(x0, y0, x1, y1, (key) => {
      for (const i of this.cells.get(key) ?? []) {
        const b = this.box;
        if (b[4 * i] <= x1 && b[4 * i + 2] >= x0 && b[4 * i + 1] <= y1 && b[4 * i + 3] >= y0) out.add(i);
      }
    });
    return out;
  }
}
function rfa(t: Territory, i: number): number {
  const b = t.buildings;
  return b.footprintAreaM2[i] * b.floors[i] * residentialShare(BUILDING_USES[b.use[i]], b.floors[i]);
}

// ---- district ---------------------------------------------------------------------------------------------

describe('sample generator — district', () => {
  let t: Territory;
  beforeAll(() => {
    t = generateSample({ size: 'district', seed: 7 });
  });

  it('is a ≈ 2 km² window with 3 000–5 000 buildings, all synthetic', () => {
    expect(t.buildings.count).toBeGreaterThanOrEqual(3000);
    expect(t.buildings.count).toBeLessThanOrEqual(5000);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const xy of [t.buildings.footprint.xy, t.roads.nodeXY, t.landCover.geometry.xy]) {
      for (let k = 0; k < xy.length; k += 2) {
        x0 = Math.min(x0, xy[k]);
        x1 = Math.max(x1, xy[k]);
        y0 = Math.min(y0, xy[k + 1]);
        y1 = Math.max(y1, xy[k + 1]);
      }
    }
    const km2 = ((x1 - x0) * (y1 - y0)) / 1e6;
    expect(km2).toBeGreaterThan(1.6);
    expect(km2).toBeLessThan(2.4);
    expect(t.synthetic).toBe(true);
    expect(t.datasets.every((d) => d.synthetic)).toBe(true);
    expect(t.frame.sourceCrs).toBe('EPSG:2154');
    expect(t.frame.originLat).toBeCloseTo(48.11, 1); // Rennes
  });

  it('is deterministic: same seed → identical arrays; another seed → another territory', () => {
    const again = generateSample({ size: 'district', seed: 7 });
    expect(differences(t, again)).toEqual([]);
    const other = generateSample({ size: 'district', seed: 8 });
    const diff = differences(t, other);
    expect(diff).toContain('.buildings.count');
    expect(diff.some((p) => p.startsWith('.roads.nodeXY'))).toBe(true);
  });

  it('has convex, well-oriented footprints with finite positive heights and floors', () => {
    const b = t.buildings;
    const p = b.footprint;
    for (let i = 0; i < b.count; i++) {
      expect(Number.isFinite(b.heightM[i]) && b.heightM[i] > 0).toBe(true);
      expect(b.floors[i]).toBeGreaterThanOrEqual(1);
      expect(b.footprintAreaM2[i]).toBeGreaterThan(0);
      for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1]; r++) {
        const rr = ring(p, r);
        expect(convex(rr)).toBe(true);
        expect(area(rr) > 0).toBe(r === p.featureRingStart[i]);
      }
    }
  });

  it('has no two overlapping footprints (exact intersection areas of all neighbouring pairs)', () => {
    const p = t.buildings.footprint;
    const grid = new BoxGrid(p, 40);
    let pairs = 0;
    let worst = 0;
    for (let i = 0; i < t.buildings.count; i++) {
      const bx = grid.box.subarray(4 * i, 4 * i + 4);
      for (const j of grid.query(bx[0], bx[1], bx[2], bx[3])) {
        if (j <= i) continue;
        pairs++;
        worst = Math.max(worst, featureOverlap(p, i, j));
      }
    }
    expect(worst).toBeLessThan(0.01);
    expect(pairs).toBeGreaterThan(t.buildings.count / 2); // terraced rows share walls: neighbours were examined
  });

  it('keeps every footprint off the road centrelines and out of the water', () => {
    const p = t.buildings.footprint;
    const grid = new BoxGrid(p, 40);
    const g = t.roads.segmentGeometry;
    const hits = (ax: number, ay: number, bx: number, by: number): number[] => {
      const out: number[] = [];
      for (const i of grid.query(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
        let touch = pointInFeature(p, i, ax, ay) || pointInFeature(p, i, bx, by);
        for (let r = p.featureRingStart[i]; r < p.featureRingStart[i + 1] && !touch; r++) {
          const rr = ring(p, r);
          for (let k = 0, m = rr.length / 2; k < m && !touch; k++) touch = segmentsTouch(ax, ay, bx, by, rr[2 * k], rr[2 * k + 1], rr[2 * ((k + 1) % m)], rr[2 * ((k + 1) % m) + 1]);
        }
        if (touch) out.push(i);
      }
      return out;
    };
    const onRoads: number[] = [];
    for (let s = 0; s < t.roads.segmentCount; s++)
      for (let k = g.lineVertexStart[s]; k + 1 < g.lineVertexStart[s + 1]; k++) onRoads.push(...hits(g.xy[2 * k], g.xy[2 * k + 1], g.xy[2 * k + 2], g.xy[2 * k + 3]));
    expect(onRoads).toEqual([]);
    const water = t.landCover.cover.indexOf(LAND_COVERS.indexOf('water'));
    expect(water).toBeGreaterThanOrEqual(0);
    const wg = t.landCover.geometry;
    const wet: number[] = [];
    const w = ring(wg, wg.featureRingStart[water]);
    for (let k = 0, m = w.length / 2; k < m; k++) wet.push(...hits(w[2 * k], w[2 * k + 1], w[2 * ((k + 1) % m)], w[2 * ((k + 1) % m) + 1]));
    for (let i = 0; i < t.buildings.count; i++) {
      const r0 = ring(p, p.featureRingStart[i]);
      if (pointInFeature(wg, water, r0[0], r0[1])) wet.push(i);
    }
    expect(wet).toEqual([]);
  });

  it('has a road graph noded at segment ends, connected and strongly connected, with dead ends only where designed', () => {
    const r = t.roads;
    const g = r.segmentGeometry;
    for (let l = 0; l < r.linkCount; l++) {
      const s = r.linkSegment[l];
      const [first, last] = [g.lineVertexStart[s], g.lineVertexStart[s + 1] - 1];
      const [from, to] = r.linkReversed[l] ? [last, first] : [first, last];
      expect(Math.hypot(g.xy[2 * from] - r.nodeXY[2 * r.linkFrom[l]], g.xy[2 * from + 1] - r.nodeXY[2 * r.linkFrom[l] + 1])).toBeLessThan(0.01);
      expect(Math.hypot(g.xy[2 * to] - r.nodeXY[2 * r.linkTo[l]], g.xy[2 * to + 1] - r.nodeXY[2 * r.linkTo[l] + 1])).toBeLessThan(0.01);
      expect(r.linkFrom[l]).not.toBe(r.linkTo[l]);
    }
    // Union-find over links: one component covering every node.
    const parent = Int32Array.from({ length: r.nodeCount }, (_, i) => i);
    const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
    for (let l = 0; l < r.linkCount; l++) parent[find(r.linkFrom[l])] = find(r.linkTo[l]);
    const roots = new Set<number>();
    for (let n = 0; n < r.nodeCount; n++) roots.add(find(n));
    expect(roots.size).toBe(1);
    // Strong connectivity: every node reachable from node 0 along and against the links.
    for (const reverse of [false, true]) {
      const adj: number[][] = Array.from({ length: r.nodeCount }, () => []);
      for (let l = 0; l < r.linkCount; l++) (reverse ? adj[r.linkTo[l]] : adj[r.linkFrom[l]]).push(reverse ? r.linkFrom[l] : r.linkTo[l]);
      const seen = new Uint8Array(r.nodeCount);
      const stack = [0];
      seen[0] = 1;
      while (stack.length) for (const m of adj[stack.pop()!]) if (!seen[m]) stack.push(m), (seen[m] = 1);
      expect(seen.every((v) => v === 1)).toBe(true);
    }
    // Dead ends: on the edge of the window or at a river bank.
    const neighbours: Set<number>[] = Array.from({ length: r.nodeCount }, () => new Set());
    for (let l = 0; l < r.linkCount; l++) {
      neighbours[r.linkFrom[l]].add(r.linkTo[l]);
      neighbours[r.linkTo[l]].add(r.linkFrom[l]);
    }
    const half = Math.max(...Array.from(r.nodeXY, Math.abs));
    const wg = t.landCover.geometry;
    const water = ring(wg, wg.featureRingStart[t.landCover.cover.indexOf(LAND_COVERS.indexOf('water'))]);
    const bankDist = (x: number, y: number): number => {
      let d = Infinity;
      for (let k = 0, m = water.length / 2; k < m; k++) d = Math.min(d, distToSegment(x, y, water[2 * k], water[2 * k + 1], water[2 * ((k + 1) % m)], water[2 * ((k + 1) % m) + 1]));
      return d;
    };
    const unexpected: number[] = [];
    for (let n = 0; n < r.nodeCount; n++) {
      if (neighbours[n].size !== 1) continue;
      const x = r.nodeXY[2 * n];
      const y = r.nodeXY[2 * n + 1];
      if (Math.abs(x) > half - 0.5 || Math.abs(y) > half - 0.5 || bankDist(x, y) < 8) continue;
      unexpected.push(n);
    }
    expect(unexpected).toEqual([]);
  });

  it('has realistic roads: a 2×2-lane ring road, radials, residential streets, one-way lanes', () => {
    const r = t.roads;
    const cls = (c: string): number[] => [...r.roadClass.keys()].filter((l) => ROAD_CLASSES[r.roadClass[l]] === c);
    const trunk = cls('trunk');
    expect(trunk.length).toBeGreaterThan(0);
    expect(trunk.every((l) => r.lanes[l] === 2 && r.freeSpeedKmh[l] >= 90)).toBe(true);
    for (const c of ['primary', 'secondary', 'tertiary', 'residential', 'pedestrian']) expect(cls(c).length).toBeGreaterThan(0);
    expect(cls('residential').every((l) => r.freeSpeedKmh[l] === 30)).toBe(true);
    const twoWay = new Set<number>();
    const seen = new Set<number>();
    for (let l = 0; l < r.linkCount; l++) (seen.has(r.linkSegment[l]) ? twoWay : seen).add(r.linkSegment[l]);
    expect(seen.size - twoWay.size).toBeGreaterThan(0); // one-way streets in the historic centre
  });

  it('derives the 200 m population grid from the residential floor area', () => {
    const pop = t.population;
    expect(pop.ageBands.map((b) => b.id)).toEqual(['ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17', 'ind_18_24', 'ind_25_39', 'ind_40_54', 'ind_55_64', 'ind_65_79', 'ind_80p']);
    expect(pop.ageBands).toEqual(AGE_BANDS);
    const index = new PolygonGridIndex(pop.geometry);
    const cellRfa = new Float64Array(pop.count);
    let outside = 0;
    const c = [0, 0];
    for (let i = 0; i < t.buildings.count; i++) {
      featureCentroid(t.buildings.footprint, i, c);
      const k = index.find(c[0], c[1]);
      if (k >= 0) cellRfa[k] += rfa(t, i);
      else outside += rfa(t, i);
    }
    expect(outside).toBe(0); // every building with homes lies in a cell
    let total = 0;
    let totalRfa = 0;
    for (let k = 0; k < pop.count; k++) {
      expect(Math.abs(pop.inhabitants[k] - cellRfa[k] / GROSS_FLOOR_AREA_PER_INHABITANT_M2)).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(pop.households[k]).toBeCloseTo(pop.inhabitants[k] / HOUSEHOLD_SIZE, 1);
      let ages = 0;
      for (let b = 0; b < pop.ageBands.length; b++) ages += pop.ageCounts[k * pop.ageBands.length + b];
      expect(ages).toBe(pop.inhabitants[k]);
      total += pop.inhabitants[k];
      totalRfa += cellRfa[k];
    }
    expect(Math.abs(total - totalRfa / GROSS_FLOOR_AREA_PER_INHABITANT_M2)).toBeLessThanOrEqual(pop.count / 2);
    // Imputation shares each cell among its buildings: nothing lost, nothing invented.
    let inBuildings = 0;
    for (let i = 0; i < t.buildings.count; i++) inBuildings += t.buildings.inhabitants[i];
    expect(inBuildings / total).toBeCloseTo(1, 4);
    // Age pyramid: children 0–10 and over-65s in plausible French proportions.
    const share = (b: number): number => {
      let s = 0;
      for (let k = 0; k < pop.count; k++) s += pop.ageCounts[k * pop.ageBands.length + b];
      return s / total;
    };
    expect(share(0)).toBeGreaterThan(0.03);
    expect(share(0)).toBeLessThan(0.06);
    expect(share(8) + share(9)).toBeGreaterThan(0.15);
    expect(share(8) + share(9)).toBeLessThan(0.28);
  });

  it('has the zones of a French town: historic core, collective housing, suburbs with sheds, activity boxes', () => {
    const b = t.buildings;
    const use = (i: number): string => BUILDING_USES[b.use[i]];
    const period = (i: number): string => CONSTRUCTION_PERIODS[b.period[i]];
    const c = [0, 0];
    let core = 0;
    let coreOld = 0;
    let holes = 0;
    let houses = 0;
    let sheds = 0;
    let boxes = 0;
    let tall = 0;
    for (let i = 0; i < b.count; i++) {
      featureCentroid(b.footprint, i, c);
      if (Math.hypot(c[0], c[1]) < 200 && use(i) !== 'public' && use(i) !== 'annex') {
        core++;
        if (period(i) === 'before-1945') coreOld++;
      }
      if (b.footprint.featureRingStart[i + 1] - b.footprint.featureRingStart[i] > 1) holes++;
      if (use(i) === 'residential' && b.floors[i] <= 2 && b.footprintAreaM2[i] >= 50 && b.footprintAreaM2[i] <= 160) houses++;
      if (use(i) === 'annex') sheds++;
      if ((use(i) === 'industrial' || use(i) === 'activity') && b.floors[i] === 1 && b.footprintAreaM2[i] >= 1500) boxes++;
      if (b.floors[i] >= 4 && b.floors[i] <= 10 && (use(i) === 'residential' || use(i) === 'mixed')) tall++;
    }
    expect(coreOld / core).toBeGreaterThan(0.75);
    expect(holes).toBeGreaterThan(0);
    expect(houses).toBeGreaterThan(500);
    expect(sheds).toBeGreaterThan(200);
    expect(boxes).toBeGreaterThan(4);
    expect(tall).toBeGreaterThan(200);
    const heights = Array.from(b.heightM).sort((x, y) => x - y);
    expect(heights[heights.length >> 1]).toBeGreaterThan(3);
    expect(heights[heights.length >> 1]).toBeLessThan(12);
    expect(heights[heights.length - 1]).toBeLessThan(50); // BD TOPO Rodez: max 44 m
  });

  it('has land cover (water, parks, woods, sport, squares) and every required equipment with French capacities', () => {
    const covers = new Set(Array.from(t.landCover.cover, (c) => LAND_COVERS[c]));
    for (const c of ['water', 'vegetation', 'forest', 'sport', 'impervious']) expect(covers.has(c as never)).toBe(true);
    const e = t.equipment;
    const ranges: Record<string, [number, number]> = { creche: [30, 60], preschool: [100, 150], primary: [175, 275], college: [450, 750], lycee: [800, 1400] };
    for (const kind of ['creche', 'preschool', 'primary', 'college', 'lycee', 'town-hall', 'sport']) expect(Array.from(e.kind).some((k) => EQUIPMENT_KINDS[k] === kind)).toBe(true);
    for (let i = 0; i < e.count; i++) {
      const r = ranges[EQUIPMENT_KINDS[e.kind[i]]];
      if (!r) continue;
      expect(e.capacity[i]).toBeGreaterThanOrEqual(r[0]);
      expect(e.capacity[i]).toBeLessThanOrEqual(r[1]);
    }
  });
});

// ---- city -------------------------------------------------------------------------------------------------

describe('sample generator — city', () => {
  it('has ≈ 50 000 buildings on 60–80 km², a hospital, and a connected road network', () => {
    const t = generateSample({ size: 'city' });
    expect(t.buildings.count).toBeGreaterThan(40_000);
    expect(t.buildings.count).toBeLessThan(60_000);
    const xy = t.landCover.geometry.xy;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < xy.length; k += 2) {
      x0 = Math.min(x0, xy[k]);
      x1 = Math.max(x1, xy[k]);
      y0 = Math.min(y0, xy[k + 1]);
      y1 = Math.max(y1, xy[k + 1]);
    }
    const km2 = ((x1 - x0) * (y1 - y0)) / 1e6;
    expect(km2).toBeGreaterThan(60);
    expect(km2).toBeLessThan(80);
    const kinds = new Set(Array.from(t.equipment.kind, (k) => EQUIPMENT_KINDS[k]));
    expect(kinds.has('hospital')).toBe(true);
    expect(kinds.has('town-hall')).toBe(true);
    const r = t.roads;
    const parent = Int32Array.from({ length: r.nodeCount }, (_, i) => i);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (let l = 0; l < r.linkCount; l++) parent[find(r.linkFrom[l])] = find(r.linkTo[l]);
    const root = find(0);
    for (let n = 0; n < r.nodeCount; n++) expect(find(n) === root).toBe(true);
    for (let i = 0; i < t.buildings.count; i++) expect(t.buildings.heightM[i] > 0).toBe(true);
  });
});
