import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDING_USES, EQUIPMENT_KINDS, RULE_MEASURED, type Territory } from '../../engine/territory.ts';
import type { ImportReportData } from '../report.ts';
import { importBdtopo } from './bdtopo.ts';

// Real data: ../shared/data next to the repository (see its README); suites skip when it is absent.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.resolve(ROOT, '../shared/data');
const RODEZ = path.join(DATA, 'rodez/bdtopo-v2');
const OLEMPS = path.join(DATA, 'olemps/bdtopo-v3');
const hasRodez = existsSync(RODEZ);
const hasOlemps = existsSync(OLEMPS);
if (!hasRodez) console.warn(`skipping the Rodez BD TOPO v2 tests: ${RODEZ} not found (real data folder absent)`);
if (!hasOlemps) console.warn(`skipping the Olemps BD TOPO v3 tests: ${OLEMPS} not found (real data folder absent)`);

/**
 * Minimal dBase reader written for these tests, independent of data/formats/dbf.ts: returns each record as
 * field → trimmed text (UTF-8, as the files of ../shared/data are).
 */
function readDbfRows(file: string): Record<string, string>[] {
  const b = readFileSync(file);
  const n = b.readUInt32LE(4);
  const headerLen = b.readUInt16LE(8);
  const recLen = b.readUInt16LE(10);
  const fields: Array<{ name: string; len: number }> = [];
  for (let p = 32; b[p] !== 0x0d; p += 32) fields.push({ name: b.toString('latin1', p, p + 11).replace(/\0.*$/s, ''), len: b[p + 16] });
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    let o = headerLen + i * recLen + 1;
    const row: Record<string, string> = {};
    for (const f of fields) {
      row[f.name.toLowerCase()] = b.toString('utf8', o, o + f.len).trim();
      o += f.len;
    }
    rows.push(row);
  }
  return rows;
}

/** Record bounding boxes [minX, minY, maxX, maxY] of a .shp, read from the record headers. */
function shpRecordBoxes(file: string): number[][] {
  const b = readFileSync(file);
  const boxes: number[][] = [];
  for (let o = 100; o + 8 <= b.length; o += 8 + 2 * b.readInt32BE(o + 4)) {
    const c = o + 8;
    boxes.push([b.readDoubleLE(c + 4), b.readDoubleLE(c + 12), b.readDoubleLE(c + 20), b.readDoubleLE(c + 28)]);
  }
  return boxes;
}

const layerOf = (r: ImportReportData, name: string) => r.layers.find((l) => l.layer === name)!;

