/**
 * (real data) Sioux Falls, the TNTP benchmark in ../shared/data/tntp/SiouxFalls: at relative gap ≤ 1e-6 the
 * Beckmann objective equals the best-known 4 231 335.287107 within 1e-6 (relative) and the link flows are within
 * 1 veh/h RMSE of the best-known SiouxFalls_flow.tntp; the flows written in the _flow layout read back exactly.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignUserEquilibrium } from '../../engine/traffic/assign.ts';
import { loadTntpProblem, readTntpFlow, writeTntpFlow } from './tntp-node.ts';

const DIR = path.resolve(import.meta.dirname, '../..', '../shared/data/tntp/SiouxFalls');
const HAS_DATA = existsSync(path.join(DIR, 'SiouxFalls_net.tntp'));
if (!HAS_DATA) console.warn(`Sioux Falls tests skipped: ${DIR} is absent (real data folder, see ../shared/data/README.md)`);

/** Best-known Beckmann objective (../shared/data/README.md; the TNTP README gives it / 1e5). */
const BEST_OBJECTIVE = 4_231_335.287107;

describe.skipIf(!HAS_DATA)('Sioux Falls (TNTP benchmark)', () => {
  const load = (): ReturnType<typeof loadTntpProblem> => loadTntpProblem(path.join(DIR, 'SiouxFalls_net.tntp'), path.join(DIR, 'SiouxFalls_trips.tntp'));

  it('reads the files: 24 zones, 24 nodes, first thru node 1, 76 links, 360 600 trips', () => {
    const p = load();
    expect([p.tntp.zoneCount, p.tntp.nodeCount, p.tntp.firstThruNode, p.tntp.linkCount]).toEqual([24, 24, 1, 76]);
    expect(p.trips.declaredTotal).toBe(360600);
    expect(p.trips.total).toBeCloseTo(360600, 6);
    expect(p.network.firstThruNode).toBe(0);
  });

  it('at gap ≤ 1e-6: best-known objective within 1e-6 and flows within 1 veh/h RMSE of the reference', () => {
    const p = load();
    const r = assignUserEquilibrium(p.network, p.demand, { targetGap: 1e-6 });
    expect(r.relativeGap).toBeLessThanOrEqual(1e-6);
    expect(Math.abs(r.objective - BEST_OBJECTIVE) / BEST_OBJECTIVE).toBeLessThan(1e-6);
    const ref = readTntpFlow(path.join(DIR, 'SiouxFalls_flow.tntp'));
    expect(ref.volume.length).toBe(76);
    let se = 0;
    for (let a = 0; a < 76; a++) {
      expect([ref.from[a], ref.to[a]]).toEqual([p.tntp.initNode[a], p.tntp.termNode[a]]);
      se += (r.linkFlow[a] - ref.volume[a]) ** 2;
    }
    expect(Math.sqrt(se / 76)).toBeLessThan(1);
    expect(r.assignedTrips).toBeCloseTo(360600, 6);
    expect(r.unreachable).toEqual([]);
  });

  it('writes the flows in the _flow.tntp layout, read back exactly', () => {
    const p = load();
    const r = assignUserEquilibrium(p.network, p.demand, { targetGap: 1e-4 });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jumeau-tntp-')), 'SiouxFalls_flow.tntp');
    writeTntpFlow(file, p.tntp, r.linkFlow, r.linkCost);
    const back = readTntpFlow(file);
    expect([...back.volume]).toEqual([...r.linkFlow]);
    expect([...back.cost]).toEqual([...r.linkCost]);
  });
});
