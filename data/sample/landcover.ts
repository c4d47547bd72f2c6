/**
 * Land cover of the sample territory: the river, parks and public gardens, woods, sport grounds, squares and
 * the green verges of the ring road; plus woods scattered over the countryside of the larger sizes.
 */
import type { LandCover } from '../../engine/territory.ts';
import { centroid, insetConvex, longestEdge, rect, reverseRing, ringInConvex, signedArea, type LPoly } from './geom.ts';
import type { BuildingStore, LandSink } from './buildings.ts';
import { ZONE, type Zone } from './presets.ts';
import type { Rng } from './prng.ts';
import type { River } from './river.ts';
import type { RuralRoad } from './network.ts';
import type { MainNet, TownWeb } from './web.ts';
import { distToSegment } from './geom.ts';

export class LandStore implements LandSink {
  readonly rings: number[][][] = [];
  readonly cover: LandCover[] = [];
  readonly detail: string[] = [];
  readonly block: number[] = [];
  readonly removed: number[] = [];
  /** Block the next additions belong to (-1 for none). */
  currentBlock = -1;

  add(rings: number[][], cover: LandCover, detail: string): void {
    this.rings.push(rings);
    this.cover.push(cover);
    this.detail.push(detail);
    this.block.push(this.currentBlock);
    this.removed.push(0);
  }
}

export interface SportSink {
  sport(x: number, y: number, name: string): void;
}

/**
 * Land cover of an unbuilt block (b = its buildable polygon): parks, woods, squares and sport grounds. A sport
 * ground gets its gymnasium (a public building) when there is room, and a 'sport' equipment point.
 */
export function openSpace(zone: Zone, b: LPoly, land: LandStore, store: BuildingStore, rng: Rng, block: number, eq: SportSink): void {
  switch (zone) {
    case ZONE.park:
      land.add([b.xy], 'vegetation', rng.pick(['Parc public', 'Jardin public', 'Square']));
      return;
    case ZONE.forest:
      land.add([b.xy], 'forest', 'Bois');
      return;
    case ZONE.place:
      land.add([b.xy], 'impervious', 'Place');
      return;
    case ZONE.sport: {
      const [cx, cy] = centroid(b.xy);
      const e = longestEdge(b.xy);
      const n = b.lab.length;
      const ux = b.xy[2 * ((e + 1) % n)] - b.xy[2 * e];
      const uy = b.xy[2 * ((e + 1) % n) + 1] - b.xy[2 * e + 1];
      const l = Math.hypot(ux, uy);
      const holes: number[][] = [];
      // Gymnasium (~45 × 25 m, 9 m high) near the middle of the longest side.
      const inner = insetConvex(b, () => 4, 50);
      if (inner && signedArea(b.xy) > 6000) {
        const nx = -uy / l;
        const ny = ux / l;
        for (const off of [0.5, 0.35]) {
          const depth = rng.range(22, 28);
          const gx = b.xy[2 * e] + off * ux + nx * (6 + depth / 2);
          const gy = b.xy[2 * e + 1] + off * uy + ny * (6 + depth / 2);
          const ring = rect(gx, gy, ux / l, uy / l, rng.range(20, 25), depth / 2);
          if (ringInConvex(ring, inner.xy, 0)) {
            store.add([ring], rng.range(8, 10), 1, 'public', rng.pick(['1971-1990', '1991-2005', '2006-2012'] as const), ZONE.sport, block);
            holes.push(reverseRing(ring.slice()));
            break;
          }
        }
      }
      land.add([b.xy, ...holes], 'sport', rng.pick(['Stade', 'Terrain de sport', 'Complexe sportif']));
      eq.sport(cx, cy, rng.pick(['Stade municipal', 'Complexe sportif', 'Terrain de football']));
      return;
    }
  }
}

/** Verges of the ring road and other unbuilt faces, kept only away from the water. */
export function greenFace(net: MainNet, f: number, land: LandStore, river: River | null): void {
  const face = net.faces[f];
  const xy: number[] = [];
  for (const p of face.verts) xy.push(net.pts[2 * p], net.pts[2 * p + 1]);
  if (river && river.touches(xy, river.halfWidth + 2)) return;
  land.add([xy], 'vegetation', 'Dépendance verte');
}

/**
 * Woods in the countryside: star-shaped polygons of 150–700 m radius, away from settlements, rural roads,
 * the river and each other.
 */
export function countrysideWoods(count: number, webs: TownWeb[], rural: RuralRoad[], net: MainNet, river: River | null, rng: Rng, h: number, land: LandStore): void {
  const placed: [number, number, number][] = [];
  const P = net.pts;
  for (let k = 0, attempts = 0; k < count && attempts < count * 40; attempts++) {
    const r = rng.lognormal(320, 0.4, 150, 700);
    const x = rng.range(-h + r, h - r);
    const y = rng.range(-h + r, h - r);
    if (webs.some((w) => Math.hypot(w.plan.cx - x, w.plan.cy - y) < w.plan.radius * 1.05 + r + 150)) continue;
    if (placed.some(([px, py, pr]) => Math.hypot(px - x, py - y) < pr + r + 50)) continue;
    let clear = true;
    for (const road of rural) {
      for (let i = 0; i + 1 < road.pts.length && clear; i++) {
        const a = road.pts[i];
        const b = road.pts[i + 1];
        if (distToSegment(x, y, P[2 * a], P[2 * a + 1], P[2 * b], P[2 * b + 1]) < r + 25) clear = false;
      }
      if (!clear) break;
    }
    if (!clear) continue;
    const n = rng.int(9, 14);
    const ring: number[] = [];
    const a0 = rng.range(0, 2 * Math.PI);
    for (let i = 0; i < n; i++) {
      const a = a0 + (2 * Math.PI * (i + rng.range(-0.25, 0.25))) / n;
      const rr = r * rng.range(0.65, 1);
      ring.push(x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
    if (river && river.touches(ring, river.halfWidth + 15)) continue;
    placed.push([x, y, r]);
    land.add([ring], 'forest', rng.pick(['Bois', 'Forêt', 'Bois communal', 'Bosquet']));
    k++;
  }
}
