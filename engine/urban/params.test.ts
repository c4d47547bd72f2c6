/**
 * Parameters: the defaults table is complete and valid, bad values are named, and the constants and rules the
 * model shares with data/impute.ts are the same numbers and the same rule (checked against data/impute.ts itself).
 */
import { describe, expect, it } from 'vitest';
import { BUILDING_USES } from '../territory.ts';
import { residentialShare as imputeResidentialShare, DEFAULT_HOUSEHOLD_SIZE, FLAT_AREA_M2, HOUSE_AREA_M2, NET_TO_GROSS, STOREY_HEIGHT_M } from '../../data/impute.ts';
import { defaultUrbanParams, URBAN_PARAMETER_TABLE } from '../../data/urban/params.ts';
import { tinyTerritory } from '../../data/test-fixtures.ts';
import { residentialShare, URBAN_PARAMETERS, UrbanInputError, validateParams } from './params.ts';
import { POPULATION_GRID_RULES } from './people.ts';

describe('urban parameters', () => {
  it('every declared parameter has a value within its bounds, a unit, a description and a source', () => {
    for (const [k, s] of Object.entries(URBAN_PARAMETER_TABLE)) {
      expect(s.value, k).toBeGreaterThanOrEqual(s.min);
      expect(s.value, k).toBeLessThanOrEqual(s.max);
      expect(s.unit.length, k).toBeGreaterThan(0);
      expect(s.description.length, k).toBeGreaterThan(10);
      expect(s.source.length, k).toBeGreaterThan(5);
    }
    expect(() => validateParams(defaultUrbanParams())).not.toThrow();
  });

  it('takes the imputation constants from data/impute.ts', () => {
    const p = defaultUrbanParams();
    expect(p.householdSize).toBe(DEFAULT_HOUSEHOLD_SIZE);
    expect(p.houseAreaM2).toBe(HOUSE_AREA_M2);
    expect(p.flatAreaM2).toBe(FLAT_AREA_M2);
    expect(p.netToGross).toBe(NET_TO_GROSS);
    expect(p.storeyHeightM).toBe(STOREY_HEIGHT_M);
    expect(p.householdSize).toBe(2.12);
    expect(p.crechePlacesPer100Under3).toBe(17.8);
    expect(p.formalChildcarePlacesPer100Under3).toBe(56.6);
  });

  it('has the residential-share rule of data/impute.ts for every use and 1–30 floors', () => {
    for (let u = 0; u < BUILDING_USES.length; u++) for (let f = 1; f <= 30; f++) expect(residentialShare(u, f)).toBe(imputeResidentialShare(BUILDING_USES[u], f));
  });

  it('the population-grid rule ids are those the territory builder registers', () => {
    const ids = tinyTerritory().territory.rules.map((r) => r.id);
    expect(ids).toContain(POPULATION_GRID_RULES.dwellings);
    expect(ids).toContain(POPULATION_GRID_RULES.inhabitants);
  });

  it('names the bad parameter', () => {
    expect(() => validateParams(defaultUrbanParams({ crechePlacesPer100Under3: -1 }))).toThrow(/crechePlacesPer100Under3 must be a number in \[0, 100\]/);
    expect(() => validateParams(defaultUrbanParams({ waterLPerPersonDay: NaN }))).toThrow(UrbanInputError);
    expect(() => validateParams(defaultUrbanParams({ householdSize: 0 }))).toThrow(/householdSize must be a positive number/);
    expect(() => validateParams(defaultUrbanParams({ storeyHeightM: { ...STOREY_HEIGHT_M, annex: 0 } }))).toThrow(/storeyHeightM\.annex/);
    expect(Object.keys(URBAN_PARAMETERS)).toContain('catchmentPrimaryM');
  });
});
