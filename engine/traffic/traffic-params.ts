/**
 * Parameters of the territory traffic model (demand + assignment), their defaults and their validation. The
 * scenario parameter table (`data/traffic/params.ts`, `TRAFFIC_PARAMS`) takes its default values from here and
 * carries the sources; engine/traffic/README.md explains each choice.
 */

export interface TrafficParams {
  /** Side of the square traffic zones (m); 0 = automatic (see maxZones). */
  zoneSizeM: number;
  /** Automatic zone size: the smallest multiple of 200 m giving at most this many zones. */
  maxZones: number;
  /** Trips per person per day, all modes. */
  tripsPerPersonDay: number;
  /** Share of trips made by car (drivers and passengers), 0–1. */
  carShare: number;
  /** Persons per car: vehicle trips = car trips / occupancy. */
  carOccupancy: number;
  /** Share of the daily car trips made in the peak hour, 0–1 (daily flow = peak-hour flow / this). */
  peakHourFactor: number;
  /** Share of trip attractions for work (attracted by jobs), 0–1. */
  workShare: number;
  /** Share of trip attractions for education (attracted by school places), 0–1. */
  studyShare: number;
  /** β of the deterrence exp(−β·d) per km (0: no decay with distance). */
  distanceDecayPerKm: number;
  /** Speed between a zone's activity and its road node (km/h), for connector times. */
  accessSpeedKmh: number;
  /** BPR coefficient α (B). */
  bprAlpha: number;
  /** BPR power β. */
  bprBeta: number;
  /**
   * Exchange vehicle trips per day (one end inside, one at a gateway) per daily car vehicle trip of the residents'
   * internal model; 0 switches exchange traffic off.
   */
  exchangeShare: number;
  /** Share of the exchange trips made by people living outside (home end at a gateway), 0–1. */
  exchangeInboundShare: number;
  /** Mean share of the gateways' road capacity per direction taken by through traffic in the peak hour; 0 = none. */
  throughShare: number;
  /** A main-road dead end within this distance inside the edge of the activity box (or outside it) is a gateway (m). */
  gatewayMarginM: number;
  /** A one-way road end joins the opposite one-way end of its class within this distance; closer gateways exchange no through trips (m). */
  gatewayMergeM: number;
  /** Target relative gap of the assignment. */
  gap: number;
  /** Iteration limit of the assignment. */
  maxIterations: number;
}

