/**
 * Finite line sources dispersed on receptors: C(r) = Σ_pieces q ∫ K(r − p(s)) ds, K the wind-rose (or single-hour)
 * kernel of ./kernel.ts. The integral along each straight piece is a midpoint rule whose spacing grows with the
 * receptor's distance to the piece (spacing = max(minStep, angularStep · distance)), so near receptors see
 * finely resolved sources and far ones a few points.
 *
 * Spatial culling: a piece is only paired with the receptors inside its bounding box widened by the kernel's
 * support (the cutoff disc, and for a single hour the downwind half-plane only); the pairs and kernel evaluations
 * are counted for the benchmark. Grids are processed by bands of rows so the work can be split among threads.
 *
 * Sources carry several components (e.g. NOx, PM10, PM2.5, CO2 emission rates): the integral of K is computed
 * once per receptor–piece pair and multiplied by each component, so all pollutants cost one pass.
 */
import type { RoadNetwork } from '../territory.ts';
import type { DispersionKernel } from './kernel.ts';
import * as dmath from '../math/dmath.ts';
import type { NearRecorder } from './near-operator.ts';

export interface LineSources {
  count: number;
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  components: number;
  /** Emission per metre, g/(m·s): q[piece · components + c]. */
  q: Float64Array;
  /** Road segment each piece comes from (−1 when not from a road network). */
  segment: Int32Array;
}

/** Longest straight piece (m): longer road edges are split, which keeps culling boxes tight. */
export const MAX_PIECE_M = 100;

/**
 * Line sources of a road network: each segment's emission per metre is the sum over its links (both directions
 * of a two-way street), spread along its polyline; pieces longer than {@link MAX_PIECE_M} are split.
 * `perMetre[c][link]` is component c of each link in g/(m·s). Segments without emission are left out unless
 * `keep[segment]` is non-zero (a piece with q = 0 adds exactly 0; keeping the segments that can carry traffic makes
 * the pieces the same whatever the flows, so near-field operators apply across traffic variants).
 */
export function lineSourcesFromRoads(roads: RoadNetwork, perMetre: ArrayLike<number>[], keep?: ArrayLike<number>): LineSources {
  const comps = perMetre.length;
  if (comps < 1) throw new Error('line sources: at least one emission component is needed');
  for (let c = 0; c < comps; c++) if (perMetre[c].length !== roads.linkCount) throw new Error(`line sources: component ${c} has ${perMetre[c].length} values for ${roads.linkCount} links`);
  const segQ = new Float64Array(roads.segmentCount * comps);
  for (let l = 0; l < roads.linkCount; l++) {
    const s = roads.linkSegment[l];
    for (let c = 0; c < comps; c++) {
      const v = perMetre[c][l];
      if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`line sources: link ${l}, component ${c}: emission must be a finite number ≥ 0, got ${v}`);
      segQ[s * comps + c] += v;
    }
  }
  const g = roads.segmentGeometry;
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const seg: number[] = [];
  const q: number[] = [];
  for (let s = 0; s < roads.segmentCount; s++) {
    let any = keep ? keep[s] !== 0 : false;
    for (let c = 0; c < comps; c++) if (segQ[s * comps + c] > 0) any = true;
    if (!any) continue;
    for (let v = g.lineVertexStart[s]; v < g.lineVertexStart[s + 1] - 1; v++) {
      const x0 = g.xy[2 * v];
      const y0 = g.xy[2 * v + 1];
      const x1 = g.xy[2 * v + 2];
      const y1 = g.xy[2 * v + 3];
      const len = dmath.hypot(x1 - x0, y1 - y0);
      if (!(len > 0)) continue;
      const parts = Math.ceil(len / MAX_PIECE_M);
      for (let p = 0; p < parts; p++) {
        ax.push(x0 + ((x1 - x0) * p) / parts);
        ay.push(y0 + ((y1 - y0) * p) / parts);
        bx.push(x0 + ((x1 - x0) * (p + 1)) / parts);
        by.push(y0 + ((y1 - y0) * (p + 1)) / parts);
        seg.push(s);
        for (let c = 0; c < comps; c++) q.push(segQ[s * comps + c]);
      }
    }
  }
  return { count: ax.length, ax: Float64Array.from(ax), ay: Float64Array.from(ay), bx: Float64Array.from(bx), by: Float64Array.from(by), components: comps, q: Float64Array.from(q), segment: Int32Array.from(seg) };
}

