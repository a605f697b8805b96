import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app';
import { connectSharedRateLimits } from '../../server/redis';
import { createLogger } from '../../server/logger';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { found, placesKept } from '../helpers/kept-bytes';
import { decodeMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { createPeriod } from '../helpers/survey-factories';

// DESIGN.md §4 / issue 13: an invitee's address and code are never written together to durable storage. Invitations
// go out from memory over SMTP; one the mail server refuses is listed by address alone and its code revoked; without
// SMTP (file-mail mode) the page explains that invitations need a mail server and points to printed slips.
const redisUrl = process.env.REDIS_TEST_URL;
let smtp: TestSmtpServer;
let ctx: TestContext;
let admin: SignedIn;
let unit: { id: number; key: string; name: string };
beforeAll(async () => {
  smtp = await startSmtpServer();
  ctx = await createTestContext({ SMTP_URL: smtp.url });
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  unit = await createUnit(ctx.deps.db, { key: 'invite-unit', name: '邀请测试局' });
  await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
  await createPeriod(ctx.deps.db, { key: 'invite-period' });
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

const codeIn = (raw: string) => /([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})/.exec(decodeMail(raw).text)![1];
const addresses = Array.from({ length: 6 }, (_, i) => `invitee.${i}.zq${Date.now().toString(36)}@staff.example.org`);

test('invitations go out over SMTP at once; afterwards no address and no code is kept in the data folder, the database or Redis', async () => {
  const shared = redisUrl ? connectSharedRateLimits(redisUrl, createLogger({ sink: () => undefined })) : undefined;
  const app = shared ? createApp({ ...ctx.deps, sharedRateLimits: shared }) : ctx.app;
  try {
    const bad = await admin.post('/admin/survey/invitations', { period: 'invite-period', unit: unit.key, addresses: `${addresses[0]}\nnot-an-address\n` });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('第 2 行');
    expect(await ctx.deps.db('code_batches').count({ n: '*' }).first()).toEqual({ n: 0 });
    const res = await request(app).post('/admin/survey/invitations').set('Cookie', admin.cookie).type('form')
      .send({ _csrf: admin.csrf, period: 'invite-period', unit: unit.key, addresses: addresses.slice(0, 4).join('\n') });
    expect(res.status).toBe(303);
    expect(await ctx.deps.db('mail_outbox').count({ n: '*' }).first()).toEqual({ n: 0 });
    const codes = addresses.slice(0, 4).map((a) => {
      expect(smtp.to(a)).toHaveLength(1);
      return codeIn(smtp.to(a)[0].raw);
    });
    expect(new Set(codes).size).toBe(4);
    for (const code of codes) expect((await request(ctx.app).post('/survey/start').type('form').send({ code })).status).toBe(200);
    const secrets = Object.fromEntries([...addresses.slice(0, 4).map((a, i) => [`address ${i}`, a]), ...codes.map((c, i) => [`code ${i}`, c]), ...codes.map((c, i) => [`code ${i} symbols`, c.replace(/-/g, '')])]);
    expect(found(await placesKept(ctx, redisUrl), secrets)).toEqual([]);
    expect(ctx.logLines.join('\n')).not.toMatch(/staff\.example\.org/);
    const event = await ctx.deps.db('audit_events').where({ action: 'survey.invitations' }).first('details_json');
    expect(JSON.parse(event.details_json)).toMatchObject({ count: 4 });
    expect(decodeMail(smtp.to(addresses[0])[0].raw).text).toContain('http://127.0.0.1/survey');
  } finally {
    await shared?.close();
  }
});

test('an address the mail server refuses is listed by address alone, its code no longer works, and inviting it again works', async () => {
  const [ok, refusedAddress] = addresses.slice(4);
  smtp.refuseRecipients.add(refusedAddress);
  const batchesBefore = await ctx.deps.db('code_batches').count({ n: '*' }).first();
  const res = await admin.post('/admin/survey/invitations', { period: 'invite-period', unit: unit.key, addresses: `${ok}\n${refusedAddress}` });
  expect(res.status).toBe(303);
  const page = await admin.get(res.headers.location);
  expect(page.text).toMatch(/1 个地址的邀请未能送达|could not be delivered/);
  const codesPage = await admin.get('/admin/survey/codes');
  expect(codesPage.text).toContain(refusedAddress);
  expect(codesPage.text).not.toContain(ok);
  // The code in the refused message (the test server saw it before refusing) has been revoked.
  const refusedCode = codeIn(smtp.refused.find((m) => m.to.includes(refusedAddress))!.raw);
  expect((await request(ctx.app).post('/survey/start').type('form').send({ code: refusedCode })).text).toContain('问卷码无效');
  expect((await request(ctx.app).post('/survey/start').type('form').send({ code: codeIn(smtp.to(ok)[0].raw) })).status).toBe(200);
  const batch = await ctx.deps.db('code_batches').orderBy('created_at', 'desc').first('id', 'code_count');
  expect(Number(batch.code_count)).toBe(1);
  expect(await ctx.deps.db('code_batches').count({ n: '*' }).first()).toEqual({ n: Number(batchesBefore?.n) + 1 });
  expect(found(await placesKept(ctx), { 'refused code': refusedCode, 'refused code symbols': refusedCode.replace(/-/g, ''), 'delivered address': ok })).toEqual([]);

  // The admin sends again once the mailbox works: the address leaves the list.
  smtp.refuseRecipients.clear();
  const retry = await admin.get(`/admin/survey/invitations?period=invite-period&unit=${unit.key}&retry=1`);
  expect(retry.text).toContain(refusedAddress);
  expect((await admin.post('/admin/survey/invitations', { period: 'invite-period', unit: unit.key, addresses: refusedAddress })).status).toBe(303);
  expect(smtp.to(refusedAddress)).toHaveLength(1);
  expect((await admin.get('/admin/survey/codes')).text).not.toContain(refusedAddress);
});

test('without SMTP_URL the invitation page explains that invitations need a mail server and points to printed slips', async () => {
  const fileMode = await createTestContext();
  try {
    const fileAdmin = await signIn(fileMode.app, fileMode.deps.db, await createUser(fileMode.deps.db, { role: 'admin' }));
    const u = await createUnit(fileMode.deps.db, { key: 'file-unit' });
    await createPeriod(fileMode.deps.db, { key: 'file-period' });
    const page = await fileAdmin.get('/admin/survey/invitations');
    expect(page.text).toContain('SMTP');
    expect(page.text).toContain('href="/admin/survey/codes"');
    expect(page.text).not.toContain('name="addresses"');
    const sent = await fileAdmin.post('/admin/survey/invitations', { period: 'file-period', unit: u.key, addresses: 'someone@staff.example.org' });
    expect(sent.status).toBe(409);
    expect(await fileMode.deps.db('code_batches').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(fs.existsSync(path.join(fileMode.dataDir, 'mail'))).toBe(false);
  } finally {
    await fileMode.close();
  }
});

test('the server says at start that file-mail mode keeps mail on disk and is for trying the product out', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-filemail-'));
  const root = path.resolve(__dirname, '../..');
  const env: Record<string, string> = { ...process.env as Record<string, string>, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '', LOG_LEVEL: 'info' };
  const proc = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start message:\n${output}`)), 30_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (/listening/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout.on('data', read);
      proc.stderr.on('data', read);
    });
    expect(output).toMatch(/file-mail mode/i);
    expect(output).toMatch(/trying/i);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
