/**
 * The stages of the coupled pipeline. Inputs given to a run: `territory` (the baseline) and `interventions`.
 *
 *   territory, interventions → urban → territory.buildings-after → roads → territory.after
 *   territory → sun-before;  territory.buildings-after → sun-after;  both → sun-indicators
 *
 * Every stage that reports publishes `indicators.<stage>` (Indicator[]) and `files.<stage>` (result files).
 */
import type { Stage } from '../pipeline.ts';
import { urbanStage } from './urban.ts';
import { roadsStage } from './roads.ts';
import { sunAfterStage, sunBeforeStage, sunIndicatorsStage } from './sun.ts';

export const STAGES: Stage[] = [urbanStage, roadsStage, sunBeforeStage, sunAfterStage, sunIndicatorsStage];
