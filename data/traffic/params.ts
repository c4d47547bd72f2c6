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
  exchangeShare: {
    type: 'number', value: D.exchangeShare, min: 0, max: 5, unit: 'veh trips per resident veh trip',
    description:
      'Exchange car trips per day (one end inside the territory, one at a gateway: a main road reaching its edge) per daily car trip of the residents inside it; ' +
      'split among gateways by road capacity; 0 switches exchange traffic off',
    source:
      'INSEE Analyses Occitanie n° 77 (2019, census 2016): 13 100 workers come into Rodez Agglomération daily, ≈ 6 000 of its ≈ 24 000 employed residents work outside ' +
      '(more than 13 jobs per 10 employed residents) → ≈ 38 000 commuting trips/day, ≈ 34 000 by car (90 %, assumption) against ≈ 74 000 residents\' car trips/day in this model (≈ 55 000 inhabitants): 0.46 for commuting; ' +
      'other purposes of a préfecture (shops with a 175 000-person catchment, health, administration, studies) assumed to add as much: 0.9',
  },
  exchangeInboundShare: {
    type: 'number', value: D.exchangeInboundShare, min: 0, max: 1, unit: 'fraction',
    description: 'Share of the exchange trips made by people living outside (their inside end attracted like the residents\' non-home ends); the rest are residents going out (inside end at home)',
    source: 'INSEE Analyses Occitanie n° 77 (2019): 13 100 in-commuters against ≈ 6 000 out-commuters for Rodez Agglomération → 0.7',
  },
  throughShare: {
    type: 'number', value: D.throughShare, min: 0, max: 0.5, unit: 'fraction',
    description: 'Through traffic in the peak hour as a share of the gateways\' road capacity per direction; trips between gateways more than gatewayMergeM apart in proportion to the product of their capacities (in at one, out at the other); 0 switches through traffic off',
    source:
      'assumption of this project, of the order measured on the Rodez ring road (RN88): ≈ 35 000 vehicles/day of which less than 10 % through traffic ' +
      '(DREAL Occitanie, public consultation on the RN88 in Rodez, 2017, reported by Centre Presse Aveyron 14/12/2017)',
  },
  gatewayMarginM: {
    type: 'number', value: D.gatewayMarginM, min: 0, max: 5000, unit: 'm',
    description: 'A dead end of a motorway, trunk, primary or secondary road is a gateway when it lies outside the box of the buildings and population cells, or inside it within this distance of its edge',
    source: 'one INSEE Filosofi cell (200 m), the precision of the population\'s extent',
  },
  gatewayMergeM: {
    type: 'number', value: D.gatewayMergeM, min: 0, max: 5000, unit: 'm',
    description: 'A one-way road end is joined to the nearest one-way end of the same class running the other way within this distance (the two carriageways of a dual carriageway); gateways closer than this exchange no through trips',
    source: 'choice of this project: the ends of the two carriageways of the dual carriageways in the Rodez BD TOPO extract lie 10 to 460 m apart (N88 south-west, RN 140, N88 north-east)',
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
