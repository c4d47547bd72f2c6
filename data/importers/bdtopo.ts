/**
 * IGN BD TOPO importer (id `bdtopo`): a folder of BD TOPO shapefiles, version 2.2 or 3 (detected by the layers
 * present; nested delivery folders are searched), with the INSEE Filosofi 200 m grid when a `population` layer
 * sits next to them.
 *
 * | source layer                                   | territory                                        |
 * |------------------------------------------------|--------------------------------------------------|
 * | v2 BATI_INDIFFERENCIE                          | buildings, residential (annex below 20 m², rule) |
 * | v2 BATI_INDUSTRIEL / BATI_REMARQUABLE          | buildings, use from `nature`                     |
 * | v3 BATIMENT                                    | buildings: USAGE1/USAGE2, LEGER, HAUTEUR, NB_ETAGES, NB_LOGTS, Z_MIN_SOL |
 * | v2 ROUTE, v3 TRONCON_DE_ROUTE                  | road segments: NATURE + IMPORTANCE → class, SENS → direction, NB_VOIES, VIT_MOY_VL, names |
 * | population (Filosofi)                          | population cells with `ind`, `men` and age bands |
 * | v3 ZONE_DE_VEGETATION, v2 ZONE_VEGETATION      | land cover forest / agriculture / vegetation     |
 * | v3 SURFACE_HYDROGRAPHIQUE, v2 SURFACE_EAU      | land cover water                                 |
 * | v3 TERRAIN_DE_SPORT, v2 TERRAIN_SPORT          | land cover sport                                 |
 * | v3 ZONE_D_ACTIVITE_OU_D_INTERET                | equipment at the zone centroid, capacity unknown |
 * The value tables (road classes and directions, building uses, equipment kinds) are documented in
 * ./bdtopo-mapping.ts and ./bdtopo-classes.ts; heights of 0 or blank are "not determined" in BD TOPO and left
 * to the builder's imputation.
 *
 * Frame: the plane of the buildings' CRS (Lambert-93 for BD TOPO) translated to the centre of the buildings'
 * bounding box, or of the clip window, rounded to the metre. CRS: the .prj of each layer (`opts.crs`
 * overrides); a layer without .prj is skipped with an error, an unsupported CRS stops the import.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Theme } from '../../engine/territory.ts';
import { TerritoryBuilder } from '../builder.ts';
import { bdtopoDataset, filosofiDataset } from '../catalog.ts';
import { CrsError, crsFromWkt, crsProj4, frameForGeographic, frameForProjected, isGeographic, normaliseCrs } from '../frame.ts';
import { ImportReport } from '../report.ts';
import { FormatError, type Shapefile } from '../formats/shapefile.ts';
import { loadShapefile } from '../formats/shapefile-node.ts';
import { ImportError, type ImportOptions, type ImportResult, type Importer } from './types.ts';
import { readEquipment, readLandCover, readPopulation, readRoads, readV2Buildings, readV3Buildings } from './bdtopo-layers.ts';
import { vegetationCover } from './bdtopo-classes.ts';
import type { BdtopoEnv, BdtopoLayer } from './bdtopo-run.ts';

type Role = 'buildings' | 'roads' | 'population' | 'landcover' | 'equipment';

interface LayerSpec {
  /** Layer (file stem) name, matched case-insensitively. */
  name: string;
  role: Role;
  themes: Theme[];
  read: (env: BdtopoEnv, layer: BdtopoLayer) => void;
}

const URBAN: Theme[] = ['urbanism', 'energy'];
const V2_LAYERS: LayerSpec[] = [
  { name: 'BATI_INDIFFERENCIE', role: 'buildings', themes: URBAN, read: (e, l) => readV2Buildings(e, l, 'indifferencie') },
  { name: 'BATI_INDUSTRIEL', role: 'buildings', themes: URBAN, read: (e, l) => readV2Buildings(e, l, 'industriel') },
  { name: 'BATI_REMARQUABLE', role: 'buildings', themes: URBAN, read: (e, l) => readV2Buildings(e, l, 'remarquable') },
  { name: 'ROUTE', role: 'roads', themes: ['mobility'], read: readRoads },
  { name: 'ZONE_VEGETATION', role: 'landcover', themes: ['environment'], read: (e, l) => readLandCover(e, l, vegetationCover, true) },
  { name: 'SURFACE_EAU', role: 'landcover', themes: ['water', 'environment'], read: (e, l) => readLandCover(e, l, () => 'water', false) },
  { name: 'TERRAIN_SPORT', role: 'landcover', themes: ['urbanism'], read: (e, l) => readLandCover(e, l, () => 'sport', false) },
];
const V3_LAYERS: LayerSpec[] = [
  { name: 'BATIMENT', role: 'buildings', themes: URBAN, read: readV3Buildings },
  { name: 'TRONCON_DE_ROUTE', role: 'roads', themes: ['mobility'], read: readRoads },
  { name: 'ZONE_DE_VEGETATION', role: 'landcover', themes: ['environment'], read: (e, l) => readLandCover(e, l, vegetationCover, true) },
  { name: 'SURFACE_HYDROGRAPHIQUE', role: 'landcover', themes: ['water', 'environment'], read: (e, l) => readLandCover(e, l, () => 'water', false) },
  { name: 'TERRAIN_DE_SPORT', role: 'landcover', themes: ['urbanism'], read: (e, l) => readLandCover(e, l, () => 'sport', false) },
  { name: 'ZONE_D_ACTIVITE_OU_D_INTERET', role: 'equipment', themes: ['urbanism', 'socio-demography'], read: readEquipment },
];
const POPULATION_LAYER: LayerSpec = { name: 'population', role: 'population', themes: ['socio-demography'], read: readPopulation };

