/**
 * The only way the viewer builds DOM: elements with text content and a fixed set of safe attributes. Data
 * values (source ids, names, rule descriptions, attributions…) always end up in `textContent`, never parsed as
 * HTML; `dom.test.ts` checks that no viewer file uses innerHTML, outerHTML, insertAdjacentHTML or document.write.
 */

type Child = Node | string | number | null | undefined | false;

const SAFE_ATTRIBUTES = new Set(['id', 'class', 'title', 'type', 'value', 'min', 'max', 'step', 'for', 'name', 'role', 'lang', 'aria-label', 'aria-live', 'list', 'placeholder', 'checked', 'disabled', 'hidden', 'open', 'colspan', 'scope', 'autocomplete']);

export interface ElOptions {
  id?: string;
  class?: string;
  text?: string | number;
  title?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  /** `data-*` attributes (values set as text). */
  data?: Record<string, string | number>;
  style?: Partial<Record<'background' | 'width' | 'height' | 'color' | 'borderColor' | 'left', string>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, opts: ElOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (opts.id) e.id = opts.id;
  if (opts.class) e.className = opts.class;
  if (opts.title) e.title = opts.title;
  for (const [k, v] of Object.entries(opts.attrs ?? {})) {
    if (!SAFE_ATTRIBUTES.has(k)) throw new Error(`el(): attribute "${k}" is not allowed`);
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [k, v] of Object.entries(opts.data ?? {})) e.dataset[k] = String(v);
  for (const [k, v] of Object.entries(opts.style ?? {})) if (v !== undefined) e.style[k as 'background'] = v;
  if (opts.text !== undefined) e.textContent = String(opts.text);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === 'object' ? c : String(c));
  return e;
}

/** Replaces the children of `parent`. */
export function setChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (typeof c === 'object' ? c : String(c))));
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no element #${id}`);
  return e as T;
}

/** Numbers as the viewer shows them: thin-space digit grouping (SI / ISO 80000-1 style), dot decimal. */
export function formatNumber(v: number, decimals = 0): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/,/g, '\u202f');
}
