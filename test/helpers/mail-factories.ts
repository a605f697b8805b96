import crypto from 'node:crypto';
import type { Knex } from 'knex';

// Data for mail tests, built straight in the database.

const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

/** A report row with the given description (stored as is: these tests only need to know it never reaches a mail). */
export async function createReportRow(db: Knex, attrs: { unitId: number; postId?: number | null; description: string }): Promise<number> {
  const [row] = await db('reports')
    .insert({
      receipt_hash: crypto.randomBytes(16).toString('hex'),
      unit_id: attrs.unitId,
      post_id: attrs.postId ?? null,
      matter: 'personnel',
      behaviour: 'greeting',
      description_enc: attrs.description,
      received_on: new Date().toISOString().slice(0, 10),
    })
    .returning('id');
  return idOf(row);
}

export interface OutboxRow {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  body: string | null;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  locked_by: string | null;
}

export async function outboxRows(db: Knex, where: Record<string, unknown> = {}): Promise<OutboxRow[]> {
  const rows = await db('mail_outbox').where(where).orderBy('id');
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at) }));
}
