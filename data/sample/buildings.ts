/**
 * Buildings of the sample territory, generated block by block on parcels (see lots.ts), so that no building
 * overlaps another, a street or the river. Every footprint is a convex ring (courtyard buildings: a convex ring
 * with a convex hole). Heights are ground → gutter, as in BD TOPO.
 *
 * Distributions per zone (U = uniform, LN(median, σ) = lognormal; measured results and their comparison with
 * BD TOPO in README.md):
 *
 * - historic: continuous frontage on lots of depth U(9, 14) m and frontage LN(8.5 m, 0.3) in [5, 16] m
 *   (footprint median ≈ 95 m², most within 50–250 m²); 45 % of the 300–1 000 m² blocks are one building around
 *   a courtyard (a hole); low annexes in courtyards. Floors 3/4/5/6 = 40/35/17/8 %, h = 3 f + 1 ± 0.4 m
 *   (taller ground floor). Before 1945: 88 %.
 * - faubourg: terraced town houses, lots U(18, 26) m deep with frontage LN(9 m, 0.25), house U(9, 12) m deep
 *   on the street; 1/2/3 floors = 15/45/40 %, h = 3 f + 0.5 m. Before 1945: 50 %, 1945–1970: 35 %.
 * - dense: perimeter blocks (depth U(10, 14) m, frontage LN(12.5 m, 0.35), 12 % of lots empty) or, for 30 %
 *   of blocks over 3 000 m², the open layout of the grands ensembles: bars 11–13 × 40–90 m and towers of
 *   18–24 m (20 %) on a lawn. Floors 4–10 (mean 5.4; bars 6.1; towers 10–14), h = 2.9 f + 0.6 m.
 *   1945–1990: 60 % (bars 95 %).
 * - suburb: back-to-back lots U(21, 30) m deep, frontage LN(13.5 m, 0.2); the house is set back U(3, 6) m:
 *   one floor (45 %) U(9.5, 13) × U(9, 12) m, h U(2.8, 3.6); two floors U(8, 10.5)² m, h U(5.3, 6.5)
 *   (footprint median ≈ 90 m², 60–150); a shed behind it on 62 % of lots, 3–6 × 3–5.5 m, h U(2.2, 3).
 *   1971–2012: 84 %.
 * - activity: plots of LN(14 000 m², 0.5) cut across the block; one box per plot behind a forecourt of
 *   U(8, 18) m with 6 m margins, area LN(4 000 m², 0.7) in [1 500, 20 000] as the plot allows; one floor,
 *   h U(6.5, 10) ≈ 8 m. Built from 1971.
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, type BuildingUse, type ConstructionPeriod } from '../../engine/territory.ts';
import { centroid, clipHalfPlane, convexOverlap, insetConvex, longestEdge, minWidth, rect, reverseRing, ringInConvex, signedArea, type LPoly } from './geom.ts';
import { fitFrontRect, frontage, inscribedRect, perimeterLots, splitConvex, type Lot } from './lots.ts';
import { KIND, ROAD_KINDS, ZONE, type KindId, type Zone } from './presets.ts';
import type { Rng } from './prng.ts';
import type { River } from './river.ts';

/** Flat store of generated buildings (rings counter-clockwise, holes clockwise). */
export class BuildingStore {
  readonly featRing: number[] = [0];
  readonly ringStart: number[] = [0];
  readonly xy: number[] = [];
  readonly heightM: number[] = [];
  readonly floors: number[] = [];
  readonly use: number[] = [];
  readonly period: number[] = [];
  readonly zone: Zone[] = [];
  readonly block: number[] = [];
  readonly removed: number[] = [];

  get count(): number {
    return this.heightM.length;
  }

