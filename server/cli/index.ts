import { bootstrap } from '../bootstrap';
import { createLogger } from '../logger';
import { commands } from './commands';
import { helpText, parseArgs, runCommand } from './run';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// The command-line entry: same environment variables as the server (DESIGN.md §8).
async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.words.length === 0 || parsed.words[0] === 'help' || parsed.flags.help) {
    process.stdout.write(helpText(commands) + '\n');
    return 0;
  }
  // Logs go to stderr so that --json output stays one clean document.
  const logger = createLogger({ level: 'warn', sink: (line) => process.stderr.write(line + '\n') });
  const deps = await bootstrap({ logger });
  try {
    return await runCommand(deps, commands, parsed, {
      out: (text) => process.stdout.write(text + '\n'),
      err: (text) => process.stderr.write(text + '\n'),
      readStdin,
    });
  } finally {
    await deps.renderer.close();
    await deps.db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
