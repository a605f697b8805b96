import type { Knex } from 'knex';
import { DIMENSIONS, POWER_TYPES, type Dimension, type Polarity, type PowerType } from '../../domain/dimensions';
import { addDimSums, itemCountsToDimSum, type AnswerCounts, type DimSum, type UnitRiskInput } from '../../domain/risk-model';
import { scopeOf, type ItemScope } from '../../domain/item-scope';
import { UNIT_CELL } from '../../domain/released-cells';
import type { ClosedWith, ReportStatus } from '../../domain/risk-params';

// Inputs of the risk model (DESIGN.md §3) for one unit in one period, read from the released aggregates:
// the work is proportional to posts × items, never to responses (§7). Owned by the risk area.

export interface PeriodRow {
  id: number;
  key: string;
  name: string;
  startsOn: string;
  endsOn: string;
  state: string;
  questionnaireId: number | null;
  /** The period's params_json as read with the row (undefined when the row was read without it). */
  paramsJson?: string | null;
}

export interface PostMeta {
  id: number;
  key: string;
  title: string;
  portfolio: string;
  power: Record<PowerType, number>;
}

/** A report behind S: id, status and outcome only — never its content. */
export interface ReportEvidence {
  id: number;
  postId: number;
  status: ReportStatus;
  closedWith: ClosedWith | null;
  receivedOn: string;
}

export interface FindingEvidence {
  id: number;
  postId: number;
  source: string;
  severity: number;
  foundOn: string;
}

/** Released answer counts of one item about one post, or of one unit item (postId 0, scope `unit`). */
export interface ItemAggregate {
  postId: number;
  itemKey: string;
  scope: ItemScope;
  dimension: Dimension;
  polarity: Polarity;
  counts: Required<AnswerCounts>;
}

/** Everything the model reads for one unit, plus the evidence the explanation page lists. */
export interface UnitInputs {
  input: UnitRiskInput;
  posts: PostMeta[];
  items: ItemAggregate[];
  reports: ReportEvidence[];
  findings: FindingEvidence[];
}

export async function periodById(db: Knex, periodId: number): Promise<PeriodRow | undefined> {
  const row = await db('periods').where({ id: periodId }).first();
  return row && toPeriod(row);
}

export async function periodByKey(db: Knex, key: string): Promise<PeriodRow | undefined> {
  const row = await db('periods').where({ key }).first();
  return row && toPeriod(row);
}

export function toPeriod(row: Record<string, unknown>): PeriodRow {
  return {
    id: Number(row.id), key: String(row.key), name: String(row.name), startsOn: String(row.starts_on), endsOn: String(row.ends_on),
    state: String(row.state), questionnaireId: row.questionnaire_id == null ? null : Number(row.questionnaire_id),
    paramsJson: row.params_json === undefined ? undefined : (row.params_json as string | null),
  };
}

/** Current (not archived) posts of a unit in display order. */
export async function unitPosts(db: Knex, unitId: number): Promise<PostMeta[]> {
  const rows = await db('posts').where({ unit_id: unitId }).whereNull('archived_at').orderBy([{ column: 'sort_order' }, { column: 'id' }]);
  return rows.map((r) => ({
    id: Number(r.id), key: r.key, title: r.title, portfolio: r.portfolio ?? '',
    power: Object.fromEntries(POWER_TYPES.map((t) => [t, Number(r[`power_${t}`])])) as Record<PowerType, number>,
  }));
}

const isDimension = (d: unknown): d is Dimension => (DIMENSIONS as readonly unknown[]).includes(d);
const polarityOf = (p: unknown): Polarity => (p === '-' || p === '−' ? '-' : '+');

/** Released counts of post cells (post, item). */
async function postAggregates(db: Knex, periodId: number, unitId: number): Promise<ItemAggregate[]> {
  const rows = await db('survey_aggregates as a')
    .join('questionnaire_items as i', 'i.id', 'a.item_id')
    .where({ 'a.period_id': periodId, 'a.unit_id': unitId })
    .select('a.post_id', 'i.key', 'i.dimension', 'i.polarity', 'i.scope', 'a.c1', 'a.c2', 'a.c3', 'a.c4', 'a.c5', 'a.cna');
  return rows.filter((r) => isDimension(r.dimension)).map((r) => ({
    postId: Number(r.post_id), itemKey: r.key, scope: scopeOf(r.scope), dimension: r.dimension, polarity: polarityOf(r.polarity),
    counts: { 1: Number(r.c1), 2: Number(r.c2), 3: Number(r.c3), 4: Number(r.c4), 5: Number(r.c5), na: Number(r.cna) },
  }));
}

