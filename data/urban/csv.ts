/**
 * CSV tables of urban-model results (one row per building, per zone, per equipment × service), units in the
 * column names. Pure string builders; data/urban/write-node.ts writes them to disk.
 */
import { BUILDING_USES, CONSTRUCTION_PERIODS, EQUIPMENT_KINDS } from '../../engine/territory.ts';
import { DPE_CLASSES } from '../../engine/urban/energy.ts';
import { SERVICES, type UrbanState } from '../../engine/urban/model.ts';
import { DWELLING_CLASSES, VALUE_SOURCES } from '../../engine/urban/people.ts';
import { OUTSIDE_ZONE } from '../../engine/urban/zones.ts';

export const cell = (v: string | number): string =>
  typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '') : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;

/** A number cell (as `cell`). */
const num = (v: number): string => (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '');

const table = (header: string[], rows: (string | number)[][]): string => [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';

export function buildingsCsv(s: UrbanState): string {
  const b = s.buildings;
  const t = s.territory.buildings;
  const zoneName = (z: number): string => (z >= 0 ? s.zones.names[z] : OUTSIDE_ZONE);
  const header = [
    'building', 'source_id', 'zone', 'x_m', 'y_m', 'use', 'period', 'floors', 'footprint_area_m2', 'floor_area_m2', 'residential_floor_area_m2', 'new_floor_area_m2',
    'dwellings', 'dwellings_source', 'inhabitants', 'inhabitants_source', 'household_size', 'jobs', 'children_0_2', 'children_3_5', 'children_6_10',
    ...SERVICES.flatMap((sv) => [`${sv}_need`, `${sv}_allocated`]), 'formal_childcare_need', 'energy_kwh_ep_per_year', 'dpe_class', 'water_m3_per_day',
    'dwelling_class', 'use_assumed',
  ];
  // Rows written directly (11 k buildings × 37 columns on Rodez: the array-of-arrays version took ≈ 0.12 s a run);
  // the same cells as `cell`, strings of the fixed vocabularies escaped once.
  const esc = (list: readonly string[]): string[] => list.map((v) => cell(v));
  const uses = esc(BUILDING_USES);
  const periods = esc(CONSTRUCTION_PERIODS);
  const sources = esc(VALUE_SOURCES);
  const dpe = esc(DPE_CLASSES);
  const classes = esc(DWELLING_CLASSES);
  const zones = s.zones.names.map((z) => cell(z));
  const outside = cell(OUTSIDE_ZONE);
  const needs = SERVICES.map((sv) => [b.need[sv], b.allocated[sv]] as const);
  const lines: string[] = [header.join(',')];
  for (let i = 0; i < b.count; i++) {
    let row = `${i},${cell(b.sourceId[i])},${b.zone[i] >= 0 ? zones[b.zone[i]] : outside},${num(b.x[i])},${num(b.y[i])},${uses[t.use[i]]},${periods[t.period[i]]},${num(t.floors[i])},${num(b.footprintAreaM2[i])},${num(b.floorAreaM2[i])},`;
    row += `${num(b.residentialFloorAreaM2[i])},${num(b.newFloorAreaM2[i])},${num(b.dwellings[i])},${sources[b.dwellingsSource[i]]},${num(b.inhabitants[i])},${sources[b.inhabitantsSource[i]]},`;
    row += `${num(b.householdSize[i])},${num(b.jobs[i])},${num(b.children0to2[i])},${num(b.children3to5[i])},${num(b.children6to10[i])}`;
    for (const [need, allocated] of needs) row += `,${num(need[i])},${num(allocated[i])}`;
    row += `,${num(b.formalChildcareNeed[i])},${num(b.energyKWhPerYear[i])},${b.dpeClass[i] < DPE_CLASSES.length ? dpe[b.dpeClass[i]] : ''},${num(b.waterM3PerDay[i])},${classes[b.dwellingClass[i]]},${num(b.useAssumed[i])}`;
    lines.push(row);
  }
  return lines.join('\n') + '\n';
}

export function zonesCsv(s: UrbanState): string {
  const z = s.zones;
  const header = [
    'zone', 'name', 'buildings', 'floor_area_m2', 'residential_floor_area_m2', 'new_floor_area_m2', 'dwellings', 'inhabitants', 'jobs', 'children_0_2', 'children_3_5', 'children_6_10',
    ...SERVICES.flatMap((sv) => [`${sv}_need`, `${sv}_allocated`, `${sv}_balance`]), 'formal_childcare_need', 'energy_mwh_ep_per_year', 'water_m3_per_day',
    'roof_area_m2', 'sealed_ground_m2', 'impervious_cover_m2', 'impervious_m2', ...z.ageBands.map((a) => `age_${a.id}`),
  ];
  const nb = z.ageBands.length;
  const rows: (string | number)[][] = [];
  for (let k = 0; k < z.count; k++) {
    rows.push([
      k === z.count - 1 ? -1 : k, z.names[k], z.buildings[k], z.floorAreaM2[k], z.residentialFloorAreaM2[k], z.newFloorAreaM2[k], z.dwellings[k], z.inhabitants[k], z.jobs[k],
      z.children0to2[k], z.children3to5[k], z.children6to10[k], ...SERVICES.flatMap((sv) => [z.need[sv][k], z.allocated[sv][k], z.balance[sv][k]]), z.formalChildcareNeed[k],
      z.energyKWhPerYear[k] / 1000, z.waterM3PerDay[k], z.roofAreaM2[k], z.sealedGroundM2[k], z.imperviousCoverM2[k], z.imperviousM2[k],
      ...Array.from(z.ageCounts.subarray(k * nb, (k + 1) * nb)),
    ]);
  }
  return table(header, rows);
}

export function equipmentCsv(s: UrbanState): string {
  const e = s.equipment;
  const q = s.territory.equipment;
  const header = ['equipment', 'source_id', 'name', 'kind', 'service', 'x_m', 'y_m', 'capacity', 'capacity_defaulted', 'potential_demand', 'attributed_demand', 'balance', 'buildings_reached', 'buildings_reached_by_network'];
  const rows: (string | number)[][] = [];
  for (let r = 0; r < e.count; r++) {
    const j = e.equipment[r];
    rows.push([j, q.sourceId[j], q.name[j], EQUIPMENT_KINDS[q.kind[j]], e.service[r], q.xy[2 * j], q.xy[2 * j + 1], e.capacity[r], e.capacityDefaulted[r], e.potentialDemand[r], e.attributedDemand[r], e.balance[r], e.buildingsReached[r], e.buildingsReachedByNetwork[r]]);
  }
  return table(header, rows);
}
