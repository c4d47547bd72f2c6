/**
 * Parameter table of the heat stages (`heat-before` and `heat`, prefix `heat`): the grid and sky of the stage,
 * the traffic source, the reporting thresholds, the energy → heat conversion, and every model parameter of
 * engine/heat/params.ts `HEAT_PARAMS` (same defaults, bounds, units and sources: the entries are reused, not
 * copied).
 */
import type { ParamTable, ParamValues } from '../../format/params.ts';
import { HEAT_PARAMS } from '../../../engine/heat/params.ts';
import { DEFAULT_UHI_THRESHOLDS_K } from '../../../engine/heat/model.ts';
import { URBAN_PARAMETERS } from '../../../engine/urban/params.ts';
import { DEFAULT_HEAT_DATE, DEFAULT_HEAT_MARGIN_M, DEFAULT_SVF_DIRECTIONS } from '../../../data/heat/heat.ts';
import { DEFAULT_SKY_RADIUS_M } from '../../../data/heat/sky.ts';

const { nightGeometry, ...modelNumbers } = HEAT_PARAMS;

export const HEAT_TRAFFIC_SOURCES = ['assigned', 'default'] as const;

export const HEAT_STAGE_PARAMS = {
  cellSizeM: { type: 'number', value: 25, min: 5, max: 200, unit: 'm', description: 'Heat grid cell size (10 m for a district, 50 m for a metropolis); the DSM is nested at cell / 5', source: 'issue 8: 25 m default' },
  marginM: { type: 'number', value: DEFAULT_HEAT_MARGIN_M, min: 0, max: 5000, unit: 'm', description: 'Margin of the heat grid around the baseline buildings', source: 'data/heat/heat.ts: twice the neighbourhood disc' },
  date: { type: 'string', value: DEFAULT_HEAT_DATE, pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Day of the daytime model (building shade of the warm hours)' },
  svfDirections: { type: 'integer', value: DEFAULT_SVF_DIRECTIONS, min: 4, max: 64, description: 'Azimuths of the sky view factor' },
  svfRadiusM: {
    type: 'number', value: DEFAULT_SKY_RADIUS_M, min: 20, max: 2000, unit: 'm',
    description: 'Horizon search radius of the sky view factor and of the building shade (obstacles farther away are ignored); a scenario recomputes the sky within this distance of its changes, exactly',
    source: 'Zakšek, Oštir & Kokalj (2011), Remote Sensing 3: 398–415 (bounded search radius); 100 m: a 20 m building just beyond it lowers the SVF by sin²(atan(20/100))/N ≈ 0.002 per azimuth it blocks',
  },
  traffic: { type: 'string', value: 'assigned', enum: HEAT_TRAFFIC_SOURCES, description: "Traffic heat from the assigned daily flows of the traffic stage ('assigned', when the pipeline has one) or from the road-class defaults ('default')" },
  warmThresholdK: { type: 'number', value: DEFAULT_UHI_THRESHOLDS_K[0], min: 0, max: 15, unit: 'K', description: 'Night UHI above which a cell counts as warm (population exposed)', source: 'assumption (the thresholds of the jumeau heat summary)' },
  hotThresholdK: { type: 'number', value: DEFAULT_UHI_THRESHOLDS_K[1], min: 0, max: 15, unit: 'K', description: 'Night UHI above which a cell counts as hot (hot-cell share, population exposed)', source: 'assumption (the thresholds of the jumeau heat summary)' },
  energyPrimaryPerFinal: {
    type: 'number', value: URBAN_PARAMETERS.tertiaryPrimaryPerFinal.value, min: 1, max: 3, unit: 'kWhEP per kWh final',
    description: "Divides the urban model's primary energy per building to get the final energy released as heat in the cell",
    source: 'engine/urban/params.ts tertiaryPrimaryPerFinal (half electricity × 2.3, half other energies × 1), applied to every building: an assumption',
  },
  ...modelNumbers,
  nightGeometry: { type: 'string', value: nightGeometry.value, enum: nightGeometry.options, description: nightGeometry.description, source: nightGeometry.source },
} satisfies ParamTable;

export type HeatStageParams = ParamValues<typeof HEAT_STAGE_PARAMS>;
