/**
 * Meteorology of the dispersion model: a wind rose of (direction, speed, stability) frequencies for annual
 * means, or a single condition for one hour.
 *
 * Conventions: directions are where the wind blows FROM, in degrees clockwise from north (meteorological
 * convention); speeds are at 10 m (m/s); stability is a Pasquill class A–F. In a rose, each condition stands for
 * a direction sector of `sectorWidthDeg` Δ. Its frequency is spread over the directions around the sector centre
 * as a triangle of half-width Δ (so that the summed rose interpolates linearly between sector centres, a smooth
 * climatology) rather than uniformly across the sector as in the ISCLT convention (US EPA 1995, ISC3 user guide
 * vol. II), which would leave steps at every sector edge; each sector keeps its frequency and mean direction.
 * A single hour has width 0 (exact direction).
 * Speeds below `minWindSpeedMS` (calms) are raised to it: a Gaussian plume needs a transport wind.
 */
import { STABILITY_CLASSES, stabilityCode, type StabilityClass } from './plume.ts';

export interface WindCondition {
  fromDeg: number;
  speedMS: number;
  stability: StabilityClass;
  /** Share of the time (all conditions sum to 1). */
  frequency: number;
}

export interface WindRose {
  name: string;
  source: string;
  /** Width of each direction sector (deg); 0 for exact directions. */
  sectorWidthDeg: number;
  conditions: WindCondition[];
}

/** One hour of wind: exact direction, speed and class. */
export function singleHour(fromDeg: number, speedMS: number, stability: StabilityClass | string): WindRose {
  const cls = STABILITY_CLASSES[stabilityCode(stability)];
  const rose: WindRose = { name: `single hour: wind from ${fromDeg}° at ${speedMS} m/s, class ${cls}`, source: 'user', sectorWidthDeg: 0, conditions: [{ fromDeg, speedMS, stability: cls, frequency: 1 }] };
  validateWindRose(rose);
  return rose;
}

/** Throws an Error naming the condition and field when a rose is unusable. */
export function validateWindRose(r: WindRose): void {
  if (!(r.sectorWidthDeg >= 0 && r.sectorWidthDeg <= 90)) throw new Error(`wind rose "${r.name}": sectorWidthDeg must be in [0, 90], got ${r.sectorWidthDeg}`);
  if (!r.conditions.length) throw new Error(`wind rose "${r.name}": no condition`);
  let sum = 0;
  r.conditions.forEach((c, i) => {
    if (!Number.isFinite(c.fromDeg)) throw new Error(`wind rose "${r.name}", condition ${i}: fromDeg must be a finite number, got ${c.fromDeg}`);
    if (!(c.speedMS >= 0) || !Number.isFinite(c.speedMS)) throw new Error(`wind rose "${r.name}", condition ${i}: speedMS must be a finite number ≥ 0, got ${c.speedMS}`);
    if (!(c.frequency >= 0) || !Number.isFinite(c.frequency)) throw new Error(`wind rose "${r.name}", condition ${i}: frequency must be a finite number ≥ 0, got ${c.frequency}`);
    stabilityCode(c.stability);
    sum += c.frequency;
  });
  if (Math.abs(sum - 1) > 1e-6) throw new Error(`wind rose "${r.name}": frequencies sum to ${sum.toFixed(6)}, not 1`);
}

/**
 * Default rose shaped after the climatology of Rennes–Saint-Jacques (Météo-France station 35281001): prevailing
 * south-west to west winds (the Atlantic "suroît" / "noroît"), a secondary north-east sector, an annual mean of
 * about 3.7 m/s at 10 m. Twelve 30° sectors × three speed classes (1.5, 3.5, 6.5 m/s; 30 / 45 / 25 % of the
 * time); stability split within each speed class after the Pasquill–Turner scheme for a cloudy oceanic climate
 * (light winds: unstable by day, stable at night; strong winds: neutral), giving about 58 % of class D.
 * A typical shape, not measured frequencies: use the station's joint frequency table for a study.
 */
export const RENNES_DEFAULT_ROSE: WindRose = buildRose(
  'Rennes typical (default)',
  'Shape of the Rennes–Saint-Jacques climatology (Météo-France); Pasquill–Turner stability by wind speed; not station data',
  // From N, 30°, 60°, … 330°: % of time.
  [7, 8, 9, 6, 4, 5, 8, 13, 14, 11, 8, 7],
  [
    { speedMS: 1.5, share: 0.3, stability: { A: 0.02, B: 0.08, C: 0.1, D: 0.35, E: 0.15, F: 0.3 } },
    { speedMS: 3.5, share: 0.45, stability: { A: 0, B: 0.05, C: 0.15, D: 0.55, E: 0.2, F: 0.05 } },
    { speedMS: 6.5, share: 0.25, stability: { A: 0, B: 0, C: 0.1, D: 0.9, E: 0, F: 0 } },
  ],
);

