/**
 * Plausible French place and street names for the generated territory. Street names follow the most common
 * French odonyms (people, trees, flowers, trades); town names are built from usual toponymic patterns.
 * Everything here is invented: any likeness with a real commune is incidental.
 */
import type { Rng } from './prng.ts';

const PEOPLE = [
  'Victor Hugo', 'Jean Jaurès', 'Louis Pasteur', 'Jules Ferry', 'Émile Zola', 'Jean Moulin', 'Pierre Curie', 'Marie Curie',
  'Gambetta', 'Voltaire', 'Jean Macé', 'Anatole France', 'George Sand', 'Paul Bert', 'Alsace-Lorraine', 'de la République',
  'de la Liberté', 'Jules Verne', 'Lamartine', 'Alexandre Dumas', 'Camille Claudel', 'Simone Veil', 'Lucie Aubrac', 'Colette',
  'Aristide Briand', 'Clemenceau', 'Jean Monnet', 'Molière', 'Racine', 'Chateaubriand', 'Anne de Bretagne', 'Du Guesclin',
  'Surcouf', 'Louise Michel', 'Olympe de Gouges', 'Albert Camus', 'Gustave Eiffel', 'Berlioz', 'Debussy', 'Rabelais',
];
const NATURE = [
  'des Lilas', 'des Tilleuls', 'des Chênes', 'des Châtaigniers', 'des Acacias', 'des Érables', 'des Peupliers', 'des Saules',
  'des Hortensias', 'des Camélias', 'des Bleuets', 'des Jonquilles', 'des Mésanges', 'des Hirondelles', 'du Verger', 'des Prés',
  'de la Source', 'du Moulin', 'des Vergers', 'des Genêts', 'des Ajoncs', 'des Noisetiers', 'des Charmes', 'des Ormes',
];
const TRADES = [
  'des Tanneurs', 'des Forges', 'des Tisserands', 'du Four', 'de la Poissonnerie', 'des Halles', 'du Puits', 'aux Foulons',
  'de la Monnaie', 'des Cordiers', 'Saint-Michel', 'Saint-Georges', 'Saint-Melaine', 'du Chapitre', 'de la Psalette', 'du Marché',
];
const PLACES = [
  'Vaux', 'Mesnil', 'Breteil', 'Landes', 'Noyal', 'Chavagne', 'Vern', 'Pacé', 'Mordelles', 'Orgères', 'Bourg', 'Thorigné', 'Vezin',
  'Gévezé', 'Montgermont', 'Cintré', 'Laillé', 'Bruz', 'Brécé', 'Acigné', 'Corps', 'Nouvoitou', 'Servon', 'Domloup', 'Saint-Erblon',
  'Clayes', 'Parthenay', 'Romillé', 'Langan', 'Miniac', 'Guipel', 'Melesse', 'Liffré', 'Ercé', 'Betton', 'Chevaigné', 'Bédée',
];
const SAINTS = ['Saint-Aubin', 'Saint-Gilles', 'Saint-Jacques', 'Saint-Armel', 'Saint-Sulpice', 'Saint-Grégoire', 'Sainte-Anne', 'Saint-Méen', 'Saint-Didier', 'Saint-Malon'];
const SUFFIXES = ['-sur-Vilaine', '-sur-Ille', '-le-Bois', '-des-Landes', '-de-Bretagne', '-en-Pays', '-la-Forêt', '-le-Vieux', ''];

/** Distinct town names, deterministic for the given stream. */
export function townNames(rng: Rng, count: number): string[] {
  const out: string[] = [];
  const used = new Set<string>();
  for (let guard = 0; out.length < count && guard < 10_000; guard++) {
    const base = rng.chance(0.3) ? rng.pick(SAINTS) : rng.pick(PLACES);
    const name = base + rng.pick(SUFFIXES);
    if (used.has(name)) continue;
    used.add(name);
    out.push(name);
  }
  for (let i = out.length; i < count; i++) out.push(`Hameau ${i + 1}`);
  return out;
}

export function streetName(rng: Rng, kind: 'rue' | 'allee' | 'avenue' | 'boulevard' | 'ruelle' | 'zone'): string {
  switch (kind) {
    case 'avenue':
      return `Avenue ${rng.pick(PEOPLE)}`;
    case 'boulevard':
      return `Boulevard ${rng.pick(PEOPLE)}`;
    case 'ruelle':
      return `${rng.pick(['Rue', 'Venelle', 'Rue', 'Passage'])} ${rng.pick(TRADES)}`;
    case 'allee':
      return `${rng.pick(['Allée', 'Rue', 'Impasse', 'Square'])} ${rng.pick(NATURE)}`;
    case 'zone':
      return `Rue ${rng.pick(['de l’Industrie', 'des Artisans', 'du Commerce', 'de la Rigourdière', 'des Landelles', 'du Bignon', 'de la Haie', 'Denis Papin', 'Édouard Branly', 'Nicolas Appert'])}`;
    default:
      return `Rue ${rng.pick(PEOPLE)}`;
  }
}

export function schoolName(rng: Rng): string {
  return rng.pick(PEOPLE.slice(0, 34)).replace(/^de la /, '');
}
