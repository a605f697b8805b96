import type { Knex } from 'knex';
import { dayOf } from '../../domain/deadlines';
import type { RiskLevel } from '../../domain/dimensions';
import { defaultNextReview } from '../../domain/measure-rules';
import { registerFaults, type Fault, type RegisterEntry, type RegisterRiskPoint } from '../../domain/register/register-file';
import { recordAudit } from '../ops/audit';
import { unitResults } from '../risk/risk-results';
import type { Actor } from '../ops/audit';
import { savePostDecision, saveRiskPointLevel } from './decision-store';
import { insertedId } from '../../db/dialect';

// `register import` (DESIGN.md §8): the §8 register of a period brought in, all or nothing. Posts must exist; risk
// points are matched by key within their post (created, updated, or brought back if retired); measures by their text
// within their risk point; decided levels and reasons are recorded as decisions of the period. Nothing is retired or
// deleted by an import.

export interface ImportSummary { posts: number; decisions: number; riskPointsCreated: number; riskPointsUpdated: number; levels: number; measuresCreated: number; measuresUpdated: number }

export class ImportRefused extends Error {
  constructor(readonly faults: Fault[]) {
    super(`${faults.length} fault(s); nothing imported`);
  }
}

type PostRef = { id: number; key: string; unitKey: string; computed: RiskLevel };

/** Posts of the units named in the entries, with the level they compute now (the proposal of §3). */
async function postsOf(db: Knex, periodId: number, entries: RegisterEntry[]): Promise<Map<string, PostRef>> {
  const out = new Map<string, PostRef>();
  const unitKeys = [...new Set(entries.map((e) => e.unit))];
  const units = unitKeys.length ? await db('units').whereIn('key', unitKeys).select('id', 'key') : [];
  for (const u of units) {
    const results = await unitResults(db, periodId, Number(u.id));
    for (const p of results.posts) out.set(`${u.key}/${p.postKey}`, { id: p.post.id, key: p.postKey, unitKey: u.key, computed: p.level });
  }
  return out;
}

async function upsertPoint(trx: Knex, actor: Actor, now: number, post: PostRef, rp: RegisterRiskPoint, order: number): Promise<{ id: number; created: boolean }> {
  const fields = {
    power: rp.power, duty: rp.duty, description: rp.description, manifestation: rp.manifestation, dimensions: rp.dimensions.join(','),
    owner: rp.owner, supervisor: rp.supervisor, sort_order: order, updated_at: now, retired_at: null, retired_by: null,
  };
  const found = await trx('risk_points').where({ post_id: post.id, key: rp.key }).first('id');
  if (found) {
    await trx('risk_points').where({ id: found.id }).update(fields);
    return { id: Number(found.id), created: false };
  }
  const [row] = await trx('risk_points').insert({ ...fields, post_id: post.id, key: rp.key, source: 'import', created_by: actor.actorId, created_at: now }).returning('id');
  return { id: insertedId(row), created: true };
}

/** Checks everything first (faults by path), then writes it all in one transaction. */
export async function importRegister(db: Knex, actor: Actor, now: number, period: { id: number; key: string; state: string }, entries: RegisterEntry[]): Promise<ImportSummary> {
  if (period.state !== 'open') throw new ImportRefused([{ path: ['period'], message: `period "${period.key}" is ${period.state}; decisions go into an open period` }]);
  const posts = await postsOf(db, period.id, entries);
  const faults = registerFaults(entries, (unit, post) => posts.get(`${unit}/${post}`) ?? null);
  if (faults.length) throw new ImportRefused(faults);
  const summary: ImportSummary = { posts: entries.length, decisions: 0, riskPointsCreated: 0, riskPointsUpdated: 0, levels: 0, measuresCreated: 0, measuresUpdated: 0 };
  const today = dayOf(now);
  await db.transaction(async (trx) => {
    for (const e of entries) {
      const post = posts.get(`${e.unit}/${e.post}`)!;
      if (e.decided_level && (await savePostDecision(trx, actor, now, { periodId: period.id, post, computed: post.computed, decided: e.decided_level, reason: e.reason }))) summary.decisions++;
      for (const [order, rp] of e.risk_points.entries()) {
        const point = await upsertPoint(trx, actor, now, post, rp, order);
        if (point.created) summary.riskPointsCreated++;
        else summary.riskPointsUpdated++;
        if (rp.level && (await saveRiskPointLevel(trx, actor, now, period.id, { id: point.id, key: rp.key }, rp.level))) summary.levels++;
        for (const m of rp.measures) {
          const values = { owner: m.owner, due_on: m.due, status: m.status, updated_at: now };
          const existing = await trx('measures').where({ risk_point_id: point.id, description: m.what }).first('id');
          if (existing) {
            await trx('measures').where({ id: existing.id }).update(values);
            summary.measuresUpdated++;
          } else {
            await trx('measures').insert({
              ...values, post_id: post.id, risk_point_id: point.id, period_id: period.id, description: m.what, dimensions: rp.dimensions.join(','),
              next_review_on: defaultNextReview(e.decided_level ?? post.computed, today), created_by: actor.actorId, created_at: now,
            });
            summary.measuresCreated++;
          }
        }
      }
    }
    await recordAudit(trx, now, { ...actor, action: 'register.import', objectType: 'period', objectId: period.id, details: { period: period.key, ...summary } });
  });
  return summary;
}
