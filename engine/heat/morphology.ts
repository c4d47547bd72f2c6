/**
 * Vector data → per-cell sums for the heat model: building footprint area, heights, storeys, uses, inhabitants
 * and heat release; exposed façade area (party walls removed); paved road area and traffic heat; land-cover
 * composition. Footprints and land-cover polygons are sampled by scanlines on a virtual sub-grid of at most
 * 2 m (engine/raster/rasterize.ts `scanFeature`, cell-centre rule) whose runs are added to the heat cells, so
 * no fine raster is stored. Overlaps between land cover, buildings and roads are resolved per cell by
 * priority (building, then land cover, then road, then unclassified open ground), as GeoClimate does with its
 * layer priorities but at cell level.
 */
import { type Grid } from '../raster/grid.ts';
import { scanFeature } from '../raster/rasterize.ts';
import { LAND_COVERS, featureArea, featureCentroid, type Territory } from '../territory.ts';
import {
  BUILDING_HEAT_BY_CODE,
  COVER_BY_CODE,
  DESIGN_HOUR_FACTOR,
  HeatInputError,
  NO_SIDEWALK,
  PEAK_VC_BY_CODE,
  UNCLASSIFIED_GROUND,
  type HeatParams,
} from './params.ts';
import { ROAD_CLASSES, type RoadNetwork } from '../territory.ts';
import * as dmath from '../math/dmath.ts';

/** Geometry of the heat grid (a {@link Grid} without values). */
export type CellGrid = Pick<Grid, 'width' | 'height' | 'cellSizeM' | 'originX' | 'originY'>;

/** Largest sub-grid step used to sample polygons (m). */
export const MAX_SAMPLE_M = 2;
/** Collinear walls of two buildings closer than this (m) are party walls. */
export const PARTY_WALL_TOLERANCE_M = 0.1;

export interface MorphologyOptions {
  /** Daily vehicles per link (length = links); absent → default by road class (see params.ts). */
  linkFlowVehPerDay?: ArrayLike<number> | null;
  /** Mean heat released by each building (W, length = buildings); absent → default per floor area. */
  buildingPowerW?: ArrayLike<number> | null;
  /** Inhabitants of each building (length = buildings); absent → the territory's `buildings.inhabitants`. */
  buildingInhabitants?: ArrayLike<number> | null;
  /**
   * Network giving the paved width of the road segments it shares with the territory's (same segment
   * indices, e.g. the network before a scenario's road edits): road edits change traffic, not pavement, so a
   * road closed to cars or narrowed keeps its paved area (de-paving is its own lever). Segments beyond its
   * segment count (new roads) take their width from the territory's own network.
   */
  pavementFrom?: RoadNetwork | null;
}

export interface CellMorphology {
  buildingM2: Float64Array;
  /** Σ footprint area × height (m³) and × height² (m⁴). */
  heightAreaM3: Float64Array;
  height2AreaM4: Float64Array;
  /** Σ footprint area × storeys (m²). */
  floorsAreaM2: Float64Array;
  residentialUseM2: Float64Array;
  lowRiseUseM2: Float64Array;
  facadeM2: Float64Array;
  population: Float64Array;
  buildingHeatW: Float64Array;
  /** Vehicle-metres travelled per day in the cell. */
  trafficVehMPerDay: Float64Array;
  roadM2: Float64Array;
  imperviousM2: Float64Array;
  lowVegetationM2: Float64Array;
  waterM2: Float64Array;
  bareM2: Float64Array;
  /** Tree canopy over pervious ground (m²). */
  canopyM2: Float64Array;
  /** Green space and water counted as cooling islands (InVEST "green_area"). */
  coolingIslandM2: Float64Array;
  /** Parks and woods (land cover vegetation / forest). */
  parkM2: Float64Array;
  trafficSource: 'links' | 'default-by-road-class';
  buildingHeatSource: 'input' | 'default-per-floor-area';
  /** Buildings too small for the sub-grid (put in their centroid's cell) and outside the grid. */
  smallBuildings: number;
  buildingsOutside: number;
  /** Façade area removed as party walls (m²). */
  partyWallM2: number;
}

