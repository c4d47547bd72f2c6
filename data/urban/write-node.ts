/** Writes urban-model results to a folder: buildings.csv, zones.csv, equipment.csv and summary.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UrbanParams } from '../../engine/urban/params.ts';
import type { UrbanResult, UrbanState } from '../../engine/urban/model.ts';
import { buildingsCsv, equipmentCsv, zonesCsv } from './csv.ts';

/** Writes one state's tables as `<prefix>buildings.csv` … and returns the paths written. */
export function writeUrbanState(dir: string, s: UrbanState, prefix = ''): string[] {
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    [`${prefix}buildings.csv`, buildingsCsv(s)],
    [`${prefix}zones.csv`, zonesCsv(s)],
    [`${prefix}equipment.csv`, equipmentCsv(s)],
  ];
  return files.map(([name, text]) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}

/**
 * Writes the baseline tables (and the scenario's, prefixed `scenario-`, when there is one) and summary.json
 * (totals, scenario − baseline, notes, parameters). Returns the paths written.
 */
export function writeUrbanResult(dir: string, r: UrbanResult, params: UrbanParams, meta: Record<string, unknown> = {}): string[] {
  const files = writeUrbanState(dir, r.baseline);
  if (r.scenario) files.push(...writeUrbanState(dir, r.scenario, 'scenario-'));
  const summary = {
    ...meta,
    units: { energy: 'MWh of primary energy per year (DPE 2021 / RE2020 conventions)', water: 'm³ per day', areas: 'm²' },
    baseline: { totals: r.baseline.totals, notes: r.baseline.notes },
    scenario: r.scenario ? { totals: r.scenario.totals, notes: r.scenario.notes, interventions: r.interventions?.log } : null,
    delta: r.delta,
    params,
  };
  const p = path.join(dir, 'summary.json');
  writeFileSync(p, JSON.stringify(summary, null, 2) + '\n');
  files.push(p);
  return files;
}
