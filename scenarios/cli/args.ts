/** A small, strict command-line parser: every option is declared, unknown options are errors. */

export interface OptionSpec {
  name: string;
  /** Value placeholder (e.g. `<dir>`); absent for boolean flags. */
  value?: string;
  description: string;
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  description?: string;
  positionals: Array<{ name: string; description: string }>;
  options: OptionSpec[];
  examples?: string[];
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Parsed {
  positionals: string[];
  options: Record<string, string | true>;
}

export function parseArgs(spec: CommandSpec, argv: string[]): Parsed {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const opt = spec.options.find((o) => o.name === name);
      if (!opt) throw new UsageError(`unknown option --${name} for "${spec.name}" (see jumeau ${spec.name} --help)`);
      if (opt.value) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined || (eq < 0 && v.startsWith('--'))) throw new UsageError(`option --${name} needs a value ${opt.value}`);
        options[name] = v;
      } else {
        if (eq > 0) throw new UsageError(`option --${name} takes no value`);
        options[name] = true;
      }
    } else positionals.push(a);
  }
  for (const o of spec.options) if (o.required && options[o.name] === undefined) throw new UsageError(`missing required option --${o.name} ${o.value ?? ''}`.trim());
  if (positionals.length > spec.positionals.length) throw new UsageError(`unexpected argument "${positionals[spec.positionals.length]}" for "${spec.name}"`);
  if (positionals.length < spec.positionals.length) throw new UsageError(`missing argument <${spec.positionals[positionals.length].name}> for "${spec.name}" (usage: jumeau ${spec.usage})`);
  return { positionals, options };
}

export function formatHelp(spec: CommandSpec): string {
  const lines = [`Usage: jumeau ${spec.usage}`, '', spec.summary];
  if (spec.description) lines.push('', spec.description);
  if (spec.positionals.length) {
    lines.push('', 'Arguments:');
    for (const p of spec.positionals) lines.push(`  ${`<${p.name}>`.padEnd(28)} ${p.description}`);
  }
  lines.push('', 'Options:');
  for (const o of spec.options) lines.push(`  ${`--${o.name}${o.value ? ` ${o.value}` : ''}`.padEnd(28)} ${o.description}${o.required ? ' (required)' : ''}`);
  lines.push(`  ${'--verbose'.padEnd(28)} print stack traces with errors`, `  ${'--help'.padEnd(28)} show this help`);
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** Parses "a,b,c,d" into four finite numbers with min < max, or throws a UsageError naming the option. */
export function parseBox(name: string, v: string): [number, number, number, number] {
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) throw new UsageError(`--${name} expects minx,miny,maxx,maxy (four numbers), got "${v}"`);
  if (parts[0] >= parts[2] || parts[1] >= parts[3]) throw new UsageError(`--${name}: min must be below max in "${v}"`);
  return parts as [number, number, number, number];
}

export function parseIntOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got "${v}"`);
  return n;
}
