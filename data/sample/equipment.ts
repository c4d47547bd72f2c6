/**
 * Public equipment: a town hall on every central square, a hospital in the central town of the city and
 * metropolis sizes, and schools and crèches sized on the generated population.
 *
 * Needs (per territory) from the age bands of the population:
 * - crèche places: 17.8 per 100 children under 3 (ONAPE, places in collective crèches, France); children
 *   under 3 = ¾ of ind_0_3. A crèche has 30–60 places (décret 2021-1131: "crèche" 25–59 places, 60+ "grande
 *   crèche").
 * - école maternelle (3–5 years = ¼ ind_0_3 + ind_4_5): 4–6 classes of 25, 100–150 pupils.
 * - école élémentaire (6–10 = ind_6_10): 7–11 classes of 25, 175–275 pupils (French mean ≈ 200).
 * - collège (11–14 = 4/7 ind_11_17): 450–750 pupils (DEPP mean ≈ 500–550).
 * - lycée (15–17 = 3/7 ind_11_17): 800–1 400 pupils (DEPP mean for general lycées ≈ 1 000).
 * The number of facilities is the need divided by the mean capacity, rounded up; each one replaces a block of
 * homes chosen along a space-filling (Morton) order weighted by population, which spreads them like catchment
 * areas. Buildings: crèche 11 m² per place, maternelle 9 m² and élémentaire 7.5 m² per pupil (1 and 2 floors),
 * collège and lycée 5–5.5 m² per pupil on 3–4 floors plus a gymnasium (orders of magnitude of French school
 * building programmes).
 */
import type { EquipmentKind } from '../../engine/territory.ts';
import { centroid, convexOverlap, insetConvex, longestEdge, rect, reverseRing, ringInConvex, signedArea, type LPoly } from './geom.ts';
import type { BuildingStore } from './buildings.ts';
import type { LandStore, SportSink } from './landcover.ts';
import { schoolName } from './names.ts';
import { ZONE, type Zone } from './presets.ts';
import type { Rng } from './prng.ts';

export interface EquipmentPoint {
  x: number;
  y: number;
  kind: EquipmentKind;
  name: string;
  capacity: number | null;
}

export class EquipmentList implements SportSink {
  readonly items: EquipmentPoint[] = [];
  sport(x: number, y: number, name: string): void {
    this.items.push({ x, y, kind: 'sport', name, capacity: null });
  }
}

interface Part {
  area: number;
  floors: number;
  heightM: number;
}

/**
 * Places a programme of buildings (main building first) in the convex buildable polygon b, oriented along its
 * longest edge, the others beside the main one. Returns the rings, or null when the main building does not fit
 * at ≥ 60 % of its area.
 */
export function placeProgramme(b: LPoly, parts: Part[], rng: Rng): number[][] | null {
  const site = insetConvex(b, () => 6, 100);
  if (!site) return null;
  const e = longestEdge(site.xy);
  const n = site.lab.length;
  let ux = site.xy[2 * ((e + 1) % n)] - site.xy[2 * e];
  let uy = site.xy[2 * ((e + 1) % n) + 1] - site.xy[2 * e + 1];
  const l = Math.hypot(ux, uy);
  ux /= l;
  uy /= l;
  const [cx, cy] = centroid(site.xy);
  const rings: number[][] = [];
  let mainHv = 0;
  for (let k = 0; k < parts.length; k++) {
    const aspect = rng.range(1.4, 2.2);
    let hu = Math.sqrt(parts[k].area * aspect) / 2;
    let hv = parts[k].area / (4 * hu);
    let placed: number[] | null = null;
    for (let t = 0; t < 7 && !placed; t++) {
      if (k === 0) {
        const ring = rect(cx, cy, ux, uy, hu, hv);
        if (ringInConvex(ring, site.xy, 0)) {
          placed = ring;
          mainHv = hv;
        }
      } else {
        for (const side of [1, -1, 2, -2]) {
          const off = Math.abs(side) === 1 ? mainHv + 8 + hv : 0;
          const offU = Math.abs(side) === 2 ? Math.sign(side) * (Math.sqrt(parts[0].area * 2.2) / 2 + 8 + hu) : 0;
          const px = cx + Math.sign(side) * off * -uy + offU * ux;
          const py = cy + Math.sign(side) * off * ux + offU * uy;
          const ring = rect(px, py, ux, uy, hu, hv);
          if (ringInConvex(ring, site.xy, 0) && rings.every((r) => !convexOverlap(r, ring))) {
            placed = ring;
            break;
          }
        }
      }
      if (!placed) {
        hu *= 0.92;
        hv *= 0.92;
        if (4 * hu * hv < 0.6 * parts[k].area) break;
      }
    }
    if (!placed) {
      if (k === 0) return null;
      continue;
    }
    rings.push(placed);
  }
  return rings;
}

