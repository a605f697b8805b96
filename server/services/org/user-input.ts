import type { Knex } from 'knex';
import { ValidationError, type FieldErrors } from '../../errors';
import type { Role } from '../../domain/principal';
import { isEmailAddress } from '../../domain/email-address';
import { USER_NAME_MAX } from '../../domain/user-rules';
import { passwordProblem } from '../auth/password-policy';

// Validation of a committee account as typed in the admin form or on the command line. Field names are the form's.
export interface RawUserInput {
  email?: string;
  name: string;
  role: string;
  /** 'all' or 'units'. */
  scope: string;
  /** Unit keys (scope 'units'). */
  units: string[];
  /** Post ids held (conflict of interest). */
  posts: string[];
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  allUnits: boolean;
  unitIds: number[];
  postIds: number[];
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Checks every field and resolves unit keys and post ids; throws ValidationError with every problem at once. */
export async function validateUserInput(db: Knex, raw: RawUserInput, options: { checkEmail: boolean; exceptUserId?: number }): Promise<UserInput> {
  const errors: FieldErrors = {};
  const email = normalizeEmail(raw.email ?? '');
  if (options.checkEmail) {
    if (!email) errors.email = 'auth.users.error.email_required';
    else if (!isEmailAddress(email)) errors.email = 'auth.users.error.email_invalid';
    else {
      const taken = await db('users').whereRaw('lower(email) = ?', [email]).modify((q) => (options.exceptUserId ? q.whereNot({ id: options.exceptUserId }) : q)).first('id');
      if (taken) errors.email = 'auth.users.error.email_taken';
    }
  }
  const name = raw.name.trim();
  if (!name) errors.name = 'auth.users.error.name_required';
  else if (name.length > USER_NAME_MAX) errors.name = 'auth.users.error.name_too_long';
  if (raw.role !== 'admin' && raw.role !== 'reviewer') errors.role = 'auth.users.error.role';
  const allUnits = raw.role === 'admin' || raw.scope === 'all';
  let unitIds: number[] = [];
  if (!allUnits) {
    if (raw.scope !== 'units') errors.scope = 'auth.users.error.scope';
    else if (raw.units.length === 0) errors.units = 'auth.users.error.units_required';
    else {
      const found = await db('units').whereIn('key', raw.units.slice(0, 1000)).select('id', 'key');
      if (found.length !== new Set(raw.units).size) errors.units = 'auth.users.error.unit_unknown';
      unitIds = found.map((u) => Number(u.id));
    }
  }
  const postIds = [...new Set(raw.posts.map(Number))];
  if (postIds.some((id) => !Number.isInteger(id) || id <= 0)) errors.posts = 'auth.users.error.post_unknown';
  else if (postIds.length > 0) {
    const found = await db('posts').whereIn('id', postIds.slice(0, 1000)).pluck('id');
    if (found.length !== postIds.length) errors.posts = 'auth.users.error.post_unknown';
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { email, name, role: raw.role as Role, allUnits, unitIds, postIds };
}

/** Password rule check for a chosen password (generated ones always pass). */
export function checkChosenPassword(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError({ [field]: problem });
}
