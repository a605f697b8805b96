import type { Knex } from 'knex';
import type { Principal } from '../../domain/principal';
import { DIMENSIONS, type Dimension } from '../../domain/dimensions';
import { postItems, unitItems } from '../../domain/item-scope';
import { pageWindow, type PageWindow } from '../../domain/paging';
import { countShown } from '../../domain/released-cells';
import { addDimSums, itemCountsToDimSum } from '../../domain/risk-model';
import { NotFound } from '../../errors';
import { canSeePost, findVisibleUnit, heldPostsInUnit, visibleUnits } from '../auth/access';
import { getPeriodParams, paramsFromJson } from '../risk/period-params';
import { periodByKey } from '../risk/risk-inputs';
import { activeItems, questionnaireOf, type QuestionnaireItem } from './questionnaire';

// What the committee may see of the survey (DESIGN.md §4): released data only, groups of at least k.

export interface ItemDistribution {
  item: QuestionnaireItem;
  /** Released counts of answers 1..5 (a released cell holds 0 or at least k; "don't know" is never counted). */
  counts: [number, number, number, number, number];
  shown: boolean;
}

export interface PostFigures {
  key: string;
  title: string;
  respondents: number;
  shown: boolean;
  dims: { dimension: Dimension; n: number; mean: number | null; shown: boolean }[];
  distributions: ItemDistribution[];
}

export interface UnitFigures {
  unit: { key: string; name: string };
  period: { key: string; name: string; state: string };
  k: number;
  released: number;
  codesIssued: number;
  /** Shown as "used": released responses only, never the live used flags. */
  codesUsed: number;
  posts: PostFigures[];
  /** Unit items (DESIGN.md §2): asked once, counted in every post's dimensions. */
  unitDistributions: ItemDistribution[];
  /** One page of the released comments (null below k, or withheld), in the random order of the ids they got at release. */
  comments: string[] | null;
  /** The viewer holds a post of the unit: its comments, which may be about that post, are not shown to them. */
  commentsWithheld: boolean;
  commentPages: PageWindow;
}

/** Released comments shown on one page of a unit's survey figures. */
export const COMMENTS_PER_PAGE = 100;

type CountRow = { c1?: unknown; c2?: unknown; c3?: unknown; c4?: unknown; c5?: unknown } | undefined;

function distribution(item: QuestionnaireItem, row: CountRow, k: number): ItemDistribution {
  const counts = [row?.c1, row?.c2, row?.c3, row?.c4, row?.c5].map((x) => Number(x ?? 0)) as ItemDistribution['counts'];
  return { item, counts, shown: countShown(counts.reduce((x, y) => x + y, 0), k) };
}

/** Units in the principal's scope with the released count per period, for the overview. */
export async function surveyOverview(db: Knex, principal: Principal) {
  const units = await visibleUnits(db, principal, { orderBy: 'name' });
  const periods = await db('periods').whereNot({ state: 'draft' }).orderBy('starts_on', 'desc').select('id', 'key', 'name', 'state', 'params_json');
  const released: { period_id: number; unit_id: number; n: unknown }[] = await db('releases').groupBy('period_id', 'unit_id').select('period_id', 'unit_id').sum({ n: 'response_count' });
  const count = (p: number, u: number) => Number(released.find((r) => r.period_id === p && r.unit_id === u)?.n ?? 0);
  return { periods: periods.map((p) => ({ key: p.key, name: p.name, state: p.state, k: paramsFromJson(p.params_json).k, units: units.map((u) => ({ key: u.key, name: u.name, released: count(p.id, u.id) })) })) };
}

/** Figures of one unit in one period; a unit outside the principal's scope does not exist for them. */
export async function unitFigures(db: Knex, principal: Principal, periodKey: string, unitKey: string, commentPage = 1): Promise<UnitFigures> {
  const unit = await findVisibleUnit(db, principal, unitKey);
  const period = await periodByKey(db, periodKey);
  if (!period) throw new NotFound();
  const { k } = await getPeriodParams(db, period);
  const released = Number((await db('releases').where({ period_id: period.id, unit_id: unit.id }).sum({ n: 'response_count' }).first())?.n ?? 0);
  const issued = Number((await db('code_batches').where({ period_id: period.id, unit_id: unit.id }).whereNull('revoked_at').sum({ n: 'code_count' }).first())?.n ?? 0);

  const items = activeItems(await questionnaireOf(db, period.questionnaireId));
  // Conflict of interest: a post the principal holds is left out, its figures with it.
  const posts = (await db('posts').where({ unit_id: unit.id }).whereNull('archived_at').orderBy([{ column: 'sort_order' }, { column: 'id' }]).select('id', 'key', 'title'))
    .filter((p) => canSeePost(principal, { id: Number(p.id), unitId: unit.id }));
  const aggregates = await db('survey_aggregates').where({ period_id: period.id, unit_id: unit.id });
  const unitRows = await db('survey_unit_aggregates').where({ period_id: period.id, unit_id: unit.id });
  const unitDistributions = unitItems(items).map((item) => distribution(item, unitRows.find((r) => r.item_id === item.id), k));
  const totals = await db('survey_post_totals').where({ period_id: period.id, unit_id: unit.id });

  const postFigures: PostFigures[] = posts.map((post) => {
    const respondents = Number(totals.find((t) => t.post_id === post.id)?.respondents ?? 0);
    const shown = countShown(respondents, k);
    const distributions = postItems(items).map((item) => distribution(item, aggregates.find((r) => r.post_id === post.id && r.item_id === item.id), k));
    const dims = DIMENSIONS.map((dimension) => {
      // Unit items count toward every post's dimension, as in the risk model (risk-inputs.ts).
      const released = [...distributions, ...unitDistributions].filter((d) => d.item.dimension === dimension && d.shown);
      const stats = addDimSums(released.map((d) => itemCountsToDimSum({ 1: d.counts[0], 2: d.counts[1], 3: d.counts[2], 4: d.counts[3], 5: d.counts[4] }, d.item.polarity)));
      const dimShown = shown && countShown(stats.n, k);
      return { dimension, n: dimShown ? stats.n : 0, mean: dimShown ? stats.sum / stats.n : null, shown: dimShown };
    });
    return { key: post.key, title: post.title, respondents: shown ? respondents : 0, shown, dims, distributions: shown ? distributions : [] };
  });

  let comments: string[] | null = null;
  let commentPages = pageWindow(0, COMMENTS_PER_PAGE, 1);
  // Conflict of interest (DESIGN.md §5): a comment is free text about the unit and may well be about the holder's own
  // post, which nothing may show them; there is no telling which, so a holder of any post of the unit sees none.
  const commentsWithheld = (await heldPostsInUnit(db, principal, unit.id)).length > 0;
  if (countShown(released, k) && !commentsWithheld) {
    // Ordered by id: ids are random, given at release (survey-release.ts), so the order says nothing of who or when,
    // and it stays the same from one page to the next.
    const ofUnit = () => db('survey_comments').where({ period_id: period.id, unit_id: unit.id });
    commentPages = pageWindow(Number((await ofUnit().count({ n: '*' }).first())?.n ?? 0), COMMENTS_PER_PAGE, commentPage);
    const rows = await ofUnit().orderBy('id').limit(COMMENTS_PER_PAGE).offset(commentPages.offset).select('comment');
    comments = rows.map((r) => r.comment as string);
  }
  return { unit: { key: unit.key, name: unit.name }, period: { key: period.key, name: period.name, state: period.state }, k, released, codesIssued: issued, codesUsed: released, posts: postFigures, unitDistributions, comments, commentsWithheld, commentPages };
}
