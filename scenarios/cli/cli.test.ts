/**
 * The `jumeau` CLI end to end, in-process (main(argv) with captured output) and once through the real binary
 * (bin.mjs via node) to check the package `bin` entry, exit codes and one-line errors.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from './main.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DATA = resolve(ROOT, '../shared/data');
const HAS_DATA = existsSync(DATA);
if (!HAS_DATA) console.warn(`CLI real-data tests skipped: ${DATA} is absent`);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { log: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}
const tmp = (): string => mkdtempSync(join(tmpdir(), 'jumeau-cli-'));

describe('jumeau CLI', () => {
  it('documents every command and option', async () => {
    const g = await run('--help');
    expect(g.code).toBe(0);
    for (const c of ['import', 'sample', 'data info']) expect(g.out).toContain(c);
    const i = await run('import', '--help');
    for (const o of ['--out', '--clip', '--crs', '--name', '--quiet', '--verbose', 'bdtopo', 'osm', 'geojson']) expect(i.out).toContain(o);
    const s = await run('sample', '--help');
    for (const o of ['--size', '--seed', '--out']) expect(s.out).toContain(o);
    const d = await run('data', 'info', '--help');
    expect(d.out).toContain('--json');
  });

  it('fails with one clear line and a non-zero exit on bad usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['sample', '--size', 'huge', '--out', '/tmp/x'], /--size must be one of district, city, metropolis, got "huge"/],
      [['sample', '--size', 'district'], /missing required option --out/],
      [['sample', '--size', 'district', '--seed', '-3', '--out', '/tmp/x'], /--seed must be an integer/],
      [['import', 'shp', '/tmp', '--out', '/tmp/x'], /unknown import format "shp"/],
      [['import', 'bdtopo', '/tmp', '--out', '/tmp/x', '--clip', '1,2,3'], /--clip expects minx,miny,maxx,maxy/],
      [['data', 'info', '/nonexistent-dir'], /\/nonexistent-dir: not a territory directory/],
      [['sample', '--bogus'], /unknown option --bogus/],
    ];
    for (const [argv, re] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
    const v = await run('data', 'info', '/nonexistent-dir', '--verbose');
    expect(v.err.split('\n').length).toBeGreaterThan(2); // stack trace only with --verbose
  });

  it('generates the district sample and reports it as JSON', async () => {
    const dir = tmp();
    const s = await run('sample', '--size', 'district', '--out', dir);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/SYNTHETIC district/);
    const r = await run('data', 'info', dir, '--json');
    const info = JSON.parse(r.out);
    for (const k of ['buildings', 'buildingsWithMeasuredHeight', 'roadLinks', 'roadNodes', 'inhabitants', 'households', 'bboxWgs84', 'crs', 'datasets']) expect(info).toHaveProperty(k);
    expect(info.synthetic).toBe(true);
    expect(info.buildings).toBeGreaterThanOrEqual(3000);
    expect(info.bboxWgs84).toHaveLength(4);
    expect(info.datasets.every((d: { licence: string; attribution: string }) => d.licence && d.attribution)).toBe(true);
  });

  it('runs as the package binary (bin.mjs) with exit codes', () => {
    const bin = join(ROOT, 'scenarios/cli/bin.mjs');
    const ok = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = spawnSync(process.execPath, [bin, 'data', 'info', '/nonexistent-dir'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a malformed input file naming it, without writing a partial territory as complete', async () => {
    const src = tmp();
    mkdirSync(join(src, 'g'));
    writeFileSync(join(src, 'g', 'buildings.geojson'), '{"type":"FeatureCollection","features":[');
    const out = tmp();
    const r = await run('import', 'geojson', join(src, 'g'), '--out', out);
    const text = r.out + r.err;
    expect(text).toMatch(/buildings\.geojson/);
    if (r.code === 0) expect(text).toMatch(/incomplete/i);
  });

  describe.skipIf(!HAS_DATA)('on the real Rodez data', () => {
    it('imports BD TOPO v2 and data info matches the real counts', async () => {
      const dir = tmp();
      const r = await run('import', 'bdtopo', join(DATA, 'rodez/bdtopo-v2'), '--out', dir);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Import report/);
      const info = JSON.parse((await run('data', 'info', dir, '--json')).out);
      expect(info.buildings).toBe(10481 + 655 + 66);
      expect(info.roadSegments).toBe(4981);
      expect(info.populationCells).toBe(457);
      expect(Math.abs(info.inhabitants - 29736)).toBeLessThanOrEqual(1); // 29 736.5 in the cells (Filosofi publishes imputed halves)
      expect(info.crs).toBe('EPSG:2154');
    });
    it('clips to a Lambert-93 window', async () => {
      const dir = tmp();
      const r = await run('import', 'bdtopo', join(DATA, 'rodez/bdtopo-v2'), '--out', dir, '--clip', '665100,6360500,667100,6362500', '--quiet');
      expect(r.code).toBe(0);
      const info = JSON.parse((await run('data', 'info', dir, '--json')).out);
      expect(info.buildings).toBeGreaterThan(3000);
      expect(info.buildings).toBeLessThan(10481 + 655 + 66);
    });
  });
});
