import fc from 'fast-check';
import { OPERATOR } from '../../server/domain/principal';
import { toResultRow, unitResults } from '../../server/services/risk/risk-results';
import { activeItems, questionnaireForPeriod } from '../../server/services/survey/questionnaire';
import { unitFigures } from '../../server/services/survey/survey-figures';
import { holdSubmission, releaseDue, type HeldAnswer } from '../../server/services/survey/survey-release';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';

// The property that defines released cells (DESIGN.md §4): two data sets that differ only in answers still held back
// publish the same numbers — every results row, the prior, N and N_u, every survey figure and the released comments —
// and between two consecutive states every cell that changed gained at least k answers. Random sequences of
// submissions (posts, items, "don't know" patterns, comments) with k from 3 to 7, on the real database, through the
// same hold-and-release functions the submission uses. PROPERTY_RUNS sets the number of cases (CI runs thousands).

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
jest.setTimeout(Math.max(120_000, RUNS * 2_000));

let ctx: TestContext;
let itemIds: number[];
beforeAll(async () => {
  ctx = await createTestContext();
  const probe = await createPeriod(ctx.deps.db);
  itemIds = activeItems(await questionnaireForPeriod(ctx.deps.db, probe.id)).map((i) => i.id);
});
afterAll(() => ctx.close());

type Value = 1 | 2 | 3 | 4 | 5 | null;
interface Submission {
  answers: Value[][]; // [post][item]
  comment: string;
}

const POSTS = 2;
const submissionArb = (items: number) =>
  fc.record({
    answers: fc.array(fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5 }) as fc.Arbitrary<Value>), { minLength: items, maxLength: items }), { minLength: POSTS, maxLength: POSTS }),
    comment: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 6 })),
  });

/** Which answers (submission, post, item) and which comments are still held at the end: the tail after the last batch. */
function heldAtEnd(subs: Submission[], k: number) {
  const answers = new Set<string>();
  for (let p = 0; p < POSTS; p++) {
    for (let i = 0; i < itemIds.length; i++) {
      const given = subs.flatMap((s, n) => (s.answers[p][i] !== null ? [n] : []));
      for (const n of given.slice(given.length - (given.length % k))) answers.add(`${n}|${p}|${i}`);
    }
  }
  const responses = new Set(subs.map((_, n) => n).slice(subs.length - (subs.length % k)));
  return { answers, responses };
}

/** The twin: every held answer changed (another value, or "don't know") and every held comment rewritten. */
function twin(subs: Submission[], k: number, changes: number[]): Submission[] {
  const held = heldAtEnd(subs, k);
  let c = 0;
  return subs.map((s, n) => ({
    comment: held.responses.has(n) ? `${s.comment}~${changes[c++ % changes.length]}` : s.comment,
    answers: s.answers.map((row, p) => row.map((v, i) => {
      if (!held.answers.has(`${n}|${p}|${i}`)) return v;
      const change = changes[c++ % changes.length];
      return change === 0 ? null : ((((v as number) - 1 + change) % 5) + 1) as Value;
    })),
  }));
}

async function load(subs: Submission[], periodId: number, k: number, onState?: (cells: Map<string, number>) => void) {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const posts: { id: number }[] = [];
  for (let p = 0; p < POSTS; p++) posts.push(await createPost(db, unit.id, { key: `post-${p}` }));
  for (const s of subs) {
    const answers: HeldAnswer[] = s.answers.flatMap((row, p) => row.flatMap((v, i) => (v === null ? [] : [{ postId: posts[p].id, itemId: itemIds[i], value: v }])));
    await db.transaction(async (trx) => {
      await holdSubmission(trx, periodId, unit.id, s.comment || null, answers);
      await releaseDue(trx, periodId, unit.id, k, Date.now());
    });
    if (onState) {
      const rows = await db('survey_aggregates').where({ period_id: periodId, unit_id: unit.id }).select('post_id', 'item_id', 'c1', 'c2', 'c3', 'c4', 'c5');
      onState(new Map(rows.map((r) => [`${r.post_id}|${r.item_id}`, Number(r.c1) + Number(r.c2) + Number(r.c3) + Number(r.c4) + Number(r.c5)])));
    }
  }
  return unit;
}

/** Everything published about a unit, with its own key and name taken out and the shuffled comments sorted. */
async function published(periodId: number, periodKey: string, unit: { id: number; key: string }) {
  const r = await unitResults(ctx.deps.db, periodId, unit.id);
  const figures = await unitFigures(ctx.deps.db, OPERATOR, periodKey, unit.key);
  return JSON.stringify({
    priors: r.priors, responses: r.responses, rows: r.posts.map((p) => ({ ...toResultRow('', p) })),
    figures: { ...figures, unit: null, comments: figures.comments && [...figures.comments].sort() },
  });
}

test('answers still held back change no published number, and every visible change is a batch of at least k', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 3, max: 7 }).chain((k) => fc.tuple(fc.constant(k), fc.array(submissionArb(itemIds.length), { minLength: 1, maxLength: 3 * k + 2 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }))),
      async ([k, subs, changes]) => {
        const period = await createPeriod(ctx.deps.db, { params: { k } });
        let last = new Map<string, number>();
        const a = await load(subs, period.id, k, (cells) => {
          for (const [cell, n] of cells) {
            const gained = n - (last.get(cell) ?? 0);
            if (gained !== 0 && gained < k) throw new Error(`cell ${cell} gained ${gained} < k = ${k}`);
          }
          last = cells;
        });
        const b = await load(twin(subs, k, changes), period.id, k);
        expect(await published(period.id, period.key, b)).toBe(await published(period.id, period.key, a));
      },
    ),
    { numRuns: RUNS },
  );
});
