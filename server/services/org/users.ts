import type { Knex } from 'knex';
import { bool, insertedId } from '../../db/dialect';
import { NotFound, ValidationError } from '../../errors';
import { recordAudit, type Actor } from '../ops/audit';
import { flagReassessment } from '../register/reassess';
import { generatePassword } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { endAllSessionsOf } from '../auth/sessions';
import { checkChosenPassword, type UserInput } from './user-input';

// Committee accounts: create, change role/scope/held posts, disable, reset password. Every change is audited in its
// transaction, and a change of rights ends the user's sessions so it takes effect at once.
export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: string;
  allUnits: boolean;
  unitNames: string[];
  postCount: number;
  totpEnabled: boolean;
  disabled: boolean;
  locked: boolean;
}

export interface UserDetail extends UserSummary {
  unitKeys: string[];
  postIds: number[];
}


export async function listUsers(db: Knex, now: number): Promise<UserSummary[]> {
  const users = await db('users').orderBy('email').select('*');
  const units = await db('user_units').join('units', 'units.id', 'user_units.unit_id').orderBy('units.key').select('user_units.user_id', 'units.name', 'units.key');
  const posts = await db('user_posts').select('user_id');
  return users.map((u) => summary(u, now, units.filter((x) => x.user_id === u.id), posts.filter((p) => p.user_id === u.id).length));
}

function summary(u: Record<string, unknown>, now: number, units: Array<{ name: string }>, postCount: number): UserSummary {
  return {
    id: Number(u.id),
    email: String(u.email),
    name: String(u.name),
    role: String(u.role),
    allUnits: bool(u.all_units),
    unitNames: units.map((x) => x.name),
    postCount,
    totpEnabled: bool(u.totp_enabled),
    disabled: u.disabled_at !== null,
    locked: u.locked_until !== null && Number(u.locked_until) > now,
  };
}

export async function getUser(db: Knex, now: number, id: number): Promise<UserDetail> {
  const user = Number.isSafeInteger(id) ? await db('users').where({ id }).first() : undefined;
  if (!user) throw new NotFound();
  const units = await db('user_units').join('units', 'units.id', 'user_units.unit_id').where({ user_id: id }).orderBy('units.key').select('units.name', 'units.key');
  const postIds = (await db('user_posts').where({ user_id: id }).pluck('post_id')).map(Number);
  return { ...summary(user, now, units, postIds.length), unitKeys: units.map((u) => u.key), postIds };
}

/** Unit scope and held posts; a post newly linked to an account has a new holder: re-assessment is due (DESIGN.md §2). */
async function writeScope(trx: Knex.Transaction, userId: number, input: UserInput, now: number): Promise<void> {
  const heldBefore = new Set((await trx('user_posts').where({ user_id: userId }).pluck('post_id')).map(Number));
  for (const postId of input.postIds) if (!heldBefore.has(postId)) await flagReassessment(trx, postId, 'holder', now);
  await trx('user_units').where({ user_id: userId }).delete();
  await trx('user_posts').where({ user_id: userId }).delete();
  if (!input.allUnits && input.unitIds.length) await trx('user_units').insert(input.unitIds.map((unit_id) => ({ user_id: userId, unit_id })));
  if (input.postIds.length) await trx('user_posts').insert(input.postIds.map((post_id) => ({ user_id: userId, post_id })));
}

const scopeDetails = (input: UserInput) => ({ role: input.role, allUnits: input.allUnits, unitIds: input.unitIds, postIds: input.postIds });

/** Creates an account; with no password given one is generated and returned (to be shown once). */
export async function createCommitteeUser(db: Knex, now: number, actor: Actor, input: UserInput, chosenPassword?: string): Promise<{ id: number; email: string; password?: string }> {
  if (chosenPassword !== undefined) checkChosenPassword(chosenPassword);
  const password = chosenPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const id = await db.transaction(async (trx) => {
    const [row] = await trx('users')
      .insert({ email: input.email, name: input.name, role: input.role, all_units: input.allUnits, password_hash: passwordHash, created_at: now })
      .returning('id');
    const userId = insertedId(row);
    await writeScope(trx, userId, input, now);
    await recordAudit(trx, now, { ...actor, action: 'user.create', objectType: 'user', objectId: userId, details: { email: input.email, ...scopeDetails(input) } });
    return userId;
  });
  return { id, email: input.email, ...(chosenPassword === undefined ? { password } : {}) };
}

