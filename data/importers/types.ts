/**
 * Importer contract. Like loaders.gl loaders, an importer is a plain declarative object (id, formats, how to
 * recognise its input) with a separate parse step; it returns a territory and its data-quality report.
 */
import type { Territory } from '../../engine/territory.ts';
import type { ImportReportData } from '../report.ts';

export interface ImportOptions {
  /** Keep features whose representative point (bbox centre) lies in [minX, minY, maxX, maxY], in the source CRS. */
  clip?: [number, number, number, number];
  /** Source CRS when the files do not declare one (or to override what they declare), e.g. `EPSG:2154`. */
  crs?: string;
  /** Territory name (default: derived from the path). */
  name?: string;
}

export interface ImportResult {
  territory: Territory;
  report: ImportReportData;
}

export interface Importer {
  /** Name used on the command line: `jumeau import <id> <path>`. */
  id: 'bdtopo' | 'osm' | 'geojson';
  title: string;
  /** What the importer reads, for --help. */
  description: string;
  import(path: string, opts?: ImportOptions): Promise<ImportResult>;
}

/** Error for inputs that cannot be imported at all; the message names the file (and feature/field). */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** True when the point lies in the clip box (or there is no clip box). */
export function inClip(clip: ImportOptions['clip'], x: number, y: number): boolean {
  if (!clip) return true;
  return x >= clip[0] && x <= clip[2] && y >= clip[1] && y <= clip[3];
}
