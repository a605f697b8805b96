import request from 'supertest';
import { releaseRemainingOnClose } from '../../server/services/survey/survey-release';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// DESIGN.md §4 "no differencing": what the committee sees changes only in releases of at least k responses.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function submit(code: string, form: Record<string, string>) {
  const res = await request(ctx.app).post('/survey/submit').type('form').send({ code, ...form });
  expect(res.status).toBe(303);
}

/** Everything the committee page shows, with the shuffled comments put in a fixed order and the CSRF token removed. */
function visibleState(html: string): string {
  return html
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/<ul class="survey-comments">([\s\S]*?)<\/ul>/, (_m, items: string) => (items.match(/<li>[\s\S]*?<\/li>/g) ?? []).sort().join(''));
}
/** The released count shown, 0 where the page reads "fewer than k". */
const releasedOf = (html: string) => Number(/<strong id="fig-released">(\d+)<\/strong>/.exec(html)?.[1] ?? 0);

test('figures, counts and comments change only when k = 5 new responses are released, and a remainder below k stays hidden', async () => {
  const unit = await createUnit(ctx.deps.db);
  await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
  await createPost(ctx.deps.db, unit.id, { key: 'deputy', title: '副局长' });
  const period = await createPeriod(ctx.deps.db);
  const reviewer: SignedIn = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { unitIds: [unit.id] }));
  const url = `/committee/survey/${period.key}/${unit.key}`;
  const codes = await createCodes(ctx.deps, period.id, unit.id, 12);

  const states: string[] = [];
  const first = await reviewer.get(url);
  expect(first.status).toBe(200);
  expect(first.text).toContain('不显示意见建议');
  states.push(visibleState(first.text));
  for (let i = 0; i < 12; i++) {
    await submit(codes[i], { ...(await fullAnswers(ctx.deps.db, period.id, unit.id, (p, it) => String(((i + p + it) % 5) + 1))), comment: `意见第${i}条` });
    const page = await reviewer.get(url);
    states.push(visibleState(page.text));
    expect(releasedOf(page.text) % 5).toBe(0);
  }
  const changedAt = states.flatMap((s, i) => (i > 0 && s !== states[i - 1] ? [i] : []));
  expect(changedAt).toEqual([5, 10]);
  expect(releasedOf(states[5])).toBe(5);
  expect(states[4]).not.toContain('<svg');
  expect(states[5]).toMatch(/<svg class="bar-chart" role="img" aria-labelledby="[^"]+"/);
  expect(states[5]).toMatch(/<td class="num">0\.\d\d<\/td>/);
  expect(releasedOf(states[12])).toBe(10);
  expect(states[12]).toContain('意见第9条');
  expect(states[12]).not.toContain('意见第10条');
  expect(states[12]).not.toContain('意见第11条');
  // The "used" count shown is the released count, never the live used flags (12 are used).
  expect(states[12]).toMatch(/<strong id="fig-used">10<\/strong>/);
  expect(states[12]).toMatch(/<strong id="fig-issued">12<\/strong>/);

  await ctx.deps.db.transaction(async (trx) => {
    await trx('periods').where({ id: period.id }).update({ state: 'closed' });
    await releaseRemainingOnClose(trx, period.id, 5, Date.now());
  });
  expect(visibleState((await reviewer.get(url)).text).replace(/已关闭|进行中/g, '')).toBe(states[12].replace(/已关闭|进行中/g, ''));
  // The two responses that never reached a batch are gone, not kept somewhere.
  expect(await ctx.deps.db('held_responses').where({ period_id: period.id }).first()).toBeUndefined();
  expect(await ctx.deps.db('held_answers').where({ period_id: period.id }).first()).toBeUndefined();
});

