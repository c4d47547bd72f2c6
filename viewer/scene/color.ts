/**
 * sRGB ↔ linear for vertex colours. three.js treats vertex colours as linear and converts its output to sRGB,
 * while palettes and legends are sRGB (CSS): a palette byte goes through this table so a surface lit by white
 * light of unit radiance shows the legend's colour. Transfer function of IEC 61966-2-1 (sRGB).
 */
export const SRGB_TO_LINEAR_U8 = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  SRGB_TO_LINEAR_U8[i] = Math.round(255 * (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
}

/** Converts sRGB bytes to linear bytes in place. */
export function srgbToLinearBytes(a: Uint8Array): Uint8Array {
  for (let i = 0; i < a.length; i++) a[i] = SRGB_TO_LINEAR_U8[a[i]];
  return a;
}
