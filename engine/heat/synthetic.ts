/**
 * Synthetic territories for the heat model's tests and benchmarks (no data/ dependency): buildings, land cover
 * and roads given directly in the local frame (Lambert-93 near Rennes), and an engine-only preparation that
 * rasterises the DSM nested in the heat grid. Deterministic.
 */
import { createGrid } from '../raster/grid.ts';
import { rasterizeBuildings } from '../raster/rasterize.ts';
import { buildingsFromRings } from '../raster/synthetic.ts';
import { BUILDING_USES, LAND_COVERS, ROAD_CLASSES, featureArea, type BuildingUse, type LandCover, type Polygons, type RoadClass, type Territory } from '../territory.ts';
import type { CellGrid } from './morphology.ts';
import { prepareHeatInputs, type HeatInputs, type PrepareHeatOptions } from './prepare.ts';

export interface SyntheticBuilding {
  rings: number[][];
  heightM: number;
  floors?: number;
  use?: BuildingUse;
  inhabitants?: number;
}
export interface SyntheticRoad {
  line: number[];
  roadClass: RoadClass;
  /** Lanes per direction; two-way unless oneWay. */
  lanes?: number;
  oneWay?: boolean;
  capacityPerLaneVehH?: number;
}

function polygons(features: number[][][]): Polygons {
  const frs = [0];
  const rvs = [0];
  const xy: number[] = [];
  for (const rings of features) {
    for (const r of rings) {
      xy.push(...r);
      rvs.push(xy.length / 2);
    }
    frs.push(rvs.length - 1);
  }
  return { featureRingStart: Uint32Array.from(frs), ringVertexStart: Uint32Array.from(rvs), xy: Float64Array.from(xy) };
}

/** A territory holding only the given buildings, land cover and roads (frame: Lambert-93 near Rennes). */
export function syntheticTerritory(buildings: SyntheticBuilding[], landCover: Array<{ rings: number[][]; cover: LandCover }> = [], roads: SyntheticRoad[] = []): Territory {
  const b = buildingsFromRings(buildings.map((x) => x.rings), buildings.map((x) => x.heightM));
  buildings.forEach((x, i) => {
    b.floors[i] = x.floors ?? Math.max(1, Math.round(x.heightM / 3));
    b.use[i] = BUILDING_USES.indexOf(x.use ?? 'residential');
    b.inhabitants[i] = x.inhabitants ?? 0;
    b.footprintAreaM2[i] = featureArea(b.footprint, i);
  });
  const lc = polygons(landCover.map((l) => l.rings));
  const linkFrom: number[] = [];
  const linkSegment: number[] = [];
  const lanes: number[] = [];
  const cap: number[] = [];
  const cls: number[] = [];
  const lvs = [0];
  const lxy: number[] = [];
  roads.forEach((r, s) => {
    lxy.push(...r.line);
    lvs.push(lxy.length / 2);
    for (let d = 0; d < (r.oneWay ? 1 : 2); d++) {
      linkFrom.push(0);
      linkSegment.push(s);
      lanes.push(r.lanes ?? 1);
      cap.push((r.lanes ?? 1) * (r.capacityPerLaneVehH ?? 600));
      cls.push(ROAD_CLASSES.indexOf(r.roadClass));
    }
  });
  const L = linkFrom.length;
  return {
    name: 'synthetic',
    synthetic: true,
    frame: { sourceCrs: 'EPSG:2154', planeCrs: 'EPSG:2154', planeProj4: '', originX: 352000, originY: 6789000, originLon: -1.6785, originLat: 48.1086, originHeightM: 0 },
    datasets: [],
    rules: [],
    buildings: b,
    roads: {
      nodeCount: 0, nodeXY: new Float64Array(0), linkCount: L, linkFrom: Uint32Array.from(linkFrom), linkTo: Uint32Array.from(linkFrom), linkSegment: Uint32Array.from(linkSegment), linkReversed: new Uint8Array(L), lengthM: new Float32Array(L),
      lanes: Uint8Array.from(lanes), lanesRule: new Uint8Array(L), capacityVehH: Float32Array.from(cap), freeSpeedKmh: new Float32Array(L).fill(50), speedRule: new Uint8Array(L), roadClass: Uint8Array.from(cls),
      segmentCount: roads.length, segmentGeometry: { lineVertexStart: Uint32Array.from(lvs), xy: Float64Array.from(lxy) }, segmentSourceId: roads.map((_, i) => `r${i}`), segmentName: roads.map(() => ''), segmentDataset: new Uint16Array(roads.length),
    },
    population: { count: 0, geometry: polygons([]), sourceId: [], dataset: new Uint16Array(0), inhabitants: new Float64Array(0), households: new Float64Array(0), ageBands: [], ageCounts: new Float64Array(0) },
    landCover: { count: landCover.length, geometry: lc, sourceId: landCover.map((_, i) => `lc${i}`), dataset: new Uint16Array(landCover.length), cover: Uint8Array.from(landCover.map((l) => LAND_COVERS.indexOf(l.cover))), detail: landCover.map(() => '') },
    equipment: { count: 0, xy: new Float64Array(0), sourceId: [], dataset: new Uint16Array(0), kind: new Uint8Array(0), name: [], capacity: new Float32Array(0), capacityRule: new Uint8Array(0) },
  };
}

/** Heat grid covering local [x0, y0, x1, y1] (multiples of the cell size) and the nested DSM, then the inputs. */
export function prepareSynthetic(t: Territory, bounds: [number, number, number, number], cellSizeM: number, subdivision: number, options: Omit<PrepareHeatOptions, 'grid' | 'dsm' | 'dsmBuildingId' | 'date'> & { date?: string } = {}): HeatInputs {
  const [x0, y0, x1, y1] = bounds;
  const grid: CellGrid = { width: Math.round((x1 - x0) / cellSizeM), height: Math.round((y1 - y0) / cellSizeM), cellSizeM, originX: x0, originY: y1 };
  const dsm = createGrid(grid.width * subdivision, grid.height * subdivision, cellSizeM / subdivision, x0, y1);
  const raster = rasterizeBuildings(t.buildings, dsm);
  return prepareHeatInputs(t, { ...options, grid, dsm, dsmBuildingId: raster.buildingId, date: options.date ?? '2025-07-15' });
}

/** Counter-clockwise rectangle ring. */
export const rect = (x0: number, y0: number, w: number, h: number): number[] => [x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h];
