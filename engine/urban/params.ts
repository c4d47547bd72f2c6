/**
 * Parameters of the densification model (engine/urban), declared as a machine-readable table in the deck.gl
 * `defaultProps` style so the scenario layer can generate its schema and sliders from it: each entry has its
 * value, bounds, unit, description and source.
 *
 * The constants shared with the import-time imputation (storey heights, dwelling sizes, living/gross ratio,
 * household size) are NOT declared here: they belong to data/impute.ts and reach the model through
 * {@link ImputationConstants} (data/urban/params.ts builds them from data/impute.ts), so both stay one set.
 */
import { BUILDING_USES, type BuildingUse } from '../territory.ts';

export interface NumberParamSpec {
  type: 'number';
  value: number;
  min: number;
  max: number;
  unit: string;
  description: string;
  source: string;
}

/** Constants of data/impute.ts the model shares with the territory (passed in; engine/ cannot import data/). */
export interface ImputationConstants {
  /** Floor-to-floor height by use (m). */
  storeyHeightM: Readonly<Record<BuildingUse, number>>;
  /** Mean living area of a dwelling in a house (m²). */
  houseAreaM2: number;
  /** Mean living area of a flat (m²). */
  flatAreaM2: number;
  /** Living area / gross floor area. */
  netToGross: number;
  /** Mean household size (persons per occupied dwelling) where no population cell gives one. */
  householdSize: number;
}

/**
 * Unknown-use dwelling yields by class (house-like, collective, large), the output of
 * calibrateUnknownUseYields (calibrate.ts) on Rodez BD TOPO v2.2 + Filosofi 2015 outside the centre
 * window, rounded to 0.01 (data/urban/urban-rodez.test.ts re-runs the calibration and checks these values).
 */
export const UNKNOWN_USE_YIELDS = { house: 0.76, collective: 0.51, large: 0.1 } as const;

