import type { Knex } from 'knex';

export interface OutgoingMail {
  /** What the message is for, e.g. 'digest', 'invitation', 'reminder'. Never a hint of report content. */
  kind: string;
  recipient: string;
  subject: string;
  body: string;
}

/**
 * Queues a message in the durable outbox. Pass the transaction of the event that causes it, so the mail exists
 * exactly when the event does; the outbox worker sends it with retries.
 */
export async function enqueueMail(db: Knex, mail: OutgoingMail, now: number): Promise<void> {
  await db('mail_outbox').insert({
    kind: mail.kind,
    recipient: mail.recipient,
    subject: mail.subject,
    body: mail.body,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
  });
}
