import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';

// A real server process (node + tsx on the sources, as `npm run dev` runs it) on a free loopback port with a temp
// DATA_DIR, for browser journeys and crash tests. Its stdout/stderr are captured for the anonymity audit.
export const ROOT = path.resolve(__dirname, '../../..');
const TSX_LOADER = require.resolve('tsx', { paths: [ROOT] });

export const usingPostgres = () => /^postgres/.test(process.env.DATABASE_URL ?? '');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  /** Extra environment for the server and the CLI (NOTIFY, rate limits …). */
  env?: Record<string, string>;
  /** Run the compiled server (dist/, as `npm start` does; build it first) instead of the sources through tsx. */
  built?: boolean;
  /** Extra node flags for the server process (e.g. --cpu-prof when profiling a benchmark). */
  nodeArgs?: string[];
  /** Use PostgreSQL (a fresh schema in DATABASE_URL) even where SQLite is the default. */
  postgres?: boolean;
}

export interface RunningServer {
  port: number;
  baseUrl: string;
  dataDir: string;
  /** The PostgreSQL schema the server works in (undefined on SQLite). */
  schema?: string;
  env: Record<string, string>;
  /** Everything the process printed, across restarts. */
  output(): string;
  process(): ChildProcess;
  /** SIGKILL now, no goodbye; resolves when the process is gone. */
  kill9(): Promise<void>;
  /** Starts the process again on the same port and data. */
  restart(): Promise<void>;
  /** A knex connection to the server's database (closed by stop()). */
  db(): Knex;
  /** `npm run -s cli -- …` against the same data; returns stdout (throws on a non-zero exit). */
  cli(args: string[], input?: string): string;
  stop(): Promise<void>;
}

async function waitReady(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = new URL(baseUrl).port;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      // Ours, not another test's server that took the same free port first: ours says it listens on this port.
      if (res.ok && output().includes(`"port":${port},`)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-proof-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const pg = options.postgres ?? usingPostgres();
  const schema = pg ? `e2e_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const pgUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  if (schema) {
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: pg ? pgUrl : '',
    ...(schema ? { DATABASE_SCHEMA: schema } : {}),
    BASE_URL: baseUrl,
    SCRYPT_COST_LOG2: '12',
    RECEIPT_HASH_COST_LOG2: '12',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  let log = '';
  let child: ChildProcess;
  const db = knexFactory(
    pg
      ? { client: 'pg', connection: pgUrl, searchPath: [schema as string], pool: { min: 0, max: 2 } }
      : { client: 'better-sqlite3', connection: { filename: path.join(dataDir, 'qingfeng.db') }, useNullAsDefault: true, pool: { min: 0, max: 1, afterCreate: (c: { exec: (s: string) => void }, done: (e: Error | null, c: unknown) => void) => { c.exec('PRAGMA busy_timeout = 10000'); done(null, c); } } },
  );

  const launch = async () => {
    const entry = options.built ? [path.join(ROOT, 'dist/server/main.js')] : ['--import', TSX_LOADER, path.join(ROOT, 'server/main.ts')];
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitReady(baseUrl, child, () => log);
  };
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

  await launch();
  return {
    port,
    baseUrl,
    dataDir,
    schema,
    env,
    output: () => log,
    process: () => child,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    restart: launch,
    db: () => db,
    cli(args, input) {
      const res = spawnSync(process.execPath, ['--import', TSX_LOADER, path.join(ROOT, 'server/cli/index.ts'), ...args], { cwd: ROOT, env, input: input ?? '', encoding: 'utf8' });
      log += res.stderr ?? '';
      if (res.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${res.status}: ${res.stdout}${res.stderr}`);
      return res.stdout;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 6000);
        await exited(child);
        clearTimeout(timer);
      }
      await db.destroy();
      if (schema) {
        const admin = knexFactory({ client: 'pg', connection: pgUrl });
        await admin.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.destroy();
      }
      if (!process.env.KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
