/**
 * Urban stage: the scenario's building interventions (densify, change use, add, demolish) translated to the
 * urban model's interventions and run with engine/urban (dwellings, inhabitants, jobs, crèche/school needs
 * against equipment capacity, energy, water, imperviousness), baseline and scenario together.
 */
import type { Territory } from '../../../engine/territory.ts';
import { runUrban, type UrbanResult } from '../../../engine/urban/model.ts';
import type { Intervention as UrbanIntervention } from '../../../engine/urban/interventions.ts';
import type { UrbanTotals } from '../../../engine/urban/zones.ts';
import { defaultUrbanParams, URBAN_PARAMETER_TABLE } from '../../../data/urban/params.ts';
import { buildingsCsv, equipmentCsv, zonesCsv } from '../../../data/urban/csv.ts';
import { resolveParams } from '../../format/params.ts';
import { zoneToLocal, ScenarioError, type Intervention } from '../../format/scenario.ts';
import type { Stage } from '../pipeline.ts';
import type { Indicator } from '../../run/indicators.ts';
import type { UrbanActivity } from '../artefacts.ts';

/** Scenario interventions → urban-model interventions (ids `iv<i>` / `iv<i>.<k>` tie rules to the scenario). */
export function toUrbanInterventions(list: Intervention[], t: Territory): UrbanIntervention[] {
  const out: UrbanIntervention[] = [];
  list.forEach((iv, i) => {
    const id = `iv${i}${iv.label ? ` ${iv.label}` : ''}`;
    if (iv.type === 'densify') {
      const zone = zoneToLocal(iv.zone, t);
      const base = { zone, uses: iv.uses };
      const parts: UrbanIntervention[] = [];
      if (iv.setFloors !== undefined) parts.push({ ...base, id: `${id}.setFloors`, kind: 'set-floors', floors: iv.setFloors });
      if (iv.addFloors !== undefined) parts.push({ ...base, id: `${id}.addFloors`, kind: 'add-floors', floors: iv.addFloors });
      if (iv.setHeightM !== undefined) parts.push({ ...base, id: `${id}.setHeightM`, kind: 'set-height', heightM: iv.setHeightM });
      if (iv.floorAreaRatio !== undefined) parts.push({ ...base, id: `${id}.floorAreaRatio`, kind: 'set-far', far: iv.floorAreaRatio });
      if (iv.groundCoverage !== undefined) parts.push({ ...base, id: `${id}.groundCoverage`, kind: 'set-coverage', coverage: iv.groundCoverage });
      if (!parts.length)
        throw new ScenarioError('scenario', [{ path: `$.interventions[${i}]`, expected: 'one of setFloors, addFloors, setHeightM, floorAreaRatio, groundCoverage', found: 'none' }]);
      out.push(...parts);
    } else if (iv.type === 'change-use') out.push({ id, kind: 'change-use', zone: zoneToLocal(iv.zone, t), uses: iv.from, use: iv.to });
    else if (iv.type === 'demolish') out.push({ id, kind: 'demolish', zone: zoneToLocal(iv.zone, t), uses: iv.uses });
    else if (iv.type === 'add-buildings')
      iv.buildings.forEach((b, k) => out.push({ id: `${id}.${k}`, kind: 'add-building', footprint: zoneToLocal(b.footprint, t), floors: b.floors, use: b.use, heightM: b.heightM }));
  });
  return out;
}

/** Indicators of the urban model (territory-wide and per zone) with units and provenance. */
const TOTALS: Array<[keyof UrbanTotals, string, string]> = [
  ['inhabitants', 'Inhabitants', 'inhabitants'],
  ['dwellings', 'Dwellings', 'dwellings'],
  ['jobs', 'Jobs', 'jobs'],
  ['floorAreaM2', 'Floor area', 'm²'],
  ['newFloorAreaM2', 'New floor area', 'm²'],
  ['crechePlacesNeeded', 'Crèche places needed', 'places'],
  ['crecheBalance', 'Crèche places: capacity − need', 'places'],
  ['preschoolSeatsNeeded', 'Pre-school seats needed', 'seats'],
  ['preschoolBalance', 'Pre-school seats: capacity − need', 'seats'],
  ['primarySeatsNeeded', 'Primary seats needed', 'seats'],
  ['primaryBalance', 'Primary seats: capacity − need', 'seats'],
  ['energyMWhPerYear', 'Energy demand (primary)', 'MWh/yr'],
  ['waterM3PerDay', 'Water demand', 'm³/day'],
  ['imperviousM2', 'Impervious area', 'm²'],
];

export const urbanStage: Stage = {
  id: 'urban',
  version: 3,
  inputs: ['territory', 'interventions'],
  outputs: ['territory.buildings-after', 'urban.activity', 'indicators.urban', 'files.urban'],
  run: ({ inputs, params }) => {
    const t = inputs.territory as Territory;
    const interventions = toUrbanInterventions(inputs.interventions as Intervention[], t);
    const values = resolveParams(URBAN_PARAMETER_TABLE, params);
    const r: UrbanResult = runUrban(t, { params: defaultUrbanParams(values as never), interventions });
    const state = r.scenario ?? r.baseline;
    const provenance = { model: 'engine/urban (see engine/urban/README.md)', datasets: t.datasets.map((d) => d.id), parameters: values };
    const indicators: Indicator[] = TOTALS.map(([k, label, unit]) => ({ id: `urban.${k}`, label, unit, value: state.totals[k], provenance }));
    const z = state.zones;
    for (let i = 0; i < z.count; i++) {
      indicators.push({ id: 'urban.inhabitants', label: 'Inhabitants', unit: 'inhabitants', zone: z.names[i], value: z.inhabitants[i], provenance });
      indicators.push({ id: 'urban.dwellings', label: 'Dwellings', unit: 'dwellings', zone: z.names[i], value: z.dwellings[i], provenance });
      indicators.push({ id: 'urban.crecheBalance', label: 'Crèche places: capacity − need', unit: 'places', zone: z.names[i], value: z.balance.creche[i], provenance });
      indicators.push({ id: 'urban.primaryBalance', label: 'Primary seats: capacity − need', unit: 'seats', zone: z.names[i], value: z.balance.primary[i], provenance });
    }
    const b = state.buildings;
    const activity: UrbanActivity = { count: b.count, inhabitants: b.inhabitants, jobs: b.jobs, energyKWhPerYear: b.energyKWhPerYear, x: b.x, y: b.y };
    return {
      'territory.buildings-after': state.territory,
      'urban.activity': activity,
      'indicators.urban': indicators,
      'files.urban': { 'buildings.csv': buildingsCsv(state), 'zones.csv': zonesCsv(state), 'equipment.csv': equipmentCsv(state) },
    };
  },
};
