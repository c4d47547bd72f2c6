/**
 * Full parameter set of the urban model: the model's own parameters (engine/urban/params.ts) and the constants
 * it shares with the import-time imputation, read from data/impute.ts so both stay one set of numbers.
 */
import { DEFAULT_HOUSEHOLD_SIZE, FLAT_AREA_M2, HOUSE_AREA_M2, NET_TO_GROSS, STOREY_HEIGHT_M } from '../impute.ts';
import { defaultModelParams, URBAN_PARAMETERS, type ImputationConstants, type NumberParamSpec, type UrbanParams } from '../../engine/urban/params.ts';

/** The constants of data/impute.ts, as the model takes them. */
export const IMPUTATION_CONSTANTS: ImputationConstants = {
  storeyHeightM: STOREY_HEIGHT_M,
  houseAreaM2: HOUSE_AREA_M2,
  flatAreaM2: FLAT_AREA_M2,
  netToGross: NET_TO_GROSS,
  householdSize: DEFAULT_HOUSEHOLD_SIZE,
};

/** Table entries (deck.gl `defaultProps` style) of the imputation constants a scenario may vary. */
export const IMPUTATION_PARAMETERS = {
  householdSize: {
    type: 'number', value: DEFAULT_HOUSEHOLD_SIZE, min: 1, max: 6, unit: 'persons/household',
    description: 'mean household size where no population cell gives one (cell inhabitants / households otherwise)',
    source: 'INSEE, Rennes arrondissement (data/impute.ts DEFAULT_HOUSEHOLD_SIZE)',
  },
  houseAreaM2: {
    type: 'number', value: HOUSE_AREA_M2, min: 10, max: 500, unit: 'm² living area per dwelling',
    description: 'mean dwelling size in houses',
    source: 'INSEE, Enquête Logement 2013 (data/impute.ts HOUSE_AREA_M2)',
  },
  flatAreaM2: {
    type: 'number', value: FLAT_AREA_M2, min: 10, max: 500, unit: 'm² living area per dwelling',
    description: 'mean dwelling size in flats',
    source: 'INSEE, Enquête Logement 2013 (data/impute.ts FLAT_AREA_M2)',
  },
  netToGross: {
    type: 'number', value: NET_TO_GROSS, min: 0.3, max: 1, unit: 'living / gross floor area',
    description: 'living area (surface habitable) per m² of gross floor area',
    source: 'usual French ratio (data/impute.ts NET_TO_GROSS)',
  },
} as const satisfies Record<string, NumberParamSpec>;

/** Every numeric parameter of the urban model with value, bounds, unit, description and source. */
export const URBAN_PARAMETER_TABLE: Record<string, NumberParamSpec> = { ...IMPUTATION_PARAMETERS, ...URBAN_PARAMETERS };

/** Default parameters, optionally overridden (e.g. `{ householdSize: 2.15 }`). */
export function defaultUrbanParams(overrides: Partial<UrbanParams> = {}): UrbanParams {
  return { ...IMPUTATION_CONSTANTS, ...defaultModelParams(), ...overrides };
}
