/**
 * The main road network of a town: rings and radial roads, and the faces they enclose.
 *
 * Angles live on a common lattice of N = mainRadials·2^m directions. Band k has its radial roads on a
 * sub-lattice A_k; ring k has its vertices on V_k ⊇ A_{k-1} ∪ A_k, refined until the polygon is within 4.5 m of
 * the circle. As long as A_{k-1} ⊆ V_k ⊆ A_k for built bands, each face's inner side is one straight chord and
 * its outer side a convex arc, so the face is convex — which the block subdivision relies on.
 */
import { signedArea, isConvexCCW } from './geom.ts';
import { streetName } from './names.ts';
import { KIND, ZONE, type KindId, type TownPlan, type Zone } from './presets.ts';
import type { Rng } from './prng.ts';
import type { River } from './river.ts';

export interface Face {
  town: number;
  /** Band index; -1 for the central square. */
  band: number;
  zone: Zone;
  /** Point ids, counter-clockwise. */
  verts: number[];
  /** Main edge of each side (verts[k] → verts[k+1]). */
  sides: number[];
  /** Inner and outer boundary paths in increasing angle (point ids) and their edges. */
  innerPts: number[];
  innerEdges: number[];
  outerPts: number[];
  outerEdges: number[];
  /** Radial edges on the low-angle and high-angle sides. */
  leftEdge: number;
  rightEdge: number;
  convex: boolean;
  /** Unit vector from the town centre towards the face. */
  dirX: number;
  dirY: number;
}

/** Shared store of points and main edges of the whole territory. */
export class MainNet {
  readonly pts: number[] = [];
  readonly ea: number[] = [];
  readonly eb: number[] = [];
  readonly ekind: KindId[] = [];
  readonly ename: string[] = [];
  readonly faces: Face[] = [];

  point(x: number, y: number): number {
    this.pts.push(x, y);
    return this.pts.length / 2 - 1;
  }
  edge(a: number, b: number, kind: KindId, name: string): number {
    this.ea.push(a);
    this.eb.push(b);
    this.ekind.push(kind);
    this.ename.push(name);
    return this.ea.length - 1;
  }
  get edgeCount(): number {
    return this.ea.length;
  }
}

export interface TownWeb {
  plan: TownPlan;
  /** Point ids of the outermost ring road (empty when the town reaches the domain edge). */
  outer: number[];
  /** Which of `outer` end a main radial road. */
  outerMain: boolean[];
  faceStart: number;
  faceEnd: number;
}

const MAX_SAG_M = 4.5;

function ringName(rng: Rng, kind: KindId, k: number, town: string): string {
  if (kind === KIND.rocade) return `Rocade de ${town}`;
  if (kind === KIND.boulevard || (kind === KIND.street && k > 0)) return streetName(rng, 'boulevard');
  if (kind === KIND.villageRing) return streetName(rng, 'allee');
  return streetName(rng, 'ruelle');
}

