import { bootstrap } from '../bootstrap';
import type { AppDeps } from '../deps';
import { createLogger } from '../logger';
import { commands } from './commands';
import { commandHelp, invocationError, parseArgs, refusalText, refuse, runCommand, unknownCommand } from './run';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io = {
  out: (text: string) => process.stdout.write(text + '\n'),
  err: (text: string) => process.stderr.write(text + '\n'),
  readStdin,
};

// The command-line entry: same environment variables as the server (DESIGN.md §8).
async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  const json = parsed.flags.json === true;
  // help, help WORDS, or WORDS --help: no database needed.
  const asksHelp = parsed.words[0] === 'help' || parsed.words.length === 0 || parsed.flags.help === true;
  if (asksHelp) {
    const words = parsed.words[0] === 'help' ? parsed.words.slice(1) : parsed.words;
    const text = commandHelp(commands, words);
    if (text === null) return refuse(io, json, unknownCommand(words));
    io.out(text);
    return 0;
  }
  const wrong = invocationError(commands, parsed);
  if (wrong) return refuse(io, json, wrong);
  // Logs go to stderr so that --json output stays one clean document.
  const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(line + '\n') });
  let deps: AppDeps;
  try {
    deps = await bootstrap({ logger });
  } catch (err) {
    return refuse(io, json, refusalText(err).message);
  }
  try {
    return await runCommand(deps, commands, parsed, io);
  } finally {
    await deps.renderer.close();
    await deps.db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const json = process.argv.includes('--json');
    refuse(io, json, err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