  add(rings: number[][], heightM: number, floors: number, use: BuildingUse, period: ConstructionPeriod, zone: Zone, block: number): void {
    for (const r of rings) {
      for (const v of r) this.xy.push(v);
      this.ringStart.push(this.xy.length / 2);
    }
    this.featRing.push(this.ringStart.length - 1);
    this.heightM.push(Math.round(heightM * 10) / 10);
    this.floors.push(floors);
    this.use.push(BUILDING_USES.indexOf(use));
    this.period.push(CONSTRUCTION_PERIODS.indexOf(period));
    this.zone.push(zone);
    this.block.push(block);
    this.removed.push(0);
  }

  /** Rings of building i as flat arrays (copies). */
  rings(i: number): number[][] {
    const out: number[][] = [];
    for (let r = this.featRing[i]; r < this.featRing[i + 1]; r++) out.push(this.xy.slice(2 * this.ringStart[r], 2 * this.ringStart[r + 1]));
    return out;
  }
}

export interface LandSink {
  add(rings: number[][], cover: 'vegetation' | 'forest' | 'water' | 'sport' | 'impervious', detail: string): void;
}

const MAIN_FRONT = new Set<KindId>([KIND.avenue, KIND.boulevard, KIND.street, KIND.radialOuter, KIND.centreStreet]);

type Pick<T> = readonly (readonly [T, number])[];
function pick<T>(rng: Rng, table: Pick<T>): T {
  return table[rng.weighted(table.map((x) => x[1]))][0];
}

const HISTORIC_FLOORS: Pick<number> = [[3, 40], [4, 35], [5, 17], [6, 8]];
const DENSE_FLOORS: Pick<number> = [[4, 30], [5, 28], [6, 20], [7, 11], [8, 6], [9, 3], [10, 2]];
const BAR_FLOORS: Pick<number> = [[4, 22], [5, 24], [6, 16], [7, 12], [8, 10], [9, 8], [10, 8]];
const HISTORIC_MAIN_USE: Pick<BuildingUse> = [['mixed', 75], ['activity', 20], ['residential', 5]];
const HISTORIC_USE: Pick<BuildingUse> = [['residential', 55], ['mixed', 28], ['activity', 14], ['public', 3]];
const DENSE_USE: Pick<BuildingUse> = [['residential', 80], ['activity', 15], ['mixed', 5]];
const HISTORIC_PERIOD: Pick<ConstructionPeriod> = [['before-1945', 88], ['1945-1970', 6], ['1971-1990', 4], ['1991-2005', 2]];
const DENSE_PERIOD: Pick<ConstructionPeriod> = [['before-1945', 10], ['1945-1970', 30], ['1971-1990', 30], ['1991-2005', 15], ['2006-2012', 8], ['after-2012', 7]];
const BAR_PERIOD: Pick<ConstructionPeriod> = [['1945-1970', 55], ['1971-1990', 40], ['1991-2005', 5]];
const FAUBOURG_PERIOD: Pick<ConstructionPeriod> = [['before-1945', 50], ['1945-1970', 35], ['1971-1990', 10], ['1991-2005', 5]];
const SUBURB_PERIOD: Pick<ConstructionPeriod> = [['1945-1970', 8], ['1971-1990', 38], ['1991-2005', 30], ['2006-2012', 16], ['after-2012', 8]];
const ACTIVITY_PERIOD: Pick<ConstructionPeriod> = [['1971-1990', 30], ['1991-2005', 35], ['2006-2012', 20], ['after-2012', 15]];

export interface BlockContext {
  store: BuildingStore;
  land: LandSink;
  rng: Rng;
  block: number;
  zone: Zone;
  /** Kind of the street behind each edge label. */
  kindOf: (label: number) => KindId;
}

const isMainFront = (ctx: BlockContext, label: number): boolean => label >= 0 && MAIN_FRONT.has(ctx.kindOf(label));

/** Buildable part of a block: its polygon inset by the right-of-way of each street around it. */
export function buildable(poly: LPoly, kindOf: (label: number) => KindId): LPoly | null {
  return insetConvex(poly, (label) => (label < 0 ? 0 : ROAD_KINDS[kindOf(label)].halfWidthM), 40);
}

