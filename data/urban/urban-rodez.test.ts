/**
 * (real data) Rodez, BD TOPO v2.2 + Filosofi 2015 (../shared/data/rodez): the population re-estimated from the
 * buildings alone (`baseline: 'model'`) against the Filosofi totals, with the error reported and bounded.
 *
 * BD TOPO v2 has no building use: every "bâti indifférencié" is read as residential by assumption, so offices,
 * shops, schools and sheds of that layer would count as dwellings. The model multiplies the dwellings of those
 * buildings by the unknown-use yield of their class (house-like, collective, large footprint), fitted
 * (engine/urban/calibrate.ts) on the Filosofi households of the cells OUTSIDE the 2 km centre window; the window is
 * therefore an out-of-sample test, the full extent a mostly in-sample one. Bounds are the measured errors rounded
 * up (centre +44.5 % → ±50 %, full extent +31.0 % → ±35 %): the centre of this prefecture holds much more
 * non-residential floor area per building than its suburbs, which no building-only rule fitted there can see.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Territory } from '../../engine/territory.ts';
import { calibrateUnknownUseYields } from '../../engine/urban/calibrate.ts';
import { runUrban, type UrbanState } from '../../engine/urban/model.ts';
import { UNKNOWN_USE_YIELDS } from '../../engine/urban/params.ts';
import { DWELLING_CLASSES } from '../../engine/urban/people.ts';
import { importBdtopo } from '../importers/bdtopo.ts';
import { importGeoJson } from '../importers/geojson.ts';
import { defaultUrbanParams } from './params.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CENTRE = path.resolve(ROOT, '../shared/data/rodez/centre-2km-geojson');
const FULL = path.resolve(ROOT, '../shared/data/rodez/bdtopo-v2');
const hasCentre = existsSync(path.join(CENTRE, 'buildings.geojson'));
const hasFull = existsSync(path.join(FULL, 'BATI_INDIFFERENCIE.shp'));
if (!hasCentre) console.warn(`skipping the Rodez centre urban-model comparison: ${CENTRE} is absent`);
if (!hasFull) console.warn(`skipping the Rodez full-extent urban-model comparison and calibration: ${FULL} is absent`);

const FILOSOFI_CENTRE = 15976; // stats.json of the centre window
const FILOSOFI_FULL = 29736; // ../shared/data/README.md
const CENTRE_BOUND = 0.5;
const FULL_BOUND = 0.35;

/** Per dwelling class: buildings with dwellings, dwellings and inhabitants, and the share of them with an assumed use. */
function decomposition(s: UrbanState): string {
  const b = s.buildings;
  const rows = DWELLING_CLASSES.map(() => [0, 0, 0, 0]);
  for (let i = 0; i < b.count; i++) {
    if (!(b.dwellings[i] > 0)) continue;
    const r = rows[b.dwellingClass[i]];
    r[0]++;
    r[1] += b.dwellings[i];
    r[2] += b.inhabitants[i];
    r[3] += b.useAssumed[i];
  }
  return DWELLING_CLASSES.map((c, k) => `${c}: ${rows[k][0]} buildings (${rows[k][3]} of assumed use), ${Math.round(rows[k][1])} dwellings, ${Math.round(rows[k][2])} inhabitants`).join('; ');
}

function inCells(s: UrbanState): number {
  let v = 0;
  for (let i = 0; i < s.buildings.count; i++) if (s.buildings.cell[i] >= 0) v += s.buildings.inhabitants[i];
  return v;
}