/** Line sources from explicit end points and per-metre emissions (one component per array). */
export function lineSources(ends: ArrayLike<number>, perMetre: ArrayLike<number>[]): LineSources {
  const n = ends.length / 4;
  if (!Number.isInteger(n)) throw new Error(`line sources: ends must hold 4 numbers per piece (ax, ay, bx, by), got ${ends.length}`);
  const comps = perMetre.length;
  const q = new Float64Array(n * comps);
  for (let c = 0; c < comps; c++) {
    if (perMetre[c].length !== n) throw new Error(`line sources: component ${c} has ${perMetre[c].length} values for ${n} pieces`);
    for (let i = 0; i < n; i++) q[i * comps + c] = perMetre[c][i];
  }
  const pick = (o: number): Float64Array => Float64Array.from({ length: n }, (_, i) => ends[4 * i + o]);
  return { count: n, ax: pick(0), ay: pick(1), bx: pick(2), by: pick(3), components: comps, q, segment: new Int32Array(n).fill(-1) };
}

export interface GridSpec {
  width: number;
  height: number;
  cellSizeM: number;
  /** Local x of the west edge and y of the north edge (row 0 = north), as engine/raster/grid.ts. */
  originX: number;
  originY: number;
}

export interface DispersionStats {
  /** Receptor–piece pairs inside the kernel's reach. */
  pairs: number;
  /** Kernel evaluations (sub-points summed over pairs). */
  evaluations: number;
  /** Pieces processed. */
  pieces: number;
  /** Nodes of the FFT of a far part (./plan.ts), 0 or absent without one. */
  fftNodes?: number;
}

/** Constants of the kernel lookup in {@link pieceSum} and of the piece subdivision, read once per call (kept in locals in the loops). */
function pieceLookup(k: DispersionKernel) {
  return {
    t: k.table,
    invH: k.invH,
    N: k.half,
    S: k.size,
    invE0: 1 / k.e0,
    lim: k.e0 * dmath.pow2i(k.levels - 1),
    f: k.angularStepRad,
    minStep: k.minStepM,
    inner2: k.innerM * k.innerM,
  };
}

/**
 * Σ K · ds along a straight piece of length L and direction (tx, ty) for a receptor at (rx, ry) relative to the
 * piece start, by the midpoint rule on n sub-points (the callers use spacing max(minStep, f · distance)), bilinear
 * lookups in the kernel tables (see kernelAt). Every constant is an argument so the function inlines into hot loops.
 */
function pieceSum(t: Float32Array, invH: Float64Array, N: number, S: number, invE0: number, lim: number, n: number, L: number, tx: number, ty: number, rx: number, ry: number): number {
  const ds = L / n;
  const sx = ds * tx;
  const sy = ds * ty;
  const S2 = S * S;
  let ox = rx - 0.5 * sx;
  let oy = ry - 0.5 * sy;
  let sum = 0;
  for (let i = 0; i < n; i++, ox -= sx, oy -= sy) {
    const m = Math.max(Math.abs(ox), Math.abs(oy));
    if (m >= lim) continue;
    const lv = 32 - Math.clz32((m * invE0) | 0);
    const ih = invH[lv];
    const fx = ox * ih + N;
    const fy = oy * ih + N;
    const ci = fx | 0;
    const cj = fy | 0;
    const wx = fx - ci;
    const b = lv * S2 + cj * S + ci;
    const v0 = t[b] + wx * (t[b + 1] - t[b]);
    const v1 = t[b + S] + wx * (t[b + S + 1] - t[b + S]);
    sum += v0 + (fy - cj) * (v1 - v0);
  }
  return sum * ds;
}

/**
 * Concentrations (g/m³ per component) at the centres of rows [rowStart, rowEnd) of a grid. The result is
 * component-major: values[c · cells + (row − rowStart) · width + col]. The receptor loop is written out (no call
 * per pair, the piece frame advanced incrementally along each row) since it runs ~10⁹ times on a city grid.
 */
