// BD TOPO importer on small synthetic shapefiles written to a temporary folder: the bad-input cases (truncated
// .shp, null geometry, invalid heights, unknown or missing CRS, missing field…) and the v3 road layer, which the
// real extracts in ../shared/data do not contain.
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILDING_USES, ROAD_CLASSES, RULE_MEASURED } from '../../engine/territory.ts';
import type { ImportReportData, ReportIssue } from '../report.ts';
import { LAMBERT93_PRJ, NTF_LAMBERT2_PRJ, dbfBytes, shpBytes, type TestField, type TestShape, type TestValue } from '../formats/test-shapefile-writer.ts';
import proj4 from 'proj4';
import { LAMBERT93_PROJ4, WGS84_PROJ4 } from '../frame.ts';
import { importBdtopo } from './bdtopo.ts';
import { ImportError } from './types.ts';

const WGS84_PRJ =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';
const X0 = 665000;
const Y0 = 6360000;
/** Clockwise closed square (shapefile outer ring). */
const square = (x: number, y: number, s: number): number[] => [x, y, x, y + s, x + s, y + s, x + s, y, x, y];

interface Layer {
  name: string;
  type: number;
  shapes: (TestShape | null)[];
  fields: TestField[];
  rows: TestValue[][];
  prj?: string | null;
  cpg?: string;
  deleted?: number[];
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function writeFolder(layers: Layer[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-bdtopo-'));
  dirs.push(dir);
  for (const l of layers) {
    const { shp, shx } = shpBytes(l.type, l.shapes);
    writeFileSync(path.join(dir, `${l.name}.shp`), shp);
    writeFileSync(path.join(dir, `${l.name}.shx`), shx);
    writeFileSync(path.join(dir, `${l.name}.dbf`), dbfBytes(l.fields, l.rows, { deleted: l.deleted }));
    if (l.prj !== null) writeFileSync(path.join(dir, `${l.name}.prj`), l.prj ?? LAMBERT93_PRJ);
    if (l.cpg) writeFileSync(path.join(dir, `${l.name}.cpg`), l.cpg);
  }
  return dir;
}

/** v2 folder: 5 buildings of 10 × 10 m (B0…B4) and 4 roads (Direct, Inverse, Double, a path with SENS NC). */
function v2(edit: (bati: Layer, route: Layer) => void = () => {}): string {
  const bati: Layer = {
    name: 'BATI_INDIFFERENCIE',
    type: 15,
    shapes: [0, 1, 2, 3, 4].map((k) => ({ parts: [square(X0 + 30 * k, Y0, 10)] })),
    fields: [
      { name: 'id', type: 'C', length: 24 },
      { name: 'hauteur', type: 'N', length: 10 },
      { name: 'z_min', type: 'N', length: 24, decimals: 15 },
    ],
    rows: [0, 1, 2, 3, 4].map((k) => [`B${k}`, 6 + k, 600]),
  };
  const line = (k: number): TestShape => ({ parts: [[X0 + 100 * k, Y0 + 50, X0 + 100 * k + 80, Y0 + 50, X0 + 100 * k + 80, Y0 + 120]] });
  const route: Layer = {
    name: 'ROUTE',
    type: 13,
    shapes: [0, 1, 2, 3].map(line),
    fields: [
      { name: 'id', type: 'C', length: 24 },
      { name: 'nature', type: 'C', length: 21 },
      { name: 'importance', type: 'C', length: 2 },
      { name: 'sens', type: 'C', length: 7 },
      { name: 'nb_voies', type: 'N', length: 10 },
      { name: 'nom_voie_g', type: 'C', length: 70 },
      { name: 'nom_voie_d', type: 'C', length: 70 },
    ],
    rows: [
      ['R0', 'Route à 1 chaussée', '3', 'Direct', 1, 'AV DE RODEZ', 'AV DE RODEZ'],
      ['R1', 'Route à 1 chaussée', '4', 'Inverse', 1, 'R DU LAC', ''],
      ['R2', 'Route à 2 chaussées', '1', 'Double', 4, '', ''],
      ['R3', 'Sentier', 'NC', 'NC', 0, '', ''],
    ],
  };
  edit(bati, route);
  return writeFolder([bati, route]);
}

const issues = (r: ImportReportData, severity: ReportIssue['severity']) => r.issues.filter((i) => i.severity === severity);

describe('BD TOPO importer — synthetic v2 folder', () => {
  it('imports buildings and roads with classes, one-way links and names', async () => {
    const { territory: t, report } = await importBdtopo(v2());
    expect(report.complete).toBe(true);
    expect(t.buildings.count).toBe(5);
    expect(t.roads.segmentCount).toBe(4);
    expect(t.roads.linkCount).toBe(1 + 1 + 2 + 2);
    expect(t.roads.segmentName).toEqual(['AV DE RODEZ', 'R DU LAC', '', '']);
    const cls = (s: number) => ROAD_CLASSES[t.roads.roadClass[t.roads.linkSegment.indexOf(s)]];
    expect([0, 1, 2, 3].map(cls)).toEqual(['secondary', 'tertiary', 'trunk', 'pedestrian']);
    expect(issues(report, 'warning')).toEqual([]); // SENS NC on a path is not worth a warning
    expect(report.notes.some((n) => n.includes('population'))).toBe(true);
    expect(t.buildings.groundZM[0]).toBeCloseTo(600 - 6, 5);
    // Frame origin at the centre of the buildings' extent; local = source − origin.
    expect([t.frame.originX, t.frame.originY]).toEqual([X0 + 65, Y0 + 5]);
    const fp = t.buildings.footprint;
    const a = fp.ringVertexStart[fp.featureRingStart[2]];
    const b = fp.ringVertexStart[fp.featureRingStart[2] + 1];
    const ring = Array.from(fp.xy.subarray(2 * a, 2 * b));
    const xs = ring.filter((_, k) => k % 2 === 0).map((x) => x + t.frame.originX);
    const ys = ring.filter((_, k) => k % 2 === 1).map((y) => y + t.frame.originY);
    expect([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]).toEqual([X0 + 60, Y0, X0 + 70, Y0 + 10]);
    expect(t.buildings.footprintAreaM2[2]).toBeCloseTo(100, 9);
  });

  it('records flagged as deleted in the .dbf are dropped and named', async () => {
    const { territory: t, report } = await importBdtopo(v2((b) => (b.deleted = [2])));
    expect(t.buildings.sourceId).toEqual(['B0', 'B1', 'B3', 'B4']);
    expect(issues(report, 'drop')).toEqual([
      { severity: 'drop', file: 'BATI_INDIFFERENCIE.shp', feature: 2, featureId: 'B2', message: 'record 2 is flagged as deleted in BATI_INDIFFERENCIE.dbf' },
    ]);
  });

  it('truncated .shp: keeps the complete records, names the file and the record where it stopped, imports the rest', async () => {
    const dir = v2();
    const shp = path.join(dir, 'BATI_INDIFFERENCIE.shp');
    // PolygonZ record of one 5-point ring: 8-byte header + 44 + 4 (part) + 80 (xy) + 56 (z) + 56 (m) bytes.
    const recordBytes = 8 + 44 + 4 + 80 + 56 + 56;
    writeFileSync(shp, readFileSync(shp).subarray(0, 100 + 3 * recordBytes + 20));
    const { territory: t, report } = await importBdtopo(dir);
    expect(t.buildings.count).toBe(3);
    expect(t.roads.segmentCount).toBe(4);
    expect(report.complete).toBe(false);
    const [err] = issues(report, 'error');
    expect(err).toMatchObject({ file: 'BATI_INDIFFERENCIE.shp', feature: 3 });
    expect(err.message).toMatch(/^BATI_INDIFFERENCIE\.shp is truncated: read 3 complete records of 5 \(per the \.shx\), stopped at record 3/);
    expect(issues(report, 'error')).toHaveLength(1); // the .dbf record count is not reported again
  });

  it('null geometry: dropped with the file, record and id', async () => {
    const { territory: t, report } = await importBdtopo(v2((b) => (b.shapes[1] = null)));
    expect(t.buildings.count).toBe(4);
    const l = report.layers.find((x) => x.layer === 'BATI_INDIFFERENCIE')!;
    expect([l.read, l.kept, l.dropped, l.dropReasons['null geometry']]).toEqual([5, 4, 1, 1]);
    expect(issues(report, 'drop')).toEqual([
      { severity: 'drop', file: 'BATI_INDIFFERENCIE.shp', feature: 1, featureId: 'B1', field: 'geometry', message: 'BATI_INDIFFERENCIE.shp, record 1: null geometry' },
    ]);
  });

  it('NaN and negative heights: repaired (imputed) with the field, record and id named', async () => {
    const { territory: t, report } = await importBdtopo(
      v2((b) => {
        b.rows[1][1] = 'NaN';
        b.rows[2][1] = -3;
        b.rows[3][1] = 0; // BD TOPO "not determined": imputed, not reported
      }),
    );
    expect(t.buildings.count).toBe(5);
    const rep = issues(report, 'repair');
    expect(rep).toEqual([
      { severity: 'repair', file: 'BATI_INDIFFERENCIE.shp', feature: 1, featureId: 'B1', field: 'hauteur', message: 'hauteur = "NaN" is not a number: height treated as unknown and imputed' },
      { severity: 'repair', file: 'BATI_INDIFFERENCIE.shp', feature: 2, featureId: 'B2', field: 'hauteur', message: 'hauteur = "-3" is negative: height treated as unknown and imputed' },
    ]);
    expect(report.layers[0].repaired).toBe(2);
    expect(Array.from(t.buildings.heightRule).map((r) => r === RULE_MEASURED)).toEqual([true, false, false, false, true]);
    expect(Array.from(t.buildings.heightM).every((h) => h > 0)).toBe(true);
    expect(Number.isNaN(t.buildings.groundZM[1])).toBe(true);
  });

  it('unknown CRS: ImportError naming the .prj and the CRS; --crs overrides it', async () => {
    const dir = v2((b) => (b.prj = NTF_LAMBERT2_PRJ));
    const err = await importBdtopo(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toMatch(/^BATI_INDIFFERENCIE\.prj: unsupported CRS "NTF \(Paris\) \/ Lambert zone II"/);
    const { territory: t, report } = await importBdtopo(dir, { crs: 'EPSG:2154' });
    expect(t.buildings.count).toBe(5);
    expect(report.complete).toBe(true);
  });

  it('missing .prj: the layer is skipped with an error naming the file, the rest is imported; --crs imports it', async () => {
    const dir = v2();
    unlinkSync(path.join(dir, 'ROUTE.prj'));
    const { territory: t, report } = await importBdtopo(dir);
    expect(t.buildings.count).toBe(5);
    expect(t.roads.segmentCount).toBe(0);
    expect(report.complete).toBe(false);
    const [err] = issues(report, 'error');
    expect(err.file).toBe('ROUTE.shp');
    expect(err.message).toContain('ROUTE.prj is missing');
    expect(err.message).toContain('--crs');
    const again = await importBdtopo(dir, { crs: '2154' });
    expect(again.territory.roads.segmentCount).toBe(4);
  });

  it('missing field: layer error naming the file and the field, heights imputed, the rest imported', async () => {
    const { territory: t, report } = await importBdtopo(
      v2((b) => {
        b.fields.splice(1, 1);
        b.rows.forEach((r) => r.splice(1, 1));
      }),
    );
    expect(t.buildings.count).toBe(5);
    expect(t.roads.segmentCount).toBe(4);
    expect(issues(report, 'error')).toEqual([
      { severity: 'error', file: 'BATI_INDIFFERENCIE.dbf', field: 'hauteur', message: 'missing field hauteur in BATI_INDIFFERENCIE.dbf: height treated as unknown (imputed) for all 5 features' },
    ]);
    expect(Array.from(t.buildings.heightRule).some((r) => r === RULE_MEASURED)).toBe(false);
  });

  it('a .dbf with fewer records: records without attributes are dropped and named', async () => {
    const { territory: t, report } = await importBdtopo(v2((b) => b.rows.pop()));
    expect(t.buildings.count).toBe(4);
    expect(issues(report, 'error')[0].message).toBe('BATI_INDIFFERENCIE.dbf has 4 records but BATI_INDIFFERENCIE.shp has 5: records 4–4 have no attributes');
    expect(issues(report, 'drop')[0]).toMatchObject({ feature: 4, featureId: 'BATI_INDIFFERENCIE#4', message: 'BATI_INDIFFERENCIE.dbf has no record 4: feature without attributes' });
  });

  it('clip window: features outside are counted as dropped, the origin is the window centre', async () => {
    const { territory: t, report } = await importBdtopo(v2(), { clip: [X0 - 5, Y0 - 5, X0 + 45, Y0 + 45] });
    expect(t.buildings.sourceId).toEqual(['B0', 'B1']);
    expect(report.layers[0].dropReasons['outside clip window']).toBe(3);
    expect(report.layers[1].dropReasons['outside clip window']).toBe(4);
    expect([t.frame.originX, t.frame.originY]).toEqual([X0 + 20, Y0 + 20]);
  });

  it('converts a layer whose CRS differs from the buildings (WGS84 roads) into the Lambert-93 frame', async () => {
    const toLonLat = proj4(LAMBERT93_PROJ4, WGS84_PROJ4);
    const dir = v2((_, r) => {
      r.prj = WGS84_PRJ;
      r.shapes = r.shapes.map((s) => ({ parts: s!.parts.map((p) => p.flatMap((_, k) => (k % 2 ? [] : toLonLat.forward([p[k], p[k + 1]])))) }));
    });
    const { territory: t } = await importBdtopo(dir);
    expect(t.frame.planeCrs).toBe('EPSG:2154');
    const g = t.roads.segmentGeometry;
    const first = [g.xy[0] + t.frame.originX, g.xy[1] + t.frame.originY];
    expect(Math.hypot(first[0] - X0, first[1] - (Y0 + 50))).toBeLessThan(0.01);
    expect(t.datasets.find((d) => d.id === 'bdtopo-v2-route')?.sourceCrs).toBe('EPSG:4326');
  });

  it('rejects folders without BD TOPO layers', async () => {
    const empty = writeFolder([]);
    await expect(importBdtopo(empty)).rejects.toThrow(/no BD TOPO layer found/);
    await expect(importBdtopo(path.join(empty, 'nope'))).rejects.toThrow(ImportError);
  });
});

describe('BD TOPO importer — synthetic v3 folder', () => {
  const batiment: Layer = {
    name: 'BATIMENT',
    type: 15,
    cpg: 'UTF-8',
    shapes: [0, 1, 2, 3, 4].map((k) => ({ parts: [square(X0 + 30 * k, Y0, k === 4 ? 4 : 12)] })),
    fields: [
      { name: 'ID', type: 'C', length: 24 },
      { name: 'NATURE', type: 'C', length: 34 },
      { name: 'USAGE1', type: 'C', length: 22 },
      { name: 'USAGE2', type: 'C', length: 22 },
      { name: 'LEGER', type: 'C', length: 3 },
      { name: 'NB_LOGTS', type: 'N', length: 4 },
      { name: 'NB_ETAGES', type: 'N', length: 3 },
      { name: 'HAUTEUR', type: 'N', length: 7, decimals: 2 },
      { name: 'Z_MIN_SOL', type: 'N', length: 8, decimals: 2 },
    ],
    rows: [
      ['V0', 'Indifférenciée', 'Résidentiel', 'Commercial et services', 'Non', 6, 3, 9.5, 600.25],
      ['V1', 'Indifférenciée', 'Résidentiel', '', 'Oui', '****', '***', '*******', 601],
      ['V2', 'Industriel, agricole ou commercial', 'Indifférencié', '', 'Non', '****', '***', 7, '********'],
      ['V3', 'Indifférenciée', 'Indifférencié', '', 'Non', 2, 1, 4, 602],
      ['V4', 'Indifférenciée', 'Indifférencié', '', 'Non', '****', '***', 3, 603],
    ],
  };
  const troncon: Layer = {
    name: 'TRONCON_DE_ROUTE',
    type: 13,
    cpg: 'UTF-8',
    shapes: [0, 1, 2, 3].map((k) => ({ parts: [[X0, Y0 + 50 * k, X0 + 200, Y0 + 50 * k]] })),
    fields: [
      { name: 'ID', type: 'C', length: 24 },
      { name: 'NATURE', type: 'C', length: 30 },
      { name: 'IMPORTANCE', type: 'C', length: 2 },
      { name: 'SENS', type: 'C', length: 20 },
      { name: 'NB_VOIES', type: 'N', length: 3 },
      { name: 'VIT_MOY_VL', type: 'N', length: 3 },
      { name: 'NOM_1_G', type: 'C', length: 60 },
      { name: 'NOM_1_D', type: 'C', length: 60 },
    ],
    rows: [
      ['T0', 'Route à 1 chaussée', '2', 'Sens direct', 1, 70, 'Route de Rodez', 'Route de Rodez'],
      ['T1', 'Rond-point', '4', 'Sens inverse', 2, 30, '', ''],
      ['T2', 'Route à 1 chaussée', '5', 'Double sens', 0, 0, 'Rue Haute', 'Rue Basse'],
      ['T3', 'Route à 1 chaussée', '5', 'Sans objet', 2, 40, '', ''],
    ],
  };

  it('maps USAGE1/USAGE2, LEGER, NATURE, NB_LOGTS, NB_ETAGES and asterisk nulls', async () => {
    const { territory: t, report } = await importBdtopo(writeFolder([batiment, troncon]));
    const b = t.buildings;
    expect(Array.from(b.use).map((u) => BUILDING_USES[u])).toEqual(['mixed', 'annex', 'industrial', 'residential', 'annex']);
    expect(t.rules[b.useRule[3]].id).toBe('use.bdtopo-v3-dwellings-residential');
    expect(t.rules[b.useRule[4]].id).toBe('use.small-footprint-annex');
    expect([b.dwellings[0], b.dwellingsRule[0], b.floors[0], b.floorsRule[0], b.heightM[0], b.heightRule[0]]).toEqual([6, RULE_MEASURED, 3, RULE_MEASURED, 9.5, RULE_MEASURED]);
    expect(b.heightRule[1]).not.toBe(RULE_MEASURED);
    expect(b.groundZM[0]).toBeCloseTo(600.25, 4);
    expect(Number.isNaN(b.groundZM[2])).toBe(true);
    expect(report.complete).toBe(true);
    expect(issues(report, 'repair')).toEqual([]);
  });

  it('reads TRONCON_DE_ROUTE: v3 SENS values, lanes, mean speed, names; warns on an unknown direction', async () => {
    const { territory: t, report } = await importBdtopo(writeFolder([batiment, troncon]));
    const r = t.roads;
    expect(r.segmentCount).toBe(4);
    expect(Array.from(r.linkSegment)).toEqual([0, 1, 2, 2, 3, 3]);
    expect(Array.from(r.linkReversed)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(r.segmentName).toEqual(['Route de Rodez', '', 'Rue Haute / Rue Basse', '']);
    expect([r.freeSpeedKmh[0], r.speedRule[0], r.lanes[0], r.lanesRule[0]]).toEqual([70, RULE_MEASURED, 1, RULE_MEASURED]);
    expect(r.speedRule[2]).not.toBe(RULE_MEASURED); // VIT_MOY_VL 0 = not filled
    expect(ROAD_CLASSES[r.roadClass[1]]).toBe('tertiary');
    expect(issues(report, 'warning')).toEqual([
      { severity: 'warning', file: 'TRONCON_DE_ROUTE.shp', feature: 3, featureId: 'T3', field: 'SENS', message: 'SENS "Sans objet" on a residential road: taken as two-way' },
    ]);
    expect(t.datasets.map((d) => d.id)).toEqual(['bdtopo-v3-batiment', 'bdtopo-v3-troncon-de-route']);
  });
});
