import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser } from '../helpers/factories';
import { fileAndGetReceipt, fileViaForm, reportOrg } from '../helpers/report-factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// The language switch of a form page sends the form with `_lang`: the answer is the same form in the other language
// with the input kept, the choice remembered in the language cookie — and nothing else happens, even when the form
// was complete: no survey submitted, no report filed, no message sent, no sign-in.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const count = async (table: string) => Number((await ctx.deps.db(table).count({ n: '*' }).first())?.n);

test('a complete survey sent by the language switch is shown again in English, answers kept, its code still unused', async () => {
  const unit = await createUnit(ctx.deps.db, { name: '切换局' });
  await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
  const period = await createPeriod(ctx.deps.db);
  const [code] = await createCodes(ctx.deps, period.id, unit.id, 1);
  const answers = await fullAnswers(ctx.deps.db, period.id, unit.id, () => '4');
  const res = await request(ctx.app).post('/survey/submit').type('form').send({ code, ...answers, comment: '保留的意见', _lang: 'en' });
  expect(res.status).toBe(200);
  expect(res.text).toContain('<html lang="en">');
  expect(res.headers['set-cookie'][0]).toMatch(/^lang=en;/);
  expect(res.text).toContain(`value="${code}"`);
  expect(res.text).toContain('保留的意见');
  expect(res.text.match(/ checked/g)).toHaveLength(Object.keys(answers).length);
  expect(res.text).toContain(`${Object.keys(answers).length} of ${Object.keys(answers).length} answered`);
  expect(await ctx.deps.db('held_responses').count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await ctx.deps.db('access_codes').where({ used: true }).count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('a complete report sent by the language switch is not filed; the form comes back with every field', async () => {
  const org = await reportOrg(ctx.deps.db);
  const before = await count('reports');
  const res = await fileViaForm(ctx.app, { unit: org.unit.key, post: org.chief.key, real_name: '李四', contact: '138' }).field('_lang', 'en');
  expect(res.status).toBe(200);
  expect(res.text).toContain('<html lang="en">');
  expect(res.text).toContain('Report greetings');
  expect(res.text).toMatch(new RegExp(`value="${org.chief.key}" selected`));
  expect(res.text).toContain('value="李四"');
  expect(res.text).not.toContain('error-summary');
  expect(await count('reports')).toBe(before);
});

test('a reply sent by the language switch is not sent; the status page comes back with the draft', async () => {
  const org = await reportOrg(ctx.deps.db);
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  const messages = await count('report_messages');
  const res = await request(ctx.app).post('/report/follow-up/reply').type('form').send({ receipt, message: '草稿', _lang: 'en' });
  expect(res.status).toBe(200);
  expect(res.text).toContain('My report');
  expect(res.text).toContain('>草稿</textarea>');
  expect(await count('report_messages')).toBe(messages);
  const receiptPage = await request(ctx.app).post('/report/follow-up/reply').type('form').send({ receipt, view: 'receipt', _lang: 'en' });
  expect(receiptPage.text).toContain('Your receipt code');
  expect(receiptPage.text).toContain(receipt);
});

test('the sign-in form sent by the language switch signs nobody in, even with the right password', async () => {
  const user = await createUser(ctx.deps.db, { role: 'admin' });
  const res = await request(ctx.app).post('/login').type('form').send({ email: user.email, password: user.password, _lang: 'en' });
  expect(res.status).toBe(200);
  expect(String(res.headers['set-cookie'] ?? '')).not.toContain('qf_session');
  expect(res.text).toContain(`value="${user.email}"`);
});

test('an old link to the reply address by GET goes back to the receipt form instead of a 404', async () => {
  const res = await request(ctx.app).get('/report/follow-up/reply');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/report/follow-up');
});
