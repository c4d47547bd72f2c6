/**
 * Polygon zones given by a user or a scenario (flat rings in local metres) and the small ring geometry the
 * interventions need. A zone is one outer ring followed by its holes; containment is even-odd, so ring
 * orientation does not matter on input.
 */
import { UrbanInputError } from './params.ts';

export type Rings = ArrayLike<number>[];

export interface Zone {
  rings: Float64Array[];
  /** Area (m²): |outer| − Σ |holes|. */
  areaM2: number;
  bbox: [number, number, number, number];
}

/** Signed area of a flat ring (shoelace; positive counter-clockwise). */
export function ringArea(r: ArrayLike<number>): number {
  let s = 0;
  const n = r.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) s += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
  return s / 2;
}

/** Validates rings and builds a zone; `where` names the input in errors (e.g. `intervention "a" zone`). */
export function makeZone(rings: Rings, where: string): Zone {
  if (!Array.isArray(rings) || rings.length === 0) throw new UrbanInputError(`${where}: expected an array of rings (outer ring first, then holes), got ${JSON.stringify(rings)?.slice(0, 80)}`);
  const out: Float64Array[] = [];
  let area = 0;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  rings.forEach((r, k) => {
    if (!r || typeof r.length !== 'number' || r.length < 6 || r.length % 2) throw new UrbanInputError(`${where}: ring ${k} must be a flat [x0, y0, x1, y1, …] list of at least 3 points`);
    const f = Float64Array.from(r as ArrayLike<number>);
    for (let i = 0; i < f.length; i++) if (!Number.isFinite(f[i])) throw new UrbanInputError(`${where}: ring ${k} has a non-finite coordinate at index ${i}`);
    // Drop a closing vertex equal to the first one.
    const n = f.length;
    const ring = n > 6 && f[0] === f[n - 2] && f[1] === f[n - 1] ? f.slice(0, n - 2) : f;
    const a = Math.abs(ringArea(ring));
    if (!(a > 0)) throw new UrbanInputError(`${where}: ring ${k} has zero area`);
    area += k === 0 ? a : -a;
    for (let i = 0; i < ring.length; i += 2) {
      bbox[0] = Math.min(bbox[0], ring[i]);
      bbox[1] = Math.min(bbox[1], ring[i + 1]);
      bbox[2] = Math.max(bbox[2], ring[i]);
      bbox[3] = Math.max(bbox[3], ring[i + 1]);
    }
    out.push(ring);
  });
  if (!(area > 0)) throw new UrbanInputError(`${where}: the holes cover the whole outer ring (area ${area} m²)`);
  return { rings: out, areaM2: area, bbox };
}

/** Even-odd point-in-zone test. */
export function inZone(z: Zone, x: number, y: number): boolean {
  if (x < z.bbox[0] || x > z.bbox[2] || y < z.bbox[1] || y > z.bbox[3]) return false;
  let inside = false;
  for (const r of z.rings) {
    const n = r.length >> 1;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = r[2 * i];
      const yi = r[2 * i + 1];
      const xj = r[2 * j];
      const yj = r[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Area-weighted centroid of rings (outer + holes, any orientation normalised by the zone rule). */
export function ringsCentroid(rings: readonly ArrayLike<number>[]): [number, number] {
  let cx = 0;
  let cy = 0;
  let a2 = 0;
  rings.forEach((r, k) => {
    const sign = (k === 0 ? 1 : -1) * Math.sign(ringArea(r));
    const n = r.length >> 1;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const cross = (r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1]) * sign;
      a2 += cross;
      cx += (r[2 * j] + r[2 * i]) * cross;
      cy += (r[2 * j + 1] + r[2 * i + 1]) * cross;
    }
  });
  if (a2 === 0) {
    const r = rings[0];
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < r.length; i += 2) {
      sx += r[i];
      sy += r[i + 1];
    }
    return [sx / (r.length / 2), sy / (r.length / 2)];
  }
  return [cx / (3 * a2), cy / (3 * a2)];
}

/** Rings oriented as the territory requires: the outer ring counter-clockwise, holes clockwise. */
export function orientRings(rings: Float64Array[]): Float64Array[] {
  return rings.map((r, k) => {
    const ccw = ringArea(r) > 0;
    if ((k === 0) === ccw) return r;
    const n = r.length >> 1;
    const o = new Float64Array(r.length);
    for (let i = 0; i < n; i++) {
      o[2 * i] = r[2 * (n - 1 - i)];
      o[2 * i + 1] = r[2 * (n - 1 - i) + 1];
    }
    return o;
  });
}
