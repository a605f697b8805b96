import type { Knex } from 'knex';
import { bool } from '../../db/dialect';
import { canSeePost, canSeeReport, canSeeUnit, unitScope, type Principal, type Role } from '../../domain/principal';
import { NotFound } from '../../errors';

// One home for who may see what (DESIGN.md §2 Conflict of interest, §5): unit scope, post holding, recusal. The rules
// are the pure functions of domain/principal.ts; this module applies them to queries and lookups. Every page, export,
// count, mail and CLI command asks here; an object the principal may not see is "not found", so its existence is not
// revealed either.

export { canSeePost, OPERATOR } from '../../domain/principal';
export type { Principal } from '../../domain/principal';

export interface UnitRef {
  id: number;
  key: string;
  name: string;
}

export interface VisiblePost {
  id: number;
  key: string;
  title: string;
  portfolio: string;
  unit: UnitRef;
}

const unitRef = (u: { id: unknown; key: string; name: string }): UnitRef => ({ id: Number(u.id), key: u.key, name: u.name });

/** Restricts a query to the principal's units; `unitColumn` names the unit id. */
export function whereUnitVisible<Q extends Knex.QueryBuilder>(query: Q, unitColumn: string, principal: Principal): Q {
  const scope = unitScope(principal);
  if (scope !== null) query.whereIn(unitColumn, scope.length ? scope : [-1]);
  return query;
}

/**
 * Restricts a query to rows about posts the principal may see: unit in scope, post not held. With `nullablePost`
 * (reports may name no post) rows without a post stay.
 */
export function wherePostVisible<Q extends Knex.QueryBuilder>(query: Q, columns: { unit: string; post: string; nullablePost?: boolean }, principal: Principal): Q {
  whereUnitVisible(query, columns.unit, principal);
  const held = principal.heldPostIds;
  if (held.length) {
    if (columns.nullablePost) query.where((q) => q.whereNull(columns.post).orWhereNotIn(columns.post, held));
    else query.whereNotIn(columns.post, held);
  }
  return query;
}

/** Units the principal may see; archived ones only when asked. */
/** The posts of a unit (archived ones too) the principal holds; no query for someone who holds none. */
export async function heldPostsInUnit(db: Knex, principal: Principal, unitId: number): Promise<number[]> {
  if (!principal.heldPostIds.length) return [];
  return ((await db('posts').where({ unit_id: unitId }).whereIn('id', principal.heldPostIds).pluck('id')) as unknown[]).map(Number);
}

export async function visibleUnits(db: Knex, principal: Principal, options: { archived?: boolean; orderBy?: 'key' | 'name' } = {}): Promise<UnitRef[]> {
  const query = db('units').orderBy(options.orderBy ?? 'key').select('id', 'key', 'name');
  if (!options.archived) query.whereNull('archived_at');
  return (await whereUnitVisible(query, 'id', principal)).map(unitRef);
}

/** A unit by key, or NotFound when it does not exist or lies outside the principal's scope. */
export async function findVisibleUnit(db: Knex, principal: Principal, unitKey: string): Promise<UnitRef> {
  const unit = typeof unitKey === 'string' ? await db('units').where({ key: unitKey }).first('id', 'key', 'name') : undefined;
  if (!unit || !canSeeUnit(principal, Number(unit.id))) throw new NotFound();
  return unitRef(unit);
}

/** A post by unit and post key, or NotFound when out of scope or held by the principal (conflict of interest). */
export async function findVisiblePost(db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<VisiblePost> {
  const unit = await findVisibleUnit(db, principal, unitKey);
  const post = typeof postKey === 'string' ? await db('posts').where({ unit_id: unit.id, key: postKey }).first('id', 'key', 'title', 'portfolio') : undefined;
  if (!post || !canSeePost(principal, { id: Number(post.id), unitId: unit.id })) throw new NotFound();
  return { id: Number(post.id), key: post.key, title: post.title, portfolio: post.portfolio, unit };
}

/** Current (not archived) posts the principal may see, grouped by visible unit, in display order. */
export async function visiblePostsByUnit(db: Knex, principal: Principal): Promise<Array<UnitRef & { posts: { id: number; key: string; title: string }[] }>> {
  const units = await visibleUnits(db, principal);
  const ids = units.map((u) => u.id);
  const query = db('posts').whereIn('unit_id', ids.length ? ids : [-1]).whereNull('archived_at').orderBy(['unit_id', 'sort_order', 'id']).select('id', 'unit_id', 'key', 'title');
  const posts = await wherePostVisible(query, { unit: 'unit_id', post: 'id' }, principal);
  return units.map((u) => ({ ...u, posts: posts.filter((p) => Number(p.unit_id) === u.id).map((p) => ({ id: Number(p.id), key: p.key, title: p.title })) }));
}

/** Reports the principal may see, as a query on `reports as r`: the SQL form of canSeeReport. */
export function visibleReports(db: Knex, principal: Principal): Knex.QueryBuilder {
  const query = wherePostVisible(db('reports as r'), { unit: 'r.unit_id', post: 'r.post_id', nullablePost: true }, principal);
  return query.whereNotExists(db('report_recusals as rr').whereRaw('rr.report_id = r.id').andWhere('rr.user_id', principal.id));
}

/** One report the principal may see (every column), or NotFound. */
export async function findVisibleReport(db: Knex, principal: Principal, reportId: number): Promise<Record<string, any>> {
  if (!Number.isSafeInteger(reportId) || reportId <= 0) throw new NotFound();
  const row = await visibleReports(db, principal).where('r.id', reportId).first('r.*');
  if (!row) throw new NotFound();
  return row;
}

/** Active committee users as Principals, with their scope and held posts: every one, or the one with `userId`. */
export async function activePrincipals(db: Knex, userId?: number): Promise<Principal[]> {
  const query = db('users').whereNull('disabled_at').orderBy('id').select('id', 'email', 'name', 'role', 'all_units');
  if (userId !== undefined) query.where({ id: userId });
  const users: Array<{ id: number; email: string; name: string; role: string; all_units: unknown }> = await query;
  const ids = users.map((u) => u.id);
  const [units, posts] = ids.length
    ? await Promise.all([db('user_units').whereIn('user_id', ids).select('user_id', 'unit_id'), db('user_posts').whereIn('user_id', ids).select('user_id', 'post_id')])
    : [[], []];
  const of = (rows: Array<Record<string, unknown>>, id: number, column: string) => rows.filter((r) => Number(r.user_id) === Number(id)).map((r) => Number(r[column]));
  return users.map((u) => ({
    id: Number(u.id), email: u.email, name: u.name, role: u.role as Role, allUnits: bool(u.all_units), unitIds: of(units, u.id, 'unit_id'), heldPostIds: of(posts, u.id, 'post_id'),
  }));
}

/** What a notification or an assignment is about: a unit, maybe a post, maybe an existing report (recusals apply). */
export interface ReportTarget {
  unitId: number;
  postId: number | null;
  reportId?: number | null;
}

/**
 * The committee users who may see this report, by the same rule as canSeeReport: in scope, not holding its post, not
 * recused. They are the ones who may be notified about it or have it assigned to them.
 */
export async function usersWhoMaySee(db: Knex, target: ReportTarget): Promise<Principal[]> {
  const recused = target.reportId ? (await db('report_recusals').where({ report_id: target.reportId }).pluck('user_id')).map(Number) : [];
  const report = { unitId: Number(target.unitId), postId: target.postId === null ? null : Number(target.postId), recusedUserIds: recused };
  return (await activePrincipals(db)).filter((p) => canSeeReport(p, report));
}
