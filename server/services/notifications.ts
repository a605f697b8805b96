import type { Knex } from 'knex';
import type { Config } from '../config';
import { committeeNotice } from '../mail/messages';
import { enqueueNoticeOnce } from '../mail/outbox';
import { dayStart, nextDigestAt } from '../mail/schedule';

// Committee notifications (DESIGN.md §4): content-free, scope- and conflict-aware, digest by default. Owned by the mail area.
export interface ActivityTarget {
  unitId: number;
  /** The post a report concerns: its holders are never notified. */
  postId: number | null;
}

/**
 * Committee users to tell about activity in a unit: active admins and all-unit users, and users scoped to the unit —
 * minus everyone who holds the post concerned (conflict of interest; the same rule as `isConflicted`).
 */
export async function committeeRecipients(db: Knex, target: ActivityTarget): Promise<string[]> {
  const query = db('users')
    .whereNull('disabled_at')
    .andWhere((scope) =>
      scope
        .where('role', 'admin')
        .orWhere('all_units', true)
        .orWhereExists(db('user_units').whereRaw('user_units.user_id = users.id').andWhere('user_units.unit_id', target.unitId)),
    )
    .orderBy('id')
    .select('email');
  if (target.postId !== null) {
    query.whereNotExists(db('user_posts').whereRaw('user_posts.user_id = users.id').andWhere('user_posts.post_id', target.postId));
  }
  const rows: Array<{ email: string }> = await query;
  return rows.map((r) => r.email);
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