export function disperseGrid(src: LineSources, k: DispersionKernel, grid: GridSpec, band: { rowStart?: number; rowEnd?: number } = {}, rec?: NearRecorder): { values: Float64Array; stats: DispersionStats } {
  const W = grid.width;
  const r0 = band.rowStart ?? 0;
  const r1 = band.rowEnd ?? grid.height;
  if (!(Number.isInteger(W) && W > 0 && Number.isInteger(grid.height) && grid.height > 0 && grid.cellSizeM > 0)) throw new Error(`dispersion grid: invalid size ${W} × ${grid.height} at ${grid.cellSizeM} m`);
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && r0 >= 0 && r1 <= grid.height && r0 <= r1)) throw new Error(`dispersion grid: invalid row band [${r0}, ${r1}) for ${grid.height} rows`);
  const cells = (r1 - r0) * W;
  const comps = src.components;
  const values = new Float64Array(cells * comps);
  const cs = grid.cellSizeM;
  const R = k.cutoffM;
  const [sx0, sy0, sx1, sy1] = k.support;
  const yTop = grid.originY - (r0 + 0.5) * cs;
  // Kernel lookup constants (see kernelAt).
  const { t, invH, N, S, invE0, lim, f, minStep, inner2 } = pieceLookup(k);
  let pairs = 0;
  let evaluations = 0;
  let pieces = 0;
  for (let p = 0; p < src.count; p++) {
    rec?.piece(p);
    const ax = src.ax[p];
    const ay = src.ay[p];
    const L = dmath.hypot(src.bx[p] - ax, src.by[p] - ay);
    if (!(L > 0)) continue;
    const tx = (src.bx[p] - ax) / L;
    const ty = (src.by[p] - ay) / L;
    const minX = Math.min(ax, src.bx[p]);
    const maxX = Math.max(ax, src.bx[p]);
    const minY = Math.min(ay, src.by[p]);
    const maxY = Math.max(ay, src.by[p]);
    // Rows whose centre y lies in [minY + sy0, maxY + sy1] (support box) — row index grows southwards.
    const rowA = Math.max(r0, Math.ceil((grid.originY - (maxY + sy1)) / cs - 0.5));
    const rowB = Math.min(r1 - 1, Math.floor((grid.originY - (minY + sy0)) / cs - 0.5));
    if (rowA > rowB) continue;
    pieces++;
    for (let row = rowA; row <= rowB; row++) {
      const y = yTop - (row - r0) * cs;
      const dyb = y < minY ? minY - y : y > maxY ? y - maxY : 0;
      if (dyb >= R) continue;
      const hw = Math.sqrt(R * R - dyb * dyb);
      const colA = Math.max(0, Math.ceil((Math.max(minX - hw, minX + sx0) - grid.originX) / cs - 0.5));
      const colB = Math.min(W - 1, Math.floor((Math.min(maxX + hw, maxX + sx1) - grid.originX) / cs - 0.5));
      if (colA > colB) continue;
      const ry = y - ay;
      let rx = grid.originX + (colA + 0.5) * cs - ax;
      // Piece frame of the receptor: along (u) and across (v), advanced by one cell per column.
      let u = rx * tx + ry * ty;
      let v = ry * tx - rx * ty;
      const du = cs * tx;
      const dv = -cs * ty;
      const base = (row - r0) * W;
      for (let col = colA; col <= colB; col++, rx += cs, u += du, v += dv) {
        const d = u < 0 ? Math.sqrt(u * u + v * v) : u > L ? Math.sqrt((u - L) * (u - L) + v * v) : Math.abs(v);
        if (d >= R) continue;
        // Far part of a split kernel: nothing while the whole piece is inside its inner radius.
        if (inner2 > 0 && rx * rx + ry * ry < inner2 && (rx - L * tx) * (rx - L * tx) + (ry - L * ty) * (ry - L * ty) < inner2) continue;
        const n = Math.ceil(L / Math.max(minStep, f * d));
        const sum = pieceSum(t, invH, N, S, invE0, lim, n, L, tx, ty, rx, ry);
        pairs++;
        evaluations += n;
        rec?.push(base + col, sum);
        if (comps === 1) values[base + col] += sum * src.q[p];
        else for (let c = 0; c < comps; c++) values[c * cells + base + col] += sum * src.q[p * comps + c];
      }
    }
  }
  return { values, stats: { pairs, evaluations, pieces } };
}

