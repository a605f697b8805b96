import request from 'supertest';
import { DEFAULT_ITEMS } from '../../server/domain/default-questionnaire';
import { demoOrg } from '../../server/domain/assess-demo-data';
import { importOrg } from '../../server/services/org/org';
import { unitResults } from '../../server/services/risk/risk-results';
import { readSnapshot } from '../../server/services/risk/risk-snapshot';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { addRelease, createPeriod as createRiskPeriod, createQuestionnaire, setAggregate, setRespondents, setUnitAggregate, TEST_ITEMS } from '../helpers/risk-factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// Questionnaire v2 (issue 18, DESIGN.md §2, §3, §8): item scope, the revised default, "not familiar with this post",
// the old pinned version, and the editor's coverage rule.

let ctx: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const post = (url: string, form: Record<string, string | string[]>) => request(ctx.app).post(url).type('form').send(form);
const storedAnswers = async (periodId: number) =>
  Number((await ctx.deps.db('held_answers').where({ period_id: periodId }).count({ n: '*' }).first())?.n) +
  Number((await ctx.deps.db('released_answers').where({ period_id: periodId }).count({ n: '*' }).first())?.n);
const cli = (argv: string[]) => runCli(ctx.deps, argv);

test('questionnaire show --json gives each item its scope; the new default asks 5 post items and 14 unit items, every dimension twice', async () => {
  const { items } = JSON.parse((await cli(['questionnaire', 'show', '--json'])).out);
  expect(items.filter((i: { scope: string }) => i.scope === 'post')).toHaveLength(5);
  expect(items.filter((i: { scope: string }) => i.scope === 'unit')).toHaveLength(14);
  for (const d of ['opportunity', 'pressure', 'rationalization', 'rules', 'supervision', 'cost']) {
    expect(items.filter((i: { dimension: string }) => i.dimension === d).length).toBeGreaterThanOrEqual(2);
  }
});

