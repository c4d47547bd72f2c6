/**
 * Road edits of a scenario applied to a copy of the road network: speed limit, lanes per direction, closure
 * (links removed from the graph, geometry kept for display), and new links between two points snapped to the
 * nearest existing nodes. Capacity follows lanes × the class capacity per lane (data/road-defaults.ts).
 * Edited links get provenance rules naming the intervention.
 */
import { ROAD_CLASSES, pointInFeature, type RoadNetwork, type Territory, type Polygons } from '../../../engine/territory.ts';
import { ROAD_CLASS_DEFAULTS } from '../../../data/road-defaults.ts';
import { zoneToLocal, type Intervention, type RoadSelection } from '../../format/scenario.ts';
import * as dmath from '../../../engine/math/dmath.ts';

type RoadIntervention = Extract<Intervention, { type: 'road-speed' | 'road-lanes' | 'road-closure' | 'road-new-link' }>;

export function isRoadIntervention(iv: Intervention): iv is RoadIntervention {
  return iv.type === 'road-speed' || iv.type === 'road-lanes' || iv.type === 'road-closure' || iv.type === 'road-new-link';
}

function zonePolygons(rings: number[][]): Polygons {
  const ringVertexStart = [0];
  const xy: number[] = [];
  for (const r of rings) {
    xy.push(...r);
    ringVertexStart.push(xy.length / 2);
  }
  return { featureRingStart: Uint32Array.from([0, rings.length]), ringVertexStart: Uint32Array.from(ringVertexStart), xy: Float64Array.from(xy) };
}

/** Segments selected by ids and/or a zone (segment midpoint inside). */
function selectSegments(t: Territory, sel: RoadSelection): Set<number> {
  const r = t.roads;
  const out = new Set<number>();
  if (sel.segmentIds) {
    const wanted = new Set(sel.segmentIds);
    r.segmentSourceId.forEach((id, s) => wanted.has(id) && out.add(s));
  }
  if (sel.zone) {
    const poly = zonePolygons(zoneToLocal(sel.zone, t));
    const g = r.segmentGeometry;
    for (let s = 0; s < r.segmentCount; s++) {
      const a = g.lineVertexStart[s];
      const b = g.lineVertexStart[s + 1] - 1;
      const mx = (g.xy[2 * a] + g.xy[2 * b]) / 2;
      const my = (g.xy[2 * a + 1] + g.xy[2 * b + 1]) / 2;
      if (pointInFeature(poly, 0, mx, my)) out.add(s);
    }
  }
  return out;
}

function nearestNode(r: RoadNetwork, x: number, y: number): number {
  let best = -1;
  let d2 = Infinity;
  for (let n = 0; n < r.nodeCount; n++) {
    const d = dmath.sq(r.nodeXY[2 * n] - x) + dmath.sq(r.nodeXY[2 * n + 1] - y);
    if (d < d2) {
      d2 = d;
      best = n;
    }
  }
  return best;
}

