/**
 * Result-layer buffers against geometry worked out by hand on a small territory: a flow band lies on the
 * right-hand side of its direction of travel at half its width (plus the gap) from the street axis, its width is
 * the flow over the scale, its colour the v/c class; links without cars are not drawn; bad inputs are named.
 */
import { describe, expect, it } from 'vitest';
import { tinyTerritory } from '../data/test-fixtures.ts';
import { TerritoryBuilder } from '../data/builder.ts';
import { frameForProjected } from '../data/frame.ts';
import { gridToGeoRaster } from '../data/dsm/georef.ts';
import { writeGeoTiff } from '../data/geotiff/write.ts';
import { createGrid } from '../engine/raster/grid.ts';
import type { RoadLinkFlows } from '../scenarios/pipeline/artefacts.ts';
import type { Stage } from '../scenarios/pipeline/pipeline.ts';
import { OVERLAY_LIFT_M } from './buffers.ts';
import { availableResultLayers } from './result-layers.ts';
import { finiteRange, gridFromFile, niceCeil, sourceLine } from './layer-support.ts';
import { flowPaths, trafficLayer } from './traffic-layer.ts';
import { VC_COLORS, flowWidthScale, niceStep } from './result-styles.ts';

const { territory: t } = tinyTerritory();
const r = t.roads;

function flows(q: number[], vc: number[]): RoadLinkFlows {
  const n = r.linkCount;
  return { linkCount: n, flowVehH: Float64Array.from(q), vc: Float64Array.from(vc), speedKmh: new Float64Array(n).fill(30), flowVehDay: Float64Array.from(q, (x) => x * 10), source: { kind: 'assignment', description: 'test flows' } };
}

describe('traffic flow bands', () => {
  it('draws each direction on its right-hand side, width ∝ flow, colour by v/c class, biggest on top', () => {
    // Links of the tiny territory: r0 (x 0 → 100 at y = −10, both ways) gives two links, r1 (forward, x 100 → 200)
    // one, r2 (backward: drawn 200 → 300, driven 300 → 200) one.
    expect(r.linkCount).toBe(4);
    const q = [400, 800, 0, 1600];
    const vc = [0.3, 0.8, 0, 1.2];
    const { paths, vehHPerM } = flowPaths(t, flows(q, vc));
    expect(vehHPerM).toBe(flowWidthScale(1600)); // 1600 / 16 = 100 veh/h per m
    expect(vehHPerM).toBe(100);
    expect(paths.length).toBe(3); // link 2 carries no car
    expect(Array.from(paths.link)).toEqual([0, 1, 3]); // by increasing flow
    for (let p = 0; p < paths.length; p++) {
      const l = paths.link[p];
      const s = r.linkSegment[l];
      const g = r.segmentGeometry;
      const a = g.lineVertexStart[s];
      const first = [g.xy[2 * a], g.xy[2 * a + 1]];
      const last = [g.xy[2 * (g.lineVertexStart[s + 1] - 1)], g.xy[2 * (g.lineVertexStart[s + 1] - 1) + 1]];
      const [from, to] = r.linkReversed[l] ? [last, first] : [first, last];
      const w = q[l] / 100;
      const v0 = paths.startIndices[p];
      // All these streets run along y = −10; driving east the right side is south (y < −10), west: north.
      const east = to[0] > from[0];
      expect(paths.positions[3 * v0]).toBeCloseTo(from[0], 9);
      expect(paths.positions[3 * v0 + 1]).toBeCloseTo(-10 + (east ? -1 : 1) * (w / 2 + 0.25), 5);
      expect(paths.positions[3 * v0 + 2]).toBeCloseTo(OVERLAY_LIFT_M, 9);
      expect(paths.widths[v0]).toBeCloseTo(w, 5);
      expect(Array.from(paths.colors.subarray(4 * v0, 4 * v0 + 3))).toEqual([...VC_COLORS[vc[l] < 0.5 ? 0 : vc[l] < 0.75 ? 1 : vc[l] < 1 ? 2 + Number(vc[l] >= 0.9) : 4]]);
      expect(paths.flowVehH[p]).toBe(q[l]);
    }
    // The two directions of r0 lie on opposite sides of the axis.
    const y0 = paths.positions[3 * paths.startIndices[0] + 1];
    const y1 = paths.positions[3 * paths.startIndices[1] + 1];
    expect(Math.sign(y0 + 10)).toBe(-Math.sign(y1 + 10));
  });

  it('keeps the offset at a bend (miter) and names bad inputs', () => {
    // An L-shaped one-way street: east along y = 0 to x = 100, then north. At the corner, the band's edge at
    // distance d to the right of both pieces is the point (100 + d, −d).
    const b = new TerritoryBuilder('bend', frameForProjected('EPSG:2154', 352000, 6789000));
    const ds = b.addDataset({ id: 'bend', title: 'Bend', producer: 'tests', licence: 'CC0', attribution: 'test', themes: ['mobility'], date: '2026', sourceCrs: 'EPSG:2154', source: 'test', synthetic: false });
    b.addRoadSegment({ sourceId: 'L', dataset: ds, line: [0, 0, 100, 0, 100, 100], roadClass: 'secondary', direction: 'forward' });
    const bend = b.build();
    const one = { linkCount: 1, flowVehH: Float64Array.of(300), vc: Float64Array.of(0.5), speedKmh: Float64Array.of(40), flowVehDay: Float64Array.of(3000), source: { kind: 'assignment' as const, description: 'test' } };
    const { paths } = flowPaths(bend, one);
    const d = 300 / flowWidthScale(300) / 2 + 0.25;
    expect(Array.from(paths.positions.subarray(0, 9), (v) => Number(v.toFixed(4)))).toEqual([0, -d, OVERLAY_LIFT_M, 100 + d, -d, OVERLAY_LIFT_M, 100 + d, 100, OVERLAY_LIFT_M].map((v) => Number(v.toFixed(4))));
    expect(() => flowPaths(t, { ...flows([1, 1, 1, 1], [0, 0, 0, 0]), linkCount: 3 })).toThrow(/3 links but the road network .* has 4/);
    expect(() => flowPaths(t, flows([1, Number.NaN, 1, 1], [0, 0, 0, 0]))).toThrow(/flowVehH\[1\] is NaN/);
    expect(() => flowPaths(t, flows([1, -2, 1, 1], [0, 0, 0, 0]))).toThrow(/flowVehH\[1\] is -2/);
  });

  it('says where the numbers come from (model, datasets, synthetic flag)', () => {
    const layer = trafficLayer({ 'territory.after': t, 'traffic.flows': flows([10, 20, 30, 40], [0.1, 0.2, 0.3, 0.4]) });
    expect(layer.source).toMatch(/^Model: engine\/traffic.*test flows\. Data: Fixture\.$/);
    const synthetic = { ...t, datasets: t.datasets.map((d) => ({ ...d, synthetic: true })) };
    expect(sourceLine(synthetic, 'm')).toMatch(/SYNTHETIC/);
    // Largest flow 40 veh/h → 40 / 16 = 2.5 → 5 veh/h per metre of band.
    expect(layer.legend).toMatchObject({ unit: 'v/c', widths: { entries: [{ widthM: 2, label: '10 veh/h' }, { widthM: 5 }, { widthM: 10 }] } });
  });
});

