import type { AppDeps } from '../deps';

export type Flags = Record<string, string | true>;

export interface CliContext {
  deps: AppDeps;
  /** Positional arguments after the command words. */
  args: string[];
  flags: Flags;
  /** Standard input as text ('' when it is a terminal). */
  readStdin(): Promise<string>;
}

export interface CliResult {
  /** Printed with --json. */
  json: unknown;
  /** Printed otherwise. */
  text: string;
}

export interface CliCommand {
  /** Command words, e.g. 'org import'. */
  name: string;
  usage: string;
  summary: string;
  run(ctx: CliContext): Promise<CliResult>;
}

/** A refusal the user can fix; printed as one line (or {"ok":false,"error":…} with --json), exit code 1. */
export class CliError extends Error {
  constructor(message: string, readonly details: string[] = [], readonly exitCode = 1) {
    super(message);
  }
}

export function flagString(flags: Flags, name: string, required = true): string | undefined {
  const value = flags[name];
  if (typeof value === 'string' && value !== '') return value;
  if (required) throw new CliError(`--${name} is required`);
  return undefined;
}
