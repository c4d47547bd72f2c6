/**
 * Checks a `tileset.json` against the rules of the 3D Tiles 1.1 specification (OGC 22-025r4) that a tileset
 * writer can break, and, when the contents can be read, the bounds of GLB contents:
 *
 * - required fields: `asset` with `version` ("1.0" or "1.1"), top-level `geometricError`, `root`; per tile a
 *   `boundingVolume` with exactly one well-formed `box` (12 numbers), `region` (6, radians, south ≤ north) or
 *   `sphere` (4, radius ≥ 0) and a non-negative `geometricError`; `refine` on the root, and only ADD / REPLACE;
 *   `transform` a 16-number invertible affine matrix; `content` with a `uri`, not together with `contents`;
 *   `children` non-empty when present; `extensionsRequired` listed in `extensionsUsed`;
 * - geometric error never increasing with depth (tileset ≥ root ≥ children …);
 * - each child's bounding volume (through the child's `transform`) inside its parent's, and each content's
 *   bounding volume inside its tile's;
 * - GLB contents: the POSITION bounds of every primitive (accessor min/max, through the node transforms and the
 *   y-up → z-up rotation of § "glTF transforms") inside the content's and the tile's bounding volumes.
 *
 * Containment is checked with a tolerance (default 1 mm). Pure: contents are read through a callback. Not covered:
 * implicit tiling (reported as a warning), external tilesets (`.json` contents) and content formats other than GLB.
 */
import { parseGlb } from './glb.ts';

export interface TilesetIssue {
  severity: 'error' | 'warning';
  /** JSON path of the offending object, e.g. `root.children[2].boundingVolume`. */
  path: string;
  message: string;
}

export interface ValidateTilesetOptions {
  /** Bytes of a content by URI (relative to tileset.json), or null when absent; contents are not read without it. */
  readContent?: (uri: string) => Uint8Array | null;
  /** Containment tolerance (m). Default 0.001. */
  toleranceM?: number;
}

type Vec3 = [number, number, number];
/** A bounding volume in some frame: an oriented box (centre + half-axes), a sphere or a geographic region. */
type Volume = { kind: 'box'; c: Vec3; axes: [Vec3, Vec3, Vec3] } | { kind: 'sphere'; c: Vec3; r: number } | { kind: 'region'; r: number[] };

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumArray = (x: unknown, n: number): x is number[] => Array.isArray(x) && x.length === n && x.every(isNum);
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3): number => Math.sqrt(dot(a, a));
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

function applyPoint(m: number[], p: Vec3): Vec3 {
  return [m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12], m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13], m[2] * p[0] + m[6] * p[1] + m[10] * p[2] + m[14]];
}
function applyVector(m: number[], v: Vec3): Vec3 {
  return [m[0] * v[0] + m[4] * v[1] + m[8] * v[2], m[1] * v[0] + m[5] * v[1] + m[9] * v[2], m[2] * v[0] + m[6] * v[1] + m[10] * v[2]];
}
/** Column-major product a · b. */
export function multiply(a: number[], b: number[]): number[] {
  const o = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) o[c * 4 + r] += a[k * 4 + r] * b[c * 4 + k];
  return o;
}

/** Parses and checks a bounding volume; pushes issues and returns null when malformed. */
function parseVolume(bv: unknown, path: string, issues: TilesetIssue[]): Volume | null {
  const err = (message: string): null => (issues.push({ severity: 'error', path, message }), null);
  if (!bv || typeof bv !== 'object') return err('boundingVolume is required');
  const v = bv as Record<string, unknown>;
  const kinds = ['box', 'region', 'sphere'].filter((k) => v[k] !== undefined);
  if (kinds.length !== 1) return err(`boundingVolume must have exactly one of box, region, sphere (has ${kinds.join(', ') || 'none'})`);
  if (v.box !== undefined) {
    if (!isNumArray(v.box, 12)) return err('box must be an array of 12 finite numbers');
    const b = v.box;
    return { kind: 'box', c: [b[0], b[1], b[2]], axes: [[b[3], b[4], b[5]], [b[6], b[7], b[8]], [b[9], b[10], b[11]]] };
  }
  if (v.region !== undefined) {
    if (!isNumArray(v.region, 6)) return err('region must be an array of 6 finite numbers');
    const [w, s, e, n, h0, h1] = v.region;
    if (w < -Math.PI || w > Math.PI || e < -Math.PI || e > Math.PI) return err('region west/east must be in [−π, π] radians');
    if (s < -Math.PI / 2 || n > Math.PI / 2 || s > n) return err('region south/north must be in [−π/2, π/2] radians with south ≤ north');
    if (h0 > h1) return err('region minimum height above its maximum');
    return { kind: 'region', r: v.region };
  }
  if (!isNumArray(v.sphere, 4)) return err('sphere must be an array of 4 finite numbers');
  if (v.sphere[3] < 0) return err('sphere radius must be ≥ 0');
  return { kind: 'sphere', c: [v.sphere[0], v.sphere[1], v.sphere[2]], r: v.sphere[3] };
}

