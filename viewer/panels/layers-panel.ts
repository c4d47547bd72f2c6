/** Layer panel: one row per layer with a visibility toggle, an opacity slider, a status line and its legend. */
import { BUILDING_STYLES, type BuildingStyle, type Legend } from '../../workers/styles.ts';
import { el, setChildren } from '../dom.ts';
import type { LayerId } from '../url-state.ts';
import { legendElement } from './legend.ts';

export interface LayerSpec {
  id: LayerId;
  label: string;
  description: string;
  legend: Legend | null;
  /** A control shown under the layer's name (e.g. the pollutant of the air layer). */
  control?: HTMLElement;
}

export interface LayerHandlers {
  onVisible(id: LayerId, visible: boolean): void;
  onOpacity(id: LayerId, opacity: number): void;
  onStyle(style: BuildingStyle): void;
}

const STYLE_LABELS: Record<BuildingStyle, string> = {
  plain: 'plain',
  use: 'by use',
  period: 'by construction period',
  height: 'by height',
  'height-provenance': 'by provenance of the height',
  'sun-facade': 'by sun hours (façades)',
  'sun-roof': 'by sun hours (roof)',
};

export class LayersPanel {
  private readonly rows = new Map<
    LayerId,
    { row: HTMLElement; box: HTMLInputElement; slider: HTMLInputElement; status: HTMLElement; legend: HTMLElement; spec: LayerSpec; note?: string; action?: { button: HTMLButtonElement; text: HTMLElement; onClick: () => void } }
  >();
  private readonly styleSelect: HTMLSelectElement;

  constructor(root: HTMLElement, specs: LayerSpec[], visible: Set<LayerId>, opacity: Partial<Record<LayerId, number>>, style: BuildingStyle, private readonly handlers: LayerHandlers) {
    this.styleSelect = el('select', { attrs: { id: 'building-style', 'aria-label': 'Colour buildings' } }, ...BUILDING_STYLES.map((s) => el('option', { attrs: { value: s }, text: STYLE_LABELS[s] })));
    this.styleSelect.value = style;
    this.styleSelect.addEventListener('change', () => handlers.onStyle(this.styleSelect.value as BuildingStyle));
    const rows = specs.map((spec) => {
      const box = el('input', { attrs: { type: 'checkbox', id: `layer-${spec.id}`, checked: visible.has(spec.id) } });
      box.checked = visible.has(spec.id);
      const slider = el('input', { attrs: { type: 'range', id: `opacity-${spec.id}`, min: 0, max: 1, step: 0.05, 'aria-label': `${spec.label} opacity` } });
      slider.value = String(opacity[spec.id] ?? 1);
      const status = el('span', { class: 'layer-status' });
      const legend = el('div', { class: 'legend-box' });
      const row = el(
        'div',
        { class: 'layer', data: { layer: spec.id }, title: spec.description },
        el('div', { class: 'layer-head' }, el('label', { attrs: { for: `layer-${spec.id}` } }, box, ` ${spec.label}`), slider),
        spec.id === 'buildings' ? el('div', { class: 'layer-style' }, el('label', { attrs: { for: 'building-style' }, text: 'Colour ' }), this.styleSelect) : null,
        spec.control ? el('div', { class: 'layer-control' }, spec.control) : null,
        status,
        legend,
      );
      box.addEventListener('change', () => {
        this.renderLegend(spec.id);
        handlers.onVisible(spec.id, box.checked);
      });
      slider.addEventListener('input', () => handlers.onOpacity(spec.id, Number(slider.value)));
      this.rows.set(spec.id, { row, box, slider, status, legend, spec });
      return row;
    });
    setChildren(root, ...rows);
    for (const id of this.rows.keys()) this.renderLegend(id);
  }

  setLegend(id: LayerId, legend: Legend | null, note?: string): void {
    const r = this.rows.get(id);
    if (!r) return;
    r.spec.legend = legend;
    r.note = note;
    this.renderLegend(id);
  }

  /**
   * Status line of a layer, optionally with a button (e.g. cancel a computation). Repeated updates (progress)
   * change the text and keep the same button, so it can be clicked while the status changes.
   */
  setStatus(id: LayerId, text: string, action?: { label: string; onClick: () => void }): void {
    const r = this.rows.get(id);
    if (!r) return;
    if (!action) {
      r.action = undefined;
      r.status.textContent = text;
      return;
    }
    const current = r.action;
    if (current && current.button.isConnected && current.button.textContent === action.label) {
      current.onClick = action.onClick;
      current.text.textContent = text;
      return;
    }
    const b = el('button', { attrs: { type: 'button', id: `layer-action-${id}` }, text: action.label });
    const span = el('span', { text });
    const entry = { button: b, text: span, onClick: action.onClick };
    b.addEventListener('click', () => entry.onClick());
    r.action = entry;
    setChildren(r.status, span, b);
  }

  setChecked(id: LayerId, on: boolean): void {
    const r = this.rows.get(id);
    if (!r || r.box.checked === on) return;
    r.box.checked = on;
    this.renderLegend(id);
  }

  isVisible(id: LayerId): boolean {
    return this.rows.get(id)?.box.checked ?? false;
  }

  private renderLegend(id: LayerId): void {
    const r = this.rows.get(id)!;
    r.row.classList.toggle('off', !r.box.checked);
    setChildren(r.legend, r.box.checked && r.spec.legend ? legendElement(r.spec.legend, r.note) : null);
  }
}
