/**
 * `jumeau urban` through its command contract on a stored sample district: the JSON summary fields, the CSV
 * tables (one row per building, per zone + "outside", per equipment × service) whose sums equal the summary,
 * the text output, and one clear error per bad usage.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../data/sample/index.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { UsageError } from '../args.ts';
import { SUMMARY_FIELDS, urbanCommand } from './urban.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await urbanCommand.run(argv, { log: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  // No quoted commas in these tables except names, which the tests do not read.
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

const col = (t: { header: string[]; rows: string[][] }, name: string): number[] => {
  const k = t.header.indexOf(name);
  if (k < 0) throw new Error(`no column ${name}`);
  return t.rows.map((r) => Number(r[k]));
};
const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);

describe('jumeau urban', () => {
  let dir: string;
  let buildings: number;
  let cells: number;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jumeau-urban-'));
    const t = generateSample({ size: 'district', seed: 2 });
    buildings = t.buildings.count;
    cells = t.population.count;
    await saveTerritory(path.join(dir, 'territory'), t);
  });

  it('prints the JSON summary and writes the tables', async () => {
    const out = path.join(dir, 'out');
    const r = await run(path.join(dir, 'territory'), '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of ['inhabitants', 'dwellings', 'jobs', 'crechePlacesNeeded', 'primarySeatsNeeded', 'energyMWhPerYear', 'waterM3PerDay']) expect(typeof j[k], k).toBe('number');
    expect(Object.keys(j)).toEqual([...SUMMARY_FIELDS, 'files']);
    const b = readCsv(path.join(out, 'buildings.csv'));
    const z = readCsv(path.join(out, 'zones.csv'));
    const e = readCsv(path.join(out, 'equipment.csv'));
    expect(b.rows.length).toBe(buildings);
    expect(z.rows.length).toBe(cells + 1);
    expect(z.rows[cells][1]).toBe('outside');
    expect(e.rows.length).toBeGreaterThan(0);
    // The tables add up to the summary (values rounded to 1e-3 in the CSV).
    expect(sum(col(b, 'inhabitants'))).toBeCloseTo(j.inhabitants, 0);
    expect(sum(col(z, 'inhabitants'))).toBeCloseTo(j.inhabitants, 0);
    expect(sum(col(z, 'primary_need'))).toBeCloseTo(j.primarySeatsNeeded, 1);
    expect(sum(col(z, 'energy_mwh_ep_per_year'))).toBeCloseTo(j.energyMWhPerYear, 0);
    expect(sum(col(b, 'water_m3_per_day'))).toBeCloseTo(j.waterM3PerDay, 0);
    // The generated population grid is the baseline: its cells hold all their inhabitants.
    expect(new Set(b.rows.map((row) => row[b.header.indexOf('inhabitants_source')]))).toEqual(new Set(['population-grid', 'model']));
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.baseline.totals.inhabitants).toBeCloseTo(j.inhabitants, 9);
    expect(summary.params.householdSize).toBe(2.12);
  });

  it('prints a readable summary, with the model-only baseline on request', async () => {
    const r = await run(path.join(dir, 'territory'), '--out', path.join(dir, 'out2'), '--baseline', 'model');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\[SYNTHETIC\]: \d+ buildings, \d+ zones, baseline from the model only/);
    expect(r.out).toMatch(/crechePlacesNeeded\s+\d+ places/);
    expect(r.out).toMatch(/energyMWhPerYear\s+[\d ]+ MWh EP\/yr/);
    expect(r.out).toMatch(/note: baseline dwellings and inhabitants all estimated/);
  });

  it('fails with one clear error per bad usage', async () => {
    await expect(run(path.join(dir, 'territory'))).rejects.toThrow(/missing required option --out/);
    await expect(run(path.join(dir, 'territory'), '--out', dir, '--baseline', 'guess')).rejects.toThrow(UsageError);
    await expect(run(path.join(dir, 'nowhere'), '--out', dir)).rejects.toThrow(/not a territory directory/);
    await expect(run(path.join(dir, 'territory'), '--out', dir, '--scenario', 'missing.json')).rejects.toThrow(/missing\.json: cannot read the scenario/);
  });
});
