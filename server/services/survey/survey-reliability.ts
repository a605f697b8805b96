import type { Knex } from 'knex';
import { DIMENSIONS, type Dimension } from '../../domain/dimensions';
import { postItems, unitItems } from '../../domain/item-scope';
import { countShown, UNIT_CELL } from '../../domain/released-cells';
import { dimensionReliability, spread, type ItemReliability } from '../../domain/reliability';
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

async function releasedByResponse(db: Knex, periodId: number): Promise<ResponseAnswers[]> {
  const rows: { response_id: string; post_id: number; item_id: number; value: number }[] = await db('released_answers').where({ period_id: periodId }).select('response_id', 'post_id', 'item_id', 'value');
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
  const responses = await releasedByResponse(db, period.id);
  const answersOf = (item: QuestionnaireItem) => responses.flatMap((r) => (item.scope === 'unit' ? [r.unit.get(item.id)] : [...r.posts.values()].map((p) => p.get(item.id)))).filter((v): v is number => v !== undefined);

  const dimensions = DIMENSIONS.map((dimension) => {
    const ofDimension = [...postItems(items), ...unitItems(items)].filter((i) => i.dimension === dimension);
    const cases = casesOf(ofDimension, responses);
    const shown = countShown(cases.length, k);
    const reliability = shown ? dimensionReliability(ofDimension.map((i) => i.key), cases) : null;
    return {
      dimension, cases: cases.length, shown, alpha: reliability?.alpha ?? null,
      items: ofDimension.map((item, j) => {
        const answers = answersOf(item);
        return { item, answers: answers.length, spread: countShown(answers.length, k) ? spread(answers) : null, reliability: reliability?.items[j] ?? null };
      }),
    };
  });
  return { period: { key: period.key, name: period.name, state: period.state }, k, dimensions };
}

/** Periods that may have released answers (not drafts), the latest first, for the page's choice. */
export async function reliabilityPeriods(db: Knex): Promise<{ key: string; name: string }[]> {
  return db('periods').whereNot({ state: 'draft' }).orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'key' }]).select('key', 'name');
}