export const DEFAULT_TRAFFIC_PARAMS: Readonly<TrafficParams> = Object.freeze({
  // Automatic: the smallest multiple of 200 m (the Filosofi cell) giving at most 350 zones. The time of Algorithm B
  // grows with the number of zones (one bush per origin): 350 keeps the metropolis sample (≈ 750 000 inhabitants:
  // 1 000 m, 337 zones) within a minute to 1e-4 on one core (bench/traffic-territory.ts), while a district keeps
  // 200 m zones and a town of 200 000 inhabitants 400 m ones.
  zoneSizeM: 0,
  maxZones: 350,
  // Rennes household travel survey (EMD) 2007: 4.0 trips per resident aged 5+ per weekday (Rennes Métropole).
  tripsPerPersonDay: 4.0,
  // Rennes Métropole, survey "Fréquence+" 2023: car (incl. powered two-wheelers) 47.2 % of trips (31 % for Rennes).
  carShare: 0.472,
  // ENTD 2008 (SOeS): ≈ 1.4 persons per car on local weekday trips, all purposes.
  carOccupancy: 1.4,
  // Household travel surveys (Certu standard) hourly profiles: the busiest hour (17–18 h) holds ≈ 10 % of the
  // weekday trips; traffic counts give the same order for the evening peak hour / AADT on urban roads.
  peakHourFactor: 0.1,
  // Destination purposes of a Certu-standard survey (EDGT La Réunion 2016): work 12.1 %, education 8.9 %,
  // home 39.1 % of trips → of the non-home ends: work ≈ 20 %, education ≈ 15 %, the rest (shopping, leisure,
  // visits, escort) ≈ 65 %.
  workShare: 0.2,
  studyShare: 0.15,
  // Lenormand, Bassolas & Ramasco (2016): β = 0.3028·S^−0.1665 per km fitted on commuting flows between units of
  // mean area S km² (./gravity.ts lenormandBetaPerKm), taken at S = 1 km² for every zoning: intrazonal trips are
  // modelled explicitly here, so the decay stands for trip distances themselves, not for a zoning's inter-unit flows.
  distanceDecayPerKm: 0.3028,
  // Walking speed (5 km/h, the pedestrian speed used for walking catchments in engine/urban).
  accessSpeedKmh: 5,
  // External traffic (./gateways.ts, ./external.ts; sources in data/traffic/params.ts and the README).
  // Exchange: INSEE (Analyses Occitanie n° 77, 2019; RP 2016): 13 100 workers come into Rodez Agglomération daily and
  // ≈ 6 000 residents leave it (≈ 24 000 employed residents, > 13 jobs per 10 of them), i.e. ≈ 38 000 commuting trips
  // a day across its boundary, ≈ 34 000 car trips at 90 % by car (assumption), against ≈ 74 000 car vehicle trips a
  // day of its ≈ 55 000 residents in this model: 0.46 for commuting alone. Other purposes (shopping, health,
  // administration, studies in a préfecture serving a department) are assumed to add as much again: 0.9.
  exchangeShare: 0.9,
  // Same INSEE figures: 13 100 in / (13 100 + ≈ 6 000 out) ≈ 0.7 of the exchange trips are made by non-residents.
  exchangeInboundShare: 0.7,
  // Assumption, checked against the order of magnitude measured on the Rodez ring road (RN88, ≈ 35 000 veh/day, less
  // than 10 % of it through traffic: DREAL Occitanie, concertation 2017): 3 % of the gateways' capacity.
  throughShare: 0.03,
  // One Filosofi cell: the activity box is known to 200 m. The one-way ends of a dual carriageway lie 10 to 460 m
  // apart in the Rodez BD TOPO extract (./gateways.ts).
  gatewayMarginM: 200,
  gatewayMergeM: 500,
  // Bureau of Public Roads (1964).
  bprAlpha: 0.15,
  bprBeta: 4,
  gap: 1e-4,
  maxIterations: 500,
});

const BOUNDS: Record<keyof TrafficParams, [number, number, boolean?]> = {
  zoneSizeM: [0, 20_000],
  maxZones: [1, 100_000, true],
  tripsPerPersonDay: [0, 20],
  carShare: [0, 1],
  carOccupancy: [1, 9],
  peakHourFactor: [0.001, 1],
  workShare: [0, 1],
  studyShare: [0, 1],
  distanceDecayPerKm: [0, 20],
  accessSpeedKmh: [0.5, 130],
  exchangeShare: [0, 10],
  exchangeInboundShare: [0, 1],
  throughShare: [0, 1],
  gatewayMarginM: [0, 20_000],
  gatewayMergeM: [0, 20_000],
  bprAlpha: [0, 10],
  bprBeta: [0, 20],
  gap: [0, 1],
  maxIterations: [0, 1e6, true],
};

export class TrafficParamError extends Error {
  override name = 'TrafficParamError';
}

/** Defaults merged with `values`, validated: an error names the parameter, its value and its range. */
export function resolveTrafficParams(values: Partial<TrafficParams> = {}): TrafficParams {
  const p = { ...DEFAULT_TRAFFIC_PARAMS } as TrafficParams;
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (!(k in BOUNDS)) throw new TrafficParamError(`traffic parameter "${k}" is unknown (known: ${Object.keys(BOUNDS).join(', ')})`);
    (p as unknown as Record<string, number>)[k] = v as number;
  }
  for (const [k, [min, max, integer]] of Object.entries(BOUNDS) as Array<[keyof TrafficParams, [number, number, boolean?]]>) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
      throw new TrafficParamError(`traffic parameter ${k} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${String(v)}`);
  }
  if (p.zoneSizeM > 0 && p.zoneSizeM < 100) throw new TrafficParamError(`traffic parameter zoneSizeM must be 0 (automatic) or at least 100 m, got ${p.zoneSizeM}`);
  if (p.workShare + p.studyShare > 1 + 1e-12) throw new TrafficParamError(`traffic parameters workShare + studyShare must be ≤ 1, got ${p.workShare} + ${p.studyShare}`);
  return p;
}
