import { commands } from '../../server/cli/commands';
import { parseArgs, runCommand } from '../../server/cli/run';
import type { AppDeps } from '../../server/deps';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs a CLI command in-process against the test's database, as `npm run -s cli -- …` would. */
export async function runCli(deps: AppDeps, argv: string[], stdin = ''): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCommand(deps, commands, parseArgs(argv), { out: (t) => out.push(t), err: (t) => err.push(t), readStdin: async () => stdin });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
