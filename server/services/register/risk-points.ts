import type { Knex } from 'knex';
import type { Dimension, PowerType, RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { nextRiskPointKey, parseStoredDimensions, type RiskPointInput } from '../../domain/register/risk-point-rules';
import type { RiskPointSource } from '../../domain/register/vocabulary';
import { dbErrorKind } from '../../db/translate-error';
import { Forbidden, NotFound, ValidationError } from '../../errors';
import { actorOf, recordAudit } from '../ops/audit';
import { postContext, type PostContext } from './register-context';
import { riskPointLevels } from './register-data';
import { insertedId } from '../../db/dialect';

// Risk points of a post (DESIGN.md §2): created and edited by the committee, or proposed by the post's holder during
// 个人查找; retired, never deleted; every change audited. What a principal may do comes from registerAccess.

export interface RiskPointView {
  id: number; key: string; power: PowerType; duty: string; description: string; manifestation: string; dimensions: Dimension[];
  owner: string; supervisor: string; source: string; retired: boolean;
  /** The level decided in the working period, only when the viewer may see levels (else undefined). */
  level?: RiskLevel | null;
}

function toView(r: Record<string, unknown>): RiskPointView {
  return {
    id: Number(r.id), key: String(r.key), power: r.power as PowerType, duty: String(r.duty), description: String(r.description), manifestation: String(r.manifestation),
    dimensions: parseStoredDimensions(String(r.dimensions)), owner: String(r.owner), supervisor: String(r.supervisor), source: String(r.source), retired: r.retired_at !== null,
  };
}


/** The post's risk points (active first, then retired), levels only where the viewer may see them. */
export async function listRiskPoints(db: Knex, principal: Principal, unitKey: string, postKey: string): Promise<{ ctx: PostContext; points: RiskPointView[] }> {
  const ctx = await postContext(db, principal, unitKey, postKey);
  const rows = await db('risk_points').where({ post_id: ctx.post.id }).orderBy([{ column: 'sort_order' }, { column: 'id' }]);
  const points = rows.map(toView).sort((a, b) => Number(a.retired) - Number(b.retired));
  if (ctx.access.readLevels && ctx.period) {
    const levels = await riskPointLevels(db, ctx.period.id, points.map((p) => p.id));
    for (const p of points) p.level = levels.get(p.id) ?? null;
  }
  return { ctx, points };
}

export async function getRiskPoint(db: Knex, principal: Principal, unitKey: string, postKey: string, pointKey: string): Promise<{ ctx: PostContext; point: RiskPointView }> {
  const { ctx, points } = await listRiskPoints(db, principal, unitKey, postKey);
  const point = points.find((p) => p.key === pointKey);
  if (!point) throw new NotFound();
  return { ctx, point };
}

/** The committee may always write; the holder only while 个人查找 is open. */
function mayWrite(ctx: PostContext): Exclude<RiskPointSource, 'import'> {
  if (ctx.access.edit) return 'committee';
  if (ctx.access.propose) return 'holder';
  throw new Forbidden('register.error.self_check_closed');
}

const columns = (input: RiskPointInput) => ({
  power: input.power, duty: input.duty, description: input.description, manifestation: input.manifestation,
  dimensions: input.dimensions.join(','), owner: input.owner, supervisor: input.supervisor,
});

export async function createRiskPoint(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, input: RiskPointInput): Promise<string> {
  const ctx = await postContext(db, principal, unitKey, postKey);
  const source = mayWrite(ctx);
  try {
    return await db.transaction(async (trx) => {
      const taken: string[] = await trx('risk_points').where({ post_id: ctx.post.id }).pluck('key');
      const key = input.key ?? nextRiskPointKey(taken);
      if (taken.includes(key)) throw new ValidationError({ key: 'register.error.key_taken' });
      const [row] = await trx('risk_points')
        .insert({ ...columns(input), post_id: ctx.post.id, key, source, sort_order: taken.length, created_by: principal.id, created_at: now, updated_at: now })
        .returning('id');
      const id = insertedId(row);
      await recordAudit(trx, now, { ...actorOf(principal), action: 'risk_point.create', objectType: 'risk_point', objectId: id, details: { unit: unitKey, post: postKey, key, power: input.power, source } });
      return key;
    });
  } catch (err) {
    if (dbErrorKind(err) === 'unique') throw new ValidationError({ key: 'register.error.key_taken' });
    throw err;
  }
}

export async function updateRiskPoint(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, pointKey: string, input: RiskPointInput): Promise<void> {
  const { ctx, point } = await getRiskPoint(db, principal, unitKey, postKey, pointKey);
  const by = mayWrite(ctx);
  if (point.retired) throw new Forbidden();
  const changed = (Object.keys(columns(input)) as Array<keyof ReturnType<typeof columns>>).filter((f) => String(columns(input)[f]) !== String(f === 'dimensions' ? point.dimensions.join(',') : point[f]));
  if (changed.length === 0) return;
  await db.transaction(async (trx) => {
    await trx('risk_points').where({ id: point.id }).update({ ...columns(input), updated_at: now });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'risk_point.update', objectType: 'risk_point', objectId: point.id, details: { unit: unitKey, post: postKey, key: pointKey, changed, by } });
  });
}

/** Retires (or brings back) a risk point: the committee only. A retired point leaves the register but keeps its history. */
export async function setRiskPointRetired(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, pointKey: string, retired: boolean): Promise<void> {
  const { ctx, point } = await getRiskPoint(db, principal, unitKey, postKey, pointKey);
  if (!ctx.access.edit) throw new Forbidden();
  if (point.retired === retired) return;
  await db.transaction(async (trx) => {
    await trx('risk_points').where({ id: point.id }).update(retired ? { retired_at: now, retired_by: principal.id } : { retired_at: null, retired_by: null });
    await recordAudit(trx, now, { ...actorOf(principal), action: retired ? 'risk_point.retire' : 'risk_point.restore', objectType: 'risk_point', objectId: point.id, details: { unit: unitKey, post: postKey, key: pointKey } });
  });
}
