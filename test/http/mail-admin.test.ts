import fs from 'node:fs';
import path from 'node:path';
import { createMailer, type Mailer } from '../../server/mail/mailer';
import { enqueueMail } from '../../server/mail/outbox';
import { MAX_ATTEMPTS, retryDelayMs } from '../../server/mail/schedule';
import { runOutboxOnce } from '../../server/mail/worker';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createUser, signIn } from '../helpers/factories';
import { outboxRows } from '../helpers/mail-factories';
import { closedSmtpUrl, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

let ctx: TestContext;
let smtp: TestSmtpServer;
let down: Mailer;

beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startSmtpServer();
  down = createMailer({ ...ctx.deps.config, smtpUrl: await closedSmtpUrl() });
});
afterAll(async () => {
  down.close();
  await smtp.close();
  await ctx.close();
});
beforeEach(async () => {
  await ctx.deps.db('mail_outbox').delete();
  smtp.messages.length = 0;
  ctx.clock.set(Date.now());
});

/** Queues a message and lets every allowed attempt fail against a closed port. */
async function failedMessage(recipient: string, body = 'Look at Qingfeng', kind = 'notice'): Promise<number> {
  await enqueueMail(ctx.deps.db, { kind, recipient, subject: 'Qingfeng', body }, ctx.clock.now());
  const { id } = (await ctx.deps.db('mail_outbox').max({ id: 'id' }).first()) as { id: number };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    await runOutboxOnce({ db: ctx.deps.db, mailer: down, clock: ctx.clock });
    ctx.clock.advance(retryDelayMs(attempt));
  }
  const [row] = await outboxRows(ctx.deps.db, { id: Number(id) });
  expect(row.status).toBe('failed');
  return row.id;
}

const cli = (argv: string[]) => runCli(ctx.deps, argv);

test('an administrator sees counts and failed messages without their text, and can send one again', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const id = await failedMessage('chair@example.org', 'BODY-MUST-NOT-SHOW');
  await enqueueMail(ctx.deps.db, { kind: 'invitation', recipient: 'x@example.org', subject: 's', body: 'b' }, ctx.clock.now() + 3600_000);
  const session = await signIn(ctx.app, ctx.deps.db, admin, ctx.clock.now());

  const page = await session.get('/admin/mail').set('Accept-Language', 'en');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Mail outbox');
  expect(page.text).toMatch(/data-status="pending">1</);
  expect(page.text).toMatch(/data-status="failed">1</);
  expect(page.text).toContain('chair@example.org');
  expect(page.text).toContain('Notification');
  expect(page.text).toContain(`<td class="num">${MAX_ATTEMPTS}</td>`);
  expect(page.text).toContain('ECONNREFUSED');
  expect(page.text).not.toContain('BODY-MUST-NOT-SHOW');
  expect(page.text).toContain(`action="/admin/mail/${id}/retry"`);

  const zh = await session.get('/admin/mail');
  expect(zh.text).toContain('邮件发送队列');
  expect(zh.text).toContain('重新发送');

  const retried = await session.post(`/admin/mail/${id}/retry`);
  expect(retried.status).toBe(303);
  expect(retried.headers.location).toBe('/admin/mail?retried=1');
  const [row] = await outboxRows(ctx.deps.db, { id });
  expect(row).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
  const audit = await ctx.deps.db('audit_events').where({ action: 'mail.retry', object_id: String(id) }).first();
  expect(audit).toMatchObject({ actor_id: admin.id, object_type: 'mail' });
  expect(audit.details_json).not.toContain('chair@example.org');

  const up = createMailer({ ...ctx.deps.config, smtpUrl: smtp.url });
  try {
    expect(await runOutboxOnce({ db: ctx.deps.db, mailer: up, clock: ctx.clock })).toMatchObject({ sent: 1 });
  } finally {
    up.close();
  }
  expect(smtp.to('chair@example.org')).toHaveLength(1);

  const again = await session.post(`/admin/mail/${id}/retry`);
  expect(again.status).toBe(409);
});

