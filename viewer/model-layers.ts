/**
 * The model result layers of the layer panel (traffic flows, night UHI, LCZ, air quality): computed in the
 * worker by the scenario pipeline on the baseline when first switched on (progress in the layer's status line,
 * a Cancel button; switching the layer off cancels too), kept once computed, drawn by the deck.gl overlay.
 * Which layers exist depends on the pipeline stages registered (the worker says).
 */
import type { ResultLayerData, ResultLayerId } from '../workers/result-layers.ts';
import type { ProgressEvent } from '../workers/scenario-api.ts';
import type { TerritoryClient } from '../workers/territory-client.ts';
import { el, formatNumber } from './dom.ts';
import type { DeckOverlay } from './overlays.ts';
import type { LayersPanel, LayerSpec } from './panels/layers-panel.ts';
import { POLLUTANT_IDS, type PollutantId } from './url-state.ts';

const POLLUTANT_LABELS: Record<PollutantId, string> = { no2: 'NO₂', pm10: 'PM10', pm25: 'PM2.5' };

const SPECS: Record<ResultLayerId, Omit<LayerSpec, 'id' | 'legend'>> = {
  traffic: { label: 'Traffic flows (model)', description: 'assigned peak-hour car flows on the baseline: band width ∝ flow (one band per direction), colour = volume / capacity; click a band for its values' },
  uhi: { label: 'Night heat island (model)', description: 'night-time urban heat island intensity on the baseline (°C above the rural surroundings, clear calm night)' },
  lcz: { label: 'Local climate zones (model)', description: 'local climate zone of each cell (Stewart & Oke 2012), from the territory’s morphology and land cover' },
  air: { label: 'Air quality (model)', description: 'annual-mean concentration on the baseline (µg/m³) from traffic emissions and dispersion, with the EU and WHO limit values' },
  emissions: { label: 'Traffic emissions (model)', description: 'emissions of road traffic per km of each directed link on the baseline (kg/km/yr; NOx for NO₂); click a band for its value' },
};

export interface ModelLayerHost {
  client: TerritoryClient;
  overlay: DeckOverlay;
  panel(): LayersPanel;
  requestRender(): void;
  fail(message: string): void;
  /** Unchecks a layer (after a cancellation) the way the user would. */
  setVisible(id: ResultLayerId, on: boolean): void;
  /** The air layer's pollutant changed (for the shareable URL). */
  pollutantChanged(p: PollutantId): void;
}

/** State of a layer on the page body (`data-result-<id>`: computing, cancelled, failed or the shown key), for tests. */
const mark = (id: ResultLayerId, state: string): void => {
  document.body.dataset[`result${id[0].toUpperCase()}${id.slice(1)}`] = state;
};
const isRaster = (id: ResultLayerId): id is 'uhi' | 'lcz' | 'air' => id === 'uhi' || id === 'lcz' || id === 'air';
const isPaths = (id: ResultLayerId): id is 'traffic' | 'emissions' => id === 'traffic' || id === 'emissions';
/** Layers that depend on the pollutant. */
const BY_POLLUTANT: ResultLayerId[] = ['air', 'emissions'];

export class ModelLayers {
  private readonly data = new Map<string, ResultLayerData>();
  private readonly running = new Map<ResultLayerId, { key: string; abort: AbortController }>();
  private readonly shown = new Map<ResultLayerId, string>();
  /** One pollutant choice shared by the air and emissions layers (a select in each row, kept in step). */
  private readonly selects: HTMLSelectElement[] = [];

  constructor(
    private readonly host: ModelLayerHost,
    readonly available: ResultLayerId[],
    private pollutant: PollutantId,
  ) {}

  private pollutantSelect(id: ResultLayerId): HTMLElement {
    const select = el('select', { attrs: { id: `pollutant-${id}`, 'aria-label': 'Pollutant' } }, ...POLLUTANT_IDS.map((p) => el('option', { attrs: { value: p }, text: POLLUTANT_LABELS[p] })));
    select.value = this.pollutant;
    select.addEventListener('change', () => this.setPollutant(select.value as PollutantId));
    this.selects.push(select);
    return el('label', {}, 'Pollutant ', select);
  }

  setPollutant(p: PollutantId): void {
    this.pollutant = p;
    for (const s of this.selects) s.value = p;
    this.host.pollutantChanged(p);
    for (const id of BY_POLLUTANT) if (this.available.includes(id) && this.host.panel().isVisible(id)) void this.show(id);
  }

  specs(): LayerSpec[] {
    return this.available.map((id) => ({ id, ...SPECS[id], legend: null, control: BY_POLLUTANT.includes(id) ? this.pollutantSelect(id) : undefined }));
  }

