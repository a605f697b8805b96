import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../e2e/helpers/server';
import { usingPostgres } from '../helpers/context';

// `npm start` as an operator runs it: the first start on a fresh clone builds dist/ once; a start on a built tree
// does not compile again and answers at once (the time itself is measured by `npm run bench`, not asserted here).
// A first start without an administrator says how to create one, with the full sign-in address.
const onSqlite = usingPostgres() ? describe.skip : describe;
jest.setTimeout(240_000);

const STAMP = path.join(ROOT, 'dist', '.build-stamp');

async function startNpm(dataDir: string): Promise<{ child: ChildProcess; output: () => string; port: number }> {
  const port = await freePort();
  let log = '';
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', BASE_URL: `http://127.0.0.1:${port}`, SCRYPT_COST_LOG2: '12' };
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok && /no administrator|listening on/.test(log)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // The administrator check runs just after listening: give its line a moment to arrive.
  await new Promise((r) => setTimeout(r, 300));
  return { child, output: () => log, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-(child.pid as number), 'SIGTERM');
  await exited;
}

onSqlite('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-start-'));
    // Whatever state the tree is in, leave it built (as `npm ci` does through the prepare script).
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-if-stale.js'), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(built.stderr);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('on a built tree it does not compile again, answers, and on a new installation says how to create the first administrator', async () => {
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-if-stale.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.stdout.trim()).toBe('up to date');
    const builtAt = fs.statSync(STAMP).mtimeMs;

    const first = await startNpm(dataDir);
    try {
      expect(fs.statSync(STAMP).mtimeMs).toBe(builtAt);
      expect(first.output()).not.toMatch(/Building dist/);
      expect(first.output()).toContain(`listening on http://127.0.0.1:${first.port}`);
      expect(first.output()).toContain('no administrator account yet');
      expect(first.output()).toContain('npm run -s cli -- user add --email');
      expect(first.output()).toContain(`http://127.0.0.1:${first.port}/login`);
      const icon = await fetch(`http://127.0.0.1:${first.port}/favicon.ico`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    } finally {
      await stop(first.child);
    }

    const cli = spawnSync('npm', ['run', '-s', 'cli', '--', 'user', 'add', '--email', 'first@example.org', '--name', 'First', '--role', 'admin', '--json'], {
      cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SCRYPT_COST_LOG2: '12' }, input: 'A-long-enough-passphrase-2026\n', encoding: 'utf8',
    });
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, email: 'first@example.org' });

    const second = await startNpm(dataDir);
    try {
      expect(second.output()).toContain('listening on');
      expect(second.output()).not.toContain('no administrator account yet');
    } finally {
      await stop(second.child);
    }
  });

  test('the build check sees a source newer than the build', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { staleReason } = require(path.join(ROOT, 'scripts/build-if-stale.js')) as { staleReason(root: string): string | null };
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-tree-'));
    try {
      expect(staleReason(tree)).toBe('no build yet');
      fs.mkdirSync(path.join(tree, 'server'), { recursive: true });
      fs.mkdirSync(path.join(tree, 'dist', 'server'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'server', 'main.ts'), '');
      fs.writeFileSync(path.join(tree, 'dist', 'server', 'main.js'), '');
      fs.writeFileSync(path.join(tree, 'dist', '.build-stamp'), '');
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(tree, 'server', 'main.ts'), past, past);
      expect(staleReason(tree)).toBeNull();
      fs.utimesSync(path.join(tree, 'server', 'main.ts'), new Date(), new Date(Date.now() + 1000));
      expect(staleReason(tree)).toBe('sources changed since the last build');
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
