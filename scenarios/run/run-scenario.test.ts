import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyTerritory } from '../../data/test-fixtures.ts';
import { runScenario } from './run-scenario.ts';
import { runFiles, writeRunDir, readRunDir, isCompleteRun } from './run-dir.ts';
import { compareIndicators } from './indicators.ts';
import type { Scenario } from '../format/scenario.ts';

const { territory } = tinyTerritory();
const zoneA = { rings: [[[0, 0], [200, 0], [200, 200], [0, 200]]] as Array<Array<[number, number]>> };
const scenario = (addFloors: number, extra: Scenario['interventions'] = []): Scenario => ({
  id: `add-${addFloors}`,
  title: `Add ${addFloors} floors in cell A`,
  territory: { name: 'tiny' },
  interventions: [...(addFloors ? [{ type: 'densify' as const, zone: zoneA, addFloors, uses: ['residential' as const] }] : []), ...extra],
  parameters: { sun: { date: '2026-12-21', stepMin: 30, resolutionM: 2 } },
  seed: 1,
});
const value = (r: Awaited<ReturnType<typeof runScenario>>, id: string): number => r.output.indicators.find((i) => i.id === id && !i.zone)!.value;

describe('runScenario (coupled pipeline)', () => {
  it('densification raises inhabitants and takes sun from neighbours; zero change leaves them as they are', async () => {
    const none = await runScenario({ territory, scenario: scenario(0) });
    const two = await runScenario({ territory, scenario: scenario(2) });
    expect(value(two, 'urban.inhabitants')).toBeGreaterThan(value(none, 'urban.inhabitants'));
    expect(value(two, 'urban.dwellings')).toBeGreaterThan(value(none, 'urban.dwellings'));
    expect(value(none, 'sun.facadeHoursLost')).toBe(0);
    expect(value(two, 'sun.facadeHoursLost')).toBeGreaterThan(0);
    // Every indicator carries a unit and provenance.
    for (const i of two.output.indicators) {
      expect(i.unit).not.toBe('');
      expect(i.provenance.model).not.toBe('');
    }
  });

  it('is deterministic and an incremental re-run equals a full run', async () => {
    const a = await runScenario({ territory, scenario: scenario(1) });
    const b = await runScenario({ territory, scenario: scenario(1) });
    expect(runFiles(a.output).resultHash).toBe(runFiles(b.output).resultHash);
    const edited = await runScenario({ territory, scenario: scenario(3), previous: a.state });
    expect(edited.state.stages['sun-before'].ran).toBe(false); // the baseline sun is reused
    expect(edited.state.stages['sun-after'].ran).toBe(true);
    const full = await runScenario({ territory, scenario: scenario(3) });
    expect(runFiles(edited.output).resultHash).toBe(runFiles(full.output).resultHash);
  });

  it('applies road edits: closure removes links, speed changes keep them', async () => {
    const r = await runScenario({ territory, scenario: scenario(0, [{ type: 'road-closure', roads: { segmentIds: ['r0'] } }, { type: 'road-speed', roads: { segmentIds: ['r2'] }, speedKmh: 30 }]), targets: ['territory.after'] });
    expect(r.state.stages.roads.ran).toBe(true);
    const after = r.state.stages.roads.outputs['territory.after'] as typeof territory;
    expect(after.roads.linkCount).toBe(territory.roads.linkCount - 2);
    const l = Array.from(after.roads.linkSegment).indexOf(2);
    expect(after.roads.freeSpeedKmh[l]).toBe(30);
    expect(after.rules[after.roads.speedRule[l]].description).toMatch(/road-speed/);
    expect(territory.roads.linkCount).toBe(4); // input not mutated
  });

  it('writes a run directory atomically with hashes, and compares any two runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jumeau-run-'));
    const r1 = await runScenario({ territory, scenario: scenario(1) });
    const r2 = await runScenario({ territory, scenario: scenario(2) });
    const m1 = writeRunDir(join(dir, 'a'), r1.output);
    writeRunDir(join(dir, 'b'), r2.output);
    expect(existsSync(join(dir, 'a.partial'))).toBe(false);
    for (const f of ['manifest.json', 'scenario.json', 'indicators.json', 'indicators.csv', 'zone-indicators.csv', 'buildings.csv', 'zones.csv', 'sun-lost-by-building.csv']) expect(existsSync(join(dir, 'a', f)), f).toBe(true);
    expect(m1.resultHash).toBe(runFiles(r1.output).resultHash);
    expect(isCompleteRun(join(dir, 'a'), r1.output.scenarioHash, r1.output.territoryHash)).toBe(true);
    expect(isCompleteRun(join(dir, 'a'), r2.output.scenarioHash, r1.output.territoryHash)).toBe(false);
    const diff = compareIndicators(readRunDir(join(dir, 'a')).indicators, readRunDir(join(dir, 'b')).indicators);
    const inh = diff.find((d) => d.id === 'urban.inhabitants' && !d.zone)!;
    expect(inh.delta).toBeCloseTo(value(r2, 'urban.inhabitants') - value(r1, 'urban.inhabitants'), 6);
    expect(JSON.parse(readFileSync(join(dir, 'a', 'manifest.json'), 'utf8')).parameters.sun.date).toBe('2026-12-21');
  });
});
