/**
 * TNTP parsers on hand-written files: every metadata field, comments and terminators, malformed lines named by
 * file, line and field, the flow layout written and read back, and the toll / distance factors entering the cost.
 */
import { describe, expect, it } from 'vitest';
import { assignUserEquilibrium } from '../../engine/traffic/assign.ts';
import { formatTntpFlow, parseTntpFlow, parseTntpNet, parseTntpTrips, tntpToDemand, tntpToNetwork } from './tntp.ts';

// Zones 1–2, node 3 a thru node; two routes from 1 to 2: the direct link (long, free) and 1 → 3 → 2 (short, tolled).
const NET = `<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 3
<ORIGINAL HEADER>~ init term cap ...
<END OF METADATA>

~ init_node term_node capacity length free_flow_time b power speed toll link_type ;
\t1\t2\t1000\t30\t10\t0.15\t4\t0\t0\t1\t;
\t1\t3\t1000\t2\t4\t0.15\t4\t0\t6\t1\t;
~ a comment between links
\t3\t2\t1000\t2\t4\t0.15\t4\t0\t0\t1\t;
`;

const TRIPS = `<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 600.0
<END OF METADATA>

Origin \t1
    1 :      0.0;     2 :    500.0;
Origin 2
    1 :    100.0;
`;

describe('TNTP net', () => {
  it('reads every metadata field and every link column', () => {
    const n = parseTntpNet(NET, 'toy_net.tntp');
    expect(n.metadata).toEqual({ 'NUMBER OF ZONES': '2', 'NUMBER OF NODES': '3', 'FIRST THRU NODE': '3', 'NUMBER OF LINKS': '3', 'ORIGINAL HEADER': '~ init term cap ...' });
    expect([n.zoneCount, n.nodeCount, n.firstThruNode, n.linkCount]).toEqual([2, 3, 3, 3]);
    expect([...n.initNode]).toEqual([1, 1, 3]);
    expect([...n.termNode]).toEqual([2, 3, 2]);
    expect([...n.length]).toEqual([30, 2, 2]);
    expect([...n.toll]).toEqual([0, 6, 0]);
    expect([...n.linkType]).toEqual([1, 1, 1]);
    const net = tntpToNetwork(n);
    expect([net.firstThruNode, net.zoneCount]).toEqual([2, 2]);
    expect([...net.linkFrom]).toEqual([0, 0, 2]);
  });

  it('names the file, line and field of malformed input', () => {
    const bad = (from: string, to: string): string => NET.replace(from, to);
    expect(() => parseTntpNet(bad('\t1\t3\t1000\t2\t4', '\t1\t3\t0\t2\t4'), 'toy_net.tntp')).toThrow(/toy_net\.tntp:10: field capacity: must be > 0 \(link 1→3\), got "0"/);
    expect(() => parseTntpNet(bad('\t1\t3\t1000\t2\t4', '\t1\t3\t1000\tabc\t4'), 'toy_net.tntp')).toThrow(/toy_net\.tntp:10: field length: not a number: "abc"/);
    expect(() => parseTntpNet(bad('\t3\t2\t1000', '\t9\t2\t1000'), 'toy_net.tntp')).toThrow(/toy_net\.tntp:12: field init_node: node 9 outside 1 … 3/);
    expect(() => parseTntpNet(bad('\t1\t3\t1000\t2\t4\t0.15\t4', '\t1\t3\t1000\t2\t4\t-1\t4'), 'toy_net.tntp')).toThrow(/:10: field b: must be ≥ 0/);
    expect(() => parseTntpNet(bad('\t1\t3\t1000\t2\t4\t0.15\t4\t0\t6\t1\t;', '\t1\t3\t1000'), 'toy_net.tntp')).toThrow(/:10: expected at least 7 fields/);
    expect(() => parseTntpNet(bad('<NUMBER OF LINKS> 3', '<NUMBER OF LINKS> 4'), 'toy_net.tntp')).toThrow(/<NUMBER OF LINKS> is 4 but 3 links were read/);
    expect(() => parseTntpNet(bad('<NUMBER OF NODES> 3\n', ''), 'toy_net.tntp')).toThrow(/metadata field <NUMBER OF NODES> is missing/);
    expect(() => parseTntpNet(bad('<END OF METADATA>', ''), 'toy_net.tntp')).toThrow(/toy_net\.tntp:9: expected a metadata line <NAME> value or <END OF METADATA>/);
  });
});

