import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit } from '../helpers/factories';
import { createCodes, createPeriod, fullAnswers, storedSubmissions } from '../helpers/survey-factories';

let ctx: TestContext;
let unit: { id: number; key: string; name: string };
let period: { id: number; key: string };
let posts: { id: number; key: string; title: string }[];
beforeAll(async () => {
  ctx = await createTestContext();
  unit = await createUnit(ctx.deps.db, { name: '东城区局' });
  posts = [await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长', chief: true }), await createPost(ctx.deps.db, unit.id, { key: 'dep-fin', title: '副局长（分管财务）' })];
  period = await createPeriod(ctx.deps.db, { key: 'y2026' });
});
afterAll(() => ctx.close());

const post = (url: string, form: Record<string, string | string[]>) => request(ctx.app).post(url).type('form').send(form);
const count = async (table: string) => (table === 'responses' ? storedSubmissions(ctx.deps.db) : Number((await ctx.deps.db(table).count({ n: '*' }).first())?.n));

test('the entry page asks for the code in a labelled field and sets no cookie', async () => {
  const res = await request(ctx.app).get('/survey');
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/<label for="f-code">/);
  expect(res.text).toMatch(/name="code"/);
  expect(res.headers['set-cookie']).toBeUndefined();
});

test('a valid code, typed sloppily, opens one page with a table per post and the code in a hidden field', async () => {
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const sloppy = ' ' + code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l') + ' ';
  const res = await post('/survey/start', { code: sloppy });
  expect(res.status).toBe(200);
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.text).toContain('<caption id="post-0">局长</caption>');
  expect(res.text).toContain('副局长（分管财务）');
  expect(res.text).toContain(`<input type="hidden" name="code" value="${code}">`);
  expect(res.headers['cache-control']).toContain('no-store');
  expect(res.text).toMatch(/name="answer\.chief\.opportunity-1" value="na"/);
  expect(res.text).toMatch(/<th scope="col"/);
  expect(res.text).toMatch(/<th scope="row"/);
});

test('unknown, malformed, missing and revoked codes get a clear refusal on the same page', async () => {
  const unknown = await post('/survey/start', { code: 'ABCD-EFGH-JKMN-PQRS' });
  expect(unknown.status).toBe(400);
  expect(unknown.text).toContain('问卷码无效');
  expect((await post('/survey/start', { code: 'hello' })).text).toContain('问卷码无效');
  expect((await post('/survey/start', {})).text).toContain('请输入问卷码');
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  await ctx.deps.db('code_batches').update({ revoked_at: Date.now() }).whereIn('id', ctx.deps.db('access_codes').select('batch_id'));
  const revoked = await post('/survey/start', { code });
  expect(revoked.status).toBe(400);
  expect(revoked.text).toContain('已被作废');
  const en = await request(ctx.app).post('/survey/start').set('Accept-Language', 'en').type('form').send({ code });
  expect(en.text).toContain('has been withdrawn');
});

test('a code of a period that is not open is refused', async () => {
  const draft = await createPeriod(ctx.deps.db, { state: 'draft' });
  const [code] = await createCodes(ctx.deps, draft.id, unit.id, 1);
  const res = await post('/survey/start', { code });
  expect(res.status).toBe(400);
  expect(res.text).toContain('未开放');
});

