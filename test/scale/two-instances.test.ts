import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { bootstrap } from '../../server/bootstrap';
import { loadConfig } from '../../server/config';
import type { AppDeps } from '../../server/deps';
import { createLogger } from '../../server/logger';
import { createPost, createUnit, createUser } from '../helpers/factories';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// DESIGN.md §7 made real: two Qingfeng processes on one PostgreSQL database and one Redis, started at the same
// moment on an empty schema. Needs PG_TEST_URL (or a postgres DATABASE_URL) and REDIS_TEST_URL; .ci/run sets both.
const pgUrl = process.env.PG_TEST_URL ?? (/^postgres/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined);
const redisUrl = process.env.REDIS_TEST_URL;
const describeScale = pgUrl && redisUrl ? describe : describe.skip;
const ROOT = path.resolve(__dirname, '../..');

interface Instance { url: string; proc: ChildProcess; output: string[] }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-instance-'));
  const output: string[] = [];
  const proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), DATA_DIR: dataDir, BASE_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (c) => output.push(String(c)));
  proc.stderr?.on('data', (c) => output.push(String(c)));
  return { url: `http://127.0.0.1:${port}`, proc, output };
}

async function waitReady(instance: Instance): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${instance.url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance did not become ready:\n${instance.output.join('')}`);
}

function form(data: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(data).toString(), redirect: 'manual' };
}

describeScale('two instances on one PostgreSQL database and one Redis', () => {
  const schema = `scale_${crypto.randomBytes(5).toString('hex')}`;
  const secret = () => crypto.randomBytes(32).toString('base64');
  let smtp: TestSmtpServer;
  let a: Instance;
  let b: Instance;
  let deps: AppDeps;
  const shared: Record<string, string> = {};

  beforeAll(async () => {
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
    smtp = await startSmtpServer();
    Object.assign(shared, {
      DATABASE_URL: pgUrl as string, DATABASE_SCHEMA: schema, REDIS_URL: redisUrl as string, SMTP_URL: smtp.url,
      NOTIFY: 'immediate', SCRYPT_COST_LOG2: '12', RECEIPT_HASH_COST_LOG2: '12', LOG_LEVEL: 'warn',
      SESSION_SECRET: secret(), CODE_HASH_KEY: secret(), RECEIPT_SALT: secret(), AUDIT_KEY: secret(), ENCRYPTION_KEY: secret(),
    });
    // Both start at once on an empty schema: knex's migration lock lets exactly one migrate.
    [a, b] = await Promise.all([startInstance(shared), startInstance(shared)]);
    await Promise.all([waitReady(a), waitReady(b)]);
    const env = { ...shared, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-scale-')) };
    deps = await bootstrap({ env, config: loadConfig(env), logger: createLogger({ sink: () => undefined }) });
  });

  afterAll(async () => {
    await Promise.all([a, b].map((i) => i && new Promise<void>((resolve) => {
      if (i.proc.exitCode !== null) return resolve();
      i.proc.once('exit', () => resolve());
      i.proc.kill('SIGTERM');
    })));
    await deps?.sharedRateLimits?.close();
    await deps?.db.destroy();
    await smtp?.close();
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.destroy();
  });

  test('both instances migrated the one schema without a conflict', async () => {
    const migrations = await deps.db('knex_migrations').count({ n: '*' }).first();
    expect(Number(migrations?.n)).toBeGreaterThan(0);
    expect(a.output.join('') + b.output.join('')).not.toMatch(/failed to start|already exists/i);
  });

  test('an access code used on A is refused on B', async () => {
    const unit = await createUnit(deps.db);
    await createPost(deps.db, unit.id, { key: 'chief', title: '局长' });
    const period = await createPeriod(deps.db);
    const [code] = await createCodes(deps, period.id, unit.id, 1);
    const answers = await fullAnswers(deps.db, period.id, unit.id);
    const started = await fetch(`${a.url}/survey/start`, form({ code }));
    expect(started.status).toBe(200);
    const submitted = await fetch(`${a.url}/survey/submit`, form({ code, ...answers }));
    expect([200, 303]).toContain(submitted.status);
    const onB = await fetch(`${b.url}/survey/start`, form({ code }));
    expect(await onB.text()).toContain('此问卷码已经使用过');
    expect(await deps.db('held_responses').where({ period_id: period.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  test('a session opened on A is valid on B', async () => {
    const user = await createUser(deps.db, { role: 'admin' });
    const res = await fetch(`${a.url}/login`, form({ email: user.email, password: user.password }));
    expect(res.status).toBe(303);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    expect(cookie).toMatch(/^qf_session=/);
    const viaB = await fetch(`${b.url}/committee`, { headers: { cookie }, redirect: 'manual' });
    expect(viaB.status).toBe(200);
  });

  test('a report filed on A notifies each committee member exactly once though both instances run the outbox worker', async () => {
    const unit = await createUnit(deps.db, { key: `scale-${Date.now()}` });
    await createPost(deps.db, unit.id, { key: 'chief', title: '局长' });
    const reviewer = await createUser(deps.db, { role: 'reviewer', unitIds: [unit.id] });
    const body = new FormData();
    for (const [k, v] of Object.entries({ unit: unit.key, post: 'chief', matter: 'procurement', behaviour: 'favour', occurred_on: '2026-10', channel: 'phone', description: '有人打招呼要求在采购评标中照顾某公司，金额较大。' })) body.append(k, v);
    const filed = await fetch(`${a.url}/report`, { method: 'POST', body, redirect: 'manual' });
    expect(filed.status).toBeLessThan(400);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && smtp.to(reviewer.email).length === 0) await new Promise((r) => setTimeout(r, 250));
    expect(smtp.to(reviewer.email)).toHaveLength(1);
    // Both workers poll every few seconds; give them several more rounds to (wrongly) send it again.
    await new Promise((r) => setTimeout(r, 12_000));
    expect(smtp.to(reviewer.email)).toHaveLength(1);
  });

  test('a rate limit exhausted on A refuses on B', async () => {
    const wrong = { email: `nobody-${Date.now()}@example.org`, password: 'not-the-password-at-all' };
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await fetch(`${a.url}/login`, form(wrong))).status;
    expect(status).toBe(429);
    expect((await fetch(`${b.url}/login`, form(wrong))).status).toBe(429);
  });
});