function transformVolume(v: Volume, m: number[] | undefined): Volume {
  if (!m || v.kind === 'region') return v;
  if (v.kind === 'box') return { kind: 'box', c: applyPoint(m, v.c), axes: [applyVector(m, v.axes[0]), applyVector(m, v.axes[1]), applyVector(m, v.axes[2])] };
  const s = Math.max(norm([m[0], m[1], m[2]]), norm([m[4], m[5], m[6]]), norm([m[8], m[9], m[10]]));
  return { kind: 'sphere', c: applyPoint(m, v.c), r: v.r * s };
}

function boxCorners(v: { c: Vec3; axes: [Vec3, Vec3, Vec3] }): Vec3[] {
  const out: Vec3[] = [];
  for (const a of [-1, 1]) for (const b of [-1, 1]) for (const c of [-1, 1]) out.push([0, 1, 2].map((k) => v.c[k] + a * v.axes[0][k] + b * v.axes[1][k] + c * v.axes[2][k]) as Vec3);
  return out;
}

/** Largest distance (m) by which point p lies outside volume v (≤ 0 inside); boxes through their dual basis. */
function outside(v: Volume, p: Vec3): number {
  if (v.kind === 'sphere') return norm(sub(p, v.c)) - v.r;
  if (v.kind === 'region') return NaN;
  const [u, w, z] = v.axes;
  const det = dot(u, cross(w, z));
  const d = sub(p, v.c);
  if (det === 0) {
    // Flat box (a zero half-axis): compare along the non-zero axes and require no offset off them.
    let worst = -Infinity;
    for (const a of v.axes) {
      const l = norm(a);
      worst = Math.max(worst, l === 0 ? 0 : Math.abs(dot(d, a)) / l - l);
    }
    return worst;
  }
  // Coordinates of d in the basis (u, w, z): rows of the inverse are the dual vectors.
  const duals: Vec3[] = [cross(w, z), cross(z, u), cross(u, w)];
  let worst = -Infinity;
  for (let k = 0; k < 3; k++) {
    const t = dot(d, duals[k]) / det; // ∈ [−1, 1] inside
    worst = Math.max(worst, (Math.abs(t) - 1) * norm(v.axes[k]));
  }
  return worst;
}

/** Largest excursion (m) of `inner` outside `outer`, or NaN when the pair cannot be compared. */
function excursion(inner: Volume, outer: Volume): number {
  if (inner.kind === 'region' || outer.kind === 'region') {
    if (inner.kind !== 'region' || outer.kind !== 'region') return NaN;
    const [w, s, e, n, h0, h1] = inner.r;
    const [W, S, E, N, H0, H1] = outer.r;
    const R = 6378137; // radians → metres on the equator, for a tolerance in metres
    return Math.max((W - w) * R, (S - s) * R, (e - E) * R, (n - N) * R, H0 - h0, h1 - H1);
  }
  if (inner.kind === 'box') return Math.max(...boxCorners(inner).map((p) => outside(outer, p)));
  if (outer.kind === 'sphere') return norm(sub(inner.c, outer.c)) + inner.r - outer.r;
  // Sphere in box: along each axis of the box, centre offset + radius within the half-length.
  const d = sub(inner.c, outer.c);
  return Math.max(...outer.axes.map((a) => (norm(a) === 0 ? inner.r : Math.abs(dot(d, a)) / norm(a) + inner.r - norm(a))));
}

