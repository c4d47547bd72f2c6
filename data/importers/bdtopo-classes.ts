/**
 * BD TOPO v3 values not covered by ./bdtopo-mapping.ts (which maps road and building-use values for every
 * importer): building NATURE when USAGE1 says nothing, vegetation natures, zones of activity or interest →
 * equipment kinds, and the age bands of the INSEE Filosofi grid shipped with BD TOPO extracts.
 *
 * Sources: IGN, "BD TOPO® Version 3 — Descriptif de contenu" (classes BATIMENT, ZONE_DE_VEGETATION,
 * ZONE_D_ACTIVITE_OU_D_INTERET: CATEGORIE / NATURE / NAT_DETAIL) and v2.2 (ZONE_VEGETATION), checked against
 * the Olemps extract in ../shared/data; INSEE, "Revenus, pauvreté et niveau de vie en 2015 — données carroyées"
 * (field names `ind_0_3` … `ind_80p`). Values are compared case- and accent-insensitively.
 */
import type { AgeBand, BuildingUse, EquipmentKind, LandCover } from '../../engine/territory.ts';
import { normaliseValue } from './bdtopo-mapping.ts';

/** v3 BATIMENT NATURE when USAGE1 is "Indifférencié": industrial halls, churches and chapels, greenhouses. */
export function v3NatureUse(nature: string): BuildingUse | null {
  const k = normaliseValue(nature);
  if (k === 'industriel, agricole ou commercial' || k === 'silo') return 'industrial';
  if (k === 'eglise' || k === 'chapelle') return 'public';
  if (k === 'serre') return 'annex';
  return null;
}

/**
 * Vegetation NATURE → cover: forests ("Forêt fermée de feuillus"…), woods and poplar plantations → forest;
 * orchards and vineyards → agriculture; hedges, woody heath and v2 "Zone arborée" (trees, not a forest) →
 * vegetation.
 */
export function vegetationCover(nature: string): LandCover {
  const k = normaliseValue(nature);
  if (k.startsWith('foret') || k === 'bois' || k === 'peupleraie') return 'forest';
  if (k === 'verger' || k === 'vigne') return 'agriculture';
  return 'vegetation';
}

/**
 * Equipment kind of a v3 ZONE_D_ACTIVITE_OU_D_INTERET from CATEGORIE, NATURE and NAT_DETAIL, or null when the
 * zone is not a public equipment (industrial and commercial zones, water management, transport).
 *
 * | NATURE / NAT_DETAIL                                        | kind             |
 * |------------------------------------------------------------|------------------|
 * | "Crèche", "Halte-garderie", "Multi-accueil" (any field)     | creche           |
 * | Enseignement primaire + "Ecole maternelle"                   | preschool        |
 * | Enseignement primaire + "Ecole élémentaire"                  | primary          |
 * | Enseignement primaire + "Ecole primaire" or no detail        | school           |
 * | Enseignement secondaire + "Collège" / "Lycée…"               | college / lycee  |
 * | Enseignement secondaire, no detail                           | college (collèges are the most numerous secondary schools, DEPP "Repères et références statistiques") |
 * | Enseignement supérieur, université                           | higher-education |
 * | Mairie, Mairie annexe, Hôtel de ville                        | town-hall        |
 * | CATEGORIE Santé: Hôpital, centre hospitalier, clinique       | hospital         |
 * | CATEGORIE Santé: other (maison de retraite, centre de santé) | health           |
 * | CATEGORIE Sport                                              | sport            |
 * | CATEGORIE Culture et loisirs: museum, library, theatre, cinema, monument… | culture |
 * | other Culture et loisirs, Administratif ou militaire, Religieux, Science | other |
 */
export function equipmentKindOf(categorie: string, nature: string, detail: string): EquipmentKind | null {
  const c = normaliseValue(categorie);
  const n = normaliseValue(nature);
  const d = normaliseValue(detail);
  const text = `${n} ${d}`;
  if (/creche|halte-garderie|multi-accueil/.test(text)) return 'creche';
  if (n === 'enseignement primaire' || /\becole (maternelle|elementaire|primaire)\b/.test(d)) {
    if (d.includes('maternelle')) return 'preschool';
    if (d.includes('elementaire')) return 'primary';
    return 'school';
  }
  if (n === 'enseignement secondaire' || /\b(college|lycee)\b/.test(text)) return /\blycee\b/.test(text) ? 'lycee' : 'college';
  if (n === 'enseignement superieur' || /universit/.test(text)) return 'higher-education';
  if (n.startsWith('mairie') || d.startsWith('mairie') || n === 'hotel de ville') return 'town-hall';
  if (c === 'sante') return /hopital|hospitalier|clinique/.test(text) ? 'hospital' : 'health';
  if (c === 'sport') return 'sport';
  if (c === 'culture et loisirs')
    return /musee|bibliotheque|mediatheque|theatre|cinema|salle de spectacle|salle de concert|conservatoire|monument|centre culturel/.test(text) ? 'culture' : 'other';
  if (c === 'administratif ou militaire' || c === 'religieux' || c === 'science et enseignement') return 'other';
  return null;
}

/**
 * Age bands from Filosofi field names: `ind_0_3` → 0–3 years, `ind_80p` → 80 and over (maxAge Infinity),
 * sorted by age; `fields` gives the index in `names` of each band's field.
 */
export function filosofiAgeBands(names: string[]): { bands: AgeBand[]; fields: number[] } {
  const found: Array<{ band: AgeBand; field: number }> = [];
  names.forEach((name, field) => {
    const range = /^ind_(\d+)_(\d+)$/i.exec(name);
    const open = /^ind_(\d+)p(?:lus)?$/i.exec(name);
    if (range) found.push({ band: { id: name, minAge: Number(range[1]), maxAge: Number(range[2]) }, field });
    else if (open) found.push({ band: { id: name, minAge: Number(open[1]), maxAge: Infinity }, field });
  });
  found.sort((a, b) => a.band.minAge - b.band.minAge);
  return { bands: found.map((f) => f.band), fields: found.map((f) => f.field) };
}