/** Generates the buildings of one built block (historic, dense, suburb or activity) on its buildable polygon `b`. */
export function buildBlock(ctx: BlockContext, b: LPoly): void {
  switch (ctx.zone) {
    case ZONE.historic:
      return historic(ctx, b);
    case ZONE.dense:
      return ctx.rng.chance(0.3) && signedArea(b.xy) > 3000 ? openLayout(ctx, b) : densePerimeter(ctx, b);
    case ZONE.faubourg:
      return faubourg(ctx, b);
    case ZONE.suburb:
      return suburb(ctx, b);
    case ZONE.activity:
      return activity(ctx, b);
  }
}

function historic(ctx: BlockContext, b: LPoly): void {
  const { rng } = ctx;
  const area = signedArea(b.xy);
  const floors = (): number => pick(rng, HISTORIC_FLOORS);
  const add = (ring: number[][], front: number): void => {
    const f = floors();
    const use: BuildingUse = isMainFront(ctx, front) ? pick(rng, HISTORIC_MAIN_USE) : pick(rng, HISTORIC_USE);
    ctx.store.add(ring, 3 * f + 1 + rng.range(-0.4, 0.4), f, use, pick(rng, HISTORIC_PERIOD), ctx.zone, ctx.block);
  };
  if (area < 240) {
    add([b.xy.slice()], b.lab[0]);
    return;
  }
  const depth = Math.min(rng.range(9, 14), 0.45 * minWidth(b.xy));
  const lots = depth >= 6 ? perimeterLots(b, depth, () => rng.lognormal(8.5, 0.3, 5, 16), 5, 6) : null;
  if (!lots) {
    for (const piece of splitConvex(b, 220, rng)) add([piece.xy], piece.lab[0]);
    return;
  }
  const innerArea = signedArea(lots.inner.xy);
  if (area >= 300 && area <= 1000 && innerArea >= 30 && rng.chance(0.45)) {
    // One building around its courtyard (hôtel particulier, former inn): a footprint with a hole.
    add([b.xy.slice(), reverseRing(lots.inner.xy.slice())], b.lab[0]);
    return;
  }
  for (const lot of lots.lots) add([lot.ring], lot.label);
  courtyardAnnexes(ctx, lots.inner, 0.55, 3);
}

