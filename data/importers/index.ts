/** Registry of importers, loaded lazily so the CLI starts fast. */
import { ImportError, type Importer } from './types.ts';

export interface ImporterEntry {
  id: Importer['id'];
  description: string;
  load: () => Promise<Importer>;
}

export const IMPORTERS: ImporterEntry[] = [
  {
    id: 'bdtopo',
    description: 'IGN BD TOPO shapefile folder, v2 (BATI_*, ROUTE, Filosofi population) or v3 (BATIMENT, TRONCON_DE_ROUTE, vegetation, water, sport, equipment)',
    load: async () => (await import('./bdtopo.ts')).bdtopoImporter,
  },
  {
    id: 'osm',
    description: 'OpenStreetMap GeoJSON (osmtogeojson) or OSM XML file: buildings, highways (noded and snapped), amenities, land use',
    load: async () => (await import('./osm.ts')).osmImporter,
  },
  {
    id: 'geojson',
    description: 'generic GeoJSON folder or file (buildings, roads, population, landcover, equipment) — schema in data/importers/GEOJSON_SCHEMA.md',
    load: async () => (await import('./geojson.ts')).geojsonImporter,
  },
];

export function getImporter(id: string): ImporterEntry {
  const e = IMPORTERS.find((i) => i.id === id);
  if (!e) throw new ImportError(`unknown import format "${id}" (expected one of ${IMPORTERS.map((i) => i.id).join(', ')})`);
  return e;
}
