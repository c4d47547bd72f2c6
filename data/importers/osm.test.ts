import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILDING_USES, EQUIPMENT_KINDS, ROAD_CLASSES, type RoadNetwork } from '../../engine/territory.ts';
import { describeIssue } from '../report.ts';
import { parseNetworkNote } from '../network/noding.ts';
import { importOsm } from './osm.ts';
import { osmBuildingUse, osmDirection, osmEquipmentKind, osmRoadClass, parseOsmLength, parseOsmLevels, parseOsmMaxspeed } from './osm-tags.ts';
import { parseOsmXml } from './osm-xml.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rennes = path.resolve(repoRoot, '../shared/data/rennes/osm-streets-2013.geojson');
const tmp = mkdtempSync(path.join(tmpdir(), 'jumeau-osm-'));
const write = (name: string, text: string): string => {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
};

describe('OSM tag values', () => {
  it('lengths: metres, units, feet and inches, decimal comma', () => {
    expect(parseOsmLength('12')).toEqual({ value: 12 });
    expect(parseOsmLength('12 m').value).toBe(12);
    expect(parseOsmLength('12.5m').value).toBe(12.5);
    expect(parseOsmLength("40'").value).toBeCloseTo(12.192, 9); // 40 × 0.3048
    expect(parseOsmLength('12\'6"').value).toBeCloseTo(3.81, 9); // 12 × 0.3048 + 6 × 0.0254
    const comma = parseOsmLength('12,5');
    expect(comma.value).toBe(12.5);
    expect(comma.problem).toMatch(/decimal comma/);
    for (const bad of ['abc', '-3', '0', '12 storeys']) expect(parseOsmLength(bad)).toMatchObject({ value: null, problem: expect.any(String) });
    expect(parseOsmLevels('3')).toEqual({ value: 3 });
    expect(parseOsmLevels('2.5')).toMatchObject({ value: 3, problem: expect.stringContaining('rounded') });
    expect(parseOsmLevels('0').value).toBeNull();
  });

  it('maxspeed: numbers, mph, French implicit values, walk', () => {
    expect(parseOsmMaxspeed('50').value).toBe(50);
    expect(parseOsmMaxspeed('30 mph').value).toBeCloseTo(48.28032, 5);
    expect(parseOsmMaxspeed('FR:urban').value).toBe(50);
    expect(parseOsmMaxspeed('FR:rural').value).toBe(80);
    expect(parseOsmMaxspeed('FR:zone30').value).toBe(30);
    expect(parseOsmMaxspeed('walk').value).toBe(5);
    expect(parseOsmMaxspeed('none')).toEqual({ value: null });
    expect(parseOsmMaxspeed('fast')).toMatchObject({ value: null, problem: expect.stringContaining('fast') });
  });

  it('oneway and implied one-way roads', () => {
    expect(osmDirection({ highway: 'residential', oneway: 'yes' }).value).toBe('forward');
    expect(osmDirection({ highway: 'residential', oneway: '1' }).value).toBe('forward');
    expect(osmDirection({ highway: 'residential', oneway: '-1' }).value).toBe('backward');
    expect(osmDirection({ highway: 'residential', oneway: 'no' }).value).toBe('both');
    expect(osmDirection({ highway: 'residential' }).value).toBe('both');
    expect(osmDirection({ highway: 'motorway' })).toMatchObject({ value: 'forward', implied: true });
    expect(osmDirection({ highway: 'primary', junction: 'roundabout' })).toMatchObject({ value: 'forward', implied: true });
    expect(osmDirection({ highway: 'motorway', oneway: 'no' }).value).toBe('both');
    expect(osmDirection({ highway: 'residential', oneway: 'maybe' })).toMatchObject({ value: 'both', problem: expect.stringContaining('maybe') });
  });

  it('classes: highway, building, amenity', () => {
    expect(['motorway_link', 'trunk_link', 'primary', 'living_street', 'service', 'steps', 'road'].map(osmRoadClass)).toEqual(['motorway', 'trunk', 'primary', 'residential', 'service', 'pedestrian', 'unknown']);
    expect(osmRoadClass('construction')).toBeNull();
    const use = (tags: Record<string, string>) => osmBuildingUse(tags)?.use;
    expect([use({ building: 'apartments' }), use({ building: 'office' }), use({ building: 'warehouse' }), use({ building: 'church' }), use({ building: 'carport' }), use({ building: 'yes' })]).toEqual(['residential', 'activity', 'industrial', 'public', 'annex', 'unknown']);
    expect(osmBuildingUse({ building: 'yes', amenity: 'school' })).toEqual({ use: 'public', refined: true });
    expect(osmBuildingUse({ building: 'spaceship' })).toBeNull();
    expect(osmEquipmentKind({ amenity: 'school', 'school:FR': 'maternelle' })).toBe('preschool');
    expect(osmEquipmentKind({ amenity: 'school', 'school:FR': 'collège' })).toBe('college');
    expect(osmEquipmentKind({ amenity: 'college' })).toBe('higher-education');
    expect(osmEquipmentKind({ amenity: 'restaurant' })).toBeNull();
  });
});

