/**
 * Coordinate reference systems and the territory's local metric frame (east/north metres from an origin).
 * Conversions use proj4. Lon/lat order everywhere: [longitude, latitude] in degrees (GeoJSON order).
 */
import proj4 from 'proj4';
import type { LocalFrame } from '../engine/territory.ts';

/** RGF93 / Lambert-93, EPSG:2154 (definition from the EPSG registry, as published by IGN). */
export const LAMBERT93_PROJ4 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';
export const WGS84_PROJ4 = '+proj=longlat +datum=WGS84 +no_defs +type=crs';

const KNOWN: Record<string, string> = {
  'EPSG:2154': LAMBERT93_PROJ4,
  'EPSG:4326': WGS84_PROJ4,
  'EPSG:4171': '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs +type=crs', // RGF93 geographic
  'EPSG:3857':
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs +type=crs',
};

export class CrsError extends Error {
  override name = 'CrsError';
}

/** Normalise a CRS spelling (`epsg:2154`, `2154`, `urn:ogc:def:crs:EPSG::2154`, `CRS84`) to `EPSG:n`. */
export function normaliseCrs(spec: string): string {
  const s = spec.trim();
  if (/^(urn:ogc:def:crs:OGC:1\.3:)?CRS84$/i.test(s) || /^WGS ?84$/i.test(s)) return 'EPSG:4326';
  const m = /^(?:urn:ogc:def:crs:)?EPSG:{1,2}(\d+)$/i.exec(s) ?? /^(\d+)$/.exec(s);
  if (m) return `EPSG:${m[1]}`;
  return s;
}

/** proj4 definition of a CRS; throws a CrsError naming the CRS when it is not supported. */
export function crsProj4(spec: string): string {
  const code = normaliseCrs(spec);
  const def = KNOWN[code];
  if (!def) throw new CrsError(`unknown CRS "${spec}" (supported: ${Object.keys(KNOWN).join(', ')})`);
  return def;
}

export function isGeographic(spec: string): boolean {
  return /\+proj=longlat/.test(crsProj4(spec));
}

/**
 * CRS of an ESRI .prj (WKT1) text: the AUTHORITY code of the PROJCS/GEOGCS, or a recognised name.
 * Returns null when the WKT cannot be identified.
 */
export function crsFromWkt(wkt: string): string | null {
  const text = wkt.trim();
  if (!text) return null;
  const top = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  if (!top) return null;
  // The last AUTHORITY of the string belongs to the outermost node in WKT1.
  const auths = [...text.matchAll(/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const last = auths.at(-1);
  if (last && KNOWN[`EPSG:${last[1]}`]) return `EPSG:${last[1]}`;
  const name = top[2].toLowerCase();
  if (name.includes('lambert-93') || name.includes('lambert 93') || name.includes('lambert_93')) return 'EPSG:2154';
  if (name.includes('wgs_1984') || name.includes('wgs 84') || name === 'gcs_wgs_1984') return 'EPSG:4326';
  if (/^(PROJCS|PROJCRS)/i.test(top[1])) {
    if (/Lambert_Conformal_Conic/i.test(text) && /"?standard_parallel_1"?\s*,\s*49/i.test(text) && /false_easting"?\s*,\s*700000/i.test(text)) return 'EPSG:2154';
  }
  return null;
}

/** Transverse Mercator centred on a point: the plane used for geographic (lon/lat) sources. */
export function localTmercProj4(lon0: number, lat0: number): string {
  return `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs +type=crs`;
}

/** Local frame whose plane is a projected CRS (e.g. Lambert-93) translated by (originX, originY). */
export function frameForProjected(sourceCrs: string, originX: number, originY: number, originHeightM = 0): LocalFrame {
  const code = normaliseCrs(sourceCrs);
  const def = crsProj4(code);
  if (/\+proj=longlat/.test(def)) throw new CrsError(`${code} is geographic; use frameForGeographic`);
  const [lon, lat] = proj4(def, WGS84_PROJ4, [originX, originY]);
  return { sourceCrs: code, planeCrs: code, planeProj4: def, originX, originY, originLon: lon, originLat: lat, originHeightM };
}

/** Local frame for geographic sources: a transverse Mercator plane tangent at the origin. */
export function frameForGeographic(sourceCrs: string, originLon: number, originLat: number, originHeightM = 0): LocalFrame {
  const code = normaliseCrs(sourceCrs);
  const lon = Math.round(originLon * 1e6) / 1e6;
  const lat = Math.round(originLat * 1e6) / 1e6;
  const def = localTmercProj4(lon, lat);
  return { sourceCrs: code, planeCrs: def, planeProj4: def, originX: 0, originY: 0, originLon: lon, originLat: lat, originHeightM };
}

interface Converter {
  forward(p: number[]): number[];
}

/** Converts between a source CRS, the local frame and WGS84 lon/lat. */
export class FrameTransform {
  readonly frame: LocalFrame;
  private readonly toPlane: Converter | null;
  private readonly planeToWgs: Converter;
  constructor(frame: LocalFrame, sourceCrs: string = frame.sourceCrs) {
    this.frame = frame;
    const src = crsProj4(sourceCrs);
    const same = normaliseCrs(sourceCrs) === normaliseCrs(frame.planeCrs);
    this.toPlane = same ? null : proj4(src, frame.planeProj4);
    this.planeToWgs = proj4(frame.planeProj4, WGS84_PROJ4);
  }
  /** Source coordinates → local metres, written at out[o], out[o+1]. */
  sourceToLocal(x: number, y: number, out: Float64Array | number[], o = 0): void {
    if (this.toPlane) {
      const p = this.toPlane.forward([x, y]);
      out[o] = p[0] - this.frame.originX;
      out[o + 1] = p[1] - this.frame.originY;
    } else {
      out[o] = x - this.frame.originX;
      out[o + 1] = y - this.frame.originY;
    }
  }
  /** Local metres → [lon, lat] in degrees. */
  localToLonLat(x: number, y: number): [number, number] {
    const p = this.planeToWgs.forward([x + this.frame.originX, y + this.frame.originY]);
    return [p[0], p[1]];
  }
}

/** WGS84 bounding box [minLon, minLat, maxLon, maxLat] of a local bbox (corners and edge midpoints). */
export function localBboxToWgs84(frame: LocalFrame, bbox: [number, number, number, number]): [number, number, number, number] {
  const t = new FrameTransform(frame);
  const [x0, y0, x1, y1] = bbox;
  if (!Number.isFinite(x0)) return [NaN, NaN, NaN, NaN];
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const fx of [0, 0.5, 1]) {
    for (const fy of [0, 0.5, 1]) {
      const [lon, lat] = t.localToLonLat(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0));
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}
