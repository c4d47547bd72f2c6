/**
 * The scenario JSON Schema (draft 2020-12), built from code so that the published file
 * (`scenarios/scenario.schema.json`), the validator and the viewer's controls share one definition.
 * Interventions are a tagged union on `type`; stage parameters come from the stages' parameter tables.
 */
import { BUILDING_USES, ROAD_CLASSES } from '../../engine/territory.ts';
import { paramTableSchema, type ParamTable } from './params.ts';
import { STAGE_PARAMS } from './stage-params.ts';

export const SCHEMA_ID = 'https://jumeau.example/schemas/scenario-1.json';
export const SCENARIO_FORMAT_VERSION = 1;

const num = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'number', description, ...extra });
const uses = { type: 'array', items: { enum: [...BUILDING_USES] }, minItems: 1, uniqueItems: true };

const zoneRef = {
  description: 'Polygon zone the intervention applies to (building centroid inside the zone).',
  $ref: '#/$defs/zone',
};

/** Selection of road segments: by source ids, or every segment whose midpoint lies in a zone. */
const roadSelection = {
  type: 'object',
  description: 'Road segments concerned: `segmentIds` (source ids as in sql/road_links.csv) and/or a `zone`.',
  properties: {
    segmentIds: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    zone: zoneRef,
  },
  additionalProperties: false,
  minProperties: 1,
};

function intervention(type: string, description: string, properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return {
    type: 'object',
    description,
    properties: { type: { const: type }, label: { type: 'string', description: 'Free label shown in the viewer and reports.' }, ...properties },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

export const INTERVENTIONS: Record<string, Record<string, unknown>> = {
  densify: intervention(
    'densify',
    'Change the built volume of the buildings in a zone: set or add floors, set a height, or reach a floor-area ratio / ground coverage.',
    {
      zone: zoneRef,
      uses: { ...uses, description: 'Only buildings of these uses (default: all but annex).' },
      setFloors: { type: 'integer', minimum: 1, maximum: 60, description: 'Floors above ground after the change.' },
      addFloors: { type: 'integer', minimum: -59, maximum: 60, description: 'Floors added (negative removes, never below 1).' },
      setHeightM: num('Height after the change (m, ground → gutter).', { exclusiveMinimum: 0, maximum: 250 }),
      floorAreaRatio: num('Target floor-area ratio of the zone (floor area / zone area).', { exclusiveMinimum: 0, maximum: 20 }),
      groundCoverage: num('Target share of the zone covered by buildings (0–1).', { exclusiveMinimum: 0, maximum: 1 }),
    },
    ['zone'],
  ),
  'change-use': intervention('change-use', 'Change the use of the buildings in a zone.', { zone: zoneRef, from: { ...uses, description: 'Only buildings of these uses (default: all).' }, to: { enum: [...BUILDING_USES] } }, ['zone', 'to']),
  'add-buildings': intervention(
    'add-buildings',
    'Add new buildings; existing buildings they cover are replaced.',
    {
      buildings: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            footprint: { $ref: '#/$defs/zone' },
            floors: { type: 'integer', minimum: 1, maximum: 60 },
            heightM: num('Height (m); default floors × storey height.', { exclusiveMinimum: 0, maximum: 250 }),
            use: { enum: [...BUILDING_USES] },
          },
          required: ['footprint', 'floors', 'use'],
          additionalProperties: false,
        },
      },
    },
    ['buildings'],
  ),
  demolish: intervention('demolish', 'Demolish the buildings in a zone.', { zone: zoneRef, uses: { ...uses, description: 'Only buildings of these uses (default: all).' } }, ['zone']),
  trees: intervention('trees', 'Plant trees: tree-canopy share of the open ground of a zone.', { zone: zoneRef, canopyShare: num('Canopy cover of the non-built ground (0–1).', { minimum: 0, maximum: 1 }) }, ['zone', 'canopyShare']),
  'green-roofs': intervention('green-roofs', 'Green the roofs of the buildings in a zone.', { zone: zoneRef, share: num('Share of roof area greened (0–1).', { minimum: 0, maximum: 1 }) }, ['zone', 'share']),
  'cool-roofs': intervention('cool-roofs', 'High-albedo roofs (and optionally pavements) in a zone.', { zone: zoneRef, roofAlbedo: num('Roof albedo (0–1).', { minimum: 0, maximum: 1 }), pavementAlbedo: num('Pavement albedo (0–1).', { minimum: 0, maximum: 1 }) }, ['zone']),
  'de-paving': intervention('de-paving', 'Replace impervious ground by vegetation in a zone.', { zone: zoneRef, share: num('Share of the impervious open ground turned pervious (0–1).', { minimum: 0, maximum: 1 }) }, ['zone', 'share']),
  'road-speed': intervention('road-speed', 'Set the speed limit of road segments.', { roads: roadSelection, speedKmh: num('Speed limit (km/h).', { minimum: 5, maximum: 130 }) }, ['roads', 'speedKmh']),
  'road-lanes': intervention('road-lanes', 'Set the lanes per direction of road segments.', { roads: roadSelection, lanesPerDirection: { type: 'integer', minimum: 1, maximum: 6 } }, ['roads', 'lanesPerDirection']),
  'road-closure': intervention('road-closure', 'Close road segments to cars.', { roads: roadSelection }, ['roads']),
  'road-new-link': intervention(
    'road-new-link',
    'Add a road between two points (snapped to the nearest network nodes).',
    {
      line: { $ref: '#/$defs/line' },
      roadClass: { enum: [...ROAD_CLASSES] },
      lanesPerDirection: { type: 'integer', minimum: 1, maximum: 6 },
      speedKmh: num('Speed limit (km/h).', { minimum: 5, maximum: 130 }),
      direction: { enum: ['both', 'forward', 'backward'] },
      name: { type: 'string' },
    },
    ['line', 'roadClass'],
  ),
};

