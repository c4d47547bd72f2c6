/**
 * Local frame ↔ GeoTIFF georeferencing. A {@link Grid} lives in the territory's local frame (metres from the
 * origin); on disk it is written in the frame's projected plane: plane = local + (frame.originX, frame.originY)
 * — Lambert-93 (EPSG:2154) for French data, a WGS 84 transverse Mercator tangent at the origin for lon/lat
 * sources. A raster read without a territory is taken in its own CRS plane (local = CRS coordinates).
 */
import proj4 from 'proj4';
import type { LocalFrame } from '../../engine/territory.ts';
import { type Grid, GridError, checkGrid } from '../../engine/raster/grid.ts';
import { CrsError, WGS84_PROJ4, crsProj4, isGeographic, normaliseCrs } from '../frame.ts';
import { type GeoRaster, type GeoTiffCrs, GeoTiffError } from '../geotiff/types.ts';
import { isGeographicCrs } from '../geotiff/read.ts';

/** GeoTIFF CRS of a frame's projected plane. Throws a CrsError when GeoKeys cannot express it. */
export function crsOfFrame(frame: LocalFrame): GeoTiffCrs {
  const code = normaliseCrs(frame.planeCrs);
  const m = /^EPSG:(\d+)$/.exec(code);
  if (m) return { kind: 'epsg', code: Number(m[1]), geographic: isGeographic(code) };
  const p = frame.planeProj4;
  if (/\+proj=tmerc\b/.test(p) && /\+(ellps|datum)=WGS84\b/.test(p)) {
    const val = (k: string, d: number): number => {
      const r = new RegExp(`\\+${k}=(-?[0-9.eE+-]+)`).exec(p);
      return r ? Number(r[1]) : d;
    };
    return { kind: 'tmerc', lon0Deg: val('lon_0', 0), lat0Deg: val('lat_0', 0), scale: val('k', val('k_0', 1)), falseEastingM: val('x_0', 0), falseNorthingM: val('y_0', 0) };
  }
  throw new CrsError(`the territory plane "${frame.planeCrs}" cannot be written as GeoTIFF keys (EPSG code or WGS 84 transverse Mercator expected)`);
}

/** proj4 definition of a GeoTIFF CRS (for lon/lat conversions). Throws a CrsError for unknown EPSG codes. */
export function proj4OfCrs(crs: GeoTiffCrs): string {
  if (crs.kind === 'epsg') return crsProj4(`EPSG:${crs.code}`);
  return `+proj=tmerc +lat_0=${crs.lat0Deg} +lon_0=${crs.lon0Deg} +k=${crs.scale} +x_0=${crs.falseEastingM} +y_0=${crs.falseNorthingM} +ellps=WGS84 +units=m +no_defs +type=crs`;
}

export function describeCrs(crs: GeoTiffCrs | null): string {
  if (!crs) return 'no CRS';
  if (crs.kind === 'epsg') return `EPSG:${crs.code}`;
  return `transverse Mercator (WGS 84) at ${crs.lon0Deg}°, ${crs.lat0Deg}°`;
}

/** Grid in a frame → raster in the frame's plane CRS. */
export function gridToGeoRaster(grid: Grid, frame: LocalFrame | null, meta: { description?: string; unit?: string; crs?: GeoTiffCrs | null } = {}): GeoRaster {
  checkGrid(grid);
  const ox = frame ? frame.originX : 0;
  const oy = frame ? frame.originY : 0;
  return {
    width: grid.width,
    height: grid.height,
    values: grid.values,
    originX: grid.originX + ox,
    originY: grid.originY + oy,
    pixelSizeX: grid.cellSizeM,
    pixelSizeY: grid.cellSizeM,
    nodata: grid.nodata,
    crs: meta.crs !== undefined ? meta.crs : frame ? crsOfFrame(frame) : null,
    description: meta.description,
    unit: meta.unit,
  };
}

/**
 * Raster → metric grid for the models. The raster must be north-up with square pixels in a projected CRS (or
 * without CRS, taken as metres); `offset` is subtracted from its coordinates (the territory origin when the
 * raster is in the territory's plane; default none). Throws a GridError / GeoTiffError naming the problem.
 */
export function geoRasterToGrid(r: GeoRaster, offset: { x: number; y: number } = { x: 0, y: 0 }): Grid {
  if (isGeographicCrs(r.crs)) throw new GeoTiffError(`raster is in a geographic CRS (EPSG:${(r.crs as { code: number }).code}, degrees): reproject it to a projected CRS in metres (e.g. gdalwarp -t_srs EPSG:2154)`);
  if (Math.abs(r.pixelSizeX - r.pixelSizeY) > 1e-9 * r.pixelSizeX) throw new GridError(`raster pixels are not square (${r.pixelSizeX} × ${r.pixelSizeY}): resample it to square pixels`);
  return { width: r.width, height: r.height, cellSizeM: r.pixelSizeX, originX: r.originX - offset.x, originY: r.originY - offset.y, values: r.values, nodata: r.nodata };
}

/** [lon, lat] (WGS 84 degrees) of the centre of a raster in a known CRS. Throws a CrsError otherwise. */
export function rasterCentreLonLat(r: GeoRaster): [number, number] {
  if (!r.crs) throw new CrsError('the raster has no CRS');
  const x = r.originX + (r.width * r.pixelSizeX) / 2;
  const y = r.originY - (r.height * r.pixelSizeY) / 2;
  if (isGeographicCrs(r.crs)) return [x, y];
  const [lon, lat] = proj4(proj4OfCrs(r.crs), WGS84_PROJ4, [x, y]);
  return [lon, lat];
}
