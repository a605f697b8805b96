import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../e2e/helpers/server';

// How long `npm start` takes on a built tree until /healthz answers: what an operator waits for after a restart.
// Run as the operator runs it (npm, the build check, node), on a fresh data folder (migrations and defaults run) and
// again on the same folder.

async function answered(url: string, child: ReturnType<typeof spawn>, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'production' }, stdio: 'ignore', detached: true });
  try {
    return await answered(`http://127.0.0.1:${port}/healthz`, child, started);
  } finally {
    process.kill(-(child.pid as number), 'SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median time to the first answer over `runs` starts, on a fresh data folder and on one that is already set up. */
export async function measureStartup(runs = 5): Promise<{ fresh: number; existing: number; runs: number }> {
  const fresh: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-startup-'));
    try {
      fresh.push(await startOnce(dir));
      existing.push(await startOnce(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { fresh: median(fresh), existing: median(existing), runs };
}
