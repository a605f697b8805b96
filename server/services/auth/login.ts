import type { Knex } from 'knex';
import { bool, lockForUpdate } from '../../db/dialect';
import { EMAIL_MAX } from '../../domain/email-address';
import { recordAudit } from '../ops/audit';
import { BACKOFF_FROM_FAILURES, CLEAR_LOCKOUT, reserveAttempt as reserve, type LockoutState } from './lockout';
import { dummyHash, verifyPassword } from './passwords';
import { completeSecondFactor, createSession, endSession, type SessionInfo } from './sessions';
import { checkSecondFactor } from './totp';
import type { Secrets } from '../../secrets';

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

type Verdict = 'allowed' | 'locked' | 'backoff';

/**
 * Decides an attempt (password or second factor) before it is checked: the account's state is read and, if the attempt
 * may go ahead, counted as a failure in the same transaction (a row lock on PostgreSQL; SQLite transactions begin
 * IMMEDIATE), so attempts sent together are counted one after the other and only the first few are checked. A refused
 * attempt is audited and changes nothing else.
 */
export async function reserveAttempt(db: Knex, now: number, userId: number, label: string): Promise<{ verdict: Verdict; failures: number }> {
  return db.transaction(async (trx) => {
    const user: UserRow = await lockForUpdate(trx, trx('users').where({ id: userId })).first();
    const { verdict, state } = reserve(lockoutStateOf(user), now);
    if (verdict === 'allowed') await trx('users').where({ id: userId }).update(lockoutColumns(state));
    else await recordAudit(trx, now, { actorId: userId, actorLabel: label, action: `login.refused_${verdict}`, objectType: 'user', objectId: userId });
    return { verdict, failures: state.failedLogins };
  });
}

export async function clearFailures(db: Knex, userId: number): Promise<void> {
  await db('users').where({ id: userId }).update(lockoutColumns(CLEAR_LOCKOUT));
}

async function auditFailure(db: Knex, now: number, userId: number, label: string, action: string, failures: number): Promise<void> {
  await recordAudit(db, now, { actorId: userId, actorLabel: label, action, objectType: 'user', objectId: userId, details: { failures } });
}

/**
 * Checks e-mail and password and opens a session. The answer never says whether the e-mail exists, is disabled or
 * in back-off: an unknown address costs the same hash as a known one, and every refusal is the same 'invalid'.
 */
export async function logIn(db: Knex, now: number, email: string, password: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const label = normalized.slice(0, EMAIL_MAX);
  const user: UserRow | undefined = await db('users').whereRaw('lower(email) = ?', [normalized]).first();
  if (!user || user.disabled_at) {
    await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
    await recordAudit(db, now, { actorId: user?.id ?? null, actorLabel: label, action: 'login.failure', objectType: 'user', objectId: user?.id ?? null });
    return { ok: false, reason: 'invalid' };
  }
  const { verdict, failures } = await reserveAttempt(db, now, user.id, label);
  if (verdict !== 'allowed') {
    // Refused unchecked, but as slow as a check: the answer's timing does not tell a known account from an unknown one.
    await verifyPassword(password, await dummyHash());
    return { ok: false, reason: 'invalid' };
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    await auditFailure(db, now, user.id, label, 'login.failure', failures);
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, user.id);
  const pending = bool(user.totp_enabled);
  const { token } = await createSession(db, user.id, now, pending);
  await recordAudit(db, now, { actorId: user.id, actorLabel: user.email, action: pending ? 'login.password_ok' : 'login.success', objectType: 'user', objectId: user.id });
  return { ok: true, token, userId: user.id, secondFactorPending: pending };
}

/**
 * A signed-in user proves they still hold their second factor (to replace or turn off TOTP): a current TOTP code or a
 * recovery code, decided like a sign-in attempt, so a stolen session cannot guess codes faster than the back-off allows.
 */
export async function provesSecondFactor(db: Knex, keyring: Secrets['encryption'], now: number, user: { id: number; email: string }, code: string): Promise<boolean> {
  const { verdict, failures } = await reserveAttempt(db, now, user.id, user.email);
  if (verdict !== 'allowed') return false;
  if (await checkSecondFactor(db, keyring, now, user.id, code)) {
    await clearFailures(db, user.id);
    return true;
  }
  await auditFailure(db, now, user.id, user.email, 'totp.check_failure', failures);
  return false;
}

export type SecondFactorResult = { ok: true; token: string } | { ok: false; signedOut: boolean };

/**
 * The login's second step: a TOTP or recovery code. Wrong codes count towards the same back-off as wrong passwords;
 * once they reach it (or the attempt is refused) the half-open session ends, so the password step, throttled per
 * account and address, must be passed again. Success rotates the session id.
 */
export async function passSecondFactor(db: Knex, keyring: Secrets['encryption'], now: number, session: SessionInfo, code: string): Promise<SecondFactorResult> {
  const user: UserRow = await db('users').where({ id: session.userId }).first();
  const { verdict, failures } = await reserveAttempt(db, now, user.id, user.email);
  const factor = verdict === 'allowed' ? await checkSecondFactor(db, keyring, now, user.id, code) : null;
  if (!factor) {
    if (verdict === 'allowed') await auditFailure(db, now, user.id, user.email, 'login.totp_failure', failures);
    const signedOut = verdict !== 'allowed' || failures >= BACKOFF_FROM_FAILURES;
    if (signedOut) await endSession(db, session.idHash);
    return { ok: false, signedOut };
  }
  await clearFailures(db, user.id);
  const { token } = await completeSecondFactor(db, session, now);
  await recordAudit(db, now, { actorId: user.id, actorLabel: user.email, action: 'login.success', objectType: 'user', objectId: user.id, details: { factor } });
  return { ok: true, token };
}