/** Links of the segments whose source id starts with `id`. */
function linksOf(r: RoadNetwork, id: string): Array<{ reversed: number }> {
  const out = [];
  for (let k = 0; k < r.linkCount; k++) if (r.segmentSourceId[r.linkSegment[k]].startsWith(id)) out.push({ reversed: r.linkReversed[k] });
  return out;
}

describe('OSM GeoJSON import (synthetic)', () => {
  // Three parallel ways 100 m apart (no shared node), tags flat or nested (osmtogeojson style).
  const line = (lat: number) => [[-1.68, lat], [-1.679, lat]];
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 'way/1', properties: { highway: 'residential', oneway: 'yes', maxspeed: '30' }, geometry: { type: 'LineString', coordinates: line(48.11) } },
      { type: 'Feature', properties: { '@id': 'way/2', highway: 'residential', oneway: '-1', lanes: 'two' }, geometry: { type: 'LineString', coordinates: line(48.111) } },
      { type: 'Feature', properties: { type: 'way', id: 3, tags: { highway: 'tertiary', name: 'Rue Test' } }, geometry: { type: 'LineString', coordinates: line(48.112) } },
      { type: 'Feature', id: 'way/4', properties: { building: 'house', height: 'tall', 'building:levels': '2' }, geometry: { type: 'Polygon', coordinates: [[[-1.6801, 48.1101], [-1.6800, 48.1101], [-1.6800, 48.1102], [-1.6801, 48.1101]]] } },
      { type: 'Feature', id: 'node/5', properties: { amenity: 'school', 'school:FR': 'élémentaire', capacity: '240', name: 'École Test' }, geometry: { type: 'Point', coordinates: [-1.6795, 48.1105] } },
      { type: 'Feature', id: 'node/6', properties: { highway: 'crossing' }, geometry: { type: 'Point', coordinates: [-1.6795, 48.1106] } },
      { type: 'Feature', id: 'way/7', properties: { highway: 'service' }, geometry: null },
    ],
  };
  const file = write('synthetic-osm.geojson', JSON.stringify(fc));

  it('oneway=yes gives 1 forward link, -1 one reversed link, no tag 2 links', async () => {
    const { territory } = await importOsm(file);
    const r = territory.roads;
    expect(linksOf(r, 'way/1')).toEqual([{ reversed: 0 }]);
    expect(linksOf(r, 'way/2')).toEqual([{ reversed: 1 }]);
    expect(linksOf(r, 'way/3')).toEqual([{ reversed: 0 }, { reversed: 1 }]);
    const s3 = r.segmentSourceId.indexOf('way/3');
    expect(r.segmentName[s3]).toBe('Rue Test');
    expect(ROAD_CLASSES[r.roadClass[r.linkSegment.indexOf(s3)]]).toBe('tertiary');
    const l1 = r.linkSegment.indexOf(r.segmentSourceId.indexOf('way/1'));
    expect([r.freeSpeedKmh[l1], r.speedRule[l1]]).toEqual([30, 0]);
  });

  it('reports malformed tags naming the feature and field, and points without supported tags', async () => {
    const { territory, report } = await importOsm(file);
    const lanes = report.issues.find((i) => i.field === 'lanes');
    expect(lanes).toMatchObject({ severity: 'repair', featureId: 'way/2', feature: 1 });
    expect(describeIssue(lanes!)).toContain('synthetic-osm.geojson, feature 1 (way/2), field lanes');
    expect(report.issues.find((i) => i.field === 'height')).toMatchObject({ severity: 'repair', featureId: 'way/4', message: expect.stringContaining('tall') });
    const other = report.layers.find((l) => l.layer === 'other')!;
    expect(other.dropReasons).toEqual({ 'point without supported tags': 1, 'no geometry': 1 });
    // The building is kept with its levels (height imputed from them), the school as equipment with capacity.
    expect(territory.buildings.count).toBe(1);
    expect(territory.buildings.floors[0]).toBe(2);
    expect(territory.buildings.heightRule[0]).not.toBe(0);
    expect(BUILDING_USES[territory.buildings.use[0]]).toBe('residential');
    expect(territory.equipment.count).toBe(1);
    expect([EQUIPMENT_KINDS[territory.equipment.kind[0]], territory.equipment.capacity[0], territory.equipment.name[0]]).toEqual(['primary', 240, 'École Test']);
    expect(report.complete).toBe(true);
  });

  it('frames the data on its rounded bbox centre', async () => {
    const { territory } = await importOsm(file);
    expect([territory.frame.originLon, territory.frame.originLat]).toEqual([-1.68, 48.111]);
  });

  it('clips on the bbox centre of each feature and counts what is left out', async () => {
    const { territory, report } = await importOsm(file, { clip: [-1.681, 48.1095, -1.678, 48.1105] });
    expect(territory.roads.segmentSourceId).toEqual(['way/1']);
    expect(report.layers.find((l) => l.layer === 'roads')?.dropReasons).toEqual({ 'outside the clip box': 2 });
  });

  it('projects a file in another CRS given by the crs option', async () => {
    const l93 = write('l93.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 'way/9', properties: { highway: 'primary' }, geometry: { type: 'LineString', coordinates: [[666000, 6361000], [666100, 6361000]] } }] }));
    const { territory } = await importOsm(l93, { crs: 'EPSG:2154' });
    expect(territory.frame.planeCrs).toBe('EPSG:2154');
    expect([territory.frame.originX, territory.frame.originY]).toEqual([666100, 6361000]); // centre rounded to 100 m
    expect(territory.roads.lengthM[0]).toBeCloseTo(100, 4);
  });

  it('a file that is not JSON fails with the file and position', async () => {
    const bad = write('bad.geojson', '{"type": "FeatureCollection", "features": [}');
    await expect(importOsm(bad)).rejects.toThrow(/bad\.geojson: not valid JSON at line 1, column 44 \(character 43\)/);
  });
});

