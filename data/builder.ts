/**
 * TerritoryBuilder: the one way importers and the sample generator produce a {@link Territory}. Features are
 * added one at a time in local metres (already validated and reported by the caller); `build()` packs them
 * into typed arrays, builds the road graph and imputes missing attributes with recorded provenance.
 */
import {
  BUILDING_USES,
  CONSTRUCTION_PERIODS,
  EQUIPMENT_KINDS,
  LAND_COVERS,
  ROAD_CLASSES,
  RULE_MEASURED,
  RULE_MISSING,
  type AgeBand,
  type BuildingUse,
  type ConstructionPeriod,
  type Dataset,
  type EquipmentKind,
  type LandCover,
  type LocalFrame,
  type Polygons,
  type ProvenanceRule,
  type RoadClass,
  type Territory,
} from '../engine/territory.ts';
import { F64Buffer, U32Buffer, cleanPolygons } from './geometry.ts';
import type { ImportReport } from './report.ts';
import { imputeBuildings } from './impute.ts';
import { ROAD_CLASS_DEFAULTS, lanesPerDirection } from './road-defaults.ts';

export interface BuildingInput {
  sourceId: string;
  dataset: number;
  /** polygons → rings → flat [x0, y0, x1, y1, …] in local metres. */
  polygons: ArrayLike<number>[][];
  /** Measured height (m, ground → gutter); null/undefined when unknown (the caller reported why). */
  heightM?: number | null;
  /** Measured floors above ground. */
  floors?: number | null;
  use?: BuildingUse;
  /** Provenance rule code of `use` (from {@link TerritoryBuilder.rule}); default measured, or missing if unknown. */
  useRule?: number;
  period?: ConstructionPeriod;
  periodRule?: number;
  dwellings?: number | null;
  inhabitants?: number | null;
  groundZM?: number | null;
}

export type RoadDirection = 'both' | 'forward' | 'backward';

export interface RoadSegmentInput {
  sourceId: string;
  dataset: number;
  /** Flat [x0, y0, …] local metres, in digitising order; ≥ 2 vertices. */
  line: ArrayLike<number>;
  roadClass: RoadClass;
  /** Total lanes over both directions as the source gives it (BD TOPO NB_VOIES, OSM lanes). */
  lanes?: number | null;
  /** Posted speed limit (km/h), when known. */
  speedKmh?: number | null;
  direction: RoadDirection;
  name?: string;
}

export interface PopulationInput {
  sourceId: string;
  dataset: number;
  polygons: ArrayLike<number>[][];
  inhabitants: number;
  households: number;
  /** Aligned with the builder's age bands (NaN when unknown). */
  ageCounts?: ArrayLike<number>;
}

export interface LandCoverInput {
  sourceId: string;
  dataset: number;
  polygons: ArrayLike<number>[][];
  cover: LandCover;
  detail?: string;
}

export interface EquipmentInput {
  sourceId: string;
  dataset: number;
  x: number;
  y: number;
  kind: EquipmentKind;
  name?: string;
  capacity?: number | null;
  capacityRule?: number;
}

export type AddResult = { ok: true; repairs: string[] } | { ok: false; reason: string };

class PolygonAccumulator {
  readonly featureRingStart = new U32Buffer();
  readonly ringVertexStart = new U32Buffer();
  readonly xy = new F64Buffer();
  count = 0;
  constructor() {
    this.featureRingStart.push(0);
    this.ringVertexStart.push(0);
  }
  /** Appends a cleaned feature; returns null on success or the reason it is invalid. */
  add(polygons: ArrayLike<number>[][]): AddResult {
    const c = cleanPolygons(polygons);
    if (c.invalid) return { ok: false, reason: c.invalid };
    for (const ring of c.rings) {
      for (let i = 0; i < ring.length; i += 2) this.xy.push2(ring[i], ring[i + 1]);
      this.ringVertexStart.push(this.xy.length / 2);
    }
    this.featureRingStart.push(this.ringVertexStart.length - 1);
    this.count++;
    return { ok: true, repairs: c.repairs };
  }
  toPolygons(): Polygons {
    return { featureRingStart: this.featureRingStart.toArray(), ringVertexStart: this.ringVertexStart.toArray(), xy: this.xy.toArray() };
  }
}

const code = <T extends readonly string[]>(list: T, v: string, what: string): number => {
  const i = list.indexOf(v);
  if (i < 0) throw new Error(`unknown ${what} "${v}" (expected one of ${list.join(', ')})`);
  return i;
};

export interface BuildOptions {
  /** Report that receives the imputation summary. */
  report?: ImportReport;
  /** Mean household size for inhabitants from dwellings where no population cell covers a building. */
  householdSize?: number;
}

