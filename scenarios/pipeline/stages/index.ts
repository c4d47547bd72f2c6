/**
 * The stages of the coupled pipeline. Inputs given to a run: `territory` (the baseline) and `interventions`.
 *
 *   territory, interventions → urban → territory.buildings-after, urban.activity
 *   territory.buildings-after → roads → territory.after
 *   territory.after, urban.activity → traffic → traffic.flows
 *   territory.after, traffic.flows, urban.activity → air
 *   territory → heat-before (baseline sky, once);  territory.buildings-after → heat-sky (sky after, once per set of buildings)
 *   territory.after, interventions, traffic.flows, urban.activity, heat.sky → heat
 *   territory → sun-before;  territory.buildings-after → sun-after;  both → sun-indicators
 *
 * Every stage that reports publishes `indicators.<stage>` (Indicator[]) and `files.<stage>` (result files).
 */
import type { Stage } from '../pipeline.ts';
import { urbanStage } from './urban.ts';
import { roadsStage } from './roads.ts';
import { sunAfterStage, sunBeforeStage, sunIndicatorsStage } from './sun.ts';
import { withHeat } from './heat.ts';
import { trafficStage } from './traffic.ts';
import { airStage } from './air.ts';

export const STAGES: Stage[] = withHeat([urbanStage, roadsStage, trafficStage, sunBeforeStage, sunAfterStage, sunIndicatorsStage, airStage]);
