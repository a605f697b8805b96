import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { reportWeight } from '../../domain/risk-model';
import { NotFound } from '../../errors';
import { findVisibleUnit, visibleReports, visibleUnits, type UnitRef } from '../auth/access';
import { approachedCount, periodByKey, toPeriod, type FindingEvidence, type PeriodRow, type ReportEvidence } from './risk-inputs';
import { unitResultsOf, withoutHeldPosts, type PostResult, type UnitResults } from './risk-results';

// Results as a committee user may see them, through the access module: unit scope on every lookup (out of scope
// answers 404, so existence is not revealed), no post they hold, no report they may not see. Owned by the risk area.
export type { UnitRef } from '../auth/access';

/** A unit by key, if the principal may see it; otherwise NotFound. */
export const scopedUnit = (db: Knex, principal: Principal, unitKey: string): Promise<UnitRef> => findVisibleUnit(db, principal, unitKey);

/** A period that has results (open or closed) by key; otherwise NotFound. */
export async function resultPeriod(db: Knex, periodKey: string): Promise<PeriodRow> {
  const period = await periodByKey(db, periodKey);
  if (!period || period.state === 'draft') throw new NotFound();
  return period;
}

/** Periods with results, latest first. */
export async function resultPeriods(db: Knex): Promise<PeriodRow[]> {
  const rows = await db('periods').whereIn('state', ['open', 'closed']).orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'id', order: 'desc' }]);
  return rows.map(toPeriod);
}

export async function viewUnitResults(db: Knex, principal: Principal, periodKey: string, unitKey: string): Promise<UnitResults> {
  const unit = await scopedUnit(db, principal, unitKey);
  const period = await resultPeriod(db, periodKey);
  return withoutHeldPosts(await unitResultsOf(db, period, unit), principal);
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
  const visible = about.length === 0 ? new Set<number>() : new Set((await visibleReports(db, principal).whereIn('r.id', about.map((r) => r.id)).pluck('r.id')).map(Number));
  const reports = about.filter((r) => visible.has(r.id)).map((r) => ({ ...r, weight: reportWeight(r) }));
  const findings = results.inputs.findings.filter((f) => f.postId === post.post.id);
  return { results, post, reports, findings, approached: await approachedCount(db, post.post.id, results.period) };
}

/** Current units the principal may see, by key. */
export const scopedUnits = (db: Knex, principal: Principal): Promise<UnitRef[]> => visibleUnits(db, principal);
