/**
 * dBase table reader (.dbf, the attribute part of an ESRI Shapefile), dependency-free and working on bytes so
 * it runs unchanged in a browser worker, a Node worker thread or a test.
 *
 * Format: dBase III+ / IV header as used by shapefiles (ESRI Shapefile Technical Description, July 1998, and
 * the dBase file structure it refers to): a 32-byte header (record count at byte 4, header length at 8, record
 * length at 10, language driver id "LDID" at 29), 32-byte field descriptors ended by 0x0D, then fixed-length
 * records whose first byte is ' ' (valid) or '*' (deleted). Values are decoded lazily, per field, so an
 * importer reading four fields of a 60-field table pays for four.
 *
 * Field types: C text, N / F numbers (blank or '*'-filled → null, GDAL writes asterisks for null and
 * overflowing numbers; unparsable text → NaN so the caller can report it), L logical, D date (YYYYMMDD →
 * ISO `YYYY-MM-DD`). Other types are returned as trimmed text.
 *
 * Text encoding: the .cpg file when present, else the LDID byte, else per value: UTF-8 when the bytes are
 * valid UTF-8, Windows-1252 otherwise (many producers, IGN BD TOPO 2.2 included, write UTF-8 without a .cpg
 * and with LDID 0; older files are Windows-1252).
 */

/** A problem found while reading a file. Record numbers are 0-based indices, like features in import reports. */
export interface FormatProblem {
  file: string;
  record?: number;
  field?: string;
  message: string;
}

/** A file that cannot be read at all (not a dBase/shapefile, header inconsistent…); the message names the file. */
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export type DbfValue = string | number | boolean | null;

export interface DbfField {
  name: string;
  /** dBase type letter: C, N, F, L, D (others are read as text). */
  type: string;
  length: number;
  decimals: number;
  /** Byte offset of the value inside a record (the deletion flag is byte 0). */
  offset: number;
}

export interface DbfReadOptions {
  /** File name used in messages (default `table.dbf`). */
  file?: string;
  /** Text of the companion .cpg file, when there is one. */
  cpg?: string | null;
}

/**
 * Code pages of the LDID byte (ESRI "Code page / LDID" table of the shapefile .dbf, as also implemented by
 * GDAL's ogr/ogrsf_frmts/shape/shape2ogr.cpp). Only those a WHATWG TextDecoder supports are listed: DOS code
 * pages 437/850/852 have no decoder and fall back to detection.
 */
const LDID_ENCODINGS: Record<number, string> = {
  0x03: 'windows-1252',
  0x57: 'windows-1252',
  0x58: 'windows-1252',
  0x59: 'windows-1252',
  0x26: 'ibm866',
  0x65: 'ibm866',
  0x50: 'windows-874',
  0x13: 'shift_jis',
  0x7b: 'shift_jis',
  0x4d: 'gbk',
  0x7a: 'gbk',
  0x4e: 'euc-kr',
  0x79: 'euc-kr',
  0x4f: 'big5',
  0x78: 'big5',
  0x7c: 'windows-874',
  0x7d: 'windows-1255',
  0x7e: 'windows-1256',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
  0xca: 'windows-1254',
  0xcb: 'windows-1253',
  0xcc: 'windows-1257',
};

