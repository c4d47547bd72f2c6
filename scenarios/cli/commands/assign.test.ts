/**
 * `jumeau assign` through its command contract: JSON summary, the _flow.tntp output, toll factor, warnings for
 * unreachable pairs, one clear error per bad usage; (real data) Sioux Falls to gap 1e-6 at the best-known objective.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTntpFlow } from '../../../data/tntp/tntp-node.ts';
import { UsageError } from '../args.ts';
import { assignCommand } from './assign.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await assignCommand.run(argv, { log: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

/** Zones 1–3, thru node 4: 1 → 2 direct (t0 10) or via 4 (t0 4 + 4, toll 6 on 1 → 4); zone 3 has no links. */
function toyFiles(): { dir: string; net: string; trips: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-assign-'));
  const net = path.join(dir, 'toy_net.tntp');
  const trips = path.join(dir, 'toy_trips.tntp');
  writeFileSync(net, [
    '<NUMBER OF ZONES> 3', '<NUMBER OF NODES> 4', '<FIRST THRU NODE> 4', '<NUMBER OF LINKS> 3', '<END OF METADATA>', '',
    '~ init term capacity length fft b power speed toll type ;',
    '1 2 1000 30 10 0.15 4 0 0 1 ;', '1 4 1000 2 4 0.15 4 0 6 1 ;', '4 2 1000 2 4 0.15 4 0 0 1 ;', '',
  ].join('\n'));
  writeFileSync(trips, ['<NUMBER OF ZONES> 3', '<TOTAL OD FLOW> 520', '<END OF METADATA>', '', 'Origin 1', '2 : 500; 3 : 20;', ''].join('\n'));
  return { dir, net, trips };
}

describe('jumeau assign', () => {
  it('prints the JSON summary and writes the flows in the _flow.tntp layout', async () => {
    const f = toyFiles();
    const out = path.join(f.dir, 'toy_flow.tntp');
    const r = await run('--net', f.net, '--trips', f.trips, '--json', '--out', out);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['objective', 'relativeGap', 'iterations', 'seconds', 'totalTravelTime']);
    // 500 trips on the via-4 route (8 min + BPR at v/c 0.5): t = 2 × 4 × (1 + 0.15 × 0.5^4).
    expect(j.totalTravelTime).toBeCloseTo(500 * 8 * (1 + 0.15 * 0.0625), 9);
    expect(j.relativeGap).toBe(0);
    expect(j.seconds).toBeGreaterThanOrEqual(0);
    const flows = readTntpFlow(out);
    expect([...flows.volume]).toEqual([0, 500, 500]);
    expect(r.err).toMatch(/warning: 1 OD pairs \(20 trips\) have no path and were not assigned: 1→3/);
  });

  it('the toll factor enters the generalised cost', async () => {
    const f = toyFiles();
    const r = await run('--net', f.net, '--trips', f.trips, '--toll-factor', '1', '--json');
    // Via 4 now costs 8.08 + 6 > 10.06: all 500 trips take the direct link.
    expect(JSON.parse(r.out).totalTravelTime).toBeCloseTo(500 * 10 * (1 + 0.15 * 0.0625), 9);
    const h = await run('--net', f.net, '--trips', f.trips, '--distance-factor', '0.5', '--gap', '1e-8', '--max-iterations', '50');
    expect(h.out).toMatch(/toy_net\.tntp: 4 nodes, 3 links, 3 zones, 500 trips assigned/);
    expect(h.out).toMatch(/relative gap .* after \d+ iterations/);
  });

  it('rejects bad usage with one clear error', async () => {
    const f = toyFiles();
    await expect(run('--net', f.net)).rejects.toThrow(UsageError);
    await expect(run('--net', f.net)).rejects.toThrow(/missing required option --trips/);
    await expect(run('--net', f.net, '--trips', f.trips, '--gap', 'small')).rejects.toThrow(/--gap must be a number ≥ 0, got "small"/);
    await expect(run('--net', f.net, '--trips', f.trips, '--toll-factor', '-1')).rejects.toThrow(/--toll-factor must be a number ≥ 0/);
    await expect(run('--net', f.net, '--trips', f.trips, '--max-iterations', '2.5')).rejects.toThrow(/--max-iterations must be an integer/);
    await expect(run('--net', f.net, '--trips', f.trips, '--frobnicate')).rejects.toThrow(/unknown option --frobnicate/);
    await expect(run('--net', path.join(f.dir, 'missing_net.tntp'), '--trips', f.trips)).rejects.toThrow(/missing_net\.tntp: cannot read \(no such file\)/);
  });
});

const SIOUX = path.resolve(import.meta.dirname, '../../..', '../shared/data/tntp/SiouxFalls');
const HAS_SIOUX = existsSync(path.join(SIOUX, 'SiouxFalls_net.tntp'));
if (!HAS_SIOUX) console.warn(`jumeau assign Sioux Falls test skipped: ${SIOUX} is absent`);

describe.skipIf(!HAS_SIOUX)('jumeau assign on Sioux Falls (real data)', () => {
  it('reaches gap 1e-6 at the best-known objective', async () => {
    const r = await run('--net', path.join(SIOUX, 'SiouxFalls_net.tntp'), '--trips', path.join(SIOUX, 'SiouxFalls_trips.tntp'), '--gap', '1e-6', '--json');
    const j = JSON.parse(r.out);
    expect(j.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(j.objective - 4_231_335.287107) / 4_231_335.287107).toBeLessThan(1e-6);
    expect(j.iterations).toBeGreaterThan(0);
    expect(r.err).toBe('');
  });
});
