/** Legend of a layer (classes or a continuous ramp), always with its unit. */
import type { Legend, Rgb } from '../../workers/styles.ts';
import { el, formatNumber } from '../dom.ts';

const css = (c: Rgb): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export function legendElement(legend: Legend, note?: string): HTMLElement {
  const head = el('div', { class: 'legend-title' }, el('span', { text: legend.title }), el('span', { class: 'legend-unit', text: legend.unit ? ` (${legend.unit})` : '' }));
  if (legend.kind === 'classes') {
    return el(
      'div',
      { class: 'legend' },
      head,
      el('ul', { class: 'legend-classes' }, ...legend.entries.map((e) => el('li', {}, el('span', { class: 'swatch', style: { background: css(e.color) } }), el('span', { text: e.label })))),
      note ? el('div', { class: 'legend-note', text: note }) : null,
    );
  }
  const stops = legend.stops.map((c, i) => `${css(c)} ${((i / (legend.stops.length - 1)) * 100).toFixed(1)}%`).join(', ');
  const digits = legend.max - legend.min < 10 ? 1 : 0;
  return el(
    'div',
    { class: 'legend' },
    head,
    el('div', { class: 'legend-ramp', style: { background: `linear-gradient(to right, ${stops})` } }),
    el('div', { class: 'legend-ticks' }, el('span', { text: formatNumber(legend.min, digits) }), el('span', { text: formatNumber((legend.min + legend.max) / 2, digits) }), el('span', { text: `${formatNumber(legend.max, digits)} ${legend.unit}` })),
    legend.noData ? el('ul', { class: 'legend-classes legend-nodata' }, el('li', {}, el('span', { class: 'swatch', style: { background: legend.noDataColor ? css(legend.noDataColor) : 'transparent' } }), el('span', { text: legend.noData }))) : null,
    note ? el('div', { class: 'legend-note', text: note }) : null,
  );
}
