import { runCli } from '../helpers/cli';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { addRelease, createPeriod, createQuestionnaire, setAggregate, setRespondents, TEST_ITEMS } from '../helpers/risk-factories';

// DESIGN.md §4/§5: a post's holder never learns its survey figures, not by subtracting what is shown from what else
// is shown. The unit prior π pools the answers about every post of the unit, the holder's own included, and every
// colleague's x̃, M, C, L, R and computed level is built on π: the holder read π off a colleague's page and, with the
// colleague's n and x̄ beside it, got their own post's mean back (π·(n_own + n_colleague) − n_colleague·x̄).
//
// The attack as a test: two units alike in everything but the answers about the held post (all 1s in one, all 5s in
// the other). Whatever the holder sees of the colleague's post must then be the same in both; a committee member who
// holds no post sees the difference, which shows the two units do differ.

let ctx: TestContext;
let holder: SignedIn;
let member: SignedIn;
const PERIOD = 'prior-2026';
const COMMENT = '局长在项目审批中打招呼COMMENT';

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  const q = await createQuestionnaire(db, [...TEST_ITEMS]);
  const periodId = await createPeriod(db, { key: PERIOD, startsOn: '2026-01-01', endsOn: '2026-12-31', questionnaireId: q.id });
  const held: number[] = [];
  const units: number[] = [];
  for (const [key, heldAnswer] of [['prior-a', 0], ['prior-b', 4]] as const) {
    const unit = await createUnit(db, { key, name: `先验${key}` });
    units.push(unit.id);
    const chief = await createPost(db, unit.id, { key: 'chief', title: '局长', chief: true });
    const deputy = await createPost(db, unit.id, { key: 'deputy', title: '副局长' });
    held.push(chief.id);
    for (const itemId of Object.values(q.items)) {
      const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
      counts[heldAnswer] = 6; // every answer about the chief is 1 in one unit, 5 in the other
      await setAggregate(db, { periodId, unitId: unit.id, postId: chief.id, itemId, counts });
      await setAggregate(db, { periodId, unitId: unit.id, postId: deputy.id, itemId, counts: [1, 1, 2, 1, 1] });
    }
    for (const post of [chief, deputy]) await setRespondents(db, periodId, unit.id, post.id, 6);
    await addRelease(db, periodId, unit.id, 6);
  }
  // A second pair where the held post's answers flip the colleague's computed level: the colleague has full power
  // (E = 1) and risk values of 0.625 on every item; the chief's answers are all at the highest risk in one unit, all at
  // the lowest in the other. For a member π is 0.8125 or 0.3125, the colleague's x̃ 0.67 or 0.55, R 63.5 (high) or 57.3
  // (medium); for the holder π is the colleague's own 0.625 in both, R 61.2 (high).
  const polarity = Object.fromEntries(TEST_ITEMS.map((i) => [i.key, i.polarity]));
  for (const [key, risky] of [['prior-c', true], ['prior-d', false]] as const) {
    const unit = await createUnit(db, { key, name: `先验${key}` });
    units.push(unit.id);
    const chief = await createPost(db, unit.id, { key: 'chief', title: '局长', chief: true });
    const deputy = await createPost(db, unit.id, { key: 'deputy', title: '副局长', power: { decision: 5, personnel: 5, finance: 5, procurement: 5, enforcement: 5 } });
    held.push(chief.id);
    for (const [itemKey, itemId] of Object.entries(q.items)) {
      const plus = polarity[itemKey] === '+';
      const highest: [number, number, number, number, number] = plus ? [0, 0, 0, 0, 6] : [6, 0, 0, 0, 0];
      const lowest: [number, number, number, number, number] = plus ? [6, 0, 0, 0, 0] : [0, 0, 0, 0, 6];
      await setAggregate(db, { periodId, unitId: unit.id, postId: chief.id, itemId, counts: risky ? highest : lowest });
      // 3,3,3,4,4,4 on a + item and 2,2,2,3,3,3 on a − item: risk value 0.625 either way.
      await setAggregate(db, { periodId, unitId: unit.id, postId: deputy.id, itemId, counts: plus ? [0, 0, 3, 3, 0] : [0, 3, 3, 0, 0] });
    }
    for (const post of [chief, deputy]) await setRespondents(db, periodId, unit.id, post.id, 6);
    await addRelease(db, periodId, unit.id, 6);
  }
  await db('survey_comments').insert({ id: 'c'.repeat(32), period_id: periodId, unit_id: units[0], comment: COMMENT });
  holder = await signIn(ctx.app, db, await createUser(db, { unitIds: units, heldPostIds: held }));
  member = await signIn(ctx.app, db, await createUser(db, { unitIds: units }));
});
afterAll(() => ctx.close());