test('a demo unit of five posts answers at most 40 questions on its form', async () => {
  await importOrg(ctx.deps.db, demoOrg(), Date.now());
  const unit = await ctx.deps.db('units').where({ key: 'demo-jia' }).first('id');
  expect(Number((await ctx.deps.db('posts').where({ unit_id: unit.id }).count({ n: '*' }).first())?.n)).toBe(5);
  const period = await createPeriod(ctx.deps.db);
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const page = (await post('/survey/start', { code })).text;
  const questions = new Set([...page.matchAll(/name="(answer\.[^"]+)"/g)].map((m) => m[1]));
  expect(questions.size).toBe(39);
  expect(questions.size).toBeLessThanOrEqual(40);
  // Unit items appear once, as answer.unit.<item>; each post has its "not familiar" choice.
  expect([...questions].filter((q) => q.startsWith('answer.unit.'))).toHaveLength(14);
  expect(page.match(/type="checkbox" id="f-skip-[^"]+" name="skip\.[^"]+" value="1"/g)).toHaveLength(5);
  // The editor says what a respondent faces.
  expect((await admin.get('/admin/questionnaire')).text).toContain('有 5 个岗位的单位共需回答 39 道');
});

test('"not familiar with this post": skip.<post>=1 lets the form pass without that post\'s items; they are "don\'t know" and not stored', async () => {
  const unit = await createUnit(ctx.deps.db);
  const [chief, deputy] = [await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' }), await createPost(ctx.deps.db, unit.id, { key: 'deputy', title: '副局长' })];
  const period = await createPeriod(ctx.deps.db);
  const [code, second] = await createCodes(ctx.deps, period.id, unit.id, 2);
  const answers = await fullAnswers(ctx.deps.db, period.id, unit.id, () => '2');
  for (const name of Object.keys(answers)) if (name.startsWith('answer.deputy.')) delete answers[name];

  // Without the choice, the deputy's items are missing.
  const refused = await post('/survey/submit', { code, ...answers });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('还有 5 道题没有作答');

  const res = await post('/survey/submit', { code, ...answers, 'skip.deputy': '1' });
  expect(res.status).toBe(303);
  const held = await ctx.deps.db('held_answers').where({ period_id: period.id }).select('post_id');
  expect(held.filter((a) => a.post_id === deputy.id)).toHaveLength(0);
  expect(held.filter((a) => a.post_id === chief.id)).toHaveLength(5);
  expect(held.filter((a) => a.post_id === 0)).toHaveLength(14); // unit items: once, post_id 0
  // A skipped post answered anyway is still skipped (the one choice answers its items "don't know"); a bad value is refused.
  const bad = await post('/survey/submit', { code: second, ...answers, 'skip.deputy': 'yes' });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('只能勾选或不勾选');
  expect((await post('/survey/submit', { code: second, ...(await fullAnswers(ctx.deps.db, period.id, unit.id, () => '5')), 'skip.chief': '1' })).status).toBe(303);
  expect(await storedAnswers(period.id)).toBe(5 + 14 + 5 + 14);
  const chiefFives = await ctx.deps.db('held_answers').where({ period_id: period.id, post_id: chief.id, value: 5 }).count({ n: '*' }).first();
  expect(Number(chiefFives?.n)).toBe(0);
});

test('a unit item moves every post\'s x̃ of its dimension by the same amount, and no other dimension', async () => {
  const db = ctx.deps.db;
  const q = await createQuestionnaire(db, [...TEST_ITEMS, { key: 'uopp', dimension: 'opportunity', polarity: '+', scope: 'unit' }]);
  await db('questionnaires').where({ id: q.id }).update({ version: -q.id }); // not the version in force
  const periodId = await createRiskPeriod(db, { key: 'p-unit-wide', startsOn: '2026-01-01', endsOn: '2026-12-31', questionnaireId: q.id });
  const unit = await createUnit(db);
  const a = await createPost(db, unit.id, { key: 'a' });
  const b = await createPost(db, unit.id, { key: 'b' });
  await addRelease(db, periodId, unit.id, 5);
  for (const [p, counts] of [[a, [5, 0, 0, 0, 0]], [b, [0, 0, 0, 2, 3]]] as const) {
    await setRespondents(db, periodId, unit.id, p.id, 5);
    for (const key of Object.keys(q.items).filter((k) => k !== 'uopp')) await setAggregate(db, { periodId, unitId: unit.id, postId: p.id, itemId: q.items[key], counts: [...counts] });
  }
  const scores = async () => Object.fromEntries((await unitResults(db, periodId, unit.id)).posts.map((p) => [p.postKey, p.dims]));
  await setUnitAggregate(db, { periodId, unitId: unit.id, itemId: q.items.uopp, counts: [5, 0, 0, 0, 0] });
  const low = await scores();
  await setUnitAggregate(db, { periodId, unitId: unit.id, itemId: q.items.uopp, counts: [0, 0, 0, 0, 5] });
  const high = await scores();
  // The unit cell's five answers count in each post's n of opportunity: 2 post items × 5 + 5.
  expect(high.a.opportunity.n).toBe(15);
  expect(high.b.opportunity.n).toBe(15);
  const shiftA = high.a.opportunity.score - low.a.opportunity.score;
  const shiftB = high.b.opportunity.score - low.b.opportunity.score;
  expect(shiftA).toBeGreaterThan(0.05);
  expect(shiftB).toBeCloseTo(shiftA, 12);
  for (const d of ['pressure', 'rationalization', 'rules', 'supervision', 'cost'] as const) {
    expect(high.a[d].score).toBe(low.a[d].score);
    expect(high.b[d].score).toBe(low.b[d].score);
  }
});

test('a period pinned to the old default keeps answering (every item per post) and scoring', async () => {
  const db = ctx.deps.db;
  const [row] = await db('questionnaires').insert({ version: 0, frozen: true, created_at: Date.now() }).returning('id');
  const oldId = typeof row === 'object' ? row.id : row;
  await db('questionnaire_items').insert(DEFAULT_ITEMS.map((it, i) => ({ questionnaire_id: oldId, key: it.key, dimension: it.dimension, polarity: it.polarity, text_zh: it.zh, text_en: it.en, sort_order: i + 1, retired: false })));
  const unit = await createUnit(db);
  await createPost(db, unit.id, { key: 'chief' });
  await createPost(db, unit.id, { key: 'deputy' });
  const [p] = await db('periods').insert({ key: 'old-pinned', name: '旧版', starts_on: '2026-01-01', ends_on: '2026-12-31', state: 'open', questionnaire_id: oldId, created_at: Date.now() }).returning('id');
  const periodId = typeof p === 'object' ? p.id : p;
  const codes = await createCodes(ctx.deps, periodId, unit.id, 5);
  const page = (await post('/survey/start', { code: codes[0] })).text;
  expect(page).toContain('name="answer.chief.cost-3"'); // the old unit-level question, still asked per post
  expect(page).not.toContain('answer.unit.');
  expect(page).not.toContain('先回答几道关于本单位整体情况的题目'); // no unit items: the lead does not announce them
  for (const [i, code] of codes.entries()) {
    const form = await fullAnswers(db, periodId, unit.id, (pi, ii) => String(((i + pi + ii) % 5) + 1));
    expect(Object.keys(form)).toHaveLength(2 * 14);
    expect((await post('/survey/submit', { code, ...form })).status).toBe(303);
  }
  const results = await unitResults(db, periodId, unit.id);
  expect(results.posts.map((r) => r.N)).toEqual([5, 5]);
  for (const r of results.posts) {
    expect(r.flags).not.toContain('insufficient_survey_data');
    expect(r.dims.cost.n).toBe(15);
  }
  expect(await db('survey_unit_aggregates').where({ period_id: periodId }).first()).toBeUndefined();
});

test('the editor refuses a change that leaves a dimension with fewer than two items, and keeps the input', async () => {
  const db = ctx.deps.db;
  const current = async () => (await db('questionnaires').orderBy('version', 'desc').first('id', 'version'));
  const before = await current();
  const items = await db('questionnaire_items').where({ questionnaire_id: before.id }).select('id', 'key');
  const idOf = (key: string) => items.find((i) => i.key === key)?.id;
  const retire = await admin.post(`/admin/questionnaire/items/${idOf('opportunity-1')}/retire`, { retired: '1' });
  expect(retire.status).toBe(400);
  expect(retire.text).toContain('每个维度至少需要两道使用中的题目');
  const moved = await admin.post(`/admin/questionnaire/items/${idOf('opportunity-2')}`, { dimension: 'cost', polarity: '-', scope: 'unit', text_zh: '保留的文字', text_en: 'Kept text' });
  expect(moved.status).toBe(400);
  expect(moved.text).toContain('每个维度至少需要两道使用中的题目');
  expect(moved.text).toContain('Kept text');
  const noScope = await admin.post(`/admin/questionnaire/items/${idOf('opportunity-2')}`, { dimension: 'opportunity', polarity: '-', scope: 'team', text_zh: '文字', text_en: 'Text' });
  expect(noScope.status).toBe(400);
  expect(noScope.text).toContain('请选择题目范围');
  expect(await current()).toEqual(before);
  const after = await db('questionnaire_items').where({ questionnaire_id: before.id }).select('key', 'dimension', 'retired');
  expect(after.find((i) => i.key === 'opportunity-1')?.retired).toBeFalsy();
  expect(after.find((i) => i.key === 'opportunity-2')?.dimension).toBe('opportunity');
  // A scope change that keeps coverage is saved.
  expect((await admin.post(`/admin/questionnaire/items/${idOf('pressure-1')}`, { dimension: 'pressure', polarity: '+', scope: 'post', text_zh: '该岗位人员在待遇上与他人攀比。', text_en: 'This post compares its pay with others.' })).status).toBe(303);
  const { items: shown } = JSON.parse((await cli(['questionnaire', 'show', '--json'])).out);
  expect(shown.find((i: { key: string }) => i.key === 'pressure-1').scope).toBe('post');
});

test('a period cannot open with a questionnaire that leaves a dimension with fewer than two items', async () => {
  const db = ctx.deps.db;
  // Such a version cannot be made in the editor; one written straight into the database stands for an old one.
  const [row] = await db('questionnaires').insert({ version: 999, frozen: false, created_at: Date.now() }).returning('id');
  const id = typeof row === 'object' ? row.id : row;
  await db('questionnaire_items').insert(TEST_ITEMS.filter((i) => i.key !== 'cos2').map((it, i) => ({ questionnaire_id: id, key: it.key, dimension: it.dimension, polarity: it.polarity, text_zh: it.key, text_en: it.key, sort_order: i })));
  expect((await cli(['period', 'add', '--key', 'thin', '--name', 'thin', '--start', '2026-01-01', '--end', '2026-12-31'])).code).toBe(0);
  const res = await admin.post('/admin/periods/thin/open', {});
  expect(res.status).toBe(409);
  expect(res.text).toContain('不能开放评估周期');
  const viaCli = await cli(['period', 'open', 'thin', '--json']);
  expect(viaCli.code).toBe(1);
  expect(await db('periods').where({ key: 'thin' }).first('state', 'questionnaire_id')).toEqual({ state: 'draft', questionnaire_id: null });
  await db('questionnaire_items').where({ questionnaire_id: id }).delete();
  await db('questionnaires').where({ id }).delete();
});

test('reliability: admins only; nothing from fewer than k cases; α, spread and the item that runs against its dimension once released', async () => {
  const db = ctx.deps.db;
  const reviewer = await signIn(ctx.app, db, await createUser(db, { role: 'reviewer' }));
  const unit = await createUnit(db);
  await createPost(db, unit.id, { key: 'a' });
  const period = await createPeriod(db, { key: 'rel-2026' });
  const items = JSON.parse((await cli(['questionnaire', 'show', '--period', 'rel-2026', '--json'])).out).items as { key: string; polarity: string }[];
  const url = '/admin/questionnaire/reliability?period=rel-2026';
  expect((await reviewer.get(url)).status).toBe(403);
  expect((await admin.get('/admin')).text).toContain('href="/admin/questionnaire/reliability"');

  // Respondent r agrees to the level L[r] in the risk direction on every item, except cost-4, answered the other way.
  const levels = [1, 2, 3, 4, 5, 3];
  const codes = await createCodes(ctx.deps, period.id, unit.id, levels.length);
  const submit = async (r: number) => {
    const form = await fullAnswers(db, period.id, unit.id, (_p, i) => {
      const { key, polarity } = items[i];
      const agree = polarity === '+' ? levels[r] : 6 - levels[r];
      return String(key === 'cost-4' ? 6 - agree : agree);
    });
    expect((await post('/survey/submit', { code: codes[r], ...form })).status).toBe(303);
  };
  for (let r = 0; r < 4; r++) await submit(r);
  const early = await admin.get(url);
  expect(early.status).toBe(200);
  expect(early.text).not.toMatch(/id="alpha-/);
  expect(early.text.match(/id="rel-[a-z]+-hidden"/g)).toHaveLength(6);
  expect(early.text).not.toContain('<strong>建议修改');

  for (let r = 4; r < levels.length; r++) await submit(r); // the fifth releases every cell; the sixth stays held
  const page = (await admin.get(url)).text;
  // Identical risk values on every item of a dimension: α = K/(K−1)·(1 − K·s²/(K²·s²)) = 1.
  expect(page).toMatch(/id="alpha-supervision">1\.00</);
  // cost-4 runs against cost-1..3: item-rest r = −1, so it is marked; the others are not.
  const row = (key: string) => page.slice(page.indexOf(`id="rel-item-${key}"`), page.indexOf('</tr>', page.indexOf(`id="rel-item-${key}"`)));
  expect(row('cost-4')).toContain('<strong>建议修改');
  expect(row('cost-4')).toContain('-1.00');
  expect(row('cost-1')).not.toContain('<strong>建议修改');
  // Spread of answers 1..5 (the five released): √(10/4) ≈ 1.58.
  expect(row('opportunity-1')).toContain('1.58');
  expect(page).toContain('不保存也不计数');
});

test('reliability pools the units of a period: each unit read on its own, the figures over all of them', async () => {
  const db = ctx.deps.db;
  const period = await createPeriod(db, { key: 'rel-pool' });
  const items = JSON.parse((await cli(['questionnaire', 'show', '--period', 'rel-pool', '--json'])).out).items as { polarity: string }[];
  // Five respondents at the highest risk on every item in one unit, five at the lowest in another: within a unit every
  // item's spread is 0; over the period it is the spread of five 5s and five 1s, √((10·130 − 30²)/(10·9)) ≈ 2.11.
  for (const level of [5, 1]) {
    const unit = await createUnit(db);
    await createPost(db, unit.id, { key: 'a' });
    const codes = await createCodes(ctx.deps, period.id, unit.id, 5);
    const form = await fullAnswers(db, period.id, unit.id, (_p, i) => String(items[i].polarity === '+' ? level : 6 - level));
    for (const code of codes) expect((await post('/survey/submit', { code, ...form })).status).toBe(303);
  }
  const page = (await admin.get('/admin/questionnaire/reliability?period=rel-pool')).text;
  const row = (key: string) => page.slice(page.indexOf(`id="rel-item-${key}"`), page.indexOf('</tr>', page.indexOf(`id="rel-item-${key}"`)));
  expect(row('opportunity-1')).toContain('2.11');
  // Every answer of a case moves together, so each dimension holds together perfectly over the ten cases.
  expect(page).toMatch(/id="alpha-supervision">1\.00</);
});

test('the snapshot taken at close keeps each released item\'s scope, unit items as the unit cell', async () => {
  const closed = await cli(['period', 'close', 'rel-2026', '--json']);
  expect(closed.out + closed.err).toContain('"ok":true');
  const period = await ctx.deps.db('periods').where({ key: 'rel-2026' }).first('id');
  const snapshot = await readSnapshot(ctx.deps.db, period.id);
  const items = (snapshot?.units ?? []).flatMap((u) => u.inputs.items);
  const { items: asked } = JSON.parse((await cli(['questionnaire', 'show', '--period', 'rel-2026', '--json'])).out) as { items: { key: string; scope: string }[] };
  expect(items.map((i) => [i.itemKey, i.scope]).sort()).toEqual(asked.map((i) => [i.key, i.scope]).sort());
  for (const i of items) expect(i.postId === 0).toBe(i.scope === 'unit');
  expect(items.some((i) => i.scope === 'unit')).toBe(true);
});
