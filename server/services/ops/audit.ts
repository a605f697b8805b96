import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { insertedId, isPostgres } from '../../db/dialect';
import { getSetting, setSetting } from './settings';
import type { Principal } from '../../domain/principal';

// The audit log (DESIGN.md §5): append-only and hash-chained, the chain keyed (HMAC-SHA-256) with a key kept outside
// the database (secrets.json or AUDIT_KEY), so someone with the database alone can neither edit an event nor forge a
// new chain. The head (latest id and hash, with its own MAC) is kept beside the table; a missing or stale head fails
// the check, and a head printed earlier (`audit head`, the admins' daily digest) shows a chain cut off since.

export interface AuditInput {
  actorId: number | null;
  actorLabel: string;
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  details?: Record<string, unknown>;
}

/** Who an audit event names: a committee user by id and e-mail, or the command line. */
export type Actor = Pick<AuditInput, 'actorId' | 'actorLabel'>;
export const CLI_ACTOR: Actor = Object.freeze({ actorId: null, actorLabel: 'cli' });
/** The application's own jobs: snapshots at close, retention, re-assessment flags. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ actorId: null, actorLabel: 'system' });
/** The demo seeder (`demo` command). */
export const DEMO_ACTOR: Actor = Object.freeze({ actorId: null, actorLabel: 'cli demo' });

