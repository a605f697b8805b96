import type { Knex } from 'knex';
import type { Config } from '../../config';
import { committeeNotice } from '../../mail/messages';
import { enqueueNoticeOnce } from '../../mail/outbox';
import { dayStart, nextDigestAt } from '../../mail/schedule';
import { usersWhoMaySee, type ReportTarget } from '../auth/access';

// Committee notifications (DESIGN.md §4): content-free, scope- and conflict-aware, digest by default. Owned by the mail area.
/** The report (or new activity) a notice is about: its unit, its post (holders are never told), the report (recusals). */
export type ActivityTarget = ReportTarget;

/** Committee users to tell about activity on a report: exactly those who may see it (access module: scope, holding, recusal). */
export async function committeeRecipients(db: Knex, target: ActivityTarget): Promise<string[]> {
  return (await usersWhoMaySee(db, target)).map((u) => u.email);
}

/**
 * Tells the committee users who may see this unit (and are not conflicted) that something needs attention.
 * One pending notice per recipient at most: a new activity while one waits adds nothing, so neither the number of
 * mails nor (in digest mode, due at the next NOTIFY_AT) their timing says how many reports came in, or when.
 * Pass the transaction of the activity, so the notice exists exactly when the activity does.
 */
export async function notifyCommittee(trx: Knex, config: Config, target: ActivityTarget, now: number): Promise<void> {
  // Immediate notices are due from the start of the day (so already due): the row dates the activity to the day only.
  const dueAt = config.notify === 'immediate' ? dayStart(now) : nextDigestAt(now, config.notifyAt);
  for (const recipient of await committeeRecipients(trx, target)) {
    await enqueueNoticeOnce(trx, committeeNotice(recipient, config.baseUrl), now, { dueAt, createdAt: dayStart(now) });
  }
}
