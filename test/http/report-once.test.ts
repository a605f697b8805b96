import request from 'supertest';
import { createApp } from '../../server/app';
import { FORM_TOKEN_KEEP_DAYS } from '../../server/domain/form-token';
import { addCalendarDays, dayOf } from '../../server/domain/deadlines';
import { purgeFormTokens } from '../../server/services/auth/form-tokens';
import { createTestContext, type TestContext } from '../helpers/context';
import { fileAndGetReceipt, reportIdOf, receiptFrom, reportOrg, uniqueDescription } from '../helpers/report-factories';

// The same public form posted twice (a double click, a reload, back and resubmit) files once.

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
});
afterAll(() => ctx.close());

const tokenIn = (html: string): string => {
  const match = /name="form_token" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no form token on the page');
  return match[1];
};

async function freshToken(): Promise<string> {
  return tokenIn((await request(ctx.app).get('/report')).text);
}

function post(token: string, description = uniqueDescription(), app = ctx.app) {
  return request(app).post('/report').field('form_token', token).field('unit', org.unit.key).field('post', '').field('matter', 'approval')
    .field('behaviour', 'greeting').field('occurred_on', '2026-03').field('channel', 'phone').field('description', description)
    .field('real_name', '').field('contact', '');
}

const reportCount = async () => Number((await ctx.deps.db('reports').count({ n: '*' }).first())?.n);

test('a double click files one report and both answers show the same receipt', async () => {
  const token = await freshToken();
  const before = await reportCount();
  const [a, b] = await Promise.all([post(token), post(token)]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(receiptFrom(a.text)).toBe(receiptFrom(b.text));
  expect(await reportCount()).toBe(before + 1);
});

test('an immediate reload shows the same receipt; half a minute later it files nothing and shows no receipt', async () => {
  const token = await freshToken();
  const before = await reportCount();
  const first = receiptFrom((await post(token)).text);
  expect(receiptFrom((await post(token)).text)).toBe(first);
  ctx.clock.advance(31_000);
  const later = await post(token);
  expect(later.status).toBe(409);
  expect(later.text).toContain('这份反映已经收到');
  expect(later.text).toContain('href="/report/follow-up"');
  expect(later.text).not.toContain(first);
  expect(later.text).not.toMatch(/id="receipt"/);
  expect(await reportCount()).toBe(before + 1);
});

test('another instance on the same database refuses a form filed on the first one', async () => {
  const token = await freshToken();
  const before = await reportCount();
  const receipt = receiptFrom((await post(token)).text);
  const other = createApp(ctx.deps);
  const res = await post(token, uniqueDescription(), other).set('Accept-Language', 'en');
  expect(res.status).toBe(409);
  expect(res.text).toContain('This report was already received');
  expect(res.text).not.toContain(receipt);
  expect(await reportCount()).toBe(before + 1);
});

test('a form shown again after an error keeps its token and, once corrected, files one report', async () => {
  const token = await freshToken();
  const before = await reportCount();
  const wrong = await post(token, '太短了');
  expect(wrong.status).toBe(400);
  expect(tokenIn(wrong.text)).toBe(token);
  const right = await post(token);
  expect(right.status).toBe(200);
  expect(receiptFrom(right.text)).toMatch(/^\d{4}( \d{4}){6}$/);
  expect(await reportCount()).toBe(before + 1);
});

test('each visit of the form gets its own token, and a post without one still files (scripts keep working)', async () => {
  expect(await freshToken()).not.toBe(await freshToken());
  const before = await reportCount();
  await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  expect(await reportCount()).toBe(before + 2);
});

test('a token is kept only as a hash with the day it may be forgotten, and is purged after that day', async () => {
  const token = await freshToken();
  await post(token).expect(200);
  const rows = await ctx.deps.db('form_tokens').select('*');
  expect(Object.keys(rows[0]).sort()).toEqual(['kept_until', 'token_hash']);
  expect(JSON.stringify(rows)).not.toContain(token);
  const today = dayOf(ctx.clock.now());
  expect(rows.map((r) => r.kept_until)).toContain(addCalendarDays(today, FORM_TOKEN_KEEP_DAYS));
  expect(await purgeFormTokens(ctx.deps.db, today)).toBe(0);
  expect(await purgeFormTokens(ctx.deps.db, addCalendarDays(today, FORM_TOKEN_KEEP_DAYS + 1))).toBe(rows.length);
  expect(await ctx.deps.db('form_tokens').count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('a reporter\'s reply posted twice appears once in the conversation; the next reply gets a new token', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  const id = await reportIdOf(ctx.deps, receipt);
  const page = await request(ctx.app).post('/report/follow-up').type('form').send({ receipt });
  const token = tokenIn(page.text);
  const reply = () => request(ctx.app).post('/report/follow-up/reply').field('receipt', receipt).field('form_token', token).field('message', '补充：对方提到了城东项目。');
  const [a, b] = await Promise.all([reply(), reply()]);
  const again = await reply();
  for (const res of [a, b, again]) {
    expect(res.status).toBe(200);
    expect(res.text).toContain('您的补充已发送');
  }
  expect(await ctx.deps.db('report_messages').where({ report_id: id, author: 'reporter' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  expect(tokenIn(again.text)).not.toBe(token);
});