describe('TNTP trips and flows', () => {
  it('reads Origin blocks with several "d : value;" pairs per line', () => {
    const t = parseTntpTrips(TRIPS, 'toy_trips.tntp');
    expect([t.zoneCount, t.declaredTotal, t.total]).toEqual([2, 600, 600]);
    expect([...t.origin]).toEqual([1, 1, 2]);
    expect([...t.destination]).toEqual([1, 2, 1]);
    expect([...t.trips]).toEqual([0, 500, 100]);
    const d = tntpToDemand(t, 2);
    expect([...d.trips]).toEqual([500, 100]);
  });

  it('names malformed trip entries', () => {
    expect(() => parseTntpTrips(TRIPS.replace('2 :    500.0', '2 :    -5'), 'toy_trips.tntp')).toThrow(/toy_trips\.tntp:6: field value \(origin 1 → 2\): must be a finite number ≥ 0, got "-5"/);
    expect(() => parseTntpTrips(TRIPS.replace('Origin 2', 'Origin 7'), 'toy_trips.tntp')).toThrow(/toy_trips\.tntp:7: field origin: zone "7" outside 1 … 2/);
    expect(() => parseTntpTrips(TRIPS.replace('1 :    100.0;', '1 = 100;'), 'toy_trips.tntp')).toThrow(/toy_trips\.tntp:8: expected "destination : value"/);
    expect(() => tntpToDemand(parseTntpTrips(TRIPS), 3, 'toy_trips.tntp')).toThrow(/<NUMBER OF ZONES> is 2 but the network has 3 zones/);
  });

  it('writes the _flow.tntp layout and reads it back exactly', () => {
    const n = parseTntpNet(NET);
    const text = formatTntpFlow(n, [500.25, 0, 1 / 3], [10.5, 4, 4.000001]);
    expect(text.split('\n')[0]).toBe('From\tTo\tVolume\tCost');
    const f = parseTntpFlow(text, 'toy_flow.tntp');
    expect([...f.from]).toEqual([1, 1, 3]);
    expect([...f.volume]).toEqual([500.25, 0, 1 / 3]);
    expect([...f.cost]).toEqual([10.5, 4, 4.000001]);
    expect(() => parseTntpFlow('From To Volume Cost\n1 2 x 3\n', 'f.tntp')).toThrow(/f\.tntp:2: field volume: not a number: "x"/);
  });

  it('toll and distance factors enter the generalised cost and change the route choice', () => {
    const n = parseTntpNet(NET);
    const od = tntpToDemand(parseTntpTrips(TRIPS), 2);
    // No factors: the tolled route (time 8) beats the direct one (time 10) for all 500 trips at low v/c.
    const free = assignUserEquilibrium(tntpToNetwork(n), od);
    expect(free.linkFlow[0]).toBe(0);
    // Toll factor 1: the tolled route costs 8 + 6 = 14 > 10, everyone takes the direct link.
    const tolled = tntpToNetwork(n, { tollFactor: 1 });
    expect([...tolled.fixedCost]).toEqual([0, 6, 0]);
    expect(assignUserEquilibrium(tolled, od).linkFlow[0]).toBe(500);
    // Distance factor 0.2: direct 10 + 6 = 16 vs tolled 8 + 0.8 = 8.8 (without toll).
    expect([...tntpToNetwork(n, { distanceFactor: 0.2 }).fixedCost]).toEqual([6, 0.4, 0.4]);
    // Factors declared in the metadata are the defaults; options override them.
    const withMeta = parseTntpNet(NET.replace('<END OF METADATA>', '<TOLL FACTOR> 2\n<END OF METADATA>'));
    expect(tntpToNetwork(withMeta).fixedCost[1]).toBe(12);
    expect(tntpToNetwork(withMeta, { tollFactor: 0 }).fixedCost[1]).toBe(0);
  });
});