/** Low buildings in a courtyard (workshops, garages, sheds): up to `max`, each with probability p. */
function courtyardAnnexes(ctx: BlockContext, inner: LPoly, p: number, max: number): void {
  const { rng } = ctx;
  if (signedArea(inner.xy) < 80) return;
  const yard = insetConvex(inner, () => 1.5, 20);
  if (!yard) return;
  const [cx, cy] = centroid(yard.xy);
  const e = longestEdge(yard.xy);
  const n = yard.lab.length;
  const ux = yard.xy[2 * ((e + 1) % n)] - yard.xy[2 * e];
  const uy = yard.xy[2 * ((e + 1) % n) + 1] - yard.xy[2 * e + 1];
  const l = Math.hypot(ux, uy);
  const placed: number[][] = [];
  for (let k = 0; k < max; k++) {
    if (!rng.chance(p)) continue;
    const along = (k === 0 ? 0 : (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 0.3) * l;
    const across = rng.range(-0.2, 0.2) * minWidth(yard.xy);
    for (let t = 0; t < 4; t++) {
      const s = 1 - 0.2 * t;
      const ring = rect(cx + (along * ux) / l - (across * uy) / l, cy + (along * uy) / l + (across * ux) / l, ux / l, uy / l, rng.range(2.5, 6) * s, rng.range(2, 4.5) * s);
      if (ringInConvex(ring, yard.xy, 0) && placed.every((q) => !convexOverlap(q, ring))) {
        placed.push(ring);
        ctx.store.add([ring], rng.range(2.5, 3.5), 1, 'annex', pick(rng, DENSE_PERIOD), ctx.zone, ctx.block);
        break;
      }
    }
  }
}

function densePerimeter(ctx: BlockContext, b: LPoly): void {
  const { rng } = ctx;
  const area = signedArea(b.xy);
  const add = (ring: number[][], front: number): void => {
    const f = pick(rng, DENSE_FLOORS);
    const use: BuildingUse = isMainFront(ctx, front) ? (rng.chance(0.7) ? 'mixed' : 'activity') : pick(rng, DENSE_USE);
    ctx.store.add(ring, 2.9 * f + 0.6 + rng.range(-0.4, 0.4), f, use, pick(rng, DENSE_PERIOD), ctx.zone, ctx.block);
  };
  const depth = Math.min(rng.range(10, 14), 0.45 * minWidth(b.xy));
  const lots = depth >= 8 ? perimeterLots(b, depth, () => rng.lognormal(12.5, 0.35, 8, 32), 8, 8) : null;
  if (!lots) {
    for (const piece of splitConvex(b, 700, rng)) add([piece.xy], piece.lab[0]);
    return;
  }
  if (area >= 800 && area <= 3000 && signedArea(lots.inner.xy) >= 60 && rng.chance(0.1)) {
    add([b.xy.slice(), reverseRing(lots.inner.xy.slice())], b.lab[0]);
    return;
  }
  for (const lot of lots.lots) if (rng.chance(0.88)) add([lot.ring], lot.label);
  courtyardAnnexes(ctx, lots.inner, 0.45, 3);
}

/** Open layout of the 1950s–1970s "grands ensembles": parallel bars and a few towers on a lawn. */
function openLayout(ctx: BlockContext, b: LPoly): void {
  const { rng } = ctx;
  const n = b.lab.length;
  const e = longestEdge(b.xy);
  const ax = b.xy[2 * e];
  const ay = b.xy[2 * e + 1];
  let ux = b.xy[2 * ((e + 1) % n)] - ax;
  let uy = b.xy[2 * ((e + 1) % n) + 1] - ay;
  const l = Math.hypot(ux, uy);
  ux /= l;
  uy /= l;
  const vx = -uy;
  const vy = ux;
  let vMax = 0;
  for (let i = 0; i < n; i++) vMax = Math.max(vMax, (b.xy[2 * i] - ax) * vx + (b.xy[2 * i + 1] - ay) * vy);
  let uMin = Infinity;
  let uMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const u = (b.xy[2 * i] - ax) * ux + (b.xy[2 * i + 1] - ay) * uy;
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u);
  }
  const holes: number[][] = [];
  for (let v = rng.range(6, 12); v < vMax - 8; ) {
    const tower = rng.chance(0.2);
    const depth = tower ? rng.range(18, 24) : rng.range(11, 13);
    for (let u = uMin + rng.range(4, 12); u < uMax - 10; ) {
      const len = tower ? depth : rng.range(40, 90);
      let placed = false;
      for (const s of [1, 0.75, 0.5]) {
        const hu = Math.max(tower ? depth / 2 : 9, (len * s) / 2);
        const cx = ax + (u + hu) * ux + (v + depth / 2) * vx;
        const cy = ay + (u + hu) * uy + (v + depth / 2) * vy;
        const ring = rect(cx, cy, ux, uy, hu, depth / 2);
        if (!ringInConvex(ring, b.xy, 3)) continue;
        const f = tower ? rng.int(10, 14) : pick(rng, BAR_FLOORS);
        ctx.store.add([ring], 2.9 * f + 0.6 + rng.range(-0.3, 0.3), f, rng.chance(0.08) ? 'activity' : 'residential', pick(rng, BAR_PERIOD), ctx.zone, ctx.block);
        holes.push(reverseRing(ring.slice()));
        u += 2 * hu + rng.range(15, 28);
        placed = true;
        break;
      }
      if (!placed) u += 6;
    }
    v += depth + rng.range(22, 35);
  }
  const lawn = insetConvex(b, () => 1, 100);
  if (lawn && holes.length) ctx.land.add([lawn.xy, ...holes], 'vegetation', 'Espace vert résidentiel');
}

