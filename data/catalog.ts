/**
 * Catalog of dataset descriptions: producer, licence, attribution and themes of the sources Jumeau imports.
 * Importers take their `Dataset` records from here so every territory carries the licence of its data.
 */
import type { Dataset, Theme } from '../engine/territory.ts';

export function bdtopoDataset(opts: { id: string; version: 'v2' | 'v3'; layer: string; source: string; date?: string; themes: Theme[] }): Dataset {
  return {
    id: opts.id,
    title: `IGN BD TOPO® ${opts.version === 'v2' ? '2.2' : '3'} — ${opts.layer}`,
    producer: 'IGN (Institut national de l’information géographique et forestière)',
    licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
    attribution: '© IGN – BD TOPO®',
    themes: opts.themes,
    date: opts.date ?? (opts.version === 'v2' ? 'BD TOPO 2.2' : 'BD TOPO 3'),
    sourceCrs: 'EPSG:2154',
    source: opts.source,
    synthetic: false,
  };
}

export function filosofiDataset(opts: { id: string; source: string; year?: string; sourceCrs?: string }): Dataset {
  const year = opts.year ?? '2015';
  return {
    id: opts.id,
    title: `INSEE Filosofi ${year} — données carroyées à 200 m`,
    producer: 'INSEE (Institut national de la statistique et des études économiques)',
    licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
    attribution: `Source : Insee, Filosofi ${year}, données carroyées à 200 m`,
    themes: ['socio-demography'],
    date: year,
    sourceCrs: opts.sourceCrs ?? 'EPSG:2154',
    source: opts.source,
    synthetic: false,
  };
}

export function osmDataset(opts: { id: string; source: string; date?: string; themes: Theme[] }): Dataset {
  return {
    id: opts.id,
    title: 'OpenStreetMap',
    producer: 'OpenStreetMap contributors',
    licence: 'Open Database License (ODbL) 1.0',
    attribution: '© OpenStreetMap contributors',
    themes: opts.themes,
    date: opts.date ?? 'unknown',
    sourceCrs: 'EPSG:4326',
    source: opts.source,
    synthetic: false,
  };
}

export function syntheticDataset(opts: { id: string; title: string; themes: Theme[]; seed: number; size: string }): Dataset {
  return {
    id: opts.id,
    title: `${opts.title} (synthetic)`,
    producer: 'Jumeau sample-territory generator',
    licence: 'CC0 1.0 (generated data)',
    attribution: `Synthetic data — Jumeau sample generator, size ${opts.size}, seed ${opts.seed}`,
    themes: opts.themes,
    date: 'generated',
    sourceCrs: 'EPSG:2154',
    source: `jumeau sample --size ${opts.size} --seed ${opts.seed}`,
    synthetic: true,
  };
}
