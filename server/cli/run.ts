import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { translator } from '../i18n';
import { CliError, type CliCommand, type Flags } from './command';

export interface ParsedArgs {
  words: string[];
  flags: Flags;
}

/** Options every command takes: machine-readable output and help. */
const GLOBAL_FLAGS = ['json', 'help'];

/** `--name value`, `--name=value` and bare `--flag` (true); everything else is a word. */
export function parseArgs(argv: string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (inline !== undefined) flags[name] = inline;
      else if (name !== 'json' && name !== 'help' && i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[name] = argv[++i];
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
  return [
    'Usage: npm run -s cli -- <command> [--json]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'npm run -s cli -- help COMMAND   shows one command (or every command starting with those words).',
  ].join('\n');
}

/** `help WORDS`: the commands whose names start with the words, with usage and summary; null when none does. */
export function commandHelp(commands: CliCommand[], words: string[]): string | null {
  const matching = commands.filter((c) => words.every((w, i) => c.name.split(' ')[i] === w));
  if (!words.length || !matching.length) return words.length ? null : helpText(commands);
  return matching.map((c) => `Usage: npm run -s cli -- ${c.usage}${c.usage.includes('--json') ? '' : ' [--json]'}\n\n  ${c.summary}`).join('\n\n');
}

/** The options a command accepts: those its usage line names, and the global ones. */
export function optionsOf(command: CliCommand): string[] {
  return [...new Set([...[...command.usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1]), ...GLOBAL_FLAGS])];
}

/** Levenshtein distance, to suggest the option that was probably meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function unknownOptions(command: CliCommand, flags: Flags): string | null {
  const allowed = optionsOf(command);
  const unknown = Object.keys(flags).filter((f) => !allowed.includes(f));
  if (!unknown.length) return null;
  const hints = unknown.map((f) => {
    const near = allowed.filter((a) => distance(a, f) <= 2).sort((x, y) => distance(x, f) - distance(y, f))[0];
    return near ? `--${f} (did you mean --${near}?)` : `--${f}`;
  });
  return `unknown option${unknown.length > 1 ? 's' : ''} ${hints.join(', ')} for "${command.name}". Usage: npm run -s cli -- ${command.usage}`;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

/**
 * The one way a refusal is printed: a line on stderr, and with --json also {"ok":false,"error":…} on stdout (the
 * README's promise); exit code 1.
 */
export function refuse(io: Pick<Io, 'out' | 'err'>, json: boolean, message: string, details: string[] = []): number {
  if (json) io.out(JSON.stringify({ ok: false, error: message, details }));
  io.err(message);
  return 1;
}

/** A refusal's words: a CliError's own, a service's message key in English, else the error's message. */
export function refusalText(err: unknown): { message: string; details: string[] } {
  if (err instanceof CliError) return { message: err.message, details: err.details };
  if (err instanceof AppError) return { message: translator('en')(err.messageKey, err.params), details: [] };
  return { message: err instanceof Error ? err.message : String(err), details: [] };
}

export const unknownCommand = (words: string[]) => `unknown command: ${words.join(' ') || '(none)'}. Run "npm run -s cli -- help" to list the commands.`;

/** What is wrong with the command line before anything runs (an unknown command or option), or null. */
export function invocationError(commands: CliCommand[], parsed: ParsedArgs): string | null {
  const found = findCommand(commands, parsed.words);
  return found ? unknownOptions(found.command, parsed.flags) : unknownCommand(parsed.words);
}

/** Runs one command; returns the exit code. JSON mode prints exactly one JSON document on stdout. */
export async function runCommand(deps: AppDeps, commands: CliCommand[], parsed: ParsedArgs, io: Io): Promise<number> {
  const json = parsed.flags.json === true;
  const wrong = invocationError(commands, parsed);
  const found = findCommand(commands, parsed.words);
  if (wrong || !found) return refuse(io, json, wrong ?? unknownCommand(parsed.words));
  try {
    const result = await found.command.run({ deps, args: found.args, flags: parsed.flags, readStdin: io.readStdin });
    io.out(json ? JSON.stringify(result.json) : result.text);
    return 0;
  } catch (err) {
    if (!(err instanceof CliError) && !(err instanceof AppError)) throw err;
    const { message, details } = refusalText(err);
    return refuse(io, json, message, details);
  }
}
