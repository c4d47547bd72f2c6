/**
 * Validator for the subset of JSON Schema used by the scenario schema (type, const, enum, properties,
 * required, additionalProperties: false, minProperties, items, minItems, maxItems, uniqueItems, minimum,
 * maximum, exclusiveMinimum, minLength, pattern, $ref to #/$defs, oneOf with an `x-discriminator`).
 * Every error gives the JSON path, what was expected and what was found.
 */

export interface ValidationError {
  /** JSON path, e.g. `$.interventions[2].addFloors`. */
  path: string;
  expected: string;
  found: string;
}

type Schema = Record<string, any>;

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};
const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const key = (path: string, k: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);

export function validate(root: Schema, value: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const resolve = (s: Schema): Schema => {
    let cur = s;
    while (cur.$ref) {
      const m = /^#\/\$defs\/(.+)$/.exec(cur.$ref);
      if (!m || !root.$defs?.[m[1]]) throw new Error(`schema: unresolved $ref ${cur.$ref}`);
      const { $ref: _ref, ...rest } = cur;
      cur = { ...root.$defs[m[1]], ...rest };
    }
    return cur;
  };
  const err = (path: string, expected: string, found: unknown): void => {
    errors.push({ path, expected, found: show(found) });
  };

  const check = (schema: Schema, v: unknown, path: string): void => {
    const s = resolve(schema);
    if ('const' in s) {
      if (v !== s.const) err(path, show(s.const), v);
      return;
    }
    if (s.enum) {
      if (!s.enum.includes(v)) err(path, `one of ${s.enum.map(show).join(', ')}`, v);
      return;
    }
    if (s.oneOf) {
      const disc = s['x-discriminator'] as string | undefined;
      const branches = (s.oneOf as Schema[]).map(resolve);
      if (disc) {
        const tags = branches.map((b) => b.properties?.[disc]?.const);
        if (typeOf(v) !== 'object') return err(path, `an object with "${disc}" one of ${tags.join(', ')}`, v);
        const tag = (v as Record<string, unknown>)[disc];
        const i = tags.indexOf(tag);
        if (i < 0) return err(key(path, disc), `one of ${tags.join(', ')}`, tag);
        return check(branches[i], v, path);
      }
      const ok = branches.filter((b) => {
        const n = errors.length;
        check(b, v, path);
        const pass = errors.length === n;
        errors.length = n;
        return pass;
      });
      if (ok.length !== 1) err(path, `exactly one of ${branches.length} alternatives`, v);
      return;
    }
    const t = typeOf(v);
    if (s.type) {
      const want = s.type as string;
      const fits = want === t || (want === 'number' && (t === 'integer' || (t === 'number' && Number.isFinite(v))));
      if (!fits || (want === 'number' && typeof v === 'number' && !Number.isFinite(v))) return err(path, want === 'integer' ? 'an integer' : `a ${want}`, v);
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) err(path, `a number ≥ ${s.minimum}`, v);
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) err(path, `a number > ${s.exclusiveMinimum}`, v);
      if (s.maximum !== undefined && v > s.maximum) err(path, `a number ≤ ${s.maximum}`, v);
    }
    if (typeof v === 'string') {
      if (s.minLength !== undefined && v.length < s.minLength) err(path, `a string of at least ${s.minLength} characters`, v);
      if (s.pattern && !new RegExp(s.pattern).test(v)) err(path, `a string matching ${s.pattern}`, v);
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) err(path, `at least ${s.minItems} items`, `${v.length}`);
      if (s.maxItems !== undefined && v.length > s.maxItems) err(path, `at most ${s.maxItems} items`, `${v.length}`);
      if (s.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) err(path, 'unique items', v);
      if (s.items) v.forEach((item, i) => check(s.items, item, `${path}[${i}]`));
    }
    if (t === 'object' && (s.properties || s.required || s.additionalProperties === false)) {
      const o = v as Record<string, unknown>;
      for (const r of s.required ?? []) if (!(r in o)) err(key(path, r), `required property "${r}"`, undefined);
      if (s.minProperties !== undefined && Object.keys(o).length < s.minProperties) err(path, `at least ${s.minProperties} of ${Object.keys(s.properties ?? {}).join(', ')}`, v);
      for (const [k, val] of Object.entries(o)) {
        const ps = s.properties?.[k];
        if (ps) check(ps, val, key(path, k));
        else if (s.additionalProperties === false) err(key(path, k), `no property "${k}" (allowed: ${Object.keys(s.properties ?? {}).join(', ')})`, val);
      }
    }
  };
  check(root, value, '$');
  return errors;
}

export function formatErrors(errors: ValidationError[], source: string): string {
  return errors.map((e) => `${source}: ${e.path}: expected ${e.expected}, found ${e.found}`).join('\n');
}