export class TerritoryBuilder {
  readonly datasets: Dataset[] = [];
  readonly rules: ProvenanceRule[] = [{ id: 'measured', description: 'read from the source data' }];
  ageBands: AgeBand[] = [];

  private readonly bPoly = new PolygonAccumulator();
  private readonly b = {
    sourceId: [] as string[],
    dataset: [] as number[],
    height: [] as number[],
    floors: [] as number[],
    use: [] as number[],
    useRule: [] as number[],
    period: [] as number[],
    periodRule: [] as number[],
    dwellings: [] as number[],
    inhabitants: [] as number[],
    groundZ: [] as number[],
  };
  private readonly seg = {
    geomStart: new U32Buffer(),
    xy: new F64Buffer(),
    sourceId: [] as string[],
    name: [] as string[],
    dataset: [] as number[],
    roadClass: [] as number[],
    lanes: [] as number[],
    speed: [] as number[],
    direction: [] as RoadDirection[],
  };
  private readonly pPoly = new PolygonAccumulator();
  private readonly p = { sourceId: [] as string[], dataset: [] as number[], inhabitants: [] as number[], households: [] as number[], age: [] as number[] };
  private readonly lPoly = new PolygonAccumulator();
  private readonly l = { sourceId: [] as string[], dataset: [] as number[], cover: [] as number[], detail: [] as string[] };
  private readonly e = { xy: new F64Buffer(), sourceId: [] as string[], dataset: [] as number[], kind: [] as number[], name: [] as string[], capacity: [] as number[], capacityRule: [] as number[] };

  constructor(
    readonly name: string,
    readonly frame: LocalFrame,
  ) {
    this.seg.geomStart.push(0);
  }

  addDataset(d: Dataset): number {
    const existing = this.datasets.findIndex((x) => x.id === d.id);
    if (existing >= 0) return existing;
    this.datasets.push(d);
    return this.datasets.length - 1;
  }

