import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FormatError,
  RECORD_MALFORMED,
  RECORD_NULL,
  RECORD_OK,
  RECORD_TYPE_MISMATCH,
  assembleRings,
  parseShapefile,
  readShp,
  recordParts,
  recordPolygons,
  recordZ,
  ringSignedArea,
} from './shapefile.ts';
import { loadShapefile } from './shapefile-node.ts';
import { LAMBERT93_PRJ, dbfBytes, shpBytes, type TestShape } from './test-shapefile-writer.ts';

// Rings written as the specification wants them: outer clockwise, holes counter-clockwise.
const squareCW = (x: number, y: number, s: number): number[] => [x, y, x, y + s, x + s, y + s, x + s, y, x, y];
const squareCCW = (x: number, y: number, s: number): number[] => [x, y, x + s, y, x + s, y + s, x, y + s, x, y];

describe('shp reader: shape types', () => {
  it('reads points, with Z for PointZ and M ignored for PointM', () => {
    const p = readShp(shpBytes(1, [{ parts: [[1, 2]] }, { parts: [[3, 4]] }]).shp);
    expect(p.count).toBe(2);
    expect(Array.from(p.xy)).toEqual([1, 2, 3, 4]);
    expect(Array.from(p.recordBbox.subarray(4, 8))).toEqual([3, 4, 3, 4]);
    expect(p.z).toBeNull();
    const pz = readShp(shpBytes(11, [{ parts: [[1, 2]], z: [[7.5]] }]).shp);
    expect(Array.from(pz.xy)).toEqual([1, 2]);
    expect(Array.from(recordZ(pz, 0)!)).toEqual([7.5]);
    const pm = readShp(shpBytes(21, [{ parts: [[5, 6]] }]).shp);
    expect(Array.from(pm.xy)).toEqual([5, 6]);
    expect(pm.z).toBeNull();
  });

  it('reads multipoints as one part', () => {
    for (const type of [8, 18, 28]) {
      const g = readShp(shpBytes(type, [{ parts: [[0, 0, 1, 1, 2, 0]], z: [[1, 2, 3]] }]).shp);
      expect(g.status[0]).toBe(RECORD_OK);
      expect(recordParts(g, 0).map((a) => Array.from(a))).toEqual([[0, 0, 1, 1, 2, 0]]);
      if (type === 18) expect(Array.from(recordZ(g, 0)!)).toEqual([1, 2, 3]);
    }
  });

  it('reads multi-part polylines with Z', () => {
    const shapes: TestShape[] = [
      { parts: [[0, 0, 10, 0, 10, 5], [20, 20, 30, 30]], z: [[1, 2, 3], [4, 5]] },
      { parts: [[-1, -1, 1, 1]], z: [[9, 9]] },
    ];
    const g = readShp(shpBytes(13, shapes).shp);
    expect(g.count).toBe(2);
    expect(recordParts(g, 0).map((a) => Array.from(a))).toEqual(shapes[0].parts);
    expect(recordParts(g, 1).map((a) => Array.from(a))).toEqual(shapes[1].parts);
    expect(Array.from(recordZ(g, 0)!)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(g.recordBbox.subarray(0, 4))).toEqual([0, 0, 30, 30]);
  });

  it('groups polygon rings: each hole to the outer ring that contains it', () => {
    // Outer A (0..10) with hole in it, outer B (20..40) with a hole; the hole of B is written first.
    const shape: TestShape = { parts: [squareCW(0, 0, 10), squareCCW(24, 24, 4), squareCW(20, 20, 20), squareCCW(2, 2, 3)] };
    for (const type of [5, 15, 25]) {
      const g = readShp(shpBytes(type, [shape]).shp);
      const { polygons, orphanHoles } = recordPolygons(g, 0);
      expect(orphanHoles).toBe(0);
      expect(polygons.map((p) => p.map((r) => Array.from(r)))).toEqual([
        [squareCW(0, 0, 10), squareCCW(2, 2, 3)],
        [squareCW(20, 20, 20), squareCCW(24, 24, 4)],
      ]);
    }
  });

  it('nested islands: a hole goes to the smallest containing outer ring', () => {
    const rings = [squareCW(0, 0, 100), squareCCW(10, 10, 80), squareCW(20, 20, 60), squareCCW(30, 30, 10)].map((r) => Float64Array.from(r));
    const { polygons } = assembleRings(rings);
    expect(polygons).toHaveLength(2);
    expect(polygons[0]).toEqual([rings[0], rings[1]]);
    expect(polygons[1]).toEqual([rings[2], rings[3]]);
  });

  it('keeps a hole outside every outer ring as a polygon, and treats all-counter-clockwise records as outers', () => {
    const a = assembleRings([Float64Array.from(squareCW(0, 0, 10)), Float64Array.from(squareCCW(50, 50, 5))]);
    expect(a.polygons).toHaveLength(2);
    expect(a.orphanHoles).toBe(1);
    const b = assembleRings([Float64Array.from(squareCCW(0, 0, 10)), Float64Array.from(squareCCW(50, 50, 5))]);
    expect(b.polygons.map((p) => p.length)).toEqual([1, 1]);
    expect(b.orphanHoles).toBe(0);
    expect(ringSignedArea(squareCW(0, 0, 10))).toBe(-100);
  });

  it('flags null shapes and records whose type differs from the header', () => {
    const g = readShp(shpBytes(5, [{ parts: [squareCW(0, 0, 1)] }, null, { type: 3, parts: [[0, 0, 1, 1]] }, { parts: [squareCW(5, 5, 1)] }]).shp, { file: 'BATI.shp' });
    expect(g.count).toBe(4);
    expect(Array.from(g.status)).toEqual([RECORD_OK, RECORD_NULL, RECORD_TYPE_MISMATCH, RECORD_OK]);
    expect(g.invalid.get(1)).toBe('BATI.shp, record 1: null geometry');
    expect(g.invalid.get(2)).toBe("BATI.shp, record 2: shape type PolyLine (3) differs from the file's Polygon (5)");
    expect(recordParts(g, 1)).toEqual([]);
    expect(recordPolygons(g, 3).polygons[0].map((r) => Array.from(r))).toEqual([squareCW(5, 5, 1)]);
    expect(g.recordBbox[4]).toBeNaN();
  });
});

