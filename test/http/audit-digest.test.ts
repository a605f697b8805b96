import type { Config } from '../../server/config';
import { createMailer, type Mailer } from '../../server/mail/mailer';
import { nextDigestAt } from '../../server/mail/schedule';
import { runOutboxOnce } from '../../server/mail/worker';
import { auditHead, recordAudit } from '../../server/services/ops/audit';
import { sendAuditHeadDigest } from '../../server/services/ops/audit-digest';
import { notifyCommittee } from '../../server/services/ops/notifications';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser } from '../helpers/factories';
import { decodeMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

// DESIGN.md §5: the audit chain's head goes to the admins in their daily digest, so that cutting off the newest events
// can be found later (`audit verify --head`) even by someone who rewrote the head kept in the database.
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

const digest = (): Config => ({ ...ctx.deps.config, notify: 'digest', notifyAt: '08:00' });
const worker = () => runOutboxOnce({ db: ctx.deps.db, mailer, clock: ctx.clock });

test('every admin, and no reviewer, gets the audit head once a day at the digest time, in the notice if one is waiting', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const post = await createPost(db, unit.id);
  const busy = await createUser(db, { role: 'admin' });
  // Holds the post the activity is about, so no notice waits for them (conflict of interest).
  const quiet = await createUser(db, { role: 'admin', heldPostIds: [post.id] });
  const reviewer = await createUser(db, { unitIds: [unit.id] });
  const evening = new Date(2026, 10, 28, 19, 0, 0).getTime();
  const eight = nextDigestAt(evening, '08:00');
  ctx.clock.set(evening);
  await db.transaction((trx) => notifyCommittee(trx, digest(), { unitId: unit.id, postId: post.id }, evening));
  await recordAudit(db, evening, { actorId: null, actorLabel: 'test', action: 'test.event' });

  // Nothing before the digest time, then one run at it; a second run the same day adds nothing.
  expect(await sendAuditHeadDigest(db, digest(), eight - 10 * 60_000)).toBe(0);
  expect(await sendAuditHeadDigest(db, digest(), eight - 60_000)).toBe(2);
  expect(await sendAuditHeadDigest(db, digest(), eight + 3 * 3600_000)).toBe(0);
  const head = await auditHead(db);
  ctx.clock.set(eight + 1000);
  await worker();

  for (const admin of [busy, quiet]) {
    const mails = smtp.to(admin.email);
    expect(mails).toHaveLength(1);
    const text = decodeMail(mails[0].raw).text;
    expect(text).toContain(`${head.id}:${head.hash}`);
    expect(text).toContain('audit verify --head');
  }
  expect(decodeMail(smtp.to(busy.email)[0].raw).text).toContain('有新的事项需要您查看');
  expect(decodeMail(smtp.to(quiet.email)[0].raw).text).not.toContain('有新的事项需要您查看');
  expect(smtp.to(reviewer.email).map((m) => decodeMail(m.raw).text).join('')).not.toContain(head.hash);

  // The next day brings the next head.
  expect(await sendAuditHeadDigest(db, digest(), eight + 24 * 3600_000)).toBe(2);
  ctx.clock.set(Date.now());
});
