/**
 * Traffic load for annual means from an assignment: the traffic model gives, per directed link, the peak-hour
 * flow with its congested speed and the daily flow (peak-hour flow / peak-hour factor). Annual-mean emissions
 * need the annual-average hour and the speeds vehicles actually drive at over the day:
 *
 *   flow (veh/h)     = flowVehDay × annualDayFactor / 24
 *   congested share  s = min(1, congestedHoursPerDay × flowVehH / flowVehDay)
 *   speeds           the share s at the assigned (congested) peak-hour speed, the rest at the link's free-flow speed
 *
 * i.e. the modelled peak hour stands for `congestedHoursPerDay` hours of the day and the other hours flow freely
 * (default 2, a modelling choice: a weekday has a morning and an evening peak, the evening one taken as loaded as
 * the modelled hour). Emission factors are evaluated at both speeds and mixed by s (./emissions.ts), since
 * they are not linear in speed (a single mean speed would under-state stop-and-go emissions). Setting
 * `congestedHoursPerDay` to 24 puts every vehicle at the congested speed (upper bound); 0 gives free flow all day.
 * `annualDayFactor` converts the modelled day to the annual-average day (AADT / modelled daily flow): 1 takes the
 * model's day as the annual average; counts typically give 0.9–0.95 for a working day in town (set it from local
 * counts). Heavy-vehicle shares are the fleet's default (an assignment of cars carries no truck share).
 *
 * The input is structural (`AssignedFlows`), matching the `traffic.flows` artefact of the scenario pipeline
 * without importing it.
 */
import type { RoadNetwork } from '../territory.ts';
import type { TrafficLoad } from './emissions.ts';

/** Assigned traffic per directed road link (the fields of the pipeline's `RoadLinkFlows` used here). */
export interface AssignedFlows {
  linkCount: number;
  /** Peak-hour flow (veh/h). */
  flowVehH: Float64Array;
  /** Congested speed at the peak-hour flow (km/h). */
  speedKmh: Float64Array;
  /** Daily flow (veh/day). */
  flowVehDay: Float64Array;
  source: { kind: string; description: string };
}

export interface AssignedTrafficOptions {
  /** Hours per day driven at the congested peak-hour speed (0–24). */
  congestedHoursPerDay: number;
  /** Annual-average daily flow / modelled daily flow. */
  annualDayFactor: number;
}

export const DEFAULT_ASSIGNED_TRAFFIC: AssignedTrafficOptions = { congestedHoursPerDay: 2, annualDayFactor: 1 };

/** The annual-average traffic load of assigned flows on `roads` (the network the flows were assigned on). */
export function trafficLoadFromAssignment(roads: RoadNetwork, flows: AssignedFlows, o: AssignedTrafficOptions = DEFAULT_ASSIGNED_TRAFFIC): TrafficLoad {
  const n = roads.linkCount;
  if (flows.linkCount !== n) throw new Error(`assigned flows: ${flows.linkCount} links, the road network ${n} (flows must come from the same network)`);
  for (const [name, a] of [['flowVehH', flows.flowVehH], ['speedKmh', flows.speedKmh], ['flowVehDay', flows.flowVehDay]] as const) {
    if (!a || a.length !== n) throw new Error(`assigned flows: ${name} has ${a ? a.length : 'no'} values for ${n} links`);
  }
  if (!(o.congestedHoursPerDay >= 0 && o.congestedHoursPerDay <= 24)) throw new Error(`assigned flows: congestedHoursPerDay must be in [0, 24], got ${o.congestedHoursPerDay}`);
  if (!(o.annualDayFactor > 0) || !Number.isFinite(o.annualDayFactor)) throw new Error(`assigned flows: annualDayFactor must be a finite number > 0, got ${o.annualDayFactor}`);
  const flowVehH = new Float64Array(n);
  const speedKmh = new Float64Array(n);
  const congestedShare = new Float64Array(n);
  const congestedSpeedKmh = new Float64Array(n);
  const lengthM = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    const peak = flows.flowVehH[l];
    const day = flows.flowVehDay[l];
    const vc = flows.speedKmh[l];
    const vf = roads.freeSpeedKmh[l];
    lengthM[l] = roads.lengthM[l];
    speedKmh[l] = vf;
    congestedSpeedKmh[l] = vc;
    if (!(peak >= 0) || !Number.isFinite(peak)) throw new Error(`assigned flows, link ${l}: flowVehH must be a finite number ≥ 0, got ${peak}`);
    if (!(day >= 0) || !Number.isFinite(day)) throw new Error(`assigned flows, link ${l}: flowVehDay must be a finite number ≥ 0, got ${day}`);
    if (peak > day * (1 + 1e-9)) throw new Error(`assigned flows, link ${l}: the peak-hour flow (${peak} veh/h) exceeds the daily flow (${day} veh/day)`);
    if (day === 0) continue;
    if (!(vc > 0) || !Number.isFinite(vc)) throw new Error(`assigned flows, link ${l}: speedKmh must be a finite number > 0 where vehicles flow, got ${vc}`);
    if (!(vf > 0) || !Number.isFinite(vf)) throw new Error(`assigned flows, link ${l}: the road network's freeSpeedKmh is ${vf} but ${day} veh/day are assigned to it`);
    flowVehH[l] = (day * o.annualDayFactor) / 24;
    congestedShare[l] = Math.min(1, (o.congestedHoursPerDay * peak) / day);
  }
  const description =
    `${flows.source.description}; annual-average hour = daily flow × ${o.annualDayFactor} / 24; ` +
    `${o.congestedHoursPerDay} h/day at the congested peak-hour speed, the rest at free-flow speed; heavy vehicles: fleet default share`;
  return { linkCount: n, flowVehH, speedKmh, lengthM, linkSegment: roads.linkSegment, congestedShare, congestedSpeedKmh, source: { kind: 'assignment', description } };
}