describe('shp reader: broken files', () => {
  const shapes: TestShape[] = [0, 1, 2, 3, 4].map((k) => ({ parts: [squareCW(10 * k, 0, 5)] }));

  it('reads the complete records of a truncated file and names the record where it stopped', () => {
    const { shp, shx } = shpBytes(5, shapes);
    const recordBytes = 8 + 44 + 4 + 16 * 5;
    const cut = shp.subarray(0, 100 + 2 * recordBytes + 30); // inside record 2
    const g = readShp(cut, { file: 'BATI_INDIFFERENCIE.shp', shx });
    expect(g.count).toBe(2);
    expect(g.truncated).toBe(true);
    expect(recordPolygons(g, 1).polygons[0].map((r) => Array.from(r))).toEqual([squareCW(10, 0, 5)]);
    expect(g.problems).toHaveLength(1);
    expect(g.problems[0]).toMatchObject({ file: 'BATI_INDIFFERENCIE.shp', record: 2 });
    expect(g.problems[0].message).toBe(
      'BATI_INDIFFERENCIE.shp is truncated: read 2 complete records of 5 (per the .shx), stopped at record 2: the record declares 128 bytes of content but only 22 remain',
    );
  });

  it('detects truncation at a record boundary from the header length', () => {
    const { shp } = shpBytes(5, shapes);
    const g = readShp(shp.subarray(0, 100 + 3 * (8 + 128)), { file: 'x.shp' });
    expect(g.count).toBe(3);
    expect(g.problems[0].message).toMatch(/x\.shp is truncated: read 3 complete records, stopped at record 3: the header declares 780 bytes but the file has 508/);
  });

  it('flags a record whose counts exceed its content', () => {
    const { shp } = shpBytes(3, [{ parts: [[0, 0, 1, 1]] }, { parts: [[2, 2, 3, 3]] }]);
    new DataView(shp.buffer).setInt32(100 + 8 + 40, 1000, true); // numPoints of record 0
    const g = readShp(shp, { file: 'ROUTE.shp' });
    expect(g.count).toBe(2);
    expect(g.status[0]).toBe(RECORD_MALFORMED);
    expect(g.invalid.get(0)).toMatch(/^ROUTE\.shp, record 0: 1 parts and 1000 points need 16048 bytes but the record has 80/);
    expect(Array.from(recordParts(g, 1)[0])).toEqual([2, 2, 3, 3]);
  });

  it('rejects files that are not shapefiles', () => {
    expect(() => readShp(new Uint8Array(50), { file: 'a.shp' })).toThrow(FormatError);
    const { shp } = shpBytes(5, shapes);
    new DataView(shp.buffer).setInt32(0, 1234, false);
    expect(() => readShp(shp, { file: 'b.shp' })).toThrow('b.shp: not a shapefile: file code 1234 (expected 9994)');
  });
});

