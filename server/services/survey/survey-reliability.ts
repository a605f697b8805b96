import type { Knex } from 'knex';
import { DIMENSIONS, type Dimension } from '../../domain/dimensions';
import { postItems, unitItems } from '../../domain/item-scope';
import { countShown, UNIT_CELL } from '../../domain/released-cells';
import { addCase, addValue, emptyCaseSums, emptyValueSums, reliabilityOf, spreadOf, type CaseSums, type ItemReliability, type ValueSums } from '../../domain/reliability';
import { riskValue } from '../../domain/risk-model';
import { NotFound } from '../../errors';
import { getPeriodParams } from '../risk/period-params';
import { periodByKey } from '../risk/risk-inputs';
import { activeItems, questionnaireOf, type QuestionnaireItem } from './questionnaire';

// Reliability of a period's questionnaire, for admins (issue 18): per dimension Cronbach's α and per item its
// item-rest correlation, α-if-deleted and spread. Released answers only (DESIGN.md §4), over every unit of the period;
// a figure rests on at least k cases (released-cells.ts) or is not given. A case is one response's answers about one
// post, with that response's unit items (they count toward every post, DESIGN.md §2); a dimension of unit items only
// takes one case per response. "Don't know" is never stored or counted (§4), so its share per item is not shown.
// A response belongs to one unit: the answers are read a unit at a time and added to running sums (domain/reliability.ts),
// so memory grows with the largest unit, not with the period.

export interface ItemFigures {
  item: QuestionnaireItem;
  /** Released answers of the item; its spread is given only when at least k. */
  answers: number;
  spread: number | null;
  reliability: ItemReliability | null;
}

export interface DimensionFigures {
  dimension: Dimension;
  cases: number;
  /** At least k complete cases: α and the item figures are given. */
  shown: boolean;
  alpha: number | null;
  items: ItemFigures[];
}

export interface ReliabilityFigures {
  period: { key: string; name: string; state: string };
  k: number;
  dimensions: DimensionFigures[];
}

type Answers = Map<number, number>; // item id → answer 1..5

interface ResponseAnswers {
  unit: Answers;
  posts: Map<number, Answers>;
}

/** The released answers of one unit, grouped by (random) response id. */
async function releasedByResponse(db: Knex, periodId: number, unitId: number): Promise<ResponseAnswers[]> {
  const rows: { response_id: string; post_id: number; item_id: number; value: number }[] = await db('released_answers').where({ period_id: periodId, unit_id: unitId }).select('response_id', 'post_id', 'item_id', 'value');
  const byResponse = new Map<string, ResponseAnswers>();
  for (const r of rows) {
    const entry = byResponse.get(r.response_id) ?? { unit: new Map(), posts: new Map() };
    byResponse.set(r.response_id, entry);
    const postId = Number(r.post_id);
    if (postId === UNIT_CELL) entry.unit.set(Number(r.item_id), Number(r.value));
    else entry.posts.set(postId, (entry.posts.get(postId) ?? new Map()).set(Number(r.item_id), Number(r.value)));
  }
  return [...byResponse.values()];
}

/** Complete cases of a dimension's items, in the risk direction (polarity applied). */
function casesOf(items: readonly QuestionnaireItem[], responses: readonly ResponseAnswers[]): number[][] {
  const perPost = postItems(items);
  const perUnit = unitItems(items);
  const row = (post: Answers | null, unit: Answers): number[] | null => {
    const values = [...perPost.map((i) => post?.get(i.id)), ...perUnit.map((i) => unit.get(i.id))];
    if (values.some((v) => v === undefined)) return null;
    return values.map((v, j) => riskValue(v as 1 | 2 | 3 | 4 | 5, [...perPost, ...perUnit][j].polarity));
  };
  const rows = perPost.length
    ? responses.flatMap((r) => [...r.posts.values()].map((post) => row(post, r.unit)))
    : responses.map((r) => row(null, r.unit));
  return rows.filter((r): r is number[] => r !== null);
}

export async function questionnaireReliability(db: Knex, periodKey: string): Promise<ReliabilityFigures> {
  const period = await periodByKey(db, periodKey);
  if (!period) throw new NotFound();
  const { k } = await getPeriodParams(db, period);
  const items = activeItems(await questionnaireOf(db, period.questionnaireId));
  const [perPost, perUnit] = [postItems(items), unitItems(items)];
  const ofDimension = new Map(DIMENSIONS.map((d) => [d, [...perPost, ...perUnit].filter((i) => i.dimension === d)]));
  const cases = new Map<Dimension, CaseSums>(DIMENSIONS.map((d) => [d, emptyCaseSums((ofDimension.get(d) ?? []).length)]));
  const values = new Map<number, ValueSums>(items.map((i) => [i.id, emptyValueSums()]));

  const units: { unit_id: number }[] = await db('released_answers').where({ period_id: period.id }).distinct('unit_id');
  for (const { unit_id: unitId } of units) {
    const responses = await releasedByResponse(db, period.id, Number(unitId));
    for (const d of DIMENSIONS) for (const row of casesOf(ofDimension.get(d) ?? [], responses)) addCase(cases.get(d) as CaseSums, row);
    for (const r of responses) {
      for (const item of perUnit) if (r.unit.has(item.id)) addValue(values.get(item.id) as ValueSums, r.unit.get(item.id) as number);
      for (const post of r.posts.values()) for (const item of perPost) if (post.has(item.id)) addValue(values.get(item.id) as ValueSums, post.get(item.id) as number);
    }
  }

  const dimensions = DIMENSIONS.map((dimension) => {
    const dimensionItems = ofDimension.get(dimension) ?? [];
    const sums = cases.get(dimension) as CaseSums;
    const shown = countShown(sums.n, k);
    const reliability = shown ? reliabilityOf(dimensionItems.map((i) => i.key), sums) : null;
    return {
      dimension, cases: sums.n, shown, alpha: reliability?.alpha ?? null,
      items: dimensionItems.map((item, j) => {
        const answers = values.get(item.id) as ValueSums;
        return { item, answers: answers.n, spread: countShown(answers.n, k) ? spreadOf(answers) : null, reliability: reliability?.items[j] ?? null };
      }),
    };
  });
  return { period: { key: period.key, name: period.name, state: period.state }, k, dimensions };
}

/** Periods that may have released answers (not drafts), the latest first, for the page's choice. */
export async function reliabilityPeriods(db: Knex): Promise<{ key: string; name: string }[]> {
  return db('periods').whereNot({ state: 'draft' }).orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'key' }]).select('key', 'name');
}