const fineGrid = (g: CellGrid, k: number): Grid => ({ width: g.width * k, height: g.height * k, cellSizeM: g.cellSizeM / k, originX: g.originX, originY: g.originY, values: new Float32Array(0), nodata: NaN });

/** Sub-grid factor: heat cells are split k × k so the sample step is ≤ MAX_SAMPLE_M. */
export const subdivision = (cellSizeM: number): number => Math.max(1, Math.ceil(cellSizeM / MAX_SAMPLE_M - 1e-9));

function cellOf(g: CellGrid, x: number, y: number): number {
  const col = Math.floor((x - g.originX) / g.cellSizeM);
  const row = Math.floor((g.originY - y) / g.cellSizeM);
  return col < 0 || row < 0 || col >= g.width || row >= g.height ? -1 : row * g.width + col;
}

/** Adds `total` spread evenly along the segment (steps of ≤ ¼ cell) to the cells it crosses. */
function depositAlong(g: CellGrid, x0: number, y0: number, x1: number, y1: number, total: number, out: Float64Array, out2?: Float64Array, total2 = 0): void {
  const L = dmath.hypot(x1 - x0, y1 - y0);
  const n = Math.max(1, Math.ceil(L / (g.cellSizeM / 4)));
  for (let s = 0; s < n; s++) {
    const t = (s + 0.5) / n;
    const c = cellOf(g, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    if (c < 0) continue;
    out[c] += total / n;
    if (out2) out2[c] += total2 / n;
  }
}

/** Per-cell sums from the territory's vectors (see the module comment). Throws a HeatInputError on bad input. */
export function cellMorphology(t: Territory, g: CellGrid, p: HeatParams, options: MorphologyOptions = {}): CellMorphology {
  const n = g.width * g.height;
  const z = (): Float64Array => new Float64Array(n);
  const m: CellMorphology = {
    buildingM2: z(), heightAreaM3: z(), height2AreaM4: z(), floorsAreaM2: z(), residentialUseM2: z(), lowRiseUseM2: z(), facadeM2: z(), population: z(), buildingHeatW: z(),
    trafficVehMPerDay: z(), roadM2: z(), imperviousM2: z(), lowVegetationM2: z(), waterM2: z(), bareM2: z(), canopyM2: z(), coolingIslandM2: z(), parkM2: z(),
    trafficSource: options.linkFlowVehPerDay ? 'links' : 'default-by-road-class',
    buildingHeatSource: options.buildingPowerW ? 'input' : 'default-per-floor-area',
    smallBuildings: 0,
    buildingsOutside: 0,
    partyWallM2: 0,
  };
  const k = subdivision(g.cellSizeM);
  const fine = fineGrid(g, k);
  const fineArea = fine.cellSizeM * fine.cellSizeM;
  accumulateBuildings(t, g, k, fine, fineArea, m, options.buildingPowerW ?? null, options.buildingInhabitants ?? null);
  facadesOf(t, g, m);
  // Land cover is sampled 5 × 5 per cell at most (its edges are long and straight); buildings every ≤ 2 m.
  const kl = Math.min(k, 5);
  const fineLc = fineGrid(g, kl);
  const lcArea = accumulateLandCover(t, g, kl, fineLc, fineLc.cellSizeM * fineLc.cellSizeM);
  accumulateRoads(t, g, p, m, options.linkFlowVehPerDay ?? null, options.pavementFrom ?? null);
  composeGround(g, m, lcArea);
  return m;
}

function accumulateBuildings(t: Territory, g: CellGrid, k: number, fine: Grid, fineArea: number, m: CellMorphology, power: ArrayLike<number> | null, people: ArrayLike<number> | null): void {
  const b = t.buildings;
  if (power && power.length !== b.count) throw new HeatInputError(`buildingPowerW has ${power.length} values for ${b.count} buildings`);
  if (people && people.length !== b.count) throw new HeatInputError(`buildingInhabitants has ${people.length} values for ${b.count} buildings`);
  const n = g.width * g.height;
  const stamp = new Int32Array(n).fill(-1);
  const slot = new Int32Array(n);
  let cells = new Int32Array(1024);
  let areas = new Float64Array(1024);
  let count = 0;
  const fp = b.footprint;
  let maxV = 0;
  for (let i = 0; i < b.count; i++) maxV = Math.max(maxV, fp.ringVertexStart[fp.featureRingStart[i + 1]] - fp.ringVertexStart[fp.featureRingStart[i]]);
  const xs = new Float64Array(maxV + 2);
  const c2 = [0, 0];
  let current = 0;
  const fill = (row: number, c0: number, c1: number): void => {
    const base = ((row / k) | 0) * g.width;
    let c = c0;
    while (c < c1) {
      const cc = (c / k) | 0;
      const end = Math.min(c1, (cc + 1) * k);
      const cell = base + cc;
      if (stamp[cell] !== current) {
        if (count === cells.length) {
          cells = Int32Array.from({ length: 2 * count }, (_, j) => (j < count ? cells[j] : 0));
          areas = Float64Array.from({ length: 2 * count }, (_, j) => (j < count ? areas[j] : 0));
        }
        stamp[cell] = current;
        slot[cell] = count;
        cells[count] = cell;
        areas[count++] = 0;
      }
      areas[slot[cell]] += (end - c) * fineArea;
      c = end;
    }
  };
  for (let i = 0; i < b.count; i++) {
    const h = b.heightM[i];
    if (!(h > 0) || !Number.isFinite(h)) throw new HeatInputError(`building ${b.sourceId[i]} (index ${i}): heightM must be a positive number of metres, got ${h}`);
    const pw = power ? power[i] : NaN;
    if (power && !(pw >= 0 && Number.isFinite(pw))) throw new HeatInputError(`building ${b.sourceId[i]} (index ${i}): buildingPowerW must be a non-negative number of watts, got ${pw}`);
    const floors = Math.max(1, b.floors[i]);
    const areaVec = b.footprintAreaM2[i] > 0 ? b.footprintAreaM2[i] : featureArea(fp, i);
    const P = power ? pw : BUILDING_HEAT_BY_CODE[b.use[i]] * areaVec * floors;
    let inh: number;
    if (people) {
      inh = people[i];
      if (!(inh >= 0 && Number.isFinite(inh))) throw new HeatInputError(`building ${b.sourceId[i]} (index ${i}): buildingInhabitants must be a non-negative number, got ${inh}`);
    } else inh = Number.isFinite(b.inhabitants[i]) ? b.inhabitants[i] : 0;
    const use = b.use[i];
    count = 0;
    current = i;
    scanFeature(fp, i, fine, xs, fill);
    let total = 0;
    for (let j = 0; j < count; j++) total += areas[j];
    if (total === 0) {
      featureCentroid(fp, i, c2);
      const c = cellOf(g, c2[0], c2[1]);
      if (c < 0) {
        m.buildingsOutside++;
        continue;
      }
      m.smallBuildings++;
      cells[0] = c;
      areas[0] = areaVec;
      count = 1;
      total = areaVec;
    }
    for (let j = 0; j < count; j++) {
      const c = cells[j];
      const a = areas[j];
      const w = a / total;
      m.buildingM2[c] += a;
      m.heightAreaM3[c] += a * h;
      m.height2AreaM4[c] += a * h * h;
      m.floorsAreaM2[c] += a * floors;
      if (use === 1 || use === 2) m.residentialUseM2[c] += a;
      else if (use === 3 || use === 5) m.lowRiseUseM2[c] += a;
      m.population[c] += inh * w;
      m.buildingHeatW[c] += P * w;
    }
  }
}

/** Exposed wall area: Σ edge length × height minus party walls (collinear walls of other buildings). */
/**
 * Exposed façade area per cell and party walls depend on the buildings' footprints and heights only: kept per
 * buildings object (territory artefacts are never modified), so runs on the same buildings — demand, traffic or
 * parameter variants — reuse them.
 */
const facadeMemo = new WeakMap<Territory['buildings'], { grid: string; facadeM2: Float64Array; partyWallM2: number }>();

function facadesOf(t: Territory, g: CellGrid, m: CellMorphology): void {
  const grid = `${g.width}|${g.height}|${g.cellSizeM}|${g.originX}|${g.originY}`;
  const hit = facadeMemo.get(t.buildings);
  if (hit && hit.grid === grid) {
    m.facadeM2.set(hit.facadeM2);
    m.partyWallM2 = hit.partyWallM2;
    return;
  }
  accumulateFacades(t, g, m);
  facadeMemo.set(t.buildings, { grid, facadeM2: m.facadeM2.slice(), partyWallM2: m.partyWallM2 });
}

function accumulateFacades(t: Territory, g: CellGrid, m: CellMorphology): void {
  const b = t.buildings;
  const fp = b.footprint;
  const xy = fp.xy;
  const nE = fp.ringVertexStart[fp.featureRingStart[b.count]];
  const e0 = new Int32Array(nE);
  const e1 = new Int32Array(nE);
  const eb = new Int32Array(nE);
  let ne = 0;
  for (let i = 0; i < b.count; i++) {
    for (let r = fp.featureRingStart[i]; r < fp.featureRingStart[i + 1]; r++) {
      const a = fp.ringVertexStart[r];
      const z = fp.ringVertexStart[r + 1];
      for (let v = a, u = z - 1; v < z; u = v++) {
        e0[ne] = u;
        e1[ne] = v;
        eb[ne++] = i;
      }
    }
  }
  if (ne === 0) return;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let v = 0; v < nE; v++) {
    minX = Math.min(minX, xy[2 * v]);
    maxX = Math.max(maxX, xy[2 * v]);
    minY = Math.min(minY, xy[2 * v + 1]);
    maxY = Math.max(maxY, xy[2 * v + 1]);
  }
  // Register every edge in the buckets along its length (points every B/2, grown by the tolerance), so only
  // edges close to the same line meet.
  const B = Math.max(10, Math.ceil(Math.max(maxX - minX, maxY - minY) / 4000));
  const tol = PARTY_WALL_TOLERANCE_M;
  const nx = Math.max(1, Math.ceil((maxX - minX + 2 * tol) / B) + 1);
  const ny = Math.max(1, Math.ceil((maxY - minY + 2 * tol) / B) + 1);
  let pb = new Int32Array(4 * ne + 16);
  let np = 0;
  const edgeStart = new Uint32Array(ne + 1);
  for (let e = 0; e < ne; e++) {
    const ax = xy[2 * e0[e]];
    const ay = xy[2 * e0[e] + 1];
    const dx = xy[2 * e1[e]] - ax;
    const dy = xy[2 * e1[e] + 1] - ay;
    const steps = Math.ceil(dmath.hypot(dx, dy) / (B / 2));
    const first = np;
    for (let s = 0; s <= steps; s++) {
      const x = ax + (dx * s) / Math.max(1, steps) - minX;
      const y = ay + (dy * s) / Math.max(1, steps) - minY;
      for (let by = Math.floor((y - tol) / B); by <= Math.floor((y + tol) / B); by++) {
        for (let bx = Math.floor((x - tol) / B); bx <= Math.floor((x + tol) / B); bx++) {
          if (bx < 0 || by < 0 || bx >= nx || by >= ny) continue;
          const c = by * nx + bx;
          let dup = false;
          for (let q = Math.max(first, np - 8); q < np; q++) if (pb[q] === c) dup = true;
          if (dup) continue;
          if (np === pb.length) {
            const grown = new Int32Array(2 * pb.length);
            grown.set(pb);
            pb = grown;
          }
          pb[np++] = c;
        }
      }
    }
    edgeStart[e + 1] = np;
  }
  const start = new Uint32Array(nx * ny + 1);
  for (let q = 0; q < np; q++) start[pb[q] + 1]++;
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const pos = start.slice(0, nx * ny);
  const items = new Int32Array(np);
  for (let e = 0; e < ne; e++) for (let q = edgeStart[e]; q < edgeStart[e + 1]; q++) items[pos[pb[q]]++] = e;
  const seen = new Int32Array(ne).fill(-1);
  for (let e = 0; e < ne; e++) {
    const ax = xy[2 * e0[e]];
    const ay = xy[2 * e0[e] + 1];
    const bx = xy[2 * e1[e]];
    const by = xy[2 * e1[e] + 1];
    const L = dmath.hypot(bx - ax, by - ay);
    if (!(L > 1e-9)) continue;
    const ux = (bx - ax) / L;
    const uy = (by - ay) / L;
    const h = b.heightM[eb[e]];
    let exposed = L * h;
    for (let r = edgeStart[e]; r < edgeStart[e + 1]; r++) {
      const c = pb[r];
      for (let q = start[c]; q < start[c + 1]; q++) {
        const f = items[q];
        if (seen[f] === e || eb[f] === eb[e]) continue;
        seen[f] = e;
        const fx0 = xy[2 * e0[f]] - ax;
        const fy0 = xy[2 * e0[f] + 1] - ay;
        const fx1 = xy[2 * e1[f]] - ax;
        const fy1 = xy[2 * e1[f] + 1] - ay;
        if (Math.abs(fx0 * uy - fy0 * ux) > tol || Math.abs(fx1 * uy - fy1 * ux) > tol) continue;
        const t0 = fx0 * ux + fy0 * uy;
        const t1 = fx1 * ux + fy1 * uy;
        const ov = Math.min(L, Math.max(t0, t1)) - Math.max(0, Math.min(t0, t1));
        if (ov > 1e-6) exposed -= ov * Math.min(h, b.heightM[eb[f]]);
      }
    }
    exposed = Math.max(0, exposed);
    m.partyWallM2 += L * h - exposed;
    depositAlong(g, ax, ay, bx, by, exposed, m.facadeM2);
  }
}

