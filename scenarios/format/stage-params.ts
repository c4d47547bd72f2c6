/** Parameter tables of the pipeline stages (each stage module owns its table; this file lists them). */
import type { ParamTable } from './params.ts';
import { URBAN_PARAMETER_TABLE } from '../../data/urban/params.ts';
import { HEAT_STAGE_PARAMS } from '../pipeline/stages/heat-params.ts';
import { AIR_PARAMS } from '../../engine/air/stage-params.ts';
import { TRAFFIC_PARAMS } from '../../data/traffic/params.ts';

export const SUN_PARAMS = {
  date: { type: 'string', value: '2026-06-21', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Day simulated for sun hours (local solar day)' },
  stepMin: { type: 'integer', value: 15, min: 1, max: 120, unit: 'min', description: 'Time step of the sun path' },
  shadowReachM: { type: 'number', value: 300, min: 50, max: 2000, unit: 'm', description: 'Distance around the changed buildings where sun hours are recomputed (longer shadows are not compared)' },
  resolutionM: { type: 'number', value: 2, min: 0.25, max: 10, unit: 'm', description: 'DSM cell size for sun hours (2 m keeps a district re-run within seconds; 1 m for detailed studies)' },
} satisfies ParamTable;

export const STAGE_PARAMS: Record<string, ParamTable> = {
  urban: URBAN_PARAMETER_TABLE,
  sun: SUN_PARAMS,
  heat: HEAT_STAGE_PARAMS,
  air: AIR_PARAMS,
  traffic: TRAFFIC_PARAMS,
};