  /** Registers (or finds) a provenance rule and returns its code. */
  rule(id: string, description: string): number {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i >= 0) return i;
    if (this.rules.length >= RULE_MISSING) throw new Error('too many provenance rules');
    this.rules.push({ id, description });
    return this.rules.length - 1;
  }

  get buildingCount(): number {
    return this.bPoly.count;
  }
  get segmentCount(): number {
    return this.seg.sourceId.length;
  }

  addBuilding(f: BuildingInput): AddResult {
    const r = this.bPoly.add(f.polygons);
    if (!r.ok) return r;
    const b = this.b;
    b.sourceId.push(f.sourceId);
    b.dataset.push(f.dataset);
    b.height.push(f.heightM != null && Number.isFinite(f.heightM) && f.heightM > 0 ? f.heightM : NaN);
    b.floors.push(f.floors != null && Number.isFinite(f.floors) && f.floors >= 1 ? Math.round(f.floors) : NaN);
    const use = f.use ?? 'unknown';
    b.use.push(code(BUILDING_USES, use, 'building use'));
    b.useRule.push(f.useRule ?? (use === 'unknown' ? RULE_MISSING : RULE_MEASURED));
    const period = f.period ?? 'unknown';
    b.period.push(code(CONSTRUCTION_PERIODS, period, 'construction period'));
    b.periodRule.push(f.periodRule ?? (period === 'unknown' ? RULE_MISSING : RULE_MEASURED));
    b.dwellings.push(f.dwellings != null && Number.isFinite(f.dwellings) && f.dwellings >= 0 ? f.dwellings : NaN);
    b.inhabitants.push(f.inhabitants != null && Number.isFinite(f.inhabitants) && f.inhabitants >= 0 ? f.inhabitants : NaN);
    b.groundZ.push(f.groundZM != null && Number.isFinite(f.groundZM) ? f.groundZM : NaN);
    return r;
  }

  addRoadSegment(f: RoadSegmentInput): AddResult {
    const line = f.line;
    const n = Math.floor(line.length / 2);
    let kept = 0;
    let lastX = NaN;
    let lastY = NaN;
    const pts: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = line[2 * i];
      const y = line[2 * i + 1];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return { ok: false, reason: 'non-finite coordinate' };
      if (x === lastX && y === lastY) continue;
      pts.push(x, y);
      lastX = x;
      lastY = y;
      kept++;
    }
    if (kept < 2) return { ok: false, reason: 'fewer than 2 distinct vertices' };
    for (let i = 0; i < pts.length; i += 2) this.seg.xy.push2(pts[i], pts[i + 1]);
    this.seg.geomStart.push(this.seg.xy.length / 2);
    const s = this.seg;
    s.sourceId.push(f.sourceId);
    s.name.push(f.name ?? '');
    s.dataset.push(f.dataset);
    s.roadClass.push(code(ROAD_CLASSES, f.roadClass, 'road class'));
    s.lanes.push(f.lanes != null && Number.isFinite(f.lanes) && f.lanes >= 1 ? Math.round(f.lanes) : NaN);
    s.speed.push(f.speedKmh != null && Number.isFinite(f.speedKmh) && f.speedKmh > 0 ? f.speedKmh : NaN);
    s.direction.push(f.direction);
    return { ok: true, repairs: kept < n ? ['repeated vertex removed'] : [] };
  }

  setAgeBands(bands: AgeBand[]): void {
    if (this.p.sourceId.length) throw new Error('age bands must be set before adding population cells');
    this.ageBands = bands;
  }

  addPopulation(f: PopulationInput): AddResult {
    const r = this.pPoly.add(f.polygons);
    if (!r.ok) return r;
    this.p.sourceId.push(f.sourceId);
    this.p.dataset.push(f.dataset);
    this.p.inhabitants.push(f.inhabitants);
    this.p.households.push(f.households);
    for (let k = 0; k < this.ageBands.length; k++) this.p.age.push(f.ageCounts ? f.ageCounts[k] : NaN);
    return r;
  }

  addLandCover(f: LandCoverInput): AddResult {
    const r = this.lPoly.add(f.polygons);
    if (!r.ok) return r;
    this.l.sourceId.push(f.sourceId);
    this.l.dataset.push(f.dataset);
    this.l.cover.push(code(LAND_COVERS, f.cover, 'land cover'));
    this.l.detail.push(f.detail ?? '');
    return r;
  }

  addEquipment(f: EquipmentInput): AddResult {
    if (!Number.isFinite(f.x) || !Number.isFinite(f.y)) return { ok: false, reason: 'non-finite coordinate' };
    const e = this.e;
    e.xy.push2(f.x, f.y);
    e.sourceId.push(f.sourceId);
    e.dataset.push(f.dataset);
    e.kind.push(code(EQUIPMENT_KINDS, f.kind, 'equipment kind'));
    e.name.push(f.name ?? '');
    const cap = f.capacity != null && Number.isFinite(f.capacity) && f.capacity >= 0 ? f.capacity : NaN;
    e.capacity.push(cap);
    e.capacityRule.push(f.capacityRule ?? (Number.isNaN(cap) ? RULE_MISSING : RULE_MEASURED));
    return { ok: true, repairs: [] };
  }

  build(opts: BuildOptions = {}): Territory {
    const population = this.buildPopulation();
    const roads = this.buildRoads();
    const b = this.b;
    const n = this.bPoly.count;
    const buildings = {
      count: n,
      footprint: this.bPoly.toPolygons(),
      sourceId: b.sourceId,
      dataset: Uint16Array.from(b.dataset),
      footprintAreaM2: new Float64Array(n),
      heightM: Float32Array.from(b.height),
      heightRule: new Uint8Array(n),
      floors: new Uint16Array(n),
      floorsRule: new Uint8Array(n),
      groundZM: Float32Array.from(b.groundZ),
      use: Uint8Array.from(b.use),
      useRule: Uint8Array.from(b.useRule),
      period: Uint8Array.from(b.period),
      periodRule: Uint8Array.from(b.periodRule),
      dwellings: Float32Array.from(b.dwellings),
      dwellingsRule: new Uint8Array(n),
      inhabitants: Float32Array.from(b.inhabitants),
      inhabitantsRule: new Uint8Array(n),
    };
    const territory: Territory = {
      name: this.name,
      synthetic: this.datasets.some((d) => d.synthetic),
      frame: this.frame,
      datasets: this.datasets,
      rules: this.rules,
      buildings,
      roads,
      population,
      landCover: {
        count: this.lPoly.count,
        geometry: this.lPoly.toPolygons(),
        sourceId: this.l.sourceId,
        dataset: Uint16Array.from(this.l.dataset),
        cover: Uint8Array.from(this.l.cover),
        detail: this.l.detail,
      },
      equipment: {
        count: this.e.sourceId.length,
        xy: this.e.xy.toArray(),
        sourceId: this.e.sourceId,
        dataset: Uint16Array.from(this.e.dataset),
        kind: Uint8Array.from(this.e.kind),
        name: this.e.name,
        capacity: Float32Array.from(this.e.capacity),
        capacityRule: Uint8Array.from(this.e.capacityRule),
      },
    };
    imputeBuildings(territory, Float64Array.from(b.floors), (id, d) => this.rule(id, d), opts);
    return territory;
  }

  private buildPopulation(): Territory['population'] {
    return {
      count: this.pPoly.count,
      geometry: this.pPoly.toPolygons(),
      sourceId: this.p.sourceId,
      dataset: Uint16Array.from(this.p.dataset),
      inhabitants: Float64Array.from(this.p.inhabitants),
      households: Float64Array.from(this.p.households),
      ageBands: this.ageBands,
      ageCounts: Float64Array.from(this.p.age),
    };
  }

  /**
   * Road graph: segment end points are nodes (merged when they coincide to the centimetre); each segment gives
   * one link per allowed direction. Lanes, capacity and free-flow speed come from the source when present,
   * otherwise from the class defaults of {@link ROAD_CLASS_DEFAULTS} (rule recorded per link).
   */
  private buildRoads(): Territory['roads'] {
    const s = this.seg;
    const geomStart = s.geomStart.toArray();
    const xy = s.xy.toArray();
    const nodeIndex = new Map<string, number>();
    const nodeXY = new F64Buffer();
    const nodeOf = (x: number, y: number): number => {
      const key = `${Math.round(x * 100)},${Math.round(y * 100)}`;
      let id = nodeIndex.get(key);
      if (id === undefined) {
        id = nodeIndex.size;
        nodeIndex.set(key, id);
        nodeXY.push2(x, y);
      }
      return id;
    };
    const from: number[] = [];
    const to: number[] = [];
    const segOf: number[] = [];
    const reversed: number[] = [];
    const length: number[] = [];
    const lanes: number[] = [];
    const lanesRule: number[] = [];
    const cap: number[] = [];
    const speed: number[] = [];
    const speedRule: number[] = [];
    const cls: number[] = [];
    const ruleLanes = this.rule('lanes.class-default', 'lanes per direction from the road-class default table (data/road-defaults.ts)');
    const ruleLanesSplit = this.rule('lanes.split-two-way', 'total lanes of a two-way road split evenly between directions (at least 1 each)');
    const ruleSpeed = this.rule('speed.class-default', 'free-flow speed from the road-class default table (data/road-defaults.ts)');
    for (let i = 0; i < s.sourceId.length; i++) {
      const a = geomStart[i];
      const b = geomStart[i + 1];
      let len = 0;
      for (let k = a + 1; k < b; k++) len += Math.hypot(xy[2 * k] - xy[2 * k - 2], xy[2 * k + 1] - xy[2 * k - 1]);
      const n0 = nodeOf(xy[2 * a], xy[2 * a + 1]);
      const n1 = nodeOf(xy[2 * (b - 1)], xy[2 * (b - 1) + 1]);
      const klass = ROAD_CLASSES[s.roadClass[i]];
      const def = ROAD_CLASS_DEFAULTS[klass];
      const twoWay = s.direction[i] === 'both';
      const srcLanes = s.lanes[i];
      const perDir = Number.isNaN(srcLanes) ? def.lanesPerDirection : lanesPerDirection(srcLanes, twoWay);
      const lRule = Number.isNaN(srcLanes) ? ruleLanes : twoWay ? ruleLanesSplit : RULE_MEASURED;
      const v = Number.isNaN(s.speed[i]) ? def.speedKmh : s.speed[i];
      const vRule = Number.isNaN(s.speed[i]) ? ruleSpeed : RULE_MEASURED;
      const dirs: Array<[number, number, number]> = [];
      if (s.direction[i] !== 'backward') dirs.push([n0, n1, 0]);
      if (s.direction[i] !== 'forward') dirs.push([n1, n0, 1]);
      for (const [f, t, rev] of dirs) {
        from.push(f);
        to.push(t);
        segOf.push(i);
        reversed.push(rev);
        length.push(len);
        lanes.push(perDir);
        lanesRule.push(lRule);
        cap.push(perDir * def.capacityPerLaneVehH);
        speed.push(v);
        speedRule.push(vRule);
        cls.push(s.roadClass[i]);
      }
    }
    return {
      nodeCount: nodeIndex.size,
      nodeXY: nodeXY.toArray(),
      linkCount: from.length,
      linkFrom: Uint32Array.from(from),
      linkTo: Uint32Array.from(to),
      linkSegment: Uint32Array.from(segOf),
      linkReversed: Uint8Array.from(reversed),
      lengthM: Float32Array.from(length),
      lanes: Uint8Array.from(lanes),
      lanesRule: Uint8Array.from(lanesRule),
      capacityVehH: Float32Array.from(cap),
      freeSpeedKmh: Float32Array.from(speed),
      speedRule: Uint8Array.from(speedRule),
      roadClass: Uint8Array.from(cls),
      segmentCount: s.sourceId.length,
      segmentGeometry: { lineVertexStart: geomStart, xy },
      segmentSourceId: s.sourceId,
      segmentName: s.name,
      segmentDataset: Uint16Array.from(s.dataset),
    };
  }
}
