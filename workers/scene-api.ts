/**
 * Work the viewer delegates off the main thread: produce a territory (the embedded sample for now) and the
 * render buffers derived from it. Runs in a comlink worker (territory.worker.ts) or in-thread (`useWorker: false`).
 */
import { ROAD_CLASSES, LAND_COVERS, type Territory } from '../engine/territory.ts';
import { extrudeFootprints } from '../engine/mesh/extrude.ts';
import { triangulatePolygons } from '../engine/mesh/triangulate.ts';
import { generateSample, type SampleSize } from '../data/sample/index.ts';
import { territoryInfo, type TerritoryInfo } from '../data/info.ts';

export interface SceneBuffers {
  info: TerritoryInfo;
  buildings: { positions: Float32Array; normals: Float32Array; featureIds: Uint32Array; heightM: Float32Array; use: Uint8Array };
  roads: { xy: Float64Array; lineVertexStart: Uint32Array; segmentClass: Uint8Array; classes: readonly string[] };
  landCover: { positions: Float32Array; cover: Uint8Array; covers: readonly string[] };
  bboxLocal: [number, number, number, number];
}

export function sceneFromTerritory(t: Territory): SceneBuffers {
  const b = t.buildings;
  const mesh = extrudeFootprints(b.footprint, b.heightM, b.count);
  const ground = triangulatePolygons(t.landCover.geometry, 0);
  const cover = new Uint8Array(ground.featureIds.length);
  for (let v = 0; v < cover.length; v++) cover[v] = t.landCover.cover[ground.featureIds[v]];
  const segmentClass = new Uint8Array(t.roads.segmentCount);
  for (let l = 0; l < t.roads.linkCount; l++) segmentClass[t.roads.linkSegment[l]] = t.roads.roadClass[l];
  const info = territoryInfo(t);
  return {
    info,
    buildings: { positions: mesh.positions.slice(), normals: mesh.normals.slice(), featureIds: mesh.featureIds.slice(), heightM: b.heightM, use: b.use },
    roads: { xy: t.roads.segmentGeometry.xy, lineVertexStart: t.roads.segmentGeometry.lineVertexStart, segmentClass, classes: ROAD_CLASSES },
    landCover: { positions: ground.positions, cover, covers: LAND_COVERS },
    bboxLocal: info.bboxLocal,
  };
}

export function sampleScene(size: SampleSize, seed: number): SceneBuffers {
  return sceneFromTerritory(generateSample({ size, seed }));
}

/** Buffers to transfer (not clone) across threads. */
export function sceneTransferables(s: SceneBuffers): ArrayBuffer[] {
  const list = [s.buildings.positions, s.buildings.normals, s.buildings.featureIds, s.buildings.heightM, s.buildings.use, s.roads.xy, s.roads.lineVertexStart, s.roads.segmentClass, s.landCover.positions, s.landCover.cover];
  return [...new Set(list.map((a) => a.buffer as ArrayBuffer))];
}
