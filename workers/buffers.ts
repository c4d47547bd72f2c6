/**
 * Render buffers derived from a territory, made off the main thread and transferred (never cloned): the ground
 * (land cover triangles and street surfaces for three.js) and the overlay layers (road network paths and
 * population cells for deck.gl, in deck's binary attribute format). All coordinates are in the territory's
 * local frame (x east, y north, z up, metres), the frame the viewer renders in.
 */
import { LAND_COVERS, ROAD_CLASSES, featureArea, type Territory } from '../engine/territory.ts';
import { triangulateFeature } from '../engine/mesh/polygon-triangles.ts';
import { triangulatePolygons } from '../engine/mesh/triangulate.ts';
import { DENSITY_BOUNDS, LAND_COVER_COLORS, ROAD_CLASS_COLORS, YL_OR_RD, classOf } from './styles.ts';

/** Height of overlays above the ground (m): enough to stay clear of the ground layers in the depth buffer. */
export const OVERLAY_LIFT_M = 0.5;
/**
 * Drawn width of one traffic lane (m), display only: urban lanes are usually 3.0–3.5 m wide; pedestrian ways,
 * which have no car lane, are drawn 3 m wide.
 */
export const LANE_WIDTH_M = 3.25;
export const PEDESTRIAN_WIDTH_M = 3;

export interface GroundBuffers {
  /** Land cover triangles (x, y, z per vertex) and an RGB colour per vertex. */
  landCover: { positions: Float32Array; colors: Uint8Array };
  /** Street surfaces: a quad per polyline piece, lengthened by half the width at both ends to close joints. */
  streets: { positions: Float32Array };
  /** [minX, minY, maxX, maxY] of everything in the territory (local m). */
  bboxLocal: [number, number, number, number];
  /** Where most buildings are: 2nd–98th percentiles of footprint centres in x and y (local m); the home view. */
  focusLocal: [number, number, number, number];
}

export interface PathBuffers {
  /** Number of paths. */
  length: number;
  /** First vertex of each path (deck.gl binary `startIndices`, length = paths). */
  startIndices: Uint32Array;
  /** x, y, z per vertex. */
  positions: Float32Array;
  /** RGBA per vertex. */
  colors: Uint8Array;
  /** Width (m) per vertex. */
  widths: Float32Array;
}

export interface PolygonBuffers {
  /** Number of polygons (population cells). */
  length: number;
  /** First vertex of each polygon. */
  startIndices: Uint32Array;
  /** Pre-triangulated vertices (x, y, z), three per triangle, polygon after polygon. */
  positions: Float32Array;
  /** Triangle vertex indices (deck.gl `attributes.indices`), here 0 … n − 1. */
  indices: Uint32Array;
  /** RGBA per vertex. */
  colors: Uint8Array;
  /** Per polygon: inhabitants and density (inhabitants / km²). */
  inhabitants: Float32Array;
  densityKm2: Float32Array;
}

export interface OverlayBuffers {
  roads: PathBuffers;
  population: PolygonBuffers;
}

/** Total lanes (all directions) of each road segment: the sum over the links that share it. */
export function segmentLanes(t: Territory): Uint16Array {
  const r = t.roads;
  const lanes = new Uint16Array(r.segmentCount);
  for (let l = 0; l < r.linkCount; l++) lanes[r.linkSegment[l]] += r.lanes[l];
  return lanes;
}

/** Road class of each segment (from its links; all links of a segment share the class). */
export function segmentClass(t: Territory): Uint8Array {
  const r = t.roads;
  const cls = new Uint8Array(r.segmentCount).fill(ROAD_CLASSES.indexOf('unknown'));
  for (let l = 0; l < r.linkCount; l++) cls[r.linkSegment[l]] = r.roadClass[l];
  return cls;
}

/** Drawn width (m) of a segment: lanes × lane width, or the pedestrian width. */
export function segmentWidthM(roadClass: number, lanes: number): number {
  if (ROAD_CLASSES[roadClass] === 'pedestrian' || lanes === 0) return PEDESTRIAN_WIDTH_M;
  return lanes * LANE_WIDTH_M;
}

export function groundBuffers(t: Territory, bboxLocal: [number, number, number, number]): GroundBuffers {
  const lc = triangulatePolygons(t.landCover.geometry, 0);
  const colors = new Uint8Array(lc.featureIds.length * 3);
  for (let v = 0; v < lc.featureIds.length; v++) colors.set(LAND_COVER_COLORS[LAND_COVERS[t.landCover.cover[lc.featureIds[v]]]], 3 * v);

  const g = t.roads.segmentGeometry;
  const lanes = segmentLanes(t);
  const cls = segmentClass(t);
  let pieces = 0;
  for (let s = 0; s < t.roads.segmentCount; s++) pieces += Math.max(0, g.lineVertexStart[s + 1] - g.lineVertexStart[s] - 1);
  const pos = new Float32Array(pieces * 18);
  let o = 0;
  for (let s = 0; s < t.roads.segmentCount; s++) {
    const half = segmentWidthM(cls[s], lanes[s]) / 2;
    for (let k = g.lineVertexStart[s]; k < g.lineVertexStart[s + 1] - 1; k++) {
      const x0 = g.xy[2 * k];
      const y0 = g.xy[2 * k + 1];
      const x1 = g.xy[2 * k + 2];
      const y1 = g.xy[2 * k + 3];
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (!(len > 0)) continue;
      const ux = ((x1 - x0) / len) * half;
      const uy = ((y1 - y0) / len) * half;
      // Corners: start − u ± n, end + u ± n, with n = u turned left; two counter-clockwise triangles (up-facing).
      const ax = x0 - ux + uy;
      const ay = y0 - uy - ux;
      const bx = x1 + ux + uy;
      const by = y1 + uy - ux;
      const cx = x1 + ux - uy;
      const cy = y1 + uy + ux;
      const dx = x0 - ux - uy;
      const dy = y0 - uy + ux;
      pos.set([ax, ay, 0, bx, by, 0, cx, cy, 0, ax, ay, 0, cx, cy, 0, dx, dy, 0], o);
      o += 18;
    }
  }
  return { landCover: { positions: lc.positions, colors }, streets: { positions: o === pos.length ? pos : pos.slice(0, o) }, bboxLocal, focusLocal: buildingFocus(t) ?? bboxLocal };
}

