import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { lockSkipLocked } from '../db/dialect';
import type { Logger } from '../logger';
import { INVITATION_KIND } from './kinds';
import type { Mailer } from './mailer';
import { UNDELIVERED_RECIPIENT } from './outbox';
import { dayStart, isFinalFailure, retryDelayMs } from './schedule';

// The outbox worker (DESIGN.md §6): claims due messages, sends each once, retries with back-off, gives up after
// MAX_ATTEMPTS. Safe with several instances: a claim is a lease (locked_by/locked_until) taken by a single UPDATE whose
// inner select uses SKIP LOCKED on PostgreSQL; on SQLite one statement is atomic (one writer).

export interface OutboxDeps {
  db: Knex;
  mailer: Mailer;
  clock: { now(): number };
  logger?: Logger;
}

export interface OutboxRunOptions {
  /** Names this worker in locked_by (a random suffix is added per round). */
  workerId?: string;
  batchSize?: number;
}

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  /** Failed this time, will be tried again later. */
  retrying: number;
  /** Failed for the last allowed time: now 'failed', waiting for an operator. */
  failed: number;
}

interface ClaimedRow {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  body: string | null;
  attempts: number;
}

/** Longer than any SMTP timeout, so a lease only lapses when its worker died; the message is then sent by another. */
const LEASE_MS = 5 * 60_000;
const DEFAULT_BATCH = 20;
/** Invitations are to respondents: once sent, neither the address nor the body (with the access code) is kept. */
export const REMOVED_RECIPIENT = '(removed after sending)';

/**
 * Takes a lease on up to `limit` due messages in one UPDATE (atomic on both databases; on PostgreSQL the inner select
 * skips rows another worker is claiming right now), then reads back what this claim got.
 */
async function claimDue(db: Knex, claim: string, now: number, limit: number): Promise<ClaimedRow[]> {
  const due = db('mail_outbox')
    .where('status', 'pending')
    .andWhere('next_attempt_at', '<=', now)
    .andWhere((q) => q.whereNull('locked_until').orWhere('locked_until', '<=', now))
    .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
    .limit(limit)
    .select('id');
  const claimed = await db('mail_outbox').whereIn('id', lockSkipLocked(db, due)).update({ locked_by: claim, locked_until: now + LEASE_MS });
  if (Number(claimed) === 0) return [];
  const rows = await db('mail_outbox').where({ locked_by: claim, status: 'pending' }).orderBy('id').select('id', 'kind', 'recipient', 'subject', 'body', 'attempts');
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
}

async function markSent(db: Knex, row: ClaimedRow, workerId: string, now: number): Promise<void> {
  const day = dayStart(now);
  await db('mail_outbox')
    .where({ id: row.id, locked_by: workerId })
    .update({
      status: 'sent',
      body: null,
      ...(row.kind === INVITATION_KIND ? { recipient: REMOVED_RECIPIENT } : {}),
      attempts: row.attempts + 1,
      sent_at: day,
      next_attempt_at: day,
      last_error: null,
      locked_by: null,
      locked_until: null,
    });
}

async function markFailure(db: Knex, row: ClaimedRow, workerId: string, now: number, error: string): Promise<'retrying' | 'failed'> {
  const attempts = row.attempts + 1;
  const final = isFinalFailure(attempts);
  // An invitation that failed for good keeps neither the address nor the text with the access code: the address list
  // is never stored (issue #4), and an operator resends by inviting again.
  const forget = final && row.kind === INVITATION_KIND;
  await db('mail_outbox')
    .where({ id: row.id, locked_by: workerId })
    .update({
      ...(forget ? { recipient: UNDELIVERED_RECIPIENT, body: null } : {}),
      status: final ? 'failed' : 'pending',
      attempts,
      next_attempt_at: final ? now : now + retryDelayMs(attempts),
      last_error: error.slice(0, 500),
      locked_by: null,
      locked_until: null,
    });
  return final ? 'failed' : 'retrying';
}

/** An SMTP error text can quote the address; what the outbox keeps of it never does (for any kind of mail). */
function withoutAddress(error: string, recipient: string): string {
  return recipient ? error.split(recipient).join('<recipient>') : error;
}

/** The SMTP reply code or system error code only: messages can quote addresses, which stay out of the log. */
function errorCode(err: unknown): string {
  const e = err as { responseCode?: unknown; code?: unknown } | null;
  return String(e?.responseCode ?? e?.code ?? 'unknown');
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown; responseCode?: unknown }).responseCode ?? (err as { code?: unknown }).code;
    return code ? `${String(code)}: ${err.message}` : err.message;
  }
  return String(err);
}

/** One round: claims up to batchSize due messages and tries each once. Tests and `cli mail send-pending` call this. */
export async function runOutboxOnce(deps: OutboxDeps, options: OutboxRunOptions = {}): Promise<OutboxRunResult> {
  // Each round's claim has its own token (worker name + random), so two rounds can never take each other's rows.
  const workerId = `${(options.workerId ?? 'worker').slice(0, 40)}.${crypto.randomBytes(6).toString('hex')}`;
  const rows = await claimDue(deps.db, workerId, deps.clock.now(), options.batchSize ?? DEFAULT_BATCH);
  const result: OutboxRunResult = { claimed: rows.length, sent: 0, retrying: 0, failed: 0 };
  for (const row of rows) {
    let error: string | null = null;
    let code = 'no_body';
    if (row.body === null) error = 'message has no body';
    else {
      try {
        await deps.mailer.send({ to: row.recipient, subject: row.subject, text: row.body });
      } catch (err) {
        error = describe(err);
        code = errorCode(err);
      }
    }
    if (error === null) {
      await markSent(deps.db, row, workerId, deps.clock.now());
      result.sent++;
      continue;
    }
    const outcome = await markFailure(deps.db, row, workerId, deps.clock.now(), withoutAddress(error, row.recipient));
    result[outcome]++;
    deps.logger?.warn('mail not sent', { id: row.id, kind: row.kind, attempt: row.attempts + 1, outcome, code });
  }
  if (result.sent > 0) deps.logger?.info('mail sent', { count: result.sent });
  return result;
}

/** Rounds until nothing is due (failures are rescheduled into the future, so this ends). For the CLI. */
export async function drainOutbox(deps: OutboxDeps, options: OutboxRunOptions & { maxRounds?: number } = {}): Promise<OutboxRunResult> {
  const total: OutboxRunResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < (options.maxRounds ?? 1000); round++) {
    const r = await runOutboxOnce(deps, options);
    for (const k of Object.keys(total) as Array<keyof OutboxRunResult>) total[k] += r[k];
    if (r.claimed === 0) break;
  }
  return total;
}
