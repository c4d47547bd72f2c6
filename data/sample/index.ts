/**
 * Sample-territory generator: a deterministic, seeded, plausible French town (district), city or
 * metropolis, built through {@link TerritoryBuilder} and marked synthetic. See README.md for the model and the
 * grounds of its figures.
 *
 * Pipeline: settlements and river → main roads of each town (web.ts) → rural roads (region.ts) → local streets
 * and blocks (streets.ts) → final road segments (network.ts) → buildings on parcels (buildings.ts, lots.ts) and
 * open spaces (landcover.ts) → public facilities (equipment.ts) → 200 m population grid (population.ts) →
 * TerritoryBuilder.build().
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, type Territory } from '../../engine/territory.ts';
import { TerritoryBuilder } from '../builder.ts';
import { syntheticDataset } from '../catalog.ts';
import { frameForProjected } from '../frame.ts';
import { BuildingStore, awayFromRiver, buildBlock, buildable, type BlockContext } from './buildings.ts';
import { EquipmentList, placeFacilities, type BlockSite } from './equipment.ts';
import { centroid, rect, reverseRing, ringInConvex, longestEdge, signedArea, type LPoly } from './geom.ts';
import { LandStore, countrysideWoods, greenFace, openSpace } from './landcover.ts';
import { assembleRoads, type RoadSegments } from './network.ts';
import { AGE_BANDS, GROSS_FLOOR_AREA_PER_INHABITANT_M2, ageShares, populationCells, residentialFloorArea, type PopulationCell } from './population.ts';
import { ROAD_KINDS, SIZE_PRESETS, ZONE, type SampleSize, type TownPlan, type Zone } from './presets.ts';
import { Rng } from './prng.ts';
import { placeSettlements, ruralRoads } from './region.ts';
import { makeRiver, type River } from './river.ts';
import { Streets } from './streets.ts';
import { MainNet, buildTown } from './web.ts';

export type { SampleSize } from './presets.ts';
export { AGE_BANDS, GROSS_FLOOR_AREA_PER_INHABITANT_M2, HOUSEHOLD_SIZE, CELL_M } from './population.ts';

/** Lambert-93 origin of the local frame: central Rennes (Ille-et-Vilaine), for a realistic sun and globe position. */
export const SAMPLE_ORIGIN_L93: readonly [number, number] = [352000, 6789000];

export interface SampleOptions {
  size: SampleSize;
  /** Seed of every random draw (default 1). Same seed → identical territory. */
  seed?: number;
}

/** Quay between the water and the first buildings (m). */
const QUAY_M = 8;

const BUILT = new Set<Zone>([ZONE.historic, ZONE.dense, ZONE.faubourg, ZONE.suburb, ZONE.activity]);

export function generateSample(opts: SampleOptions): Territory {
  const size = opts.size;
  const seed = opts.seed ?? 1;
  if (!(size in SIZE_PRESETS)) throw new Error(`generateSample: size must be one of ${Object.keys(SIZE_PRESETS).join(', ')} (got "${size}")`);
  if (!Number.isInteger(seed)) throw new Error(`generateSample: seed must be an integer (got ${seed})`);
  const preset = SIZE_PRESETS[size];
  const h = preset.halfSide;

  const plans = placeSettlements(size, Rng.stream(seed, 1));
  const river = makeRiver(Rng.stream(seed, 2), h, preset.riverHalfWidth);
  const net = new MainNet();
  const webs = plans.map((p, t) => buildTown(net, p, t, Rng.stream(seed, 3, t), h, river));
  const { roads: rural, connected } = ruralRoads(net, webs, river, Rng.stream(seed, 4), h);
  const streets = new Streets(net, seed);
  // A settlement no road could reach (river in the way) is left out: its streets would be cut off anyway.
  for (let f = 0; f < net.faces.length; f++) if (connected[net.faces[f].town]) streets.subdivide(f);
  const roads = assembleRoads(net, streets, rural, river, seed);

  const store = new BuildingStore();
  const land = new LandStore();
  const eq = new EquipmentList();
  const sites = buildBlocks(streets, river, plans, store, land, eq, seed);

  // Public facilities sized on the population the homes will hold.
  const blockBuildings: number[][] = sites.map(() => []);
  for (let i = 0; i < store.count; i++) blockBuildings[store.block[i]]?.push(i);
  const ages = new Array<number>(AGE_BANDS.length).fill(0);
  for (let i = 0; i < store.count; i++) {
    const people = residentialFloorArea(store, i) / GROSS_FLOOR_AREA_PER_INHABITANT_M2;
    if (people <= 0) continue;
    const site = sites[store.block[i]];
    if (site) site.people += people;
    const z = store.zone[i];
    const shares = ageShares(z === ZONE.historic ? [1, 0, 0] : z === ZONE.suburb ? [0, 0, 1] : [0, 1, 0]);
    for (let b = 0; b < ages.length; b++) ages[b] += people * shares[b];
  }
  const hospitalTowns = plans.flatMap((p, t) => (p.hospital ? [t] : []));
  placeFacilities({ sites, store, land, eq, blockBuildings, townNames: plans.map((p) => p.name), h, rng: Rng.stream(seed, 5) }, ages, hospitalTowns);
  // Hospital grounds that received no hospital stay a park.
  for (const s of sites) if (s.zone === ZONE.campus && !s.converted && s.buildable) land.add([s.buildable.xy], 'vegetation', 'Parc');

  if (preset.forests > 0) countrysideWoods(preset.forests, webs, rural, net, river, Rng.stream(seed, 6), h, land);
  const keep: number[] = [];
  for (let i = 0; i < store.count; i++) if (!store.removed[i]) keep.push(i);
  const cells = populationCells(store, keep, SAMPLE_ORIGIN_L93[0], SAMPLE_ORIGIN_L93[1]);
  return emit(size, seed, plans[0].name, net.pts, roads, store, keep, land, eq, cells, river, h);
}

