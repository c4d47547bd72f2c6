/**
 * Parameters of the urban heat model, declared as a machine-readable table (type, default, bounds, unit,
 * description, source) so a scenario layer can generate its schema and sliders from it, plus the fixed
 * property tables (surface albedo and crop coefficient, land-cover composition, default building energy and
 * default traffic by road class). Every value names its source; values marked "assumption" are ours.
 */
import { BUILDING_USES, LAND_COVERS, ROAD_CLASSES, type BuildingUse, type LandCover, type RoadClass } from '../territory.ts';

/** Bad input to the heat model: the message names the parameter, file, feature or field at fault. */
export class HeatInputError extends Error {
  override name = 'HeatInputError';
}

export interface NumberParamSpec {
  type: 'number';
  value: number;
  min: number;
  max: number;
  unit: string;
  description: string;
  source: string;
}

export interface ChoiceParamSpec<T extends string> {
  type: 'choice';
  value: T;
  options: readonly T[];
  description: string;
  source: string;
}

const num = (value: number, min: number, max: number, unit: string, description: string, source: string): NumberParamSpec => ({ type: 'number', value, min, max, unit, description, source });

export const NIGHT_GEOMETRY_RELATIONS = ['aspect-ratio', 'sky-view-factor'] as const;
export type NightGeometryRelation = (typeof NIGHT_GEOMETRY_RELATIONS)[number];

/** Model parameters (defaults reproduce the published relations; see engine/heat/README.md). */
export const HEAT_PARAMS = {
  neighbourhoodRadiusM: num(100, 0, 2000, 'm', 'radius of the disc over which cell morphology (fractions, heights, façades, SVF, anthropogenic heat) is averaged before LCZ classification and the night relation', 'Stewart & Oke (2012): local climate zones are local-scale (10² to 10⁴ m); 100 m is the lower end'),
  nightGeometry: { type: 'choice', value: 'aspect-ratio', options: NIGHT_GEOMETRY_RELATIONS, description: "canyon relation for the calm clear-night maximum UHI: Oke's H/W (default) or sky-view-factor regression", source: 'Oke (1981), J. Climatol. 1: 237–254' } as ChoiceParamSpec<NightGeometryRelation>,
  maxAspectRatio: num(4, 0.5, 10, '', 'H/W above this is clamped before Oke’s relation (no extrapolation beyond the scale-model range)', 'Oke (1981) scale model spans H/W 0.25–4 (as reported by Nakata & de Souza 2013)'),
  vegetationRadiusM: num(500, 0, 3000, 'm', 'radius of the disc over which the vegetation fraction of the night relation is taken', 'Theeuwes et al. (2017), Int. J. Climatol. 37: 443–454: vegetation fraction in a 500 m radius'),
  waterNightWeight: num(0, 0, 1, '', 'weight of the water fraction added to the vegetation fraction of the night relation (> 0: water cools like vegetation)', 'Steeneveld et al. (2014), Landsc. Urban Plan. 121: 92–96: open water does not lower (rather raises) the maximum UHI, hence 0'),
  windSpeedMs: num(1, 0, 30, 'm/s', 'regional (rural, 10 m) wind speed of the night studied', 'input'),
  calmWindMs: num(1, 0.1, 5, 'm/s', 'wind speed at or below which the calm-night maximum of Oke’s relations applies', 'assumption (Beaufort force 0–1 is below 1.5 m/s)'),
  irradianceWm2: num(250, 50, 400, 'W/m²', 'daily mean global irradiance of the day before the night (energy input against which anthropogenic heat is compared)', 'assumption: ≈ 6 kWh/m²/day in July in western France'),
  dayUhiMaxK: num(3, 0, 15, 'K', 'city-scale daytime UHI magnitude: air temperature excess of a cell with heat-mitigation index 0 over one with index 1', 'InVEST Urban Cooling Model user guide, eq. (5): calibrate locally; 3 K is an assumption'),
  weightShade: num(0.6, 0, 1, '', 'cooling-capacity weight of shade', 'InVEST UCM user guide eq. (2) (Zardo et al. 2017)'),
  weightAlbedo: num(0.2, 0, 1, '', 'cooling-capacity weight of albedo', 'InVEST UCM user guide eq. (2) (Phelan et al. 2015)'),
  weightEvapotranspiration: num(0.2, 0, 1, '', 'cooling-capacity weight of the evapotranspiration index', 'InVEST UCM user guide eq. (2)'),
  coolingDistanceM: num(450, 10, 3000, 'm', 'distance d_cool over which large green spaces and water cool their surroundings (exponential decay, zero beyond)', 'InVEST UCM user guide: recommended 450 m'),
  minCoolingIslandHa: num(2, 0, 100, 'ha', 'green/water area within d_cool needed for the park-cooling term', 'InVEST UCM user guide eq. (4): 2 ha'),
  mixingRadiusM: num(500, 0, 3000, 'm', 'air-mixing radius: temperatures are smoothed with a Gaussian of σ = radius/3 truncated at the radius', 'InVEST UCM user guide: 500–600 m recommended for a first run'),
  shadeStartSolarH: num(10, 0, 24, 'h', 'start of the daytime window (local mean solar time) over which building shade is averaged', 'assumption: the warm afternoon hours'),
  shadeEndSolarH: num(18, 0, 24, 'h', 'end of the daytime shade window (local mean solar time)', 'assumption'),
  shadeStepH: num(2, 0.25, 8, 'h', 'time step of the sun positions in the shade window (shadows at the middle of each step)', 'assumption: 4 positions over 10–18 h'),
  trafficEnergyJPerVehM: num(3975, 0, 20000, 'J/(veh·m)', 'heat released per vehicle-metre travelled', 'Sailor & Lu (2004), Atmos. Environ. 38: 2737–2748'),
  laneWidthM: num(3.5, 2, 5, 'm', 'paved width per traffic lane', 'assumption: usual French lane width'),
  sidewalkWidthM: num(1.4, 0, 5, 'm', 'paved sidewalk width on each side of urban roads (not motorways, trunks, pedestrian ways)', 'minimum accessible path width, arrêté du 15 janvier 2007 (France)'),
} as const;

