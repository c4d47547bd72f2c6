/**
 * Batch runner on worker threads: results of every scenario, resume without re-running, a worker killed
 * mid-batch retried without losing or duplicating results, invalid scenarios reported, sweeps expanded.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { tinyTerritory } from '../../data/test-fixtures.ts';
import { saveTerritory } from '../../data/store-node.ts';
import { runBatch } from './batch.ts';
import { parseSweep, expandSweeps } from './sweep.ts';
import type { Scenario } from '../format/scenario.ts';

const zone = { rings: [[[0, 0], [200, 0], [200, 200], [0, 200]]] as Array<Array<[number, number]>> };
const sc = (n: number): Scenario => ({
  id: `floors-${n}`,
  title: `+${n} floors`,
  territory: { name: 'tiny' },
  interventions: [{ type: 'densify', zone, addFloors: n }],
  parameters: { sun: { date: '2026-03-21', stepMin: 60, resolutionM: 4 } },
  seed: 1,
});

async function setup(): Promise<{ territory: string; scenarios: string; out: string }> {
  const root = mkdtempSync(join(tmpdir(), 'jumeau-batch-'));
  const territory = join(root, 'territory');
  await saveTerritory(territory, tinyTerritory().territory);
  const scenarios = join(root, 'scenarios');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(scenarios);
  for (const n of [1, 2, 3]) writeFileSync(join(scenarios, `s${n}.json`), JSON.stringify(sc(n)));
  writeFileSync(join(scenarios, 'bad.json'), JSON.stringify({ ...sc(9), interventions: [{ type: 'teleport' }] }));
  return { territory, scenarios, out: join(root, 'out') };
}

const files = (dir: string): string[] => readdirSync(dir).map((f) => join(dir, f));

describe('batch runner', () => {
  it('runs every scenario on 2 workers, reports the invalid one, resumes without re-running', async () => {
    const { territory, scenarios, out } = await setup();
    const first = await runBatch(files(scenarios), { territory, out, workers: 2 });
    expect(first.completed).toBe(3);
    expect(first.failed).toBe(1);
    expect(first.entries.find((e) => e.status === 'failed')!.error).toMatch(/bad\.json: \$\.interventions\[0\]\.type: expected one of densify/);
    expect(readdirSync(join(out, 'runs')).sort()).toHaveLength(3);
    const csv = readFileSync(join(out, 'indicators.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 4);
    expect(csv[0]).toMatch(/^scenario_id,scenario_hash,status,result_hash,error,.*urban\.inhabitants/);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const rows = (await c.runAndReadAll(`SELECT scenario_id, status FROM read_parquet('${join(out, 'indicators.parquet')}') ORDER BY scenario_id`)).getRowObjects();
    expect(rows.map((r) => `${r.scenario_id}:${r.status}`)).toEqual([`${join(scenarios, 'bad.json')}:failed`, 'floors-1:completed', 'floors-2:completed', 'floors-3:completed']);
    c.closeSync();
    const second = await runBatch(files(scenarios), { territory, out, workers: 2 });
    expect(second.skipped).toBe(3);
    expect(second.completed).toBe(0);
    expect(second.entries.filter((e) => e.status === 'skipped').map((e) => e.resultHash)).toEqual(first.entries.filter((e) => e.status === 'completed').map((e) => e.resultHash));
  });

  it('a worker killed mid-batch loses nothing: its task is retried and every result is written once', async () => {
    const { territory, scenarios, out } = await setup();
    let killed = 0;
    const summary = await runBatch(files(scenarios).filter((f) => !f.endsWith('bad.json')), {
      territory,
      out,
      workers: 2,
      onStart: ({ attempt, threads }) => {
        if (attempt === 1 && killed === 0 && threads.length) {
          killed++;
          void (threads[0] as Worker).terminate();
        }
      },
    });
    expect(killed).toBe(1);
    expect(summary.failed).toBe(0);
    expect(summary.completed).toBe(3);
    expect(summary.entries.some((e) => e.attempts === 2)).toBe(true);
    expect(readdirSync(join(out, 'runs')).filter((d) => !d.endsWith('.partial'))).toHaveLength(3);
    // Same results as an undisturbed in-thread batch.
    const calm = await runBatch(files(scenarios).filter((f) => !f.endsWith('bad.json')), { territory, out: join(out, '..', 'calm'), workers: 0 });
    expect(calm.entries.map((e) => e.resultHash).sort()).toEqual(summary.entries.map((e) => e.resultHash).sort());
  });

  it('validates swept variants like files: an out-of-range value fails, naming the variant', async () => {
    const { territory, scenarios, out } = await setup();
    const s = await runBatch([join(scenarios, 's1.json')], { territory, out, workers: 0, sweeps: [parseSweep('interventions[0].addFloors=60..61')] });
    expect(s.completed).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.entries.find((e) => e.status === 'failed')!.error).toMatch(/floors-1-addFloors-61\): \$\.interventions\[0\]\.addFloors: expected a number ≤ 60, found 61/);
  });

  it('expands sweeps into one scenario per value', () => {
    const list = expandSweeps(sc(1), [parseSweep('interventions[0].addFloors=1..3'), parseSweep('parameters.urban.householdSize=2,2.5')]);
    expect(list.map((s) => s.id)).toEqual(['floors-1-addFloors-1-householdSize-2', 'floors-1-addFloors-1-householdSize-2.5', 'floors-1-addFloors-2-householdSize-2', 'floors-1-addFloors-2-householdSize-2.5', 'floors-1-addFloors-3-householdSize-2', 'floors-1-addFloors-3-householdSize-2.5']);
    expect((list[5].interventions[0] as { addFloors: number }).addFloors).toBe(3);
    expect(list[5].parameters!.urban.householdSize).toBe(2.5);
    expect(() => parseSweep('addFloors')).toThrow(/expected path=a\.\.b/);
    expect(() => expandSweeps(sc(1), [parseSweep('interventions[4].addFloors=1..2')])).toThrow(/interventions\.4 does not exist/);
  });
});
