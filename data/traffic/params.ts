/**
 * Scenario parameters of the traffic stage (`parameters.traffic` in a scenario), deck.gl `defaultProps` style: type,
 * default, bounds, unit, description and source. Defaults come from engine/traffic/traffic-params.ts (one place);
 * engine/traffic/README.md explains each choice.
 */
import { DEFAULT_TRAFFIC_PARAMS, DEFAULT_TRAFFIC_PARAMS as D, resolveTrafficParams, type TrafficParams } from '../../engine/traffic/traffic-params.ts';

/** One numeric parameter (the shape of scenarios/format/params.ts `ParamSpec` for numbers). */
export interface TrafficParamSpec {
  type: 'number' | 'integer';
  value: number;
  min: number;
  max: number;
  unit?: string;
  description: string;
  source?: string;
}

/** A switch (the shape of scenarios/format/params.ts `ParamSpec` for booleans). */
export interface TrafficSwitchSpec {
  type: 'boolean';
  value: boolean;
  description: string;
}

export const TRAFFIC_PARAMS: Record<keyof TrafficParams, TrafficParamSpec> & { warmStart: TrafficSwitchSpec } = {
  zoneSizeM: {
    type: 'number', value: D.zoneSizeM, min: 0, max: 5000, unit: 'm',
    description: 'Side of the square traffic zones grouping the 200 m population cells; 0 = automatic: the smallest multiple of 200 m giving at most maxZones zones',
    source: 'choice of this project (zones of 1 to 25 Filosofi cells)',
  },
  maxZones: {
    type: 'integer', value: D.maxZones, min: 1, max: 5000, unit: 'zones',
    description: 'Upper bound on the number of zones when zoneSizeM is 0 (the assignment time grows with it)',
    source: 'choice of this project: 350 keeps the metropolis sample (337 zones of 1 km) within 60 s to gap 1e-4 on one core (bench/traffic-territory.ts)',
  },
  tripsPerPersonDay: {
    type: 'number', value: D.tripsPerPersonDay, min: 0, max: 10, unit: 'trips/person/day',
    description: 'Trips per inhabitant per weekday, all modes',
    source: 'Rennes household travel survey (EMD) 2007: 4.0 trips per resident aged 5 or more, Rennes Métropole',
  },
  carShare: {
    type: 'number', value: D.carShare, min: 0, max: 1, unit: 'fraction',
    description: 'Share of trips made by car, drivers and passengers (0.472 = 47.2 %)',
    source: 'Rennes Métropole, mobility survey 2023 (PDU 2020–2030 dashboard): car incl. powered two-wheelers 47.2 % for the metropolis, 31 % for Rennes city',
  },
  carOccupancy: {
    type: 'number', value: D.carOccupancy, min: 1, max: 5, unit: 'persons/car',
    description: 'Persons per car: vehicle trips = car trips / occupancy',
    source: 'ENTD 2008 national travel survey (SOeS/INSEE): about 1.4 persons per car on local weekday trips (all purposes)',
  },
  peakHourFactor: {
    type: 'number', value: D.peakHourFactor, min: 0.01, max: 1, unit: 'fraction',
    description: 'Share of the daily car trips made in the peak hour; daily flows = peak-hour flows / this factor',
    source: 'hourly profiles of French household travel surveys (Certu/Cerema standard): the busiest weekday hour holds about 10 % of the trips',
  },
  workShare: {
    type: 'number', value: D.workShare, min: 0, max: 1, unit: 'fraction',
    description: 'Share of the trip attractions for work, attracted by jobs',
    source: 'Certu-standard survey EDGT La Réunion 2016, destination purposes: work 12.1 % of trips, home 39.1 % → ≈ 20 % of the non-home ends',
  },
  studyShare: {
    type: 'number', value: D.studyShare, min: 0, max: 1, unit: 'fraction',
    description: 'Share of the trip attractions for education, attracted by school places (the rest: shopping, leisure, visits, escort, attracted by inhabitants and jobs)',
    source: 'Certu-standard survey EDGT La Réunion 2016: education 8.9 % of trips → ≈ 15 % of the non-home ends',
  },
  distanceDecayPerKm: {
    type: 'number', value: D.distanceDecayPerKm, min: 0, max: 10, unit: '1/km',
    description: 'β of the gravity deterrence exp(−β·d), d = straight-line distance between zone centroids (intrazonal: mean internal distance); 0 = no decay',
    source: 'Lenormand, Bassolas & Ramasco 2016, J. Transport Geography 51: β = 0.3028 · S^−0.1665 per km (S = mean unit area, km²) fitted on commuting flows, at S = 1 km²',
  },
  accessSpeedKmh: {
    type: 'number', value: D.accessSpeedKmh, min: 1, max: 50, unit: 'km/h',
    description: 'Speed between the activity of a 200 m cell and its road node (connector time = distance / speed)',
    source: 'walking speed, 5 km/h (as the walking catchments of the urban model)',
  },
  bprAlpha: {
    type: 'number', value: D.bprAlpha, min: 0, max: 10,
    description: 'BPR coefficient α of t = t0·(1 + α·(v/c)^β)',
    source: 'Bureau of Public Roads, Traffic Assignment Manual (1964)',
  },
  bprBeta: {
    type: 'number', value: D.bprBeta, min: 0, max: 20,
    description: 'BPR power β of t = t0·(1 + α·(v/c)^β)',
    source: 'Bureau of Public Roads, Traffic Assignment Manual (1964)',
  },
  gap: {
    type: 'number', value: D.gap, min: 1e-10, max: 0.1,
    description: 'Target relative gap (TSTT − SPTT) / TSTT of the user-equilibrium assignment',
    source: '1e-4: link flows stable to well under 1 % (Boyles, Lownes & Unnikrishnan, Transportation Network Analysis, § 6.1)',
  },
  maxIterations: {
    type: 'integer', value: D.maxIterations, min: 1, max: 100000,
    description: 'Iteration limit of the assignment (the run reports the gap reached)',
  },
  warmStart: {
    type: 'boolean', value: false,
    description:
      'Re-runs after an edit start from the previous equilibrium when the network graph is unchanged (several times faster); ' +
      'the flows then depend on the previous run within the gap, so an incremental run no longer hashes like a full run',
  },
};

/** Engine parameters from resolved scenario values (validated again by the engine, errors name the parameter). */
export function trafficParamsFrom(values: Record<string, unknown>): TrafficParams {
  const out: Partial<TrafficParams> = {};
  for (const k of Object.keys(DEFAULT_TRAFFIC_PARAMS) as Array<keyof TrafficParams>) if (typeof values[k] === 'number') out[k] = values[k] as number;
  return resolveTrafficParams(out);
}
