/**
 * Data is never parsed as HTML: no viewer or worker source uses an HTML-parsing DOM sink, and `el()` refuses
 * event-handler attributes. (The browser test shows an injected source id rendered as text.)
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SINKS = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML\s*\(|document\.write\s*\(|createContextualFragment\s*\(|DOMParser\b|\bsrcdoc\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|html)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('no HTML sinks', () => {
  it('finds none in viewer/ and workers/', () => {
    const root = new URL('..', import.meta.url).pathname;
    const files = [...sources(join(root, 'viewer')), ...sources(join(root, 'workers'))];
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => SINKS.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the scan catches each kind of sink', () => {
    for (const bad of ['x.innerHTML = s', 'x.outerHTML= s', 'x.insertAdjacentHTML("beforeend", s)', 'document.write(s)', 'new DOMParser()']) expect(SINKS.test(bad)).toBe(true);
    expect(SINKS.test('x.textContent = s')).toBe(false);
  });
});
