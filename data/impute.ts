/**
 * Imputation of missing building attributes at import, each value tagged with the rule that produced it.
 *
 * Order: footprint area → height → floors → dwellings → inhabitants. Measured values are never overwritten.
 * The finer densification model (engine, urban issue) refines dwellings and inhabitants; these are the baseline
 * estimates stored with the territory.
 */
import { BUILDING_USES, RULE_MEASURED, featureArea, featureCentroid, type BuildingUse, type Territory } from '../engine/territory.ts';
import { PolygonGridIndex } from '../engine/spatial.ts';
import type { BuildOptions } from './builder.ts';

/**
 * Floor-to-floor height by use (m). Residential 3.0 m: usual French storey height (BD TOPO heights are
 * ground → gutter; see ../shared/data/README). Offices/public 3.9 m and residential 3.1 m are the CTBUH
 * "Height Calculator" floor-to-floor values; industrial sheds 6 m is a stated assumption of this project
 * (one storey per 6 m of hall height) and is flagged as such in the provenance rule.
 */
export const STOREY_HEIGHT_M: Record<BuildingUse, number> = {
  unknown: 3.0,
  residential: 3.0,
  mixed: 3.0,
  activity: 3.9,
  public: 3.9,
  industrial: 6.0,
  annex: 3.0,
};

/**
 * Mean surface per dwelling (m² of living area): 112 m² for houses and 63 m² for flats (INSEE, Enquête
 * Logement 2013, "Les conditions de logement en France", édition 2017). Living area ≈ 0.8 × gross floor area
 * (surface habitable vs surface de plancher; usual French ratio). Buildings of ≤ 2 floors are taken as houses.
 */
export const HOUSE_AREA_M2 = 112;
export const FLAT_AREA_M2 = 63;
export const NET_TO_GROSS = 0.8;

/** Mean household size, Rennes arrondissement (INSEE; see ../shared/data/README). */
export const DEFAULT_HOUSEHOLD_SIZE = 2.12;

/** Share of a building's gross floor area that is residential, by use (mixed: all floors but the ground floor). */
export function residentialShare(use: BuildingUse, floors: number): number {
  if (use === 'residential') return 1;
  if (use === 'mixed') return floors > 1 ? (floors - 1) / floors : 0.5;
  return 0;
}

function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (x: number): string => x.toFixed(1);

/**
 * Fills heightM/floors/dwellings/inhabitants (+ rules) of `t.buildings`. `floorsIn` holds the measured floors
 * (NaN when unknown); `rule(id, description)` registers provenance rules.
 */