  private key(id: ResultLayerId): string {
    return BY_POLLUTANT.includes(id) ? `${id}:${this.pollutant}` : id;
  }

  /** Switches a layer on or off (off cancels its computation). */
  setVisible(id: ResultLayerId, on: boolean): void {
    this.host.overlay.setVisible(id, on);
    if (on) void this.show(id);
    else {
      this.running.get(id)?.abort.abort();
      this.host.requestRender();
    }
  }

  /** Shows the layer's data, computing it first when needed; only the latest request of a layer is applied. */
  async show(id: ResultLayerId): Promise<void> {
    const key = this.key(id);
    const cached = this.data.get(key);
    if (cached) return this.apply(cached, key);
    const prev = this.running.get(id);
    if (prev?.key === key) return;
    prev?.abort.abort();
    const abort = new AbortController();
    this.running.set(id, { key, abort });
    const panel = this.host.panel();
    const cancel = { label: 'Cancel', onClick: () => abort.abort() };
    panel.setStatus(id, 'computing on the baseline…', cancel);
    mark(id, 'computing');
    let settled = false;
    const onProgress = (e: ProgressEvent): void => {
      // Progress comes on its own message channel: an event may arrive after the result.
      if (abort.signal.aborted || settled) return;
      panel.setStatus(id, `computing on the baseline: ${e.stage} (stage ${Math.min(e.total, e.done + 1)} of ${e.total}, ${Math.round(100 * e.fraction)} %)…`, cancel);
    };
    try {
      const d = await this.host.client.resultLayer({ id, pollutant: BY_POLLUTANT.includes(id) ? this.pollutant : undefined }, { onProgress, signal: abort.signal }).finally(() => (settled = true));
      this.data.set(key, d);
      if (this.running.get(id)?.abort === abort) this.running.delete(id);
      if (this.key(id) === key) this.apply(d, key);
    } catch (e) {
      if (this.running.get(id)?.abort === abort) this.running.delete(id);
      const err = e as Error;
      if (err.name === 'CancelledError') {
        if (this.running.has(id)) return; // superseded by another request of this layer
        panel.setStatus(id, 'cancelled: switch the layer on again to compute it');
        mark(id, 'cancelled');
        if (panel.isVisible(id)) this.host.setVisible(id, false);
        return;
      }
      panel.setStatus(id, `failed: ${err.message}`);
      mark(id, 'failed');
      this.host.fail(`${SPECS[id].label}: ${err.message}`);
    }
  }

  private apply(d: ResultLayerData, key: string): void {
    const id = d.id;
    const panel = this.host.panel();
    if (this.shown.get(id) !== key) {
      if (d.kind === 'paths' && isPaths(id)) this.host.overlay.setPaths(id, d.paths);
      else if (d.kind === 'raster' && isRaster(id)) this.host.overlay.setRaster(d.raster, id);
      this.shown.set(id, key);
    }
    if (d.kind === 'paths') panel.setLegend(id, d.legend, `${d.note}. ${d.source}`);
    else panel.setLegend(id, d.raster.legend, `${d.raster.note}. ${d.source}`);
    panel.setStatus(id, `computed in ${formatNumber(d.computeMs / 1000, 1)} s (baseline)`);
    mark(id, key);
    this.host.requestRender();
  }

  /** Lines for the probe at a ground point (local m) / screen point (CSS px), for the visible layers. */
  probe(ground: [number, number] | null, x: number, y: number): string[] {
    const lines: string[] = [];
    const panel = this.host.panel();
    for (const id of ['traffic', 'emissions'] as const) {
      const d = this.data.get(this.shown.get(id) ?? '');
      const k = d?.kind === 'paths' ? this.host.overlay.pickPath(id, x, y) : -1;
      if (d?.kind !== 'paths' || k < 0) continue;
      const values = d.fields.map((f) => `${f.label} ${formatNumber(f.values[k], f.digits)}${f.unit ? ` ${f.unit}` : ''}`);
      lines.push(`${SPECS[id].label.replace(' (model)', '')}, directed link ${d.paths.link[k]}: ${values.join(', ')}`);
    }
    if (!ground) return lines;
    for (const id of ['uhi', 'lcz', 'air'] as const) {
      if (!this.available.includes(id) || !panel.isVisible(id)) continue;
      const d = this.data.get(this.shown.get(id) ?? '');
      if (!d || d.kind !== 'raster') continue;
      const v = this.host.overlay.rasterValueAt(ground[0], ground[1], id);
      if (!Number.isFinite(v)) continue;
      if (id === 'lcz') lines.push(`Local climate zone here: ${d.classLabels?.[v] ?? v}`);
      else lines.push(`${d.raster.title} here: ${formatNumber(v, 1)} ${d.raster.unit}`);
    }
    return lines;
  }
}
