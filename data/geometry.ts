/**
 * Geometry clean-up shared by all importers: ring normalisation (unclosed, no repeated vertices, outer rings
 * counter-clockwise and holes clockwise in the east/north local frame) and growable typed-array buffers.
 */

/** A growable Float64 buffer (amortised doubling), to build flat coordinate arrays without boxing. */
export class F64Buffer {
  data = new Float64Array(1024);
  length = 0;
  push2(x: number, y: number): void {
    if (this.length + 2 > this.data.length) this.grow(this.length + 2);
    this.data[this.length++] = x;
    this.data[this.length++] = y;
  }
  private grow(min: number): void {
    let n = this.data.length * 2;
    while (n < min) n *= 2;
    const d = new Float64Array(n);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** A growable Uint32 buffer. */
export class U32Buffer {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length + 1 > this.data.length) {
      const d = new Uint32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

export interface RingCleanResult {
  /** Cleaned ring (flat x, y), or null when it has fewer than 3 distinct vertices or non-finite coordinates. */
  ring: number[] | null;
  /** What was changed, for the quality report. */
  repairs: string[];
  /** Why the ring is invalid (when ring is null). */
  invalid?: string;
}

function signedArea(r: ArrayLike<number>): number {
  let s = 0;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) s += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
  return s / 2;
}

/**
 * Cleans one ring: drops the closing vertex and consecutive duplicates, rejects non-finite coordinates and
 * rings with < 3 distinct vertices or zero area, and orients it (counter-clockwise when `outer`).
 */
export function cleanRing(input: ArrayLike<number>, outer: boolean): RingCleanResult {
  const repairs: string[] = [];
  const out: number[] = [];
  const n = Math.floor(input.length / 2);
  for (let i = 0; i < n; i++) {
    const x = input[2 * i];
    const y = input[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return { ring: null, repairs, invalid: 'non-finite coordinate' };
    const m = out.length;
    if (m >= 2 && out[m - 2] === x && out[m - 1] === y) {
      if (i !== n - 1 || n < 2) repairs.push('repeated vertex removed');
      continue;
    }
    out.push(x, y);
  }
  // Drop the closing vertex (and any further repeat of the first vertex at the end).
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  if (out.length < 6) return { ring: null, repairs, invalid: 'fewer than 3 distinct vertices' };
  const a = signedArea(out);
  if (a === 0 || !Number.isFinite(a)) return { ring: null, repairs, invalid: 'zero area' };
  if (a > 0 !== outer) {
    // Reverse vertex order in place (pairs).
    for (let i = 0, j = out.length / 2 - 1; i < j; i++, j--) {
      const x = out[2 * i];
      const y = out[2 * i + 1];
      out[2 * i] = out[2 * j];
      out[2 * i + 1] = out[2 * j + 1];
      out[2 * j] = x;
      out[2 * j + 1] = y;
    }
  }
  return { ring: out, repairs: [...new Set(repairs)] };
}

export interface PolygonCleanResult {
  /** Rings ready to append: each outer ring followed by its holes. Empty when the feature is invalid. */
  rings: number[][];
  repairs: string[];
  invalid?: string;
}

/**
 * Cleans a (multi)polygon given as polygons → rings → flat x, y. A polygon whose outer ring is invalid is
 * skipped (reported as a repair when other parts remain); an invalid hole is dropped (repair).
 */
export function cleanPolygons(polygons: ArrayLike<number>[][]): PolygonCleanResult {
  const rings: number[][] = [];
  const repairs = new Set<string>();
  let firstInvalid: string | undefined;
  for (const poly of polygons) {
    if (!poly.length) continue;
    const outer = cleanRing(poly[0], true);
    outer.repairs.forEach((r) => repairs.add(r));
    if (!outer.ring) {
      firstInvalid ??= `outer ring: ${outer.invalid}`;
      continue;
    }
    rings.push(outer.ring);
    for (let h = 1; h < poly.length; h++) {
      const hole = cleanRing(poly[h], false);
      hole.repairs.forEach((r) => repairs.add(r));
      if (hole.ring) rings.push(hole.ring);
      else repairs.add(`invalid hole dropped (${hole.invalid})`);
    }
  }
  if (!rings.length) return { rings, repairs: [...repairs], invalid: firstInvalid ?? 'empty geometry' };
  if (firstInvalid) repairs.add(`invalid part dropped (${firstInvalid})`);
  return { rings, repairs: [...repairs] };
}