/** Buildings and open spaces of every block; returns the site of each block for the facilities. */
function buildBlocks(streets: Streets, river: River, plans: TownPlan[], store: BuildingStore, land: LandStore, eq: EquipmentList, seed: number): BlockSite[] {
  const kindOf = (label: number) => streets.kindOf(label);
  const corridor = river.halfWidth + QUAY_M;
  const sites: BlockSite[] = [];
  for (let k = 0; k < streets.blocks.length; k++) {
    const blk = streets.blocks[k];
    const rng = Rng.stream(seed, 8, k);
    land.currentBlock = k;
    let zone: Zone = blk.zone;
    const site: BlockSite = { buildable: null, zone, town: blk.town, cx: 0, cy: 0, people: 0, converted: false };
    sites.push(site);
    if (zone === ZONE.green) {
      greenFace(streets.net, blk.face, land, river);
      continue;
    }
    let b: LPoly | null = buildable(blk.poly, kindOf);
    if (b && river.touches(b.xy, corridor)) b = awayFromRiver(b, river, corridor);
    if (!b) continue;
    // A few blocks stay open: squares in the historic centre, public gardens and playgrounds elsewhere.
    const x = rng.float();
    if (zone === ZONE.historic && x < 0.04) zone = ZONE.place;
    else if (((zone === ZONE.dense || zone === ZONE.faubourg) && x < 0.04) || (zone === ZONE.suburb && x < 0.03)) zone = ZONE.park;
    else if (zone === ZONE.suburb && x < 0.045) zone = ZONE.sport;
    site.buildable = b;
    site.zone = zone;
    [site.cx, site.cy] = centroid(b.xy);
    if (BUILT.has(zone)) {
      const ctx: BlockContext = { store, land, rng, block: k, zone, kindOf };
      buildBlock(ctx, b);
    } else if (blk.zone === ZONE.place) townHall(b, plans[blk.town], store, land, eq, rng, k);
    else if (zone !== ZONE.campus) openSpace(zone, b, land, store, rng, k, eq);
  }
  land.currentBlock = -1;
  return sites;
}

/** The town hall on the central square, the rest of the square paved. */
function townHall(b: LPoly, plan: TownPlan, store: BuildingStore, land: LandStore, eq: EquipmentList, rng: Rng, block: number): void {
  const [cx, cy] = centroid(b.xy);
  const e = longestEdge(b.xy);
  const n = b.lab.length;
  const ux = b.xy[2 * ((e + 1) % n)] - b.xy[2 * e];
  const uy = b.xy[2 * ((e + 1) % n) + 1] - b.xy[2 * e + 1];
  const l = Math.hypot(ux, uy);
  const area = plan.role === 'central' ? 1100 : plan.role === 'town' ? 700 : 260;
  let hu = Math.sqrt(area * 1.6) / 2;
  let hv = area / (4 * hu);
  for (let t = 0; t < 8; t++, hu *= 0.9, hv *= 0.9) {
    const ring = rect(cx, cy, ux / l, uy / l, hu, hv);
    if (!ringInConvex(ring, b.xy, 2)) continue;
    const floors = plan.role === 'village' ? 2 : 3;
    store.add([ring], floors * 4 + 1, floors, 'public', 'before-1945', ZONE.place, block);
    land.add([b.xy, reverseRing(ring.slice())], 'impervious', 'Place de la mairie');
    eq.items.push({ x: cx, y: cy, kind: 'town-hall', name: `${plan.role === 'village' ? 'Mairie' : 'Hôtel de ville'} de ${plan.name}`, capacity: null });
    return;
  }
  land.add([b.xy], 'impervious', 'Place');
}