export interface BlockSite {
  buildable: LPoly | null;
  zone: Zone;
  town: number;
  cx: number;
  cy: number;
  /** Estimated inhabitants of the block's homes. */
  people: number;
  converted: boolean;
}

interface Facility {
  kind: EquipmentKind;
  minArea: number;
  meanCapacity: number;
  capacity: (rng: Rng) => number;
  parts: (cap: number, rng: Rng) => Part[];
  name: (rng: Rng, town: string) => string;
}

const FACILITIES: Record<'hospital' | 'lycee' | 'college' | 'primary' | 'preschool' | 'creche', Facility> = {
  hospital: {
    kind: 'hospital', minArea: 25_000, meanCapacity: 0,
    capacity: (rng) => rng.int(35, 90) * 10,
    parts: (cap, rng) => [{ area: cap * 16, floors: rng.int(6, 8), heightM: 0 }, { area: rng.range(1500, 2200), floors: 3, heightM: 0 }, { area: rng.range(1200, 1800), floors: 2, heightM: 0 }],
    name: (_rng, town) => `Centre hospitalier de ${town}`,
  },
  lycee: {
    kind: 'lycee', minArea: 14_000, meanCapacity: 1100,
    capacity: (rng) => rng.int(80, 140) * 10,
    parts: (cap, rng) => [{ area: cap * 5, floors: 4, heightM: 0 }, { area: rng.range(1200, 1600), floors: 1, heightM: 9 }],
    name: (rng) => `Lycée ${schoolName(rng)}`,
  },
  college: {
    kind: 'college', minArea: 9000, meanCapacity: 600,
    capacity: (rng) => rng.int(45, 75) * 10,
    parts: (cap, rng) => [{ area: cap * 5.5, floors: 3, heightM: 0 }, { area: rng.range(1000, 1300), floors: 1, heightM: 9 }],
    name: (rng) => `Collège ${schoolName(rng)}`,
  },
  primary: {
    kind: 'primary', minArea: 3500, meanCapacity: 225,
    capacity: (rng) => rng.int(7, 11) * 25,
    parts: (cap) => [{ area: cap * 7.5, floors: 2, heightM: 0 }],
    name: (rng) => `École élémentaire ${schoolName(rng)}`,
  },
  preschool: {
    kind: 'preschool', minArea: 2500, meanCapacity: 125,
    capacity: (rng) => rng.int(4, 6) * 25,
    parts: (cap) => [{ area: cap * 9, floors: 1, heightM: 4.5 }],
    name: (rng) => `École maternelle ${schoolName(rng)}`,
  },
  creche: {
    kind: 'creche', minArea: 1000, meanCapacity: 45,
    capacity: (rng) => rng.int(30, 60),
    parts: (cap) => [{ area: cap * 11, floors: 1, heightM: 4 }],
    name: (rng) => `Crèche ${rng.pick(['Les Petits Loups', 'Les Lutins', 'Pirouette', 'Les Pitchouns', 'Arc-en-ciel', 'Les Coccinelles', 'Câlins Câlines', 'Les Marmousets'])}`,
  },
};

/** Number of each facility for the given population by age band (Filosofi bands, see population.ts). */
export function facilityCounts(ages: number[]): Record<'lycee' | 'college' | 'primary' | 'preschool' | 'creche', number> {
  const under3 = 0.75 * ages[0];
  return {
    creche: Math.max(1, Math.round((0.178 * under3) / FACILITIES.creche.meanCapacity)),
    preschool: Math.max(1, Math.ceil((0.25 * ages[0] + ages[1]) / FACILITIES.preschool.meanCapacity)),
    primary: Math.max(1, Math.ceil(ages[2] / FACILITIES.primary.meanCapacity)),
    college: Math.max(1, Math.ceil(((4 / 7) * ages[3]) / FACILITIES.college.meanCapacity)),
    lycee: Math.max(1, Math.ceil(((3 / 7) * ages[3]) / FACILITIES.lycee.meanCapacity)),
  };
}

/** Morton (Z-order) key of a point quantised to 50 m, for a population-weighted spatial spread. */
function morton(x: number, y: number, h: number): number {
  const qx = Math.max(0, Math.min(1023, Math.floor((x + h) / 50) >> Math.max(0, Math.ceil(Math.log2((2 * h) / 50 / 1024)))));
  const qy = Math.max(0, Math.min(1023, Math.floor((y + h) / 50) >> Math.max(0, Math.ceil(Math.log2((2 * h) / 50 / 1024)))));
  let k = 0;
  for (let b = 0; b < 10; b++) k |= (((qx >> b) & 1) << (2 * b)) | (((qy >> b) & 1) << (2 * b + 1));
  return k;
}

