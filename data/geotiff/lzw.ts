/**
 * TIFF LZW decoder (TIFF 6.0 §13): codes of 9–12 bits, most significant bit first, Clear = 256,
 * EndOfInformation = 257, code width growing one code early ("early change") as libtiff writes it.
 */
import { GeoTiffError } from './types.ts';

export function lzwDecode(input: Uint8Array, expectedBytes: number): Uint8Array {
  const out = new Uint8Array(expectedBytes);
  // Dictionary as (prefix code, last byte, length) chains; entries 0–255 are single bytes.
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
  }
  let next = 258;
  let width = 9;
  let bitPos = 0;
  const totalBits = input.length * 8;
  let o = 0;
  let prev = -1;
  const readCode = (): number => {
    if (bitPos + width > totalBits) return 257;
    let code = 0;
    for (let k = 0; k < width; k++) {
      const bit = (input[(bitPos + k) >> 3] >> (7 - ((bitPos + k) & 7))) & 1;
      code = (code << 1) | bit;
    }
    bitPos += width;
    return code;
  };
  const emit = (code: number): number => {
    const len = length[code];
    if (o + len > out.length) throw new GeoTiffError('LZW strip decodes to more bytes than the image holds');
    let c = code;
    for (let k = len - 1; k >= 0; k--) {
      out[o + k] = suffix[c];
      c = prefix[c];
    }
    const first = out[o];
    o += len;
    return first;
  };
  for (;;) {
    const code = readCode();
    if (code === 257) break;
    if (code === 256) {
      next = 258;
      width = 9;
      prev = -1;
      continue;
    }
    if (prev < 0) {
      if (code > 255) throw new GeoTiffError('corrupt LZW data (first code after Clear is not a byte)');
      emit(code);
      prev = code;
      continue;
    }
    let first: number;
    if (code < next) {
      first = emit(code);
      if (next < 4096) {
        prefix[next] = prev;
        suffix[next] = first;
        length[next] = length[prev] + 1;
        next++;
      }
    } else if (code === next && next < 4096) {
      // KwKwK case: the new entry is prev + first byte of prev.
      let c = prev;
      while (prefix[c] >= 0) c = prefix[c];
      first = suffix[c];
      prefix[next] = prev;
      suffix[next] = first;
      length[next] = length[prev] + 1;
      next++;
      emit(code);
    } else throw new GeoTiffError(`corrupt LZW data (code ${code} beyond the table of ${next})`);
    prev = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return o === out.length ? out : out.subarray(0, o);
}
