/**
 * Scenarios through the worker API, in-thread, on a hand-made territory read back from a real store. Truths:
 * `runScenario` called directly (the CLI's path) and its run files (result hash, indicators, file sizes);
 * an incremental re-run equals a full run; cancellation stops the pipeline between stages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeStoreIO, saveTerritory } from '../data/store-node.ts';
import { tinyTerritory } from '../data/test-fixtures.ts';
import type { Scenario } from '../scenarios/format/scenario.ts';
import { CancelledError, type ProgressEvent } from '../scenarios/pipeline/pipeline.ts';
import { runFiles } from '../scenarios/run/run-files.ts';
import { runScenario, territoryHash } from '../scenarios/run/run-scenario.ts';
import type { Territory } from '../engine/territory.ts';
import { TerritoryApi } from './territory-api.ts';
import { ScenarioApi } from './scenario-api.ts';
import { baselineScenario } from '../scenarios/format/scenario.ts';

let dir = '';
let t: Territory;
const api = new TerritoryApi();

const zoneA = { rings: [[[0, 0], [200, 0], [200, 200], [0, 200]]] as Array<Array<[number, number]>> };
const densify = (addFloors: number, id = 'densify-a'): Scenario => ({
  id,
  title: `Add ${addFloors} floors in cell A`,
  territory: { name: 'tiny' },
  interventions: [{ type: 'densify', zone: zoneA, addFloors, uses: ['residential'] }],
  parameters: { sun: { date: '2026-12-21', stepMin: 30, resolutionM: 2 } },
  seed: 1,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jumeau-scenario-api-'));
  t = tinyTerritory().territory;
  await saveTerritory(dir, t);
  await api.open(nodeStoreIO(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ScenarioApi (scenarios in the viewer worker)', () => {
  it('gives the result hash, indicators and files of runScenario + runFiles (what `jumeau run` writes)', async () => {
    const s = densify(2);
    const direct = await runScenario({ territory: t, scenario: s });
    const rf = runFiles(direct.output);
    const r = await new ScenarioApi(() => t).run(JSON.stringify(s));
    expect(r.territoryHash).toBe(territoryHash(t));
    expect(r.resultHash).toBe(rf.resultHash);
    expect(r.indicators).toEqual(direct.output.indicators);
    expect(r.files).toEqual(Object.keys(rf.hashes).map((name) => ({ name, bytes: rf.files[name].byteLength, sha256: rf.hashes[name] })));
    expect(r.files.map((f) => f.name)).toEqual(expect.arrayContaining(['scenario.json', 'indicators.csv', 'buildings.csv']));
    expect(r.ran).toEqual(Object.keys(direct.output.timings));
    // The store's territory (what the worker loads over HTTP) hashes like the in-memory one.
    expect(api.scenarios.territoryHash()).toBe(territoryHash(t));
    await api.scenarios.run(s);
    expect(api.scenarios.file(s.id, 'buildings.csv')).toEqual(rf.files['buildings.csv']);
  });

  it('re-runs only what an edit changed (state kept per scenario id), as runScenario does with the previous state', async () => {
    const sa = new ScenarioApi(() => t);
    const first = await sa.run(densify(1));
    expect(first.reused).toEqual([]);
    const same = await sa.run(densify(1));
    expect(same.ran).toEqual([]);
    expect(same.resultHash).toBe(first.resultHash);
    const edited = await sa.run(densify(3));
    expect(edited.reused).toContain('sun-before'); // the baseline sun does not depend on interventions
    expect(edited.ran).toEqual(expect.arrayContaining(['urban', 'sun-after', 'sun-indicators']));
    // The same sequence through runScenario (warm starts included; that it equals a full run is the pipeline's
    // own property, tested in scenarios/run).
    const a = await runScenario({ territory: t, scenario: densify(1) });
    const b = await runScenario({ territory: t, scenario: densify(3), previous: a.state });
    expect(edited.resultHash).toBe(runFiles(b.output).resultHash);
    expect(edited.resultHash).not.toBe(first.resultHash);
    const full = await new ScenarioApi(() => t).run(densify(3));
    // Another scenario id shares the stage results (the baseline sun) but not the state.
    const other = await sa.run(densify(3, 'other'));
    expect(other.reused).toEqual(expect.arrayContaining(['sun-before', 'urban']));
    expect(other.scenarioHash).not.toBe(full.scenarioHash); // the scenario (its id) is part of the hash
    expect(other.resultHash).not.toBe(full.resultHash);
  });

  it('reports progress for every stage, in order, ending with all stages done', async () => {
    const events: ProgressEvent[] = [];
    const r = await new ScenarioApi(() => t).run(densify(2), { onProgress: (e) => events.push(e) });
    // A stage is finished when the count of finished stages goes up (its own progress may reach 1 before).
    const ends = events.filter((e, i) => e.done > (i > 0 ? events[i - 1].done : 0));
    expect(ends.map((e) => e.stage)).toEqual(Object.keys(r.timings));
    expect(ends.map((e) => e.done)).toEqual(ends.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ done: ends.length, total: ends.length, fraction: 1 });
    expect(events[0]).toMatchObject({ stage: 'urban', fraction: 0, done: 0 });
  });

  it('cancels through an AbortSignal or a shared cancel flag between stages, and stays usable', async () => {
    const sa = new ScenarioApi(() => t);
    const ac = new AbortController();
    await expect(sa.run(densify(2), { signal: ac.signal, onProgress: (e) => e.stage === 'roads' && ac.abort() })).rejects.toThrow(/cancelled during stage roads/);
    expect(sa.lastRun()).toMatchObject({ outcome: 'cancelled', stagesFinished: ['urban'] });
    const flag = new Int32Array(new SharedArrayBuffer(4));
    // (Stage results finished by a cancelled run are shared: another edit, so that urban computes again.)
    await expect(sa.run(densify(4), { cancelFlag: flag, onProgress: (e) => e.stage === 'urban' && e.fraction === 0 && Atomics.store(flag, 0, 1) })).rejects.toThrow(/cancelled before stage roads/);
    expect(sa.lastRun()).toMatchObject({ outcome: 'cancelled', stagesFinished: ['urban'] });
    const aborted = new AbortController();
    aborted.abort();
    await expect(sa.run(densify(2), { signal: aborted.signal })).rejects.toThrow(CancelledError);
    // A cancelled run leaves no state behind: the next run computes and gives the full result.
    const r = await sa.run(densify(2));
    expect(r.resultHash).toBe(runFiles((await runScenario({ territory: t, scenario: densify(2) })).output).resultHash);
    expect(sa.lastRun()!.outcome).toBe('done');
  });

  it('refuses invalid scenarios with the JSON path, and scenarios for another territory', async () => {
    const sa = new ScenarioApi(() => t);
    await expect(sa.run({ ...densify(1), interventions: [{ type: 'densify', zone: zoneA, addFloors: 'two' }] })).rejects.toThrow(/\$\.interventions\[0\]\.addFloors/);
    await expect(sa.run({ ...densify(1), territory: { name: 'elsewhere' } })).rejects.toThrow(/\$\.territory\.name.*"tiny"/);
    await expect(sa.run('{ not json')).rejects.toThrow(/valid JSON/);
    expect(sa.lastRun()?.outcome).toBe('failed'); // the territory check runs in the pipeline
    expect(() => sa.file('nothing', 'scenario.json')).toThrow(/no finished run of scenario "nothing"/);
  });

  it('runs the baseline for artefacts and starts afresh when another territory is open', async () => {
    let current = t;
    const sa = new ScenarioApi(() => current);
    const { summary, artefacts } = await sa.artefacts(baselineScenario(t), {}, { targets: ['territory.after'] });
    expect(summary.ran).toEqual(['urban', 'roads']);
    expect((artefacts['territory.after'] as Territory).roads.linkCount).toBe(t.roads.linkCount);
    const other = tinyTerritory().territory;
    other.buildings.heightM[0] = 12;
    current = other;
    expect(sa.territoryHash()).not.toBe(territoryHash(t));
    const again = await sa.artefacts(baselineScenario(t), {}, { targets: ['territory.after'] });
    expect(again.summary.ran).toEqual(['urban', 'roads']); // nothing reused from the other territory
  });
});
