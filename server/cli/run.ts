import type { AppDeps } from '../deps';
import { CliError, type CliCommand, type Flags } from './command';

export interface ParsedArgs {
  words: string[];
  flags: Flags;
}

/** `--name value`, `--name=value` and bare `--flag` (true); everything else is a word. */
export function parseArgs(argv: string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (inline !== undefined) flags[name] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[name] = argv[++i];
      else flags[name] = true;
    } else words.push(arg);
  }
  return { words, flags };
}

/** The longest command whose words prefix the given words. */
export function findCommand(commands: CliCommand[], words: string[]): { command: CliCommand; args: string[] } | null {
  let best: CliCommand | null = null;
  for (const c of commands) {
    const parts = c.name.split(' ');
    if (parts.every((p, i) => words[i] === p) && (!best || parts.length > best.name.split(' ').length)) best = c;
  }
  return best ? { command: best, args: words.slice(best.name.split(' ').length) } : null;
}

export function helpText(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return ['Usage: npm run -s cli -- <command> [--json]', '', ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

/** Runs one command; returns the exit code. JSON mode prints exactly one JSON document on stdout. */
export async function runCommand(deps: AppDeps, commands: CliCommand[], parsed: ParsedArgs, io: Io): Promise<number> {
  const json = parsed.flags.json === true;
  const found = findCommand(commands, parsed.words);
  if (!found) {
    io.err(`Unknown command: ${parsed.words.join(' ') || '(none)'}\n\n${helpText(commands)}`);
    return 2;
  }
  try {
    const result = await found.command.run({ deps, args: found.args, flags: parsed.flags, readStdin: io.readStdin });
    io.out(json ? JSON.stringify(result.json) : result.text);
    return 0;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    if (json) io.out(JSON.stringify({ ok: false, error: err.message, details: err.details }));
    io.err(err.message);
    return err.exitCode;
  }
}
