import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Exit codes scripts rely on. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command line that cannot be carried out as written: exit 2, with the command's usage. */
export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** The full `--help` text. */
  help: string;
  run(args: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs`, strict, with `--help` on every command; a bad option is a `UsageError` naming it. */
export function parseCommand<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The one option every networked command shares, with the token scripts already export for the API. */
export const SERVER_OPTION = { server: { type: 'string' } } as const;
