/**
 * Annual energy demand of buildings, in conventional primary energy (kWhEP/yr: heating, cooling, hot water,
 * lighting, auxiliaries — the five uses of the DPE 2021 and RE2020, electricity counted 2.3).
 *
 * Existing dwellings, per m² of living area (gross floor area × living/gross ratio):
 * - DPE 2021 class thresholds (arrêté du 31 mars 2021, kWhEP/m²/yr): A < 70 ≤ B < 110 ≤ C < 180 ≤ D < 250 ≤ E
 *   < 330 ≤ F < 420 ≤ G. A class stands for the middle of its interval; G (open) for 420 + half the width of F.
 * - Construction period → the class most frequent among the dwellings of that period under the new DPE, France,
 *   1 January 2022 (SDES/ONRE, "Le parc de logements par classe de performance énergétique au 1er janvier 2022"):
 *   before 1948 E (28 %); 1948–1974 D (32 %); 1975–1988 D (41.5 %); 1989–2000 D (44 %); 2001–2005 C (47 %);
 *   2006–2012 C (55 %); 2013–2021 C; the whole stock D (32 %) when the period is unknown. Our bands map onto them
 *   (1991–2005 → D: two thirds of it are 1991–2000).
 * Existing non-residential floor area, per m² of gross floor area: mean tertiary final energy
 * (`tertiaryFinalKWhPerM2`) × primary/final (`tertiaryPrimaryPerFinal`), × `industrialEnergyShare` for industry,
 * 0 for annexes (unheated); scaled by the period like dwellings (factor = period value / whole-stock value,
 * an assumption: tertiary buildings age like dwellings). Unknown use: a dwelling of that period.
 * New floor area (built by interventions): RE2020 Cep_max — houses / flats per m² of living area, offices for
 * activity, mixed and industry (× industrialEnergyShare), schools for public floor area.
 */
import { CONSTRUCTION_PERIODS } from '../territory.ts';
import { residentialShare, USE, type UrbanParams } from './params.ts';

export const DPE_CLASSES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
/** Upper bounds (exclusive) of classes A–F in kWhEP per m² of living area per year (DPE 2021). */
export const DPE_UPPER_KWH_M2 = [70, 110, 180, 250, 330, 420];
/** Value standing for each class: middle of its interval; G = 420 + (420 − 330) / 2. */
export const DPE_CLASS_VALUE_KWH_M2 = [35, 90, 145, 215, 290, 375, 465];

/** DPE class index (0 = A … 6 = G) of an intensity in kWhEP/m²/yr (energy criterion only). */
export function dpeClass(kWhPerM2: number): number {
  let c = 0;
  while (c < DPE_UPPER_KWH_M2.length && kWhPerM2 >= DPE_UPPER_KWH_M2[c]) c++;
  return c;
}

/** Most frequent DPE class of dwellings by construction period (SDES/ONRE 2022; see the module comment). */
export const PERIOD_DPE_CLASS: Record<(typeof CONSTRUCTION_PERIODS)[number], (typeof DPE_CLASSES)[number]> = {
  unknown: 'D',
  'before-1945': 'E',
  '1945-1970': 'D',
  '1971-1990': 'D',
  '1991-2005': 'D',
  '2006-2012': 'C',
  'after-2012': 'C',
};

/** kWhEP per m² of living area per year of an existing dwelling of period code p. */
export function dwellingIntensity(p: number): number {
  const per = CONSTRUCTION_PERIODS[p] ?? 'unknown';
  return DPE_CLASS_VALUE_KWH_M2[DPE_CLASSES.indexOf(PERIOD_DPE_CLASS[per])];
}

export interface BuildingEnergy {
  /** Total primary energy (kWhEP/yr). */
  kWh: number;
  /** Part of it in the residential floor area. */
  residentialKWh: number;
  /** Living area (m²) of the residential part. */
  livingAreaM2: number;
}

/**
 * Energy of one building: floorAreaM2 gross, of which newFloorAreaM2 built by interventions (RE2020), use and
 * period codes. Writes into `out` and returns it.
 */
export function buildingEnergy(floorAreaM2: number, newFloorAreaM2: number, floors: number, use: number, period: number, p: UrbanParams, out: BuildingEnergy): BuildingEnergy {
  const newShare = floorAreaM2 > 0 ? Math.min(1, Math.max(0, newFloorAreaM2 / floorAreaM2)) : 0;
  const rs = residentialShare(use, floors);
  const living = floorAreaM2 * rs * p.netToGross;
  const house = floors <= p.houseMaxFloors;
  const resOld = dwellingIntensity(period);
  const resNew = house ? p.re2020HouseCepMax : p.re2020FlatCepMax;
  const residentialKWh = living * ((1 - newShare) * resOld + newShare * resNew);
  const nonRes = floorAreaM2 * (1 - rs);
  const factor = dwellingIntensity(period) / dwellingIntensity(0);
  const tertiary = p.tertiaryFinalKWhPerM2 * p.tertiaryPrimaryPerFinal;
  let oldI = 0;
  let newI = 0;
  switch (use) {
    case USE.activity:
    case USE.mixed:
      oldI = tertiary * factor;
      newI = p.re2020OfficeCepMax;
      break;
    case USE.public:
      oldI = tertiary * factor;
      newI = p.re2020SchoolCepMax;
      break;
    case USE.industrial:
      oldI = tertiary * factor * p.industrialEnergyShare;
      newI = p.re2020OfficeCepMax * p.industrialEnergyShare;
      break;
    case USE.unknown:
      oldI = resOld * p.netToGross;
      newI = resNew * p.netToGross;
      break;
    default:
      break; // annex (unheated); residential has no non-residential part
  }
  out.residentialKWh = residentialKWh;
  out.livingAreaM2 = living;
  out.kWh = residentialKWh + nonRes * ((1 - newShare) * oldI + newShare * newI);
  return out;
}
