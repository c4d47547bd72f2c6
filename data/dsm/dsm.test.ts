/**
 * DSM of a territory: extent and snapping, building cells and heights from the hand-made fixture, terrain
 * added under buildings, and the local frame ↔ GeoTIFF plane mapping (Lambert-93 and WGS 84 local planes).
 */
import { describe, expect, it } from 'vitest';
import { tinyTerritory } from '../test-fixtures.ts';
import { frameForGeographic } from '../frame.ts';
import { readGeoTiff } from '../geotiff/read.ts';
import { writeGeoTiff } from '../geotiff/write.ts';
import { createGrid, GridError } from '../../engine/raster/grid.ts';
import { buildDsm, sampleBilinear } from './dsm.ts';
import { crsOfFrame, geoRasterToGrid, gridToGeoRaster, rasterCentreLonLat } from './georef.ts';

describe('DSM from a territory', () => {
  const { territory } = tinyTerritory();

  it('covers the buildings plus the margin, snapped to the resolution in Lambert-93', () => {
    const d = buildDsm(territory, { resolutionM: 1, marginM: 20 });
    // Buildings span local [10, 10] – [510, 510].
    expect([d.grid.originX, d.grid.originY, d.grid.width, d.grid.height]).toEqual([-10, 530, 540, 540]);
    const d2 = buildDsm(territory, { resolutionM: 2.5, marginM: 3 });
    expect((d2.grid.originX + territory.frame.originX) % 2.5).toBe(0);
    expect((d2.grid.originY + territory.frame.originY) % 2.5).toBe(0);
    expect(d2.grid.originX).toBeLessThanOrEqual(10 - 3);
    expect(d2.grid.originX + d2.grid.width * 2.5).toBeGreaterThanOrEqual(510 + 3);
  });

  it('burns every building at its height on exactly its footprint area', () => {
    const d = buildDsm(territory, { resolutionM: 1 });
    const h = territory.buildings.heightM;
    let cells = 0;
    let volume = 0;
    let groundNotZero = 0;
    for (let i = 0; i < d.grid.values.length; i++) {
      if (d.raster.buildingId[i] >= 0) {
        cells++;
        volume += d.grid.values[i];
      } else if (d.grid.values[i] !== 0) groundNotZero++;
    }
    expect(groundNotZero).toBe(0);
    // Footprints: 10×10, 20×10, 40×30, 10×10 m on whole metres.
    expect(cells).toBe(100 + 200 + 1200 + 100);
    expect(volume).toBeCloseTo(100 * h[0] + 200 * h[1] + 1200 * h[2] + 100 * h[3], 3);
    expect(d.raster.rasterized).toBe(4);
    const at = (x: number, y: number): number => Math.floor(d.grid.originY - y) * d.grid.width + Math.floor(x - d.grid.originX);
    expect(d.grid.values[at(15, 15)]).toBe(9);
    expect(d.raster.buildingId[at(15, 15)]).toBe(0);
  });

  it('adds the terrain under buildings and marks cells outside the terrain as no data', () => {
    // A plane z = 100 + 0.1 x − 0.05 y sampled at its cell centres: bilinear sampling is exact on it.
    const t = createGrid(300, 300, 2, -50, 250);
    for (let r = 0; r < 300; r++) for (let c = 0; c < 300; c++) t.values[r * 300 + c] = 100 + 0.1 * (-50 + (c + 0.5) * 2) - 0.05 * (250 - (r + 0.5) * 2);
    expect(sampleBilinear(t, 12.3, 45.6)).toBeCloseTo(100 + 1.23 - 2.28, 4);
    const d = buildDsm(territory, { resolutionM: 1, terrain: t, bounds: [0, 0, 100, 100] });
    const at = (x: number, y: number): number => Math.floor(d.grid.originY - y) * d.grid.width + Math.floor(x - d.grid.originX);
    // The cell centred on (15.5, 15.5), inside building b0 (9 m).
    expect(d.grid.values[at(15.5, 15.5)]).toBeCloseTo(100 + 1.55 - 0.775 + 9, 3);
    expect(d.ground[at(15.5, 15.5)]).toBeCloseTo(100 + 1.55 - 0.775, 3);
    expect(d.missingCells).toBe(0);
    const off = buildDsm(territory, { resolutionM: 1, terrain: t, bounds: [500, 200, 600, 300] }); // terrain ends at x = 550, y = 250
    expect(off.missingCells).toBe(100 * 100 - 50 * 50); // centres with x > 550 or y > 250
  });

  it('refuses empty or oversized requests', () => {
    expect(() => buildDsm(territory, { resolutionM: 0 })).toThrow(/resolution/);
    expect(() => buildDsm(territory, { resolutionM: 0.01 })).toThrow(/exceeds the limit/);
    const empty = { ...territory, buildings: { ...territory.buildings, count: 0, footprint: { ...territory.buildings.footprint, xy: new Float64Array(0) } } };
    expect(() => buildDsm(empty)).toThrow(GridError);
  });
});

describe('local frame ↔ GeoTIFF plane', () => {
  it('writes a territory DSM in EPSG:2154 at local + origin and reads it back to the same local grid', () => {
    const { territory } = tinyTerritory();
    const d = buildDsm(territory, { resolutionM: 2 });
    const r = readGeoTiff(writeGeoTiff(gridToGeoRaster(d.grid, territory.frame, { description: 'DSM', unit: 'm' })));
    expect(r.crs).toEqual({ kind: 'epsg', code: 2154, geographic: false });
    expect(r.originX).toBe(352000 + d.grid.originX);
    expect(r.originY).toBe(6789000 + d.grid.originY);
    const g = geoRasterToGrid(r, { x: territory.frame.originX, y: territory.frame.originY });
    expect([g.originX, g.originY, g.cellSizeM, g.width]).toEqual([d.grid.originX, d.grid.originY, 2, d.grid.width]);
    expect([...g.values]).toEqual([...d.grid.values]);
    const [lon, lat] = rasterCentreLonLat(r);
    expect(lon).toBeGreaterThan(-1.8); // near Rennes
    expect(lon).toBeLessThan(-1.5);
    expect(lat).toBeGreaterThan(48);
    expect(lat).toBeLessThan(48.3);
  });

  it('expresses a lon/lat territory plane as a WGS 84 transverse Mercator centred on the origin', () => {
    const frame = frameForGeographic('EPSG:4326', 2.3522, 48.8566);
    const crs = crsOfFrame(frame);
    expect(crs).toEqual({ kind: 'tmerc', lon0Deg: 2.3522, lat0Deg: 48.8566, scale: 1, falseEastingM: 0, falseNorthingM: 0 });
    const g = createGrid(100, 100, 1, -50, 50);
    const r = readGeoTiff(writeGeoTiff(gridToGeoRaster(g, frame)));
    const [lon, lat] = rasterCentreLonLat(r);
    expect(lon).toBeCloseTo(2.3522, 7);
    expect(lat).toBeCloseTo(48.8566, 7);
  });

  it('refuses rasters the metric models cannot use', () => {
    const base = gridToGeoRaster(createGrid(4, 4, 1), null);
    expect(() => geoRasterToGrid({ ...base, crs: { kind: 'epsg', code: 4326, geographic: true } })).toThrow(/geographic CRS/);
    expect(() => geoRasterToGrid({ ...base, pixelSizeY: 2 })).toThrow(/not square/);
    expect(() => rasterCentreLonLat(base)).toThrow(/no CRS/);
    expect(() => rasterCentreLonLat({ ...base, crs: { kind: 'epsg', code: 9999, geographic: false } })).toThrow(/unknown CRS/);
  });
});