test('a cell is released only when k non-"don\'t know" answers wait in it; its counts are exact and "don\'t know" is never counted', async () => {
  const unit = await createUnit(ctx.deps.db);
  const chief = await createPost(ctx.deps.db, unit.id, { key: 'chief' });
  const deputy = await createPost(ctx.deps.db, unit.id, { key: 'deputy' });
  const period = await createPeriod(ctx.deps.db);
  const codes = await createCodes(ctx.deps, period.id, unit.id, 6);
  const values = ['1', '2', '2', '5', 'na', '3'];
  const item = await ctx.deps.db('questionnaire_items').join('periods', 'periods.questionnaire_id', 'questionnaire_items.questionnaire_id').where('periods.id', period.id).where('questionnaire_items.key', 'rules-1').first('questionnaire_items.id');
  const cell = () => ctx.deps.db('survey_aggregates').where({ period_id: period.id, post_id: chief.id, item_id: item.id }).first('c1', 'c2', 'c3', 'c4', 'c5', 'cna', 'unit_id');
  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  // Respondent 4 knows nothing about either post: every answer is "don't know".
  for (let i = 0; i < 5; i++) await submit(codes[i], await fullAnswers(ctx.deps.db, period.id, unit.id, () => values[i]));

  // Five responses: the unit's count moves, but every cell holds only four answers, so no cell and no post is shown.
  expect(await cell()).toBeUndefined();
  expect(await ctx.deps.db('survey_post_totals').where({ period_id: period.id }).first()).toBeUndefined();
  const page = (await admin.get(`/committee/survey/${period.key}/${unit.key}`)).text;
  expect(page).toMatch(/<strong id="fig-released">5<\/strong>/);
  expect(page).not.toContain('<svg');
  expect(page.slice(page.indexOf('id="post-h-deputy"'))).toContain('少于 5');
  const release = await ctx.deps.db('releases').where({ period_id: period.id }).first('response_count', 'released_on');
  expect(release.response_count).toBe(5);
  expect(release.released_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // The sixth answer fills every cell to five: all released at once, with exact counts.
  await submit(codes[5], await fullAnswers(ctx.deps.db, period.id, unit.id, () => values[5]));
  expect(await cell()).toEqual({ c1: 1, c2: 2, c3: 1, c4: 0, c5: 1, cna: 0, unit_id: unit.id });
  const totals = await ctx.deps.db('survey_post_totals').where({ period_id: period.id }).orderBy('post_id').select('post_id', 'respondents');
  expect(totals).toEqual([{ post_id: chief.id, respondents: 5 }, { post_id: deputy.id, respondents: 5 }]);
  const after = (await admin.get(`/committee/survey/${period.key}/${unit.key}`)).text;
  expect(after).toContain('<svg');
  expect(after).not.toContain('bar-na');
  expect(after).not.toMatch(/不了解 \d+ 人/);
});

test('a second release adds its counts to the first, per answer and per post', async () => {
  const unit = await createUnit(ctx.deps.db);
  const chief = await createPost(ctx.deps.db, unit.id, { key: 'chief' });
  const period = await createPeriod(ctx.deps.db);
  const codes = await createCodes(ctx.deps, period.id, unit.id, 11);
  const values = ['1', '2', '3', '4', '5', '5', '5', 'na', '1', '3', '2'];
  for (let i = 0; i < 11; i++) await submit(codes[i], await fullAnswers(ctx.deps.db, period.id, unit.id, () => values[i]));
  expect(await ctx.deps.db('releases').where({ period_id: period.id }).orderBy('id').pluck('response_count')).toEqual([5, 5]);
  const rows = await ctx.deps.db('survey_aggregates').where({ period_id: period.id, post_id: chief.id }).select('c1', 'c2', 'c3', 'c4', 'c5', 'cna');
  expect(rows.length).toBeGreaterThanOrEqual(5);
  for (const row of rows) expect(row).toEqual({ c1: 2, c2: 2, c3: 2, c4: 1, c5: 3, cna: 0 });
  // Unit items are asked once per response: one unit cell per item, counted the same way.
  const unitRows = await ctx.deps.db('survey_unit_aggregates').where({ period_id: period.id, unit_id: unit.id }).select('c1', 'c2', 'c3', 'c4', 'c5');
  expect(unitRows.length).toBeGreaterThanOrEqual(2);
  for (const row of unitRows) expect(row).toEqual({ c1: 2, c2: 2, c3: 2, c4: 1, c5: 3 });
  expect(await ctx.deps.db('survey_post_totals').where({ period_id: period.id, post_id: chief.id }).first('respondents')).toEqual({ respondents: 10 });
});

test('closing releases a remainder of k or more, and leaves a smaller one out of every figure', async () => {
  const unit = await createUnit(ctx.deps.db);
  const post = await createPost(ctx.deps.db, unit.id);
  const big = await createPeriod(ctx.deps.db, { params: { k: 10 } });
  const small = await createPeriod(ctx.deps.db, { params: { k: 10 } });
  for (const [period, n] of [[big, 6], [small, 4]] as const) {
    const codes = await createCodes(ctx.deps, period.id, unit.id, n);
    for (const code of codes) await submit(code, await fullAnswers(ctx.deps.db, period.id, unit.id, () => '4'));
  }
  expect(await ctx.deps.db('releases').whereIn('period_id', [big.id, small.id]).first()).toBeUndefined();
  await ctx.deps.db.transaction(async (trx) => {
    await releaseRemainingOnClose(trx, big.id, 5, Date.now());
    await releaseRemainingOnClose(trx, small.id, 5, Date.now());
  });
  expect(await ctx.deps.db('survey_post_totals').where({ period_id: big.id, post_id: post.id }).first('respondents')).toEqual({ respondents: 6 });
  expect(await ctx.deps.db('survey_post_totals').where({ period_id: small.id }).first()).toBeUndefined();
  expect(await ctx.deps.db('releases').where({ period_id: small.id }).first()).toBeUndefined();
});

test('a reviewer sees only the units in their scope; another unit answers 404', async () => {
  const mine = await createUnit(ctx.deps.db, { name: '我的单位' });
  const other = await createUnit(ctx.deps.db, { name: '别的单位' });
  const period = await createPeriod(ctx.deps.db);
  const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { unitIds: [mine.id] }));
  expect((await reviewer.get(`/committee/survey/${period.key}/${mine.key}`)).status).toBe(200);
  expect((await reviewer.get(`/committee/survey/${period.key}/${other.key}`)).status).toBe(404);
  const overview = await reviewer.get('/committee/survey');
  expect(overview.status).toBe(200);
  expect(overview.text).toContain('我的单位');
  expect(overview.text).not.toContain('别的单位');
  expect((await request(ctx.app).get(`/committee/survey/${period.key}/${mine.key}`)).status).toBe(303);
});

test('simultaneous submissions of one unit never produce a release smaller than k', async () => {
  const unit = await createUnit(ctx.deps.db);
  await createPost(ctx.deps.db, unit.id);
  const period = await createPeriod(ctx.deps.db);
  const codes = await createCodes(ctx.deps, period.id, unit.id, 12);
  const form = await fullAnswers(ctx.deps.db, period.id, unit.id, () => '2');
  await Promise.all(codes.map((code) => submit(code, form)));
  const releases = await ctx.deps.db('releases').where({ period_id: period.id }).select('response_count');
  expect(releases.every((r) => r.response_count >= 5)).toBe(true);
  expect(releases.reduce((s, r) => s + r.response_count, 0)).toBe(10);
  expect(Number((await ctx.deps.db('held_responses').where({ period_id: period.id, counted: false }).count({ n: '*' }).first())?.n)).toBe(2);
});
