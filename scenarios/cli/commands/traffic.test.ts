/**
 * `jumeau traffic` end to end through its `run` function on a sample district store: the JSON summary, the four
 * files (CSV rows = directed links, GeoJSON in WGS84 over the territory, summary = CSV re-summed, gateways.csv rows
 * = gateways with their trips entering and leaving = their connector flows), a scenario
 * closing roads (flows move, the closed links carry nothing), bad usage; (real data) the Rodez BD TOPO import.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../data/sample/index.ts';
import { saveTerritory } from '../../../data/store-node.ts';
import { localBboxToWgs84 } from '../../../data/frame.ts';
import { bboxOfXY, type Territory } from '../../../engine/territory.ts';
import type { Command } from '../command.ts';
import { importCommand } from './import.ts';
import { trafficCommand } from './traffic.ts';

async function run(cmd: Command, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cmd.run(argv, { log: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

function csvRows(file: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split(',');
  // No quoted fields with commas in the sample names (checked: the split gives as many fields as columns).
  return lines.map((l) => {
    const f = l.split(',');
    expect(f.length).toBe(cols.length);
    return Object.fromEntries(cols.map((c, i) => [c, f[i]]));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'jumeau-traffic-'));
const store = join(dir, 'district');
let territory: Territory;

beforeAll(async () => {
  territory = generateSample({ size: 'district', seed: 1 });
  await saveTerritory(store, territory);
});

describe('jumeau traffic on the sample district', () => {
  it('writes link flows (CSV, GeoJSON) and a summary consistent with them', async () => {
    const out = join(dir, 'base');
    const r = await run(trafficCommand, store, '--out', out, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.converged).toBe(true);
    expect(s.relativeGap).toBeLessThanOrEqual(1e-4);
    expect(s.zones).toBeGreaterThan(3);
    expect(s.trips).toBeCloseTo(s.assignedTrips + s.intrazonalTrips + s.unreachableTrips, 6);
    expect(s.unreachableTrips).toBe(0);
    expect(s.vehicleKm).toBeGreaterThan(0);
    expect(s.meanSpeedKmh).toBeGreaterThan(5);
    expect(s.meanSpeedKmh).toBeLessThan(110);
    const rows = csvRows(join(out, 'link-flows.csv'));
    expect(rows.length).toBe(territory.roads.linkCount);
    const summary = JSON.parse(readFileSync(join(out, 'traffic-summary.json'), 'utf8'));
    let vkm = 0;
    let over = 0;
    for (const row of rows) {
      vkm += (Number(row.flow_veh_h) * Number(row.length_m)) / 1000;
      if (Number(row.vc) > 1) over++;
      if (row.cars === '0') expect(Number(row.flow_veh_h)).toBe(0);
      expect(Number(row.flow_veh_day)).toBeCloseTo(Number(row.flow_veh_h) / 0.1, 1);
    }
    expect(vkm).toBeCloseTo(summary.networkVehicleKmPeak, 0);
    expect(over).toBe(summary.linksOverCapacity);
    expect(summary.parameters.tripsPerPersonDay).toBe(4);
    expect(summary.seconds).toBeUndefined(); // no timing in result files (deterministic run hashes)
    expect(s.trips).toBeCloseTo(s.internalTrips + s.exchangeTrips + s.throughTrips, 6);
    expect(summary.trips).toMatch(/residents' car trips within the territory/);
    // gateways.csv: one row per gateway; what enters there = its exchange + through trips entering.
    const gw = csvRows(join(out, 'gateways.csv'));
    expect(gw.length).toBe(summary.gateways);
    let exchange = 0;
    for (const row of gw) {
      exchange += Number(row.exchange_in_veh_h) + Number(row.exchange_out_veh_h);
      expect(Number(row.flow_in_veh_h)).toBeCloseTo(Number(row.exchange_in_veh_h) + Number(row.through_in_veh_h), 1);
      expect(Number(row.flow_out_veh_h)).toBeCloseTo(Number(row.exchange_out_veh_h) + Number(row.through_out_veh_h), 1);
    }
    expect(exchange).toBeCloseTo(summary.exchangeTripsPeak, 1);
    const gj = JSON.parse(readFileSync(join(out, 'link-flows.geojson'), 'utf8'));
    expect(gj.type).toBe('FeatureCollection');
    expect(gj.features.length).toBe(summary.carLinks);
    const [x0, y0, x1, y1] = localBboxToWgs84(territory.frame, bboxOfXY(territory.roads.nodeXY));
    for (const f of gj.features.slice(0, 200))
      for (const [lon, lat] of f.geometry.coordinates) {
        expect(lon).toBeGreaterThanOrEqual(x0 - 1e-6);
        expect(lon).toBeLessThanOrEqual(x1 + 1e-6);
        expect(lat).toBeGreaterThanOrEqual(y0 - 1e-6);
        expect(lat).toBeLessThanOrEqual(y1 + 1e-6);
      }
    // Near Rennes (the sample's frame): lon ≈ −1.7, lat ≈ 48.1.
    expect(gj.features[0].geometry.coordinates[0][0]).toBeCloseTo(-1.68, 0);
    expect(gj.features[0].geometry.coordinates[0][1]).toBeCloseTo(48.1, 0);
    // The GeoJSON runs in the link's direction: its first vertex is the link's from node.
    const f0 = gj.features[0].properties.link;
    expect(Number(rows[f0].from_node)).toBe(territory.roads.linkFrom[f0]);
  });

  it('applies a scenario: closing the busiest street moves its traffic elsewhere', async () => {
    const base = csvRows(join(dir, 'base', 'link-flows.csv'));
    let busiest = base[0];
    for (const row of base) if (Number(row.flow_veh_h) > Number(busiest.flow_veh_h)) busiest = row;
    const sc = { id: 'close', title: 'close', territory: { name: territory.name }, interventions: [{ type: 'road-closure', roads: { segmentIds: [busiest.source_id] } }], seed: 1, parameters: { traffic: { gap: 1e-5 } } };
    writeFileSync(join(dir, 'close.json'), JSON.stringify(sc));
    const r = await run(trafficCommand, store, '--scenario', join(dir, 'close.json'), '--out', join(dir, 'closed'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/with scenario .*close\.json/);
    expect(r.out).toMatch(/relative gap .* after \d+ iterations/);
    const closed = csvRows(join(dir, 'closed', 'link-flows.csv'));
    expect(closed.length).toBeLessThan(base.length);
    expect(closed.some((row) => row.source_id === busiest.source_id)).toBe(false);
    const summary = JSON.parse(readFileSync(join(dir, 'closed', 'traffic-summary.json'), 'utf8'));
    expect(summary.relativeGap).toBeLessThanOrEqual(1e-5);
  });

  it('refuses bad usage with one clear message', async () => {
    await expect(run(trafficCommand, store)).rejects.toThrow(/missing required option --out/);
    await expect(run(trafficCommand, store, '--out', join(dir, 'x'), '--gap', 'tiny')).rejects.toThrow(/--gap must be a number in \[1e-10, 0.1\], got "tiny"/);
    await expect(run(trafficCommand, store, '--out', join(dir, 'x'), '--max-iterations', '0')).rejects.toThrow(/--max-iterations/);
    await expect(run(trafficCommand, dir, '--out', join(dir, 'x'))).rejects.toThrow(/not a territory directory/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ id: 'b', title: 'b', territory: { name: territory.name }, interventions: [], seed: 1, parameters: { traffic: { carShare: 2 } } }));
    await expect(run(trafficCommand, store, '--scenario', join(dir, 'bad.json'), '--out', join(dir, 'x'))).rejects.toThrow(/bad\.json: \$\.parameters\.traffic\.carShare/);
  });
});

const RODEZ = resolve(import.meta.dirname, '../../../../shared/data/rodez/bdtopo-v2');
if (!existsSync(RODEZ)) console.log(`skipping the Rodez traffic run: ${RODEZ} is absent`);

describe.skipIf(!existsSync(RODEZ))('jumeau traffic on Rodez (real data)', () => {
  it('assigns the demand of the Filosofi population on the BD TOPO network', async () => {
    const t = join(dir, 'rodez');
    expect((await run(importCommand, 'bdtopo', RODEZ, '--out', t, '--quiet')).code).toBe(0);
    const r = await run(trafficCommand, t, '--out', join(dir, 'rodez-traffic'), '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.converged).toBe(true);
    expect(s.unreachableTrips).toBe(0);
    // The urban model keeps the 29 736 Filosofi inhabitants of the cells and adds those of buildings outside them.
    expect(s.inhabitants).toBeGreaterThanOrEqual(29736 - 1);
    expect(s.inhabitants).toBeLessThan(29736 * 1.2);
    // The residents' trips, plus exchange trips (0.9 × those) through the gateways where main roads (N88, RN 140,
    // departmental roads) leave the extract, plus through trips between them.
    expect(s.internalTrips).toBeCloseTo(s.inhabitants * ((4.0 * 0.472) / 1.4) * 0.1, 6);
    expect(s.exchangeTrips).toBeCloseTo(0.9 * s.internalTrips, 6);
    expect(s.gateways).toBeGreaterThanOrEqual(4);
    expect(s.throughTrips).toBeGreaterThan(0);
    expect(s.trips).toBeCloseTo(s.internalTrips + s.exchangeTrips + s.throughTrips, 6);
    expect(s.meanSpeedKmh).toBeGreaterThan(15);
    expect(s.meanSpeedKmh).toBeLessThan(90);
    expect(s.shareOverCapacity).toBeLessThan(0.2);
  });
});
