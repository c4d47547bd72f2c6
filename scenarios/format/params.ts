/**
 * Typed model parameters, declared like deck.gl's `defaultProps`: one table per pipeline stage gives each
 * parameter's type, default, bounds, unit, description and source. The same tables generate the scenario
 * JSON Schema (scenarios/format/schema.ts), validate scenario files and drive the viewer's controls.
 */

export type ParamSpec =
  | { type: 'number' | 'integer'; value: number; min?: number; max?: number; unit?: string; description: string; source?: string }
  | { type: 'boolean'; value: boolean; description: string; source?: string }
  | { type: 'string'; value: string; enum?: readonly string[]; pattern?: string; description: string; source?: string };

export type ParamTable = Record<string, ParamSpec>;

export type ParamValues<T extends ParamTable> = { [K in keyof T]: T[K]['value'] };

/** Defaults of a table merged with the given values (values are assumed validated). */
export function resolveParams<T extends ParamTable>(table: T, values: Record<string, unknown> = {}): ParamValues<T> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(table)) out[k] = values[k] ?? spec.value;
  return out as ParamValues<T>;
}

/** JSON Schema of a parameter table (an object whose properties all have defaults). */
export function paramTableSchema(table: ParamTable, description: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(table)) {
    const s: Record<string, unknown> = { description: p.description + ('unit' in p && p.unit ? ` [${p.unit}]` : '') + (p.source ? ` (source: ${p.source})` : ''), default: p.value };
    if (p.type === 'number' || p.type === 'integer') {
      s.type = p.type;
      if (p.min !== undefined) s.minimum = p.min;
      if (p.max !== undefined) s.maximum = p.max;
      if (p.unit) s['x-unit'] = p.unit;
    } else if (p.type === 'string') {
      s.type = 'string';
      if (p.enum) s.enum = [...p.enum];
      if (p.pattern) s.pattern = p.pattern;
    } else s.type = 'boolean';
    properties[k] = s;
  }
  return { type: 'object', description, properties, additionalProperties: false };
}
