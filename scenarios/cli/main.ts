/**
 * `jumeau` command-line interface for analysts. Sub-commands are declared in ./commands/ (spec + runner);
 * this file dispatches, prints help, and turns every error into one line and a non-zero exit code
 * (1 = failure, 2 = usage; the stack trace only with --verbose).
 */
import { readFileSync } from 'node:fs';
import { formatHelp, UsageError } from './args.ts';
import type { Command, Out } from './command.ts';
import { COMMANDS } from './commands/index.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function globalHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  return [
    `jumeau ${VERSION} — urban digital twin and what-if simulator`,
    '',
    'Usage: jumeau <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(w)} ${c.spec.summary}`),
    '',
    'Global options:',
    '  --help        show help (also: jumeau <command> --help)',
    '  --version     print the version',
    '  --verbose     print stack traces with errors',
  ].join('\n');
}

/** The command whose (possibly multi-word) name prefixes argv, with the remaining arguments. */
function findCommand(args: string[]): { cmd: Command; rest: string[] } | null {
  let best: { cmd: Command; rest: string[] } | null = null;
  for (const cmd of COMMANDS) {
    const words = cmd.spec.name.split(' ');
    if (words.every((w, i) => args[i] === w) && (!best || words.length > best.cmd.spec.name.split(' ').length)) best = { cmd, rest: args.slice(words.length) };
  }
  return best;
}

const stdio: Out = { log: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  try {
    if (!args.length) {
      out.err(globalHelp());
      return 2;
    }
    if (args[0] === '--help' || args[0] === 'help') {
      out.log(globalHelp());
      return 0;
    }
    if (args[0] === '--version') {
      out.log(VERSION);
      return 0;
    }
    const found = findCommand(args);
    if (!found) {
      const group = COMMANDS.filter((c) => c.spec.name.startsWith(`${args[0]} `));
      if (group.length) throw new UsageError(`unknown ${args[0]} command "${args[1] ?? ''}" (expected: ${group.map((c) => c.spec.name).join(', ')})`);
      throw new UsageError(`unknown command "${args[0]}" (see jumeau --help)`);
    }
    if (found.rest.includes('--help')) {
      out.log(formatHelp(found.cmd.spec));
      return 0;
    }
    return await found.cmd.run(found.rest, out);
  } catch (e) {
    const err = e as Error;
    out.err(`jumeau: ${err instanceof UsageError ? '' : 'error: '}${err.message.split('\n')[0]}`);
    if (verbose && err.stack) out.err(err.stack);
    return err instanceof UsageError ? 2 : 1;
  }
}
