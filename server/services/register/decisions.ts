import type { Knex } from 'knex';
import type { RiskLevel } from '../../domain/dimensions';
import type { Principal } from '../../domain/principal';
import { validatePostDecision } from '../../domain/register/decision-rules';
import { currentStep } from '../../domain/register/procedure';
import { registerAccess } from '../../domain/register/register-access';
import { isLevel, type ReassessTrigger } from '../../domain/register/vocabulary';
import { Conflict, type FieldErrors, NotFound, ValidationError } from '../../errors';
import { unitResults, withoutHeldPosts } from '../risk/risk-results';
import { postDecisions } from './decided-levels';
import { savePostDecision, saveRiskPointLevel } from './decision-store';
import { procedureStatus } from './procedure';
import { openReassessments } from './reassess';
import { registerPeriod, unitContext, type PeriodRef, type UnitContext } from './register-context';
import { riskPointLevels, riskPointRows } from './register-data';
import { actorOf } from '../ops/audit';

// 组织评定 (DESIGN.md §2): the committee decides each post's level, the computed level of §3 shown as the proposal, and
// each risk point's level (proposed: its level of the previous period, else the post's computed level). Posts the
// viewer holds are left out. Decisions are taken while the step is current, or at any time in an open period for a
// post due for re-assessment (动态调整).

export interface DecisionPoint { id: number; key: string; power: string; duty: string; description: string; level: RiskLevel | null; proposal: RiskLevel }
export interface DecisionPost {
  id: number; key: string; title: string; chief: boolean; R: number; computed: RiskLevel;
  decided: RiskLevel | null; reason: string | null; reassess: ReassessTrigger[]; points: DecisionPoint[]; open: boolean;
}
export interface DecisionBoard { ctx: UnitContext; period: PeriodRef; posts: DecisionPost[]; withheld: number; stepOpen: boolean }

/** The latest level of each risk point decided in a period that started before this one. */
async function carriedLevels(db: Knex, period: PeriodRef, pointIds: number[]): Promise<Map<number, RiskLevel>> {
  if (pointIds.length === 0) return new Map();
  const rows = await db('risk_point_levels as l').join('periods as p', 'p.id', 'l.period_id').whereIn('l.risk_point_id', pointIds)
    .where('p.starts_on', '<', period.startsOn).orderBy('p.starts_on', 'asc').select('l.risk_point_id', 'l.level');
  return new Map(rows.map((r) => [Number(r.risk_point_id), r.level as RiskLevel]));
}

export async function decisionBoard(db: Knex, principal: Principal, periodKey: string, unitKey: string): Promise<DecisionBoard> {
  const period = await registerPeriod(db, periodKey);
  const ctx = await unitContext(db, principal, unitKey, period);
  if (!ctx.access.decide) throw new NotFound();
  const results = withoutHeldPosts(await unitResults(db, period.id, ctx.unit.id), principal);
  const allowed = results.posts.filter((p) => registerAccess(principal, { unitId: ctx.unit.id, postId: p.post.id, holdsPostInUnit: true }, ctx.phase).decide);
  const ids = allowed.map((p) => p.post.id);
  const [decisions, flags, points, status, chiefs] = await Promise.all([
    postDecisions(db, period.id, ids), openReassessments(db, ids), riskPointRows(db, ids), procedureStatus(db, period, ctx.unit),
    db('posts').whereIn('id', ids.length ? ids : [-1]).where({ chief: true }).pluck('id'),
  ]);
  const pointIds = points.map((rp) => Number(rp.id));
  const [levels, carried] = await Promise.all([riskPointLevels(db, period.id, pointIds), carriedLevels(db, period, pointIds)]);
  const stepOpen = period.state === 'open' && currentStep(status.steps) === 'decision';
  const posts = allowed.map((p) => {
    const d = decisions.get(p.post.id);
    const reassess = flags.get(p.post.id)?.triggers ?? [];
    return {
      id: p.post.id, key: p.postKey, title: p.post.title, chief: chiefs.map(Number).includes(p.post.id), R: p.R, computed: p.level,
      decided: d?.decidedLevel ?? null, reason: d?.reason ?? null, reassess, open: stepOpen || (period.state === 'open' && reassess.length > 0),
      points: points.filter((rp) => Number(rp.post_id) === p.post.id).map((rp) => ({
        id: Number(rp.id), key: String(rp.key), power: String(rp.power), duty: String(rp.duty), description: String(rp.description),
        level: levels.get(Number(rp.id)) ?? null, proposal: carried.get(Number(rp.id)) ?? p.level,
      })),
    };
  });
  return { ctx, period, posts, withheld: (results.withheld ?? 0) + results.posts.length - allowed.length, stepOpen };
}

export interface DecisionForm { level: string; reason: string; points: Record<string, string> }

/** Saves one post's decision and its risk points' levels together; field errors keyed level, reason, point.<key>. */
export async function decidePost(db: Knex, principal: Principal, now: number, periodKey: string, unitKey: string, postKey: string, form: DecisionForm): Promise<void> {
  const board = await decisionBoard(db, principal, periodKey, unitKey);
  const post = board.posts.find((p) => p.key === postKey);
  if (!post) throw new NotFound();
  if (!post.open) throw new Conflict('register.decision.error.closed');
  const checked = validatePostDecision(post.computed, form.level, form.reason);
  const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
  for (const rp of post.points) if (!isLevel(form.points[rp.key])) errors[`point.${rp.key}`] = form.points[rp.key] ? 'form.invalid' : 'form.required';
  if (!checked.ok || Object.keys(errors).length) throw new ValidationError(errors);
  const actor = actorOf(principal);
  await db.transaction(async (trx) => {
    await savePostDecision(trx, actor, now, { periodId: board.period.id, post: { id: post.id, key: post.key, unitKey: board.ctx.unit.key }, computed: post.computed, decided: checked.value.level, reason: checked.value.reason });
    for (const rp of post.points) await saveRiskPointLevel(trx, actor, now, board.period.id, rp, form.points[rp.key] as RiskLevel);
  });
}
