/**
 * `jumeau heat` end to end through its `run` function on a stored sample district: the three GeoTIFFs are
 * written on the territory's Lambert-93 grid with valid values, the summary has the fields the issue asks for
 * (by LCZ and by zone) and labels the traffic and building-energy sources; `--scenario` applies the greening
 * levers and the scenario's heat parameters (options override them) and a scenario without interventions gives
 * the same files as no scenario; bad options give one clear message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadTerritory } from '../../../data/store-node.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heatCommand } from './heat.ts';
import { generateSample } from '../../../data/sample/index.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { readGeoTiffFile } from '../../../data/geotiff/geotiff-node.ts';
import { STAGES } from '../../pipeline/stages/index.ts';

const HAS_TRAFFIC = STAGES.some((s) => s.outputs.includes('traffic.flows'));

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jumeau-heat-'));
  const t = generateSample({ size: 'district', seed: 3 });
  name = t.name;
  await saveTerritory(join(dir, 't'), t);
});

let name = '';
const scenario = (interventions: unknown[]) => ({ id: 's', title: 's', territory: { name }, interventions, seed: 1 });

async function run(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await heatCommand.run(argv, { log: (s) => out.push(s), err: (s) => out.push(s) });
  return { code, out };
}

describe('jumeau heat', () => {
  it('writes the night UHI, LCZ and day rasters and prints the JSON summary', async () => {
    const r = await run(join(dir, 't'), '--cell-m', '50', '--out', join(dir, 'heat.tif'), '--lcz', join(dir, 'lcz.tif'), '--day', join(dir, 'day.tif'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out.join('\n'));
    const s = j.summary;
    expect(j.synthetic).toBe(true);
    expect(s.cellSizeM).toBe(50);
    expect(s.night.meanK).toBeGreaterThan(0);
    expect(s.night.p95K).toBeGreaterThanOrEqual(s.night.meanK);
    expect(s.populationAbove.map((a: { thresholdK: number }) => a.thresholdK)).toEqual([2, 4]);
    for (const a of s.populationAbove) expect(a.share).toBeGreaterThanOrEqual(0);
    expect(s.population).toBeGreaterThan(10000);
    // By zone: populations add up to the total; compact midrise (historic core) is warmer than open low-rise.
    const pop = s.byLcz.reduce((a: number, z: { population: number }) => a + z.population, 0);
    expect(pop).toBeCloseTo(s.population, 3);
    const zone = (code: number) => s.byLcz.find((z: { code: number }) => z.code === code);
    expect(zone(2).nightMeanK).toBeGreaterThan(zone(6).nightMeanK);
    // Traffic heat from the assignment when the pipeline has a traffic stage, road-class defaults otherwise.
    expect(s.anthropogenic.trafficSource).toBe(HAS_TRAFFIC ? 'links' : 'default-by-road-class');
    if (HAS_TRAFFIC) expect(j.sources.traffic).toMatch(/^assignment: /);
    expect(s.anthropogenic.buildingHeatSource).toBe('input');
    expect(j.sources.buildings).toMatch(/urban model energy use/);
    // By zone (population cells): the zones' inhabitants above 2 K add up to the territory's.
    const zones = j.zones as Array<{ population: number; populationAboveWarm: number }>;
    expect(zones.length).toBeGreaterThan(5);
    expect(zones.reduce((a, z) => a + z.populationAboveWarm, 0)).toBeCloseTo(s.populationAbove[0].population, 3);
    const heat = readGeoTiffFile(join(dir, 'heat.tif'));
    const lcz = readGeoTiffFile(join(dir, 'lcz.tif'));
    const day = readGeoTiffFile(join(dir, 'day.tif'));
    for (const g of [heat, lcz, day]) {
      expect(g.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
      expect([g.width, g.height, g.pixelSizeX]).toEqual([j.grid.width, j.grid.height, 50]);
      // Snapped to multiples of the cell size in Lambert-93.
      expect(g.originX % 50).toBe(0);
      expect(g.originY % 50).toBe(0);
    }
    expect(Math.min(...heat.values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...heat.values)).toBeCloseTo(s.night.maxK, 4);
    for (const v of lcz.values) expect(v >= 1 && v <= 17 && Number.isInteger(v)).toBe(true);
    expect(heat.unit).toBe('K');
  });

  it('prints a readable summary that labels the defaults and the synthetic data', async () => {
    const r = await run(join(dir, 't'), '--cell-m', '50', '--wind-ms', '5', '--traffic', 'default', '--out', join(dir, 'heat5.tif'));
    const text = r.out.join('\n');
    expect(text).toMatch(/\[SYNTHETIC territory\]/);
    expect(text).toMatch(/night UHI .*mean .* K, p95 .* K/);
    expect(text).toMatch(/inhabitants in cells above 2 K: .*%/);
    expect(text).toMatch(/LCZ 2 compact midrise/);
    expect(text).toMatch(/DEFAULT by road class/);
    expect(text).toMatch(/buildings from the urban model energy use/);
    expect(text).toMatch(/by zone \(\d+ with inhabitants; --json for all\): warmest /);
    expect(text).toMatch(/regional wind 5 m\/s/);
  });

  it('takes daily traffic per link from a CSV file instead of the defaults', async () => {
    const { territory } = await loadTerritory(join(dir, 't'));
    const L = territory.roads.linkCount;
    const csv = ['link,veh_per_day', ...Array.from({ length: L }, (_, i) => `${i},${i === 0 ? 1000 : 0}`)].join('\n');
    writeFileSync(join(dir, 'flows.csv'), csv);
    const r = await run(join(dir, 't'), '--cell-m', '50', '--link-flows', join(dir, 'flows.csv'), '--out', join(dir, 'h.tif'), '--json');
    const s = JSON.parse(r.out.join('\n')).summary;
    expect(s.anthropogenic.trafficSource).toBe('links');
    // Only link 0 carries traffic: 1 000 vehicles × its length.
    expect(s.anthropogenic.trafficVehKmPerDay).toBeCloseTo(territory.roads.lengthM[0], 0);
    writeFileSync(join(dir, 'bad.csv'), 'link,veh_per_day\n0,-3\n');
    await expect(run(join(dir, 't'), '--link-flows', join(dir, 'bad.csv'), '--out', join(dir, 'h.tif'))).rejects.toThrow(/bad.csv: line 2: veh_per_day of link 0 must be a non-negative number/);
    writeFileSync(join(dir, 'short.csv'), 'link,veh_per_day\n0,3\n');
    await expect(run(join(dir, 't'), '--link-flows', join(dir, 'short.csv'), '--out', join(dir, 'h.tif'))).rejects.toThrow(/short.csv: link 1 has no veh_per_day/);
  });

  it('applies a scenario: greening levers, its heat parameters (overridden by options); no interventions = no scenario', async () => {
    const t = join(dir, 't');
    const zone = { rings: [[[-300, -300], [300, -300], [300, 300], [-300, 300]]] };
    writeFileSync(join(dir, 'green.json'), JSON.stringify({ ...scenario([{ type: 'trees', zone, canopyShare: 0.5 }, { type: 'de-paving', zone, share: 0.3 }]), parameters: { heat: { cellSizeM: 50, date: '2025-08-01' } } }));
    writeFileSync(join(dir, 'empty.json'), JSON.stringify(scenario([])));
    const json = async (...a: string[]) => JSON.parse((await run(t, ...a, '--json')).out.join('\n'));
    const green = await json('--scenario', join(dir, 'green.json'), '--out', join(dir, 'g.tif'));
    const base = await json('--cell-m', '50', '--date', '2025-08-01', '--out', join(dir, 'b.tif'));
    expect(green.scenario).toBe('s');
    expect(green.grid.cellSizeM).toBe(50);
    expect(green.params.date).toBe('2025-08-01');
    expect(green.summary.night.meanK).toBeLessThan(base.summary.night.meanK);
    expect(green.summary.day.meanK).toBeLessThan(base.summary.day.meanK);
    const over = await json('--scenario', join(dir, 'green.json'), '--cell-m', '100', '--out', join(dir, 'o.tif'));
    expect(over.grid.cellSizeM).toBe(100);
    await run(t, '--scenario', join(dir, 'empty.json'), '--cell-m', '50', '--date', '2025-08-01', '--out', join(dir, 'e.tif'));
    expect(readFileSync(join(dir, 'e.tif')).equals(readFileSync(join(dir, 'b.tif')))).toBe(true);
    const text = (await run(t, '--scenario', join(dir, 'green.json'), '--out', join(dir, 'g2.tif'))).out.join('\n');
    expect(text).toMatch(/scenario s \(.*green.json\): 2 interventions/);
  });

  it('refuses bad options with one clear message', async () => {
    const t = join(dir, 't');
    await expect(run(t, '--cell-m', '0', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--cell-m must be a number in \[5, 200\]/);
    await expect(run(t, '--traffic', 'guess', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--traffic must be assigned or default, got "guess"/);
    await expect(run(t, '--date', '2025-02-30', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--date: "2025-02-30" is not a calendar date/);
    await expect(run(t, '--wind-ms', 'fast', '--out', join(dir, 'x.tif'))).rejects.toThrow(/--wind-ms must be a number/);
    await expect(run(t)).rejects.toThrow(/missing required option --out/);
    await expect(run(t, '--scenario', join(dir, 'none.json'), '--out', join(dir, 'x.tif'))).rejects.toThrow(/none.json: cannot read the scenario/);
    writeFileSync(join(dir, 'bad-scenario.json'), JSON.stringify({ ...scenario([]), parameters: { heat: { cellSizeM: 1 } } }));
    await expect(run(t, '--scenario', join(dir, 'bad-scenario.json'), '--out', join(dir, 'x.tif'))).rejects.toThrow(/\$\.parameters\.heat\.cellSizeM/);
    await expect(run(dir, '--out', join(dir, 'x.tif'))).rejects.toThrow(/not a territory directory/);
  });
});
