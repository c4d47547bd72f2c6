/** Energy: DPE 2021 thresholds at their edges, intensities by period, and buildings computed by hand. */
import { describe, expect, it } from 'vitest';
import { CONSTRUCTION_PERIODS } from '../territory.ts';
import { defaultUrbanParams } from '../../data/urban/params.ts';
import { buildingEnergy, DPE_CLASSES, dpeClass, dwellingIntensity, type BuildingEnergy } from './energy.ts';
import { USE } from './params.ts';

const P = (p: string): number => CONSTRUCTION_PERIODS.indexOf(p as (typeof CONSTRUCTION_PERIODS)[number]);

describe('energy', () => {
  it('classes intensities with the DPE 2021 thresholds (70/110/180/250/330/420 kWhEP/m²/yr)', () => {
    const cls = (v: number): string => DPE_CLASSES[dpeClass(v)];
    expect([0, 69.9, 70, 109.9, 110, 179.9, 180, 249.9, 250, 329.9, 330, 419.9, 420, 900].map(cls).join('')).toBe('AABBCCDDEEFFGG');
  });

  it('gives a period the middle of its most frequent class', () => {
    expect(dwellingIntensity(P('before-1945'))).toBe((250 + 330) / 2);
    expect(dwellingIntensity(P('1971-1990'))).toBe((180 + 250) / 2);
    expect(dwellingIntensity(P('2006-2012'))).toBe((110 + 180) / 2);
    expect(dwellingIntensity(P('unknown'))).toBe(215);
  });

  it('computes buildings by hand', () => {
    const p = defaultUrbanParams();
    const e: BuildingEnergy = { kWh: 0, residentialKWh: 0, livingAreaM2: 0 };
    // Pre-1945 residential, 300 m² gross: 240 m² living × 290 kWhEP/m².
    buildingEnergy(300, 0, 3, USE.residential, P('before-1945'), p, e);
    expect(e.kWh).toBeCloseTo(240 * 290, 9);
    expect(DPE_CLASSES[dpeClass(e.residentialKWh / e.livingAreaM2)]).toBe('E');
    // Same building with one new floor of 100 m² (RE2020 flats 85 on 80 m² living).
    buildingEnergy(400, 100, 4, USE.residential, P('before-1945'), p, e);
    expect(e.kWh).toBeCloseTo(240 * 290 + 80 * 85, 9);
    // Mixed, 4 floors, 800 m², 1971-1990: 600 m² residential (480 living × 215) + 200 m² tertiary (202 × 1.65 × 215/215).
    buildingEnergy(800, 0, 4, USE.mixed, P('1971-1990'), p, e);
    expect(e.kWh).toBeCloseTo(480 * 215 + 200 * 202 * 1.65, 6);
    // New house (2 floors, all new): 75 kWhEP per m² living.
    buildingEnergy(200, 200, 2, USE.residential, P('after-2012'), p, e);
    expect(e.kWh).toBeCloseTo(160 * 75, 9);
    // Industrial hall before 1945: half the tertiary intensity scaled by 290/215.
    buildingEnergy(1000, 0, 1, USE.industrial, P('before-1945'), p, e);
    expect(e.kWh).toBeCloseTo(1000 * 202 * 1.65 * 0.5 * (290 / 215), 6);
    // Annexes are unheated; new public floor area at the RE2020 school level.
    expect(buildingEnergy(50, 0, 1, USE.annex, 0, p, e).kWh).toBe(0);
    expect(buildingEnergy(500, 500, 2, USE.public, P('after-2012'), p, e).kWh).toBeCloseTo(500 * 72, 9);
  });
});
