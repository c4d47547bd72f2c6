/**
 * Parameters of the air-quality stage, declared with machine-readable defaults and bounds (deck.gl
 * `defaultProps` style) so the scenario layer can generate its schema and sliders from them.
 */
import type { ThresholdSet } from './exposure.ts';

export interface NumberParam {
  type: 'number';
  value: number;
  min: number;
  max: number;
  unit: string;
  description: string;
  source: string;
}

const BACKGROUND_SOURCE =
  'typical urban background of a French regional city (order of magnitude of the annual means published by the regional monitoring networks, e.g. Air Breizh for Rennes); set from the local background station';

export const AIR_PARAMETERS = {
  backgroundNo2UgM3: { type: 'number', value: 15, min: 0, max: 100, unit: 'µg/m³', description: 'urban background NO2 (annual mean, or the hour modelled)', source: BACKGROUND_SOURCE },
  backgroundNoxUgM3: { type: 'number', value: 22, min: 0, max: 300, unit: 'µg/m³ (as NO2)', description: 'urban background NOx, NO2-equivalent', source: BACKGROUND_SOURCE },
  backgroundPm10UgM3: { type: 'number', value: 16, min: 0, max: 100, unit: 'µg/m³', description: 'urban background PM10', source: BACKGROUND_SOURCE },
  backgroundPm25UgM3: { type: 'number', value: 9, min: 0, max: 100, unit: 'µg/m³', description: 'urban background PM2.5', source: BACKGROUND_SOURCE },
  backgroundO3UgM3: { type: 'number', value: 50, min: 0, max: 300, unit: 'µg/m³', description: 'background ozone (single-hour NO2 by ozone limiting)', source: BACKGROUND_SOURCE },
  backgroundCo2UgM3: { type: 'number', value: 0, min: 0, max: 2e6, unit: 'µg/m³', description: 'CO2 background; 0 reports the traffic increment only (ambient CO2 ≈ 7.6e5 µg/m³ at 420 ppm)', source: 'increment convention' },
  receptorHeightM: { type: 'number', value: 1.5, min: 0, max: 30, unit: 'm', description: 'receptor height (breathing height)', source: 'common practice for exposure maps' },
  sigmaY0M: { type: 'number', value: 3, min: 0, max: 20, unit: 'm', description: 'initial lateral spread of road emissions (carriageway ≈ 7 m wide / 2.15)', source: 'US EPA AERMOD line/volume source guidance: initial lateral dimension = width / 2.15' },
  sigmaZ0M: { type: 'number', value: 1.5, min: 0, max: 10, unit: 'm', description: 'initial vertical spread in the vehicle wake', source: 'US EPA PM hot-spot guidance (EPA-420-B-15-084): 1.7 × vehicle height / 2.15 for a ≈ 2 m mean height' },
  cutoffM: { type: 'number', value: 1000, min: 100, max: 5000, unit: 'm', description: 'roads farther than this from a receptor are left to the background', source: 'local-increment convention (urban background + roads within the cutoff)' },
  minWindSpeedMS: { type: 'number', value: 1, min: 0.3, max: 3, unit: 'm/s', description: 'calm threshold: lower wind speeds are raised to it', source: 'Gaussian plume validity (transport wind needed)' },
  canyonSearchM: { type: 'number', value: 25, min: 5, max: 60, unit: 'm', description: 'farthest façade searched on each side of a street', source: 'street widths of European city centres' },
  canyonMinCoverage: { type: 'number', value: 0.6, min: 0, max: 1, unit: '', description: 'share of a street lined by façades on both sides to count as a canyon', source: 'modelling choice' },
  canyonMinAspectRatio: { type: 'number', value: 0.3, min: 0, max: 3, unit: '', description: 'smallest H/W of a canyon', source: 'Oke 1988: isolated-roughness flow below H/W ≈ 0.3' },
  facadeOffsetM: { type: 'number', value: 1, min: 0.1, max: 5, unit: 'm', description: 'distance of façade receptors from the wall', source: 'modelling choice' },
} as const satisfies Record<string, NumberParam>;

export type AirParameterName = keyof typeof AIR_PARAMETERS;
export type AirParameterValues = Record<AirParameterName, number>;

export function defaultAirParameters(): AirParameterValues {
  const out = {} as AirParameterValues;
  for (const [k, p] of Object.entries(AIR_PARAMETERS)) out[k as AirParameterName] = p.value;
  return out;
}

/** Throws an Error naming the parameter when a value is missing, not a number or out of bounds. */
export function validateAirParameters(v: Partial<AirParameterValues>): AirParameterValues {
  const out = defaultAirParameters();
  for (const [k, val] of Object.entries(v)) {
    const p = AIR_PARAMETERS[k as AirParameterName];
    if (!p) throw new Error(`air parameters: unknown parameter "${k}" (known: ${Object.keys(AIR_PARAMETERS).join(', ')})`);
    if (typeof val !== 'number' || !Number.isFinite(val) || val < p.min || val > p.max) throw new Error(`air parameters: ${k} must be a number in [${p.min}, ${p.max}] ${p.unit}, got ${String(val)}`);
    out[k as AirParameterName] = val;
  }
  return out;
}

/** Annual-mean thresholds (µg/m³). */
export const AIR_THRESHOLDS: ThresholdSet[] = [
  { id: 'eu-2008', label: 'EU limit values in force', source: 'Directive 2008/50/EC, annexes XI and XIV', no2: 40, pm10: 40, pm25: 25 },
  { id: 'eu-2030', label: 'EU limit values 2030', source: 'Directive (EU) 2024/2881, annex I', no2: 20, pm10: 20, pm25: 10 },
  { id: 'who-2021', label: 'WHO 2021 guidelines', source: 'WHO global air quality guidelines (2021)', no2: 10, pm10: 15, pm25: 5 },
];