/** Builds the rings, radials and faces of one town into `net`. `h` is the half side of the domain. */
export function buildTown(net: MainNet, plan: TownPlan, town: number, rng: Rng, h: number, river: River | null): TownWeb {
  const { rings, bands, mainRadials, cx, cy } = plan;
  const K = rings.length;
  const nb = bands.length;
  if (nb !== (plan.outerSquare ? K : K - 1)) throw new Error(`town plan ${plan.name}: ${nb} bands for ${K} rings`);
  const isPow2Multiple = (n: number): boolean => n % mainRadials === 0 && Number.isInteger(Math.log2(n / mainRadials));
  // Vertex count of each ring.
  const vcount: number[] = [];
  for (let k = 0; k < K; k++) {
    let s = mainRadials;
    while (rings[k].r * (1 - Math.cos(Math.PI / s)) > MAX_SAG_M) s *= 2;
    const outerBand = k < nb ? bands[k] : null;
    if (outerBand && outerBand.zone !== ZONE.green) s = Math.min(s, outerBand.radials);
    vcount.push(Math.max(s, k > 0 ? bands[k - 1].radials : 0, outerBand ? outerBand.radials : 0));
  }
  let N = mainRadials;
  for (const n of [...vcount, ...bands.map((b) => b.radials)]) {
    if (!isPow2Multiple(n)) throw new Error(`town plan ${plan.name}: ${n} is not mainRadials × 2^m`);
    N = Math.max(N, n);
  }
  const theta0 = rng.range(0, 2 * Math.PI);
  const amp = rng.range(0.015, 0.035);
  const lobes = rng.int(2, 3);
  const phase = rng.range(0, 2 * Math.PI);
  const step = (n: number): number => N / n;

  // Ring vertices.
  const vert: Int32Array[] = [];
  for (let k = 0; k < K; k++) {
    const v = new Int32Array(N).fill(-1);
    const s = step(vcount[k]);
    for (let i = 0; i < N; i += s) {
      const a = theta0 + (2 * Math.PI * i) / N + rng.range(-0.2, 0.2) * ((2 * Math.PI) / vcount[k]);
      const r = rings[k].r * (1 + amp * Math.sin(lobes * a + phase));
      v[i] = net.point(cx + r * Math.cos(a), cy + r * Math.sin(a));
    }
    vert.push(v);
  }
  // Ring edges: ringEdge[k][i] runs from vertex i to the next vertex of ring k.
  const ringEdge: Int32Array[] = [];
  for (let k = 0; k < K; k++) {
    const e = new Int32Array(N).fill(-1);
    const s = step(vcount[k]);
    const name = ringName(rng, rings[k].kind, k, plan.name);
    for (let i = 0; i < N; i += s) e[i] = net.edge(vert[k][i], vert[k][(i + s) % N], rings[k].kind, name);
    ringEdge.push(e);
  }
  // Radial names: one per radial road, kept across bands.
  const radialName = new Array<string>(N).fill('');
  const mainStep = step(mainRadials);
  for (let i = 0; i < N; i += mainStep) radialName[i] = `${rng.pick(['Avenue', 'Route', 'Rue'])} de ${rng.pick(['Paris', 'Nantes', 'Brest', 'Lorient', 'Saint-Malo', 'Fougères', 'Vitré', 'Redon', 'Châteaubriant', 'Lorient', 'Angers', 'Vannes', 'la Gare', 'l’Hôpital', 'la Mer', 'Laval'])}`;
  // Domain-edge hits of the last band's radials (outer-square towns).
  const hit = new Int32Array(N).fill(-1);
  const perim = (x: number, y: number): number => {
    if (Math.abs(y + h) < 1e-6) return x + h;
    if (Math.abs(x - h) < 1e-6) return 2 * h + y + h;
    if (Math.abs(y - h) < 1e-6) return 4 * h + h - x;
    return 6 * h + h - y;
  };
  const radialEdge: Int32Array[] = [];
  for (let k = 0; k < nb; k++) {
    const e = new Int32Array(N).fill(-1);
    const s = step(bands[k].radials);
    for (let i = 0; i < N; i += s) {
      const isMain = i % mainStep === 0;
      if (!radialName[i]) radialName[i] = streetName(rng, 'rue');
      const kind = isMain ? bands[k].mainKind : bands[k].otherKind;
      const a = vert[k][i];
      let b: number;
      if (k + 1 < K) b = vert[k + 1][i];
      else {
        const px = net.pts[2 * a];
        const py = net.pts[2 * a + 1];
        const dx = px - cx;
        const dy = py - cy;
        const t = Math.min(dx > 0 ? (h - px) / dx : dx < 0 ? (-h - px) / dx : Infinity, dy > 0 ? (h - py) / dy : dy < 0 ? (-h - py) / dy : Infinity);
        let hx = px + t * dx;
        let hy = py + t * dy;
        // Snap the exhausted coordinate exactly onto the edge.
        if (Math.abs(Math.abs(hx) - h) < 1e-6) hx = Math.sign(hx) * h;
        if (Math.abs(Math.abs(hy) - h) < 1e-6) hy = Math.sign(hy) * h;
        b = hit[i] = net.point(hx, hy);
      }
      e[i] = net.edge(a, b, kind, radialName[i]);
    }
    radialEdge.push(e);
  }

  const faceStart = net.faces.length;
  const addFace = (band: number, zone: Zone, innerPts: number[], innerEdges: number[], outerPts: number[], outerEdges: number[], left: number, right: number): void => {
    const verts = [...innerPts].reverse().concat(outerPts);
    const sides = [...innerEdges].reverse().concat([left], outerEdges, [right]);
    const xy: number[] = [];
    for (const p of verts) xy.push(net.pts[2 * p], net.pts[2 * p + 1]);
    const area = signedArea(xy);
    if (!(area > 0)) throw new Error(`town ${plan.name}: face of band ${band} is not counter-clockwise`);
    let gx = 0;
    let gy = 0;
    for (let i = 0; i < xy.length; i += 2) {
      gx += xy[i];
      gy += xy[i + 1];
    }
    const dx = (2 * gx) / xy.length - cx;
    const dy = (2 * gy) / xy.length - cy;
    const dl = Math.hypot(dx, dy) || 1;
    net.faces.push({ town, band, zone, verts, sides, innerPts, innerEdges, outerPts, outerEdges, leftEdge: left, rightEdge: right, convex: isConvexCCW(xy, 1e-6), dirX: dx / dl, dirY: dy / dl });
  };

  // Central square.
  {
    const s = step(vcount[0]);
    const pts: number[] = [];
    const edges: number[] = [];
    for (let i = 0; i < N; i += s) {
      pts.push(vert[0][i]);
      edges.push(ringEdge[0][i]);
    }
    const xy: number[] = [];
    for (const p of pts) xy.push(net.pts[2 * p], net.pts[2 * p + 1]);
    net.faces.push({ town, band: -1, zone: ZONE.place, verts: pts, sides: edges, innerPts: [], innerEdges: [], outerPts: pts, outerEdges: edges, leftEdge: -1, rightEdge: -1, convex: isConvexCCW(xy, 1e-6), dirX: 1, dirY: 0 });
  }
  // Band faces.
  for (let k = 0; k < nb; k++) {
    const s = step(bands[k].radials);
    for (let a = 0; a < N; a += s) {
      const b = (a + s) % N;
      const path = (ring: number): [number[], number[]] => {
        const ps = step(vcount[ring]);
        const pts = [vert[ring][a]];
        const edges: number[] = [];
        for (let i = a; i !== b; i = (i + ps) % N) {
          edges.push(ringEdge[ring][i]);
          pts.push(vert[ring][(i + ps) % N]);
        }
        return [pts, edges];
      };
      const [innerPts, innerEdges] = path(k);
      let outerPts: number[];
      let outerEdges: number[];
      if (k + 1 < K) [outerPts, outerEdges] = path(k + 1);
      else {
        // Along the domain edge, counter-clockwise from hit(a) to hit(b) through the corners between.
        const pa = hit[a];
        const pb = hit[b];
        const sa = perim(net.pts[2 * pa], net.pts[2 * pa + 1]);
        let sb = perim(net.pts[2 * pb], net.pts[2 * pb + 1]);
        if (sb <= sa) sb += 8 * h;
        outerPts = [pa];
        for (let c = 0; c < 8; c++) {
          const sc = 2 * h * c;
          if (sc > sa && sc < sb) {
            const m = c % 4;
            outerPts.push(net.point(m === 0 || m === 3 ? -h : h, m < 2 ? -h : h));
          }
        }
        outerPts.push(pb);
        outerEdges = [];
        for (let i = 0; i + 1 < outerPts.length; i++) outerEdges.push(net.edge(outerPts[i], outerPts[i + 1], KIND.none, ''));
      }
      addFace(k, bands[k].zone, innerPts, innerEdges, outerPts, outerEdges, radialEdge[k][a], radialEdge[k][b]);
    }
  }
  const faceEnd = net.faces.length;
  assignZones(net, plan, faceStart, faceEnd, rng, river);

  const outer: number[] = [];
  const outerMain: boolean[] = [];
  if (!plan.outerSquare) {
    const s = step(vcount[K - 1]);
    for (let i = 0; i < N; i += s) {
      outer.push(vert[K - 1][i]);
      outerMain.push(i % mainStep === 0);
    }
  }
  return { plan, outer, outerMain, faceStart, faceEnd };
}

