/**
 * Minimal PNG reader for the browser tests' pixel checks (W3C PNG specification, 2nd edition): 8-bit greyscale,
 * RGB or RGBA, non-interlaced — what Chromium's screenshots are. Chunks IHDR/IDAT are read, the zlib stream is
 * inflated (node:zlib) and the five scanline filters (None, Sub, Up, Average, Paeth) are undone.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, row-major from the top-left pixel. */
  data: Uint8Array;
}

export class PngError extends Error {
  override name = 'PngError';
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function decodePng(bytes: Uint8Array): RgbaImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError('not a PNG file (bad signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Uint8Array[] = [];
  for (let o = 8; o + 8 <= bytes.length; ) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(bytes[o + 4], bytes[o + 5], bytes[o + 6], bytes[o + 7]);
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      const depth = bytes[o + 16];
      colorType = bytes[o + 17];
      if (depth !== 8 || bytes[o + 20] !== 0 || ![0, 2, 6].includes(colorType)) throw new PngError(`unsupported PNG: bit depth ${depth}, colour type ${colorType}, interlace ${bytes[o + 20]}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  if (!width || !height) throw new PngError('PNG without IHDR');
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new PngError(`truncated PNG data: ${raw.length} bytes for ${width} × ${height}`);
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= channels ? prev[i - channels] : 0;
      let v = src[i];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (f !== 0) throw new PngError(`bad filter type ${f} on row ${y}`);
      row[i] = v & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    if (channels === 1) data.set([px[i], px[i], px[i], 255], 4 * i);
    else {
      data[4 * i] = px[channels * i];
      data[4 * i + 1] = px[channels * i + 1];
      data[4 * i + 2] = px[channels * i + 2];
      data[4 * i + 3] = channels === 4 ? px[4 * i + 3] : 255;
    }
  }
  return { width, height, data };
}

export function pixel(img: RgbaImage, x: number, y: number): [number, number, number] {
  const o = 4 * (Math.round(y) * img.width + Math.round(x));
  return [img.data[o], img.data[o + 1], img.data[o + 2]];
}
