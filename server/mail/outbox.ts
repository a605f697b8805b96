import type { Knex } from 'knex';
import { NOTICE_KIND } from './kinds';

export interface OutgoingMail {
  /** What the message is for: one of MAIL_KINDS (kinds.ts). Never a hint of report content. */
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

export interface EnqueueOptions {
  /** When the message may first be sent (default: now). Digest notices pass the next NOTIFY_AT. */
  dueAt?: number;
  /** Stored creation time (default: now). Notices pass a coarse value so the row cannot date the activity behind it. */
  createdAt?: number;
}

/** What a failed invitation keeps instead of the address (its body, with the access code, is removed too). */
export const UNDELIVERED_RECIPIENT = '(removed: not delivered)';

export type OutboxStatus = 'pending' | 'sent' | 'failed';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed'];

/**
 * Queues a message in the durable outbox. Pass the transaction of the event that causes it, so the mail exists
 * exactly when the event does; the outbox worker sends it with retries.
 */
export async function enqueueMail(db: Knex, mail: OutgoingMail, now: number, options: EnqueueOptions = {}): Promise<void> {
  await db('mail_outbox').insert(pendingRow(mail, now, options));
}

/** The outbox row of a newly queued message: pending, not yet tried, due at `dueAt` (default now). */
function pendingRow(mail: OutgoingMail, now: number, options: EnqueueOptions) {
  return {
    kind: mail.kind,
    recipient: mail.recipient,
    subject: mail.subject,
    body: mail.body,
    status: 'pending',
    attempts: 0,
    next_attempt_at: options.dueAt ?? now,
    created_at: options.createdAt ?? now,
  };
}

/**
 * Queues a committee notice unless one is already pending for the recipient. The partial unique index
 * mail_outbox_one_pending_notice makes this hold across concurrent transactions and instances; a duplicate is ignored.
 */
export async function enqueueNoticeOnce(db: Knex, mail: OutgoingMail & { kind: typeof NOTICE_KIND }, now: number, options: EnqueueOptions = {}): Promise<void> {
  if (await hasPendingMail(db, mail.kind, mail.recipient)) return;
  await db('mail_outbox')
    .insert(pendingRow(mail, now, options))
    .onConflict()
    .ignore();
}

/** Whether a message of this kind is still waiting to go to this recipient (digest de-duplication). */
export async function hasPendingMail(db: Knex, kind: string, recipient: string): Promise<boolean> {
  const row = await db('mail_outbox').where({ kind, recipient, status: 'pending' }).first('id');
  return row !== undefined;
}

/** Number of messages in each status; every status is present. */
export async function outboxCounts(db: Knex): Promise<Record<OutboxStatus, number>> {
  const rows: Array<{ status: string; n: number | string }> = await db('mail_outbox').select('status').count({ n: '*' }).groupBy('status');
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of rows) if (row.status in counts) counts[row.status as OutboxStatus] = Number(row.n);
  return counts;
}

export interface FailedMail {
  id: number;
  kind: string;
  recipient: string;
  attempts: number;
  lastError: string | null;
  /** False for an invitation that failed for good: its address and text are gone, so it cannot be sent again. */
  retryable: boolean;
}

/** Failed messages, newest first: what an operator needs to act, never a body. */
export async function listFailedMail(db: Knex, limit: number): Promise<FailedMail[]> {
  const rows = await db('mail_outbox').where({ status: 'failed' }).orderBy('id', 'desc').limit(limit).select('id', 'kind', 'recipient', 'attempts', 'last_error');
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, recipient: r.recipient, attempts: Number(r.attempts), lastError: r.last_error ?? null, retryable: r.recipient !== UNDELIVERED_RECIPIENT }));
}

/**
 * Puts a failed message back in the queue, due now, with a fresh count of attempts. False when it is not 'failed', or
 * is an invitation whose address and text were removed when it failed for good.
 * A failed notice whose recipient already has a pending one is dropped instead: that pending notice says the same.
 */
export async function requeueFailedMail(db: Knex, id: number, now: number): Promise<boolean> {
  const row = await db('mail_outbox').where({ id, status: 'failed' }).whereNot({ recipient: UNDELIVERED_RECIPIENT }).first('kind', 'recipient');
  if (!row) return false;
  if (row.kind === NOTICE_KIND && (await hasPendingMail(db, row.kind, row.recipient))) {
    return Number(await db('mail_outbox').where({ id, status: 'failed' }).delete()) > 0;
  }
  const changed = await db('mail_outbox')
    .where({ id, status: 'failed' })
    .update({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, locked_by: null, locked_until: null });
  return Number(changed) > 0;
}