describe('result rasters and availability', () => {
  it('reads a stage GeoTIFF back into the local frame', () => {
    const g = createGrid(3, 2, 10, -15, 20);
    g.values.set([1, 2, 3, 4, Number.NaN, 6]);
    const bytes = writeGeoTiff(gridToGeoRaster(g, t.frame, { unit: 'K' }));
    const back = gridFromFile({ 'x.tif': bytes }, 'x.tif', t);
    expect([back.originX, back.originY, back.cellSizeM, back.width, back.height]).toEqual([-15, 20, 10, 3, 2]);
    expect(Array.from(back.values)).toEqual([1, 2, 3, 4, Number.NaN, 6]);
    expect(finiteRange(back.values)).toEqual([1, 6]);
    expect(() => gridFromFile({ 'a.tif': bytes }, 'x.tif', t)).toThrow(/no file "x.tif" \(files: a.tif\)/);
  });

  it('offers a layer only when a registered stage produces its artefacts', () => {
    const stage = (outputs: string[]): Stage => ({ id: outputs[0], version: 1, inputs: [], outputs, run: () => ({}) });
    expect(availableResultLayers([stage(['territory.after'])])).toEqual([]);
    expect(availableResultLayers([stage(['territory.after']), stage(['traffic.flows'])])).toEqual(['traffic']);
    expect(availableResultLayers([stage(['files.heat']), stage(['files.air'])])).toEqual(['uhi', 'lcz', 'air']);
    expect(availableResultLayers([stage(['territory.after']), stage(['files.air'])])).toEqual(['air', 'emissions']);
    expect([niceStep(0.7), niceStep(1), niceStep(13), niceStep(260)]).toEqual([1, 1, 20, 500]);
    expect([niceCeil(23.4), niceCeil(4.1), niceCeil(0.31), niceCeil(180)]).toEqual([25, 5, 0.4, 200]);
  });
});
