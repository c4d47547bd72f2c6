/** A territory road graph with zone connectors: hand-computed free-flow times, links without cars left out. */
import { describe, expect, it } from 'vitest';
import type { RoadNetwork } from '../territory.ts';
import { assignUserEquilibrium } from './assign.ts';
import { createDemand } from './network.ts';
import { roadAssignmentNetwork } from './road-network.ts';

/** Road nodes 0–1–2 in a line (two-way), plus a pedestrian link 0 → 2 without car capacity. */
function roads(): RoadNetwork {
  const n = 5;
  return {
    nodeCount: 3, nodeXY: new Float64Array(6), linkCount: n,
    linkFrom: Uint32Array.from([0, 1, 1, 2, 0]), linkTo: Uint32Array.from([1, 0, 2, 1, 2]),
    linkSegment: new Uint32Array(n), linkReversed: new Uint8Array(n),
    lengthM: Float32Array.from([500, 500, 1000, 1000, 300]), lanes: new Uint8Array(n).fill(1), lanesRule: new Uint8Array(n),
    capacityVehH: Float32Array.from([600, 600, 1500, 1500, 0]), freeSpeedKmh: Float32Array.from([30, 30, 50, 50, 5]),
    speedRule: new Uint8Array(n), roadClass: new Uint8Array(n),
    segmentCount: 0, segmentGeometry: { lineVertexStart: new Uint32Array(1), xy: new Float64Array(0) }, segmentSourceId: [], segmentName: [], segmentDataset: new Uint16Array(0),
  };
}

describe('road assignment network', () => {
  it('zones first, road nodes shifted, t0 = length / speed in seconds, connectors both ways', () => {
    const r = roadAssignmentNetwork(roads(), { zoneCount: 2, connectorZone: [0, 1], connectorNode: [0, 2], connectorTimeS: 30 });
    const net = r.network;
    expect(net.nodeCount).toBe(5);
    expect(net.firstThruNode).toBe(2);
    expect(r.excludedRoadLinks).toBe(1);
    expect(net.linkCount).toBe(4 + 4);
    expect([...r.roadLink]).toEqual([0, 1, 2, 3, -1, -1, -1, -1]);
    expect(net.freeFlowTime[0]).toBeCloseTo(60, 10); // 500 m at 30 km/h
    expect(net.freeFlowTime[2]).toBeCloseTo(72, 10); // 1000 m at 50 km/h
    expect([net.linkFrom[0], net.linkTo[0]]).toEqual([2, 3]);
    expect([net.linkFrom[4], net.linkTo[4], net.linkFrom[5], net.linkTo[5]]).toEqual([0, 2, 2, 0]);
    expect(net.bprB[0]).toBe(0.15);
    expect(net.bprPower[0]).toBe(4);
    expect(net.bprB[4]).toBe(0);
    // 1 000 trips from zone 0 to zone 1 use the road links 0 → 1 → 2 (the pedestrian short cut carries none).
    const a = assignUserEquilibrium(net, createDemand(2, [0], [1], [1000]));
    expect([...a.linkFlow]).toEqual([1000, 0, 1000, 0, 1000, 0, 0, 1000]);
  });

  it('names bad connectors', () => {
    expect(() => roadAssignmentNetwork(roads(), { zoneCount: 1, connectorZone: [1], connectorNode: [0] })).toThrow(/connector 0 has zone 1 outside \[0, 0\]/);
    expect(() => roadAssignmentNetwork(roads(), { zoneCount: 1, connectorZone: [0], connectorNode: [7] })).toThrow(/connector 0 has road node 7 outside \[0, 2\]/);
  });
});
