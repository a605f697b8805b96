import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { dbErrorKind } from '../../db/translate-error';
import { addCalendarDays } from '../../domain/deadlines';
import { FORM_TOKEN_KEEP_DAYS } from '../../domain/form-token';

// Used form tokens (domain/form-token.ts). Only a hash is stored: the token is 128 random bits, so a plain SHA-256
// cannot be reversed or guessed, and nothing in the row points at what the form filed.

/** Thrown when a form's token was used before: the form has already been filed. */
export class FormAlreadySubmitted extends Error {
  constructor() {
    super('form already submitted');
  }
}

/** A fresh token for a form about to be shown (128 random bits, base64url: 22 characters). */
export function newFormToken(): string {
  return crypto.randomBytes(16).toString('base64url');
}

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Whether the token was used already (a cheap look-up before the slow work of a filing). */
export async function formTokenUsed(db: Knex, token: string): Promise<boolean> {
  return Boolean(await db('form_tokens').where({ token_hash: tokenHash(token) }).first('token_hash'));
}

/** Marks the token used inside the filing's transaction; a second claim (any instance) throws FormAlreadySubmitted. */
export async function claimFormToken(trx: Knex, token: string, today: string): Promise<void> {
  try {
    await trx('form_tokens').insert({ token_hash: tokenHash(token), kept_until: addCalendarDays(today, FORM_TOKEN_KEEP_DAYS) });
  } catch (err) {
    if (dbErrorKind(err) === 'unique') throw new FormAlreadySubmitted();
    throw err;
  }
}

/** Forgets tokens kept long enough (run daily with the other retention work); returns how many. */
export async function purgeFormTokens(db: Knex, today: string): Promise<number> {
  return db('form_tokens').where('kept_until', '<', today).delete();
}
