import { afterAll, describe, expect, it } from 'vitest';
import { Sha256, sha256Hex, useSha256 } from '../../engine/hash/sha256.ts';
import { hashValue } from '../pipeline/pipeline.ts';
import { nodeSha256 } from './node-sha256.ts';

const portable = (d: Uint8Array | string): string => new Sha256().update(d).digestHex();
const native = (d: Uint8Array | string): string => {
  const h = nodeSha256();
  h.update(d);
  return h.digestHex();
};

describe('Node SHA-256 backend', () => {
  afterAll(() => useSha256(nodeSha256));
  it('gives the portable digests on bytes and on strings, lone surrogates included', () => {
    let s = 7;
    const bytes = Uint8Array.from({ length: 70_001 }, () => ((s = (s * 1103515245 + 12345) >>> 0), s >>> 24));
    for (const d of [bytes, '', 'abc', 'Bédée — 2 m² 🏙', '\uD800a\uDC00', 'x\uD83C', '\uDFD9y', 'a'.repeat(100_000)]) expect(native(d)).toBe(portable(d));
  });
  it('leaves pipeline hashes and sha256Hex unchanged', () => {
    const v = { b: [1, 2, { c: 'é\uD800' }], a: new Float64Array([1.5, NaN, -0]), t: 'x'.repeat(70_000) };
    useSha256(null);
    const slow = [hashValue(v), sha256Hex('abc')];
    useSha256(nodeSha256);
    expect([hashValue(v), sha256Hex('abc')]).toEqual(slow);
  });
});
