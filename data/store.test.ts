import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tinyTerritory } from './test-fixtures.ts';
import { loadTerritory, saveTerritory } from './store-node.ts';
import { territoryInfo } from './info.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'jumeau-store-'));

function expectSameTerritory(a: unknown, b: unknown, path = 'territory'): void {
  if (ArrayBuffer.isView(a)) {
    expect(ArrayBuffer.isView(b), path).toBe(true);
    expect((b as object).constructor, path).toBe((a as object).constructor);
    expect(Array.from(b as unknown as ArrayLike<number>), path).toEqual(Array.from(a as unknown as ArrayLike<number>));
  } else if (Array.isArray(a)) expect(b, path).toEqual(a);
  else if (a && typeof a === 'object') {
    expect(Object.keys(b as object).sort(), path).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expectSameTerritory((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else expect(b, path).toEqual(a);
}

describe('territory store', () => {
  const { territory, report } = tinyTerritory();

  it('round-trips every column exactly', async () => {
    const dir = tmp();
    await saveTerritory(dir, territory, [{ importer: 'test', source: 'fixture', datasetIds: ['fixture'], report: report.data }]);
    const { territory: back, manifest } = await loadTerritory(dir, { verify: true });
    expectSameTerritory(territory, back);
    expect(manifest.imports[0].report.source).toBe('fixture');
  });

  it('is byte-identical when written twice', async () => {
    const d1 = tmp();
    const d2 = tmp();
    const m1 = await saveTerritory(d1, territory);
    const m2 = await saveTerritory(d2, territory);
    expect(readFileSync(join(d1, 'territory.json'))).toEqual(readFileSync(join(d2, 'territory.json')));
    expect(m1.columns).toEqual(m2.columns);
  });

  it('exposes SQL views that DuckDB (Node) reads and that agree with the columns', async () => {
    const dir = tmp();
    await saveTerritory(dir, territory);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;');
    const q = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjects();
    const b = await q(`SELECT count(*)::INT AS n, sum(height_m)::DOUBLE AS h, sum(inhabitants)::DOUBLE AS inh FROM read_csv('${dir}/sql/buildings.csv')`);
    let h = 0;
    let inh = 0;
    for (let i = 0; i < territory.buildings.count; i++) {
      h += territory.buildings.heightM[i];
      inh += territory.buildings.inhabitants[i];
    }
    expect(b[0].n).toBe(territory.buildings.count);
    expect(b[0].h as number).toBeCloseTo(h, 2);
    expect(b[0].inh as number).toBeCloseTo(inh, 2);
    const oneWay = await q(`SELECT class, count(*)::INT AS n FROM read_csv('${dir}/sql/road_links.csv') GROUP BY class ORDER BY class`);
    expect(oneWay).toEqual([
      { class: 'primary', n: 1 },
      { class: 'residential', n: 2 },
      { class: 'secondary', n: 1 },
    ]);
    const ds = await q(`SELECT id, licence FROM read_csv('${dir}/sql/datasets.csv')`);
    expect(ds).toEqual([{ id: 'fixture', licence: 'CC0' }]);
    c.closeSync();
  });

  it('reports a truncated or corrupted column naming the file', async () => {
    const dir = tmp();
    const m = await saveTerritory(dir, territory);
    const col = m.columns['buildings.heightM'].file;
    truncateSync(join(dir, col), 4);
    await expect(loadTerritory(dir)).rejects.toThrow(new RegExp(`${col.replace('.', '\\.')}: 4 bytes, expected 16 \\(truncated\\?\\)`));
    const dir2 = tmp();
    const m2 = await saveTerritory(dir2, territory);
    const f = join(dir2, m2.columns['buildings.floors'].file);
    const bytes = readFileSync(f);
    bytes[0] ^= 0xff;
    writeFileSync(f, bytes);
    await expect(loadTerritory(dir2, { verify: true })).rejects.toThrow(/buildings\.floors\.u16: checksum mismatch/);
  });

  it('refuses a directory that is not a territory', async () => {
    await expect(loadTerritory(tmp())).rejects.toThrow(/not a territory directory \(no territory\.json\)/);
  });

  it('summarises counts for data info', () => {
    const i = territoryInfo(territory);
    expect(i.buildings).toBe(4);
    expect(i.buildingsWithMeasuredHeight).toBe(1);
    expect(i.roadLinks).toBe(4);
    expect(i.roadNodes).toBe(4);
    expect(i.inhabitants).toBe(110);
    expect(i.households).toBe(45);
    // Local bbox [0, -10, 510, 510] around Lambert-93 (352000, 6789000), near Rennes.
    expect(i.bboxWgs84[0]).toBeGreaterThan(-1.8);
    expect(i.bboxWgs84[2]).toBeLessThan(-1.6);
    expect(i.bboxWgs84[1]).toBeGreaterThan(48.0);
    expect(i.datasets[0]).toMatchObject({ id: 'fixture', licence: 'CC0', attribution: 'test data' });
  });
});