/** The actor for a signed-in committee user. */
export function actorOf(principal: Principal): Actor {
  return { actorId: principal.id, actorLabel: principal.email };
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
/** What a new event links to when the recorded head is missing or forged: it can never verify, so a cut stays visible. */
const UNTRUSTED_HEAD = 'f'.repeat(64);

export const AUDIT_HEAD_KEY = 'audit_head';
export interface AuditHead {
  id: number;
  hash: string;
}
interface StoredHead extends AuditHead {
  /** HMAC of id and hash; absent in heads written before the chain was keyed. */
  mac?: string;
}

// The key travels with the database handle (and every transaction of it, which shares the handle's config), bound
// once by bootstrap: recordAudit keeps its (db, now, input) signature in the many places that call it.
const keys = new WeakMap<object, Buffer>();

/** Binds the audit key to a database handle; bootstrap does this for the server and the CLI. */
export function attachAuditKey(db: Knex, key: Buffer): void {
  keys.set(db.client.config, key);
}

function keyOf(db: Knex): Buffer {
  const key = keys.get(db.client.config);
  if (!key) throw new Error('audit key not attached to this database handle (bootstrap attaches it)');
  return key;
}

/** Canonical content of an event: a fixed field order, so the same event always hashes the same. */
export function canonicalAuditContent(row: Omit<AuditRow, 'id' | 'hash'>): string {
  return JSON.stringify([row.prev_hash, row.at, row.actor_id, row.actor_label, row.action, row.object_type, row.object_id, row.details_json]);
}

export function auditHash(key: Buffer, row: Omit<AuditRow, 'id' | 'hash'>): string {
  return crypto.createHmac('sha256', key).update(canonicalAuditContent(row)).digest('hex');
}

/** The plain SHA-256 of chains written before they were keyed; such events are accepted only before the first keyed one. */
function unkeyedHash(row: Omit<AuditRow, 'id' | 'hash'>): string {
  return crypto.createHash('sha256').update(canonicalAuditContent(row)).digest('hex');
}

const headMac = (key: Buffer, head: AuditHead) => crypto.createHmac('sha256', key).update(`audit-head:${head.id}:${head.hash}`).digest('hex');
const same = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function writeHead(db: Knex, key: Buffer, head: AuditHead): Promise<void> {
  await setSetting(db, AUDIT_HEAD_KEY, { id: head.id, hash: head.hash, mac: headMac(key, head) } satisfies StoredHead);
}

/** The recorded head if its MAC holds (a head from before the keyed chain is trusted only where it matches the latest event). */
async function trustedHead(db: Knex, key: Buffer, latest: { id: number; hash: string } | undefined): Promise<AuditHead | null> {
  const head = await getSetting<StoredHead | null>(db, AUDIT_HEAD_KEY, null);
  if (!head) return null;
  if (head.mac !== undefined) return same(head.mac, headMac(key, head)) ? { id: head.id, hash: head.hash } : null;
  return latest && Number(latest.id) === head.id && latest.hash === head.hash ? { id: head.id, hash: head.hash } : null;
}

/**
 * Appends an event to the chain. Pass the caller's transaction so the event commits with the action it records.
 * The new event links to the recorded head, not merely to the newest row: after rows were cut off it does not
 * verify, so a cut cannot be covered by the events that follow it. On PostgreSQL an advisory lock serialises appends
 * across instances; SQLite has one writer.
 */
export async function recordAudit(db: Knex, now: number, input: AuditInput): Promise<void> {
  const key = keyOf(db);
  const append = async (trx: Knex.Transaction) => {
    if (isPostgres(trx)) await trx.raw('SELECT pg_advisory_xact_lock(?)', [4242001]);
    const latest = await trx('audit_events').orderBy('id', 'desc').first('id', 'hash');
    const head = await trustedHead(trx, key, latest);
    const row = {
      at: now,
      actor_id: input.actorId,
      actor_label: input.actorLabel,
      action: input.action,
      object_type: input.objectType ?? null,
      object_id: input.objectId === undefined || input.objectId === null ? null : String(input.objectId),
      details_json: JSON.stringify(input.details ?? {}),
      prev_hash: head?.hash ?? (latest ? UNTRUSTED_HEAD : GENESIS_HASH),
    };
    const hash = auditHash(key, row);
    const [inserted] = await trx('audit_events').insert({ ...row, hash }).returning('id');
    await writeHead(trx, key, { id: insertedId(inserted), hash });
  };
  if ((db as Knex.Transaction).isTransaction) await append(db as Knex.Transaction);
  else await db.transaction(append);
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  firstBrokenId?: number;
  reason?: 'hash_mismatch' | 'chain_broken' | 'head_missing' | 'head_mismatch' | 'head_not_in_chain' | 'unkeyed';
  /** The last event that still checks out (head_mismatch: the events after it are gone). */
  lastIntactId?: number;
}

/**
 * Walks the chain in id order. Events written before the chain was keyed (plain SHA-256) are accepted only as a prefix:
 * once one keyed event is seen, every later one must be keyed. The first event whose hash or link does not hold is named.
 */
async function walk(db: Knex, key: Buffer, visit?: (row: AuditRow) => void) {
  let prev = GENESIS_HASH;
  let count = 0;
  let lastId = 0;
  let keyed = 0;
  for (;;) {
    const rows: AuditRow[] = await db('audit_events').where('id', '>', lastId).orderBy('id').limit(1000);
    if (rows.length === 0) return { ok: true as const, prev, count, lastId, keyed };
    for (const row of rows) {
      const { id: _id, hash, ...content } = row;
      const fields = { ...content, at: Number(content.at) };
      if (row.prev_hash !== prev) return { ok: false as const, count, lastId, row, reason: 'chain_broken' as const };
      if (auditHash(key, fields) === hash) keyed++;
      else if (keyed > 0 || unkeyedHash(fields) !== hash) return { ok: false as const, count, lastId, row, reason: 'hash_mismatch' as const };
      visit?.(row);
      prev = hash;
      count++;
      lastId = row.id;
    }
  }
}

/**
 * Checks every event's keyed hash and link, and that the recorded head (with its MAC) names the newest event. A chain
 * with no keyed event at all is refused: anyone could have written it. With `expected` (a head printed earlier), also
 * checks that this event is still in the chain with that hash.
 */
export async function verifyAuditChain(db: Knex, expected?: AuditHead): Promise<AuditVerification> {
  const key = keyOf(db);
  const seen = new Map<number, string>();
  const chain = await walk(db, key, expected ? (row) => row.id === expected.id && seen.set(row.id, row.hash) : undefined);
  if (!chain.ok) return { ok: false, events: chain.count, firstBrokenId: Number(chain.row.id), reason: chain.reason };
  const stored = await getSetting<StoredHead | null>(db, AUDIT_HEAD_KEY, null);
  if (chain.count > 0 && chain.keyed === 0) return { ok: false, events: chain.count, firstBrokenId: chain.lastId, reason: 'unkeyed' };
  if (!stored && chain.count > 0) return { ok: false, events: chain.count, firstBrokenId: chain.lastId, reason: 'head_missing', lastIntactId: chain.lastId };
  if (stored && (stored.mac === undefined || !same(stored.mac, headMac(key, stored)) || stored.id !== chain.lastId || stored.hash !== chain.prev)) {
    // A chain whose newest events were deleted is still internally consistent; the recorded head is not.
    return { ok: false, events: chain.count, firstBrokenId: stored.id, reason: 'head_mismatch', lastIntactId: chain.lastId };
  }
  if (expected && seen.get(expected.id) !== expected.hash) return { ok: false, events: chain.count, firstBrokenId: expected.id, reason: 'head_not_in_chain', lastIntactId: chain.lastId };
  return { ok: true, events: chain.count };
}

/** The newest event's id and hash, and the number of events: what `audit head` prints and the admins' digest carries. */
export async function auditHead(db: Knex): Promise<AuditHead & { events: number }> {
  const latest = await db('audit_events').orderBy('id', 'desc').first('id', 'hash');
  const count = await db('audit_events').count({ n: '*' }).first();
  return { id: latest ? Number(latest.id) : 0, hash: latest?.hash ?? GENESIS_HASH, events: Number(count?.n ?? 0) };
}
