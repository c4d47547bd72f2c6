/**
 * Air and heat result layers from result files made here (GeoTIFFs written by data/geotiff, a link-emissions CSV
 * in the air stage's layout). Truths: the limit values of engine/air/params.ts (and of the run's parameters when
 * they differ), the standard LCZ colours of engine/heat/lcz.ts, emission per km = emission / length.
 */
import { describe, expect, it } from 'vitest';
import { tinyTerritory } from '../data/test-fixtures.ts';
import { gridToGeoRaster } from '../data/dsm/georef.ts';
import { writeGeoTiff } from '../data/geotiff/write.ts';
import { AIR_THRESHOLDS } from '../engine/air/params.ts';
import { thresholdParamName } from '../engine/air/stage-params.ts';
import { LCZ_COLOURS, LCZ_LABELS } from '../engine/heat/lcz.ts';
import { createGrid } from '../engine/raster/grid.ts';
import { niceRange } from './layer-support.ts';
import { airRaster, emissionBands, parseLinkEmissions, thresholdMarks } from './air-layers.ts';
import { lczRaster, uhiRaster } from './heat-layers.ts';
import { RD_PU_9, YL_OR_BR_9, hexRgb } from './result-styles.ts';
import { rampColor } from './styles.ts';

const { territory: t } = tinyTerritory();
const tif = (values: number[], width: number): Uint8Array => {
  const g = createGrid(width, values.length / width, 10, 0, 20);
  g.values.set(values);
  return writeGeoTiff(gridToGeoRaster(g, t.frame));
};
const provenance = (parameters: Record<string, unknown>) => [{ id: 'x', label: 'x', unit: 'u', value: 1, provenance: { model: 'air model M', datasets: [], parameters } }];
const rgbAt = (rgba: Uint8ClampedArray, i: number): number[] => Array.from(rgba.subarray(4 * i, 4 * i + 4));

