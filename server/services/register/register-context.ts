import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { isPublished, selfCheckOpen } from '../../domain/register/procedure';
import { registerAccess, type RegisterAccess, type RegisterPhase } from '../../domain/register/register-access';
import { heldPostsInUnit } from '../auth/access';
import { NotFound } from '../../errors';
import { stepRecords } from './procedure';

// Where the register pages stand: the unit and post looked up by key, the period whose procedure applies (the open
// one, else the latest closed), the phase of that procedure, and what the principal may do (registerAccess).
// Anything the principal may not read answers "not found", like an unknown key (§5).

export interface PeriodRef { id: number; key: string; name: string; state: string; startsOn: string; endsOn: string }
export interface UnitRef { id: number; key: string; name: string }
export interface PostRef { id: number; key: string; title: string; chief: boolean; holderName: string | null; unit: UnitRef }

export interface PostContext { unit: UnitRef; post: PostRef; period: PeriodRef | null; phase: RegisterPhase; access: RegisterAccess }
export interface UnitContext { unit: UnitRef; period: PeriodRef | null; phase: RegisterPhase; access: RegisterAccess; heldPostIds: number[] }

const toPeriod = (r: Record<string, unknown>): PeriodRef => ({ id: Number(r.id), key: String(r.key), name: String(r.name), state: String(r.state), startsOn: String(r.starts_on), endsOn: String(r.ends_on) });

/** The period the register works in now: the open one that started last, else the closed one that started last. */
export async function workingPeriod(db: Knex): Promise<PeriodRef | null> {
  const open = await db('periods').where({ state: 'open' }).orderBy('starts_on', 'desc').first();
  if (open) return toPeriod(open);
  const closed = await db('periods').where({ state: 'closed' }).orderBy('starts_on', 'desc').first();
  return closed ? toPeriod(closed) : null;
}

/** A period by key (draft ones excluded: they have no procedure yet). */
export async function registerPeriod(db: Knex, key: string): Promise<PeriodRef> {
  const row = await db('periods').where({ key }).whereNot({ state: 'draft' }).first();
  if (!row) throw new NotFound();
  return toPeriod(row);
}

export async function phaseOf(db: Knex, period: PeriodRef | null, unitId: number): Promise<RegisterPhase> {
  if (!period) return { selfCheckOpen: false, published: false };
  const records = await stepRecords(db, period.id, unitId);
  return { selfCheckOpen: selfCheckOpen(records, period.state === 'open'), published: isPublished(records) };
}

async function unitByKey(db: Knex, unitKey: string): Promise<UnitRef> {
  const u = await db('units').where({ key: unitKey }).first('id', 'key', 'name');
  if (!u) throw new NotFound();
  return { id: Number(u.id), key: u.key, name: u.name };
}

/** A unit's register context (procedure, publication, team); NotFound unless the principal may read its pages or its publication. */
export async function unitContext(db: Knex, principal: Principal, unitKey: string, period?: PeriodRef | null): Promise<UnitContext> {
  const unit = await unitByKey(db, unitKey);
  const heldPostIds = await heldPostsInUnit(db, principal, unit.id);
  const p = period === undefined ? await workingPeriod(db) : period;
  const phase = await phaseOf(db, p, unit.id);
  const access = registerAccess(principal, { unitId: unit.id, postId: null, holdsPostInUnit: heldPostIds.length > 0 }, phase);
  if (!access.read && !access.readPublication) throw new NotFound();
  return { unit, period: p, phase, access, heldPostIds };
}

/** A post's register context; NotFound unless the principal may read its risk points. */
export async function postContext(db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<PostContext> {
  const unit = await unitByKey(db, unitKey);
  const row = await db('posts').where({ unit_id: unit.id, key: postKey }).first('id', 'key', 'title', 'chief', 'holder_name');
  if (!row) throw new NotFound();
  const post: PostRef = { id: Number(row.id), key: row.key, title: row.title, chief: Boolean(row.chief), holderName: row.holder_name ?? null, unit };
  const period = await workingPeriod(db);
  const phase = await phaseOf(db, period, unit.id);
  const access = registerAccess(principal, { unitId: unit.id, postId: post.id, holdsPostInUnit: principal.heldPostIds.includes(post.id) }, phase);
  if (!access.read) throw new NotFound();
  return { unit, post, period, phase, access };
}

/** Posts the principal holds, with their units, for the holder's way into 个人查找. */
export async function heldPosts(db: Knex, principal: Principal): Promise<Array<{ unitKey: string; unitName: string; postKey: string; title: string }>> {
  if (principal.heldPostIds.length === 0) return [];
  const rows = await db('posts as p').join('units as u', 'u.id', 'p.unit_id').whereIn('p.id', principal.heldPostIds).whereNull('p.archived_at')
    .orderBy(['u.key', 'p.sort_order']).select('u.key as unit_key', 'u.name as unit_name', 'p.key', 'p.title');
  return rows.map((r) => ({ unitKey: r.unit_key, unitName: r.unit_name, postKey: r.key, title: r.title }));
}