/** Activity sectors, then parks, sport grounds and woods among the built faces (at least one of each). */
function assignZones(net: MainNet, plan: TownPlan, from: number, to: number, rng: Rng, river: River | null): void {
  const lastBand = plan.bands.length - 1;
  const ringOf = (f: number): number[] => {
    const xy: number[] = [];
    for (const p of net.faces[f].verts) xy.push(net.pts[2 * p], net.pts[2 * p + 1]);
    return xy;
  };
  const inSector = (f: number, turn: number): boolean => {
    const face = net.faces[f];
    if (face.band < plan.activityFromBand || face.zone === ZONE.green) return false;
    const ang = Math.atan2(face.dirY, face.dirX);
    return plan.activity.some(([a0, a1]) => ((((ang - a0 - turn) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) <= a1 - a0);
  };
  // Activity zones keep clear of the river (flood-prone land is rarely zoned for warehouses): of 12 rotations
  // of the planned sectors, the first one with the fewest faces on the water.
  let bestTurn = 0;
  let bestWet = Infinity;
  for (let k = 0; k < 12 && river && plan.activity.length; k++) {
    const turn = (k * 2 * Math.PI) / 12;
    let wet = 0;
    for (let f = from; f < to; f++) if (inSector(f, turn) && river.touches(ringOf(f), river.halfWidth + 40)) wet++;
    if (wet < bestWet) [bestTurn, bestWet] = [turn, wet];
  }
  for (let f = from; f < to; f++) if (inSector(f, bestTurn)) net.faces[f].zone = ZONE.activity;
  // Terraced town houses in part of the outermost dense band (the former faubourgs).
  let lastDense = -1;
  plan.bands.forEach((b, k) => {
    if (b.zone === ZONE.dense) lastDense = k;
  });
  for (let f = from; f < to; f++) {
    const face = net.faces[f];
    if (face.band === lastDense && face.zone === ZONE.dense && face.convex && rng.chance(0.5)) face.zone = ZONE.faubourg;
  }
  const counts = [0, 0, 0];
  const p = plan.openFaces;
  for (let f = from; f < to; f++) {
    const face = net.faces[f];
    if (!face.convex || (face.zone !== ZONE.dense && face.zone !== ZONE.suburb && face.zone !== ZONE.historic)) continue;
    const x = rng.float();
    if (x < p * (face.zone === ZONE.historic ? 0.02 : 0.03)) face.zone = ZONE.park;
    else if (face.zone !== ZONE.historic && x < p * 0.045) face.zone = ZONE.sport;
    else if (face.zone === ZONE.suburb && face.band === lastBand && x < p * 0.07) face.zone = ZONE.forest;
    if (face.zone === ZONE.park) counts[0]++;
    if (face.zone === ZONE.sport) counts[1]++;
    if (face.zone === ZONE.forest) counts[2]++;
  }
  if (plan.hospital) {
    // Hospital grounds: a large built face 1–2.5 km from the centre.
    const cand: number[] = [];
    for (let f = from; f < to; f++) {
      const face = net.faces[f];
      if (!face.convex || (face.zone !== ZONE.dense && face.zone !== ZONE.suburb)) continue;
      const xy = ringOf(f);
      const d = Math.hypot(net.pts[2 * face.verts[0]] - plan.cx, net.pts[2 * face.verts[0] + 1] - plan.cy);
      if (signedArea(xy) > 60_000 && d > 1000 && d < 2500 && !(river && river.touches(xy, river.halfWidth + 100))) cand.push(f);
    }
    if (cand.length) net.faces[rng.pick(cand)].zone = ZONE.campus;
  }
  if (plan.role === 'village') return;
  // Every town (not the villages) gets at least one park, sport ground and wood.
  const want: [number, Zone, Zone][] = [
    [0, ZONE.park, ZONE.dense],
    [1, ZONE.sport, ZONE.suburb],
    [2, ZONE.forest, ZONE.suburb],
  ];
  for (const [c, zone, among] of want) {
    if (counts[c] > 0) continue;
    // The smallest eligible face, so that the guarantee costs few homes.
    let best = -1;
    let bestArea = Infinity;
    for (let f = from; f < to; f++) {
      const face = net.faces[f];
      if (!face.convex || face.zone !== among || (zone === ZONE.forest && face.band !== lastBand)) continue;
      const a = signedArea(ringOf(f));
      if (a < bestArea) [best, bestArea] = [f, a];
    }
    if (best >= 0) net.faces[best].zone = zone;
  }
}
