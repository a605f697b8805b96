import type { Knex } from 'knex';
import { canSeeUnit, type Principal } from '../domain/principal';
import { NotFound } from '../errors';

// Lookups by key for the assessment-inputs area; anything outside the principal's unit scope is "not found" (§5).
export interface ScopedUnit {
  id: number;
  key: string;
  name: string;
}
export interface ScopedPost {
  id: number;
  key: string;
  title: string;
  portfolio: string;
  unit: ScopedUnit;
}

export async function unitInScope(db: Knex, principal: Principal, unitKey: string): Promise<ScopedUnit> {
  const unit = await db('units').where({ key: unitKey }).first('id', 'key', 'name');
  if (!unit || !canSeeUnit(principal, unit.id)) throw new NotFound();
  return { id: unit.id, key: unit.key, name: unit.name };
}

export async function postInScope(db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<ScopedPost> {
  const unit = await unitInScope(db, principal, unitKey);
  const post = await db('posts').where({ unit_id: unit.id, key: postKey }).first('id', 'key', 'title', 'portfolio');
  if (!post) throw new NotFound();
  return { id: post.id, key: post.key, title: post.title, portfolio: post.portfolio, unit };
}

/** Units the principal may see, for filters; archived units left out. */
export async function visibleUnits(db: Knex, principal: Principal): Promise<ScopedUnit[]> {
  const rows = await db('units').whereNull('archived_at').orderBy('key').select('id', 'key', 'name');
  return rows.filter((u) => canSeeUnit(principal, u.id));
}

export async function periodByKey(db: Knex, periodKey: string): Promise<{ id: number; key: string; name: string; startsOn: string; endsOn: string; state: string }> {
  const row = await db('periods').where({ key: periodKey }).first();
  if (!row) throw new NotFound();
  return { id: row.id, key: row.key, name: row.name, startsOn: row.starts_on, endsOn: row.ends_on, state: row.state };
}

/** `.returning('id')` gives [{id}] on PostgreSQL and [id] on SQLite. */
export function insertedId(row: unknown): number {
  return Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);
}

/** Visible units with their current posts, for the register's post filter. */
export async function visiblePosts(db: Knex, principal: Principal): Promise<Array<ScopedUnit & { posts: { id: number; key: string; title: string }[] }>> {
  const units = await visibleUnits(db, principal);
  const ids = units.map((u) => u.id);
  const posts = ids.length ? await db('posts').whereIn('unit_id', ids).whereNull('archived_at').orderBy(['unit_id', 'sort_order', 'id']).select('id', 'unit_id', 'key', 'title') : [];
  return units.map((u) => ({ ...u, posts: posts.filter((p) => p.unit_id === u.id).map((p) => ({ id: p.id, key: p.key, title: p.title })) }));
}