test('a complete form is stored once, the code is spent, and the thank-you page follows', async () => {
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const before = await count('responses');
  const answersBefore = (await count('held_answers')) + (await count('released_answers'));
  const answers = await fullAnswers(ctx.deps.db, period.id, unit.id, (p, i) => (i === 0 ? 'na' : String(((p + i) % 5) + 1)));
  const res = await post('/survey/submit', { code, ...answers, comment: '建议加强监督' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/survey/thanks');
  expect(res.headers['set-cookie']).toBeUndefined();
  expect((await request(ctx.app).get('/survey/thanks')).text).toContain('感谢您的参与');
  expect(await count('responses')).toBe(before + 1);
  const again = await post('/survey/submit', { code, ...answers });
  expect(again.status).toBe(400);
  expect(again.text).toContain('已经使用过');
  expect(await count('responses')).toBe(before + 1);
  // "Don't know" is not stored at all: one answer per post fewer than the form had.
  expect((await count('held_answers')) + (await count('released_answers')) - answersBefore).toBe(Object.keys(answers).length - posts.length);
});

test('a half-filled form comes back with every answer kept and the missing ones marked, nothing stored', async () => {
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const answers = await fullAnswers(ctx.deps.db, period.id, unit.id, () => '4');
  delete answers['answer.unit.cost-1'];
  delete answers['answer.chief.rules-2'];
  const before = await count('responses');
  const res = await post('/survey/submit', { code, ...answers, comment: '我的意见' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('还有 2 道题没有作答');
  expect(res.text).toMatch(/<tr class="has-error" id="f-answer-unit-cost-1">/);
  expect(res.text).toMatch(/name="answer\.chief\.opportunity-1" value="4" checked/);
  expect(res.text).toContain('我的意见');
  expect(await count('responses')).toBe(before);
  expect(Number((await ctx.deps.db('access_codes').where({ used: true }).count({ n: '*' }).first())?.n)).toBe(1);
});

test('bad input (values out of range, unknown posts, repeated fields, oversize comment) is refused with messages, nothing stored', async () => {
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const answers = await fullAnswers(ctx.deps.db, period.id, unit.id);
  const before = await count('responses');
  const cases: Record<string, string | string[]>[] = [
    { ...answers, 'answer.chief.rules-1': '6' },
    { ...answers, 'answer.nobody.rules-1': '3' },
    { ...answers, 'answer.unit.cost-1': ['3', '4'] },
    { ...answers, comment: 'x'.repeat(2001) },
  ];
  const messages = ['答案只能是', '无法识别', '多个答案', '不能超过 2000'];
  for (let i = 0; i < cases.length; i++) {
    const res = await post('/survey/submit', { code, ...cases[i] });
    expect(res.status).toBe(400);
    expect(res.text).toContain(messages[i]);
    expect(res.text).toContain('name="code"');
  }
  expect((await post('/survey/submit', answers)).status).toBe(400);
  expect(await count('responses')).toBe(before);
});

test('two simultaneous submissions with one code: exactly one is stored', async () => {
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const answers = await fullAnswers(ctx.deps.db, period.id, unit.id);
  const before = await count('responses');
  const results = await Promise.all([post('/survey/submit', { code, ...answers }), post('/survey/submit', { code, ...answers }), post('/survey/submit', { code, ...answers })]);
  expect(results.filter((r) => r.status === 303)).toHaveLength(1);
  expect(results.filter((r) => r.status !== 303).every((r) => r.status === 409 || r.status === 400)).toBe(true);
  expect(await count('responses')).toBe(before + 1);
});

test('the code claim is atomic: two submissions racing past the entry check, only one response is stored', async () => {
  const { checkCode } = await import('../../server/services/survey/access-codes');
  const { formShape, submitSurvey, surveyFormFor } = await import('../../server/services/survey/survey-submit');
  const { parseSurveyForm } = await import('../../server/domain/survey-form');
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const checked = await checkCode(ctx.deps.db, ctx.deps.secrets.codeKey, code);
  if (!checked.ok) throw new Error('code should be valid');
  const form = await surveyFormFor(ctx.deps.db, checked.code);
  const parsed = parseSurveyForm(await fullAnswers(ctx.deps.db, period.id, unit.id), formShape(form));
  const before = await count('responses');
  const outcomes = await Promise.allSettled([1, 2].map(() => submitSurvey(ctx.deps.db, ctx.deps.secrets.codeKey, checked.code, form, parsed, Date.now())));
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
  expect(await count('responses')).toBe(before + 1);
});

test('guessing codes is rate-limited: after 30 wrong codes the address gets a translated 429', async () => {
  let last = 0;
  for (let i = 0; i < 31; i++) last = (await post('/survey/start', { code: `ZZZZ-ZZZZ-ZZZZ-${String(i).padStart(4, '0')}` })).status;
  expect(last).toBe(429);
  const refused = await post('/survey/start', { code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' });
  expect(refused.status).toBe(429);
  expect(refused.text).toContain('从这里输入错误问卷码的次数过多');
  expect(refused.text).toMatch(/\d+ 分钟后再试/);
});

test('browsers post the survey with Origin: null (no-referrer policy) and same-origin fetch metadata: accepted; cross-site: refused', async () => {
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const sameSite = await request(ctx.app).post('/survey/submit').set('Origin', 'null').set('Sec-Fetch-Site', 'same-origin').type('form').send({ code });
  expect(sameSite.status).toBe(400); // reached the form check: half-filled
  const crossSite = await request(ctx.app).post('/survey/submit').set('Origin', 'null').set('Sec-Fetch-Site', 'cross-site').type('form').send({ code });
  expect(crossSite.status).toBe(403);
  const nullOnly = await request(ctx.app).post('/survey/submit').set('Origin', 'null').type('form').send({ code });
  expect(nullOnly.status).toBe(403);
});
