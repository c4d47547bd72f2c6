/** Roads stage: the scenario's road edits applied to the network of the (possibly rebuilt) territory. */
import type { Territory } from '../../../engine/territory.ts';
import type { Intervention } from '../../format/scenario.ts';
import type { Stage } from '../pipeline.ts';
import { applyRoadEdits, isRoadIntervention } from './road-edits.ts';

export const roadsStage: Stage = {
  id: 'roads',
  version: 1,
  inputs: ['territory.buildings-after', 'interventions'],
  outputs: ['territory.after'],
  run: ({ inputs }) => ({ 'territory.after': applyRoadEdits(inputs['territory.buildings-after'] as Territory, (inputs.interventions as Intervention[]).filter(isRoadIntervention)) }),
};
