/**
 * Default road attributes per functional class, used only where the source gives no value (the link's
 * `lanesRule` / `speedRule` records it).
 *
 * - Capacity per lane (veh/h): the defaults of MATSim's OSM network converter (OsmNetworkReader:
 *   motorway 2000, trunk 2000, primary 1500, secondary 1000, tertiary 600, residential 600,
 *   living_street/service 300), themselves derived from the Highway Capacity Manual orders of magnitude.
 * - Free-flow speed (km/h): French speed limits — Code de la route art. R413-2 (130 motorway, 110 divided
 *   roads, 80 other roads outside built-up areas) and R413-3 (50 in built-up areas); residential streets at
 *   30 km/h as in the "ville 30" zones of French cities (Rennes since 2021); service ways 20 (zone de rencontre,
 *   R110-2); pedestrian ways at walking speed with no car capacity.
 */
import type { RoadClass } from '../engine/territory.ts';

export interface RoadClassDefaults {
  lanesPerDirection: number;
  capacityPerLaneVehH: number;
  speedKmh: number;
}

export const ROAD_CLASS_DEFAULTS: Record<RoadClass, RoadClassDefaults> = {
  motorway: { lanesPerDirection: 2, capacityPerLaneVehH: 2000, speedKmh: 130 },
  trunk: { lanesPerDirection: 2, capacityPerLaneVehH: 2000, speedKmh: 110 },
  primary: { lanesPerDirection: 1, capacityPerLaneVehH: 1500, speedKmh: 80 },
  secondary: { lanesPerDirection: 1, capacityPerLaneVehH: 1000, speedKmh: 50 },
  tertiary: { lanesPerDirection: 1, capacityPerLaneVehH: 600, speedKmh: 50 },
  residential: { lanesPerDirection: 1, capacityPerLaneVehH: 600, speedKmh: 30 },
  service: { lanesPerDirection: 1, capacityPerLaneVehH: 300, speedKmh: 20 },
  pedestrian: { lanesPerDirection: 1, capacityPerLaneVehH: 0, speedKmh: 5 },
  unknown: { lanesPerDirection: 1, capacityPerLaneVehH: 600, speedKmh: 50 },
};

/** Lanes per direction from a source's total lane count (two-way roads split evenly, at least 1 each way). */
export function lanesPerDirection(totalLanes: number, twoWay: boolean): number {
  if (!twoWay) return Math.max(1, Math.round(totalLanes));
  return Math.max(1, Math.floor(totalLanes / 2));
}
