import type { Knex } from 'knex';
import { bool, lockForUpdate } from '../db/dialect';
import { recordAudit } from './audit';
import { afterFailure, attemptVerdict, CLEAR_LOCKOUT, type LockoutState } from './lockout';
import { dummyHash, verifyPassword } from './passwords';
import { completeSecondFactor, createSession, endSession, type SessionInfo } from './sessions';
import { checkSecondFactor } from './totp';
import type { Secrets } from '../secrets';

export type LoginResult =
  | { ok: true; token: string; userId: number; secondFactorPending: boolean }
  | { ok: false; reason: 'invalid' };

interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  disabled_at: number | null;
  totp_enabled: unknown;
  failed_logins: number;
  first_failed_at: number | string | null;
  last_failed_at: number | string | null;
  locked_until: number | string | null;
}

const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));

export function lockoutStateOf(user: UserRow): LockoutState {
  return { failedLogins: Number(user.failed_logins), firstFailedAt: num(user.first_failed_at), lastFailedAt: num(user.last_failed_at), lockedUntil: num(user.locked_until) };
}

function lockoutColumns(state: LockoutState) {
  return { failed_logins: state.failedLogins, first_failed_at: state.firstFailedAt, last_failed_at: state.lastFailedAt, locked_until: state.lockedUntil };
}

/**
 * Counts one failed attempt (password or second factor) against an account, locking it at the threshold; audited in
 * the same transaction. Returns whether this failure locked the account.
 */
export async function registerFailure(db: Knex, now: number, userId: number, action: string, label: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const user: UserRow = await lockForUpdate(trx, trx('users').where({ id: userId })).first();
    const { state, locked } = afterFailure(lockoutStateOf(user), now);
    await trx('users').where({ id: userId }).update(lockoutColumns(state));
    await recordAudit(trx, now, { actorId: userId, actorLabel: label, action, objectType: 'user', objectId: userId, details: { failures: state.failedLogins } });
    if (locked) await recordAudit(trx, now, { actorId: userId, actorLabel: label, action: 'login.lockout', objectType: 'user', objectId: userId, details: { until: state.lockedUntil } });
    return locked;
  });
}

export async function clearFailures(db: Knex, userId: number): Promise<void> {
  await db('users').where({ id: userId }).update(lockoutColumns(CLEAR_LOCKOUT));
}

/**
 * Checks e-mail and password and opens a session. The answer never says whether the e-mail exists, is disabled or
 * locked: an unknown address costs the same hash as a known one, and every refusal is the same 'invalid'.
 */
export async function logIn(db: Knex, now: number, email: string, password: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const user: UserRow | undefined = await db('users').whereRaw('lower(email) = ?', [normalized]).first();
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  const label = normalized.slice(0, 254);
  if (!user || user.disabled_at) {
    await recordAudit(db, now, { actorId: user?.id ?? null, actorLabel: label, action: 'login.failure', objectType: 'user', objectId: user?.id ?? null });
    return { ok: false, reason: 'invalid' };
  }
  const verdict = attemptVerdict(lockoutStateOf(user), now);
  if (verdict !== 'allowed' || !valid) {
    await registerFailure(db, now, user.id, verdict === 'allowed' ? 'login.failure' : `login.refused_${verdict}`, label);
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, user.id);
  const pending = bool(user.totp_enabled);
  const { token } = await createSession(db, user.id, now, pending);
  await recordAudit(db, now, { actorId: user.id, actorLabel: user.email, action: pending ? 'login.password_ok' : 'login.success', objectType: 'user', objectId: user.id });
  return { ok: true, token, userId: user.id, secondFactorPending: pending };
}

export type SecondFactorResult = { ok: true; token: string } | { ok: false; signedOut: boolean };

/**
 * The login's second step: a TOTP or recovery code. Wrong codes count towards the same lockout as wrong passwords;
 * when the account locks (or already is locked) the half-open session ends. Success rotates the session id.
 */
export async function passSecondFactor(db: Knex, keyring: Secrets['encryption'], now: number, session: SessionInfo, code: string): Promise<SecondFactorResult> {
  const user: UserRow = await db('users').where({ id: session.userId }).first();
  const verdict = attemptVerdict(lockoutStateOf(user), now);
  const factor = verdict === 'allowed' ? await checkSecondFactor(db, keyring, now, user.id, code) : null;
  if (!factor) {
    const locked = await registerFailure(db, now, user.id, verdict === 'allowed' ? 'login.totp_failure' : `login.refused_${verdict}`, user.email);
    const signedOut = locked || verdict === 'locked';
    if (signedOut) await endSession(db, session.idHash);
    return { ok: false, signedOut };
  }
  await clearFailures(db, user.id);
  const { token } = await completeSecondFactor(db, session, now);
  await recordAudit(db, now, { actorId: user.id, actorLabel: user.email, action: 'login.success', objectType: 'user', objectId: user.id, details: { factor } });
  return { ok: true, token };
}
