/**
 * The work the viewer delegates off the main thread, over one territory: load it from its store (HTTP or any
 * StoreIO), derive render buffers, describe a building, place the sun (NREL SPA), compute sun hours on a DSM,
 * search places, colour buildings by an attribute. Runs in the comlink worker (territory.worker.ts) or in-thread
 * (`{ useWorker: false }`); either way it only forwards to engine/ and data/ functions.
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, EQUIPMENT_KINDS, RULE_MEASURED, RULE_MISSING, type Dataset, type LocalFrame, type ProvenanceRule, type Territory } from '../engine/territory.ts';
import { PolygonGridIndex } from '../engine/spatial.ts';
import { solarPosition, sunVector } from '../engine/solar/spa.ts';
import { FrameTransform } from '../data/frame.ts';
import { territoryInfo, type TerritoryInfo } from '../data/info.ts';
import { readTerritory, type StoreIO } from '../data/store.ts';
import { buildingDetails, type BuildingDetails } from './building-info.ts';
import { groundBuffers, overlayBuffers, type GroundBuffers, type OverlayBuffers } from './buffers.ts';
import { fetchStoreIO } from './fetch-store.ts';
import { BUILDING_COLOR, HEIGHT_BOUNDS, PERIOD_COLORS, PROVENANCE_COLORS, USE_COLORS, YL_OR_RD, buildingSunLegend, classOf, isSunStyle, type BuildingStyle, type Legend } from './styles.ts';
import { STAGES } from '../scenarios/pipeline/stages/index.ts';
import { ScenarioApi, type ScenarioRunHooks } from './scenario-api.ts';
import { baselineScenario } from '../scenarios/format/scenario.ts';
import { ResultLayerError } from './layer-support.ts';
import { LAYER_ARTEFACTS, availableResultLayers, type ResultLayerData, type ResultLayerId, type ResultLayerRequest } from './result-layers.ts';
import { buildResultLayer } from './build-result-layer.ts';
import { SunHoursModel, colorBuildingHours, type BuildingSunHours, type RasterResult, type SunHoursRequest } from './sun-hours.ts';

export { FACADE_ORIENTATIONS, type BuildingSunHours, type RasterResult, type SunHoursRequest } from './sun-hours.ts';

export interface TerritorySummary {
  info: TerritoryInfo;
  frame: LocalFrame;
  datasets: Dataset[];
  rules: ProvenanceRule[];
  /** Named places (public equipment) for the fly-to list. */
  places: Array<{ name: string; kind: string; x: number; y: number }>;
  loadMs: number;
}

export interface SunState {
  unixMs: number;
  azimuthDeg: number;
  elevationDeg: number;
  /** Unit vector towards the sun (east, north, up). */
  vector: [number, number, number];
}

export interface SearchHit {
  kind: 'building' | 'place' | 'coordinates';
  label: string;
  x: number;
  y: number;
  /** Height to frame (m). */
  z: number;
  building?: number;
}

export interface BuildingColors {
  style: BuildingStyle;
  /** RGB per building (index = building). */
  rgb: Uint8Array;
  /** Styles computed for a date (sun hours): the legend, what was computed, and the value per building (NaN = no data). */
  legend?: Legend;
  note?: string;
  values?: Float32Array;
  computeMs?: number;
}