export function imputeBuildings(t: Territory, floorsIn: Float64Array, rule: (id: string, description: string) => number, opts: BuildOptions): void {
  const b = t.buildings;
  const n = b.count;
  const report = opts.report;
  const hh = opts.householdSize ?? DEFAULT_HOUSEHOLD_SIZE;
  for (let i = 0; i < n; i++) b.footprintAreaM2[i] = featureArea(b.footprint, i);

  // Heights.
  const byUse = new Map<number, number[]>();
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(b.heightM[i])) continue;
    all.push(b.heightM[i]);
    let l = byUse.get(b.use[i]);
    if (!l) byUse.set(b.use[i], (l = []));
    l.push(b.heightM[i]);
  }
  const MIN_SAMPLES = 10;
  const useMedian = new Map<number, number>();
  for (const [u, l] of byUse) if (l.length >= MIN_SAMPLES) useMedian.set(u, median(l));
  const allMedian = median(all);
  const DEFAULT_HEIGHT = 6; // two residential storeys, when the source has no height at all
  const medianText = [...useMedian].map(([u, m]) => `${BUILDING_USES[u]} ${fmt(m)} m`).join(', ');
  const counts = new Map<string, number>();
  const bump = (attr: string, r: number): void => {
    const k = `${attr}\u0000${t.rules[r].description}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  const rFloors = () => rule('height.floors-x-storey', `floors × storey height by use (${Object.entries(STOREY_HEIGHT_M).map(([u, h]) => `${u} ${h} m`).join(', ')})`);
  const rUseMed = () => rule('height.median-same-use', `median measured height of buildings of the same use in this territory (${medianText}; uses with ≥ ${MIN_SAMPLES} measured buildings)`);
  const rAllMed = () => rule('height.median-all', `median measured height of all buildings in this territory (${fmt(allMedian)} m)`);
  const rDefault = () => rule('height.default', `default height ${DEFAULT_HEIGHT} m (no measured height in the data)`);
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(b.heightM[i])) {
      b.heightRule[i] = RULE_MEASURED;
      continue;
    }
    const use = BUILDING_USES[b.use[i]];
    let r: number;
    if (!Number.isNaN(floorsIn[i])) {
      b.heightM[i] = floorsIn[i] * STOREY_HEIGHT_M[use];
      r = rFloors();
    } else if (useMedian.has(b.use[i])) {
      b.heightM[i] = useMedian.get(b.use[i])!;
      r = rUseMed();
    } else if (all.length) {
      b.heightM[i] = allMedian;
      r = rAllMed();
    } else {
      b.heightM[i] = DEFAULT_HEIGHT;
      r = rDefault();
    }
    b.heightRule[i] = r;
    bump('height', r);
  }

  // Floors.
  const rFl = () => rule('floors.height-div-storey', 'max(1, round(height / storey height by use))');
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(floorsIn[i])) {
      b.floors[i] = floorsIn[i];
      b.floorsRule[i] = RULE_MEASURED;
      continue;
    }
    b.floors[i] = Math.max(1, Math.round(b.heightM[i] / STOREY_HEIGHT_M[BUILDING_USES[b.use[i]]]));
    b.floorsRule[i] = rFl();
    bump('floors', b.floorsRule[i]);
  }

  // Residential floor area and the population cell of each building.
  const rfa = new Float64Array(n);
  for (let i = 0; i < n; i++) rfa[i] = b.footprintAreaM2[i] * b.floors[i] * residentialShare(BUILDING_USES[b.use[i]], b.floors[i]);
  const pop = t.population;
  const cellOf = new Int32Array(n).fill(-1);
  if (pop.count > 0) {
    const index = new PolygonGridIndex(pop.geometry);
    const c = [0, 0];
    for (let i = 0; i < n; i++) {
      featureCentroid(b.footprint, i, c);
      cellOf[i] = index.find(c[0], c[1]);
    }
  }

  // Dwellings.
  const cells = pop.count;
  const cellMeasuredDw = new Float64Array(cells);
  const cellWeight = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i];
    if (c < 0) continue;
    if (!Number.isNaN(b.dwellings[i])) cellMeasuredDw[c] += b.dwellings[i];
    else cellWeight[c] += rfa[i];
  }
  const rDwCell = () => rule('dwellings.cell-households-by-floor-area', 'households of the population cell (INSEE) shared among its residential buildings by residential floor area');
  const rDwArea = () =>
    rule('dwellings.floor-area', `residential floor area × ${NET_TO_GROSS} / mean dwelling size (${HOUSE_AREA_M2} m² houses ≤ 2 floors, ${FLAT_AREA_M2} m² flats; INSEE Enquête Logement 2013), at least 1 per residential building`);
  const rDwZero = () => rule('dwellings.non-residential', 'no dwelling: building use is not residential or mixed');
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(b.dwellings[i])) {
      b.dwellingsRule[i] = RULE_MEASURED;
      continue;
    }
    const c = cellOf[i];
    let r: number;
    if (rfa[i] <= 0) {
      b.dwellings[i] = 0;
      r = rDwZero();
    } else if (c >= 0 && cellWeight[c] > 0) {
      const households = Math.max(0, pop.households[c] - cellMeasuredDw[c]);
      b.dwellings[i] = (households * rfa[i]) / cellWeight[c];
      r = rDwCell();
    } else {
      const size = b.floors[i] <= 2 ? HOUSE_AREA_M2 : FLAT_AREA_M2;
      b.dwellings[i] = Math.max(1, (rfa[i] * NET_TO_GROSS) / size);
      r = rDwArea();
    }
    b.dwellingsRule[i] = r;
    bump('dwellings', r);
  }

  // Inhabitants.
  const cellDw = new Float64Array(cells);
  const cellMeasuredInh = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const c = cellOf[i];
    if (c < 0) continue;
    if (!Number.isNaN(b.inhabitants[i])) cellMeasuredInh[c] += b.inhabitants[i];
    else cellDw[c] += b.dwellings[i];
  }
  const rInhCell = () => rule('inhabitants.cell-by-dwellings', 'inhabitants of the population cell (INSEE) shared among its buildings by dwellings');
  const rInhHh = () => rule('inhabitants.dwellings-x-household-size', `dwellings × mean household size ${hh} (INSEE, Rennes arrondissement)`);
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(b.inhabitants[i])) {
      b.inhabitantsRule[i] = RULE_MEASURED;
      continue;
    }
    const c = cellOf[i];
    let r: number;
    if (c >= 0 && cellDw[c] > 0) {
      b.inhabitants[i] = (Math.max(0, pop.inhabitants[c] - cellMeasuredInh[c]) * b.dwellings[i]) / cellDw[c];
      r = rInhCell();
    } else {
      b.inhabitants[i] = b.dwellings[i] * hh;
      r = rInhHh();
    }
    b.inhabitantsRule[i] = r;
    bump('inhabitants', r);
  }

  if (report) {
    for (const [k, cnt] of counts) {
      const [attr, desc] = k.split('\u0000');
      report.imputation(attr, desc, cnt, n);
    }
    if (cells > 0) {
      let lost = 0;
      let lostCells = 0;
      for (let c = 0; c < cells; c++) {
        if (pop.inhabitants[c] > 0 && cellDw[c] === 0 && cellMeasuredInh[c] === 0) {
          lost += pop.inhabitants[c];
          lostCells++;
        }
      }
      if (lostCells) report.note(`${lostCells} population cells (${Math.round(lost)} inhabitants) contain no residential building: their inhabitants are not assigned to buildings (the cell totals are kept).`);
    }
  }
}
