import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { Conflict, Forbidden, NotFound } from '../../errors';
import { listFailedMail, outboxCounts, requeueFailedMail, type FailedMail, type OutboxStatus } from '../../mail/outbox';
import { actorOf, recordAudit } from './audit';

// The outbox as administrators see it: counts and failed messages (never a body), and sending a failed one again.

export const FAILED_SHOWN = 200;

export interface MailOverview {
  counts: Record<OutboxStatus, number>;
  failed: FailedMail[];
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new Forbidden();
}

export async function mailOverview(db: Knex, principal: Principal): Promise<MailOverview> {
  requireAdmin(principal);
  const [counts, failed] = await Promise.all([outboxCounts(db), listFailedMail(db, FAILED_SHOWN)]);
  return { counts, failed };
}

/** Re-queues a failed message, due now, and records who did it (the recipient is not written to the audit log). */
export async function retryFailedMail(db: Knex, principal: Principal, messageId: number, now: number): Promise<void> {
  requireAdmin(principal);
  await db.transaction(async (trx) => {
    const row = await trx('mail_outbox').where({ id: messageId }).first('id', 'kind', 'status');
    if (!row) throw new NotFound();
    if (row.status !== 'failed' || !(await requeueFailedMail(trx, messageId, now))) throw new Conflict('mail.error.not_failed');
    await recordAudit(trx, now, {
      ...actorOf(principal),
      action: 'mail.retry',
      objectType: 'mail',
      objectId: messageId,
      details: { kind: row.kind },
    });
  });
}