function emit(size: SampleSize, seed: number, name: string, pts: number[], roads: RoadSegments, store: BuildingStore, keep: number[], land: LandStore, eq: EquipmentList, cells: PopulationCell[], river: River, h: number): Territory {
  const builder = new TerritoryBuilder(`${name} (synthetic ${size}, seed ${seed})`, frameForProjected('EPSG:2154', SAMPLE_ORIGIN_L93[0], SAMPLE_ORIGIN_L93[1]));
  const ds = (id: string, title: string, themes: Parameters<typeof syntheticDataset>[0]['themes']) => builder.addDataset(syntheticDataset({ id: `sample-${id}`, title, themes, seed, size }));
  const dB = ds('buildings', 'Sample buildings', ['urbanism', 'energy']);
  const dR = ds('roads', 'Sample road network', ['mobility']);
  const dP = ds('population', 'Sample 200 m population grid (Filosofi-like)', ['socio-demography']);
  const dL = ds('landcover', 'Sample land cover', ['environment', 'water']);
  const dE = ds('equipment', 'Sample public equipment', ['urbanism', 'socio-demography']);
  const fail = (what: string, id: string, r: { ok: boolean; reason?: string }): void => {
    if (!r.ok) throw new Error(`sample generator produced an invalid ${what} ${id}: ${r.reason}`);
  };
  keep.forEach((i, n) => {
    const id = `SAMPLE-BATI-${n + 1}`;
    fail('building', id, builder.addBuilding({ sourceId: id, dataset: dB, polygons: [store.rings(i)], heightM: store.heightM[i], floors: store.floors[i], use: BUILDING_USES[store.use[i]], period: CONSTRUCTION_PERIODS[store.period[i]] }));
  });
  for (let s = 0; s < roads.a.length; s++) {
    const k = ROAD_KINDS[roads.kind[s]];
    const id = `SAMPLE-TRONCON-${s + 1}`;
    const a = roads.a[s];
    const b = roads.b[s];
    fail('road', id, builder.addRoadSegment({ sourceId: id, dataset: dR, line: [pts[2 * a], pts[2 * a + 1], pts[2 * b], pts[2 * b + 1]], roadClass: k.cls, lanes: k.lanes, speedKmh: k.speedKmh, direction: roads.dir[s], name: roads.name[s] }));
  }
  builder.setAgeBands(AGE_BANDS);
  for (const c of cells) {
    const ring = [c.x0, c.y0, c.x0 + 200, c.y0, c.x0 + 200, c.y0 + 200, c.x0, c.y0 + 200];
    fail('population cell', c.id, builder.addPopulation({ sourceId: c.id, dataset: dP, polygons: [[ring]], inhabitants: c.inhabitants, households: c.households, ageCounts: c.ages }));
  }
  const water = river.waterRing(h);
  let lc = 0;
  if (water) fail('land cover', 'water', builder.addLandCover({ sourceId: `SAMPLE-OCS-${++lc}`, dataset: dL, polygons: [[water]], cover: 'water', detail: 'Cours d’eau' }));
  for (let i = 0; i < land.rings.length; i++) {
    if (land.removed[i]) continue;
    const id = `SAMPLE-OCS-${++lc}`;
    fail('land cover', id, builder.addLandCover({ sourceId: id, dataset: dL, polygons: [land.rings[i]], cover: land.cover[i], detail: land.detail[i] }));
  }
  eq.items.forEach((e, n) => {
    const id = `SAMPLE-EQUIP-${n + 1}`;
    fail('equipment', id, builder.addEquipment({ sourceId: id, dataset: dE, x: e.x, y: e.y, kind: e.kind, name: e.name, capacity: e.capacity }));
  });
  return builder.build();
}