/** 2nd–98th percentile box of the buildings' first-vertex positions, or null without buildings. */
export function buildingFocus(t: Territory): [number, number, number, number] | null {
  const b = t.buildings;
  if (b.count === 0) return null;
  const xs = new Float64Array(b.count);
  const ys = new Float64Array(b.count);
  const p = b.footprint;
  for (let i = 0; i < b.count; i++) {
    const k = p.ringVertexStart[p.featureRingStart[i]];
    xs[i] = p.xy[2 * k];
    ys[i] = p.xy[2 * k + 1];
  }
  xs.sort();
  ys.sort();
  const q = (a: Float64Array, f: number): number => a[Math.min(a.length - 1, Math.max(0, Math.round(f * (a.length - 1))))];
  return [q(xs, 0.02), q(ys, 0.02), q(xs, 0.98), q(ys, 0.98)];
}

export function roadPaths(t: Territory): PathBuffers {
  const g = t.roads.segmentGeometry;
  const n = t.roads.segmentCount;
  const lanes = segmentLanes(t);
  const cls = segmentClass(t);
  const vertices = g.lineVertexStart[n];
  const startIndices = new Uint32Array(n);
  const positions = new Float32Array(vertices * 3);
  const colors = new Uint8Array(vertices * 4);
  const widths = new Float32Array(vertices);
  for (let s = 0; s < n; s++) {
    const a = g.lineVertexStart[s];
    startIndices[s] = a;
    const c = ROAD_CLASS_COLORS[ROAD_CLASSES[cls[s]]];
    // The overlay line is narrower than the street surface so the street stays visible around it.
    const w = Math.max(1.5, segmentWidthM(cls[s], lanes[s]) * 0.5);
    for (let k = a; k < g.lineVertexStart[s + 1]; k++) {
      positions[3 * k] = g.xy[2 * k];
      positions[3 * k + 1] = g.xy[2 * k + 1];
      positions[3 * k + 2] = OVERLAY_LIFT_M;
      colors.set(c, 4 * k);
      colors[4 * k + 3] = 255;
      widths[k] = w;
    }
  }
  return { length: n, startIndices, positions, colors, widths };
}

export function populationPolygons(t: Territory): PolygonBuffers {
  const p = t.population;
  const pos: number[] = [];
  const startIndices = new Uint32Array(p.count);
  const inhabitants = new Float32Array(p.count);
  const densityKm2 = new Float32Array(p.count);
  const counts = new Uint32Array(p.count);
  const scratch = { flat: [] as number[], holes: [] as number[] };
  for (let i = 0; i < p.count; i++) {
    startIndices[i] = pos.length / 3;
    triangulateFeature(p.geometry, i, (x, y) => pos.push(x, y, OVERLAY_LIFT_M), scratch);
    counts[i] = pos.length / 3 - startIndices[i];
    const area = featureArea(p.geometry, i);
    inhabitants[i] = p.inhabitants[i];
    densityKm2[i] = area > 0 ? (p.inhabitants[i] / area) * 1e6 : NaN;
  }
  const positions = Float32Array.from(pos);
  const nv = positions.length / 3;
  const indices = new Uint32Array(nv);
  for (let v = 0; v < nv; v++) indices[v] = v;
  const colors = new Uint8Array(nv * 4);
  for (let i = 0; i < p.count; i++) {
    const d = densityKm2[i];
    const empty = !(d > 0);
    const c = YL_OR_RD[classOf(DENSITY_BOUNDS, empty ? 0 : d)];
    for (let v = startIndices[i]; v < startIndices[i] + counts[i]; v++) {
      colors.set(c, 4 * v);
      colors[4 * v + 3] = empty ? 0 : 255;
    }
  }
  return { length: p.count, startIndices, positions, indices, colors, inhabitants, densityKm2 };
}

export function overlayBuffers(t: Territory): OverlayBuffers {
  return { roads: roadPaths(t), population: populationPolygons(t) };
}

/** Every buffer of ground and overlay results, for `Comlink.transfer`. */
export function transferablesOf(...objects: unknown[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) visit(x);
  };
  objects.forEach(visit);
  return [...out];
}
