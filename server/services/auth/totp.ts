import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { generateSecret, generateURI, verify } from 'otplib';
import { bool } from '../../db/dialect';
import type { Secrets } from '../../secrets';
import type { Principal } from '../../domain/principal';
import { actorOf, recordAudit, type Actor } from '../ops/audit';
import { open, seal } from '../report/encryption';
import { getSetting } from '../ops/settings';
import { qrSvg } from '../ops/qr-code';

// TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s) with otplib 13. The secret is sealed at rest (AES-GCM);
// recovery codes are stored as SHA-256 hashes and each works once. A code's time step is remembered so it cannot be
// replayed within its window.
export const TOTP_REQUIRED_FOR_ADMINS = 'totp_required_for_admins';
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Qingfeng 清风';
const TOLERANCE_S = 30;

type Keyring = Secrets['encryption'];
export const newTotpSecret = (): string => generateSecret();

export async function enrolmentView(email: string, secret: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  return { secret, uri, qrSvg: await qrSvg(uri) };
}

const hashCode = (code: string) => crypto.createHash('sha256').update(normalizeRecovery(code)).digest('hex');
const normalizeRecovery = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = crypto.randomBytes(8).toString('hex');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}-${raw.slice(12)}`;
  });
}

/** The time step a code matches, or null; otplib's afterTimeStep refuses a step already used. */
async function matchStep(secret: string, code: string, nowMs: number, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_S,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Confirms an enrolment with a first code; on success stores the sealed secret, turns TOTP on and returns the
 * recovery codes (shown once). Returns null when the code is wrong.
 */
export async function confirmEnrolment(db: Knex, keyring: Keyring, now: number, user: Principal, secret: string, code: string): Promise<string[] | null> {
  const step = await matchStep(secret, code.trim(), now, null);
  if (step === null) return null;
  const codes = newRecoveryCodes();
  await db.transaction(async (trx) => {
    await trx('users').where({ id: user.id }).update({
      totp_secret_enc: seal(keyring, secret),
      totp_enabled: true,
      totp_last_step: step,
      recovery_codes_json: JSON.stringify(codes.map(hashCode)),
    });
    await recordAudit(trx, now, { ...actorOf(user), action: 'totp.enable', objectType: 'user', objectId: user.id });
  });
  return codes;
}

export async function disableTotp(db: Knex, now: number, actor: Actor, userId: number): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ totp_secret_enc: null, totp_enabled: false, totp_last_step: null, recovery_codes_json: null });
    await recordAudit(trx, now, { ...actor, action: 'totp.disable', objectType: 'user', objectId: userId });
  });
}

/**
 * Checks a second-factor code: a current TOTP code (not used before) or an unused recovery code, which is then
 * spent. Runs in one transaction so two requests cannot both spend the same code.
 */
export async function checkSecondFactor(db: Knex, keyring: Keyring, now: number, userId: number, input: string): Promise<'totp' | 'recovery' | null> {
  const code = input.trim();
  return db.transaction(async (trx) => {
    const user = await trx('users').where({ id: userId }).first('totp_secret_enc', 'totp_enabled', 'totp_last_step', 'recovery_codes_json');
    if (!user || !bool(user.totp_enabled) || !user.totp_secret_enc) return null;
    const lastStep = user.totp_last_step === null ? null : Number(user.totp_last_step);
    const step = await matchStep(open(keyring, user.totp_secret_enc), code, now, lastStep);
    if (step !== null) {
      await trx('users').where({ id: userId }).update({ totp_last_step: step });
      return 'totp';
    }
    const hashes: string[] = JSON.parse(user.recovery_codes_json ?? '[]');
    const index = code.length >= 16 && code.length <= 40 ? hashes.indexOf(hashCode(code)) : -1;
    if (index < 0) return null;
    hashes.splice(index, 1);
    await trx('users').where({ id: userId }).update({ recovery_codes_json: JSON.stringify(hashes) });
    return 'recovery';
  });
}

export async function totpStatus(db: Knex, userId: number): Promise<{ enabled: boolean; recoveryLeft: number }> {
  const user = await db('users').where({ id: userId }).first('totp_enabled', 'recovery_codes_json');
  return { enabled: bool(user?.totp_enabled), recoveryLeft: user?.recovery_codes_json ? JSON.parse(user.recovery_codes_json).length : 0 };
}

/** An admin without TOTP must enrol before anything else when the deployment requires it. */
export async function mustEnrolTotp(db: Knex, userId: number, role: string): Promise<boolean> {
  if (role !== 'admin') return false;
  if (!(await getSetting<boolean>(db, TOTP_REQUIRED_FOR_ADMINS, false))) return false;
  return !(await totpStatus(db, userId)).enabled;
}
