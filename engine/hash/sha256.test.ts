import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Sha256, canonicalJson, sha256Hex, utf8 } from './sha256.ts';

describe('sha256', () => {
  it('matches the FIPS 180-4 example vectors', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it('equals Node crypto on random data fed in uneven chunks', () => {
    let s = 12345;
    const data = Uint8Array.from({ length: 100_003 }, () => ((s = (s * 1103515245 + 12345) >>> 0), s >>> 24));
    const h = new Sha256();
    for (let i = 0, step = 1; i < data.length; i += step, step = (step * 7 + 3) % 997) h.update(data.subarray(i, Math.min(data.length, i + step)));
    expect(h.digestHex()).toBe(createHash('sha256').update(data).digest('hex'));
  });
  it('encodes strings as UTF-8 like TextEncoder', () => {
    const s = 'Bédée-en-Pays — 2 m² 🏙';
    expect(Array.from(utf8(s))).toEqual(Array.from(new TextEncoder().encode(s)));
    expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    // Lone surrogates: encoded as their own code unit (3 bytes), as code points iterate; pairs joined (4 bytes).
    expect(Array.from(utf8('\uD800a\uDC00'))).toEqual([0xed, 0xa0, 0x80, 0x61, 0xed, 0xb0, 0x80]);
    expect(Array.from(utf8('\uD83C\uDFD9'))).toEqual([0xf0, 0x9f, 0x8f, 0x99]);
  });
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: null }] })).toBe(canonicalJson({ a: [2, { c: null, d: 3 }], b: 1 }));
  });
});
