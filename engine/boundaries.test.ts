/**
 * Layer boundaries: engine/ imports nothing from viewer/, data/, scenarios/ or workers/, no renderer, no Node
 * built-ins and no DOM. Checked twice: a scan of import specifiers and globals, and a type-check of engine/
 * with the ECMAScript library only (tsconfig.engine.json), where any DOM or Node API is a compile error.
 *
 * Determinism: engine/ calls only the Math functions ECMAScript specifies exactly (sqrt, abs, floor, ceil, round,
 * trunc, min, max, sign, fround, imul, clz32, and the constants) and never the `**` operator — exp, log, pow,
 * sin, cos, atan2, hypot … are "implementation-approximated" and differ in the last bit between engines (Node's
 * V8 and a browser's), so the models use engine/math/dmath.ts instead (see engine/math/README.md).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENGINE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(ENGINE, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const FORBIDDEN_PACKAGES = /^(three|three\/.*|@deck\.gl\/.*|deck\.gl|3d-tiles-renderer.*|comlink|piscina|@duckdb\/.*|proj4)$/;
const DOM_OR_NODE_GLOBALS = /\b(window|document|navigator|localStorage|sessionStorage|HTMLElement|HTMLCanvasElement|requestAnimationFrame|process|Buffer|__dirname|__filename|require)\b/;
/** Math members whose results ECMAScript specifies exactly; every other member (exp, pow, sin, random …) is refused. */
const EXACT_MATH = new Set(['sqrt', 'abs', 'floor', 'ceil', 'round', 'trunc', 'min', 'max', 'sign', 'fround', 'imul', 'clz32', 'PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2']);

/** Removes comments and string contents so only code is scanned for globals. */
function codeOnly(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`(?:\\.|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

/** Problems in one engine source file (exported logic is exercised on bad samples below). */
export function boundaryProblems(file: string, src: string): string[] {
  const problems: string[] = [];
  const specs = [...src.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  for (const s of specs) {
    if (s.startsWith('.')) {
      const target = resolve(dirname(file), s);
      if (relative(ENGINE, target).startsWith('..')) problems.push(`${relative(ROOT, file)} imports ${s} (outside engine/)`);
    } else if (s.startsWith('node:') || builtinModules.includes(s)) problems.push(`${relative(ROOT, file)} imports the Node built-in ${s}`);
    else if (FORBIDDEN_PACKAGES.test(s)) problems.push(`${relative(ROOT, file)} imports ${s} (renderer, worker or I/O package)`);
  }
  const code = codeOnly(src);
  const g = DOM_OR_NODE_GLOBALS.exec(code);
  if (g) problems.push(`${relative(ROOT, file)} uses the DOM/Node global "${g[1]}"`);
  const inexact = [...new Set([...code.matchAll(/\bMath\s*\.\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]).filter((name) => !EXACT_MATH.has(name)))];
  for (const name of inexact) problems.push(`${relative(ROOT, file)} uses Math.${name}, not exactly specified by ECMAScript (use engine/math/dmath.ts)`);
  if (/\*\*/.test(code)) problems.push(`${relative(ROOT, file)} uses the ** operator, not exactly specified by ECMAScript (use dmath.pow, powInt, pow2i or sq)`);
  return problems;
}

describe('engine/ boundaries', () => {
  it('the checker catches each kind of violation', () => {
    const f = join(ENGINE, 'x.ts');
    expect(boundaryProblems(f, "import { a } from '../data/builder.ts';")).toHaveLength(1);
    expect(boundaryProblems(f, "import { b } from '../viewer/app.ts';")).toHaveLength(1);
    expect(boundaryProblems(f, "export * from '../scenarios/x.ts';")).toHaveLength(1);
    expect(boundaryProblems(f, "const w = await import('../workers/w.ts');")).toHaveLength(1);
    expect(boundaryProblems(f, "import fs from 'node:fs';")).toHaveLength(1);
    expect(boundaryProblems(f, "import path from 'path';")).toHaveLength(1);
    expect(boundaryProblems(f, "import * as THREE from 'three';")).toHaveLength(1);
    expect(boundaryProblems(f, 'const el = document.createElement("div");')).toHaveLength(1);
    expect(boundaryProblems(f, 'const n = process.env.X;')).toHaveLength(1);
    expect(boundaryProblems(f, "import { c } from './territory.ts'; // document is a word in a comment")).toEqual([]);
  });

  it('the checker catches implementation-approximated Math functions and the ** operator', () => {
    const f = join(ENGINE, 'x.ts');
    expect(boundaryProblems(f, 'const y = Math.exp(-x * x);')).toEqual(['engine/x.ts uses Math.exp, not exactly specified by ECMAScript (use engine/math/dmath.ts)']);
    expect(boundaryProblems(f, 'const a = Math.atan2(y, x) + Math.cos(a) * Math.cos(b);')).toHaveLength(2);
    expect(boundaryProblems(f, 'const d = Math.hypot(dx, dy);')).toHaveLength(1);
    expect(boundaryProblems(f, 'const r = Math.random();')).toHaveLength(1);
    expect(boundaryProblems(f, 'const t = (v / c) ** 4;')).toEqual(['engine/x.ts uses the ** operator, not exactly specified by ECMAScript (use dmath.pow, powInt, pow2i or sq)']);
    expect(boundaryProblems(f, 'let p = 1; p **= 0.5;')).toHaveLength(1);
    expect(boundaryProblems(f, 'const s = Math.sqrt(Math.abs(x)) * Math.PI + Math.floor(Math.max(a, b)) + Math.imul(i, 3);')).toEqual([]);
    expect(boundaryProblems(f, '/** Math.exp(x) in a comment */ const s = "a ** b"; // x ** 2')).toEqual([]);
  });

  it('engine sources import only engine/ and use no DOM or Node API', () => {
    const files = sourceFiles(ENGINE);
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((f) => boundaryProblems(f, readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('engine type-checks with the ECMAScript library only (no DOM, no Node types)', () => {
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const r = spawnSync(tsc, ['--noEmit', '-p', join(ROOT, 'tsconfig.engine.json')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
