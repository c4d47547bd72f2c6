/** Registry of importers, loaded lazily so the CLI starts fast. */
import { ImportError, type Importer } from './types.ts';

export interface ImporterEntry {
  id: Importer['id'];
  description: string;
  load: () => Promise<Importer>;
}

export const IMPORTERS: ImporterEntry[] = [];

export function getImporter(id: string): ImporterEntry {
  const e = IMPORTERS.find((i) => i.id === id);
  if (!e) throw new ImportError(`unknown import format "${id}" (expected one of ${IMPORTERS.map((i) => i.id).join(', ')})`);
  return e;
}
