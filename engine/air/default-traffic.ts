/**
 * Default traffic load when no assignment or counts are available: typical daily flows by road class.
 *
 * Source: European Commission Working Group Assessment of Exposure to Noise (WG-AEN), "Good Practice Guide for
 * Strategic Noise Mapping", version 2 (2007), Toolkit 2, tool "no traffic flow data available", as transcribed in
 * the GeoClimate project (orbisgis/geoclimate, roadTrafficParams.json): vehicles per period (day 12 h, evening
 * 4 h, night 8 h) and heavy-vehicle shares per period for seven road types, with the OSM highway mapping
 * motorway → Motorway, trunk → Trunk roads, primary → Main roads, secondary → Small main roads,
 * tertiary → Collecting roads, residential → Service roads, service → Dead-end roads. Classes without a mapping
 * here: pedestrian ways carry no cars; unknown roads get the Service-roads value.
 *
 * The figures are totals for a road (both directions). As in GeoClimate, each directed link carries half of it —
 * a two-way road's two links share it, and a one-way road gets half of a two-way road of its class. Speeds are the
 * links' free-flow speeds (no congestion). These are coarse orders of magnitude: every output built on them is
 * labelled "default traffic".
 */
import { ROAD_CLASSES, type RoadClass, type RoadNetwork } from '../territory.ts';
import type { TrafficLoad } from './emissions.ts';

interface PeriodFlows {
  day: number;
  evening: number;
  night: number;
  heavyDay: number;
  heavyEvening: number;
  heavyNight: number;
}

/** WG-AEN Toolkit 2 default flows per road type (vehicles per period, heavy shares per period). */
export const WG_AEN_ROAD_TYPES: Record<string, PeriodFlows> = {
  Motorway: { day: 26103, evening: 7458, night: 3729, heavyDay: 0.25, heavyEvening: 0.35, heavyNight: 0.45 },
  'Trunk roads': { day: 17936, evening: 3826, night: 2152, heavyDay: 0.2, heavyEvening: 0.2, heavyNight: 0.2 },
  'Main roads': { day: 7124, evening: 1069, night: 712, heavyDay: 0.2, heavyEvening: 0.15, heavyNight: 0.1 },
  'Small main roads': { day: 1400, evening: 400, night: 200, heavyDay: 0.15, heavyEvening: 0.1, heavyNight: 0.05 },
  'Collecting roads': { day: 700, evening: 200, night: 100, heavyDay: 0.1, heavyEvening: 0.06, heavyNight: 0.03 },
  'Service roads': { day: 350, evening: 100, night: 50, heavyDay: 0.05, heavyEvening: 0.02, heavyNight: 0.01 },
  'Dead-end roads': { day: 175, evening: 50, night: 25, heavyDay: 0.02, heavyEvening: 0.01, heavyNight: 0 },
};

export const ROAD_CLASS_TO_WG_AEN: Record<RoadClass, string | null> = {
  motorway: 'Motorway',
  trunk: 'Trunk roads',
  primary: 'Main roads',
  secondary: 'Small main roads',
  tertiary: 'Collecting roads',
  residential: 'Service roads',
  service: 'Dead-end roads',
  pedestrian: null,
  unknown: 'Service roads',
};

export interface DailyTraffic {
  /** Vehicles per day on the road (both directions). */
  aadt: number;
  /** Heavy-vehicle share of the daily flow. */
  heavyShare: number;
}

/** Daily flow and heavy share of a road class (0 vehicles for pedestrian ways). */
export function defaultDailyTraffic(roadClass: RoadClass): DailyTraffic {
  const type = ROAD_CLASS_TO_WG_AEN[roadClass];
  if (type === undefined) throw new Error(`default traffic: unknown road class "${roadClass}"`);
  if (type === null) return { aadt: 0, heavyShare: 0 };
  const p = WG_AEN_ROAD_TYPES[type];
  const aadt = p.day + p.evening + p.night;
  return { aadt, heavyShare: (p.day * p.heavyDay + p.evening * p.heavyEvening + p.night * p.heavyNight) / aadt };
}

export const DEFAULT_TRAFFIC_DESCRIPTION =
  'DEFAULT TRAFFIC: daily flows by road class from the WG-AEN Good Practice Guide v2 (2007) Toolkit 2 defaults (half per directed link), annual-average hour = AADT/24, free-flow speeds; not an assignment';

/** A traffic load for every link of a road network from the road-class defaults (annual-average hour). */
export function defaultTrafficLoad(roads: RoadNetwork): TrafficLoad {
  const n = roads.linkCount;
  const flowVehH = new Float64Array(n);
  const speedKmh = new Float64Array(n);
  const lengthM = new Float64Array(n);
  const heavyShare = new Float64Array(n);
  const byClass = ROAD_CLASSES.map((c) => defaultDailyTraffic(c));
  for (let l = 0; l < n; l++) {
    const d = byClass[roads.roadClass[l]];
    if (!d) throw new Error(`default traffic: link ${l} has road class code ${roads.roadClass[l]}, not in ROAD_CLASSES`);
    const speed = roads.freeSpeedKmh[l];
    lengthM[l] = roads.lengthM[l];
    heavyShare[l] = d.heavyShare;
    // No cars where the network says none can drive (capacity or speed 0).
    if (d.aadt === 0 || !(roads.capacityVehH[l] > 0) || !(speed > 0)) continue;
    flowVehH[l] = d.aadt / 2 / 24;
    speedKmh[l] = speed;
  }
  return { linkCount: n, flowVehH, speedKmh, lengthM, heavyShare, linkSegment: roads.linkSegment, source: { kind: 'default', description: DEFAULT_TRAFFIC_DESCRIPTION } };
}
