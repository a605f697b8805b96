import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { isPostgres } from '../db/dialect';
import { getSetting, setSetting } from './settings';

export interface AuditInput {
  actorId: number | null;
  actorLabel: string;
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: number;
  actor_id: number | null;
  actor_label: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The chain head (latest id and hash), kept beside the table so deleting the latest events is detected too. */
export const AUDIT_HEAD_KEY = 'audit_head';
interface AuditHead {
  id: number;
  hash: string;
}

/** Canonical content of an event: a fixed field order, so the same event always hashes the same. */
export function canonicalAuditContent(row: Omit<AuditRow, 'id' | 'hash'>): string {
  return JSON.stringify([row.prev_hash, row.at, row.actor_id, row.actor_label, row.action, row.object_type, row.object_id, row.details_json]);
}

export function auditHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  return crypto.createHash('sha256').update(canonicalAuditContent(row)).digest('hex');
}

/**
 * Appends an event to the hash chain. Pass the caller's transaction so the event commits with the action it records.
 * On PostgreSQL an advisory lock serialises appends across instances; SQLite has one writer.
 */
export async function recordAudit(db: Knex, now: number, input: AuditInput): Promise<void> {
  const append = async (trx: Knex.Transaction) => {
    if (isPostgres(trx)) await trx.raw('SELECT pg_advisory_xact_lock(?)', [4242001]);
    const last = await trx('audit_events').orderBy('id', 'desc').first('hash');
    const row = {
      at: now,
      actor_id: input.actorId,
      actor_label: input.actorLabel,
      action: input.action,
      object_type: input.objectType ?? null,
      object_id: input.objectId === undefined || input.objectId === null ? null : String(input.objectId),
      details_json: JSON.stringify(input.details ?? {}),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(row);
    const [inserted] = await trx('audit_events').insert({ ...row, hash }).returning('id');
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    await setSetting(trx, AUDIT_HEAD_KEY, { id, hash } satisfies AuditHead);
  };
  if ((db as Knex.Transaction).isTransaction) await append(db as Knex.Transaction);
  else await db.transaction(append);
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBrokenId?: number;
  reason?: 'hash_mismatch' | 'chain_broken' | 'head_mismatch';
  /** The last event that still checks out (head_mismatch: the events after it are gone). */
  lastIntactId?: number;
}

/** Walks the chain in id order; the first event whose hash or link does not hold is named. */
export async function verifyAuditChain(db: Knex): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let count = 0;
  let lastId = 0;
  for (;;) {
    const rows: AuditRow[] = await db('audit_events').where('id', '>', lastId).orderBy('id').limit(1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prev_hash !== prev) return { ok: false, events: count, firstBrokenId: row.id, reason: 'chain_broken' };
      const { id: _id, hash, ...content } = row;
      if (auditHash({ ...content, at: Number(content.at) }) !== hash) return { ok: false, events: count, firstBrokenId: row.id, reason: 'hash_mismatch' };
      prev = hash;
      count++;
      lastId = row.id;
    }
  }
  // A chain whose newest events were deleted is still internally consistent; the recorded head is not.
  const head = await getSetting<AuditHead | null>(db, AUDIT_HEAD_KEY, null);
  if (head && (head.id !== lastId || head.hash !== prev)) {
    return { ok: false, events: count, firstBrokenId: head.id, reason: 'head_mismatch', lastIntactId: lastId };
  }
  return { ok: true, events: count };
}