/** Terraced town houses on narrow lots, built on the street with a garden (and often a shed) behind. */
function faubourg(ctx: BlockContext, b: LPoly): void {
  const { rng } = ctx;
  const depth = Math.min(rng.range(18, 26), 0.48 * minWidth(b.xy));
  const lots = depth >= 12 ? perimeterLots(b, depth, () => rng.lognormal(9, 0.25, 6, 15), 5.5, 12) : null;
  const add = (ring: number[], front: number): void => {
    const f = pick(rng, [[1, 15], [2, 45], [3, 40]] as const);
    const use: BuildingUse = isMainFront(ctx, front) && rng.chance(0.5) ? 'mixed' : 'residential';
    ctx.store.add([ring], 3 * f + 0.5 + rng.range(-0.4, 0.4), f, use, pick(rng, FAUBOURG_PERIOD), ctx.zone, ctx.block);
  };
  if (!lots) {
    for (const piece of splitConvex(b, 200, rng)) add(piece.xy, piece.lab[0]);
    return;
  }
  for (const lot of lots.lots) {
    const hd = Math.min(rng.range(9, 12), lot.depth - 3);
    // The house is the front part of the lot, up to hd from the street.
    const poly: LPoly = { xy: lot.ring.slice(), lab: Array.from({ length: lot.ring.length / 2 }, (_, k) => -20 - k) };
    const front = clipHalfPlane(poly, lot.uy, -lot.ux, lot.uy * lot.ring[0] - lot.ux * lot.ring[1] - hd, -4);
    if (!front || signedArea(front.xy) < 25) continue;
    add(front.xy, lot.label);
    if (rng.chance(0.35)) {
      const shed = fitFrontRect(lot, lot.ring, frontage(lot) / 2, hd + rng.range(3, 6), rng.range(1.5, 2.5), rng.range(1.5, 2.5), 0.6, 8, 1);
      if (shed) ctx.store.add([shed.ring], rng.range(2.2, 3), 1, 'annex', pick(rng, FAUBOURG_PERIOD), ctx.zone, ctx.block);
    }
  }
}

function suburb(ctx: BlockContext, b: LPoly): void {
  const { rng } = ctx;
  const depth = Math.min(rng.range(21, 30), 0.48 * minWidth(b.xy));
  const lots = depth >= 16 ? perimeterLots(b, depth, () => rng.lognormal(13.5, 0.2, 10.5, 22), 10.5, 16) : null;
  let list: Lot[];
  if (lots) list = lots.lots;
  else {
    // Small or thin block: split it and let each piece front its longest edge.
    list = splitConvex(b, 450, rng).map(wholeLot);
  }
  for (const lot of list) house(ctx, lot);
}

/** A detached house set back from the street, and often a shed behind it. */
function house(ctx: BlockContext, lot: Lot): void {
  const { rng } = ctx;
  const w = frontage(lot);
  if (w < 9) return;
  const along = w / 2 + rng.range(-0.1, 0.1) * w;
  const front = rng.range(3, 6);
  // Single-storey houses spread wider than two-storey ones (mean footprint ≈ 118 vs 85 m²).
  const floors = rng.chance(0.45) ? 1 : 2;
  const [wu, wv] = floors === 1 ? [rng.range(9.5, 13), rng.range(9, 12)] : [rng.range(8, 10.5), rng.range(8, 10.5)];
  const h = fitFrontRect(lot, lot.ring, along, front, wu / 2, wv / 2, 1, 55);
  if (!h) return;
  const height = floors === 1 ? rng.range(2.8, 3.6) : rng.range(5.3, 6.5);
  ctx.store.add([h.ring], height, floors, rng.chance(0.02) ? 'activity' : 'residential', pick(rng, SUBURB_PERIOD), ctx.zone, ctx.block);
  if (!rng.chance(0.62)) return;
  const side = rng.chance(0.5) ? 1 : -1;
  const hu = rng.range(1.5, 3);
  const hv = rng.range(1.5, 2.75);
  const shed = fitFrontRect(lot, lot.ring, h.along + side * (h.hu - hu), front + 2 * h.hv + rng.range(2, 5), hu, hv, 0.8, 8, 1);
  if (shed) ctx.store.add([shed.ring], rng.range(2.2, 3), 1, 'annex', pick(rng, SUBURB_PERIOD), ctx.zone, ctx.block);
}