function supported(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** Encoding label of a .cpg text (`UTF-8`, `1252`, `CP1252`, `ISO-8859-1`, `65001`…), or null when unknown. */
export function encodingFromCpg(cpg: string): string | null {
  const s = cpg.trim().toLowerCase().replace(/^cp[-_ ]?/, '').replace(/^ansi[-_ ]?/, '');
  if (!s) return null;
  if (s === '65001' || s === 'utf8' || s === 'utf-8') return 'utf-8';
  if (/^\d{3,4}$/.test(s)) return supported(s.length === 3 && s !== '874' ? `ibm${s}` : `windows-${s}`);
  if (/^8859[-_]?\d+$/.test(s)) return supported(`iso-8859-${s.replace(/^8859[-_]?/, '')}`);
  return supported(s);
}

const ASCII_TRIM = (c: number): boolean => c === 0x20 || c === 0x00;

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

export class DbfTable {
  readonly file: string;
  readonly fields: DbfField[];
  /** Complete records present in the bytes (fewer than the header says when the file is truncated). */
  readonly recordCount: number;
  /** Record count declared in the header. */
  readonly headerRecordCount: number;
  /** Encoding used for text, or `auto` (UTF-8 when valid, else Windows-1252, decided per value). */
  readonly encoding: string;
  readonly encodingSource: 'cpg' | 'ldid' | 'detected';
  /** Non-fatal problems (truncated file, unsupported .cpg…). */
  readonly problems: FormatProblem[] = [];

  private readonly bytes: Uint8Array;
  private readonly headerLength: number;
  private readonly recordLength: number;
  private readonly decoder: TextDecoder | null;
  private readonly byName = new Map<string, number>();

  constructor(bytes: Uint8Array, opts: DbfReadOptions = {}) {
    const file = (this.file = opts.file ?? 'table.dbf');
    if (bytes.length < 32) throw new FormatError(file, `not a dBase table: ${bytes.length} bytes, the header alone is 32`);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.bytes = bytes;
    this.headerRecordCount = dv.getUint32(4, true);
    this.headerLength = dv.getUint16(8, true);
    this.recordLength = dv.getUint16(10, true);
    if (this.headerLength < 33 || this.headerLength > bytes.length)
      throw new FormatError(file, `not a dBase table: header length ${this.headerLength} (file size ${bytes.length} bytes)`);
    if (this.recordLength < 1) throw new FormatError(file, `invalid record length ${this.recordLength}`);

    const fields: DbfField[] = [];
    let offset = 1;
    for (let p = 32; p + 32 <= this.headerLength && bytes[p] !== 0x0d; p += 32) {
      let end = p;
      while (end < p + 11 && bytes[end] !== 0) end++;
      const name = String.fromCharCode(...bytes.subarray(p, end)).trim();
      const type = String.fromCharCode(bytes[p + 11]).toUpperCase();
      const length = bytes[p + 16];
      const decimals = bytes[p + 17];
      fields.push({ name, type, length, decimals, offset });
      offset += length;
    }
    if (offset > this.recordLength)
      throw new FormatError(file, `field descriptors need ${offset} bytes per record but the header declares ${this.recordLength}`);
    this.fields = fields;
    fields.forEach((f, k) => {
      const key = f.name.toLowerCase();
      if (!this.byName.has(key)) this.byName.set(key, k);
    });

    const available = Math.floor((bytes.length - this.headerLength) / this.recordLength);
    this.recordCount = Math.min(this.headerRecordCount, available);
    if (available < this.headerRecordCount) {
      this.problems.push({
        file,
        record: available,
        message: `${file} is truncated: the header declares ${this.headerRecordCount} records but only ${available} are complete; stopped at record ${available}`,
      });
    }

    let enc: string | null = null;
    let source: DbfTable['encodingSource'] = 'detected';
    if (opts.cpg != null) {
      enc = encodingFromCpg(opts.cpg);
      if (enc) source = 'cpg';
      else this.problems.push({ file, message: `unsupported code page "${opts.cpg.trim()}" in the .cpg; text decoded as UTF-8 when valid, else Windows-1252` });
    }
    if (!enc) {
      const ldid = bytes[29];
      const e = LDID_ENCODINGS[ldid];
      if (e && supported(e)) {
        enc = e;
        source = 'ldid';
      }
    }
    this.encoding = enc ?? 'auto';
    this.encodingSource = enc ? source : 'detected';
    this.decoder = enc ? new TextDecoder(enc) : null;
  }

  /** Index of a field by name (case-insensitive), or -1. */
  fieldIndex(name: string): number {
    return this.byName.get(name.toLowerCase()) ?? -1;
  }

  /** First field present among the names, or -1. */
  findField(...names: string[]): number {
    for (const n of names) {
      const k = this.fieldIndex(n);
      if (k >= 0) return k;
    }
    return -1;
  }

  private start(record: number): number {
    if (record < 0 || record >= this.recordCount) throw new RangeError(`${this.file}: record ${record} out of range (0–${this.recordCount - 1})`);
    return this.headerLength + record * this.recordLength;
  }

  /** True when the record carries the dBase deletion flag ('*'). */
  isDeleted(record: number): boolean {
    return this.bytes[this.start(record)] === 0x2a;
  }

  /** Trimmed byte range [a, b) of a value. */
  private range(record: number, field: number): [number, number] {
    const f = this.fields[field];
    let a = this.start(record) + f.offset;
    let b = a + f.length;
    const bytes = this.bytes;
    while (b > a && ASCII_TRIM(bytes[b - 1])) b--;
    while (a < b && bytes[a] === 0x20) a++;
    return [a, b];
  }

  private decode(a: number, b: number): string {
    const bytes = this.bytes;
    let ascii = true;
    for (let k = a; k < b; k++) {
      if (bytes[k] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(a, b) as unknown as number[]);
    const sub = bytes.subarray(a, b);
    if (this.decoder) return this.decoder.decode(sub);
    try {
      return utf8Fatal.decode(sub);
    } catch {
      return cp1252.decode(sub);
    }
  }

  /** Text of a value, trimmed ('' when blank). Works for every field type. */
  text(record: number, field: number): string {
    const [a, b] = this.range(record, field);
    return a === b ? '' : this.decode(a, b);
  }

  /**
   * Numeric value: null when blank or '*'-filled (null / overflow marker), NaN when the text is not a number
   * (e.g. "nan", "abc"), otherwise the number. A decimal comma is accepted.
   */
  number(record: number, field: number): number | null {
    const [a, b] = this.range(record, field);
    if (a === b) return null;
    const bytes = this.bytes;
    let stars = true;
    for (let k = a; k < b; k++) {
      if (bytes[k] !== 0x2a) {
        stars = false;
        break;
      }
    }
    if (stars) return null;
    const s = String.fromCharCode.apply(null, bytes.subarray(a, b) as unknown as number[]);
    const v = Number(s.includes(',') ? s.replace(',', '.') : s);
    return v;
  }

  /** Logical value: true for Y/y/T/t, false for N/n/F/f, null otherwise ('?', blank). */
  logical(record: number, field: number): boolean | null {
    const [a, b] = this.range(record, field);
    if (a === b) return null;
    const c = this.bytes[a];
    if (c === 0x59 || c === 0x79 || c === 0x54 || c === 0x74) return true;
    if (c === 0x4e || c === 0x6e || c === 0x46 || c === 0x66) return false;
    return null;
  }

  /** Date as ISO `YYYY-MM-DD`; null when blank or all zeros; the raw text when it is not YYYYMMDD. */
  date(record: number, field: number): string | null {
    const s = this.text(record, field);
    if (!s || /^0+$/.test(s)) return null;
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
  }

  /** Value typed by the field type. */
  value(record: number, field: number): DbfValue {
    switch (this.fields[field].type) {
      case 'N':
      case 'F':
        return this.number(record, field);
      case 'L':
        return this.logical(record, field);
      case 'D':
        return this.date(record, field);
      default:
        return this.text(record, field);
    }
  }

  /** All values of a record by field name (convenient, allocates: not for hot loops). */
  record(record: number): Record<string, DbfValue> {
    const out: Record<string, DbfValue> = {};
    for (let k = 0; k < this.fields.length; k++) out[this.fields[k].name] = this.value(record, k);
    return out;
  }
}

/** Reads a .dbf from its bytes. Throws {@link FormatError} when the header is unusable. */
export function readDbf(bytes: Uint8Array, opts: DbfReadOptions = {}): DbfTable {
  return new DbfTable(bytes, opts);
}
