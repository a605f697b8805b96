import { loadUnitRiskInput } from '../../server/services/risk/risk-inputs';
import { unitResults } from '../../server/services/risk/risk-results';
import { holdSubmission } from '../../server/services/survey/survey-release';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn } from '../helpers/factories';
import { addRelease, createPeriod, createQuestionnaire, setAggregate, setRespondents, TEST_ITEMS } from '../helpers/risk-factories';

// The model reads released aggregates only: work in posts × items, never per response, and unreleased answers never count.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

test('inputs pool items of a dimension with their polarity, and take N_p, N_u from totals and releases', async () => {
  const db = ctx.deps.db;
  const q = await createQuestionnaire(db, [...TEST_ITEMS]);
  const periodId = await createPeriod(db, { key: 'p-in', startsOn: '2026-01-01', endsOn: '2026-12-31', questionnaireId: q.id });
  const unit = await createUnit(db);
  const post = await createPost(db, unit.id, { key: 'a', power: { decision: 1, personnel: 2, finance: 3, procurement: 4, enforcement: 5 } });
  await addRelease(db, periodId, unit.id, 5);
  await addRelease(db, periodId, unit.id, 7);
  await setRespondents(db, periodId, unit.id, post.id, 11);
  await setAggregate(db, { periodId, unitId: unit.id, postId: post.id, itemId: q.items.opp1, counts: [1, 0, 0, 0, 1], na: 9 }); // + : 0 + 1 = 1, n 2
  await setAggregate(db, { periodId, unitId: unit.id, postId: post.id, itemId: q.items.opp2, counts: [1, 0, 0, 0, 1] }); // − : 1 + 0 = 1, n 2
  // An unreleased response with answers: it must not count anywhere.
  await db.transaction((trx) => holdSubmission(trx, periodId, unit.id, null, [{ postId: post.id, itemId: q.items.pre1, value: 5 }]));

  const input = await loadUnitRiskInput(db, periodId, unit.id);
  expect(input.responses).toBe(12); // 5 + 7
  expect(input.posts).toHaveLength(1);
  expect(input.posts[0]).toMatchObject({ postKey: 'a', respondents: 11, power: { decision: 1, enforcement: 5 }, reports: [], findings: [] });
  expect(input.posts[0].dims.opportunity).toEqual({ n: 4, sum: 2 });
  expect(input.posts[0].dims.pressure).toEqual({ n: 0, sum: 0 });
});

test('result pages read no held row and no per-response row at all', async () => {
  const db = ctx.deps.db;
  const q = await createQuestionnaire(db, [...TEST_ITEMS]);
  const periodId = await createPeriod(db, { key: 'p-q', startsOn: '2026-01-01', endsOn: '2026-12-31', questionnaireId: q.id });
  const unit = await createUnit(db, { key: 'quiet' });
  await createPost(db, unit.id, { key: 'b' });
  const sql: string[] = [];
  const listener = (query: { sql: string }) => sql.push(query.sql);
  db.on('query', listener);
  try {
    const admin = await createUser(db, { role: 'admin' });
    const s = await signIn(ctx.app, db, admin);
    expect((await s.get('/committee/results/p-q/quiet')).status).toBe(200);
    expect((await s.get('/committee/results/p-q/quiet/b')).status).toBe(200);
    expect((await s.get('/committee')).status).toBe(200);
    await unitResults(db, periodId, unit.id);
  } finally {
    db.off('query', listener);
  }
  expect(sql.length).toBeGreaterThan(0);
  expect(sql.filter((s) => /\b(held_responses|held_answers|released_answers)\b/.test(s))).toEqual([]);
});