export class TerritoryNotOpenError extends Error {
  override name = 'TerritoryNotOpenError';
}

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export class TerritoryApi {
  private t: Territory | null = null;
  private info: TerritoryInfo | null = null;
  private index: PolygonGridIndex | null = null;
  private sunModel: SunHoursModel | null = null;
  /** Scenarios run through the coupled pipeline on the open territory (workers/scenario-api.ts). */
  readonly scenarios = new ScenarioApi(() => this.territory);

  /** Loads the territory store at `storeUrl` (HTTP) or from a StoreIO. */
  async open(store: string | StoreIO): Promise<TerritorySummary> {
    const t0 = performance.now();
    const io = typeof store === 'string' ? fetchStoreIO(store) : store;
    const { territory, manifest } = await readTerritory(io);
    this.t = territory;
    this.index = null;
    this.sunModel = null;
    this.info = territoryInfo(territory, manifest);
    const e = territory.equipment;
    const places = [];
    for (let i = 0; i < e.count; i++) if (e.name[i]) places.push({ name: e.name[i], kind: EQUIPMENT_KINDS[e.kind[i]] ?? 'other', x: e.xy[2 * i], y: e.xy[2 * i + 1] });
    places.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    return { info: this.info, frame: territory.frame, datasets: territory.datasets, rules: territory.rules, places, loadMs: performance.now() - t0 };
  }

  private get territory(): Territory {
    if (!this.t) throw new TerritoryNotOpenError('no territory is open: call open(storeUrl) first');
    return this.t;
  }

  ground(): GroundBuffers {
    return groundBuffers(this.territory, this.info!.bboxLocal);
  }

  overlays(): OverlayBuffers {
    return overlayBuffers(this.territory);
  }

  building(index: number): BuildingDetails {
    return buildingDetails(this.territory, index);
  }

  /** Index of the building whose footprint contains local point (x, y), or −1. */
  buildingAt(x: number, y: number): number {
    const t = this.territory;
    this.index ??= new PolygonGridIndex(t.buildings.footprint);
    return this.index.find(x, y);
  }

  /** Sun position (NREL SPA) at the territory origin at an instant. */
  sun(unixMs: number): SunState {
    const f = this.territory.frame;
    const p = solarPosition({ unixMs, latitudeDeg: f.originLat, longitudeDeg: f.originLon, elevationM: f.originHeightM });
    const v = sunVector(p.azimuthDeg, p.elevationDeg, [0, 0, 0]) as number[];
    return { unixMs, azimuthDeg: p.azimuthDeg, elevationDeg: p.elevationDeg, vector: [v[0], v[1], v[2]] };
  }

  private get sunHoursModel(): SunHoursModel {
    this.sunModel ??= new SunHoursModel(this.territory, this.info!.bboxLocal);
    return this.sunModel;
  }

  /** Hours of direct sun over a day (engine/raster/sunhours.ts) on a DSM of the territory. */
  sunHours(req: SunHoursRequest): RasterResult {
    return this.sunHoursModel.raster(req);
  }

  /** Mean sun hours per building over a day (roof, façades, façades by orientation); see workers/sun-hours.ts. */
  buildingSunHours(req: SunHoursRequest): BuildingSunHours {
    return this.sunHoursModel.buildings(req);
  }

  /** Buildings by source id, places by name (accents and case ignored), or "lat, lon" in degrees. */
  search(query: string, limit = 10): SearchHit[] {
    const t = this.territory;
    const q = query.trim();
    if (!q) return [];
    const hits: SearchHit[] = [];
    const coords = /^(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)$/.exec(q);
    if (coords) {
      const lat = Number(coords[1]);
      const lon = Number(coords[2]);
      if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        const out = [0, 0];
        new FrameTransform(t.frame, 'EPSG:4326').sourceToLocal(lon, lat, out);
        hits.push({ kind: 'coordinates', label: `${lat}, ${lon} (lat, lon)`, x: out[0], y: out[1], z: 0 });
      }
    }
    const b = t.buildings;
    const exact = b.sourceId.indexOf(q);
    if (exact >= 0) hits.push(this.buildingHit(exact));
    const fq = fold(q);
    for (let i = 0; i < b.count && hits.length < limit; i++) if (i !== exact && fold(b.sourceId[i]).startsWith(fq) && fq.length >= 3) hits.push(this.buildingHit(i));
    const e = t.equipment;
    for (let i = 0; i < e.count && hits.length < limit; i++) if (e.name[i] && fold(e.name[i]).includes(fq)) hits.push({ kind: 'place', label: e.name[i], x: e.xy[2 * i], y: e.xy[2 * i + 1], z: 0 });
    return hits.slice(0, limit);
  }

  private buildingHit(i: number): SearchHit {
    const d = buildingDetails(this.territory, i);
    return { kind: 'building', label: `building ${d.sourceId}`, x: d.centroid[0], y: d.centroid[1], z: d.heightM, building: i };
  }

  /** Model result layers the registered pipeline stages can produce (workers/result-layers.ts). */
  resultLayers(): ResultLayerId[] {
    return availableResultLayers(STAGES);
  }

  /**
   * A model result layer on the baseline (the territory with no intervention), computed by the scenario
   * pipeline — only the stages the layer needs; unchanged stages are reused from earlier requests.
   */
  async resultLayer(req: ResultLayerRequest, hooks: ScenarioRunHooks = {}): Promise<ResultLayerData> {
    const t0 = performance.now();
    if (!this.resultLayers().includes(req.id))
      throw new ResultLayerError(`result layer "${req.id}" is not available: no registered pipeline stage produces ${LAYER_ARTEFACTS[req.id]?.join(', ') ?? 'it'} (scenarios/pipeline/stages/index.ts)`);
    const { artefacts } = await this.scenarios.artefacts(baselineScenario(this.territory), hooks, { targets: LAYER_ARTEFACTS[req.id] });
    return buildResultLayer(req, artefacts, performance.now() - t0);
  }

  /**
   * RGB per building for a colouring style (restyles the tiles without rebuilding them). The sun-hours styles
   * need `sun` (the date, and the window as for `sunHours`).
   */
  buildingColors(style: BuildingStyle, sun?: SunHoursRequest): BuildingColors {
    const b = this.territory.buildings;
    if (isSunStyle(style)) {
      if (!sun?.date) throw new Error(`building style "${style}" needs a date (sun hours are computed for a day)`);
      const h = this.buildingSunHours(sun);
      const values = style === 'sun-facade' ? h.facadeHours : h.roofHours;
      return { style, rgb: colorBuildingHours(values, h.scaleMaxH), legend: buildingSunLegend(style, h.date, h.scaleMaxH), note: h.note, values, computeMs: h.computeMs };
    }
    const rgb = new Uint8Array(b.count * 3);
    for (let i = 0; i < b.count; i++) {
      let c = BUILDING_COLOR;
      if (style === 'use') c = USE_COLORS[BUILDING_USES[b.use[i]]] ?? BUILDING_COLOR;
      else if (style === 'period') c = PERIOD_COLORS[CONSTRUCTION_PERIODS[b.period[i]]] ?? BUILDING_COLOR;
      else if (style === 'height') c = YL_OR_RD[classOf(HEIGHT_BOUNDS, b.heightM[i])];
      else if (style === 'height-provenance') c = b.heightRule[i] === RULE_MEASURED ? PROVENANCE_COLORS.measured : b.heightRule[i] === RULE_MISSING ? PROVENANCE_COLORS.missing : PROVENANCE_COLORS.imputed;
      rgb.set(c, 3 * i);
    }
    return { style, rgb };
  }
}
