/**
 * Node loader for shapefiles: finds the companion files of a .shp (.shx, .dbf, .prj, .cpg, whatever the case
 * of their extension) and parses them with the byte-level reader of ./shapefile.ts. Kept apart so the reader
 * itself has no Node import and runs in browser workers.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseShapefile, type Shapefile } from './shapefile.ts';

/** Companion file of `shpPath` with extension `ext` (case-insensitive), or null. */
export async function companionFile(shpPath: string, ext: string, entries?: string[]): Promise<string | null> {
  const dir = path.dirname(shpPath);
  const stem = path.basename(shpPath).replace(/\.shp$/i, '').toLowerCase();
  const list = entries ?? (await readdir(dir));
  const want = `${stem}.${ext.toLowerCase()}`;
  const hit = list.find((f) => f.toLowerCase() === want);
  return hit ? path.join(dir, hit) : null;
}

/**
 * Reads a shapefile from disk. Messages name the files by their base name (e.g. `ROUTE.shp`). Throws a
 * FormatError for an unusable .shp/.dbf header and the file-system error when the .shp cannot be read.
 */
export async function loadShapefile(shpPath: string): Promise<Shapefile> {
  const entries = await readdir(path.dirname(shpPath));
  const find = (ext: string) => companionFile(shpPath, ext, entries);
  const [shxPath, dbfPath, prjPath, cpgPath] = await Promise.all([find('shx'), find('dbf'), find('prj'), find('cpg')]);
  const [shp, shx, dbf, prj, cpg] = await Promise.all([
    readFile(shpPath),
    shxPath ? readFile(shxPath) : null,
    dbfPath ? readFile(dbfPath) : null,
    prjPath ? readFile(prjPath, 'utf8') : null,
    cpgPath ? readFile(cpgPath, 'latin1') : null,
  ]);
  const stem = path.basename(shpPath).replace(/\.shp$/i, '');
  return parseShapefile({
    shp: new Uint8Array(shp.buffer, shp.byteOffset, shp.byteLength),
    shx: shx ? new Uint8Array(shx.buffer, shx.byteOffset, shx.byteLength) : null,
    dbf: dbf ? new Uint8Array(dbf.buffer, dbf.byteOffset, dbf.byteLength) : null,
    prj,
    cpg,
    names: { shp: path.basename(shpPath), dbf: dbfPath ? path.basename(dbfPath) : `${stem}.dbf`, prj: prjPath ? path.basename(prjPath) : `${stem}.prj` },
  });
}