function activity(ctx: BlockContext, b: LPoly): void {
  const { rng } = ctx;
  // Plots of ~0.5–4 ha cut across the block, each with one box behind a forecourt (parking, 8–18 m).
  for (const plot of splitConvex(b, rng.lognormal(14000, 0.5, 5000, 40000), rng)) {
    const lot = wholeLot(plot);
    const w = frontage(lot);
    if (w < 40) continue;
    const front = rng.range(8, 18);
    const site = insetConvex(plot, (label) => (label === lot.label ? front : 6), 1500);
    if (!site) continue;
    const box = inscribedRect(site.xy, lot.ux, lot.uy, rng.lognormal(4000, 0.7, 1500, 20000), 1500);
    if (!box) continue;
    ctx.store.add([box], rng.range(6.5, 10), 1, rng.chance(0.55) ? 'industrial' : 'activity', pick(rng, ACTIVITY_PERIOD), ctx.zone, ctx.block);
    if (rng.chance(0.5)) {
      const yard = insetConvex(plot, () => 2, 50);
      if (yard && ringInConvex(box, yard.xy, 1)) ctx.land.add([yard.xy, reverseRing(box.slice())], 'impervious', 'Parking et aire de service');
    }
  }
}

/** A whole polygon as one lot fronting its longest edge. */
function wholeLot(p: LPoly): Lot {
  const e = longestEdge(p.xy);
  const n = p.lab.length;
  const ring: number[] = [];
  for (let k = 0; k < n; k++) ring.push(p.xy[2 * ((e + k) % n)], p.xy[2 * ((e + k) % n) + 1]);
  const l = Math.hypot(ring[2] - ring[0], ring[3] - ring[1]);
  return { ring, label: p.lab[e], ux: (ring[2] - ring[0]) / l, uy: (ring[3] - ring[1]) / l, depth: minWidth(ring) };
}

/**
 * Keeps the part of a buildable polygon at least `gap` metres from the river centreline: repeatedly cuts it by
 * the half-plane tangent to the river at the point nearest to its closest boundary point (following the bends),
 * keeping the side of that boundary point (or of the centroid when the river crosses the polygon).
 */
export function awayFromRiver(b: LPoly, river: River, gap: number): LPoly | null {
  let p: LPoly | null = b;
  for (let iter = 0; iter < 8 && p; iter++) {
    let best = Infinity;
    let qx = 0;
    let qy = 0;
    const n = p.lab.length;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ax = p.xy[2 * i];
      const ay = p.xy[2 * i + 1];
      const steps = Math.max(1, Math.ceil(Math.hypot(p.xy[2 * j] - ax, p.xy[2 * j + 1] - ay) / 8));
      for (let s = 0; s < steps; s++) {
        const x = ax + ((p.xy[2 * j] - ax) * s) / steps;
        const y = ay + ((p.xy[2 * j + 1] - ay) * s) / steps;
        const d = river.distance(x, y);
        if (d < best) [best, qx, qy] = [d, x, y];
      }
    }
    if (best >= gap && !river.touches(p.xy, gap - 0.01)) return p;
    const near = river.closest(qx, qy);
    if (!near) return null;
    let dx = qx - near[0];
    let dy = qy - near[1];
    if (Math.hypot(dx, dy) < 1) [dx, dy] = (([cx, cy]) => [cx - near[0], cy - near[1]])(centroid(p.xy));
    const d = Math.hypot(dx, dy);
    if (d < 1e-6) return null;
    p = clipHalfPlane(p, dx / d, dy / d, (dx / d) * near[0] + (dy / d) * near[1] + gap, -10 - iter);
    if (p && signedArea(p.xy) < 40) p = null;
  }
  return p && !river.touches(p.xy, gap - 0.01) ? p : null;
}
