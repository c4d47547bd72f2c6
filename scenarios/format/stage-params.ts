/** Parameter tables of the pipeline stages (each stage module owns its table; this file lists them). */
import type { ParamTable } from './params.ts';

export const SUN_PARAMS = {
  date: { type: 'string', value: '2026-06-21', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Day simulated for sun hours (local solar day)' },
  stepMin: { type: 'integer', value: 15, min: 1, max: 120, unit: 'min', description: 'Time step of the sun path' },
  resolutionM: { type: 'number', value: 1, min: 0.25, max: 10, unit: 'm', description: 'DSM cell size' },
} satisfies ParamTable;

export const STAGE_PARAMS: Record<string, ParamTable> = {
  sun: SUN_PARAMS,
};
