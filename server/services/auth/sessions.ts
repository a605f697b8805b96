import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { bool } from '../../db/dialect';
import type { Principal } from '../../domain/principal';
import { activePrincipals } from './access';

// Server-side sessions in the database: revocable and valid across instances. The cookie holds a random token;
// the table holds only its SHA-256, so a database reader cannot hijack a session.
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionInfo {
  idHash: string;
  userId: number;
  csrfToken: string;
  secondFactorPending: boolean;
  /** Set by the session middleware: an admin who must enrol TOTP before anything else. */
  mustEnrolTotp?: boolean;
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const token = () => crypto.randomBytes(32).toString('base64url');

/** Starts a fresh session (a new id at every login, so a planted id is useless); returns the cookie token. */
export async function createSession(db: Knex, userId: number, now: number, secondFactorPending: boolean): Promise<{ token: string; session: SessionInfo }> {
  const raw = token();
  const session: SessionInfo = { idHash: sha256(raw), userId, csrfToken: token(), secondFactorPending };
  await db('sessions').insert({
    id_hash: session.idHash,
    user_id: userId,
    csrf_token: session.csrfToken,
    second_factor_pending: secondFactorPending,
    created_at: now,
    last_seen_at: now,
  });
  return { token: raw, session };
}

/** Finds a live session and slides its idle window; expired ones are deleted. */
export async function resumeSession(db: Knex, rawToken: string, now: number): Promise<SessionInfo | null> {
  if (!rawToken || rawToken.length > 100) return null;
  const idHash = sha256(rawToken);
  const row = await db('sessions').where({ id_hash: idHash }).first();
  if (!row) return null;
  const expired = now - Number(row.last_seen_at) > IDLE_TIMEOUT_MS || now - Number(row.created_at) > ABSOLUTE_TIMEOUT_MS;
  if (expired) {
    await db('sessions').where({ id_hash: idHash }).delete();
    return null;
  }
  if (now - Number(row.last_seen_at) > TOUCH_EVERY_MS) await db('sessions').where({ id_hash: idHash }).update({ last_seen_at: now });
  return { idHash, userId: row.user_id, csrfToken: row.csrf_token, secondFactorPending: bool(row.second_factor_pending) };
}

/** The second factor passed: the half-signed-in session is replaced by a fresh one (a new id at each privilege step). */
export async function completeSecondFactor(db: Knex, old: SessionInfo, now: number): Promise<{ token: string; session: SessionInfo }> {
  return db.transaction(async (trx) => {
    await trx('sessions').where({ id_hash: old.idHash }).delete();
    return createSession(trx, old.userId, now, false);
  });
}

export async function endSession(db: Knex, idHash: string): Promise<void> {
  await db('sessions').where({ id_hash: idHash }).delete();
}

export async function endAllSessionsOf(db: Knex, userId: number): Promise<void> {
  await db('sessions').where({ user_id: userId }).delete();
}

/** The user behind a session with their scope and held posts (the access module builds it); null when disabled or gone. */
export async function loadPrincipal(db: Knex, userId: number): Promise<Principal | null> {
  return (await activePrincipals(db, userId))[0] ?? null;
}