const OSM_XML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
  <!-- two ways crossing at node 2, a building, a school, a multipolygon -->
  <node id="1" lat="48.1100" lon="-1.6810"/>
  <node id="2" lat="48.1100" lon="-1.6800"/>
  <node id="3" lat="48.1100" lon="-1.6790"/>
  <node id="4" lat="48.1090" lon="-1.6800"/>
  <node id="5" lat="48.1110" lon="-1.6800"/>
  <node id="6" lat="48.1120" lon="-1.6810"><tag k="amenity" v="kindergarten"/><tag k="name" v="Maternelle &amp; Cie"/></node>
  <node id="7" lat="48.1120" lon="-1.6805"><tag k="highway" v="street_lamp"/></node>
  <node id="11" lat="48.1130" lon="-1.6810"/><node id="12" lat="48.1130" lon="-1.6800"/>
  <node id="13" lat="48.1135" lon="-1.6800"/><node id="14" lat="48.1135" lon="-1.6810"/>
  <node id="21" lat="48.1140" lon="-1.6810"/><node id="22" lat="48.1140" lon="-1.6790"/>
  <node id="23" lat="48.1150" lon="-1.6790"/><node id="24" lat="48.1150" lon="-1.6810"/>
  <node id="25" lat="48.1143" lon="-1.6805"/><node id="26" lat="48.1143" lon="-1.6795"/>
  <node id="27" lat="48.1147" lon="-1.6795"/><node id="28" lat="48.1147" lon="-1.6805"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/><tag k="name" v='Rue "A"'/></way>
  <way id="101"><nd ref="4"/><nd ref="2"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="102"><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="14"/><nd ref="11"/><tag k="building" v="apartments"/><tag k="height" v="15 m"/><tag k="roof:height" v="3"/></way>
  <way id="103"><nd ref="21"/><nd ref="22"/><nd ref="23"/></way>
  <way id="104"><nd ref="23"/><nd ref="24"/><nd ref="21"/></way>
  <way id="105"><nd ref="25"/><nd ref="26"/><nd ref="27"/><nd ref="28"/><nd ref="25"/></way>
  <relation id="200"><member type="way" ref="103" role="outer"/><member type="way" ref="104" role="outer"/><member type="way" ref="105" role="inner"/><tag k="type" v="multipolygon"/><tag k="building" v="school"/><tag k="amenity" v="school"/></relation>