/** Changes name, role, unit scope and held posts; the user's sessions end so new rights apply at once. */
export async function updateCommitteeUser(db: Knex, now: number, actor: Actor, userId: number, input: Omit<UserInput, 'email'>): Promise<void> {
  const before = await getUser(db, now, userId);
  if (actor.actorId === userId && input.role !== 'admin') throw new ValidationError({ role: 'auth.users.error.self_demote' });
  // Dropping one's own held posts would lift one's own conflict of interest: another admin must do it.
  const samePosts = input.postIds.length === before.postIds.length && input.postIds.every((id) => before.postIds.includes(id));
  if (actor.actorId === userId && !samePosts) throw new ValidationError({ posts: 'auth.users.error.self_posts' });
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ name: input.name, role: input.role, all_units: input.allUnits });
    await writeScope(trx, userId, { ...input, email: before.email }, now);
    await recordAudit(trx, now, { ...actor, action: 'user.update', objectType: 'user', objectId: userId, details: { name: input.name, ...scopeDetails({ ...input, email: before.email }) } });
    if (actor.actorId !== userId) await endAllSessionsOf(trx, userId);
  });
}

export async function setUserDisabled(db: Knex, now: number, actor: Actor, userId: number, disabled: boolean): Promise<void> {
  await getUser(db, now, userId);
  if (disabled && actor.actorId === userId) throw new ValidationError({ disable: 'auth.users.error.self_disable' });
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ disabled_at: disabled ? now : null, failed_logins: 0, first_failed_at: null, last_failed_at: null, locked_until: null });
    await recordAudit(trx, now, { ...actor, action: disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: userId });
    await endAllSessionsOf(trx, userId);
  });
}

/** Sets a new password (given, or generated and returned), lifts a lockout and ends the user's sessions. */
export async function resetUserPassword(db: Knex, now: number, actor: Actor, userId: number, chosenPassword?: string): Promise<{ password?: string }> {
  await getUser(db, now, userId);
  if (chosenPassword !== undefined) checkChosenPassword(chosenPassword);
  const password = chosenPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (trx) => {
    await trx('users').where({ id: userId }).update({ password_hash: passwordHash, failed_logins: 0, first_failed_at: null, last_failed_at: null, locked_until: null });
    await recordAudit(trx, now, { ...actor, action: 'user.password_reset', objectType: 'user', objectId: userId });
    await endAllSessionsOf(trx, userId);
  });
  return chosenPassword === undefined ? { password } : {};
}

export async function userIdByEmail(db: Knex, email: string): Promise<number | null> {
  const row = await db('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first('id');
  return row ? Number(row.id) : null;
}

/** Whether anyone can administer this installation yet (a first start without one says how to create it). */
export async function hasActiveAdministrator(db: Knex): Promise<boolean> {
  return Boolean(await db('users').where({ role: 'admin' }).whereNull('disabled_at').first('id'));
}

/** Units and their posts, for the scope and held-post pickers. */
export async function scopeChoices(db: Knex): Promise<Array<{ key: string; name: string; posts: Array<{ id: number; title: string }> }>> {
  const units = await db('units').whereNull('archived_at').orderBy('key').select('id', 'key', 'name');
  const posts = await db('posts').whereNull('archived_at').orderBy(['unit_id', 'sort_order', 'id']).select('id', 'unit_id', 'title');
  return units.map((u) => ({ key: u.key, name: u.name, posts: posts.filter((p) => p.unit_id === u.id).map((p) => ({ id: Number(p.id), title: p.title })) }));
}
