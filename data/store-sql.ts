/**
 * SQL views of a territory store: one CSV per table with decoded enums and provenance rule ids, read by
 * DuckDB in Node (@duckdb/node-api) and in the browser (duckdb-wasm) with `read_csv` — no extension needed,
 * which matters offline (see ../shared/TOOLCHAIN.md). Columns are documented in ARCHITECTURE.md § Store.
 */
import {
  BUILDING_USES,
  CONSTRUCTION_PERIODS,
  EQUIPMENT_KINDS,
  LAND_COVERS,
  ROAD_CLASSES,
  RULE_MISSING,
  featureArea,
  featureCentroid,
  type Territory,
} from '../engine/territory.ts';
import { FrameTransform } from './frame.ts';
import type { StoreIO } from './store.ts';

const enc = new TextEncoder();

function csvField(v: string | number | boolean): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

class Csv {
  private readonly parts: string[] = [];
  rows = 0;
  constructor(header: string[]) {
    this.parts.push(header.join(','));
  }
  row(values: Array<string | number | boolean>): void {
    this.parts.push(values.map(csvField).join(','));
    this.rows++;
  }
  bytes(): Uint8Array {
    return enc.encode(this.parts.join('\n') + '\n');
  }
}

const round = (x: number, digits: number): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : NaN);

export async function writeSqlViews(io: StoreIO, t: Territory): Promise<Record<string, { file: string; rows: number; sha256: string }>> {
  const ruleId = (r: number): string => (r === RULE_MISSING ? 'missing' : t.rules[r]?.id ?? `rule-${r}`);
  const ds = (i: number): string => t.datasets[i]?.id ?? '';
  const tr = new FrameTransform(t.frame);
  const c = [0, 0];
  const out: Record<string, { file: string; rows: number; sha256: string }> = {};
  const emit = async (name: string, csv: Csv): Promise<void> => {
    const bytes = csv.bytes();
    const file = `sql/${name}.csv`;
    await io.write(file, bytes);
    out[name] = { file, rows: csv.rows, sha256: await io.sha256(bytes) };
  };

  const b = t.buildings;
  const bc = new Csv(['idx', 'source_id', 'dataset', 'use', 'use_rule', 'height_m', 'height_rule', 'floors', 'floors_rule', 'period', 'period_rule', 'dwellings', 'dwellings_rule', 'inhabitants', 'inhabitants_rule', 'footprint_area_m2', 'ground_z_m', 'x', 'y', 'lon', 'lat']);
  for (let i = 0; i < b.count; i++) {
    featureCentroid(b.footprint, i, c);
    const [lon, lat] = tr.localToLonLat(c[0], c[1]);
    bc.row([i, b.sourceId[i], ds(b.dataset[i]), BUILDING_USES[b.use[i]], ruleId(b.useRule[i]), round(b.heightM[i], 2), ruleId(b.heightRule[i]), b.floors[i], ruleId(b.floorsRule[i]), CONSTRUCTION_PERIODS[b.period[i]], ruleId(b.periodRule[i]), round(b.dwellings[i], 3), ruleId(b.dwellingsRule[i]), round(b.inhabitants[i], 3), ruleId(b.inhabitantsRule[i]), round(b.footprintAreaM2[i], 2), round(b.groundZM[i], 2), round(c[0], 2), round(c[1], 2), round(lon, 7), round(lat, 7)]);
  }
  await emit('buildings', bc);

  const r = t.roads;
  const lc = new Csv(['idx', 'from_node', 'to_node', 'segment', 'source_id', 'name', 'class', 'length_m', 'lanes', 'lanes_rule', 'capacity_veh_h', 'free_speed_kmh', 'speed_rule', 'reversed']);
  for (let i = 0; i < r.linkCount; i++) {
    const s = r.linkSegment[i];
    lc.row([i, r.linkFrom[i], r.linkTo[i], s, r.segmentSourceId[s], r.segmentName[s], ROAD_CLASSES[r.roadClass[i]], round(r.lengthM[i], 2), r.lanes[i], ruleId(r.lanesRule[i]), r.capacityVehH[i], r.freeSpeedKmh[i], ruleId(r.speedRule[i]), r.linkReversed[i] === 1]);
  }
  await emit('road_links', lc);
  const nc = new Csv(['idx', 'x', 'y']);
  for (let i = 0; i < r.nodeCount; i++) nc.row([i, round(r.nodeXY[2 * i], 2), round(r.nodeXY[2 * i + 1], 2)]);
  await emit('road_nodes', nc);

  const p = t.population;
  const pc = new Csv(['idx', 'source_id', 'dataset', 'inhabitants', 'households', ...p.ageBands.map((a) => a.id), 'area_m2', 'x', 'y']);
  const nb = p.ageBands.length;
  for (let i = 0; i < p.count; i++) {
    featureCentroid(p.geometry, i, c);
    const ages = Array.from(p.ageCounts.subarray(i * nb, i * nb + nb), (v) => round(v, 3));
    pc.row([i, p.sourceId[i], ds(p.dataset[i]), round(p.inhabitants[i], 3), round(p.households[i], 3), ...ages, round(featureArea(p.geometry, i), 1), round(c[0], 2), round(c[1], 2)]);
  }
  await emit('population', pc);

  const l = t.landCover;
  const lcc = new Csv(['idx', 'source_id', 'dataset', 'cover', 'detail', 'area_m2']);
  for (let i = 0; i < l.count; i++) lcc.row([i, l.sourceId[i], ds(l.dataset[i]), LAND_COVERS[l.cover[i]], l.detail[i], round(featureArea(l.geometry, i), 1)]);
  await emit('land_cover', lcc);

  const e = t.equipment;
  const ec = new Csv(['idx', 'source_id', 'dataset', 'kind', 'name', 'capacity', 'capacity_rule', 'x', 'y']);
  for (let i = 0; i < e.count; i++) ec.row([i, e.sourceId[i], ds(e.dataset[i]), EQUIPMENT_KINDS[e.kind[i]], e.name[i], e.capacity[i], ruleId(e.capacityRule[i]), round(e.xy[2 * i], 2), round(e.xy[2 * i + 1], 2)]);
  await emit('equipment', ec);

  const dc = new Csv(['idx', 'id', 'title', 'producer', 'licence', 'attribution', 'themes', 'date', 'source_crs', 'source', 'synthetic']);
  t.datasets.forEach((d, i) => dc.row([i, d.id, d.title, d.producer, d.licence, d.attribution, d.themes.join(';'), d.date, d.sourceCrs, d.source, d.synthetic]));
  await emit('datasets', dc);

  const rc = new Csv(['code', 'id', 'description']);
  t.rules.forEach((ru, i) => rc.row([i, ru.id, ru.description]));
  await emit('rules', rc);
  return out;
}
