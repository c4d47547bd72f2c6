/**
 * Parameter table of the air stage of the scenario pipeline (scenarios/pipeline/stages/air.ts), in the
 * `{ name: { type, value, min, max, unit, description, source } }` style of the scenario format: the grid, the
 * canyon switch, how assigned flows become annual-average traffic (./assigned-traffic.ts), the model parameters
 * of ./params.ts and the annual thresholds of ./params.ts `AIR_THRESHOLDS` — values are read from those tables,
 * never repeated here. Registered as `air` in scenarios/format/stage-params.ts (which generates the scenario
 * JSON Schema and the viewer's controls).
 */
import { DEFAULT_ASSIGNED_TRAFFIC } from './assigned-traffic.ts';
import { AIR_PARAMETERS, AIR_THRESHOLDS, type AirParameterName, type AirParameterValues } from './params.ts';
import type { ThresholdSet } from './exposure.ts';

/** Structural copy of the scenario format's ParamSpec variants used here (engine code cannot import scenarios/). */
type NumberSpec = { type: 'number'; value: number; min: number; max: number; unit: string; description: string; source: string };
type BooleanSpec = { type: 'boolean'; value: boolean; description: string; source?: string };

/** Pollutants with annual thresholds, and their parameter-name suffixes. */
const THRESHOLD_POLLUTANTS = [
  ['no2', 'No2', 'NO2'],
  ['pm10', 'Pm10', 'PM10'],
  ['pm25', 'Pm25', 'PM2.5'],
] as const;

/** Parameter name of a threshold, e.g. `thresholdEu2030No2UgM3` for set `eu-2030` and NO2. */
export function thresholdParamName(setId: string, pollutant: 'no2' | 'pm10' | 'pm25'): string {
  const set = setId
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
  return `threshold${set}${THRESHOLD_POLLUTANTS.find((p) => p[0] === pollutant)![1]}UgM3`;
}

const THRESHOLD_PARAMS: Record<string, NumberSpec> = {};
for (const t of AIR_THRESHOLDS)
  for (const [key, , label] of THRESHOLD_POLLUTANTS)
    THRESHOLD_PARAMS[thresholdParamName(t.id, key)] = { type: 'number', value: t[key], min: 0, max: 200, unit: 'µg/m³', description: `${t.label}: annual mean ${label} (residents above it are counted)`, source: t.source };

/** Model parameters of ./params.ts the annual stage uses (ozone and CO2 backgrounds only matter to other modes). */
const MODEL_PARAMS: Record<string, NumberSpec> = {};
for (const [k, p] of Object.entries(AIR_PARAMETERS)) if (k !== 'backgroundO3UgM3' && k !== 'backgroundCo2UgM3') MODEL_PARAMS[k] = { ...p };

export const AIR_STAGE_CELL_M = 25;

export const AIR_PARAMS = {
  cellM: {
    type: 'number', value: AIR_STAGE_CELL_M, min: 5, max: 200, unit: 'm',
    description: 'receptor grid spacing of the concentration maps (residents are computed at their façades whatever the spacing)',
    source: 'chosen so the stage runs in about a second on a town (see engine/air/README.md); 10 m for street-scale maps',
  },
  marginM: { type: 'number', value: 200, min: 0, max: 2000, unit: 'm', description: 'margin of the grid around the road network', source: 'modelling choice' },
  canyons: { type: 'boolean', value: true, description: 'add the OSPM-like street-canyon increments where buildings line both sides of a street', source: 'engine/air/canyon.ts (Berkowicz 2000)' },
  congestedHoursPerDay: {
    type: 'number', value: DEFAULT_ASSIGNED_TRAFFIC.congestedHoursPerDay, min: 0, max: 24, unit: 'h/day',
    description: 'hours of the day driven at the assigned peak-hour (congested) speed; the other vehicles drive at free-flow speed',
    source: 'modelling choice: morning and evening peaks (engine/air/assigned-traffic.ts)',
  },
  annualDayFactor: {
    type: 'number', value: DEFAULT_ASSIGNED_TRAFFIC.annualDayFactor, min: 0.5, max: 1.5, unit: 'AADT / modelled daily flow',
    description: 'converts the modelled day to the annual-average day (1: the modelled day is the annual average)',
    source: 'set from local traffic counts (annual average daily traffic over the count of the modelled day)',
  },
  ...MODEL_PARAMS,
  ...THRESHOLD_PARAMS,
} satisfies Record<string, NumberSpec | BooleanSpec>;

/** Model parameters (./params.ts names) from resolved stage parameter values. */
export function modelParamsFrom(values: Record<string, unknown>): Partial<AirParameterValues> {
  const out: Partial<AirParameterValues> = {};
  for (const k of Object.keys(MODEL_PARAMS)) if (typeof values[k] === 'number') out[k as AirParameterName] = values[k] as number;
  return out;
}

/** Threshold sets of ./params.ts with the values of resolved stage parameters. */
export function thresholdsFrom(values: Record<string, unknown>): ThresholdSet[] {
  return AIR_THRESHOLDS.map((t) => {
    const set = { ...t };
    for (const [key] of THRESHOLD_POLLUTANTS) {
      const v = values[thresholdParamName(t.id, key)];
      if (typeof v === 'number') set[key] = v;
    }
    return set;
  });
}
