/**
 * Indicators: one number with its unit and provenance (model, datasets, parameters), territory-wide or per
 * zone. Tables of indicators are what runs store, batches combine and comparisons subtract.
 */

export interface Provenance {
  /** Model and its reference, e.g. "engine/raster/sunhours (horizon sweeps, NREL SPA)". */
  model: string;
  /** Dataset ids of the territory the value depends on. */
  datasets: string[];
  /** Parameters that entered the computation. */
  parameters: Record<string, unknown>;
}

export interface Indicator {
  id: string;
  label: string;
  unit: string;
  /** Zone id (population cell / zone source id); absent for territory-wide values. */
  zone?: string;
  value: number;
  provenance: Provenance;
}

export interface IndicatorDiff {
  id: string;
  label: string;
  unit: string;
  zone?: string;
  a: number | null;
  b: number | null;
  /** b − a (null when either side is missing). */
  delta: number | null;
  /** (b − a) / |a| (null when a is 0 or missing). */
  relative: number | null;
}

const keyOf = (i: { id: string; zone?: string }): string => `${i.id}\u0000${i.zone ?? ''}`;

/** Indicator table A, B, B − A over the union of both tables (territory-wide rows first, then zones). */
export function compareIndicators(a: Indicator[], b: Indicator[]): IndicatorDiff[] {
  const ma = new Map(a.map((i) => [keyOf(i), i]));
  const mb = new Map(b.map((i) => [keyOf(i), i]));
  const keys = [...new Set([...ma.keys(), ...mb.keys()])];
  const rows = keys.map((k) => {
    const x = ma.get(k);
    const y = mb.get(k);
    const ref = (x ?? y)!;
    if (x && y && x.unit !== y.unit) throw new Error(`indicator ${ref.id}: units differ between runs (${x.unit} vs ${y.unit})`);
    const av = x ? x.value : null;
    const bv = y ? y.value : null;
    const delta = av !== null && bv !== null ? bv - av : null;
    return { id: ref.id, label: ref.label, unit: ref.unit, zone: ref.zone, a: av, b: bv, delta, relative: delta !== null && av ? delta / Math.abs(av) : null };
  });
  return rows.sort((p, q) => (p.zone ? 1 : 0) - (q.zone ? 1 : 0) || (p.zone ?? '').localeCompare(q.zone ?? '') || 0);
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * indicators.json: every row, with the provenances listed once (zone rows share their stage's) and each row
 * pointing to its provenance by index — `{ "provenance": [...], "indicators": [{ id, label, unit, zone?, value,
 * provenance: <index> }] }`. Read back by {@link parseIndicatorsJson}.
 */
export function indicatorsJson(list: Indicator[]): string {
  const byObject = new Map<Provenance, number>();
  const byText = new Map<string, number>();
  const provenance: Provenance[] = [];
  const rows = list.map((i) => {
    let k = byObject.get(i.provenance);
    if (k === undefined) {
      const text = JSON.stringify(i.provenance);
      k = byText.get(text);
      if (k === undefined) {
        k = provenance.push(i.provenance) - 1;
        byText.set(text, k);
      }
      byObject.set(i.provenance, k);
    }
    return { id: i.id, label: i.label, unit: i.unit, ...(i.zone ? { zone: i.zone } : {}), value: i.value, provenance: k };
  });
  return `{"provenance":${JSON.stringify(provenance, null, 1)},\n"indicators":[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

/** Indicators from indicators.json (this format, or the plain array of rows with their provenance of earlier runs). */
export function parseIndicatorsJson(text: string, source: string): Indicator[] {
  const v = JSON.parse(text) as unknown;
  if (Array.isArray(v)) return v as Indicator[];
  const o = v as { provenance?: Provenance[]; indicators?: Array<Omit<Indicator, 'provenance'> & { provenance: number }> };
  if (!o || !Array.isArray(o.provenance) || !Array.isArray(o.indicators)) throw new Error(`${source}: not an indicator table (expected "provenance" and "indicators" lists)`);
  return o.indicators.map((r, n) => {
    const p = o.provenance![r.provenance];
    if (!p) throw new Error(`${source}: indicators[${n}] (${r.id}) points to provenance ${r.provenance}, which does not exist`);
    return { ...r, value: r.value === null ? NaN : r.value, provenance: p };
  });
}

/** zone-indicators.csv: the per-zone rows (provenance: the territory-wide row of the same id, or indicators.json). */
export function zoneIndicatorsCsv(list: Indicator[]): string {
  const lines = ['id,label,unit,zone,value'];
  for (const i of list) if (i.zone) lines.push(`${csvField(i.id)},${csvField(i.label)},${csvField(i.unit)},${csvField(i.zone)},${csvField(i.value)}`);
  return lines.join('\n') + '\n';
}

/** indicators.csv: the territory-wide rows with their provenance (model, datasets, parameters as JSON). */
export function indicatorsCsv(list: Indicator[]): string {
  const lines = ['id,label,unit,zone,value,model,datasets,parameters'];
  // Zone rows share their stage's provenance object: its three columns are written once per object.
  const prov = new Map<Provenance, string>();
  for (const i of list) {
    if (i.zone) continue;
    let p = prov.get(i.provenance);
    if (p === undefined) prov.set(i.provenance, (p = [i.provenance.model, i.provenance.datasets.join(';'), i.provenance.parameters].map(csvField).join(',')));
    lines.push(`${csvField(i.id)},${csvField(i.label)},${csvField(i.unit)},${csvField(i.zone ?? '')},${csvField(i.value)},${p}`);
  }
  return lines.join('\n') + '\n';
}

export function diffCsv(rows: IndicatorDiff[]): string {
  const lines = ['id,label,unit,zone,a,b,delta,relative'];
  for (const r of rows) lines.push([r.id, r.label, r.unit, r.zone ?? '', r.a, r.b, r.delta, r.relative].map(csvField).join(','));
  return lines.join('\n') + '\n';
}

export function formatDiff(rows: IndicatorDiff[], nameA: string, nameB: string): string {
  const fmt = (v: number | null): string => (v === null ? '—' : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(4)).toString());
  const table = rows.filter((r) => !r.zone).map((r) => [`${r.label} (${r.unit})`, fmt(r.a), fmt(r.b), r.delta === null ? '—' : (r.delta > 0 ? '+' : '') + fmt(r.delta), r.relative === null ? '' : `${(100 * r.relative).toFixed(1)} %`]);
  const head = ['indicator', nameA, nameB, 'B − A', ''];
  const w = head.map((h, c) => Math.max(h.length, ...table.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((v, c) => (c === 0 ? v.padEnd(w[c]) : v.padStart(w[c]))).join('  ');
  const zoneRows = rows.length - table.length;
  return [line(head), ...table.map(line), zoneRows ? `(+ ${zoneRows} per-zone rows in --json / compare CSV)` : ''].filter(Boolean).join('\n');
}