describe.skipIf(!hasRodez)('BD TOPO v2 — Rodez (real data)', () => {
  let t: Territory;
  let report: ImportReportData;
  beforeAll(async () => {
    ({ territory: t, report } = await importBdtopo(RODEZ));
  });

  it('reads every record of every layer (counts of ../shared/data/README.md)', () => {
    expect(layerOf(report, 'BATI_INDIFFERENCIE').read).toBe(10481);
    expect(layerOf(report, 'BATI_INDUSTRIEL').read).toBe(655);
    expect(layerOf(report, 'BATI_REMARQUABLE').read).toBe(66);
    expect(layerOf(report, 'ROUTE').read).toBe(4981);
    expect(layerOf(report, 'population').read).toBe(457);
    for (const l of report.layers) expect(l.kept + l.dropped).toBe(l.read);
    expect(t.buildings.count).toBe(report.layers.filter((l) => l.layer.startsWith('BATI_')).reduce((a, l) => a + l.kept, 0));
    expect(t.buildings.count).toBeGreaterThan(11100);
    expect(t.roads.segmentCount).toBe(4981);
    expect(t.population.count).toBe(457);
    expect(report.complete).toBe(true);
  });

  it('keeps the Filosofi population total (29 736 inhabitants) and its age bands', () => {
    const total = t.population.inhabitants.reduce((a, v) => a + v, 0);
    expect(Math.abs(total - 29736)).toBeLessThanOrEqual(0.5);
    expect(t.population.ageBands.map((b) => b.id)).toEqual(['ind_0_3', 'ind_4_5', 'ind_6_10', 'ind_11_17', 'ind_18_24', 'ind_25_39', 'ind_40_54', 'ind_55_64', 'ind_65_79', 'ind_80p']);
    expect(t.population.ageBands[0]).toEqual({ id: 'ind_0_3', minAge: 0, maxAge: 3 });
    expect(t.population.ageBands[9]).toEqual({ id: 'ind_80p', minAge: 80, maxAge: Infinity });
    expect(t.datasets.find((d) => d.id === 'filosofi-2015-population')?.attribution).toContain('Filosofi');
  });

  it('measured heights are exactly the records with hauteur > 0, the rest imputed without a drop', () => {
    const rows = ['BATI_INDIFFERENCIE', 'BATI_INDUSTRIEL', 'BATI_REMARQUABLE'].flatMap((n) => readDbfRows(path.join(RODEZ, `${n}.dbf`)));
    const withHeight = rows.filter((r) => Number(r.hauteur) > 0).length;
    let measured = 0;
    for (let i = 0; i < t.buildings.count; i++) if (t.buildings.heightRule[i] === RULE_MEASURED) measured++;
    expect(measured).toBe(withHeight);
    expect(rows.length - withHeight).toBeGreaterThan(900); // ~10 % without height (README)
    expect(Array.from(t.buildings.heightM).every((h) => Number.isFinite(h) && h > 0)).toBe(true);
    // Ground altitude = gutter altitude z_min − height where both are known.
    const row = rows.find((r) => Number(r.hauteur) > 0 && Number(r.z_min) < 9999)!;
    const k = t.buildings.sourceId.indexOf(row.id);
    expect(t.buildings.groundZM[k]).toBeCloseTo(Number(row.z_min) - Number(row.hauteur), 3);
  });

  it('maps uses: commercial buildings → activity, bâti indifférencié → residential or annex with its rule', () => {
    const commercial = readDbfRows(path.join(RODEZ, 'BATI_INDUSTRIEL.dbf')).filter((r) => r.nature === 'Bâtiment commercial').length;
    const activity = Array.from(t.buildings.use).filter((u) => BUILDING_USES[u] === 'activity').length;
    expect(commercial).toBeGreaterThan(0);
    expect(activity).toBe(commercial);
    const ruleRes = t.rules.findIndex((r) => r.id === 'use.bdtopo-v2-indifferencie-residential');
    const ruleAnnex = t.rules.findIndex((r) => r.id === 'use.small-footprint-annex');
    let res = 0;
    let annex = 0;
    for (let i = 0; i < t.buildings.count; i++) {
      if (t.buildings.useRule[i] === ruleRes) res++;
      if (t.buildings.useRule[i] === ruleAnnex) {
        annex++;
        expect(t.buildings.footprintAreaM2[i]).toBeLessThan(20);
      }
    }
    expect(res + annex).toBe(10481);
    expect(annex).toBeGreaterThan(0);
  });

  it('one-way links: Direct → one link along the digitising direction, Inverse → one reversed, Double → two', () => {
    const sens = new Map(readDbfRows(path.join(RODEZ, 'ROUTE.dbf')).map((r) => [r.id, r.sens]));
    const r = t.roads;
    const links: number[][] = Array.from({ length: r.segmentCount }, () => []);
    for (let k = 0; k < r.linkCount; k++) links[r.linkSegment[k]].push(k);
    const seen: Record<string, number> = {};
    const near = (node: number, v: number): boolean => {
      const g = r.segmentGeometry;
      return Math.hypot(r.nodeXY[2 * node] - g.xy[2 * v], r.nodeXY[2 * node + 1] - g.xy[2 * v + 1]) < 0.01;
    };
    for (let s = 0; s < r.segmentCount; s++) {
      const v = sens.get(r.segmentSourceId[s])!;
      seen[v] = (seen[v] ?? 0) + 1;
      const first = r.segmentGeometry.lineVertexStart[s];
      const last = r.segmentGeometry.lineVertexStart[s + 1] - 1;
      const l = links[s];
      if (v === 'Direct' || v === 'Inverse') {
        expect(l).toHaveLength(1);
        expect(r.linkReversed[l[0]]).toBe(v === 'Inverse' ? 1 : 0);
        expect(near(r.linkFrom[l[0]], v === 'Direct' ? first : last)).toBe(true);
        expect(near(r.linkTo[l[0]], v === 'Direct' ? last : first)).toBe(true);
      } else {
        expect(l).toHaveLength(2);
        expect(l.map((k) => r.linkReversed[k]).sort()).toEqual([0, 1]);
      }
    }
    expect(seen.Direct).toBeGreaterThan(0);
    expect(seen.Inverse).toBeGreaterThan(0);
    expect(seen.Double).toBeGreaterThan(0);
    expect(r.linkCount).toBe(2 * r.segmentCount - seen.Direct - seen.Inverse);
  });

  it('records one dataset per layer, in a Lambert-93 frame centred on the buildings', () => {
    expect(t.datasets.map((d) => d.id)).toEqual(['bdtopo-v2-bati-indifferencie', 'bdtopo-v2-bati-industriel', 'bdtopo-v2-bati-remarquable', 'bdtopo-v2-route', 'filosofi-2015-population']);
    expect(t.datasets[0]).toMatchObject({ attribution: '© IGN – BD TOPO®', sourceCrs: 'EPSG:2154', synthetic: false });
    const boxes = ['BATI_INDIFFERENCIE', 'BATI_INDUSTRIEL', 'BATI_REMARQUABLE'].flatMap((n) => shpRecordBoxes(path.join(RODEZ, `${n}.shp`)));
    const cx = (Math.min(...boxes.map((b) => b[0])) + Math.max(...boxes.map((b) => b[2]))) / 2;
    const cy = (Math.min(...boxes.map((b) => b[1])) + Math.max(...boxes.map((b) => b[3]))) / 2;
    expect(t.frame).toMatchObject({ sourceCrs: 'EPSG:2154', planeCrs: 'EPSG:2154', originX: Math.round(cx), originY: Math.round(cy) });
    expect(t.frame.originLat).toBeCloseTo(44.35, 1);
    expect(t.name).toBe('rodez');
  });

  it('clips on the record bounding-box centre and reports the others as outside the window', async () => {
    const clip: [number, number, number, number] = [665100, 6360500, 667100, 6362500];
    const { territory, report: rep } = await importBdtopo(RODEZ, { clip });
    const inside = (n: string) =>
      shpRecordBoxes(path.join(RODEZ, `${n}.shp`)).filter((b) => {
        const x = (b[0] + b[2]) / 2;
        const y = (b[1] + b[3]) / 2;
        return x >= clip[0] && x <= clip[2] && y >= clip[1] && y <= clip[3];
      }).length;
    expect(territory.roads.segmentCount).toBe(inside('ROUTE'));
    expect(territory.population.count).toBe(inside('population'));
    const route = layerOf(rep, 'ROUTE');
    expect(route.read).toBe(4981);
    expect(route.dropReasons['outside clip window']).toBe(4981 - inside('ROUTE'));
    expect(territory.frame.originX).toBe(666100);
    expect(territory.frame.originY).toBe(6361500);
  });
});