test('an invitation that fails for good keeps neither the address nor the code, and is not offered for sending again', async () => {
  const address = 'staff.member.77@example.org';
  const id = await failedMessage(address, 'Your access code: 5512-8830-2291', 'invitation');
  const [row] = await outboxRows(ctx.deps.db, { id });
  expect(row).toMatchObject({ status: 'failed', body: null });
  expect(row.last_error).toContain('ECONNREFUSED');
  const everything = JSON.stringify(await ctx.deps.db('mail_outbox').select());
  expect(everything).not.toContain(address);
  expect(everything).not.toContain('5512');

  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }), ctx.clock.now());
  const page = await admin.get('/admin/mail').set('Accept-Language', 'en');
  expect(page.text).toContain('(address removed: not delivered)');
  expect(page.text).toContain('to resend, invite again');
  expect(page.text).not.toContain(`action="/admin/mail/${id}/retry"`);
  expect((await admin.post(`/admin/mail/${id}/retry`)).status).toBe(409);
  expect((await outboxRows(ctx.deps.db, { id }))[0].status).toBe('failed');
});

test('sending a failed notice again when a newer one is already waiting leaves just the waiting one', async () => {
  const id = await failedMessage('deputy@example.org');
  await enqueueMail(ctx.deps.db, { kind: 'notice', recipient: 'deputy@example.org', subject: 'Qingfeng', body: 'new' }, ctx.clock.now());
  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }), ctx.clock.now());
  expect((await admin.post(`/admin/mail/${id}/retry`)).status).toBe(303);
  const rows = await outboxRows(ctx.deps.db, { recipient: 'deputy@example.org' });
  expect(rows.map((r) => [r.status, r.body])).toEqual([['pending', 'new']]);
});

test('sending again needs the form token, an administrator, and an existing message', async () => {
  const id = await failedMessage('vice@example.org');
  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }), ctx.clock.now());
  const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { allUnits: true }), ctx.clock.now());

  expect((await admin.post(`/admin/mail/${id}/retry`, { _csrf: 'wrong' })).status).toBe(403);
  expect((await reviewer.get('/admin/mail')).status).toBe(403);
  expect((await reviewer.post(`/admin/mail/${id}/retry`)).status).toBe(403);
  expect((await admin.post('/admin/mail/999999/retry')).status).toBe(404);
  expect((await admin.post('/admin/mail/abc/retry')).status).toBe(404);
  expect((await outboxRows(ctx.deps.db, { id }))[0].status).toBe('failed');
});

test('`cli mail send-pending` sends what is due and `mail status` counts by status', async () => {
  await enqueueMail(ctx.deps.db, { kind: 'notice', recipient: 'a@example.org', subject: 'Qingfeng', body: 'x' }, ctx.clock.now());
  await enqueueMail(ctx.deps.db, { kind: 'notice', recipient: 'b@example.org', subject: 'Qingfeng', body: 'y' }, ctx.clock.now());
  await enqueueMail(ctx.deps.db, { kind: 'notice', recipient: 'c@example.org', subject: 'Qingfeng', body: 'z' }, ctx.clock.now(), { dueAt: ctx.clock.now() + 3600_000 });

  const sent = await cli(['mail', 'send-pending', '--json']);
  expect(sent.code).toBe(0);
  expect(JSON.parse(sent.out)).toEqual({ ok: true, sent: 2, retrying: 0, failed: 0 });
  expect(fs.readdirSync(path.join(ctx.dataDir, 'mail')).filter((f) => f.endsWith('.eml'))).toHaveLength(2);

  const status = await cli(['mail', 'status', '--json']);
  expect(JSON.parse(status.out)).toEqual({ ok: true, pending: 1, sent: 2, failed: 0 });
  expect((await cli(['mail', 'status'])).out).toBe('Pending: 1. Sent: 2. Failed: 0.');
});
