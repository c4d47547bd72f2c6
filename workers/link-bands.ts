/**
 * Bands along directed road links for the deck.gl PathLayer (binary attributes): each link follows its segment's
 * geometry in its direction of travel, offset to its right by half its width plus a gap (traffic keeps right in
 * France), so the two directions of a street lie side by side. At a bend the offset follows the bisector of the
 * two pieces' normals, lengthened by 1 / cos(half the turn) (a miter, capped at twice the offset).
 */
import type { Territory } from '../engine/territory.ts';
import type { Rgb } from './styles.ts';
import { OVERLAY_LIFT_M, type PathBuffers } from './buffers.ts';

/** Gap between the two bands of a two-way street (m), so both directions stay readable. */
export const BAND_GAP_M = 0.5;

export interface LinkBands extends PathBuffers {
  /** Per path: the directed link (index in the territory's road links). */
  link: Uint32Array;
}

/** Bands of `links` (in drawing order) of `t`, `widthM(l)` wide (m) and coloured `rgb(l)`. */
export function linkBands(t: Territory, links: number[], widthM: (l: number) => number, rgb: (l: number) => Rgb): LinkBands {
  const r = t.roads;
  const g = r.segmentGeometry;
  let vertices = 0;
  for (const l of links) vertices += g.lineVertexStart[r.linkSegment[l] + 1] - g.lineVertexStart[r.linkSegment[l]];
  const n = links.length;
  const out: LinkBands = { length: n, startIndices: new Uint32Array(n), positions: new Float32Array(vertices * 3), colors: new Uint8Array(vertices * 4), widths: new Float32Array(vertices), link: Uint32Array.from(links) };
  let v = 0;
  for (let p = 0; p < n; p++) {
    const l = links[p];
    const s = r.linkSegment[l];
    const a = g.lineVertexStart[s];
    const m = g.lineVertexStart[s + 1] - a;
    const rev = r.linkReversed[l] === 1;
    const x = (k: number): number => g.xy[2 * (a + (rev ? m - 1 - k : k))];
    const y = (k: number): number => g.xy[2 * (a + (rev ? m - 1 - k : k)) + 1];
    const w = widthM(l);
    const d = w / 2 + BAND_GAP_M / 2;
    const c = rgb(l);
    out.startIndices[p] = v;
    for (let k = 0; k < m; k++, v++) {
      const [ix, iy] = k > 0 ? rightNormal(x(k - 1), y(k - 1), x(k), y(k)) : [NaN, NaN];
      const [ox, oy] = k + 1 < m ? rightNormal(x(k), y(k), x(k + 1), y(k + 1)) : [NaN, NaN];
      let nx = Number.isNaN(ix) ? ox : Number.isNaN(ox) ? ix : ix + ox;
      let ny = Number.isNaN(iy) ? oy : Number.isNaN(oy) ? iy : iy + oy;
      const len = Math.hypot(nx, ny);
      if (len > 1e-9) {
        nx /= len;
        ny /= len;
      } else {
        nx = Number.isNaN(ix) ? 0 : ix;
        ny = Number.isNaN(iy) ? 0 : iy;
      }
      const rx = Number.isNaN(ix) ? ox : ix;
      const ry = Number.isNaN(iy) ? oy : iy;
      const cos = Number.isNaN(rx) ? 1 : Math.max(0.5, nx * rx + ny * ry);
      out.positions[3 * v] = x(k) + (nx * d) / cos;
      out.positions[3 * v + 1] = y(k) + (ny * d) / cos;
      out.positions[3 * v + 2] = OVERLAY_LIFT_M;
      out.colors[4 * v] = c[0];
      out.colors[4 * v + 1] = c[1];
      out.colors[4 * v + 2] = c[2];
      out.colors[4 * v + 3] = 255;
      out.widths[v] = w;
    }
  }
  return out;
}

/** Unit normal to the right of the direction a → b ([NaN, NaN] for a zero-length piece). */
function rightNormal(ax: number, ay: number, bx: number, by: number): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  return len > 0 ? [dy / len, -dx / len] : [NaN, NaN];
}