describe.skipIf(!hasOlemps)('BD TOPO v3 — Olemps (real data)', () => {
  let t: Territory;
  let report: ImportReportData;
  beforeAll(async () => {
    ({ territory: t, report } = await importBdtopo(OLEMPS));
  });

  it('reads the 2 273 buildings and notes the absent road layer', () => {
    expect(layerOf(report, 'BATIMENT').read).toBe(2273);
    expect(t.buildings.count).toBe(layerOf(report, 'BATIMENT').kept);
    expect(t.buildings.count).toBe(2273);
    expect(t.roads.segmentCount).toBe(0);
    expect(report.notes.some((n) => n.includes('TRONCON_DE_ROUTE'))).toBe(true);
  });

  it('uses NB_LOGTS as measured dwellings (same sum as the DBF) and LEGER / USAGE2 for uses', () => {
    const rows = readDbfRows(path.join(OLEMPS, 'BATIMENT.dbf'));
    const known = rows.filter((r) => /^\d+$/.test(r.nb_logts));
    const sum = known.reduce((a, r) => a + Number(r.nb_logts), 0);
    let measured = 0;
    let measuredSum = 0;
    for (let i = 0; i < t.buildings.count; i++) {
      if (t.buildings.dwellingsRule[i] !== RULE_MEASURED) continue;
      measured++;
      measuredSum += t.buildings.dwellings[i];
    }
    expect(measured).toBe(known.length);
    expect(measuredSum).toBe(sum);
    const use = (id: string) => BUILDING_USES[t.buildings.use[t.buildings.sourceId.indexOf(id)]];
    const light = rows.filter((r) => r.leger === 'Oui');
    expect(light.length).toBeGreaterThan(0);
    for (const r of light) expect(use(r.id)).toBe('annex');
    const mixed = rows.find((r) => r.usage1 === 'Résidentiel' && r.usage2 === 'Commercial et services' && r.leger === 'Non')!;
    expect(use(mixed.id)).toBe('mixed');
    const floors = rows.find((r) => /^\d+$/.test(r.nb_etages) && r.leger === 'Non')!;
    const k = t.buildings.sourceId.indexOf(floors.id);
    expect([t.buildings.floors[k], t.buildings.floorsRule[k]]).toEqual([Number(floors.nb_etages), RULE_MEASURED]);
  });

  it('imports land cover and equipment, counts matching the records kept', () => {
    const kept = (n: string) => layerOf(report, n).kept;
    expect(t.landCover.count).toBeGreaterThan(0);
    expect(t.landCover.count).toBe(kept('ZONE_DE_VEGETATION') + kept('SURFACE_HYDROGRAPHIQUE') + kept('TERRAIN_DE_SPORT'));
    expect(kept('ZONE_DE_VEGETATION')).toBe(665);
    expect(t.equipment.count).toBeGreaterThan(0);
    expect(t.equipment.count).toBe(kept('ZONE_D_ACTIVITE_OU_D_INTERET'));
    const kindOf = (name: string) => EQUIPMENT_KINDS[t.equipment.kind[t.equipment.name.indexOf(name)]];
    expect(kindOf("Mairie d'Olemps")).toBe('town-hall');
    expect(kindOf('École Maternelle Pierre Loubière')).toBe('preschool');
    expect(kindOf('École Élémentaire Pierre Loubière')).toBe('primary');
    expect(kindOf('Centre Hospitalier Sainte-Marie')).toBe('hospital');
    expect(Array.from(t.equipment.capacity).every(Number.isNaN)).toBe(true);
    const zai = layerOf(report, 'ZONE_D_ACTIVITE_OU_D_INTERET');
    expect(zai.read - zai.kept).toBe(zai.dropReasons['not a public equipment']);
  });
});