type ParamValue<S> = S extends NumberParamSpec ? number : S extends ChoiceParamSpec<infer T> ? T : never;
export type HeatParams = { [K in keyof typeof HEAT_PARAMS]: ParamValue<(typeof HEAT_PARAMS)[K]> };

/** Defaults merged with `overrides`; every value is checked against its bounds (error names the parameter). */
export function resolveHeatParams(overrides: Partial<HeatParams> = {}): HeatParams {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(HEAT_PARAMS) as [keyof HeatParams, NumberParamSpec | ChoiceParamSpec<string>][]) {
    if (!(k in HEAT_PARAMS)) continue;
    const v = overrides[k] ?? spec.value;
    if (spec.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min || v > spec.max) throw new HeatInputError(`heat parameter ${k} must be a number in [${spec.min}, ${spec.max}] ${spec.unit}, got ${String(v)}`);
    } else if (!spec.options.includes(v as string)) throw new HeatInputError(`heat parameter ${k} must be one of ${spec.options.join(', ')}, got ${String(v)}`);
    out[k] = v;
  }
  for (const k of Object.keys(overrides)) if (!(k in HEAT_PARAMS)) throw new HeatInputError(`unknown heat parameter "${k}" (known: ${Object.keys(HEAT_PARAMS).join(', ')})`);
  const p = out as HeatParams;
  if (p.weightShade + p.weightAlbedo + p.weightEvapotranspiration <= 0) throw new HeatInputError('heat parameters weightShade + weightAlbedo + weightEvapotranspiration must be > 0');
  if (p.shadeEndSolarH <= p.shadeStartSolarH) throw new HeatInputError(`heat parameter shadeEndSolarH (${p.shadeEndSolarH}) must be after shadeStartSolarH (${p.shadeStartSolarH})`);
  return p;
}

/** Surfaces seen from above in a cell. */
export const SURFACES = ['roof', 'coolRoof', 'greenRoof', 'impervious', 'coolPavement', 'lowVegetation', 'tree', 'water', 'bare'] as const;
export type Surface = (typeof SURFACES)[number];

/**
 * Broadband albedo and FAO-56 single crop coefficient Kc of each surface. With a uniform reference
 * evapotranspiration the InVEST evapotranspiration index ETI = Kc·ET0/ETmax (user guide eq. 1) equals Kc.
 * Albedo: mid-range of Oke (1987, Boundary Layer Climates, urban materials table) and Stewart & Oke (2012)
 * table 4 (LCZ albedo 0.10–0.25); cool roofs and pavements: Akbari, Menon & Rosenfeld (2009, Climatic Change
 * 94: 275–286) assume +0.25 (roofs) and +0.15 (pavements) over the current values. Kc: Allen et al. (1998),
 * FAO Irrigation and Drainage Paper 56, table 12 (turf grass 0.95, conifer trees 1.0, open water < 2 m 1.05);
 * green roof Kc is an assumption (extensive roofs are water-limited: half of turf grass).
 */
export const SURFACE_PROPERTIES: Record<Surface, { albedo: number; kc: number }> = {
  roof: { albedo: 0.15, kc: 0 },
  coolRoof: { albedo: 0.4, kc: 0 },
  greenRoof: { albedo: 0.2, kc: 0.5 },
  impervious: { albedo: 0.12, kc: 0 },
  coolPavement: { albedo: 0.27, kc: 0 },
  lowVegetation: { albedo: 0.2, kc: 0.95 },
  tree: { albedo: 0.15, kc: 1.0 },
  water: { albedo: 0.08, kc: 1.05 },
  bare: { albedo: 0.2, kc: 0.3 },
};

