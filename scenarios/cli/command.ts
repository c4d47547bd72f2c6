/** Contract of a `jumeau` sub-command: a declarative spec (documents and validates options) and a runner. */
import type { CommandSpec } from './args.ts';

export interface Out {
  log(s: string): void;
  err(s: string): void;
}

export interface Command {
  spec: CommandSpec;
  /** Runs with the arguments after the command name; returns the exit code. Throw UsageError for bad usage. */
  run(argv: string[], out: Out): Promise<number>;
}
