/**
 * Age structure: counts by age band ↔ single years of age, so the model can read any band layout (the
 * Filosofi bands `ind_0_3` … `ind_80p` or others) and take the children aged 0–2, 3–5 and 6–10.
 *
 * Within a band people are spread evenly over its years (Filosofi `ind_0_3` = ages 0, 1, 2, 3, so 0–2 is ¾ of it,
 * as data/sample/equipment.ts also assumes). The open last band runs to {@link MAX_AGE}.
 */
import type { AgeBand, Population } from '../territory.ts';

/** Last single year of age of an open band (`maxAge: Infinity`). */
export const MAX_AGE = 99;

/** INSEE Filosofi 200 m grid age bands. */
export const FILOSOFI_AGE_BANDS: AgeBand[] = [
  { id: 'ind_0_3', minAge: 0, maxAge: 3 },
  { id: 'ind_4_5', minAge: 4, maxAge: 5 },
  { id: 'ind_6_10', minAge: 6, maxAge: 10 },
  { id: 'ind_11_17', minAge: 11, maxAge: 17 },
  { id: 'ind_18_24', minAge: 18, maxAge: 24 },
  { id: 'ind_25_39', minAge: 25, maxAge: 39 },
  { id: 'ind_40_54', minAge: 40, maxAge: 54 },
  { id: 'ind_55_64', minAge: 55, maxAge: 64 },
  { id: 'ind_65_79', minAge: 65, maxAge: 79 },
  { id: 'ind_80p', minAge: 80, maxAge: Infinity },
];

/**
 * France, 1 January 2023, shares (%) of the Filosofi bands (INSEE population estimates by age, rounded; the
 * national pyramid data/sample/population.ts starts from). Used where a zone has no age data.
 */
export const FRANCE_AGE_SHARES_PCT = [4.3, 2.3, 5.9, 8.5, 8.2, 17.5, 19.0, 12.5, 15.4, 6.4];

function bandRange(b: AgeBand): [number, number] {
  const lo = Math.max(0, Math.floor(b.minAge));
  const hi = Number.isFinite(b.maxAge) ? Math.min(MAX_AGE, Math.floor(b.maxAge)) : MAX_AGE;
  return [lo, Math.max(lo, hi)];
}

/** Counts by single year 0 … MAX_AGE from counts by band (NaN counts are read as 0). */
export function toSingleYears(counts: ArrayLike<number>, bands: readonly AgeBand[], out = new Float64Array(MAX_AGE + 1)): Float64Array {
  out.fill(0);
  for (let b = 0; b < bands.length; b++) {
    const c = counts[b];
    if (!(c > 0)) continue;
    const [lo, hi] = bandRange(bands[b]);
    const per = c / (hi - lo + 1);
    for (let a = lo; a <= hi; a++) out[a] += per;
  }
  return out;
}

/** Counts by band from counts by single year. */
export function fromSingleYears(years: ArrayLike<number>, bands: readonly AgeBand[], out: Float64Array<ArrayBufferLike> = new Float64Array(bands.length)): Float64Array<ArrayBufferLike> {
  for (let b = 0; b < bands.length; b++) {
    const [lo, hi] = bandRange(bands[b]);
    let s = 0;
    for (let a = lo; a <= hi; a++) s += years[a];
    out[b] = s;
  }
  return out;
}

/** Sum of single-year counts over ages [a, b]. */
export function sumAges(years: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let k = a; k <= b; k++) s += years[k];
  return s;
}

/**
 * Age profile of every population cell as shares by single year (row-major, MAX_AGE + 1 per cell), from its
 * age counts; a cell without usable age data (no bands, NaN, zero total) gets the national profile.
 * `fromCell[c]` is 1 when cell c's own data was used.
 */
export function cellAgeProfiles(pop: Population): { shares: Float64Array; fromCell: Uint8Array; national: Float64Array } {
  const Y = MAX_AGE + 1;
  const national = toSingleYears(FRANCE_AGE_SHARES_PCT, FILOSOFI_AGE_BANDS);
  normalise(national);
  const shares = new Float64Array(pop.count * Y);
  const fromCell = new Uint8Array(pop.count);
  const nb = pop.ageBands.length;
  const row = new Float64Array(nb);
  const years = new Float64Array(Y);
  for (let c = 0; c < pop.count; c++) {
    let ok = nb > 0;
    for (let b = 0; b < nb && ok; b++) {
      const v = pop.ageCounts[c * nb + b];
      if (!Number.isFinite(v) || v < 0) ok = false;
      row[b] = v;
    }
    if (ok) {
      toSingleYears(row, pop.ageBands, years);
      ok = normalise(years);
    }
    shares.set(ok ? years : national, c * Y);
    fromCell[c] = ok ? 1 : 0;
  }
  return { shares, fromCell, national };
}

function normalise(v: Float64Array): boolean {
  let t = 0;
  for (let i = 0; i < v.length; i++) t += v[i];
  if (!(t > 0)) return false;
  for (let i = 0; i < v.length; i++) v[i] /= t;
  return true;
}
