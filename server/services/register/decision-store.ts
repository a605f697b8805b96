import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import { isOverride } from '../../domain/register/decision-rules';
import { recordAudit, type Actor } from '../ops/audit';
import { resolveReassessment } from './reassess';

// The one place a decided level is written (组织评定 on the web, `register import`): the post's level beside the
// computed level it was proposed, with the reason; each change audited; a decision resolves the post's
// re-assessment flags (it confirms or changes the level, DESIGN.md §2 Dynamic adjustment).


export interface PostDecisionWrite {
  periodId: number;
  post: { id: number; key: string; unitKey: string };
  computed: RiskLevel;
  decided: RiskLevel;
  reason: string | null;
}

/** Upserts the post's decision; unchanged decisions write nothing (but still resolve a pending re-assessment). */
export async function savePostDecision(trx: Knex, actor: Actor, now: number, d: PostDecisionWrite): Promise<boolean> {
  const before = await trx('post_decisions').where({ period_id: d.periodId, post_id: d.post.id }).first();
  const resolved = await resolveReassessment(trx, d.post.id, actor.actorId, d.periodId, now);
  if (before && before.decided_level === d.decided && (before.reason ?? null) === d.reason && !resolved) return false;
  const row = { computed_level: d.computed, decided_level: d.decided, reason: d.reason, decided_by: actor.actorId, decided_at: now };
  if (before) await trx('post_decisions').where({ period_id: d.periodId, post_id: d.post.id }).update(row);
  else await trx('post_decisions').insert({ period_id: d.periodId, post_id: d.post.id, ...row });
  await recordAudit(trx, now, {
    ...actor, action: 'decision.post', objectType: 'post', objectId: d.post.id,
    details: { unit: d.post.unitKey, post: d.post.key, period: d.periodId, computed: d.computed, from: before?.decided_level ?? null, to: d.decided, override: isOverride(d.computed, d.decided), reason: d.reason, reassessResolved: resolved },
  });
  return true;
}

/** Upserts a risk point's level in the period; audited when it changes. */
export async function saveRiskPointLevel(trx: Knex, actor: Actor, now: number, periodId: number, point: { id: number; key: string }, level: RiskLevel): Promise<boolean> {
  const before = await trx('risk_point_levels').where({ period_id: periodId, risk_point_id: point.id }).first('level');
  if (before?.level === level) return false;
  if (before) await trx('risk_point_levels').where({ period_id: periodId, risk_point_id: point.id }).update({ level, decided_by: actor.actorId, decided_at: now });
  else await trx('risk_point_levels').insert({ period_id: periodId, risk_point_id: point.id, level, decided_by: actor.actorId, decided_at: now });
  await recordAudit(trx, now, { ...actor, action: 'decision.risk_point', objectType: 'risk_point', objectId: point.id, details: { key: point.key, period: periodId, from: before?.level ?? null, to: level } });
  return true;
}