/** Parameters owned by the urban model. */
export const URBAN_PARAMETERS = {
  houseMaxFloors: {
    type: 'number', value: 2, min: 1, max: 10, unit: 'floors',
    description: 'buildings with at most this many floors are houses (mean dwelling size of a house), others hold flats',
    source: 'same rule as data/impute.ts (dwellings from floor area)',
  },
  houseMaxFootprintM2: {
    type: 'number', value: 250, min: 20, max: 5000, unit: 'm² footprint',
    description: 'a residential building of at most houseMaxFloors floors and at most this footprint is a house and holds one dwelling; a larger low building holds living area / house size dwellings (a row of houses)',
    source: 'a "maison" is one individual dwelling (INSEE definition); IGN BD TOPO v3, commune of Olemps: 95 % of the 1 008 residential buildings with NB_LOGTS = 1 have footprints ≤ 224 m², 99 % ≤ 310 m²',
  },
  largeFootprintM2: {
    type: 'number', value: 1000, min: 100, max: 1e6, unit: 'm² footprint',
    description: 'buildings of unknown use with at least this footprint form the "large" class of the unknown-use dwelling yield (schools, hospitals, offices, halls, some housing estates)',
    source: 'IGN BD TOPO v3, commune of Olemps: none of the 32 buildings of ≥ 1 000 m² has USAGE1 "Résidentiel" (10 commercial, 5 industrial, 2 sport, 15 undifferentiated; 6 dwellings in all)',
  },
  unknownUseHouseYield: {
    type: 'number', value: UNKNOWN_USE_YIELDS.house, min: 0, max: 5, unit: 'dwellings per house-like building',
    description: 'expected dwellings of a house-like building (≤ houseMaxFloors floors, footprint ≤ houseMaxFootprintM2) whose residential use is assumed, not known (BD TOPO v2 "bâti indifférencié"): some are garages, workshops, barns',
    source: 'calibrated (engine/urban/calibrate.ts) on the Filosofi 2015 households of the Rodez–Olemps–Onet cells outside the 2 km centre window, BD TOPO v2.2; cross-check: 0.94 dwellings (NB_LOGTS) per such building among the 921 Olemps buildings shared by BD TOPO v2 and v3 (data/urban/urban-olemps.test.ts)',
  },
  unknownUseCollectiveYield: {
    type: 'number', value: UNKNOWN_USE_YIELDS.collective, min: 0, max: 2, unit: 'share of the dwellings of a residential building',
    description: 'dwellings of a collective building of unknown use (not house-like, footprint < largeFootprintM2) as a share of those of the same building known to be residential: offices, shops, services, common parts and floors overcounted from the gutter height make up the rest',
    source: 'calibrated (engine/urban/calibrate.ts) on the Filosofi 2015 households of the Rodez–Olemps–Onet cells outside the 2 km centre window, BD TOPO v2.2',
  },
  unknownUseLargeYield: {
    type: 'number', value: UNKNOWN_USE_YIELDS.large, min: 0, max: 2, unit: 'share of the dwellings of a residential building',
    description: 'the same share for buildings of unknown use with a footprint ≥ largeFootprintM2',
    source: 'calibrated (engine/urban/calibrate.ts) on the Filosofi 2015 households of the Rodez–Olemps–Onet cells outside the 2 km centre window, BD TOPO v2.2',
  },
  occupiedDwellingShare: {
    type: 'number', value: 0.82, min: 0.3, max: 1, unit: 'share',
    description: 'share of dwellings that are main residences (inhabitants = dwellings × share × household size); applies to every dwelling the model estimates or adds',
    source: 'France: ≈ 82 % of dwellings are main residences, ≈ 10 % second homes, ≈ 8 % vacant (INSEE, recensement de la population and annual estimates of the housing stock)',
  },
  crechePlacesPer100Under3: {
    type: 'number', value: 17.8, min: 0, max: 100, unit: 'places per 100 children under 3',
    description: 'crèche places (établissements d’accueil du jeune enfant) needed per 100 children aged 0–2',
    source: 'ONAPE (Observatoire national de la petite enfance), France: 17.8 crèche places per 100 children under 3',
  },
  formalChildcarePlacesPer100Under3: {
    type: 'number', value: 56.6, min: 0, max: 100, unit: 'places per 100 children under 3',
    description: 'all formal childcare places (crèches, childminders, pre-school at 2…) per 100 children aged 0–2, reported beside the crèche need',
    source: 'ONAPE, France: 56.6 formal places per 100 children under 3',
  },
  preschoolEnrolment: {
    type: 'number', value: 1, min: 0, max: 1, unit: 'seats per child aged 3–5',
    description: 'pre-school (école maternelle) seats needed per child aged 3–5',
    source: 'schooling compulsory from 3 years (loi n° 2019-791 « pour une école de la confiance »)',
  },
  primaryEnrolment: {
    type: 'number', value: 1, min: 0, max: 1, unit: 'seats per child aged 6–10',
    description: 'primary (école élémentaire) seats needed per child aged 6–10',
    source: 'compulsory schooling (Code de l’éducation L131-1)',
  },
  catchmentCrecheM: {
    type: 'number', value: 1000, min: 50, max: 20000, unit: 'm',
    description: 'catchment of a crèche: distance along the road network (≈ 12 min walk at 5 km/h)',
    source: 'assumption of this project (walking distance); adjust per territory',
  },
  catchmentPreschoolM: {
    type: 'number', value: 800, min: 50, max: 20000, unit: 'm',
    description: 'catchment of an école maternelle: distance along the road network (≈ 10 min walk at 5 km/h)',
    source: 'assumption of this project (walking distance; a school sector is set by each commune)',
  },
  catchmentPrimaryM: {
    type: 'number', value: 1000, min: 50, max: 20000, unit: 'm',
    description: 'catchment of an école élémentaire: distance along the road network (≈ 12 min walk at 5 km/h)',
    source: 'assumption of this project (walking distance; a school sector is set by each commune)',
  },
  snapMaxM: {
    type: 'number', value: 300, min: 0, max: 5000, unit: 'm',
    description: 'a building or equipment farther than this from every road node uses straight-line distances',
    source: 'assumption of this project',
  },
  defaultCapacityCreche: {
    type: 'number', value: 40, min: 1, max: 1000, unit: 'places',
    description: 'capacity given to a crèche without known capacity (flagged in the results)',
    source: 'décret n° 2021-1131: a "crèche" has 25–59 places (micro ≤ 12, small 13–24, large ≥ 60)',
  },
  defaultCapacityPreschool: {
    type: 'number', value: 125, min: 1, max: 2000, unit: 'pupils',
    description: 'capacity given to an école maternelle without known capacity (flagged): 5 classes of 25',
    source: 'assumption of this project (classes of 25; the sample generator uses 4–6 classes)',
  },
  defaultCapacityPrimary: {
    type: 'number', value: 200, min: 1, max: 2000, unit: 'pupils',
    description: 'capacity given to an école élémentaire without known capacity (flagged): 8 classes of 25',
    source: 'assumption of this project (French mean école élémentaire ≈ 200 pupils, DEPP order of magnitude)',
  },
  defaultCapacitySchool: {
    type: 'number', value: 325, min: 1, max: 4000, unit: 'pupils',
    description: 'capacity given to a school (maternelle + élémentaire or level unknown) without known capacity (flagged)',
    source: 'sum of the pre-school and primary defaults',
  },
  m2PerJobActivity: {
    type: 'number', value: 25, min: 5, max: 1000, unit: 'm² floor area per job',
    description: 'gross floor area per job in activity buildings (offices, shops, services)',
    source: 'a tertiary workstation takes ≈ 16 m² in Paris and ≈ 22 m² elsewhere in France, all circulations included (office market practice); rounded up to gross floor area',
  },
  m2PerJobMixed: {
    type: 'number', value: 40, min: 5, max: 1000, unit: 'm² floor area per job',
    description: 'gross floor area per job in the non-residential floors of mixed buildings (mostly ground-floor shops)',
    source: 'assumption of this project (shops are less dense in jobs than offices)',
  },
  m2PerJobPublic: {
    type: 'number', value: 50, min: 5, max: 1000, unit: 'm² floor area per job',
    description: 'gross floor area per job in public buildings (schools, administration, health, culture)',
    source: 'assumption of this project',
  },
  m2PerJobIndustrial: {
    type: 'number', value: 100, min: 5, max: 5000, unit: 'm² floor area per job',
    description: 'gross floor area per job in industrial buildings and warehouses',
    source: 'assumption of this project (order of magnitude of activity parks; logistics is sparser)',
  },
  tertiaryFinalKWhPerM2: {
    type: 'number', value: 202, min: 0, max: 2000, unit: 'kWh (final) per m² per year',
    description: 'mean final energy use of non-residential (tertiary) buildings',
    source: 'ADEME / SDES: 249 TWh over 1 233 million m² of tertiary floor area in 2023',
  },
  tertiaryPrimaryPerFinal: {
    type: 'number', value: 1.65, min: 1, max: 3, unit: 'kWhEP per kWh final',
    description: 'primary / final energy of tertiary buildings: half electricity (coefficient 2.3) and half other energies (1)',
    source: 'SDES, Bilan énergétique de la France 2020 (electricity ≈ half of tertiary consumption); coefficient 2.3 of the DPE 2021 and RE2020',
  },
  industrialEnergyShare: {
    type: 'number', value: 0.5, min: 0, max: 2, unit: 'share of the tertiary intensity',
    description: 'building energy (heating, lighting; process energy excluded) of industrial halls relative to tertiary buildings',
    source: 'assumption of this project (halls are heated less than offices)',
  },
  re2020HouseCepMax: {
    type: 'number', value: 75, min: 0, max: 500, unit: 'kWhEP per m² living area per year',
    description: 'primary energy of new houses built by interventions (RE2020 Cep_max before modulation)',
    source: 'RE2020, arrêté du 4 août 2021: Cep_maxmoyen 75 kWhEP/m²/yr for houses',
  },
  re2020FlatCepMax: {
    type: 'number', value: 85, min: 0, max: 500, unit: 'kWhEP per m² living area per year',
    description: 'primary energy of new flats built by interventions (RE2020 Cep_max before modulation)',
    source: 'RE2020, arrêté du 4 août 2021: Cep_maxmoyen 85 kWhEP/m²/yr for collective housing',
  },
  re2020OfficeCepMax: {
    type: 'number', value: 85, min: 0, max: 500, unit: 'kWhEP per m² per year',
    description: 'primary energy of new activity floor area (RE2020 offices)',
    source: 'RE2020 offices (décret n° 2022-305; Cep_maxmoyen 85 kWhEP/m²/yr in the draft put to consultation in 2021)',
  },
  re2020SchoolCepMax: {
    type: 'number', value: 72, min: 0, max: 500, unit: 'kWhEP per m² per year',
    description: 'primary energy of new public floor area (RE2020 primary schools)',
    source: 'RE2020 schools (décret n° 2022-305; Cep_maxmoyen 72 kWhEP/m²/yr for primary schools in the draft put to consultation in 2021)',
  },
  waterLPerPersonDay: {
    type: 'number', value: 148, min: 0, max: 1000, unit: 'L per inhabitant per day',
    description: 'drinking-water consumption per inhabitant (domestic use, small businesses included)',
    source: 'SISPEA (OFB), Observatoire des services publics d’eau et d’assainissement, 2021: 54 m³/yr = 148 L/day per inhabitant',
  },
} as const satisfies Record<string, NumberParamSpec>;

