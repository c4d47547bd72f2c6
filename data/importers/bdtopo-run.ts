/**
 * Per-layer plumbing of the BD TOPO importer (./bdtopo.ts): coordinates converted to the local frame once per
 * layer, the record loop that reports every record that cannot become a feature (invalid geometry, no or
 * deleted attribute record, outside the clip window), field lookup that reports missing required fields, and
 * the validation of numeric attributes with a repair message naming the file, record and field.
 */
import { FrameTransform, normaliseCrs } from '../frame.ts';
import type { AddResult, TerritoryBuilder } from '../builder.ts';
import type { ImportReport, LayerReport } from '../report.ts';
import type { LocalFrame } from '../../engine/territory.ts';
import type { DbfTable } from '../formats/dbf.ts';
import { RECORD_MALFORMED, RECORD_NULL, RECORD_TYPE_MISMATCH, RECORD_UNSUPPORTED, type Shapefile, type ShpGeometry } from '../formats/shapefile.ts';
import { inClip, type ImportOptions } from './types.ts';

/** What every layer reader needs. */
export interface BdtopoEnv {
  builder: TerritoryBuilder;
  report: ImportReport;
  frame: LocalFrame;
  clip: ImportOptions['clip'];
}

/** A loaded source layer. */
export interface BdtopoLayer {
  /** Source layer name as found on disk, e.g. `BATI_INDIFFERENCIE`. */
  name: string;
  /** Path of the .shp relative to the imported folder (the report's file). */
  file: string;
  shp: Shapefile;
  /** Source CRS (EPSG code). */
  crs: string;
  /** Index of the layer's dataset in the builder. */
  dataset: number;
}

const STATUS_REASON: Record<number, string> = {
  [RECORD_NULL]: 'null geometry',
  [RECORD_TYPE_MISMATCH]: 'shape type mismatch',
  [RECORD_MALFORMED]: 'malformed geometry',
  [RECORD_UNSUPPORTED]: 'unsupported geometry',
};

/** Altitudes at or beyond these are BD TOPO "unknown" markers (9999 in v2 attributes, -1000 in v3 Z). */
const Z_UNKNOWN_LOW = -1000;
const Z_UNKNOWN_HIGH = 9999;

/** Plausible altitude in metres (NGF), or null for BD TOPO unknown markers and non-finite values. */
export function altitude(v: number | null): number | null {
  return v !== null && Number.isFinite(v) && v > Z_UNKNOWN_LOW && v < Z_UNKNOWN_HIGH ? v : null;
}

export class LayerRun {
  readonly l: LayerReport;
  readonly g: ShpGeometry;
  readonly t: DbfTable;
  /** Coordinates of the layer in local metres, aligned with `g.xy`. */
  readonly xy: Float64Array;
  private kept = 0;
  private repaired = 0;
  private flagged = false;
  private readonly idField: number;

  /** `idFields`: fields holding the feature id, first present wins (BD TOPO: ID). */
  constructor(
    readonly env: BdtopoEnv,
    readonly layer: BdtopoLayer,
    idFields: string[] = ['ID', 'ID_BDTOPO', 'CLEABS'],
  ) {
    this.l = env.report.layer(layer.name, layer.file);
    this.g = layer.shp.geometry;
    this.t = layer.shp.table!;
    this.xy = toLocal(this.g.xy, layer.crs, env.frame);
    this.idField = this.t.findField(...idFields);
    if (this.idField < 0) env.report.note(`${layer.file}: no id field (${idFields.join(', ')}); features are identified as ${layer.name}#<record>`);
  }

  /**
   * Index of the first field present among `names` (case-insensitive), or -1. A missing required field is a
   * layer error (the import is incomplete) and the attribute is treated as unknown for every feature.
   */
  field(names: string | string[], required: boolean, consequence = 'treated as unknown'): number {
    const list = Array.isArray(names) ? names : [names];
    const k = this.t.findField(...list);
    if (k < 0 && required) this.env.report.error(this.layer.shp.dbfFile, `missing field ${list[0]} in ${this.layer.shp.dbfFile}: ${consequence} for all ${this.g.count} features`, { field: list[0] });
    return k;
  }

  /** Text of field f of record i ('' when the field is absent). */
  text(i: number, f: number): string {
    return f < 0 ? '' : this.t.text(i, f);
  }

  drop(i: number, id: string, reason: string, message?: string, field?: string): void {
    this.env.report.drop(this.l, reason, { feature: i, featureId: id, field }, message);
  }

  repair(i: number, id: string, field: string, reason: string, message: string): void {
    this.env.report.repair(this.l, reason, { feature: i, featureId: id, field }, message);
    this.flagged = true;
  }

  warn(i: number, id: string, field: string, reason: string, message: string): void {
    this.env.report.warn(this.l, reason, { feature: i, featureId: id, field }, message);
  }

