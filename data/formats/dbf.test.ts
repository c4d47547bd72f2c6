import { describe, expect, it } from 'vitest';
import { DbfTable, FormatError, encodingFromCpg, readDbf } from './dbf.ts';
import { dbfBytes, type TestField } from './test-shapefile-writer.ts';

const fields: TestField[] = [
  { name: 'ID', type: 'C', length: 12 },
  { name: 'hauteur', type: 'N', length: 8, decimals: 1 },
  { name: 'NB_LOGTS', type: 'N', length: 4 },
  { name: 'ratio', type: 'F', length: 10, decimals: 3 },
  { name: 'LEGER', type: 'L', length: 1 },
  { name: 'DATE_APP', type: 'D', length: 8 },
];

describe('dbf reader: field types', () => {
  const bytes = dbfBytes(fields, [
    ['B1', 12.5, 3, 0.25, true, '20190401'],
    ['B2', null, '****', '1,5', false, '00000000'],
    ['B3', 'NaN', 'abc', -2, null, ''],
    ['', -4, 0, null, '?', '2019041'],
  ]);
  const t = readDbf(bytes, { file: 'BATIMENT.dbf' });

  it('reads the header and finds fields case-insensitively', () => {
    expect(t.recordCount).toBe(4);
    expect(t.fields.map((f) => f.name)).toEqual(['ID', 'hauteur', 'NB_LOGTS', 'ratio', 'LEGER', 'DATE_APP']);
    expect(t.fieldIndex('HAUTEUR')).toBe(1);
    expect(t.fieldIndex('nb_logts')).toBe(2);
    expect(t.fieldIndex('missing')).toBe(-1);
    expect(t.findField('nope', 'Leger')).toBe(4);
  });

  it('decodes C, N, F, L and D values', () => {
    expect(t.record(0)).toEqual({ ID: 'B1', hauteur: 12.5, NB_LOGTS: 3, ratio: 0.25, LEGER: true, DATE_APP: '2019-04-01' });
    expect(t.value(3, 0)).toBe('');
    expect(t.value(3, 1)).toBe(-4);
    expect(t.value(3, 2)).toBe(0);
  });

  it('blank and asterisk-filled numbers are null, unparsable ones NaN, decimal commas accepted', () => {
    expect(t.number(1, 1)).toBeNull();
    expect(t.number(1, 2)).toBeNull();
    expect(t.number(1, 3)).toBe(1.5);
    expect(t.number(2, 1)).toBeNaN();
    expect(t.number(2, 2)).toBeNaN();
    expect(t.number(3, 3)).toBeNull();
  });

  it('logical and date edge cases', () => {
    expect(t.logical(1, 4)).toBe(false);
    expect(t.logical(2, 4)).toBeNull();
    expect(t.logical(3, 4)).toBeNull();
    expect(t.date(1, 5)).toBeNull();
    expect(t.date(2, 5)).toBeNull();
    expect(t.date(3, 5)).toBe('2019041');
  });
});

describe('dbf reader: deleted records and encodings', () => {
  const f: TestField[] = [{ name: 'NATURE', type: 'C', length: 24 }];
  const rows = [['Bâtiment agricole'], ['Église'], ['Forêt fermée']];

  it('flags deleted records', () => {
    const t = readDbf(dbfBytes(f, rows, { deleted: [1] }));
    expect([0, 1, 2].map((i) => t.isDeleted(i))).toEqual([false, true, false]);
  });

  it('uses the .cpg when present', () => {
    const t = readDbf(dbfBytes(f, rows, { encoding: 'latin1' }), { cpg: '1252' });
    expect(t.encoding).toBe('windows-1252');
    expect(t.encodingSource).toBe('cpg');
    expect(t.text(0, 0)).toBe('Bâtiment agricole');
    const u = readDbf(dbfBytes(f, rows), { cpg: 'UTF-8\r\n' });
    expect(u.encoding).toBe('utf-8');
    expect(u.text(1, 0)).toBe('Église');
  });

  it('uses the LDID byte when there is no .cpg', () => {
    const t = readDbf(dbfBytes(f, rows, { encoding: 'latin1', ldid: 0x57 }));
    expect(t.encodingSource).toBe('ldid');
    expect(t.text(2, 0)).toBe('Forêt fermée');
  });

  it('detects UTF-8 or Windows-1252 per value when neither is given', () => {
    const utf = readDbf(dbfBytes(f, rows));
    const latin = readDbf(dbfBytes(f, rows, { encoding: 'latin1' }));
    expect(utf.encoding).toBe('auto');
    expect(rows.map((_, i) => utf.text(i, 0))).toEqual(rows.map((r) => r[0]));
    expect(rows.map((_, i) => latin.text(i, 0))).toEqual(rows.map((r) => r[0]));
  });

  it('maps .cpg spellings to decoders', () => {
    expect(encodingFromCpg('UTF-8')).toBe('utf-8');
    expect(encodingFromCpg('65001')).toBe('utf-8');
    expect(encodingFromCpg('CP1252')).toBe('windows-1252');
    expect(encodingFromCpg('ISO-8859-1')).toBe('windows-1252'); // WHATWG: latin1 is decoded as Windows-1252
    expect(encodingFromCpg('88591')).toBe('windows-1252');
    expect(encodingFromCpg('866')).toBe('ibm866');
    expect(encodingFromCpg('no-such-code-page')).toBeNull();
  });

  it('reports an unsupported .cpg and falls back to detection', () => {
    const t = readDbf(dbfBytes(f, rows), { file: 'X.dbf', cpg: 'EBCDIC-999' });
    expect(t.encoding).toBe('auto');
    expect(t.problems[0].message).toContain('EBCDIC-999');
    expect(t.text(1, 0)).toBe('Église');
  });
});

describe('dbf reader: broken files', () => {
  const f: TestField[] = [
    { name: 'ID', type: 'C', length: 6 },
    { name: 'H', type: 'N', length: 5 },
  ];
  const rows = [0, 1, 2, 3, 4].map((i) => [`R${i}`, i]);

  it('reads the complete records of a truncated table and says where it stopped', () => {
    const full = dbfBytes(f, rows);
    const recLen = 1 + 6 + 5;
    const cut = full.subarray(0, full.length - 1 - recLen - 4); // record 4 half-written, EOF marker lost
    const t = readDbf(cut, { file: 'ROUTE.dbf' });
    expect(t.headerRecordCount).toBe(5);
    expect(t.recordCount).toBe(3);
    expect(t.text(2, 0)).toBe('R2');
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ file: 'ROUTE.dbf', record: 3 });
    expect(t.problems[0].message).toMatch(/ROUTE\.dbf is truncated.*5 records.*only 3.*stopped at record 3/);
    expect(() => t.text(3, 0)).toThrow(/ROUTE\.dbf: record 3 out of range/);
  });

  it('rejects a file that is not a dBase table, naming it', () => {
    expect(() => readDbf(new Uint8Array(10), { file: 'bad.dbf' })).toThrow(FormatError);
    expect(() => readDbf(new Uint8Array(10), { file: 'bad.dbf' })).toThrow(/^bad\.dbf: not a dBase table/);
    const b = dbfBytes(f, rows);
    new DataView(b.buffer).setUint16(10, 4, true); // record length shorter than the fields
    expect(() => new DbfTable(b, { file: 'short.dbf' })).toThrow(/short\.dbf: field descriptors need 12 bytes per record but the header declares 4/);
  });
});
