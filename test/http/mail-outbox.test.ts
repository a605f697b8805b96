import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../server/db/knex';
import { createMailer, type Mailer } from '../../server/mail/mailer';
import { enqueueMail } from '../../server/mail/outbox';
import { MAX_ATTEMPTS, retryDelayMs } from '../../server/mail/schedule';
import { drainOutbox, REMOVED_RECIPIENT, runOutboxOnce } from '../../server/mail/worker';
import { startBackgroundJobs } from '../../server/jobs';
import { createTestContext, type TestContext } from '../helpers/context';
import { outboxRows } from '../helpers/mail-factories';
import { closedSmtpUrl, decodeMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

let ctx: TestContext;
let smtp: TestSmtpServer;
let up: Mailer;
let down: Mailer;

beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startSmtpServer();
  up = createMailer({ ...ctx.deps.config, smtpUrl: smtp.url });
  down = createMailer({ ...ctx.deps.config, smtpUrl: await closedSmtpUrl() });
});
afterAll(async () => {
  up.close();
  down.close();
  await smtp.close();
  await ctx.close();
});
beforeEach(async () => {
  await ctx.deps.db('mail_outbox').delete();
  smtp.messages.length = 0;
  ctx.clock.set(Date.now());
});

const run = (mailer: Mailer) => runOutboxOnce({ db: ctx.deps.db, mailer, clock: ctx.clock });
const notice = (n: number) => ({ kind: 'notice', recipient: `member${n}@example.org`, subject: 'Qingfeng', body: `Look at Qingfeng ${n}` });

test('while SMTP is down nothing is lost: messages wait with growing back-off, then each goes out exactly once', async () => {
  for (let n = 1; n <= 3; n++) await enqueueMail(ctx.deps.db, notice(n), ctx.clock.now());

  const t0 = ctx.clock.now();
  expect(await run(down)).toMatchObject({ claimed: 3, sent: 0, retrying: 3, failed: 0 });
  let rows = await outboxRows(ctx.deps.db);
  for (const r of rows) {
    expect(r).toMatchObject({ status: 'pending', attempts: 1, locked_by: null });
    expect(r.next_attempt_at).toBeGreaterThanOrEqual(t0 + retryDelayMs(1));
    expect(r.last_error).toBeTruthy();
    expect(r.body).not.toBeNull();
  }
  expect(await run(down)).toMatchObject({ claimed: 0 });

  ctx.clock.advance(retryDelayMs(1));
  expect(await run(down)).toMatchObject({ retrying: 3 });
  rows = await outboxRows(ctx.deps.db);
  expect(rows.map((r) => r.attempts)).toEqual([2, 2, 2]);

  ctx.clock.advance(retryDelayMs(2));
  expect(await run(up)).toMatchObject({ sent: 3, retrying: 0 });
  expect(await run(up)).toMatchObject({ claimed: 0 });
  ctx.clock.advance(24 * 3600_000);
  expect(await run(up)).toMatchObject({ claimed: 0 });

  expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual(['member1@example.org', 'member2@example.org', 'member3@example.org']);
  rows = await outboxRows(ctx.deps.db);
  expect(rows.every((r) => r.status === 'sent' && r.body === null && r.last_error === null)).toBe(true);
});

test(`a message refused ${MAX_ATTEMPTS} times is marked failed and no longer tried`, async () => {
  await enqueueMail(ctx.deps.db, notice(9), ctx.clock.now());
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const result = await run(down);
    expect(result).toMatchObject(attempt < MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 });
    ctx.clock.advance(retryDelayMs(attempt));
  }
  const [row] = await outboxRows(ctx.deps.db);
  expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  ctx.clock.advance(7 * 24 * 3600_000);
  expect(await run(up)).toMatchObject({ claimed: 0 });
  expect(smtp.messages).toHaveLength(0);
});

test('a temporary refusal by the mail server is retried like a connection failure', async () => {
  await enqueueMail(ctx.deps.db, notice(4), ctx.clock.now());
  smtp.refuseWith = { code: 451, message: 'Try again later, member4@example.org' };
  try {
    expect(await run(up)).toMatchObject({ retrying: 1 });
  } finally {
    smtp.refuseWith = null;
  }
  const [row] = await outboxRows(ctx.deps.db);
  expect(row.last_error).toContain('451');
  expect(row.last_error).toContain('Try again later, <recipient>');
  ctx.clock.advance(retryDelayMs(1));
  expect(await run(up)).toMatchObject({ sent: 1 });
  expect(smtp.messages).toHaveLength(1);
});