  /**
   * Numeric attribute: null when blank, '*'-filled or equal to one of `unknown` (source conventions for "not
   * filled", reported nowhere); a repair naming the field when not a number, negative or above `max`.
   */
  number(i: number, id: string, f: number, what: string, opts: { unknown?: number[]; max?: number; imputed?: boolean } = {}): number | null {
    if (f < 0) return null;
    const v = this.t.number(i, f);
    if (v === null || opts.unknown?.includes(v)) return null;
    const name = this.t.fields[f].name;
    const bad = Number.isNaN(v) ? 'is not a number' : v < 0 ? 'is negative' : opts.max !== undefined && v > opts.max ? `is above ${opts.max}` : null;
    if (!bad) return v;
    const then = opts.imputed === false ? 'treated as unknown' : 'treated as unknown and imputed';
    this.repair(i, id, name, `invalid ${what}`, `${name} = "${this.t.text(i, f)}" ${bad}: ${what} ${then}`);
    return null;
  }

  /**
   * Runs `fn` for each record that can become a feature; every other record is reported as dropped. `fn` ends
   * with {@link added} (or its own drop).
   */
  each(fn: (i: number, id: string) => void): void {
    const { g, t } = this;
    const clip = this.env.clip;
    for (let i = 0; i < g.count; i++) {
      this.l.read++;
      this.flagged = false;
      const hasAttrs = i < t.recordCount;
      // Records with a blank id are identified by their record number.
      const id = (hasAttrs && this.idField >= 0 && t.text(i, this.idField)) || `${this.layer.name}#${i}`;
      const status = g.status[i];
      if (status !== 0) {
        this.drop(i, id, STATUS_REASON[status] ?? 'invalid geometry', g.invalid.get(i), 'geometry');
        continue;
      }
      if (!hasAttrs) {
        this.drop(i, id, 'no attribute record', `${this.layer.shp.dbfFile} has no record ${i}: feature without attributes`);
        continue;
      }
      if (t.isDeleted(i)) {
        this.drop(i, id, 'deleted record', `record ${i} is flagged as deleted in ${this.layer.shp.dbfFile}`);
        continue;
      }
      if (clip) {
        const b = g.recordBbox;
        const cx = (b[4 * i] + b[4 * i + 2]) / 2;
        const cy = (b[4 * i + 1] + b[4 * i + 3]) / 2;
        if (!inClip(clip, cx, cy)) {
          this.drop(i, id, 'outside clip window');
          continue;
        }
      }
      fn(i, id);
    }
  }

  /** Accounts for the builder's answer: drop when invalid, geometry repairs, kept. */
  added(i: number, id: string, r: AddResult): void {
    if (!r.ok) {
      this.drop(i, id, r.reason, undefined, 'geometry');
      return;
    }
    for (const rep of r.repairs) this.repair(i, id, 'geometry', rep, rep);
    this.keep();
  }

  /** Counts the current record as kept (for readers that add several features per record). */
  keep(): void {
    this.kept++;
    if (this.flagged) this.repaired++;
  }

  finish(): void {
    this.env.report.finishLayer(this.l, this.kept, this.repaired);
  }
}

/** Converts a flat source xy array to local metres (a translation when the source is the frame's plane). */
export function toLocal(src: Float64Array, crs: string, frame: LocalFrame): Float64Array {
  const out = new Float64Array(src.length);
  if (normaliseCrs(crs) === frame.planeCrs) {
    const ox = frame.originX;
    const oy = frame.originY;
    for (let k = 0; k < src.length; k += 2) {
      out[k] = src[k] - ox;
      out[k + 1] = src[k + 1] - oy;
    }
    return out;
  }
  const t = new FrameTransform(frame, crs);
  for (let k = 0; k < src.length; k += 2) t.sourceToLocal(src[k], src[k + 1], out, k);
  return out;
}

/** Area (m²) of polygons → rings (outer minus holes, whatever their orientation). */
export function polygonsArea(polygons: ArrayLike<number>[][]): number {
  let total = 0;
  for (const poly of polygons) poly.forEach((r, k) => (total += k === 0 ? Math.abs(ringArea(r)) : -Math.abs(ringArea(r))));
  return total;
}

function ringArea(r: ArrayLike<number>): number {
  const n = r.length >> 1;
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) s += r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
  return s / 2;
}

/** Area-weighted centroid of polygons → rings (holes subtracted), written into out; false when degenerate. */
export function polygonsCentroid(polygons: ArrayLike<number>[][], out: number[]): boolean {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of polygons) {
    poly.forEach((r, k) => {
      const n = r.length >> 1;
      let s = 0;
      let sx = 0;
      let sy = 0;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const cross = r[2 * j] * r[2 * i + 1] - r[2 * i] * r[2 * j + 1];
        s += cross;
        sx += (r[2 * j] + r[2 * i]) * cross;
        sy += (r[2 * j + 1] + r[2 * i + 1]) * cross;
      }
      if (s === 0) return;
      // Ring centroid (sx / 3s, sy / 3s) weighted by its unsigned area, negative for holes.
      const w = (k === 0 ? 1 : -1) * Math.abs(s / 2);
      a += w;
      cx += (w * sx) / (3 * s);
      cy += (w * sy) / (3 * s);
    });
  }
  if (!(Math.abs(a) > 0)) return false;
  out[0] = cx / a;
  out[1] = cy / a;
  return true;
}