/** Concentrations (g/m³ per component) at receptor points xy (interleaved x, y): values[c · n + i]. */
export function dispersePoints(src: LineSources, k: DispersionKernel, xy: ArrayLike<number>, rec?: NearRecorder): { values: Float64Array; stats: DispersionStats } {
  const n = xy.length / 2;
  if (!Number.isInteger(n)) throw new Error(`dispersion points: xy must hold x, y pairs, got ${xy.length} numbers`);
  const comps = src.components;
  const values = new Float64Array(n * comps);
  const stats: DispersionStats = { pairs: 0, evaluations: 0, pieces: 0 };
  if (n === 0) return { values, stats };
  // Bucket the receptors on a uniform grid.
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`dispersion points: receptor ${i} has a non-finite coordinate (${x}, ${y})`);
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const B = Math.max(25, k.cutoffM / 16);
  const nx = Math.floor((x1 - x0) / B) + 1;
  const ny = Math.floor((y1 - y0) / B) + 1;
  const start = new Uint32Array(nx * ny + 1);
  const cellOf = (i: number): number => Math.floor((xy[2 * i + 1] - y0) / B) * nx + Math.floor((xy[2 * i] - x0) / B);
  for (let i = 0; i < n; i++) start[cellOf(i) + 1]++;
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice();
  const items = new Uint32Array(n);
  for (let i = 0; i < n; i++) items[fill[cellOf(i)]++] = i;
  const [sx0, sy0, sx1, sy1] = k.support;
  const R = k.cutoffM;
  const { t, invH, N, S, invE0, lim, f, minStep, inner2 } = pieceLookup(k);
  // Receptors sorted by bucket, with their coordinates in that order for locality.
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    px[e] = xy[2 * items[e]];
    py[e] = xy[2 * items[e] + 1];
  }
  let pairs = 0;
  let evaluations = 0;
  let pieces = 0;
  for (let p = 0; p < src.count; p++) {
    rec?.piece(p);
    const ax = src.ax[p];
    const ay = src.ay[p];
    const L = dmath.hypot(src.bx[p] - ax, src.by[p] - ay);
    if (!(L > 0)) continue;
    const tx = (src.bx[p] - ax) / L;
    const ty = (src.by[p] - ay) / L;
    const bx0 = Math.min(ax, src.bx[p]);
    const bx1 = Math.max(ax, src.bx[p]);
    const by0 = Math.min(ay, src.by[p]);
    const by1 = Math.max(ay, src.by[p]);
    const cx0 = Math.max(0, Math.floor((bx0 + Math.max(sx0, -R) - x0) / B));
    const cx1 = Math.min(nx - 1, Math.floor((bx1 + Math.min(sx1, R) - x0) / B));
    const cy0 = Math.max(0, Math.floor((by0 + Math.max(sy0, -R) - y0) / B));
    const cy1 = Math.min(ny - 1, Math.floor((by1 + Math.min(sy1, R) - y0) / B));
    if (cx0 > cx1 || cy0 > cy1) continue;
    pieces++;
    for (let cy = cy0; cy <= cy1; cy++) {
      // Skip buckets whose box is farther than R from the piece's bounding box.
      const gy = Math.max(0, y0 + cy * B - by1, by0 - (y0 + (cy + 1) * B));
      if (gy >= R) continue;
      for (let cx = cx0; cx <= cx1; cx++) {
        const gx = Math.max(0, x0 + cx * B - bx1, bx0 - (x0 + (cx + 1) * B));
        if (gx * gx + gy * gy >= R * R) continue;
        const c = cy * nx + cx;
        for (let e = start[c]; e < start[c + 1]; e++) {
          const rx = px[e] - ax;
          const ry = py[e] - ay;
          const u = rx * tx + ry * ty;
          const v = ry * tx - rx * ty;
          const d = u < 0 ? Math.sqrt(u * u + v * v) : u > L ? Math.sqrt((u - L) * (u - L) + v * v) : Math.abs(v);
          if (d >= R) continue;
          if (inner2 > 0 && rx * rx + ry * ry < inner2 && (rx - L * tx) * (rx - L * tx) + (ry - L * ty) * (ry - L * ty) < inner2) continue;
          const ns = Math.ceil(L / Math.max(minStep, f * d));
          const sum = pieceSum(t, invH, N, S, invE0, lim, ns, L, tx, ty, rx, ry);
          pairs++;
          evaluations += ns;
          const i = items[e];
          rec?.push(i, sum);
          for (let cc = 0; cc < comps; cc++) values[cc * n + i] += sum * src.q[p * comps + cc];
        }
      }
    }
  }
  stats.pairs = pairs;
  stats.evaluations = evaluations;
  stats.pieces = pieces;
  return { values, stats };
}
