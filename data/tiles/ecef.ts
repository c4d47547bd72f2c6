/**
 * Placing the territory's local frame on the globe: WGS84 geodetic → ECEF (Earth-centred, Earth-fixed), the
 * east-north-up (ENU) frame at a point, and the 4 × 4 root transform of a tileset (local metres → ECEF).
 *
 * WGS84 ellipsoid: a = 6 378 137 m, 1/f = 298.257223563 (NIMA TR8350.2, 3rd ed., table 3.1). Geodetic to ECEF:
 * X = (N + h) cos φ cos λ, Y = (N + h) cos φ sin λ, Z = (N (1 − e²) + h) sin φ with N = a / √(1 − e² sin² φ)
 * (TR8350.2 eq. 4-14). Matrices are column-major like glTF and 3D Tiles (`transform[12..14]` is the translation).
 */
import type { LocalFrame } from '../../engine/territory.ts';
import { FrameTransform } from '../frame.ts';

export const WGS84_A = 6378137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

const DEG = Math.PI / 180;

/** Geodetic longitude, latitude (degrees) and ellipsoidal height (m) → ECEF [X, Y, Z] (m). */
export function geodeticToEcef(lonDeg: number, latDeg: number, heightM: number): [number, number, number] {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const s = Math.sin(lat);
  const c = Math.cos(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * s * s);
  return [(n + heightM) * c * Math.cos(lon), (n + heightM) * c * Math.sin(lon), (n * (1 - WGS84_E2) + heightM) * s];
}

/** Unit vectors east, north, up (ECEF components) of the ENU frame at a geodetic position. */
export function enuAxes(lonDeg: number, latDeg: number): { east: [number, number, number]; north: [number, number, number]; up: [number, number, number] } {
  const sl = Math.sin(lonDeg * DEG);
  const cl = Math.cos(lonDeg * DEG);
  const sp = Math.sin(latDeg * DEG);
  const cp = Math.cos(latDeg * DEG);
  return { east: [-sl, cl, 0], north: [-sp * cl, -sp * sl, cp], up: [cp * cl, cp * sl, sp] };
}

/** Column-major 4 × 4 matrix taking ENU metres at (lon, lat, h) to ECEF. */
export function enuToEcef(lonDeg: number, latDeg: number, heightM: number): number[] {
  const { east, north, up } = enuAxes(lonDeg, latDeg);
  const o = geodeticToEcef(lonDeg, latDeg, heightM);
  return [...east, 0, ...north, 0, ...up, 0, o[0], o[1], o[2], 1];
}

/**
 * How the local frame's axes sit in ENU at the origin: the 2 × 2 Jacobian [[∂E/∂x, ∂E/∂y], [∂N/∂x, ∂N/∂y]]
 * of local (x, y) → (east, north) metres, row-major. The local frame is a translation of a projected plane
 * (Lambert-93 for French data), whose grid north differs from true north by the meridian convergence (3.4° at
 * Rennes) and whose scale factor differs from 1 (0.99944 there: 7 m over 13 km); both are kept so that points
 * away from the origin land where the projection puts them. Central differences over ±`stepM` through proj4.
 */
export function localFrameJacobian(frame: LocalFrame, stepM = 1): [number, number, number, number] {
  const t = new FrameTransform(frame);
  const { east, north } = enuAxes(frame.originLon, frame.originLat);
  const enu = (x: number, y: number): [number, number] => {
    const [lon, lat] = t.localToLonLat(x, y);
    const p = geodeticToEcef(lon, lat, frame.originHeightM);
    return [p[0] * east[0] + p[1] * east[1] + p[2] * east[2], p[0] * north[0] + p[1] * north[1] + p[2] * north[2]];
  };
  const xp = enu(stepM, 0);
  const xm = enu(-stepM, 0);
  const yp = enu(0, stepM);
  const ym = enu(0, -stepM);
  const d = 2 * stepM;
  return [(xp[0] - xm[0]) / d, (yp[0] - ym[0]) / d, (xp[1] - xm[1]) / d, (yp[1] - ym[1]) / d];
}

/**
 * Root transform of a tileset in the local frame: local (x east-ish, y north-ish, z up, metres from the origin at
 * `originHeightM`) → ECEF. It is ENU→ECEF at the origin times the local→ENU Jacobian ({@link localFrameJacobian}).
 * The local frame is a plane: at a distance d from the origin the ellipsoid lies ≈ d² / 2R below it
 * (8 cm at 1 km, 31 m at 20 km), as in every model of the project that works in this frame.
 */
export function rootTransform(frame: LocalFrame): number[] {
  const [exx, exy, enx, eny] = localFrameJacobian(frame);
  const { east, north, up } = enuAxes(frame.originLon, frame.originLat);
  const o = geodeticToEcef(frame.originLon, frame.originLat, frame.originHeightM);
  const col = (a: number, b: number): number[] => [a * east[0] + b * north[0], a * east[1] + b * north[1], a * east[2] + b * north[2], 0];
  return [...col(exx, enx), ...col(exy, eny), ...up, 0, o[0], o[1], o[2], 1];
}

/** Applies a column-major 4 × 4 affine matrix to a point. */
export function transformPoint(m: ArrayLike<number>, x: number, y: number, z: number): [number, number, number] {
  return [m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]];
}