describe.skipIf(!hasCentre)('urban model on the Rodez centre window (real data)', () => {
  it('keeps the Filosofi population in the data baseline', async () => {
    const { territory } = await importGeoJson(CENTRE);
    const r = runUrban(territory, { params: defaultUrbanParams() });
    expect(inCells(r.baseline)).toBeCloseTo(FILOSOFI_CENTRE, 3);
    expect(r.baseline.notes[0]).toMatch(/from the population grid/);
  });

  it('re-estimates the population from the buildings alone (out of the calibration sample); error reported and bounded', async () => {
    const { territory } = await importGeoJson(CENTRE);
    const cells = JSON.parse(readFileSync(path.join(CENTRE, 'population_200m.geojson'), 'utf8')).features as Array<{ properties: { ind: number } }>;
    expect(cells.reduce((s, f) => s + f.properties.ind, 0)).toBe(FILOSOFI_CENTRE);
    const p = defaultUrbanParams();
    const r = runUrban(territory, { params: p, baseline: 'model' });
    const total = r.baseline.totals.inhabitants;
    const error = total / FILOSOFI_CENTRE - 1;
    // The same chain without the unknown-use yields (every "bâti indifférencié" fully residential).
    const raw = runUrban(territory, { params: { ...p, unknownUseHouseYield: 1, unknownUseCollectiveYield: 1, unknownUseLargeYield: 1 }, baseline: 'model' }).baseline.totals.inhabitants;
    console.info(
      `Rodez centre, model only: ${Math.round(total)} inhabitants (${Math.round(inCells(r.baseline))} in the Filosofi cells) vs ${FILOSOFI_CENTRE} ` +
        `(Filosofi 2015): error ${(100 * error).toFixed(1)} % (bound ±${100 * CENTRE_BOUND} %); without the unknown-use yields ${Math.round(raw)} ` +
        `(${(100 * (raw / FILOSOFI_CENTRE - 1)).toFixed(1)} %). ${decomposition(r.baseline)}`,
    );
    expect(Math.abs(error)).toBeLessThan(CENTRE_BOUND);
    expect(raw / FILOSOFI_CENTRE - 1).toBeGreaterThan(3 * error);
  });
});

describe.skipIf(!hasFull)('urban model on the whole Rodez BD TOPO v2 extent (real data)', () => {
  let cached: Promise<Territory> | null = null;
  const load = (): Promise<Territory> => (cached ??= importBdtopo(FULL).then((r) => r.territory));

  it('re-estimates the population of the extent from the buildings alone; error reported and bounded', async () => {
    const t = await load();
    expect(t.population.inhabitants.reduce((s, v) => s + v, 0)).toBeCloseTo(FILOSOFI_FULL, -1);
    const r = runUrban(t, { params: defaultUrbanParams(), baseline: 'model' });
    const total = r.baseline.totals.inhabitants;
    const error = total / FILOSOFI_FULL - 1;
    console.info(
      `Rodez v2 extent, model only: ${Math.round(total)} inhabitants (${Math.round(inCells(r.baseline))} in the Filosofi cells) vs ${FILOSOFI_FULL} ` +
        `(Filosofi 2015): error ${(100 * error).toFixed(1)} % (bound ±${100 * FULL_BOUND} %). ${decomposition(r.baseline)}`,
    );
    expect(Math.abs(error)).toBeLessThan(FULL_BOUND);
  });

  it('the default unknown-use yields are the calibration outside the centre window', async () => {
    const t = await load();
    const stats = JSON.parse(readFileSync(path.join(CENTRE, 'stats.json'), 'utf8')) as { window_l93: number[] };
    const [x0, y0, x1, y1] = hasCentre ? stats.window_l93 : [665100, 6360500, 667100, 6362500];
    const o = t.frame;
    const inWindow = (x: number, y: number): boolean => x + o.originX >= x0 && x + o.originX < x1 && y + o.originY >= y0 && y + o.originY < y1;
    const p = defaultUrbanParams();
    const ring = calibrateUnknownUseYields(t, p, (x, y) => !inWindow(x, y));
    const window = calibrateUnknownUseYields(t, p, inWindow);
    const f = (c: typeof ring): string => `house ${c.yields.house.toFixed(3)}, collective ${c.yields.collective.toFixed(3)}, large ${c.yields.large.toFixed(3)} (${c.cells} cells, ${c.emptySquares} squares without households)`;
    console.info(`unknown-use yields fitted outside the centre window: ${f(ring)}; fitted inside it (for comparison only): ${f(window)}`);
    expect(ring.cells).toBe(t.population.count - 94);
    for (const k of DWELLING_CLASSES) expect(Math.abs(ring.yields[k] - UNKNOWN_USE_YIELDS[k]), k).toBeLessThanOrEqual(0.005);
  });
});
