/** Legend of a layer (classes or a continuous ramp), always with its unit. */
import type { Legend, Rgb } from '../../workers/styles.ts';
import { el, formatNumber } from '../dom.ts';

const css = (c: Rgb): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export function legendElement(legend: Legend, note?: string): HTMLElement {
  const head = el('div', { class: 'legend-title' }, el('span', { text: legend.title }), el('span', { class: 'legend-unit', text: legend.unit ? ` (${legend.unit})` : '' }));
  if (legend.kind === 'classes') {
    const w = legend.widths;
    const maxW = w ? Math.max(...w.entries.map((e) => e.widthM)) : 1;
    return el(
      'div',
      { class: 'legend' },
      head,
      el('ul', { class: 'legend-classes' }, ...legend.entries.map((e) => el('li', {}, el('span', { class: 'swatch', style: { background: css(e.color) } }), el('span', { text: e.label })))),
      w
        ? el(
            'div',
            { class: 'legend-widths' },
            el('div', { class: 'legend-title', text: w.title }),
            // Bars in proportion to the drawn widths (the map's own scale depends on the zoom).
            ...w.entries.map((e) => el('div', { class: 'legend-width' }, el('span', { class: 'width-bar', style: { height: `${Math.max(1, Math.round((12 * e.widthM) / maxW))}px` } }), el('span', { text: e.label }))),
          )
        : null,
      note ? el('div', { class: 'legend-note', text: note }) : null,
    );
  }
  const span = legend.max - legend.min;
  const marks = legend.marks ?? [];
  const onRamp = marks.filter((m) => span > 0 && m.value >= legend.min && m.value <= legend.max);
  const stops = legend.stops.map((c, i) => `${css(c)} ${((i / (legend.stops.length - 1)) * 100).toFixed(1)}%`).join(', ');
  const digits = legend.max - legend.min < 10 ? 1 : 0;
  return el(
    'div',
    { class: 'legend' },
    head,
    el(
      'div',
      { class: 'legend-ramp', style: { background: `linear-gradient(to right, ${stops})` } },
      ...onRamp.map((m) => el('span', { class: 'legend-mark', title: m.label, style: { left: `${(((m.value - legend.min) / span) * 100).toFixed(2)}%` } })),
    ),
    el('div', { class: 'legend-ticks' }, el('span', { text: formatNumber(legend.min, digits) }), el('span', { text: formatNumber((legend.min + legend.max) / 2, digits) }), el('span', { text: `${formatNumber(legend.max, digits)} ${legend.unit}` })),
    marks.length
      ? el('ul', { class: 'legend-marks' }, ...marks.map((m) => el('li', { text: `${onRamp.includes(m) ? '│' : '›'} ${formatNumber(m.value, Number.isInteger(m.value) ? 0 : 1)} ${legend.unit}: ${m.label}${onRamp.includes(m) ? '' : m.value < legend.min ? ' — exceeded everywhere on the map' : ' — reached nowhere on the map'}` })))
      : null,
    legend.noData ? el('ul', { class: 'legend-classes legend-nodata' }, el('li', {}, el('span', { class: 'swatch', style: { background: legend.noDataColor ? css(legend.noDataColor) : 'transparent' } }), el('span', { text: legend.noData }))) : null,
    note ? el('div', { class: 'legend-note', text: note }) : null,
  );
}