interface SpeedClass {
  speedMS: number;
  share: number;
  stability: Record<StabilityClass, number>;
}

/** A rose from sector percentages (equal sectors from north, clockwise) and speed classes with stability splits. */
export function buildRose(name: string, source: string, sectorPercent: number[], speeds: SpeedClass[]): WindRose {
  const n = sectorPercent.length;
  const total = sectorPercent.reduce((a, b) => a + b, 0);
  const conditions: WindCondition[] = [];
  for (let s = 0; s < n; s++) {
    for (const sp of speeds) {
      for (const cls of STABILITY_CLASSES) {
        const f = (sectorPercent[s] / total) * sp.share * sp.stability[cls];
        if (f > 0) conditions.push({ fromDeg: (360 * s) / n, speedMS: sp.speedMS, stability: cls, frequency: f });
      }
    }
  }
  const rose = { name, source, sectorWidthDeg: 360 / n, conditions };
  validateWindRose(rose);
  return rose;
}

/** Downwind direction of a wind blowing from `fromDeg`, as a math angle (radians from +x = east, counter-clockwise). */
export function downwindAngleRad(fromDeg: number): number {
  return ((-90 - fromDeg) * Math.PI) / 180;
}

export interface CollapsedRose {
  /** Downwind directions (radians, math convention, in [−π, π)), ascending. */
  angle: Float64Array;
  /** weight[cls][j] = Σ frequency / speed (s/m) of direction j and class cls. */
  weight: Float64Array[];
  /** Classes with any weight. */
  classes: number[];
  /** Width of the sectors (radians); 0 for exact directions. */
  sectorWidthRad: number;
}

/**
 * The rose reduced for a Gaussian kernel: concentrations are proportional to 1/u (σ does not depend on u in the
 * Briggs scheme), so speeds collapse into weights Σ f/u per (direction, class); each sector is spread over
 * sub-directions at most `subStepDeg` apart ({@link sectorSpread}).
 */
export function collapseRose(r: WindRose, minWindSpeedMS: number, subStepDeg = 1): CollapsedRose {
  validateWindRose(r);
  if (!(minWindSpeedMS > 0)) throw new Error(`minWindSpeedMS must be > 0, got ${minWindSpeedMS}`);
  const byKey = new Map<string, number>();
  const width = r.sectorWidthDeg;
  const spread = sectorSpread(width, subStepDeg);
  for (const c of r.conditions) {
    if (c.frequency === 0) continue;
    const cls = stabilityCode(c.stability);
    for (const [offset, share] of spread) {
      const w = (c.frequency / Math.max(c.speedMS, minWindSpeedMS)) * share;
      let a = downwindAngleRad(c.fromDeg + offset);
      a = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
      const key = `${a.toFixed(12)}|${cls}`;
      byKey.set(key, (byKey.get(key) ?? 0) + w);
    }
  }
  const angles = [...new Set([...byKey.keys()].map((k) => Number(k.split('|')[0])))].sort((a, b) => a - b);
  const index = new Map(angles.map((a, i) => [a.toFixed(12), i]));
  const weight = STABILITY_CLASSES.map(() => new Float64Array(angles.length));
  for (const [key, w] of byKey) {
    const [a, cls] = key.split('|');
    weight[Number(cls)][index.get(a) as number] += w;
  }
  const classes = weight.map((w, i) => (w.some((v) => v > 0) ? i : -1)).filter((i) => i >= 0);
  return { angle: Float64Array.from(angles), weight, classes, sectorWidthRad: (width * Math.PI) / 180 };
}

/**
 * Directions (offsets from the sector centre, deg) and shares over which a sector of width `widthDeg` is spread:
 * a triangle of half-width `widthDeg` sampled at most `stepDeg` apart (shares sum to 1); [[0, 1]] for width 0.
 */
export function sectorSpread(widthDeg: number, stepDeg: number): Array<[number, number]> {
  if (!(widthDeg > 0)) return [[0, 1]];
  const n = Math.max(1, Math.ceil(widthDeg / stepDeg));
  const out: Array<[number, number]> = [];
  let total = 0;
  for (let k = -n + 1; k < n; k++) {
    const w = 1 - Math.abs(k) / n;
    out.push([(widthDeg * k) / n, w]);
    total += w;
  }
  return out.map(([o, w]) => [o, w / total]);
}

/** Standard deviation (rad) of the direction spread of a sector of width `widthDeg` (triangle of half-width Δ: Δ/√6). */
export function sectorSpreadSigmaRad(widthDeg: number): number {
  return (widthDeg * Math.PI) / 180 / Math.sqrt(6);
}
