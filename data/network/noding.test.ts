import { describe, expect, it } from 'vitest';
import { networkNote, nodeLines, parseNetworkNote, type LineSet, type NodedLines } from './noding.ts';

/** Line set from polylines given as [[x, y], …]. */
function lines(...ls: number[][][]): LineSet {
  const lineStart = [0];
  const xy: number[] = [];
  for (const l of ls) {
    for (const [x, y] of l) xy.push(x, y);
    lineStart.push(xy.length / 2);
  }
  return { lineStart, xy };
}

/** Vertices of output segment s as [[x, y], …]. */
function seg(r: NodedLines, s: number): number[][] {
  const out: number[][] = [];
  for (let v = r.segStart[s]; v < r.segStart[s + 1]; v++) out.push([r.segXY[2 * v], r.segXY[2 * v + 1]]);
  return out;
}

/** Number of segment ends at each node. */
function degree(r: NodedLines): Int32Array {
  const d = new Int32Array(r.nodeCount);
  for (let s = 0; s < r.stats.segments; s++) {
    d[r.segFrom[s]]++;
    d[r.segTo[s]]++;
  }
  return d;
}

describe('nodeLines', () => {
  it('T-junction with a 1 m gap: the dangling end is snapped onto the main road, which is split there', () => {
    const r = nodeLines(lines([[0, 0], [100, 0]], [[50, 1], [50, 50]]));
    expect(r.stats).toMatchObject({ segments: 3, splits: 1, snapInsertions: 1, endsJoined: 1, endsConnected: 0, endsDangling: 3 });
    // The main road is cut at (50, 0); the side street now starts exactly there.
    expect(seg(r, 0)).toEqual([[0, 0], [50, 0]]);
    expect(seg(r, 1)).toEqual([[50, 0], [100, 0]]);
    expect(seg(r, 2)).toEqual([[50, 0], [50, 50]]);
    expect(Array.from(r.segLine)).toEqual([0, 0, 1]);
    expect(Array.from(r.lineSegStart)).toEqual([0, 2, 3]);
    const junction = r.segTo[0];
    expect([r.segFrom[1], r.segFrom[2]]).toEqual([junction, junction]);
    expect(degree(r)[junction]).toBe(3);
  });

  it('does not snap beyond the tolerance, and 0 disables snapping', () => {
    const set = lines([[0, 0], [100, 0]], [[50, 1], [50, 50]]);
    for (const tol of [0, 0.9]) {
      const r = nodeLines(set, { snapToleranceM: tol });
      expect(r.stats).toMatchObject({ segments: 2, splits: 0, endsJoined: 0, endsDangling: 4 });
    }
  });

  it('+ crossing sharing a vertex: both lines are split at the shared vertex', () => {
    const r = nodeLines(lines([[-10, 0], [0, 0], [10, 0]], [[0, -10], [0, 0], [0, 10]]));
    expect(r.stats).toMatchObject({ segments: 4, splits: 2, endsJoined: 0, endsDangling: 4 });
    const d = degree(r);
    const centre = r.segTo[0];
    expect(seg(r, 0).at(-1)).toEqual([0, 0]);
    expect(d[centre]).toBe(4);
    expect(r.nodeCount).toBe(5);
  });

  it('an isolated line keeps its two dangling ends', () => {
    const r = nodeLines(lines([[0, 0], [30, 5], [60, 0]]));
    expect(r.stats).toMatchObject({ segments: 1, splits: 0, ends: 2, endsConnected: 0, endsJoined: 0, endsDangling: 2 });
    expect(seg(r, 0)).toEqual([[0, 0], [30, 5], [60, 0]]);
  });

  it('lines crossing without a shared vertex stay unconnected (bridges, tunnels)', () => {
    const r = nodeLines(lines([[-10, 0], [10, 0]], [[0, -10], [0, 10]]));
    expect(r.stats).toMatchObject({ segments: 2, splits: 0, endsJoined: 0, endsDangling: 4 });
    const ends = new Set([r.segFrom[0], r.segTo[0], r.segFrom[1], r.segTo[1]]);
    expect(ends.size).toBe(4);
  });

  it('an end near a vertex of another line is snapped onto that vertex (no insertion)', () => {
    // The side street ends 0.3 m from the main road's interior vertex (40, 0): within the 0.5 m minimum piece.
    const r = nodeLines(lines([[0, 0], [40, 0], [100, 0]], [[40.3, 1], [40.3, 30]]));
    expect(r.stats).toMatchObject({ snapInsertions: 0, endsJoined: 1, splits: 1, segments: 3 });
    expect(seg(r, 2)[0]).toEqual([40, 0]);
  });

  it('two collinear ways with a 1 m gap are joined end to end', () => {
    const r = nodeLines(lines([[0, 0], [10, 0]], [[11, 0], [20, 0]]));
    expect(r.stats).toMatchObject({ endsJoined: 1, endsDangling: 2, segments: 2, splits: 0 });
    expect(r.segTo[0]).toBe(r.segFrom[1]);
  });

  it('a line ending on the interior vertex of another splits it without snapping', () => {
    const r = nodeLines(lines([[0, 0], [50, 0], [100, 0]], [[50, 0], [50, 40]]));
    expect(r.stats).toMatchObject({ segments: 3, splits: 1, endsConnected: 1, endsJoined: 0, endsDangling: 3 });
  });

  it('a closed ring has no dangling end', () => {
    const r = nodeLines(lines([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]));
    expect(r.stats).toMatchObject({ segments: 1, endsConnected: 2, endsDangling: 0 });
  });

  it('with vertex keys, sharing follows the keys, not the coordinates', () => {
    const set = lines([[-10, 0], [0, 0], [10, 0]], [[0, -10], [0, 0], [0, 10]]);
    const distinct = nodeLines({ ...set, vertexKey: [1, 2, 3, 4, 5, 6] }, { snapToleranceM: 0 });
    expect(distinct.stats).toMatchObject({ segments: 2, splits: 0 });
    const shared = nodeLines({ ...set, vertexKey: [1, 2, 3, 4, 2, 6] }, { snapToleranceM: 0 });
    expect(shared.stats).toMatchObject({ segments: 4, splits: 2 });
  });

  it('removes repeated vertices and reports lines with fewer than 2 distinct vertices', () => {
    const r = nodeLines(lines([[0, 0], [0, 0], [5, 0]], [[1, 1], [1, 1]], [[0, 5], [NaN, 5]]));
    expect(r.stats).toMatchObject({ lines: 3, invalidLines: 2, segments: 1 });
    expect(seg(r, 0)).toEqual([[0, 0], [5, 0]]);
    expect(Array.from(r.lineSegStart)).toEqual([0, 1, 1, 1]);
  });

  it('splitting preserves the total length (random lattice streets sharing vertices)', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ls: number[][][] = [];
    for (let k = 0; k < 400; k++) {
      // Random walks on a 10 m lattice: they share vertices wherever they cross.
      let x = Math.floor(rand() * 40) * 10;
      let y = Math.floor(rand() * 40) * 10;
      const l = [[x, y]];
      for (let s = 0; s < 2 + Math.floor(rand() * 12); s++) {
        if (rand() < 0.5) x += rand() < 0.5 ? 10 : -10;
        else y += rand() < 0.5 ? 10 : -10;
        l.push([x, y]);
      }
      ls.push(l);
    }
    const set = lines(...ls);
    const lengthOf = (xy: ArrayLike<number>, a: number, b: number): number => {
      let s = 0;
      for (let v = a + 1; v < b; v++) s += Math.hypot(xy[2 * v] - xy[2 * v - 2], xy[2 * v + 1] - xy[2 * v - 1]);
      return s;
    };
    let inLen = 0;
    for (let i = 0; i < ls.length; i++) inLen += lengthOf(set.xy, set.lineStart[i], set.lineStart[i + 1]);
    const r = nodeLines(set, { snapToleranceM: 0 });
    let outLen = 0;
    for (let s = 0; s < r.stats.segments; s++) outLen += lengthOf(r.segXY, r.segStart[s], r.segStart[s + 1]);
    expect(r.stats.splits).toBeGreaterThan(100);
    expect(r.stats.segments).toBe(r.stats.lines - r.stats.invalidLines + r.stats.splits);
    expect(outLen).toBeCloseTo(inLen, 6);
    // No output segment has a shared vertex in its interior.
    const uses = new Map<string, number>();
    for (let v = 0; v < set.xy.length / 2; v++) uses.set(`${set.xy[2 * v]},${set.xy[2 * v + 1]}`, 0);
    for (let s = 0; s < r.stats.segments; s++) {
      const pts = seg(r, s);
      for (const p of [pts[0], pts.at(-1)!]) uses.set(`${p}`, (uses.get(`${p}`) ?? 0) + 1);
    }
    for (let s = 0; s < r.stats.segments; s++) for (const p of seg(r, s).slice(1, -1)) expect(uses.get(`${p}`)).toBe(0);
  });

  it('the network note round-trips through parseNetworkNote', () => {
    const r = nodeLines(lines([[0, 0], [100, 0]], [[50, 1], [50, 50]]));
    const note = networkNote(r.stats, 2);
    expect(note.startsWith('network: 1 ends joined, 3 dangling, 1 splits')).toBe(true);
    const parsed = parseNetworkNote(['unrelated note', note]);
    expect(parsed).toEqual({ ...r.stats, invalidLines: undefined, toleranceM: 2 } as unknown);
  });
});