/** The figures of a page: every decimal number on it, in order (names and keys of the two units differ, figures must not). */
const figures = (html: string) => html.match(/-?\d+\.\d+/g) ?? [];
const both = async (who: SignedIn, path: (unit: string) => string) => {
  const [a, b] = await Promise.all(['prior-a', 'prior-b'].map(async (u) => {
    const res = await who.get(path(u));
    expect(res.status).toBe(200);
    return res.text;
  }));
  return [a, b];
};

test.each([
  ['the colleague\'s post page (π, x̃, n, x̄, M, C, L, R)', (u: string) => `/committee/results/${PERIOD}/${u}/deputy`],
  ['the unit\'s results page', (u: string) => `/committee/results/${PERIOD}/${u}`],
  ['the decision board', (u: string) => `/committee/register/${PERIOD}/${u}/decisions`],
  ['the team view', (u: string) => `/committee/register/${PERIOD}/${u}/team`],
  ['the print report', (u: string) => `/committee/print/${PERIOD}/${u}`],
  ['the results export (CSV)', (u: string) => `/committee/exports/${PERIOD}/${u}/results.csv`],
])('%s shows the holder the same figures whatever the answers about their own post', async (_what, path) => {
  const [seenA, seenB] = await both(holder, path);
  expect(figures(seenA).length).toBeGreaterThan(0);
  expect(figures(seenA)).toEqual(figures(seenB));
  const [memberA, memberB] = await both(member, path);
  expect(figures(memberA)).not.toEqual(figures(memberB));
});

test('the register the holder downloads gives the colleague the level computed without the holder\'s post', async () => {
  const level = async (who: SignedIn, unit: string) => {
    const res = await who.get(`/committee/register/${PERIOD}/${unit}/register.json`);
    expect(res.status).toBe(200);
    const register = (JSON.parse(res.text) as { register: { post: string; level: string }[] }).register;
    expect(register.map((e) => e.post)).not.toContain(who === holder ? 'chief' : '');
    return register.find((e) => e.post === 'deputy')?.level;
  };
  expect([await level(member, 'prior-c'), await level(member, 'prior-d')]).toEqual(['high', 'medium']);
  expect([await level(holder, 'prior-c'), await level(holder, 'prior-d')]).toEqual(['high', 'high']);
  // The same level as on the holder's results page.
  expect((await holder.get(`/committee/results/${PERIOD}/prior-d/deputy`)).text).toMatch(/risk-level-high|一级/);
});

test('the unit\'s survey comments, which may be about the held post, are not shown to its holder', async () => {
  const seen = (await holder.get(`/committee/survey/${PERIOD}/prior-a`)).text;
  expect(seen).not.toContain(COMMENT);
  expect(seen).toContain('id="comments-withheld"');
  const shown = (await member.get(`/committee/survey/${PERIOD}/prior-a`)).text;
  expect(shown).toContain(COMMENT);
  expect(shown).not.toContain('id="comments-withheld"');
});

test('the holder is told that their figures leave their own post out of the unit prior', async () => {
  const page = (await holder.get(`/committee/results/${PERIOD}/prior-a/deputy`)).text;
  expect(page).toContain('不含您本人担任岗位的问卷答案');
  expect((await member.get(`/committee/results/${PERIOD}/prior-a/deputy`)).text).not.toContain('不含您本人担任岗位的问卷答案');
});

test('after the period closes, the figures read from its snapshot are recomputed for the holder the same way', async () => {
  const closed = await runCli(ctx.deps, ['period', 'close', PERIOD, '--json']);
  expect(closed.out + closed.err).toContain('"ok":true');
  const post = (u: string) => `/committee/results/${PERIOD}/${u}/deputy`;
  const [seenA, seenB] = await both(holder, post);
  expect(seenA).toContain('快照'); // read from the snapshot
  expect(figures(seenA)).toEqual(figures(seenB));
  const [memberA, memberB] = await both(member, post);
  expect(figures(memberA)).not.toEqual(figures(memberB));
});