</osm>
`;

describe('OSM XML import (synthetic)', () => {
  it('scans nodes, ways, tags and relations, decoding entities', () => {
    const d = parseOsmXml(OSM_XML);
    expect(d.error).toBeUndefined();
    expect(d.nodeId.length).toBe(19);
    expect(d.ways.map((w) => w.id)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(d.ways[0].tags.name).toBe('Rue "A"');
    expect(d.taggedNodes.map((n) => n.tags.name ?? n.tags.highway)).toEqual(['Maternelle & Cie', 'street_lamp']);
    expect(d.relations[0].members.map((m) => m.role)).toEqual(['outer', 'outer', 'inner']);
  });

  it('two ways sharing a middle node give 4 segments; buildings, multipolygon and equipment are read', async () => {
    const { territory: t, report } = await importOsm(write('synthetic.osm', OSM_XML));
    expect(t.roads.segmentCount).toBe(4);
    expect(t.roads.nodeCount).toBe(5);
    expect(t.roads.linkCount).toBe(4 + 2); // way 100 two-way (2 × 2), way 101 one-way (2 × 1)
    const note = parseNetworkNote(report.notes)!;
    expect(note).toMatchObject({ lines: 2, segments: 4, splits: 2, endsDangling: 4, endsJoined: 0 });
    expect(t.buildings.count).toBe(2);
    const flats = t.buildings.sourceId.indexOf('way/102');
    expect(t.buildings.heightM[flats]).toBeCloseTo(12, 5); // 15 m to the top − 3 m of roof
    const school = t.buildings.sourceId.indexOf('relation/200');
    expect(BUILDING_USES[t.buildings.use[school]]).toBe('public');
    expect(t.buildings.footprint.featureRingStart[school + 1] - t.buildings.footprint.featureRingStart[school]).toBe(2); // outer + hole
    // At 48.1145° N a degree is 74 505 m of longitude and 111 192 m of latitude (WGS84 series): outer
    // 0.002° × 0.001° = 149.0 × 111.2 m = 16 569 m², hole 0.001° × 0.0004° = 74.5 × 44.5 m = 3 314 m², net 13 255 m².
    const area = t.buildings.footprintAreaM2[school];
    expect(Math.abs(area - 13255) / 13255).toBeLessThan(0.005);
    expect(t.equipment.sourceId).toEqual(['node/6', 'relation/200']);
    expect(t.equipment.kind[0]).toBe(EQUIPMENT_KINDS.indexOf('preschool'));
    expect(report.layers.find((l) => l.layer === 'other')?.dropReasons).toEqual({ 'point without supported tags': 1 });
  });

  it('a truncated file is an error with its position, and what precedes it is imported', async () => {
    const cut = OSM_XML.slice(0, OSM_XML.indexOf('<way id="101">') + 30);
    const { territory, report } = await importOsm(write('truncated.osm', cut));
    const err = report.issues.find((i) => i.severity === 'error')!;
    expect(err.file).toContain('truncated.osm');
    expect(err.message).toMatch(/line 18, column 30 .*unterminated <nd> element/);
    expect(report.complete).toBe(false);
    expect(territory.roads.segmentSourceId).toEqual(['way/100']);
  });
});

const hasRennes = existsSync(rennes);
if (!hasRennes) console.warn(`skipping the Rennes OSM tests: ${rennes} not found (see ../shared/data/README.md)`);

/** Share of the nodes in the largest weakly connected component (union-find on linkFrom/linkTo). */
function largestComponentShare(r: RoadNetwork): number {
  const parent = new Int32Array(r.nodeCount).map((_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (let k = 0; k < r.linkCount; k++) {
    const a = find(r.linkFrom[k]);
    const b = find(r.linkTo[k]);
    if (a !== b) parent[a] = b;
  }
  const size = new Map<number, number>();
  for (let i = 0; i < r.nodeCount; i++) size.set(find(i), (size.get(find(i)) ?? 0) + 1);
  return Math.max(...size.values()) / r.nodeCount;
}

describe.skipIf(!hasRennes)('Rennes OSM streets 2013 (real data)', () => {
  it('reads the 3 065 highway ways and reports the 4 116 points', async () => {
    const { report } = await importOsm(rennes);
    const roads = report.layers.find((l) => l.layer === 'roads')!;
    expect(roads.read).toBe(3065); // data README
    expect(roads.kept + roads.dropped).toBe(3065);
    const other = report.layers.find((l) => l.layer === 'other')!;
    const equipmentRead = report.layers.find((l) => l.layer === 'equipment')?.read ?? 0;
    expect(other.dropReasons['point without supported tags'] + equipmentRead).toBe(4116); // data README
  });

  it('reports ends joined and dangling; about 950 ends touch nothing before snapping', async () => {
    const { report } = await importOsm(rennes);
    const n = parseNetworkNote(report.notes)!;
    expect(n).not.toBeNull();
    expect(n.toleranceM).toBe(2);
    expect(n.ends - n.endsConnected).toBeGreaterThan(900); // data README: "~950 way ends touch nothing"
    expect(n.ends - n.endsConnected).toBeLessThan(1000);
    expect(n.endsJoined).toBeGreaterThan(0);
    expect(n.endsDangling).toBeLessThan(n.ends - n.endsConnected);
    expect(n.splits).toBeGreaterThan(1000);
  });

  it('snapping enlarges the largest connected component', async () => {
    const none = largestComponentShare((await importOsm(rennes, { snapToleranceM: 0 })).territory.roads);
    const def = largestComponentShare((await importOsm(rennes)).territory.roads);
    // Gaps left by the unnamed ways the exporter dropped are 5–20 m wide: a 10 m tolerance closes most of them.
    const wide = largestComponentShare((await importOsm(rennes, { snapToleranceM: 10 })).territory.roads);
    expect(none).toBeGreaterThan(0.85);
    expect(def).toBeGreaterThan(none);
    expect(wide).toBeGreaterThan(def);
    expect(wide).toBeGreaterThan(0.9);
  });
});
