import type { Knex } from 'knex';
import { recordAudit } from './audit';
import { dummyHash, verifyPassword } from './passwords';
import { createSession } from './sessions';

export type LoginResult =
  | { ok: true; token: string; userId: number; secondFactorPending: boolean }
  | { ok: false; reason: 'invalid' };

/**
 * Checks e-mail and password and opens a session. The answer never says whether the e-mail exists:
 * an unknown address costs the same hash as a known one.
 */
export async function logIn(db: Knex, now: number, email: string, password: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const user = await db('users').whereRaw('lower(email) = ?', [normalized]).first();
  const valid = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  if (!user || !valid || user.disabled_at) {
    await recordAudit(db, now, { actorId: user?.id ?? null, actorLabel: normalized.slice(0, 254), action: 'login.failure', objectType: 'user', objectId: user?.id ?? null });
    return { ok: false, reason: 'invalid' };
  }
  const pending = Boolean(user.totp_enabled);
  const { token } = await createSession(db, user.id, now, pending);
  await recordAudit(db, now, { actorId: user.id, actorLabel: user.email, action: 'login.success', objectType: 'user', objectId: user.id });
  return { ok: true, token, userId: user.id, secondFactorPending: pending };
}
