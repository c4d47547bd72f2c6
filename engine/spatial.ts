/**
 * Uniform-grid index over the bounding boxes of polygon features, for point-in-polygon look-ups
 * (building → population cell, building → zone). Integer ids in, integer ids out; no object per feature.
 */
import { pointInFeature, type Polygons } from './territory.ts';

export class PolygonGridIndex {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cell: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;
  private readonly bbox: Float64Array;

  constructor(
    private readonly polys: Polygons,
    cellSizeM?: number,
  ) {
    const n = polys.featureRingStart.length - 1;
    const bbox = new Float64Array(4 * n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let sumSize = 0;
    for (let i = 0; i < n; i++) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      const a = polys.ringVertexStart[polys.featureRingStart[i]];
      const b = polys.ringVertexStart[polys.featureRingStart[i + 1]];
      for (let k = a; k < b; k++) {
        const x = polys.xy[2 * k];
        const y = polys.xy[2 * k + 1];
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      bbox.set([x0, y0, x1, y1], 4 * i);
      if (x0 <= x1) {
        minX = Math.min(minX, x0);
        minY = Math.min(minY, y0);
        maxX = Math.max(maxX, x1);
        maxY = Math.max(maxY, y1);
        sumSize += Math.max(x1 - x0, y1 - y0);
      }
    }
    this.bbox = bbox;
    if (!(minX <= maxX)) {
      minX = minY = 0;
      maxX = maxY = 1;
    }
    const cell = cellSizeM ?? Math.max(1, n ? (sumSize / n) * 2 : 1);
    this.minX = minX;
    this.minY = minY;
    this.cell = cell;
    this.nx = Math.max(1, Math.ceil((maxX - minX) / cell) + 1);
    this.ny = Math.max(1, Math.ceil((maxY - minY) / cell) + 1);
    const counts = new Uint32Array(this.nx * this.ny + 1);
    const forEachCell = (i: number, fn: (c: number) => void): void => {
      if (!(bbox[4 * i] <= bbox[4 * i + 2])) return;
      const cx0 = Math.floor((bbox[4 * i] - minX) / cell);
      const cy0 = Math.floor((bbox[4 * i + 1] - minY) / cell);
      const cx1 = Math.floor((bbox[4 * i + 2] - minX) / cell);
      const cy1 = Math.floor((bbox[4 * i + 3] - minY) / cell);
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) fn(cy * this.nx + cx);
    };
    for (let i = 0; i < n; i++) forEachCell(i, (c) => counts[c + 1]++);
    for (let c = 0; c < this.nx * this.ny; c++) counts[c + 1] += counts[c];
    this.start = counts.slice();
    const fill = counts.slice();
    this.items = new Uint32Array(counts[this.nx * this.ny]);
    for (let i = 0; i < n; i++) forEachCell(i, (c) => (this.items[fill[c]++] = i));
  }

  /** Id of the first feature containing (x, y), or -1. */
  find(x: number, y: number): number {
    const cx = Math.floor((x - this.minX) / this.cell);
    const cy = Math.floor((y - this.minY) / this.cell);
    if (cx < 0 || cy < 0 || cx >= this.nx || cy >= this.ny) return -1;
    const c = cy * this.nx + cx;
    for (let k = this.start[c]; k < this.start[c + 1]; k++) {
      const i = this.items[k];
      const bb = this.bbox;
      if (x < bb[4 * i] || x > bb[4 * i + 2] || y < bb[4 * i + 1] || y > bb[4 * i + 3]) continue;
      if (pointInFeature(this.polys, i, x, y)) return i;
    }
    return -1;
  }
}
