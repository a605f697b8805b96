import type { Knex } from 'knex';
import { dbErrorKind } from '../../db/translate-error';
import type { UnitFields } from '../../domain/org-forms';
import type { Principal } from '../../domain/principal';
import { ValidationError } from '../../errors';
import { findVisibleUnit, whereUnitVisible } from '../auth/access';
import { actorOf, recordAudit } from '../ops/audit';
import { insertedId } from '../../db/dialect';

// Units (DESIGN.md §2 Unit) as the admin pages manage them: list, create, rename, archive and unarchive.
// Every lookup goes through the principal's unit scope; an out-of-scope unit is "not found".


export interface UnitSummary {
  id: number;
  key: string;
  name: string;
  archived: boolean;
  postCount: number;
}

/** Units the principal may see, active first, then by key; postCount counts active posts. */
export async function listUnits(db: Knex, principal: Principal): Promise<UnitSummary[]> {
  const query = db('units')
    .leftJoin('posts', (j) => j.on('posts.unit_id', '=', 'units.id').onNull('posts.archived_at'))
    .groupBy('units.id', 'units.key', 'units.name', 'units.archived_at')
    .select('units.id', 'units.key', 'units.name', 'units.archived_at')
    .count({ post_count: 'posts.id' })
    .orderBy('units.key');
  const rows = (await whereUnitVisible(query, 'units.id', principal)) as Array<{ id: number; key: string; name: string; archived_at: unknown; post_count: unknown }>;
  return rows
    .map((r) => ({ id: r.id, key: r.key, name: r.name, archived: r.archived_at !== null, postCount: Number(r.post_count) }))
    .sort((a, b) => Number(a.archived) - Number(b.archived));
}

/** The unit with this key, or NotFound when it does not exist or lies outside the principal's scope. */
export async function findUnit(db: Knex, principal: Principal, key: string): Promise<UnitSummary> {
  const unit = await findVisibleUnit(db, principal, key);
  const row = await db('units').where({ id: unit.id }).first('id', 'key', 'name', 'archived_at');
  const count = await db('posts').where({ unit_id: row.id }).whereNull('archived_at').count({ n: '*' }).first();
  return { id: row.id, key: row.key, name: row.name, archived: row.archived_at !== null, postCount: Number(count?.n ?? 0) };
}

/** Creates a unit; a key already in use is a field error on `key`. Audited as unit.create. */
export async function createUnit(db: Knex, now: number, principal: Principal, fields: UnitFields): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      if (await trx('units').where({ key: fields.key }).first('id')) throw new ValidationError({ key: 'admin.unit.key_taken' });
      const [row] = await trx('units').insert({ key: fields.key, name: fields.name, created_at: now }).returning('id');
      const id = insertedId(row);
      await recordAudit(trx, now, { ...actorOf(principal), action: 'unit.create', objectType: 'unit', objectId: id, details: { key: fields.key, name: fields.name } });
    });
  } catch (err) {
    if (dbErrorKind(err) === 'unique') throw new ValidationError({ key: 'admin.unit.key_taken' });
    throw err;
  }
}

/** Renames a unit (its key stays). Audited as unit.rename with the old and new names. */
export async function renameUnit(db: Knex, now: number, principal: Principal, key: string, name: string): Promise<void> {
  await db.transaction(async (trx) => {
    const unit = await findUnit(trx, principal, key);
    if (unit.name === name) return;
    await trx('units').where({ id: unit.id }).update({ name });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'unit.rename', objectType: 'unit', objectId: unit.id, details: { key, from: unit.name, to: name } });
  });
}

/** Archives (or, with archived = false, restores) a unit. Audited as unit.archive / unit.unarchive. */
export async function setUnitArchived(db: Knex, now: number, principal: Principal, key: string, archived: boolean): Promise<void> {
  await db.transaction(async (trx) => {
    const unit = await findUnit(trx, principal, key);
    if (unit.archived === archived) return;
    await trx('units').where({ id: unit.id }).update({ archived_at: archived ? now : null });
    await recordAudit(trx, now, { ...actorOf(principal), action: archived ? 'unit.archive' : 'unit.unarchive', objectType: 'unit', objectId: unit.id, details: { key } });
  });
}