describe('shapefile: .shp + .dbf', () => {
  const shapes: TestShape[] = [0, 1, 2].map((k) => ({ parts: [[k, 0, k + 1, 1]] }));
  const fields = [{ name: 'nature', type: 'C' as const, length: 20 }];

  it('reports a .dbf with fewer records than the .shp, naming both files and the first record', () => {
    const { shp, shx } = shpBytes(3, shapes);
    const s = parseShapefile({ shp, shx, dbf: dbfBytes(fields, [['Chemin'], ['Sentier']]), names: { shp: 'ROUTE.shp' } });
    expect(s.count).toBe(3);
    expect(s.table!.recordCount).toBe(2);
    expect(s.problems).toEqual([{ file: 'ROUTE.dbf', record: 2, message: 'ROUTE.dbf has 2 records but ROUTE.shp has 3: records 2–2 have no attributes' }]);
  });

  it('reports a .dbf with more records than the .shp', () => {
    const { shp } = shpBytes(3, shapes.slice(0, 1));
    const s = parseShapefile({ shp, dbf: dbfBytes(fields, [['a'], ['b']]), names: { shp: 'R.shp', dbf: 'R.DBF' } });
    expect(s.problems[0].message).toBe('R.DBF has 2 records but R.shp has 1: attribute records 1–1 have no geometry');
  });

  it('reports a missing .dbf', () => {
    const { shp } = shpBytes(3, shapes);
    const s = parseShapefile({ shp, names: { shp: 'ROUTE.shp' } });
    expect(s.table).toBeNull();
    expect(s.problems[0].message).toContain('ROUTE.dbf is missing');
  });

  it('loads the companion files from disk whatever the case of their extensions', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jumeau-shp-'));
    try {
      const { shp, shx } = shpBytes(3, shapes);
      writeFileSync(path.join(dir, 'route.SHP'), shp);
      writeFileSync(path.join(dir, 'route.Shx'), shx);
      writeFileSync(path.join(dir, 'ROUTE.dbf'), dbfBytes(fields, [['Forêt'], ['b'], ['c']], { encoding: 'latin1' }));
      writeFileSync(path.join(dir, 'route.prj'), LAMBERT93_PRJ);
      writeFileSync(path.join(dir, 'route.cpg'), '1252');
      const s = await loadShapefile(path.join(dir, 'route.SHP'));
      expect(s.shpFile).toBe('route.SHP');
      expect(s.dbfFile).toBe('ROUTE.dbf');
      expect(s.problems).toEqual([]);
      expect(s.geometry.indexCount).toBe(3);
      expect(s.prj).toContain('Lambert-93');
      expect(s.table!.encoding).toBe('windows-1252');
      expect(s.table!.text(0, 0)).toBe('Forêt');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