/** Layers whose presence identifies each version. */
const V2_MARKERS = ['BATI_INDIFFERENCIE', 'BATI_INDUSTRIEL', 'BATI_REMARQUABLE', 'ROUTE'];
const V3_MARKERS = ['BATIMENT', 'TRONCON_DE_ROUTE'];

/** .shp files under `root` (delivery folders nest them a few levels deep): lower-case stem → path. */
async function findShapefiles(root: string, depth = 6): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const walk = async (dir: string, level: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isFile() && /\.shp$/i.test(e.name)) {
        const stem = e.name.slice(0, -4).toLowerCase();
        if (!found.has(stem)) found.set(stem, path.join(dir, e.name));
      }
    }
    if (level >= depth) return;
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await walk(path.join(dir, e.name), level + 1);
  };
  await walk(root, 0);
  return found;
}

/** Territory name from the folder: `…/rodez/bdtopo-v2` → `rodez`. */
function nameFromPath(dir: string): string {
  const abs = path.resolve(dir);
  const base = path.basename(abs);
  return /^bd[-_ ]?topo/i.test(base) ? path.basename(path.dirname(abs)) || base : base;
}

/** CRS of a layer: `opts.crs`, else its .prj. Null (error reported) when there is no .prj. */
function layerCrs(shp: Shapefile, file: string, override: string | null, report: ImportReport): string | null {
  const prjPath = path.join(path.dirname(file), shp.prjFile);
  if (override) {
    const declared = shp.prj ? crsFromWkt(shp.prj) : null;
    if (declared && declared !== override) report.note(`${prjPath} declares ${declared}; --crs ${override} used instead`);
    return override;
  }
  if (shp.prj === null) {
    report.error(file, `${prjPath} is missing: the CRS of ${file} is unknown, layer skipped (pass --crs, e.g. --crs EPSG:2154, to import it)`);
    return null;
  }
  const crs = crsFromWkt(shp.prj);
  if (!crs) {
    const name = /^\s*(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)\s*\[\s*"([^"]*)"/i.exec(shp.prj)?.[1];
    throw new ImportError(
      `${prjPath}: unsupported CRS ${name ? `"${name}"` : '(unrecognised WKT)'}; supported: EPSG:2154 (Lambert-93), EPSG:4326, EPSG:4171, EPSG:3857. Reproject the data, or pass --crs if the .prj is wrong.`,
    );
  }
  return crs;
}

interface Loaded {
  spec: LayerSpec;
  stem: string;
  file: string;
  shp: Shapefile;
  crs: string;
}

/** Centre of the union of the valid record boxes of `layers` (source CRS), or null. */
function centreOf(layers: Loaded[]): [number, number] | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const l of layers) {
    const b = l.shp.geometry.recordBbox;
    for (let k = 0; k < b.length; k += 4) {
      if (!(b[k] <= b[k + 2]) || !(b[k + 1] <= b[k + 3])) continue; // NaN for records without geometry
      x0 = Math.min(x0, b[k]);
      y0 = Math.min(y0, b[k + 1]);
      x1 = Math.max(x1, b[k + 2]);
      y1 = Math.max(y1, b[k + 3]);
    }
  }
  return x0 <= x1 ? [(x0 + x1) / 2, (y0 + y1) / 2] : null;
}

