import type { Knex } from 'knex';
import { bool, insertedId } from '../../db/dialect';
import { dbErrorKind } from '../../db/translate-error';
import { POWER_TYPES, type PowerType } from '../../domain/dimensions';
import type { PostFields } from '../../domain/org-forms';
import { canSeePost, type Principal } from '../../domain/principal';
import { NotFound, ValidationError } from '../../errors';
import { recordAudit } from '../ops/audit';
import { postChangeTriggers } from '../../domain/register/reassess-rules';
import { flagReassessment } from '../register/reassess';
import { actorOf } from '../ops/audit';
import { findUnit } from './units';

// Posts of a unit (DESIGN.md §2 Post) as the admin pages manage them. The unit is looked up through the principal's
// scope first, so a post of an unseen unit is "not found" like the unit itself.

export interface PostDetail extends PostFields {
  id: number;
  archived: boolean;
}

type PostRow = Record<string, unknown> & { id: number; archived_at: unknown };

function toDetail(row: PostRow): PostDetail {
  const power = Object.fromEntries(POWER_TYPES.map((t) => [t, Number(row[`power_${t}`])])) as Record<PowerType, number>;
  return {
    id: row.id,
    key: row.key as string,
    title: row.title as string,
    portfolio: row.portfolio as string,
    chief: bool(row.chief),
    holderName: (row.holder_name as string | null) ?? null,
    power,
    archived: row.archived_at !== null,
  };
}

function columns(fields: PostFields) {
  const values: Record<string, unknown> = { title: fields.title, portfolio: fields.portfolio, chief: fields.chief, holder_name: fields.holderName };
  for (const t of POWER_TYPES) values[`power_${t}`] = fields.power[t];
  return values;
}

/** Posts of a unit (active first, in their display order). */
export async function listPosts(db: Knex, principal: Principal, unitKey: string): Promise<PostDetail[]> {
  const unit = await findUnit(db, principal, unitKey);
  const rows = await db('posts').where({ unit_id: unit.id }).orderBy([{ column: 'sort_order' }, { column: 'id' }]);
  return rows.map(toDetail).sort((a, b) => Number(a.archived) - Number(b.archived));
}

/**
 * One post by unit key and post key, or NotFound. An admin who holds the post does not get it either: its power
 * profile feeds the post's score, so editing it is deciding about their own post (conflict of interest).
 */
export async function findPost(db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<PostDetail> {
  const unit = await findUnit(db, principal, unitKey);
  const row = await db('posts').where({ unit_id: unit.id, key: postKey }).first();
  if (!row || !canSeePost(principal, { id: Number(row.id), unitId: unit.id })) throw new NotFound();
  return toDetail(row);
}

/** Adds a post at the end of its unit's list; a key in use in this unit is a field error on `key`. Audited as post.create. */
export async function createPost(db: Knex, now: number, principal: Principal, unitKey: string, fields: PostFields): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      const unit = await findUnit(trx, principal, unitKey);
      if (await trx('posts').where({ unit_id: unit.id, key: fields.key }).first('id')) throw new ValidationError({ key: 'admin.post.key_taken' });
      const last = await trx('posts').where({ unit_id: unit.id }).max({ n: 'sort_order' }).first();
      const sortOrder = last?.n === null || last?.n === undefined ? 0 : Number(last.n) + 1;
      const [row] = await trx('posts').insert({ ...columns(fields), unit_id: unit.id, key: fields.key, sort_order: sortOrder, created_at: now }).returning('id');
      const id = insertedId(row);
      await recordAudit(trx, now, { ...actorOf(principal), action: 'post.create', objectType: 'post', objectId: id, details: { unit: unitKey, key: fields.key, title: fields.title, chief: fields.chief, power: fields.power } });
    });
  } catch (err) {
    if (dbErrorKind(err) === 'unique') throw new ValidationError({ key: 'admin.post.key_taken' });
    throw err;
  }
}

/** Changes a post's title, portfolio, chief flag, holder and power profile (the key is stable). Audited as post.update with what changed. */
export async function updatePost(db: Knex, now: number, principal: Principal, unitKey: string, postKey: string, fields: PostFields): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await findPost(trx, principal, unitKey, postKey);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const name of ['title', 'portfolio', 'chief', 'holderName'] as const) {
      if (before[name] !== fields[name]) changes[name] = { from: before[name], to: fields[name] };
    }
    for (const t of POWER_TYPES) if (before.power[t] !== fields.power[t]) changes[`power.${t}`] = { from: before.power[t], to: fields.power[t] };
    if (Object.keys(changes).length === 0) return;
    await trx('posts').where({ id: before.id }).update(columns(fields));
    for (const trigger of postChangeTriggers(before, fields)) await flagReassessment(trx, before.id, trigger, now);
    // The holder's name is committee-only data; the audit trail records that it changed, not the name itself.
    if (changes.holderName) changes.holderName = { from: before.holderName !== null, to: fields.holderName !== null };
    await recordAudit(trx, now, { ...actorOf(principal), action: 'post.update', objectType: 'post', objectId: before.id, details: { unit: unitKey, key: postKey, changes } });
  });
}

/** Archives (or restores) a post. Audited as post.archive / post.unarchive. */
export async function setPostArchived(db: Knex, now: number, principal: Principal, unitKey: string, postKey: string, archived: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const post = await findPost(trx, principal, unitKey, postKey);
    if (post.archived === archived) return;
    await trx('posts').where({ id: post.id }).update({ archived_at: archived ? now : null });
    await recordAudit(trx, now, { ...actorOf(principal), action: archived ? 'post.archive' : 'post.unarchive', objectType: 'post', objectId: post.id, details: { unit: unitKey, key: postKey } });
  });
}
