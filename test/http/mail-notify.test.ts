import type { Config } from '../../server/config';
import { createMailer, type Mailer } from '../../server/mail/mailer';
import { nextDigestAt } from '../../server/mail/schedule';
import { runOutboxOnce } from '../../server/mail/worker';
import { notifyCommittee } from '../../server/services/ops/notifications';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser } from '../helpers/factories';
import { createReportRow, outboxRows } from '../helpers/mail-factories';
import { decodeMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

let ctx: TestContext;
let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startSmtpServer();
  mailer = createMailer({ ...ctx.deps.config, smtpUrl: smtp.url });
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await ctx.close();
});
beforeEach(async () => {
  await ctx.deps.db('mail_outbox').delete();
  smtp.messages.length = 0;
});

const immediate = (): Config => ({ ...ctx.deps.config, notify: 'immediate' });
const digest = (): Config => ({ ...ctx.deps.config, notify: 'digest', notifyAt: '08:00' });
const worker = () => runOutboxOnce({ db: ctx.deps.db, mailer, clock: ctx.clock });

async function reportAndNotify(config: Config, target: { unitId: number; postId: number | null }, description: string) {
  await ctx.deps.db.transaction(async (trx) => {
    await createReportRow(trx, { ...target, description });
    await notifyCommittee(trx, config, target, ctx.clock.now());
  });
}

test('a new report reaches every committee user who may see the unit, and the mail says nothing about it', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db, { key: 'harbour-bureau', name: '港务局绝密单位' });
  const other = await createUnit(db);
  const post = await createPost(db, unit.id, { key: 'deputy-finance', title: '分管财务副局长' });
  const admin = await createUser(db, { role: 'admin' });
  const scoped = await createUser(db, { unitIds: [unit.id] });
  const everywhere = await createUser(db, { allUnits: true });
  const elsewhere = await createUser(db, { unitIds: [other.id] });
  const disabled = await createUser(db, { unitIds: [unit.id] });
  await db('users').where({ id: disabled.id }).update({ disabled_at: Date.now() });
  const holder = await createUser(db, { unitIds: [unit.id], heldPostIds: [post.id] });

  const secret = 'ZEBRA-7731 局长在红色笔记本里记下了请托人';
  await reportAndNotify(immediate(), { unitId: unit.id, postId: post.id }, secret);
  expect(await worker()).toMatchObject({ sent: 3, retrying: 0, failed: 0 });

  const recipients = smtp.messages.flatMap((m) => m.to).sort();
  expect(recipients).toEqual([admin.email, scoped.email, everywhere.email].sort());
  for (const u of [elsewhere, disabled, holder]) expect(smtp.to(u.email)).toEqual([]);

  for (const message of smtp.messages) {
    const { subject, text } = decodeMail(message.raw);
    expect(text).toContain('http://127.0.0.1/committee');
    expect(subject).toContain('清风');
    expect(text).toContain('Qingfeng');
    for (const leak of ['ZEBRA', '红色笔记本', unit.name, unit.key, post.title, post.key, 'personnel', 'greeting']) {
      expect(message.raw).not.toContain(leak);
      expect(subject + text).not.toContain(leak);
    }
  }
  const rows = await outboxRows(db);
  expect(rows.every((r) => r.status === 'sent' && r.body === null)).toBe(true);
});

test('the holder of the post a report concerns is not told, but is told about other activity in the unit', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const post = await createPost(db, unit.id);
  const holder = await createUser(db, { unitIds: [unit.id], heldPostIds: [post.id] });
  const colleague = await createUser(db, { unitIds: [unit.id] });

  await reportAndNotify(immediate(), { unitId: unit.id, postId: post.id }, 'about the post');
  await worker();
  expect(smtp.to(holder.email)).toHaveLength(0);
  expect(smtp.to(colleague.email)).toHaveLength(1);

  await reportAndNotify(immediate(), { unitId: unit.id, postId: null }, 'about the unit in general');
  await worker();
  expect(smtp.to(holder.email)).toHaveLength(1);
});

test('in digest mode notices wait for NOTIFY_AT and several reports make one mail per person', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const reviewer = await createUser(db, { unitIds: [unit.id] });
  const afternoon = new Date(2026, 10, 28, 15, 17, 42).getTime();
  ctx.clock.set(afternoon);
  const tomorrow8 = nextDigestAt(afternoon, '08:00');
  expect(new Date(tomorrow8).getHours()).toBe(8);

  for (const text of ['first', 'second', 'third']) await reportAndNotify(digest(), { unitId: unit.id, postId: null }, text);
  const pending = await outboxRows(db, { recipient: reviewer.email });
  expect(pending).toHaveLength(1);
  expect(pending[0]).toMatchObject({ kind: 'notice', status: 'pending', next_attempt_at: tomorrow8 });

  expect(await worker()).toMatchObject({ claimed: 0 });
  ctx.clock.set(tomorrow8 - 1000);
  expect(await worker()).toMatchObject({ claimed: 0 });
  ctx.clock.set(tomorrow8 + 3000);
  await worker();
  expect(smtp.to(reviewer.email)).toHaveLength(1);

  // Once the digest is out, new activity queues the next one.
  await reportAndNotify(digest(), { unitId: unit.id, postId: null }, 'fourth');
  expect(await outboxRows(db, { recipient: reviewer.email, status: 'pending' })).toHaveLength(1);
  ctx.clock.set(Date.now());
});

test('two reports at the same moment (concurrent transactions) still make one pending notice per person', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const members = [await createUser(db, { unitIds: [unit.id] }), await createUser(db, { unitIds: [unit.id] })];
  await Promise.all(['one', 'two', 'three'].map((text) => reportAndNotify(digest(), { unitId: unit.id, postId: null }, text)));
  for (const m of members) expect(await outboxRows(db, { recipient: m.email, status: 'pending' })).toHaveLength(1);
});

test('a stored notice does not date the activity behind it more precisely than the day', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  await createUser(db, { unitIds: [unit.id] });
  const at = Date.UTC(2026, 10, 28, 13, 47, 5);
  ctx.clock.set(at);
  await reportAndNotify(digest(), { unitId: unit.id, postId: null }, 'x');
  const rows = await db('mail_outbox').select('created_at');
  for (const r of rows) expect(Number(r.created_at)).toBe(Date.UTC(2026, 10, 28));
  ctx.clock.set(Date.now());
});
