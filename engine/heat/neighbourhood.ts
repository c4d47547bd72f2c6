/**
 * Local-scale properties of every cell: the cell sums averaged over a disc of `neighbourhoodRadiusM`
 * (sums first, ratios after, so fractions stay consistent), as Stewart & Oke (2012) define LCZ properties over
 * a local-scale area. Aspect ratio follows GeoClimate's street-canyon estimate
 * H/W = ½ · (exposed façade area / area) / (1 − building fraction) (GeoClimate grid indicators, ASPECT_RATIO),
 * exact for an infinite canyon grid. The open-ground fraction in that denominator is floored at 5 % (a
 * neighbourhood entirely roofed has no canyon); where no open ground was sampled the SVF falls back to the
 * canyon-centre value 1/√(1 + (2H/W)²) (Oke 1987; Johnson & Watson 1984).
 */
import * as dmath from '../math/dmath.ts';
import { discSums } from './kernels.ts';
import type { HeatSurfaces } from './levers.ts';
import type { HeatParams } from './params.ts';
import type { HeatInputs } from './prepare.ts';

export interface NeighbourhoodFields {
  skyViewFactor: Float32Array;
  aspectRatio: Float32Array;
  buildingFraction: Float32Array;
  imperviousFraction: Float32Array;
  perviousFraction: Float32Array;
  /** Footprint-weighted mean building height and its standard deviation (m). */
  heightM: Float32Array;
  heightStdM: Float32Array;
  treeFraction: Float32Array;
  treeOverImperviousFraction: Float32Array;
  vegetationFraction: Float32Array;
  waterFraction: Float32Array;
  lowRiseUseFraction: Float32Array;
  residentialUseFraction: Float32Array;
  meanFloors: Float32Array;
  /** Anthropogenic heat flux density (W/m²). */
  anthropogenicWm2: Float32Array;
  /** Vegetation fraction over the wider `vegetationRadiusM` disc (night relation). */
  vegetationFractionWide: Float32Array;
  /** Water fraction over the same wider disc. */
  waterFractionWide: Float32Array;
}

export const MIN_OPEN_FRACTION = 0.05;

export function neighbourhoodFields(inputs: HeatInputs, s: HeatSurfaces, heatW: Float64Array, p: HeatParams): NeighbourhoodFields {
  const { width, height, cellSizeM } = inputs.grid;
  const n = width * height;
  const area = new Float64Array(n).fill(inputs.cellAreaM2);
  const canopyImp = new Float64Array(n);
  const canopy = new Float64Array(n);
  const pervious = new Float64Array(n);
  const vegetation = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    canopyImp[c] = Math.min(s.canopyOverImperviousM2[c], s.imperviousM2[c]);
    const perv = s.lowVegetationM2[c] + s.bareM2[c];
    canopy[c] = canopyImp[c] + Math.min(s.canopyOverPerviousM2[c], perv);
    pervious[c] = perv + s.waterM2[c];
    vegetation[c] = s.lowVegetationM2[c] + canopyImp[c] + s.greenRoofM2[c];
  }
  const r = p.neighbourhoodRadiusM / cellSizeM;
  const [A, B, HA, H2A, FA, F, SV, SN, IMP, PERV, CAN, CANI, VEG, WAT, LOW, RES, Q] = discSums(
    [area, inputs.buildingM2, inputs.heightAreaM3, inputs.height2AreaM4, inputs.floorsAreaM2, inputs.facadeM2, inputs.groundSvfSum, inputs.groundSamples, s.imperviousM2, pervious, canopy, canopyImp, vegetation, s.waterM2, inputs.lowRiseUseM2, inputs.residentialUseM2, heatW],
    width,
    height,
    r,
  );
  const [VW, WW, AW] = discSums([vegetation, s.waterM2, area], width, height, p.vegetationRadiusM / cellSizeM);
  const f32 = (): Float32Array => new Float32Array(n);
  const o: NeighbourhoodFields = {
    skyViewFactor: f32(), aspectRatio: f32(), buildingFraction: f32(), imperviousFraction: f32(), perviousFraction: f32(), heightM: f32(), heightStdM: f32(), treeFraction: f32(), treeOverImperviousFraction: f32(),
    vegetationFraction: f32(), waterFraction: f32(), lowRiseUseFraction: f32(), residentialUseFraction: f32(), meanFloors: f32(), anthropogenicWm2: f32(), vegetationFractionWide: f32(), waterFractionWide: f32(),
  };
  for (let c = 0; c < n; c++) {
    const a = A[c];
    const bsf = Math.min(1, B[c] / a);
    const ar = (0.5 * (F[c] / a)) / Math.max(MIN_OPEN_FRACTION, 1 - bsf);
    o.buildingFraction[c] = bsf;
    o.aspectRatio[c] = ar;
    o.skyViewFactor[c] = SN[c] > 0 ? SV[c] / SN[c] : 1 / Math.sqrt(1 + 4 * dmath.sq(Math.min(ar, p.maxAspectRatio)));
    o.imperviousFraction[c] = IMP[c] / a;
    o.perviousFraction[c] = PERV[c] / a;
    const h = B[c] > 0 ? HA[c] / B[c] : 0;
    o.heightM[c] = h;
    o.heightStdM[c] = B[c] > 0 ? Math.sqrt(Math.max(0, H2A[c] / B[c] - h * h)) : 0;
    o.meanFloors[c] = B[c] > 0 ? FA[c] / B[c] : 0;
    o.treeFraction[c] = CAN[c] / a;
    o.treeOverImperviousFraction[c] = CANI[c] / a;
    o.vegetationFraction[c] = Math.min(1, VEG[c] / a);
    o.waterFraction[c] = WAT[c] / a;
    o.lowRiseUseFraction[c] = LOW[c] / a;
    o.residentialUseFraction[c] = RES[c] / a;
    o.anthropogenicWm2[c] = Q[c] / a;
    o.vegetationFractionWide[c] = Math.min(1, VW[c] / AW[c]);
    o.waterFractionWide[c] = Math.min(1, WW[c] / AW[c]);
  }
  return o;
}
