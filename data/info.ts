/** Summary of a territory, as printed by `jumeau data info` (the `--json` shape is documented in the README). */
import { BUILDING_USES, EQUIPMENT_KINDS, LAND_COVERS, RULE_MEASURED, bboxOfXY, type Territory } from '../engine/territory.ts';
import { localBboxToWgs84 } from './frame.ts';
import type { TerritoryManifest } from './store.ts';

export interface TerritoryInfo {
  name: string;
  synthetic: boolean;
  crs: string;
  frame: { planeCrs: string; originX: number; originY: number; originLon: number; originLat: number };
  bboxLocal: [number, number, number, number];
  bboxWgs84: [number, number, number, number];
  buildings: number;
  buildingsWithMeasuredHeight: number;
  buildingsByUse: Record<string, number>;
  imputedShare: Record<string, number>;
  roadSegments: number;
  roadLinks: number;
  roadNodes: number;
  populationCells: number;
  inhabitants: number;
  households: number;
  inhabitantsInBuildings: number;
  dwellings: number;
  landCover: Record<string, number>;
  equipment: Record<string, number>;
  datasets: Array<{ id: string; title: string; producer: string; licence: string; attribution: string; themes: string[]; date: string; synthetic: boolean }>;
  importComplete: boolean;
}

function unionBbox(...boxes: Array<[number, number, number, number]>): [number, number, number, number] {
  const ok = boxes.filter((b) => Number.isFinite(b[0]));
  if (!ok.length) return [NaN, NaN, NaN, NaN];
  return [Math.min(...ok.map((b) => b[0])), Math.min(...ok.map((b) => b[1])), Math.max(...ok.map((b) => b[2])), Math.max(...ok.map((b) => b[3]))];
}

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) s += a[i];
  return s;
};

export function territoryInfo(t: Territory, manifest?: TerritoryManifest): TerritoryInfo {
  const b = t.buildings;
  let measured = 0;
  const byUse: Record<string, number> = {};
  const imputed = { height: 0, floors: 0, dwellings: 0, inhabitants: 0 };
  for (let i = 0; i < b.count; i++) {
    if (b.heightRule[i] === RULE_MEASURED) measured++;
    else imputed.height++;
    if (b.floorsRule[i] !== RULE_MEASURED) imputed.floors++;
    if (b.dwellingsRule[i] !== RULE_MEASURED) imputed.dwellings++;
    if (b.inhabitantsRule[i] !== RULE_MEASURED) imputed.inhabitants++;
    const u = BUILDING_USES[b.use[i]];
    byUse[u] = (byUse[u] ?? 0) + 1;
  }
  const share = (n: number): number => (b.count ? Number((n / b.count).toFixed(4)) : 0);
  const bboxLocal = unionBbox(bboxOfXY(b.footprint.xy), bboxOfXY(t.roads.nodeXY), bboxOfXY(t.population.geometry.xy));
  const count = <T extends readonly string[]>(names: T, codes: Uint8Array): Record<string, number> => {
    const o: Record<string, number> = {};
    for (const c of codes) o[names[c]] = (o[names[c]] ?? 0) + 1;
    return o;
  };
  const cells = t.population.count;
  const r = (x: number, d = 3): number => Number(x.toFixed(d));
  return {
    name: t.name,
    synthetic: t.synthetic,
    crs: t.frame.sourceCrs,
    frame: { planeCrs: t.frame.planeCrs, originX: t.frame.originX, originY: t.frame.originY, originLon: t.frame.originLon, originLat: t.frame.originLat },
    bboxLocal: bboxLocal.map((x) => r(x, 2)) as [number, number, number, number],
    bboxWgs84: localBboxToWgs84(t.frame, bboxLocal).map((x) => r(x, 7)) as [number, number, number, number],
    buildings: b.count,
    buildingsWithMeasuredHeight: measured,
    buildingsByUse: byUse,
    imputedShare: { height: share(imputed.height), floors: share(imputed.floors), dwellings: share(imputed.dwellings), inhabitants: share(imputed.inhabitants) },
    roadSegments: t.roads.segmentCount,
    roadLinks: t.roads.linkCount,
    roadNodes: t.roads.nodeCount,
    populationCells: cells,
    // Official totals come from the population layer when there is one; otherwise from the buildings.
    inhabitants: r(cells ? sum(t.population.inhabitants) : sum(b.inhabitants)),
    households: r(cells ? sum(t.population.households) : sum(b.dwellings)),
    inhabitantsInBuildings: r(sum(b.inhabitants)),
    dwellings: r(sum(b.dwellings)),
    landCover: count(LAND_COVERS, t.landCover.cover),
    equipment: count(EQUIPMENT_KINDS, t.equipment.kind),
    datasets: t.datasets.map((d) => ({ id: d.id, title: d.title, producer: d.producer, licence: d.licence, attribution: d.attribution, themes: d.themes, date: d.date, synthetic: d.synthetic })),
    importComplete: manifest ? manifest.imports.every((i) => i.report.complete) : true,
  };
}

export function formatInfo(i: TerritoryInfo): string {
  const f = (n: number): string => Math.round(n).toLocaleString('en-US');
  const lines = [
    `${i.name}${i.synthetic ? '  [SYNTHETIC — generated data, not a real place]' : ''}${i.importComplete ? '' : '  [INCOMPLETE import: see the report]'}`,
    `  source CRS ${i.crs}; local frame origin ${i.frame.originLon.toFixed(6)}, ${i.frame.originLat.toFixed(6)} (lon, lat)`,
    `  extent (WGS84) ${i.bboxWgs84.map((x) => x.toFixed(5)).join(', ')}`,
    `  buildings     ${f(i.buildings)} (${f(i.buildingsWithMeasuredHeight)} with measured height); by use: ${Object.entries(i.buildingsByUse).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`,
    `  roads         ${f(i.roadSegments)} segments → ${f(i.roadLinks)} directed links, ${f(i.roadNodes)} nodes`,
    `  population    ${f(i.populationCells)} cells, ${f(i.inhabitants)} inhabitants, ${f(i.households)} households`,
    `  in buildings  ${f(i.dwellings)} dwellings, ${f(i.inhabitantsInBuildings)} inhabitants`,
    `  land cover    ${Object.entries(i.landCover).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    `  equipment     ${Object.entries(i.equipment).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
    '  datasets:',
    ...i.datasets.map((d) => `    ${d.id}: ${d.title} — ${d.licence} — "${d.attribution}"`),
  ];
  return lines.join('\n');
}