/** glTF node local matrix (column-major) from `matrix` or translation / rotation (quaternion) / scale. */
function nodeMatrix(node: Record<string, unknown>): number[] {
  if (isNumArray(node.matrix, 16)) return node.matrix;
  const [tx, ty, tz] = isNumArray(node.translation, 3) ? node.translation : [0, 0, 0];
  const [x, y, z, w] = isNumArray(node.rotation, 4) ? node.rotation : [0, 0, 0, 1];
  const [sx, sy, sz] = isNumArray(node.scale, 3) ? node.scale : [1, 1, 1];
  return [
    (1 - 2 * (y * y + z * z)) * sx, 2 * (x * y + z * w) * sx, 2 * (x * z - y * w) * sx, 0,
    2 * (x * y - z * w) * sy, (1 - 2 * (x * x + z * z)) * sy, 2 * (y * z + x * w) * sy, 0,
    2 * (x * z + y * w) * sz, 2 * (y * z - x * w) * sz, (1 - 2 * (x * x + y * y)) * sz, 0,
    tx, ty, tz, 1,
  ];
}

/** glTF y-up → 3D Tiles z-up (3D Tiles 1.1 § "glTF transforms"): (x, y, z) → (x, −z, y). */
const Y_UP_TO_Z_UP = [1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 0, 1];

/**
 * Corners of the POSITION bounds of every mesh primitive of a GLB's default scene, in the tile frame (z-up).
 * Throws on a malformed GLB or a POSITION accessor without min/max.
 */
export function glbContentCorners(bytes: Uint8Array): Vec3[] {
  const { json } = parseGlb(bytes);
  const out: Vec3[] = [];
  const scene = json.scenes?.[json.scene ?? 0];
  const visit = (n: number, parent: number[]): void => {
    const node = json.nodes[n];
    const m = multiply(parent, nodeMatrix(node));
    if (node.mesh !== undefined) {
      for (const prim of json.meshes[node.mesh].primitives) {
        const a = json.accessors[prim.attributes.POSITION];
        if (!isNumArray(a?.min, 3) || !isNumArray(a?.max, 3)) throw new Error('POSITION accessor without min/max');
        boxCorners({ c: [0, 1, 2].map((k) => (a.min[k] + a.max[k]) / 2) as Vec3, axes: [[(a.max[0] - a.min[0]) / 2, 0, 0], [0, (a.max[1] - a.min[1]) / 2, 0], [0, 0, (a.max[2] - a.min[2]) / 2]] }).forEach((p) => out.push(applyPoint(m, p)));
      }
    }
    for (const c of node.children ?? []) visit(c, m);
  };
  for (const n of scene?.nodes ?? []) visit(n, Y_UP_TO_Z_UP);
  return out;
}

