import type { Knex } from 'knex';
import { defaultNextReview, FINISHED_MEASURE_STATUSES, measureReviewOverdue, parseDimensions, type MeasureInput } from '../../domain/measure-rules';
import type { Principal } from '../../domain/principal';
import type { Dimension, RiskLevel } from '../../domain/dimensions';
import { NotFound } from '../../errors';
import { wherePostVisible } from '../auth/access';
import { postInScope, type ScopedPost } from '../assess/assess-scope';
import { currentLevel, currentPeriod } from '../assess/assess-levels';
import { actorOf, recordAudit } from '../ops/audit';
import { insertedId } from '../../db/dialect';

// The measures register (防控措施, DESIGN.md §2 Measure): per post, scoped, audited; overdue reviews flagged.
export interface MeasureView {
  id: number;
  unitKey: string;
  unitName: string;
  postId: number;
  postKey: string;
  postTitle: string;
  dimensions: Dimension[];
  description: string;
  owner: string;
  dueOn: string | null;
  status: string;
  reviewNotes: string | null;
  nextReviewOn: string | null;
  overdue: boolean;
}

export interface MeasureFilter {
  unitKey?: string;
  postId?: number;
  status?: string;
  overdueOnly?: boolean;
  periodId?: number;
}

function scopedQuery(db: Knex, principal: Principal) {
  const q = db('measures as m')
    .join('posts as p', 'p.id', 'm.post_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .select('m.*', 'p.key as post_key', 'p.title as post_title', 'u.key as unit_key', 'u.name as unit_name');
  // Measures of a post the principal holds are not theirs to see: their review dates follow the post's level.
  return wherePostVisible(q, { unit: 'u.id', post: 'p.id' }, principal);
}

function toView(row: Record<string, unknown>, today: string): MeasureView {
  const status = String(row.status);
  const next = (row.next_review_on as string | null) ?? null;
  return {
    id: Number(row.id), unitKey: String(row.unit_key), unitName: String(row.unit_name), postId: Number(row.post_id), postKey: String(row.post_key),
    postTitle: String(row.post_title), dimensions: parseDimensions(String(row.dimensions)), description: String(row.description), owner: String(row.owner),
    dueOn: (row.due_on as string | null) ?? null, status, reviewNotes: (row.review_notes as string | null) ?? null, nextReviewOn: next,
    overdue: measureReviewOverdue(status, next, today),
  };
}

/** The register in the principal's scope, filtered; overdue reviews first within each post. */
export async function listMeasures(db: Knex, principal: Principal, filter: MeasureFilter, today: string): Promise<MeasureView[]> {
  const q = scopedQuery(db, principal);
  if (filter.unitKey) q.where('u.key', filter.unitKey);
  if (filter.postId !== undefined) q.where('p.id', filter.postId);
  if (filter.status) q.where('m.status', filter.status);
  if (filter.periodId !== undefined) q.where((w) => w.where('m.period_id', filter.periodId!).orWhereNull('m.period_id'));
  // The SQL form of measureReviewOverdue: not finished, a review date, and that date before today.
  if (filter.overdueOnly) q.whereNotIn('m.status', [...FINISHED_MEASURE_STATUSES]).whereNotNull('m.next_review_on').where('m.next_review_on', '<', today);
  const rows = await q.orderBy([{ column: 'u.key' }, { column: 'p.sort_order' }, { column: 'p.id' }, { column: 'm.next_review_on' }, { column: 'm.id' }]);
  return rows.map((r) => toView(r, today));
}

/** For the dashboard (risk area): measures in scope whose review date has passed, the longest overdue first. */
export async function overdueReviews(db: Knex, principal: Principal, today: string): Promise<MeasureView[]> {
  const rows = await listMeasures(db, principal, { overdueOnly: true }, today);
  return rows.sort((a, b) => (a.nextReviewOn ?? '').localeCompare(b.nextReviewOn ?? '') || a.id - b.id);
}

export async function getMeasure(db: Knex, principal: Principal, unitKey: string, postKey: string, measureId: number, today: string): Promise<{ post: ScopedPost; measure: MeasureView }> {
  const post = await postInScope(db, principal, unitKey, postKey);
  const row = Number.isSafeInteger(measureId) ? await scopedQuery(db, principal).where({ 'm.id': measureId, 'm.post_id': post.id }).first() : undefined;
  if (!row) throw new NotFound();
  return { post, measure: toView(row, today) };
}

/**
 * What a new measure's form starts with: the next review by the post's current level (unknown → medium). The level
 * is read as the principal may see it, so it can never come from a post they hold (postInScope refuses those anyway).
 */
export async function measureDefaults(db: Knex, principal: Principal, unitKey: string, postKey: string, today: string): Promise<{ post: ScopedPost; level: RiskLevel | null; nextReviewOn: string }> {
  const post = await postInScope(db, principal, unitKey, postKey);
  const level = await currentLevel(db, principal, post.unit.id, post.id);
  return { post, level, nextReviewOn: defaultNextReview(level, today) };
}

const columns = (input: MeasureInput) => ({
  dimensions: input.dimensions.join(','), description: input.description, owner: input.owner, due_on: input.dueOn,
  status: input.status, review_notes: input.reviewNotes, next_review_on: input.nextReviewOn,
});

export async function createMeasure(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, input: MeasureInput): Promise<number> {
  const post = await postInScope(db, principal, unitKey, postKey);
  const period = await currentPeriod(db);
  return db.transaction(async (trx) => {
    const [row] = await trx('measures')
      .insert({ ...columns(input), post_id: post.id, period_id: period?.id ?? null, created_by: principal.id, created_at: now, updated_at: now })
      .returning('id');
    const id = insertedId(row);
    await recordAudit(trx, now, { ...actorOf(principal), action: 'measure.create', objectType: 'measure', objectId: id, details: { unit: post.unit.key, post: post.key, status: input.status, dimensions: input.dimensions } });
    return id;
  });
}

export async function updateMeasure(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, measureId: number, input: MeasureInput, today: string): Promise<void> {
  const { post, measure } = await getMeasure(db, principal, unitKey, postKey, measureId, today);
  await db.transaction(async (trx) => {
    await trx('measures').where({ id: measure.id }).update({ ...columns(input), updated_at: now });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'measure.update', objectType: 'measure', objectId: measure.id, details: { unit: post.unit.key, post: post.key, from: measure.status, status: input.status } });
  });
}

export async function deleteMeasure(db: Knex, principal: Principal, now: number, unitKey: string, postKey: string, measureId: number, today: string): Promise<void> {
  const { post, measure } = await getMeasure(db, principal, unitKey, postKey, measureId, today);
  await db.transaction(async (trx) => {
    await trx('measures').where({ id: measure.id }).delete();
    await recordAudit(trx, now, { ...actorOf(principal), action: 'measure.delete', objectType: 'measure', objectId: measure.id, details: { unit: post.unit.key, post: post.key } });
  });
}
