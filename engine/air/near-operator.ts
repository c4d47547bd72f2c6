/**
 * Near-part operators: source–receptor matrices for a fixed geometry. Concentrations are linear in the emissions
 * (C = Σ_pieces q · ∫K ds), so once the receptor–piece integrals of the near kernel are known, a new set of
 * emissions on the same pieces and receptors costs one sparse product instead of the kernel sums — the way
 * scenario tools such as SHERPA (Thunis et al., Environ. Model. Softw. 79, 2016) or GAINS use source–receptor
 * relations. Here the matrix is exact, not fitted: it is recorded by the direct evaluation (./dispersion.ts)
 * in the direct evaluation's own order (pieces ascending, each receptor once per piece), so applying it adds the
 * same products in the same order and gives bitwise the direct result (near-operator.test.ts).
 *
 * Operators are cached by a content hash of everything the integrals depend on: the pieces' end points, the
 * receptors (points, or grid and row band) and the kernel's tables and constants. Emissions are not part of the
 * key, so a batch of variants that changes only the traffic on one road network reuses them. Memory is bounded
 * (12 bytes per receptor–piece pair; an evaluation whose pairs exceed the cache's budget is not recorded).
 */
import { createSha256 } from '../hash/sha256.ts';
import type { DispersionKernel } from './kernel.ts';
import type { DispersionStats, GridSpec, LineSources } from './dispersion.ts';

export interface NearOperator {
  /** Pieces of the line sources it was recorded on. */
  pieces: number;
  /** Receptors (grid cells of the band, or points). */
  receptors: number;
  /** Pairs of piece p: entries pieceStart[p] … pieceStart[p + 1] − 1. */
  pieceStart: Uint32Array;
  receptor: Uint32Array;
  /** ∫K ds of the pair (s/m²). */
  weight: Float64Array;
  /** Statistics of the recording evaluation, returned again when the operator is applied. */
  stats: DispersionStats;
  bytes: number;
}

/** Collects the pairs of a direct evaluation (called from its loops; see ./dispersion.ts). */
export class NearRecorder {
  m = 0;
  over = false;
  receptor: Uint32Array;
  weight: Float64Array;
  readonly pieceStart: Uint32Array;
  constructor(
    readonly pieces: number,
    readonly maxPairs: number,
  ) {
    this.pieceStart = new Uint32Array(pieces + 1);
    const first = Math.max(0, Math.min(1 << 16, maxPairs));
    this.receptor = new Uint32Array(first);
    this.weight = new Float64Array(first);
  }
  /** Marks the start of piece p (every piece, in order, also those without pairs). */
  piece(p: number): void {
    this.pieceStart[p] = this.m;
  }
  push(i: number, w: number): void {
    if (this.over) return;
    if (this.m === this.receptor.length) {
      if (this.m >= this.maxPairs) {
        this.over = true;
        this.receptor = new Uint32Array(0);
        this.weight = new Float64Array(0);
        return;
      }
      const size = Math.min(this.maxPairs, 2 * this.m);
      const r = new Uint32Array(size);
      r.set(this.receptor);
      const w2 = new Float64Array(size);
      w2.set(this.weight);
      this.receptor = r;
      this.weight = w2;
    }
    this.receptor[this.m] = i;
    this.weight[this.m++] = w;
  }
  /** The operator, or null when the pairs exceeded the budget. */
  finish(receptors: number, stats: DispersionStats): NearOperator | null {
    if (this.over) return null;
    this.pieceStart[this.pieces] = this.m;
    // Trimmed when much of the capacity is unused; otherwise kept as views (no second copy at the peak).
    const trim = this.m < 0.75 * this.receptor.length;
    const receptor = trim ? this.receptor.slice(0, this.m) : this.receptor.subarray(0, this.m);
    const weight = trim ? this.weight.slice(0, this.m) : this.weight.subarray(0, this.m);
    return { pieces: this.pieces, receptors, pieceStart: this.pieceStart, receptor, weight, stats: { ...stats }, bytes: this.pieceStart.byteLength + receptor.buffer.byteLength + weight.buffer.byteLength };
  }
}

/** Near-part values of `src` (component-major, like the direct evaluation) from an operator recorded on the same pieces. */
export function applyNearOperator(op: NearOperator, src: LineSources): Float64Array {
  if (src.count !== op.pieces) throw new Error(`near operator: recorded on ${op.pieces} pieces, applied to ${src.count}`);
  const comps = src.components;
  const n = op.receptors;
  const values = new Float64Array(n * comps);
  const { pieceStart, receptor, weight } = op;
  const q = src.q;
  for (let p = 0; p < op.pieces; p++) {
    const e1 = pieceStart[p + 1];
    if (comps === 1) {
      const qp = q[p];
      for (let e = pieceStart[p]; e < e1; e++) values[receptor[e]] += weight[e] * qp;
    } else
      for (let e = pieceStart[p]; e < e1; e++) {
        const i = receptor[e];
        const w = weight[e];
        for (let c = 0; c < comps; c++) values[c * n + i] += w * q[p * comps + c];
      }
  }
  return values;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * Cache key of a near evaluation: pieces (end points), kernel (tables and every constant the loops read) and
 * receptors (`points` interleaved x, y, or a grid and its row band).
 */
export function nearOperatorKey(src: LineSources, k: DispersionKernel, receptors: { points: Float64Array } | { grid: GridSpec; rowStart: number; rowEnd: number }): string {
  const h = createSha256();
  const scalars = [src.count, k.half, k.size, k.levels, k.h0, k.e0, k.cutoffM, ...k.support, k.angularStepRad, k.innerM, k.minStepM];
  if ('points' in receptors) scalars.push(receptors.points.length);
  else {
    const g = receptors.grid;
    scalars.push(g.width, g.height, g.cellSizeM, g.originX, g.originY, receptors.rowStart, receptors.rowEnd);
  }
  h.update(('points' in receptors ? 'points|' : 'grid|') + scalars.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join('|'));
  for (const a of [src.ax, src.ay, src.bx, src.by, k.invH, k.table]) h.update(bytesOf(a));
  if ('points' in receptors) h.update(bytesOf(receptors.points));
  return h.digestHex();
}

/** Operators by key, least recently used dropped first beyond a memory budget (bytes). */
export class NearOperatorCache {
  private readonly map = new Map<string, NearOperator>();
  private bytes = 0;
  constructor(readonly maxBytes = 256e6) {}
  /** Largest operator worth recording (pairs). */
  get maxPairs(): number {
    return Math.floor(this.maxBytes / 12);
  }
  get(key: string): NearOperator | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, op: NearOperator): void {
    if (op.bytes > this.maxBytes) return;
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, op);
    this.bytes += op.bytes;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.map.delete(k);
      this.bytes -= v.bytes;
    }
  }
  get size(): number {
    return this.map.size;
  }
  get usedBytes(): number {
    return this.bytes;
  }
}