/** Area of each land-cover class per cell (m², overlaps not yet resolved). */
function accumulateLandCover(t: Territory, g: CellGrid, k: number, fine: Grid, fineArea: number): Float64Array[] {
  const lc = t.landCover;
  const n = g.width * g.height;
  const out = LAND_COVERS.map(() => new Float64Array(n));
  const poly = lc.geometry;
  let maxV = 0;
  for (let i = 0; i < lc.count; i++) maxV = Math.max(maxV, poly.ringVertexStart[poly.featureRingStart[i + 1]] - poly.ringVertexStart[poly.featureRingStart[i]]);
  const xs = new Float64Array(maxV + 2);
  let target = out[0];
  const fill = (row: number, c0: number, c1: number): void => {
    const base = ((row / k) | 0) * g.width;
    let c = c0;
    while (c < c1) {
      const cc = (c / k) | 0;
      const end = Math.min(c1, (cc + 1) * k);
      target[base + cc] += (end - c) * fineArea;
      c = end;
    }
  };
  for (let i = 0; i < lc.count; i++) {
    const cover = lc.cover[i];
    if (cover >= LAND_COVERS.length) throw new HeatInputError(`land cover ${lc.sourceId[i]} (index ${i}): cover code ${cover} is not one of ${LAND_COVERS.join(', ')}`);
    if (!COVER_BY_CODE[cover]) continue;
    target = out[cover];
    scanFeature(poly, i, fine, xs, fill);
  }
  return out;
}

