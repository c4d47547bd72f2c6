/**
 * Daytime cooling in the manner of the InVEST Urban Cooling Model (Natural Capital Project, user guide
 * "Urban Cooling", equations 1–5):
 *
 *   CC_i     = 0.6·shade + 0.2·albedo + 0.2·ETI                                   (eq. 2, weights normalised)
 *   ETI      = Kc·ET0 / ETmax = Kc for a uniform reference evapotranspiration        (eq. 1)
 *   GA_i     = Σ_{j, d_ij ≤ d_cool} green area of j                                    (eq. 3a)
 *   CCpark_i = Σ_{j, d_ij ≤ d_cool} g_j·CC_j·e^(−d_ij/d_cool) / Σ_{disc} e^(−d/d_cool) (eq. 3b; normalised by
 *              the weight of the full disc so that it is a distance-weighted average, as the guide describes)
 *   HM_i     = CC_i if CC_i ≥ CCpark_i or GA_i < 2 ha, else CCpark_i                  (eq. 4)
 *   T_i − T_ref = (1 − HM_i)·UHI_max                                                (eq. 5, before air mixing)
 *
 * Shade = tree canopy + the open ground shaded by buildings over the daytime window of the date (sun engine);
 * albedo and Kc are area-weighted over the surfaces seen from above (roofs, crowns, uncovered ground).
 * g_j·CC_j uses the cooling-island area of cell j (parks, woods, sport grounds, water, de-paved ground) and the
 * cooling capacity of its pervious surfaces. The park term is zero beyond d_cool from every cooling island.
 */
import { discSums, exponentialDiscAverage } from './kernels.ts';
import type { HeatSurfaces } from './levers.ts';
import { SURFACE_PROPERTIES, surfaceCoolingCapacity, type HeatParams } from './params.ts';
import type { HeatInputs } from './prepare.ts';

export interface CoolingFields {
  shade: Float32Array;
  albedo: Float32Array;
  evapotranspirationIndex: Float32Array;
  coolingCapacity: Float32Array;
  /** g_j·CC_j: cooling-island share of the cell × cooling capacity of its pervious surfaces. */
  islandSource: Float64Array;
}

/** Per-cell shade, albedo, ETI and cooling capacity (see the module comment). */
export function coolingCapacityFields(inputs: HeatInputs, s: HeatSurfaces, p: HeatParams): CoolingFields {
  const n = inputs.grid.width * inputs.grid.height;
  const A = inputs.cellAreaM2;
  const S = SURFACE_PROPERTIES;
  const f: CoolingFields = { shade: new Float32Array(n), albedo: new Float32Array(n), evapotranspirationIndex: new Float32Array(n), coolingCapacity: new Float32Array(n), islandSource: new Float64Array(n) };
  const ccTree = surfaceCoolingCapacity(p, 1, S.tree.albedo, S.tree.kc);
  const ccLow = surfaceCoolingCapacity(p, 0, S.lowVegetation.albedo, S.lowVegetation.kc);
  const ccWater = surfaceCoolingCapacity(p, 0, S.water.albedo, S.water.kc);
  const ccBare = surfaceCoolingCapacity(p, 0, S.bare.albedo, S.bare.kc);
  for (let c = 0; c < n; c++) {
    const building = s.roofM2[c] + s.coolRoofM2[c] + s.greenRoofM2[c];
    const canopyImp = Math.min(s.canopyOverImperviousM2[c], s.imperviousM2[c]);
    const perv = s.lowVegetationM2[c] + s.bareM2[c];
    const canopyPerv = Math.min(s.canopyOverPerviousM2[c], perv);
    const canopy = canopyImp + canopyPerv;
    const coolPav = Math.min(s.coolPavementM2[c], Math.max(0, s.imperviousM2[c] - canopyImp));
    const impVis = Math.max(0, s.imperviousM2[c] - canopyImp - coolPav);
    const uncovered = perv > 0 ? 1 - canopyPerv / perv : 0;
    const lowVis = s.lowVegetationM2[c] * uncovered;
    const bareVis = s.bareM2[c] * uncovered;
    const water = s.waterM2[c];
    const coolPavAlbedo = s.coolPavementM2[c] > 0 ? (s.coolPavementAlbedoM2[c] / s.coolPavementM2[c]) * coolPav : 0;
    const total = building + canopy + coolPav + impVis + lowVis + bareVis + water;
    const norm = total > 0 ? total : A;
    const open = Math.max(0, A - building);
    const groundShade = inputs.groundSamples[c] > 0 ? inputs.groundShadeSum[c] / inputs.groundSamples[c] : 0;
    const shade = Math.min(1, (canopy + groundShade * Math.max(0, open - canopy)) / A);
    const albedo =
      (s.roofM2[c] * S.roof.albedo + s.coolRoofAlbedoM2[c] + s.greenRoofM2[c] * S.greenRoof.albedo + canopy * S.tree.albedo + impVis * S.impervious.albedo + coolPavAlbedo + lowVis * S.lowVegetation.albedo + bareVis * S.bare.albedo + water * S.water.albedo) / norm;
    const eti = (s.greenRoofM2[c] * S.greenRoof.kc + canopy * S.tree.kc + lowVis * S.lowVegetation.kc + bareVis * S.bare.kc + water * S.water.kc) / norm;
    f.shade[c] = shade;
    f.albedo[c] = albedo;
    f.evapotranspirationIndex[c] = eti;
    f.coolingCapacity[c] = surfaceCoolingCapacity(p, shade, albedo, eti);
    const natural = canopyPerv + lowVis + bareVis + water;
    if (natural > 0 && s.coolingIslandM2[c] > 0) {
      const ccNatural = (canopyPerv * ccTree + lowVis * ccLow + water * ccWater + bareVis * ccBare) / natural;
      f.islandSource[c] = (Math.min(s.coolingIslandM2[c], natural) / A) * ccNatural;
    }
  }
  return f;
}

export interface MitigationFields {
  /** Heat-mitigation index HM (eq. 4). */
  heatMitigation: Float32Array;
  /** CCpark (eq. 3b) and the green area within d_cool (m², eq. 3a). */
  parkCoolingCapacity: Float32Array;
  greenAreaM2: Float32Array;
}

/** Eqs. 3a, 3b and 4 on the grid. */
export function heatMitigation(inputs: HeatInputs, cooling: CoolingFields, coolingIslandM2: Float64Array, p: HeatParams): MitigationFields {
  const { width, height, cellSizeM } = inputs.grid;
  const r = p.coolingDistanceM / cellSizeM;
  const ccPark = exponentialDiscAverage(cooling.islandSource, width, height, r, r);
  const [ga] = discSums([coolingIslandM2], width, height, r);
  const n = width * height;
  const hm = new Float32Array(n);
  const minArea = p.minCoolingIslandHa * 1e4;
  for (let c = 0; c < n; c++) {
    const cc = cooling.coolingCapacity[c];
    hm[c] = cc >= ccPark[c] || ga[c] < minArea ? cc : ccPark[c];
  }
  return { heatMitigation: hm, parkCoolingCapacity: Float32Array.from(ccPark), greenAreaM2: Float32Array.from(ga) };
}