/** Returns a territory whose road network has the edits applied (the input is not mutated). */
export function applyRoadEdits(t: Territory, edits: RoadIntervention[]): Territory {
  if (!edits.length) return t;
  const r0 = t.roads;
  const rules = [...t.rules];
  const ruleFor = (i: number, text: string): number => {
    rules.push({ id: `scenario.road:${i}`, description: text });
    return rules.length - 1;
  };
  // Per-link columns as plain arrays while editing.
  const cols = {
    linkFrom: Array.from(r0.linkFrom), linkTo: Array.from(r0.linkTo), linkSegment: Array.from(r0.linkSegment), linkReversed: Array.from(r0.linkReversed),
    lengthM: Array.from(r0.lengthM), lanes: Array.from(r0.lanes), lanesRule: Array.from(r0.lanesRule), capacityVehH: Array.from(r0.capacityVehH),
    freeSpeedKmh: Array.from(r0.freeSpeedKmh), speedRule: Array.from(r0.speedRule), roadClass: Array.from(r0.roadClass),
  };
  const closed = new Set<number>();
  const seg = { start: Array.from(r0.segmentGeometry.lineVertexStart), xy: Array.from(r0.segmentGeometry.xy), ids: [...r0.segmentSourceId], names: [...r0.segmentName], ds: Array.from(r0.segmentDataset) };
  edits.forEach((iv, i) => {
    const label = iv.label ? ` "${iv.label}"` : '';
    if (iv.type === 'road-new-link') {
      const pts = zoneToLocal({ crs: iv.line.crs, rings: [iv.line.points] }, t)[0];
      const n0 = nearestNode(r0, pts[0], pts[1]);
      const n1 = nearestNode(r0, pts[pts.length - 2], pts[pts.length - 1]);
      if (n0 < 0 || n1 < 0 || n0 === n1) throw new Error(`$.interventions road-new-link${label}: both ends snap to the same node (or the network is empty)`);
      const line = [r0.nodeXY[2 * n0], r0.nodeXY[2 * n0 + 1], ...pts.slice(2, -2), r0.nodeXY[2 * n1], r0.nodeXY[2 * n1 + 1]];
      let len = 0;
      for (let k = 2; k < line.length; k += 2) len += dmath.hypot(line[k] - line[k - 2], line[k + 1] - line[k - 1]);
      const s = seg.ids.length;
      seg.xy.push(...line);
      seg.start.push(seg.xy.length / 2);
      seg.ids.push(`scenario:new-link:${i}`);
      seg.names.push(iv.name ?? '');
      seg.ds.push(0);
      const def = ROAD_CLASS_DEFAULTS[iv.roadClass];
      const lanes = iv.lanesPerDirection ?? def.lanesPerDirection;
      const speed = iv.speedKmh ?? def.speedKmh;
      const rule = ruleFor(i, `new road${label}: ${iv.roadClass}, ${lanes} lane(s) per direction, ${speed} km/h (scenario intervention ${i})`);
      const dir = iv.direction ?? 'both';
      const add = (from: number, to: number, rev: number): void => {
        cols.linkFrom.push(from); cols.linkTo.push(to); cols.linkSegment.push(s); cols.linkReversed.push(rev); cols.lengthM.push(len);
        cols.lanes.push(lanes); cols.lanesRule.push(rule); cols.capacityVehH.push(lanes * def.capacityPerLaneVehH);
        cols.freeSpeedKmh.push(speed); cols.speedRule.push(rule); cols.roadClass.push(ROAD_CLASSES.indexOf(iv.roadClass));
      };
      if (dir !== 'backward') add(n0, n1, 0);
      if (dir !== 'forward') add(n1, n0, 1);
      return;
    }
    const segs = selectSegments(t, iv.roads);
    const rule = ruleFor(i, `${iv.type}${label} (scenario intervention ${i})`);
    for (let l = 0; l < cols.linkFrom.length; l++) {
      if (!segs.has(cols.linkSegment[l])) continue;
      if (iv.type === 'road-closure') closed.add(l);
      else if (iv.type === 'road-speed') {
        cols.freeSpeedKmh[l] = iv.speedKmh;
        cols.speedRule[l] = rule;
      } else {
        const perLane = ROAD_CLASS_DEFAULTS[ROAD_CLASSES[cols.roadClass[l]]].capacityPerLaneVehH;
        cols.lanes[l] = iv.lanesPerDirection;
        cols.lanesRule[l] = rule;
        cols.capacityVehH[l] = iv.lanesPerDirection * perLane;
      }
    }
  });
  const keep = cols.linkFrom.map((_, l) => l).filter((l) => !closed.has(l));
  const pick = <T extends Float32Array | Uint32Array | Uint8Array>(C: { from(a: number[]): T }, a: number[]): T => C.from(keep.map((l) => a[l]));
  const roads: RoadNetwork = {
    ...r0,
    linkCount: keep.length,
    linkFrom: pick(Uint32Array, cols.linkFrom),
    linkTo: pick(Uint32Array, cols.linkTo),
    linkSegment: pick(Uint32Array, cols.linkSegment),
    linkReversed: pick(Uint8Array, cols.linkReversed),
    lengthM: pick(Float32Array, cols.lengthM),
    lanes: pick(Uint8Array, cols.lanes),
    lanesRule: pick(Uint8Array, cols.lanesRule),
    capacityVehH: pick(Float32Array, cols.capacityVehH),
    freeSpeedKmh: pick(Float32Array, cols.freeSpeedKmh),
    speedRule: pick(Uint8Array, cols.speedRule),
    roadClass: pick(Uint8Array, cols.roadClass),
    segmentCount: seg.ids.length,
    segmentGeometry: { lineVertexStart: Uint32Array.from(seg.start), xy: Float64Array.from(seg.xy) },
    segmentSourceId: seg.ids,
    segmentName: seg.names,
    segmentDataset: Uint16Array.from(seg.ds),
  };
  if (rules.length > 255) throw new Error('too many provenance rules after road edits');
  return { ...t, roads, rules };
}