/** Checks a parsed tileset.json; returns every issue found (empty when the tileset passes). */
export function validateTileset(tileset: unknown, opts: ValidateTilesetOptions = {}): TilesetIssue[] {
  const tol = opts.toleranceM ?? 0.001;
  const issues: TilesetIssue[] = [];
  const error = (path: string, message: string): void => void issues.push({ severity: 'error', path, message });
  const warn = (path: string, message: string): void => void issues.push({ severity: 'warning', path, message });
  if (!tileset || typeof tileset !== 'object') return [{ severity: 'error', path: '', message: 'tileset must be a JSON object' }];
  const ts = tileset as Record<string, unknown>;
  const asset = ts.asset as Record<string, unknown> | undefined;
  if (!asset || typeof asset !== 'object') error('asset', 'asset is required');
  else if (typeof asset.version !== 'string') error('asset.version', 'asset.version is required');
  else if (asset.version !== '1.0' && asset.version !== '1.1') error('asset.version', `unsupported 3D Tiles version "${asset.version}" (expected 1.0 or 1.1)`);
  if (!isNum(ts.geometricError) || ts.geometricError < 0) error('geometricError', 'tileset geometricError is required (a number ≥ 0)');
  const used = Array.isArray(ts.extensionsUsed) ? ts.extensionsUsed : [];
  for (const e of Array.isArray(ts.extensionsRequired) ? ts.extensionsRequired : []) if (!used.includes(e)) error('extensionsRequired', `${e} is required but not in extensionsUsed`);
  if (!ts.root || typeof ts.root !== 'object') {
    error('root', 'root tile is required');
    return issues;
  }

  const visit = (tile: Record<string, unknown>, path: string, parentError: number, parentVolume: Volume | null, isRoot: boolean): void => {
    let transform: number[] | undefined;
    if (tile.transform !== undefined) {
      const m = tile.transform;
      if (!isNumArray(m, 16)) error(`${path}.transform`, 'transform must be an array of 16 finite numbers');
      else if (m[3] !== 0 || m[7] !== 0 || m[11] !== 0 || m[15] !== 1) error(`${path}.transform`, 'transform must be affine (last row 0, 0, 0, 1)');
      else if (dot([m[0], m[1], m[2]], cross([m[4], m[5], m[6]], [m[8], m[9], m[10]])) === 0) error(`${path}.transform`, 'transform is not invertible');
      else transform = m;
    }
    const volume = parseVolume(tile.boundingVolume, `${path}.boundingVolume`, issues);
    const ge = tile.geometricError;
    if (!isNum(ge) || ge < 0) error(`${path}.geometricError`, 'geometricError is required (a number ≥ 0)');
    else if (ge > parentError) error(`${path}.geometricError`, `geometricError ${ge} is larger than its parent's ${parentError}${isRoot ? ' (the tileset geometricError)' : ''}`);
    if (tile.refine !== undefined && tile.refine !== 'ADD' && tile.refine !== 'REPLACE') error(`${path}.refine`, `refine must be ADD or REPLACE (got ${JSON.stringify(tile.refine)})`);
    if (isRoot && tile.refine === undefined) error(`${path}.refine`, 'refine is required on the root tile');
    // Child volume in the parent's frame.
    if (volume && parentVolume) {
      const d = excursion(transformVolume(volume, transform), parentVolume);
      if (Number.isNaN(d)) warn(`${path}.boundingVolume`, 'containment in the parent volume not checked (region against box or sphere)');
      else if (d > tol) error(`${path}.boundingVolume`, `bounding volume extends ${d.toFixed(3)} m outside its parent's`);
    }
    if (tile.content !== undefined && tile.contents !== undefined) error(path, 'content and contents must not both be present');
    const contents = tile.content !== undefined ? [[tile.content, `${path}.content`] as const] : Array.isArray(tile.contents) ? tile.contents.map((c, i) => [c, `${path}.contents[${i}]`] as const) : [];
    for (const [c, cpath] of contents) {
      const content = c as Record<string, unknown>;
      if (!content || typeof content.uri !== 'string') {
        error(cpath, 'content.uri is required');
        continue;
      }
      const cv = content.boundingVolume === undefined ? null : parseVolume(content.boundingVolume, `${cpath}.boundingVolume`, issues);
      if (cv && volume) {
        const d = excursion(cv, volume);
        if (Number.isNaN(d)) warn(`${cpath}.boundingVolume`, 'containment in the tile volume not checked (region against box or sphere)');
        else if (d > tol) error(`${cpath}.boundingVolume`, `content bounding volume extends ${d.toFixed(3)} m outside the tile's`);
      }
      if (tile.implicitTiling !== undefined) {
        warn(cpath, 'implicit tiling: content templates not checked');
        continue;
      }
      if (opts.readContent && /\.glb$/i.test(content.uri)) {
        const bytes = opts.readContent(content.uri);
        if (!bytes) {
          error(cpath, `content ${content.uri} not found`);
          continue;
        }
        let corners: Vec3[];
        try {
          corners = glbContentCorners(bytes);
        } catch (e) {
          error(cpath, `content ${content.uri}: ${(e as Error).message}`);
          continue;
        }
        for (const [v, what] of [[cv, 'content'], [volume, 'tile']] as const) {
          if (!v || v.kind === 'region') continue;
          const d = Math.max(...corners.map((p) => outside(v, p)));
          if (d > tol) error(cpath, `geometry of ${content.uri} extends ${d.toFixed(3)} m outside the ${what} bounding volume`);
        }
      }
    }
    if (tile.children !== undefined) {
      if (!Array.isArray(tile.children) || tile.children.length === 0) error(`${path}.children`, 'children must be a non-empty array when present');
      else {
        tile.children.forEach((child, i) => {
          if (!child || typeof child !== 'object') error(`${path}.children[${i}]`, 'a tile must be an object');
          else visit(child as Record<string, unknown>, `${path}.children[${i}]`, isNum(ge) ? ge : Infinity, volume, false);
        });
      }
    }
  };
  visit(ts.root as Record<string, unknown>, 'root', isNum(ts.geometricError) ? ts.geometricError : Infinity, null, true);
  return issues;
}
