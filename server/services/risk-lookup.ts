import type { Knex } from 'knex';
import { canSeeUnit, unitScope, type Principal } from '../domain/principal';
import { reportWeight } from '../domain/risk-model';
import { NotFound } from '../errors';
import { approachedCount, periodByKey, type FindingEvidence, type PeriodRow, type ReportEvidence } from './risk-inputs';
import { unitResults, withoutHeldPosts, type PostResult, type UnitResults } from './risk-results';

// Results as a committee user may see them: unit scope on every lookup (out of scope answers 404, so existence is not
// revealed) and conflict of interest on every report listed. Owned by the risk area.

export interface UnitRef {
  id: number;
  key: string;
  name: string;
}

/** A unit by key, if the principal may see it; otherwise NotFound. */
export async function scopedUnit(db: Knex, principal: Principal, unitKey: string): Promise<UnitRef> {
  const u = await db('units').where({ key: unitKey }).first('id', 'key', 'name');
  if (!u || !canSeeUnit(principal, Number(u.id))) throw new NotFound();
  return { id: Number(u.id), key: u.key, name: u.name };
}

/** A period that has results (open or closed) by key; otherwise NotFound. */
export async function resultPeriod(db: Knex, periodKey: string): Promise<PeriodRow> {
  const period = await periodByKey(db, periodKey);
  if (!period || period.state === 'draft') throw new NotFound();
  return period;
}

/** Periods with results, latest first. */
export async function resultPeriods(db: Knex): Promise<PeriodRow[]> {
  const rows = await db('periods').whereIn('state', ['open', 'closed']).orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'id', order: 'desc' }]).select('key');
  const periods: PeriodRow[] = [];
  for (const r of rows) periods.push((await periodByKey(db, r.key)) as PeriodRow);
  return periods;
}

export async function viewUnitResults(db: Knex, principal: Principal, periodKey: string, unitKey: string): Promise<UnitResults> {
  const unit = await scopedUnit(db, principal, unitKey);
  const period = await resultPeriod(db, periodKey);
  return withoutHeldPosts(await unitResults(db, period.id, unit.id), principal);
}

export interface PostExplanation {
  results: UnitResults;
  post: PostResult;
  /** Reports behind S, without those the viewer is conflicted on or recused from. */
  reports: (ReportEvidence & { weight: number })[];
  findings: FindingEvidence[];
  /** Reports in the period naming this post as the one approached: context, not in S. */
  approached: number;
}

export async function viewPostResult(
  db: Knex, principal: Principal, periodKey: string, unitKey: string, postKey: string,
): Promise<PostExplanation> {
  const results = await viewUnitResults(db, principal, periodKey, unitKey);
  const post = results.posts.find((p) => p.postKey === postKey);
  if (!post) throw new NotFound();
  // A post the viewer holds is not in results at all (withoutHeldPosts), so it answers 404 above.
  const about = results.inputs.reports.filter((r) => r.postId === post.post.id);
  // A reviewer who recused themselves from a report does not see it listed either (its weight still counts in W).
  const recused = about.length === 0 ? new Set<number>() : new Set((await db('report_recusals')
    .where({ user_id: principal.id }).whereIn('report_id', about.map((r) => r.id)).select('report_id')).map((r) => Number(r.report_id)));
  const reports = about.filter((r) => !recused.has(r.id)).map((r) => ({ ...r, weight: reportWeight(r) }));
  const findings = results.inputs.findings.filter((f) => f.postId === post.post.id);
  return { results, post, reports, findings, approached: await approachedCount(db, post.post.id, results.period) };
}

/** Current units the principal may see, by key. */
export async function scopedUnits(db: Knex, principal: Principal): Promise<UnitRef[]> {
  const scope = unitScope(principal);
  const q = db('units').whereNull('archived_at').orderBy('key').select('id', 'key', 'name');
  if (scope) q.whereIn('id', scope);
  return (await q).map((u) => ({ id: Number(u.id), key: u.key, name: u.name }));
}