/** Imports a BD TOPO folder. Throws ImportError when nothing can be imported or a CRS is unsupported. */
export async function importBdtopo(dir: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const st = await stat(dir).catch(() => null);
  if (!st) throw new ImportError(`${dir}: no such file or folder`);
  if (!st.isDirectory()) throw new ImportError(`${dir} is not a folder: the BD TOPO importer reads a folder of shapefiles`);
  const found = await findShapefiles(dir);
  const has = (n: string): boolean => found.has(n.toLowerCase());
  const v2 = V2_MARKERS.some(has);
  const v3 = V3_MARKERS.some(has);
  if (!v2 && !v3)
    throw new ImportError(`${dir}: no BD TOPO layer found (expected ${V2_MARKERS.join('/')}.shp for v2 or ${V3_MARKERS.join('/')}.shp for v3)`);
  const version = v3 ? 'v3' : 'v2';
  const report = new ImportReport(dir, `BD TOPO ${version} (shapefile)`);
  if (v2 && v3) report.note('both BD TOPO v2 and v3 layers found: the v3 layers are imported');
  let override: string | null = null;
  if (opts.crs) {
    override = normaliseCrs(opts.crs);
    try {
      crsProj4(override);
    } catch (e) {
      throw new ImportError(`--crs ${opts.crs}: ${(e as CrsError).message}`);
    }
  }

  const specs = [...(version === 'v3' ? V3_LAYERS : V2_LAYERS), POPULATION_LAYER];
  const absent = specs.filter((s) => !has(s.name)).map((s) => s.name);
  if (absent.length) report.note(`layers not found in ${dir} (skipped): ${absent.join(', ')}`);
  const loaded: Loaded[] = [];
  for (const spec of specs) {
    const abs = found.get(spec.name.toLowerCase());
    if (!abs) continue;
    const file = path.relative(dir, abs);
    let shp: Shapefile;
    try {
      shp = await loadShapefile(abs);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      report.error(file, `${e.message}; layer skipped`);
      continue;
    }
    for (const p of shp.problems) report.error(p.file, p.message, { feature: p.record, field: p.field });
    if (!shp.table) {
      report.note(`${file}: layer skipped (no attributes)`);
      continue;
    }
    const crs = layerCrs(shp, file, override, report);
    if (crs) loaded.push({ spec, stem: path.basename(abs).slice(0, -4), file, shp, crs });
  }
  if (!loaded.length) {
    const errors = report.data.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}: ${i.message}`);
    throw new ImportError(`${dir}: no BD TOPO layer could be read${errors.length ? `:\n  ${errors.join('\n  ')}` : ''}`);
  }

  // Local frame: plane of the buildings' CRS, origin at the centre of their extent (or of the clip window).
  const primary = loaded.find((l) => l.spec.role === 'buildings') ?? loaded[0];
  const sameCrs = loaded.filter((l) => l.crs === primary.crs);
  const centre = opts.clip
    ? [(opts.clip[0] + opts.clip[2]) / 2, (opts.clip[1] + opts.clip[3]) / 2]
    : (centreOf(sameCrs.filter((l) => l.spec.role === 'buildings')) ?? centreOf(sameCrs) ?? [primary.shp.geometry.bbox[0], primary.shp.geometry.bbox[1]]);
  const frame = isGeographic(primary.crs) ? frameForGeographic(primary.crs, centre[0], centre[1]) : frameForProjected(primary.crs, Math.round(centre[0]), Math.round(centre[1]));
  if (!Number.isFinite(frame.originX) || !Number.isFinite(frame.originY)) throw new ImportError(`${primary.file}: no valid coordinates to place the territory`);

  const builder = new TerritoryBuilder(opts.name ?? nameFromPath(dir), frame);
  const env: BdtopoEnv = { builder, report, frame, clip: opts.clip };
  for (const l of loaded) {
    const slug = l.stem.toLowerCase().replace(/_/g, '-');
    const source = path.join(dir, l.file);
    const dataset =
      l.spec.role === 'population'
        ? builder.addDataset(filosofiDataset({ id: `filosofi-2015-${slug}`, source, sourceCrs: l.crs }))
        : builder.addDataset({ ...bdtopoDataset({ id: `bdtopo-${version}-${slug}`, version, layer: l.stem, source, themes: l.spec.themes }), sourceCrs: l.crs });
    if (l.spec.role === 'population') report.note(`${l.file}: INSEE Filosofi 200 m grid, vintage taken as 2015 (not stated in the files)`);
    l.spec.read(env, { name: l.stem, file: l.file, shp: l.shp, crs: l.crs, dataset });
  }
  const guessed = loaded.filter((l) => l.shp.table!.encoding === 'auto').map((l) => l.shp.dbfFile);
  if (guessed.length) report.note(`${guessed.join(', ')}: no .cpg and no code page in the header; text read as UTF-8 where valid, else Windows-1252`);

  const territory = builder.build({ report });
  return { territory, report: report.data };
}

export const bdtopoImporter: Importer = {
  id: 'bdtopo',
  title: 'IGN BD TOPO (shapefiles)',
  description:
    'Folder of IGN BD TOPO v2.2 or v3 shapefiles (buildings, roads, vegetation, water, sport grounds, zones of activity or interest), with an optional INSEE Filosofi 200 m grid layer named "population".',
  import: importBdtopo,
};