/** Paved area (lanes × lane width + sidewalks) and traffic heat along every road segment. */
function accumulateRoads(t: Territory, g: CellGrid, p: HeatParams, m: CellMorphology, flows: ArrayLike<number> | null, pavement: RoadNetwork | null): void {
  const r = t.roads;
  if (flows && flows.length !== r.linkCount) throw new HeatInputError(`linkFlowVehPerDay has ${flows.length} values for ${r.linkCount} road links`);
  const lanes = new Float64Array(r.segmentCount);
  const cls = new Int16Array(r.segmentCount).fill(-1);
  const flow = new Float64Array(r.segmentCount);
  for (let a = 0; a < r.linkCount; a++) {
    const s = r.linkSegment[a];
    lanes[s] += r.lanes[a];
    if (cls[s] < 0) cls[s] = r.roadClass[a];
    const f = flows ? flows[a] : (PEAK_VC_BY_CODE[r.roadClass[a]] * r.capacityVehH[a]) / DESIGN_HOUR_FACTOR;
    if (!(f >= 0) || !Number.isFinite(f)) throw new HeatInputError(`road link ${a} (segment ${r.segmentSourceId[s] ?? s}): linkFlowVehPerDay must be a non-negative number of vehicles per day, got ${f}`);
    flow[s] += f;
  }
  if (pavement) {
    if (pavement.segmentCount > r.segmentCount) throw new HeatInputError(`pavementFrom has ${pavement.segmentCount} road segments, more than the territory's ${r.segmentCount}: it must be the same network before edits`);
    const shared = pavement.segmentCount;
    lanes.fill(0, 0, shared);
    cls.fill(-1, 0, shared);
    for (let a = 0; a < pavement.linkCount; a++) {
      const s = pavement.linkSegment[a];
      lanes[s] += pavement.lanes[a];
      if (cls[s] < 0) cls[s] = pavement.roadClass[a];
    }
  }
  const geom = r.segmentGeometry;
  for (let s = 0; s < r.segmentCount; s++) {
    if (cls[s] < 0) continue;
    const width = lanes[s] * p.laneWidthM + (NO_SIDEWALK.has(ROAD_CLASSES[cls[s]]) ? 0 : 2 * p.sidewalkWidthM);
    const a = geom.lineVertexStart[s];
    const z = geom.lineVertexStart[s + 1];
    for (let v = a; v + 1 < z; v++) {
      const x0 = geom.xy[2 * v];
      const y0 = geom.xy[2 * v + 1];
      const x1 = geom.xy[2 * v + 2];
      const y1 = geom.xy[2 * v + 3];
      const L = dmath.hypot(x1 - x0, y1 - y0);
      depositAlong(g, x0, y0, x1, y1, width * L, m.roadM2, m.trafficVehMPerDay, flow[s] * L);
    }
  }
}