export type UrbanParameterName = keyof typeof URBAN_PARAMETERS;
export type UrbanModelParams = { [K in UrbanParameterName]: number };
/** Every input number of the model: its own parameters and the constants shared with data/impute.ts. */
export type UrbanParams = UrbanModelParams & ImputationConstants;

/** Bad input to the urban model (parameters, interventions, zones): the message names the field. */
export class UrbanInputError extends Error {
  override name = 'UrbanInputError';
}

/** The default value of every model parameter. */
export function defaultModelParams(): UrbanModelParams {
  const out = {} as UrbanModelParams;
  for (const k of Object.keys(URBAN_PARAMETERS) as UrbanParameterName[]) out[k] = URBAN_PARAMETERS[k].value;
  return out;
}

/** Checks every parameter against its declared bounds and the imputation constants; throws naming the field. */
export function validateParams(p: UrbanParams): void {
  for (const k of Object.keys(URBAN_PARAMETERS) as UrbanParameterName[]) {
    const s: NumberParamSpec = URBAN_PARAMETERS[k];
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < s.min || v > s.max) throw new UrbanInputError(`urban parameter ${k} must be a number in [${s.min}, ${s.max}] ${s.unit}, got ${String(v)}`);
  }
  for (const k of ['houseAreaM2', 'flatAreaM2', 'netToGross', 'householdSize'] as const) {
    const v = p[k];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new UrbanInputError(`urban constant ${k} must be a positive number, got ${String(v)}`);
  }
  if (p.netToGross > 1) throw new UrbanInputError(`urban constant netToGross must be ≤ 1, got ${p.netToGross}`);
  for (const u of BUILDING_USES) {
    const h = p.storeyHeightM?.[u];
    if (typeof h !== 'number' || !(h > 0) || !Number.isFinite(h)) throw new UrbanInputError(`urban constant storeyHeightM.${u} must be a positive number of metres, got ${String(h)}`);
  }
}

/**
 * Share of a building's gross floor area that is residential: residential 1, mixed all floors but the ground
 * floor (0.5 for a single floor), other uses 0. The rule of data/impute.ts (`residentialShare`), which a test
 * checks value by value.
 */
export function residentialShare(use: number, floors: number): number {
  if (use === RESIDENTIAL) return 1;
  if (use === MIXED) return floors > 1 ? (floors - 1) / floors : 0.5;
  return 0;
}

export const USE = Object.fromEntries(BUILDING_USES.map((u, i) => [u, i])) as Record<BuildingUse, number>;
const RESIDENTIAL = USE.residential;
const MIXED = USE.mixed;