test('after an invitation is sent neither its text (with the access code) nor the address is kept', async () => {
  const address = 'staff.member.42@example.org';
  await enqueueMail(ctx.deps.db, { kind: 'invitation', recipient: address, subject: 'Survey', body: 'Your access code: 4821-7730-1195' }, ctx.clock.now());
  expect(await run(up)).toMatchObject({ sent: 1 });
  expect(smtp.to(address)).toHaveLength(1);
  expect(decodeMail(smtp.messages[0].raw).text).toContain('4821-7730-1195');

  const [row] = await outboxRows(ctx.deps.db);
  expect(row).toMatchObject({ status: 'sent', body: null, recipient: REMOVED_RECIPIENT });
  const everything = JSON.stringify(await ctx.deps.db('mail_outbox').select());
  expect(everything).not.toContain(address);
  expect(everything).not.toContain('4821');
});

test('an invitation refused for good keeps neither address nor code, and its error names no address', async () => {
  const address = 'staff.member.43@example.org';
  await enqueueMail(ctx.deps.db, { kind: 'invitation', recipient: address, subject: 'Survey', body: 'Your access code: 7731-0042-5518' }, ctx.clock.now());
  smtp.refuseWith = { code: 451, message: `Mailbox <${address}> is over quota, try later` };
  try {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await run(up)).toMatchObject(attempt < MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 });
      if (attempt === 1) expect((await outboxRows(ctx.deps.db))[0].last_error).toContain('over quota');
      ctx.clock.advance(retryDelayMs(attempt));
    }
  } finally {
    smtp.refuseWith = null;
  }
  const [row] = await outboxRows(ctx.deps.db);
  expect(row).toMatchObject({ status: 'failed', body: null });
  expect(row.last_error).toContain('451');
  const everything = JSON.stringify(await ctx.deps.db('mail_outbox').select());
  expect(everything).not.toContain(address);
  expect(everything).not.toContain('7731');
});

test('without SMTP_URL each message is written as an .eml file under DATA_DIR/mail', async () => {
  expect(ctx.deps.config.smtpUrl).toBeUndefined();
  const files = createMailer(ctx.deps.config);
  await enqueueMail(ctx.deps.db, notice(5), ctx.clock.now());
  await enqueueMail(ctx.deps.db, notice(6), ctx.clock.now());
  expect(await runOutboxOnce({ db: ctx.deps.db, mailer: files, clock: ctx.clock })).toMatchObject({ sent: 2 });
  const dir = path.join(ctx.dataDir, 'mail');
  const emls = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
  expect(emls).toHaveLength(2);
  const contents = emls.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  expect(contents.some((c) => /^To: member5@example\.org\r$/m.test(c))).toBe(true);
  for (const c of contents) expect(decodeMail(c).text).toMatch(/Look at Qingfeng [56]/);
  expect(fs.statSync(path.join(dir, emls[0])).mode & 0o077).toBe(0);
  fs.rmSync(dir, { recursive: true });
});

test('two workers at once (two instances, two connection pools) send each message exactly once', async () => {
  const count = 40;
  for (let n = 0; n < count; n++) await enqueueMail(ctx.deps.db, notice(100 + n), ctx.clock.now());
  const secondInstance = createDb(ctx.deps.config);
  try {
    const [a, b] = await Promise.all([
      drainOutbox({ db: ctx.deps.db, mailer: up, clock: ctx.clock }, { workerId: 'instance-a', batchSize: 3 }),
      drainOutbox({ db: secondInstance, mailer: up, clock: ctx.clock }, { workerId: 'instance-b', batchSize: 3 }),
    ]);
    expect(a.sent + b.sent).toBe(count);
  } finally {
    await secondInstance.destroy();
  }
  const recipients = smtp.messages.map((m) => m.to[0]);
  expect(recipients).toHaveLength(count);
  expect(new Set(recipients).size).toBe(count);
  expect((await outboxRows(ctx.deps.db, { status: 'sent' })).length).toBe(count);
});

test('the server sends queued mail in the background and stops cleanly', async () => {
  await enqueueMail(ctx.deps.db, notice(7), Date.now());
  const jobs = startBackgroundJobs({ ...ctx.deps, clock: { now: () => Date.now() } }, { outboxIntervalMs: 50 });
  try {
    for (let i = 0; i < 50; i++) {
      const [row] = await outboxRows(ctx.deps.db);
      if (row.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await jobs.stop();
  }
  expect((await outboxRows(ctx.deps.db))[0].status).toBe('sent');
  const dir = path.join(ctx.dataDir, 'mail');
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
});