export interface ConvertContext {
  sites: BlockSite[];
  store: BuildingStore;
  land: LandStore;
  eq: EquipmentList;
  /** Building ids of each block. */
  blockBuildings: number[][];
  townNames: string[];
  h: number;
  rng: Rng;
}

/** Replaces the homes of a block by a facility; returns false when the programme does not fit. */
function convert(ctx: ConvertContext, site: number, f: Facility, cap: number, detail: string, town: string): boolean {
  const s = ctx.sites[site];
  if (!s.buildable) return false;
  const parts = f.parts(cap, ctx.rng);
  const rings = placeProgramme(s.buildable, parts, ctx.rng);
  if (!rings) return false;
  for (const i of ctx.blockBuildings[site]) ctx.store.removed[i] = 1;
  for (let k = 0; k < ctx.land.block.length; k++) if (ctx.land.block[k] === site) ctx.land.removed[k] = 1;
  s.converted = true;
  const holes: number[][] = [];
  rings.forEach((ring, k) => {
    const p = parts[k];
    const height = p.heightM > 0 ? p.heightM : p.floors * 3.9 + ctx.rng.range(-0.3, 0.5);
    ctx.store.add([ring], height, p.floors, 'public', ctx.rng.pick(['1971-1990', '1991-2005', '2006-2012', '1945-1970'] as const), s.zone, site);
    holes.push(reverseRing(ring.slice()));
  });
  const yard = insetConvex(s.buildable, () => 2, 50);
  if (yard && rings.every((r) => ringInConvex(r, yard.xy, 0.5))) {
    ctx.land.currentBlock = site;
    ctx.land.add([yard.xy, ...holes], 'impervious', detail);
    ctx.land.currentBlock = -1;
  }
  const [x, y] = centroid(rings[0]);
  ctx.eq.items.push({ x, y, kind: f.kind, name: f.name(ctx.rng, town), capacity: cap });
  return true;
}

/**
 * Hospitals (on the campus face of the hospital towns), then schools and crèches at population quantiles.
 * `ages` are the estimated inhabitants per age band of the whole territory; `hospitalTowns` the town indices.
 */
export function placeFacilities(ctx: ConvertContext, ages: number[], hospitalTowns: number[]): void {
  const { sites, rng } = ctx;
  const eligible = (s: BlockSite, minArea: number): boolean =>
    !s.converted && !!s.buildable && (s.zone === ZONE.dense || s.zone === ZONE.faubourg || s.zone === ZONE.suburb || s.zone === ZONE.historic) && signedArea(s.buildable.xy) >= minArea;
  for (const town of hospitalTowns) {
    let best = -1;
    let bestArea = 0;
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i];
      if (s.town !== town || s.zone !== ZONE.campus || s.converted || !s.buildable || signedArea(s.buildable.xy) < FACILITIES.hospital.minArea) continue;
      const a = signedArea(s.buildable!.xy);
      if (a > bestArea) [best, bestArea] = [i, a];
    }
    if (best >= 0) convert(ctx, best, FACILITIES.hospital, FACILITIES.hospital.capacity(rng), 'Parvis et parkings de l’hôpital', ctx.townNames[town]);
  }
  const counts = facilityCounts(ages);
  const order = sites.map((s, i) => [morton(s.cx, s.cy, ctx.h), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[1]);
  const cum: number[] = [];
  let total = 0;
  for (const i of order) cum.push((total += sites[i].people));
  for (const key of ['lycee', 'college', 'primary', 'preschool', 'creche'] as const) {
    const f = FACILITIES[key];
    const n = counts[key];
    for (let m = 0; m < n; m++) {
      const target = ((m + 0.5) / n) * total;
      let p = 0;
      while (p < cum.length - 1 && cum[p] < target) p++;
      // The nearest eligible blocks along the order; the one with the fewest homes is converted first.
      const cand: number[] = [];
      for (let d = 0; d < order.length && cand.length < 6; d++) {
        const q = d % 2 === 0 ? p + d / 2 : p - (d + 1) / 2;
        if (q >= 0 && q < order.length && eligible(sites[order[q]], f.minArea)) cand.push(order[q]);
      }
      cand.sort((a, b) => sites[a].people - sites[b].people || a - b);
      for (const site of cand) if (convert(ctx, site, f, f.capacity(rng), key === 'creche' ? 'Jardin de la crèche' : 'Cour d’école', ctx.townNames[sites[site].town])) break;
    }
  }
}