const crs = { enum: ['local', 'EPSG:4326', 'EPSG:2154'], default: 'local', description: 'Coordinates in the territory local frame (metres east/north of its origin), WGS84 lon/lat, or Lambert-93.' };

export function scenarioSchema(stageParams: Record<string, ParamTable> = STAGE_PARAMS): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [stage, table] of Object.entries(stageParams)) parameters[stage] = paramTableSchema(table, `Parameters of the ${stage} stage.`);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Jumeau scenario',
    description: 'A what-if scenario: interventions applied to a baseline territory, model parameters and a seed.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      format: { const: SCENARIO_FORMAT_VERSION, description: 'Scenario format version.' },
      id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$', description: 'Stable identifier (file-name safe).' },
      title: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      territory: {
        type: 'object',
        description: 'The baseline territory the scenario applies to.',
        properties: { name: { type: 'string', description: 'Territory name as in territory.json.' }, hash: { type: 'string', description: 'Optional territory hash to pin the exact baseline.' } },
        required: ['name'],
        additionalProperties: false,
      },
      interventions: { type: 'array', items: { $ref: '#/$defs/intervention' } },
      parameters: { type: 'object', properties: parameters, additionalProperties: false },
      seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    },
    required: ['id', 'title', 'territory', 'interventions', 'seed'],
    additionalProperties: false,
    $defs: {
      intervention: { oneOf: Object.keys(INTERVENTIONS).map((k) => ({ $ref: `#/$defs/intervention-${k}` })), 'x-discriminator': 'type' },
      ...Object.fromEntries(Object.entries(INTERVENTIONS).map(([k, v]) => [`intervention-${k}`, v])),
      point: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
      zone: {
        type: 'object',
        description: 'A polygon: rings of [x, y] points (first ring outer, others holes), in `crs` coordinates.',
        properties: { crs, rings: { type: 'array', minItems: 1, items: { type: 'array', minItems: 3, items: { $ref: '#/$defs/point' } } } },
        required: ['rings'],
        additionalProperties: false,
      },
      line: {
        type: 'object',
        properties: { crs, points: { type: 'array', minItems: 2, items: { $ref: '#/$defs/point' } } },
        required: ['points'],
        additionalProperties: false,
      },
    },
  };
}