/**
 * Ground composition of each land-cover class (shares of its area; canopy is tree crown over that ground) and
 * whether it counts as a cooling island (InVEST "green_area"). Assumptions stated per class: public parks and
 * gardens (`vegetation`) are lawn with 30 % tree canopy, woods 90 % canopy, sport grounds 70 % grass and 30 %
 * paved (courts, tracks); `other` (rock, sand, institutional grounds) gives no composition (treated as open
 * ground of unknown cover). Open ground not covered by any land cover, building or road ("unclassified":
 * private gardens, yards, fields) takes {@link UNCLASSIFIED_GROUND}.
 */
export interface GroundComposition {
  impervious: number;
  lowVegetation: number;
  water: number;
  bare: number;
  /** Tree canopy over the pervious part (≤ lowVegetation + bare). */
  canopy: number;
  coolingIsland: boolean;
}

export const COVER_COMPOSITION: Record<LandCover, GroundComposition | null> = {
  vegetation: { impervious: 0, lowVegetation: 1, water: 0, bare: 0, canopy: 0.3, coolingIsland: true },
  forest: { impervious: 0, lowVegetation: 1, water: 0, bare: 0, canopy: 0.9, coolingIsland: true },
  water: { impervious: 0, lowVegetation: 0, water: 1, bare: 0, canopy: 0, coolingIsland: true },
  sport: { impervious: 0.3, lowVegetation: 0.7, water: 0, bare: 0, canopy: 0.05, coolingIsland: true },
  impervious: { impervious: 1, lowVegetation: 0, water: 0, bare: 0, canopy: 0, coolingIsland: false },
  agriculture: { impervious: 0, lowVegetation: 0.8, water: 0, bare: 0.2, canopy: 0, coolingIsland: false },
  other: null,
};

/** Assumption: private open ground in French towns is half gardens (a fifth under trees), half paved yards. */
export const UNCLASSIFIED_GROUND: GroundComposition = { impervious: 0.45, lowVegetation: 0.55, water: 0, bare: 0, canopy: 0.1, coolingIsland: false };

/**
 * Default heat released by buildings per floor area (W/m², annual mean), used when no per-building energy use
 * is given (until the urban model provides it). Orders of magnitude of French final energy intensities
 * (ADEME, "Chiffres clés du bâtiment": ≈ 150–190 kWh/m²/yr for housing, ≈ 200–250 for offices and shops):
 * 1 kWh/m²/yr = 0.114 W/m². Assumptions: all final energy ends as heat in the cell; annexes (sheds, garages)
 * are unheated. Labelled "default-per-floor-area" in the results.
 */
export const BUILDING_HEAT_W_PER_M2_FLOOR: Record<BuildingUse, number> = {
  unknown: 17, // 150 kWh/m²/yr
  residential: 19, // 170
  mixed: 21, // 185
  activity: 25, // 220
  public: 21, // 185
  industrial: 23, // 200
  annex: 0,
};

/**
 * Default daily traffic per road class when no per-link flow is given (the traffic model is not wired yet):
 * daily vehicles = peak-hour volume / K with K = 0.10 (design-hour factor: the peak hour carries 8–12 % of the
 * daily volume, Highway Capacity Manual) and peak volume = link capacity × the peak volume/capacity ratio
 * below (assumption per class). Labelled "default-by-road-class" in the results.
 */
export const DEFAULT_PEAK_VC: Record<RoadClass, number> = {
  motorway: 0.8,
  trunk: 0.8,
  primary: 0.6,
  secondary: 0.5,
  tertiary: 0.4,
  residential: 0.15,
  service: 0.1,
  pedestrian: 0,
  unknown: 0.3,
};
export const DESIGN_HOUR_FACTOR = 0.1;

/** Classes without sidewalks in the paved-area estimate. */
export const NO_SIDEWALK: ReadonlySet<RoadClass> = new Set<RoadClass>(['motorway', 'trunk', 'pedestrian']);

export const BUILDING_HEAT_BY_CODE = Float64Array.from(BUILDING_USES.map((u) => BUILDING_HEAT_W_PER_M2_FLOOR[u]));
export const PEAK_VC_BY_CODE = Float64Array.from(ROAD_CLASSES.map((c) => DEFAULT_PEAK_VC[c]));
export const COVER_BY_CODE = LAND_COVERS.map((c) => COVER_COMPOSITION[c]);

/** InVEST cooling capacity of one surface: w_s·shade + w_a·albedo + w_e·Kc, weights normalised to sum 1. */
export function surfaceCoolingCapacity(p: HeatParams, shade: number, albedo: number, kc: number): number {
  const s = p.weightShade + p.weightAlbedo + p.weightEvapotranspiration;
  return (p.weightShade * shade + p.weightAlbedo * albedo + p.weightEvapotranspiration * kc) / s;
}