/** Resolves overlaps per cell: building, then land cover (scaled into the open ground), then road, then unclassified. */
function composeGround(g: CellGrid, m: CellMorphology, lcArea: Float64Array[]): void {
  const cellArea = g.cellSizeM * g.cellSizeM;
  const n = g.width * g.height;
  const U = UNCLASSIFIED_GROUND;
  for (let c = 0; c < n; c++) {
    if (m.buildingM2[c] > cellArea) m.buildingM2[c] = cellArea;
    const open = cellArea - m.buildingM2[c];
    let lcSum = 0;
    for (let k = 0; k < lcArea.length; k++) lcSum += lcArea[k][c];
    const s = lcSum > open ? open / lcSum : 1;
    for (let k = 0; k < lcArea.length; k++) {
      const comp = COVER_BY_CODE[k];
      const a = lcArea[k][c] * s;
      if (!comp || a === 0) continue;
      m.imperviousM2[c] += a * comp.impervious;
      m.lowVegetationM2[c] += a * comp.lowVegetation;
      m.waterM2[c] += a * comp.water;
      m.bareM2[c] += a * comp.bare;
      m.canopyM2[c] += a * comp.canopy;
      if (comp.coolingIsland) m.coolingIslandM2[c] += a;
      if (LAND_COVERS[k] === 'vegetation' || LAND_COVERS[k] === 'forest') m.parkM2[c] += a;
    }
    let rest = Math.max(0, open - lcSum * s);
    const road = Math.min(m.roadM2[c], rest);
    m.imperviousM2[c] += road;
    rest -= road;
    m.imperviousM2[c] += rest * U.impervious;
    m.lowVegetationM2[c] += rest * U.lowVegetation;
    m.waterM2[c] += rest * U.water;
    m.bareM2[c] += rest * U.bare;
    m.canopyM2[c] += rest * U.canopy;
  }
}
