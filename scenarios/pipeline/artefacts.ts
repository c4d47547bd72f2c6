/**
 * Types of the artefacts the pipeline stages exchange (beyond the territory itself). One definition each, so that
 * a stage producing an artefact and the stages reading it agree.
 *
 *   urban  → `urban.activity`  (per building of `territory.buildings-after`)
 *   traffic → `traffic.flows`  (per road link of `territory.after`)
 */

/** Per-building activity of the scenario state, aligned with the buildings of `territory.buildings-after`. */
export interface UrbanActivity {
  count: number;
  /** Inhabitants (persons) per building. */
  inhabitants: Float64Array;
  /** Jobs per building. */
  jobs: Float64Array;
  /** Annual conventional primary energy demand per building (kWhEP/yr, DPE 2021 / RE2020 conventions: see engine/urban/README.md). */
  energyKWhPerYear: Float64Array;
  /** Centroid of each building (local metres). */
  x: Float64Array;
  y: Float64Array;
}

/** Assigned traffic per directed road link of `territory.after` (links without cars: flow 0, speed = free-flow). */
export interface RoadLinkFlows {
  linkCount: number;
  /** Peak-hour flow (veh/h). */
  flowVehH: Float64Array;
  /** Volume / capacity (0 where the link carries no cars). */
  vc: Float64Array;
  /** Congested speed (km/h) at the assigned flow. */
  speedKmh: Float64Array;
  /** Daily flow (veh/day): the peak-hour flow divided by the peak-hour factor. */
  flowVehDay: Float64Array;
  /** How the flows were obtained (shown in outputs). */
  source: { kind: 'assignment'; description: string };
}
