/**
 * Parallel digital lines across a grid along one azimuth: the traversal shared by the shadow and sky-view
 * sweeps. Every cell lies on exactly one line and each line lists its cells in the order of travel, so a model
 * that carries a running state along each line (a shadow height, a convex hull) costs O(cells) per direction.
 *
 * Construction: the azimuth is reduced to φ′ ∈ [0°, 90°) in a quarter-turned view of the grid (so the four
 * quadrants are handled by the same code and a scene turned by 90° with its sun is swept identically). In that
 * view the line advances one cell per step along its major axis and by m = tan ≤ 1 along the minor axis; the
 * minor offset after k steps is o_k = ⌊k·m + ½⌋. Lines are the integer translates j0 + o_k, which partition
 * the grid (for a fixed k, j0 ↦ j0 + o_k is a bijection). Successive cells of a line are √(1 + m²) cells apart.
 */
import * as dmath from '../math/dmath.ts';

export class LineSweep {
  readonly width: number;
  readonly height: number;
  /** Number of lines for the current azimuth. */
  lineCount = 0;
  /** Distance between successive cells of a line, in cell sides: √(1 + m²). */
  stepCells = 1;
  /** Cell index of step k on line j0: base + k·kStride + (j0 + offset[k])·jStride. */
  base = 0;
  kStride = 0;
  jStride = 0;
  /** Minor-axis offsets o_k (length = major-axis length). */
  offset: Int32Array;
  /** After {@link begin}: first and one-past-last step of the line, and its j0. */
  kStart = 0;
  kEnd = 0;
  j0 = 0;
  private majorLen = 0;
  private minorLen = 0;
  private firstK: Int32Array;
  private jMin = 0;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    const n = Math.max(width, height);
    this.offset = new Int32Array(n);
    this.firstK = new Int32Array(n + 2);
  }

  /** Prepares the lines travelling towards `azimuthDeg` (from north, clockwise). */
  setAzimuth(azimuthDeg: number): void {
    const W = this.width;
    const H = this.height;
    let a = azimuthDeg % 360;
    if (a < 0) a += 360;
    let q = Math.floor(a / 90);
    let phi = a - 90 * q;
    if (q > 3) {
      q = 0;
      phi = 0;
    }
    // Quarter-turned view: real index = vb + c′·sc + r′·sr, virtual size vw × vh.
    let vb: number;
    let sc: number;
    let sr: number;
    let vw: number;
    let vh: number;
    if (q === 0) [vb, sc, sr, vw, vh] = [0, 1, W, W, H];
    else if (q === 1) [vb, sc, sr, vw, vh] = [W - 1, W, -1, H, W];
    else if (q === 2) [vb, sc, sr, vw, vh] = [(H - 1) * W + W - 1, -1, -W, W, H];
    else [vb, sc, sr, vw, vh] = [(H - 1) * W, -W, 1, H, W];
    let m: number;
    if (phi <= 45) {
      // Major axis: virtual north (r′ decreasing from the bottom row); minor: c′ increasing.
      m = dmath.tan((phi * Math.PI) / 180);
      this.base = vb + (vh - 1) * sr;
      this.kStride = -sr;
      this.jStride = sc;
      this.majorLen = vh;
      this.minorLen = vw;
    } else {
      // Major axis: virtual east (c′ increasing); minor: r′ decreasing, counted as j = vh − 1 − r′.
      m = dmath.tan(((90 - phi) * Math.PI) / 180);
      this.base = vb + (vh - 1) * sr;
      this.kStride = sc;
      this.jStride = -sr;
      this.majorLen = vw;
      this.minorLen = vh;
    }
    if (m > 1) m = 1;
    this.stepCells = Math.sqrt(1 + m * m);
    const L = this.majorLen;
    const o = this.offset;
    for (let k = 0; k < L; k++) o[k] = Math.floor(k * m + 0.5);
    const oMax = o[L - 1];
    // firstK[v] = first step whose offset is ≥ v (v = 0 … oMax + 1).
    const f = this.firstK;
    let k = 0;
    for (let v = 0; v <= oMax + 1; v++) {
      while (k < L && o[k] < v) k++;
      f[v] = k;
    }
    this.jMin = -oMax;
    this.lineCount = this.minorLen + oMax;
  }

  /** Selects line `i` (0 ≤ i < lineCount): sets kStart, kEnd and j0. */
  begin(i: number): void {
    const j0 = this.jMin + i;
    this.j0 = j0;
    const lo = j0 < 0 ? -j0 : 0; // need j0 + o_k ≥ 0
    const hi = this.minorLen - j0; // need j0 + o_k < minorLen, i.e. o_k < hi
    const oMax = this.offset[this.majorLen - 1];
    this.kStart = this.firstK[lo];
    this.kEnd = hi > oMax ? this.majorLen : this.firstK[hi];
  }

  /** Writes the cell indices of line `i` in travel order into `out`; returns how many. */
  line(i: number, out: Int32Array): number {
    this.begin(i);
    const { base, kStride, jStride, offset, j0 } = this;
    let n = 0;
    for (let k = this.kStart; k < this.kEnd; k++) out[n++] = base + k * kStride + (j0 + offset[k]) * jStride;
    return n;
  }
}
