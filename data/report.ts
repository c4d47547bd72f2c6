/**
 * Data-quality report of an import: per layer, features read / kept / repaired / dropped with the reason for
 * each, the share of imputed attributes and the rule used. Nothing is dropped silently: every drop or repair
 * goes through this object, which is stored in the catalog next to the dataset.
 */

export type IssueSeverity = 'error' | 'drop' | 'repair' | 'warning';

export interface ReportIssue {
  severity: IssueSeverity;
  /** File (or layer) the problem is in. */
  file: string;
  /** Feature index (0-based record number) and id when known. */
  feature?: number;
  featureId?: string;
  field?: string;
  message: string;
}

export interface LayerReport {
  layer: string;
  file: string;
  read: number;
  kept: number;
  repaired: number;
  dropped: number;
  /** Count of drops per reason. */
  dropReasons: Record<string, number>;
  /** Count of repairs per reason. */
  repairReasons: Record<string, number>;
}

export interface ImputationSummary {
  attribute: string;
  rule: string;
  count: number;
  /** Share of the layer's features (0–1). */
  share: number;
}

export interface ImportReportData {
  source: string;
  format: string;
  layers: LayerReport[];
  imputations: ImputationSummary[];
  /** Layer-level errors (missing file, unknown CRS, truncated file…) and the first issues of each kind. */
  issues: ReportIssue[];
  /** Issues not listed because of the cap, per severity. */
  issuesNotListed: Record<string, number>;
  notes: string[];
  /** False when a layer could not be read completely (the territory is partial). */
  complete: boolean;
}

/** Issues listed per (layer, severity, reason) before only counting. */
const LIST_CAP = 20;

export class ImportReport {
  readonly data: ImportReportData;
  private readonly listed = new Map<string, number>();

  constructor(source: string, format: string) {
    this.data = { source, format, layers: [], imputations: [], issues: [], issuesNotListed: {}, notes: [], complete: true };
  }

  /** Starts (or returns) the report of a layer. */
  layer(layer: string, file: string): LayerReport {
    let l = this.data.layers.find((x) => x.layer === layer && x.file === file);
    if (!l) {
      l = { layer, file, read: 0, kept: 0, repaired: 0, dropped: 0, dropReasons: {}, repairReasons: {} };
      this.data.layers.push(l);
    }
    return l;
  }

  private issue(l: LayerReport, severity: IssueSeverity, reason: string, detail: Omit<ReportIssue, 'severity' | 'file' | 'message'>, message?: string): void {
    const key = `${l.layer}|${severity}|${reason}`;
    const n = this.listed.get(key) ?? 0;
    this.listed.set(key, n + 1);
    if (n < LIST_CAP) this.data.issues.push({ severity, file: l.file, ...detail, message: message ?? reason });
    else this.data.issuesNotListed[severity] = (this.data.issuesNotListed[severity] ?? 0) + 1;
  }

  /** A feature was dropped; `reason` is a short stable phrase (counted), `message` the detailed text. */
  drop(l: LayerReport, reason: string, detail: Omit<ReportIssue, 'severity' | 'file' | 'message'> = {}, message?: string): void {
    l.dropped++;
    l.dropReasons[reason] = (l.dropReasons[reason] ?? 0) + 1;
    this.issue(l, 'drop', reason, detail, message);
  }

  /** A feature was kept after a repair (ring closed, NaN height discarded and imputed…). */
  repair(l: LayerReport, reason: string, detail: Omit<ReportIssue, 'severity' | 'file' | 'message'> = {}, message?: string): void {
    l.repairReasons[reason] = (l.repairReasons[reason] ?? 0) + 1;
    this.issue(l, 'repair', reason, detail, message);
  }

  warn(l: LayerReport, reason: string, detail: Omit<ReportIssue, 'severity' | 'file' | 'message'> = {}, message?: string): void {
    this.issue(l, 'warning', reason, detail, message);
  }

  /** A layer-level error: the layer (or its remainder) could not be read. Marks the import incomplete. */
  error(file: string, message: string, detail: Omit<ReportIssue, 'severity' | 'file' | 'message'> = {}): void {
    this.data.complete = false;
    this.data.issues.push({ severity: 'error', file, ...detail, message });
  }

  note(text: string): void {
    this.data.notes.push(text);
  }

  imputation(attribute: string, rule: string, count: number, total: number): void {
    if (count === 0) return;
    this.data.imputations.push({ attribute, rule, count, share: total > 0 ? count / total : 0 });
  }

  /** Call once per layer after reading: repaired = number of features with at least one repair. */
  finishLayer(l: LayerReport, kept: number, repairedFeatures: number): void {
    l.kept = kept;
    l.repaired = repairedFeatures;
  }
}

/** Plain-text rendering of a report, as printed by `jumeau import`. */
export function formatReport(r: ImportReportData): string {
  const lines: string[] = [];
  lines.push(`Import report — ${r.format} — ${r.source}${r.complete ? '' : '  [INCOMPLETE: see errors]'}`);
  const w = Math.max(5, ...r.layers.map((l) => l.layer.length));
  lines.push(`  ${'layer'.padEnd(w)}  ${'read'.padStart(8)} ${'kept'.padStart(8)} ${'repaired'.padStart(8)} ${'dropped'.padStart(8)}`);
  for (const l of r.layers) {
    lines.push(`  ${l.layer.padEnd(w)}  ${String(l.read).padStart(8)} ${String(l.kept).padStart(8)} ${String(l.repaired).padStart(8)} ${String(l.dropped).padStart(8)}`);
    for (const [reason, n] of Object.entries(l.dropReasons)) lines.push(`      dropped ${n}: ${reason}`);
    for (const [reason, n] of Object.entries(l.repairReasons)) lines.push(`      repaired ${n}: ${reason}`);
  }
  if (r.imputations.length) {
    lines.push('  imputed attributes:');
    for (const m of r.imputations) lines.push(`      ${m.attribute}: ${m.count} (${(100 * m.share).toFixed(1)} %) by ${m.rule}`);
  }
  const errors = r.issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    lines.push('  errors:');
    for (const e of errors) lines.push(`      ${describeIssue(e)}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export function describeIssue(i: ReportIssue): string {
  const where = [i.file, i.feature !== undefined ? `feature ${i.feature}${i.featureId ? ` (${i.featureId})` : ''}` : i.featureId, i.field ? `field ${i.field}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${i.message}`;
}