/** Released counts of unit cells (unit, item), as postId 0; "don't know" is never counted. */
async function unitAggregates(db: Knex, periodId: number, unitId: number): Promise<ItemAggregate[]> {
  const rows = await db('survey_unit_aggregates as a')
    .join('questionnaire_items as i', 'i.id', 'a.item_id')
    .where({ 'a.period_id': periodId, 'a.unit_id': unitId })
    .select('i.key', 'i.dimension', 'i.polarity', 'a.c1', 'a.c2', 'a.c3', 'a.c4', 'a.c5');
  return rows.filter((r) => isDimension(r.dimension)).map((r) => ({
    postId: UNIT_CELL, itemKey: r.key, scope: 'unit', dimension: r.dimension, polarity: polarityOf(r.polarity),
    counts: { 1: Number(r.c1), 2: Number(r.c2), 3: Number(r.c3), 4: Number(r.c4), 5: Number(r.c5), na: 0 },
  }));
}

const emptyDims = (): Record<Dimension, DimSum> => Object.fromEntries(DIMENSIONS.map((d) => [d, { n: 0, sum: 0 }])) as Record<Dimension, DimSum>;

/** The part of a loaded period that its inputs are read by: the id and the dates reports and findings fall between. */
export type PeriodSpan = Pick<PeriodRow, 'id' | 'startsOn' | 'endsOn'>;

/** Everything of §3 for one unit and period: aggregates with item polarity, N_p, N_u, reports and findings in the period. */
export async function loadUnitInputs(db: Knex, period: PeriodSpan, unitId: number): Promise<UnitInputs> {
  const periodId = period.id;
  const posts = await unitPosts(db, unitId);
  const postIds = posts.map((p) => p.id);

  const items = [...await postAggregates(db, periodId, unitId), ...await unitAggregates(db, periodId, unitId)];
  const totals = await db('survey_post_totals').where({ period_id: periodId, unit_id: unitId }).select('post_id', 'respondents');
  const respondents = new Map(totals.map((r) => [Number(r.post_id), Number(r.respondents)]));
  const released = await db('releases').where({ period_id: periodId, unit_id: unitId }).sum({ n: 'response_count' }).first();

  const reportRows = postIds.length === 0 ? [] : await db('reports')
    .whereIn('post_id', postIds).whereBetween('received_on', [period.startsOn, period.endsOn])
    .orderBy('id').select('id', 'post_id', 'status', 'closed_with', 'received_on');
  const reports: ReportEvidence[] = reportRows.map((r) => ({
    id: Number(r.id), postId: Number(r.post_id), status: r.status, closedWith: r.closed_with ?? null, receivedOn: r.received_on,
  }));
  const findingRows = postIds.length === 0 ? [] : await db('findings')
    .whereIn('post_id', postIds).whereBetween('found_on', [period.startsOn, period.endsOn])
    .orderBy('id').select('id', 'post_id', 'source', 'severity', 'found_on');
  const findings: FindingEvidence[] = findingRows.map((r) => ({
    id: Number(r.id), postId: Number(r.post_id), source: r.source, severity: Number(r.severity), foundOn: r.found_on,
  }));

  const itemsByPost = new Map<number, ItemAggregate[]>();
  for (const it of items) itemsByPost.set(it.postId, [...(itemsByPost.get(it.postId) ?? []), it]);
  // A unit item counts toward its dimension for every post of the unit (DESIGN.md §2).
  const unitWide = itemsByPost.get(UNIT_CELL) ?? [];
  const input: UnitRiskInput = {
    responses: Number(released?.n ?? 0),
    posts: posts.map((post) => {
      const dims = emptyDims();
      for (const it of [...(itemsByPost.get(post.id) ?? []), ...unitWide]) dims[it.dimension] = addDimSums([dims[it.dimension], itemCountsToDimSum(it.counts, it.polarity)]);
      return {
        postKey: post.key,
        power: post.power,
        respondents: respondents.get(post.id) ?? 0,
        dims,
        reports: reports.filter((r) => r.postId === post.id).map((r) => ({ status: r.status, closedWith: r.closedWith })),
        findings: findings.filter((f) => f.postId === post.id).map((f) => f.severity),
      };
    }),
  };
  return { input, posts, items, reports, findings };
}

/**
 * How many reports received in the period name this post as the one approached (target_post, DESIGN.md §2): context
 * for its page. It never enters S, which counts the post whose holder interfered (loadUnitInputs: post_id only).
 */
export async function approachedCount(db: Knex, postId: number, period: Pick<PeriodRow, 'startsOn' | 'endsOn'>): Promise<number> {
  const row = await db('reports').where({ target_post_id: postId }).whereBetween('received_on', [period.startsOn, period.endsOn]).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** The UnitRiskInput for computeUnitRisk of one unit in one period (DESIGN.md §3). */
export async function loadUnitRiskInput(db: Knex, periodId: number, unitId: number): Promise<UnitRiskInput> {
  const period = await periodById(db, periodId);
  if (!period) throw new RangeError(`period ${periodId} does not exist`);
  return (await loadUnitInputs(db, period, unitId)).input;
}