describe('air layers', () => {
  it('colours the concentration grid on a scale spanning the data, rounded, and marks the limit values', () => {
    const artefacts = { 'files.air': { 'no2.tif': tif([Number.NaN, 5, 12, 23.4], 2) }, 'indicators.air': provenance({}) };
    const { raster, source } = airRaster(artefacts, t, 'no2', 1);
    // Data 5 – 23.4: step 5 (a 1-2-5 step near a fifth of the span) → scale 5 – 25.
    expect(raster.legend).toMatchObject({ kind: 'ramp', unit: 'µg/m³', min: 5, max: 25 });
    const marks = raster.legend.kind === 'ramp' ? raster.legend.marks! : [];
    expect(marks.map((m) => m.value)).toEqual(AIR_THRESHOLDS.map((s) => s.no2).sort((a, b) => a - b)); // 10, 20, 40
    expect(marks.map((m) => m.label).join('\n')).toMatch(/WHO 2021[\s\S]*2030[\s\S]*in force/);
    expect(rgbAt(raster.rgba, 0)[3]).toBe(0); // no data: transparent
    const c = [0, 0, 0];
    rampColor(RD_PU_9, (12 - 5) / 20, c);
    expect(rgbAt(raster.rgba, 2)).toEqual([...c, 255]);
    expect([raster.min, raster.max]).toEqual([5, Math.fround(23.4)]);
    expect(source).toMatch(/^Model: air model M\. Data: Fixture\.$/);
  });

  it('rounds colour scales outwards to 1-2-5 steps', () => {
    expect(niceRange(15.2, 21.01)).toEqual([14, 22]);
    expect(niceRange(9, 9.58)).toEqual([9, 9.6]);
    expect(niceRange(0.3, 0.3)).toEqual([0.3, 0.4]);
    expect(niceRange(-1.3, 4.2)).toEqual([-2, 6]); // step 2 (span 5.5 / 5 = 1.1)
  });

  it('takes the limit values of the run’s parameters when they differ from the defaults', () => {
    expect(thresholdMarks('pm25', undefined).map((m) => m.value)).toEqual([5, 10, 25]);
    const p = { [thresholdParamName('who-2021', 'pm25')]: 3 };
    expect(thresholdMarks('pm25', p).map((m) => m.value)).toEqual([3, 10, 25]);
    expect(() => airRaster({ 'files.air': { 'no2.tif': tif([1], 1) } }, t, 'pm10', 1)).toThrow(/no file "pm10.tif" \(files: no2.tif\)/);
    expect(() => airRaster({ 'files.air': { 'no2.tif': tif([Number.NaN], 1) } }, t, 'no2', 1)).toThrow(/no2.tif has no value/);
  });

  it('colours each link by its emission per km, reads quoted ids, names bad rows', () => {
    const head = 'link,segment_id,from_node,to_node,road_class,length_m,flow_veh_day,annual_mean_flow_veh_h,free_speed_kmh,congested_speed_kmh,congested_share,nox_kg_yr,no2_kg_yr,pm10_kg_yr,pm25_kg_yr,co2_t_yr';
    const row = (link: number, id: string, len: number, nox: number): string => `${link},${id},0,1,residential,${len},100,4,50,50,0,${nox},1,2,1,3`;
    const csv = [head, row(0, '"r0, west"', 100, 50), row(3, 'r2', 100, 10), row(1, 'r0', 100, 0)].join('\n') + '\n';
    expect(parseLinkEmissions(csv, 'nox_kg_yr')).toEqual({ link: [0, 3, 1], kgPerYear: [50, 10, 0], lengthM: [100, 100, 100] });
    const layer = emissionBands({ 'territory.after': t, 'files.air': { 'link-emissions.csv': csv }, 'indicators.air': provenance({}) }, 'no2');
    expect(Array.from(layer.paths.link)).toEqual([3, 0]); // link 1 emits nothing; by increasing emission
    expect(Array.from(layer.fields[0].values)).toEqual([100, 500]); // kg/yr over 0.1 km
    expect(layer.legend).toMatchObject({ unit: 'kg/km/yr', min: 0, max: 500 });
    expect(layer.legend.title).toMatch(/NOx/);
    const c = [0, 0, 0];
    rampColor(YL_OR_BR_9, 1, c);
    const v = layer.paths.startIndices[1];
    expect(Array.from(layer.paths.colors.subarray(4 * v, 4 * v + 3))).toEqual(c);
    // The stage may give the file as bytes (UTF-8) rather than text: same layer.
    const fromBytes = emissionBands({ 'territory.after': t, 'files.air': { 'link-emissions.csv': new TextEncoder().encode(csv) } }, 'no2');
    expect(Array.from(fromBytes.fields[0].values)).toEqual([100, 500]);
    expect(() => parseLinkEmissions(csv, 'o3_kg_yr')).toThrow(/no column "o3_kg_yr"/);
    expect(() => parseLinkEmissions([head, row(0, 'a', 0, 1)].join('\n'), 'nox_kg_yr')).toThrow(/line 2: .*length_m 0/);
    expect(() => emissionBands({ 'territory.after': t, 'files.air': { 'link-emissions.csv': [head, row(9, 'x', 10, 1)].join('\n') } }, 'no2')).toThrow(/link 9 is not a link of the road network \(4 links\)/);
  });
});

describe('heat layers', () => {
  it('draws LCZ codes in the standard colours with a legend of the zones present', () => {
    const { raster, classLabels } = lczRaster({ 'files.heat': { 'lcz.tif': tif([0, 2, 6, 6, 11, Number.NaN], 3) } }, t, 1);
    expect(raster.legend.kind === 'classes' && raster.legend.entries).toEqual([2, 6, 11].map((c) => ({ color: hexRgb(LCZ_COLOURS[c]), label: LCZ_LABELS[c] })));
    expect(classLabels[6]).toBe('LCZ 6 open low-rise');
    expect(rgbAt(raster.rgba, 0)[3]).toBe(0);
    expect(rgbAt(raster.rgba, 1)).toEqual([...hexRgb(LCZ_COLOURS[2]), 255]);
    expect(rgbAt(raster.rgba, 4)).toEqual([...hexRgb('#006700'), 255]); // LCZ A dense trees
    expect(() => lczRaster({ 'files.heat': { 'lcz.tif': tif([3.5], 1) } }, t, 1)).toThrow(/cell 0 \(row 0, column 0\) holds 3.5/);
  });

  it('shows the night UHI in °C from 0 to a round maximum', () => {
    const { raster } = uhiRaster({ 'files.heat': { 'uhi-night.tif': tif([0.2, 1.5, 3.7, Number.NaN], 2) } }, t, 1);
    expect(raster.legend).toMatchObject({ kind: 'ramp', unit: '°C', min: 0, max: 4 });
    expect(raster.unit).toBe('°C');
    expect(rgbAt(raster.rgba, 3)[3]).toBe(0);
  });
});
