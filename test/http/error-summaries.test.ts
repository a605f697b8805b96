import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { fileAndGetReceipt, fileViaForm } from '../helpers/report-factories';
import { createPeriod } from '../helpers/survey-factories';

// Every public and committee form sent with mistakes answers with an error summary at the top (the GOV.UK pattern):
// one link per problem, naming the field and saying what to do, pointing at the field itself on the same page.
let ctx: TestContext;
let admin: SignedIn;
let unit: { id: number; key: string };
let post: { id: number; key: string };
let period: { id: number; key: string };
beforeAll(async () => {
  // Invitations are sent over SMTP only; the form needs a mail server configured (none is contacted here).
  ctx = await createTestContext({ SMTP_URL: 'smtp://127.0.0.1:9' });
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  unit = await createUnit(ctx.deps.db, { name: '表单局' });
  post = await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
  period = await createPeriod(ctx.deps.db);
});
afterAll(() => ctx.close());

interface SummaryLink { href: string; text: string }

/** The links of the page's error summary, with the text of each (tags stripped). */
function summaryLinks(html: string): SummaryLink[] {
  const block = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (!block) return [];
  return [...block[1].matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], text: m[2].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() }));
}

/** Each link names a field (a label, then the colon of the page's language) and its target is on the page. */
function expectNamedAndLinked(html: string, lang: 'zh-CN' | 'en', expectedFields: string[]): void {
  const links = summaryLinks(html);
  expect(links.map((l) => l.href).sort()).toEqual(expectedFields.map((f) => `f-${f}`).sort());
  for (const link of links) {
    expect({ link, named: lang === 'en' ? /^[^:：]+: \S/.test(link.text) : /^[^:：]+：\S/.test(link.text) }).toEqual({ link, named: true });
    expect({ link, target: html.includes(`id="${link.href}"`) }).toEqual({ link, target: true });
  }
}

describe.each(['zh-CN', 'en'] as const)('in %s', (lang) => {
  test('public forms: survey code, report, receipt, reply', async () => {
    const entry = await request(ctx.app).post('/survey/start').type('form').send({ code: '' }).set('Accept-Language', lang);
    expectNamedAndLinked(entry.text, lang, ['code']);

    const report = await fileViaForm(ctx.app, { unit: '', matter: '', behaviour: '', description: '', occurred_on: '2999-01' }).set('Accept-Language', lang);
    expect(report.status).toBe(400);
    expectNamedAndLinked(report.text, lang, ['unit', 'matter', 'behaviour', 'description', 'occurred_on']);
    // Not the same words four times: each names its own field.
    expect(new Set(summaryLinks(report.text).map((l) => l.text)).size).toBe(5);

    const lookUp = await request(ctx.app).post('/report/follow-up').type('form').send({ receipt: '1234' }).set('Accept-Language', lang);
    expectNamedAndLinked(lookUp.text, lang, ['receipt']);

    const receipt = await fileAndGetReceipt(ctx.app, { unit: unit.key });
    const reply = await request(ctx.app).post('/report/follow-up/reply').type('form').send({ receipt, message: ' ' }).set('Accept-Language', lang);
    expectNamedAndLinked(reply.text, lang, ['message']);
  });

  test('committee forms: units, posts, periods, parameters, users, codes, invitations, findings, measures, AHP, audit filter', async () => {
    const receipt = await fileAndGetReceipt(ctx.app, { unit: unit.key });
    const reportId = Number((await ctx.deps.db('reports').max<{ id: number }[]>({ id: 'id' }).first())?.id);
    expect(receipt).toBeTruthy();
    const closed = await createPeriod(ctx.deps.db, { state: 'closed' });
    const cases: Array<[string, Promise<request.Response>, string[]]> = [
      ['rename unit', admin.post(`/admin/units/${unit.key}`, { name: '' }).set('Accept-Language', lang), ['name']],
      ['close period', admin.post(`/admin/periods/${period.key}/close`, {}).set('Accept-Language', lang), ['confirm']],
      ['reopen period', admin.post(`/admin/periods/${closed.key}/reopen`, { reason: '' }).set('Accept-Language', lang), ['reason']],
      ['report message', admin.post(`/committee/reports/${reportId}/messages`, { message: '' }).set('Accept-Language', lang), ['message']],
      ['report note', admin.post(`/committee/reports/${reportId}/notes`, { note: '' }).set('Accept-Language', lang), ['note']],
      ['new unit', admin.post('/admin/units', { key: '', name: '' }).set('Accept-Language', lang), ['key', 'name']],
      ['new post', admin.post(`/admin/units/${unit.key}/posts`, { key: '', title: '' }).set('Accept-Language', lang), ['key', 'title', 'power_decision', 'power_personnel', 'power_finance', 'power_procurement', 'power_enforcement']],
      ['new period', admin.post('/admin/periods', { key: '', name: '', starts_on: '', ends_on: '' }).set('Accept-Language', lang), ['key', 'name', 'starts_on', 'ends_on']],
      ['parameters', admin.post(`/admin/periods/${period.key}/params`, { k: '', m: 'x' }).set('Accept-Language', lang), ['k', 'm', 'w_M', 'w_C', 'w_S', 'w_F', 'p_decision', 'p_personnel', 'p_finance', 'p_procurement', 'p_enforcement', 'high', 'medium']],
      ['new user', admin.post('/admin/users/new', { email: 'not-an-address', name: '' }).set('Accept-Language', lang), ['email', 'name', 'role', 'scope']],
      ['invitations', admin.post('/admin/survey/invitations', { period: '', unit: '', addresses: '' }).set('Accept-Language', lang), ['period', 'unit', 'addresses']],
      ['codes', admin.post('/admin/survey/codes', { period: '', unit: '', count: '0' }).set('Accept-Language', lang), ['period', 'unit', 'count']],
      ['finding', admin.post(`/committee/units/${unit.key}/posts/${post.key}/findings`, { source: '', severity: '', found_on: '', summary: '' }).set('Accept-Language', lang), ['source', 'severity', 'found_on', 'summary']],
      ['measure', admin.post(`/committee/measures/${unit.key}/${post.key}`, { description: '', owner: '' }).set('Accept-Language', lang), ['description', 'owner', 'dimensions', 'status', 'next_review_on']],
      ['AHP', admin.post(`/admin/periods/${period.key}/ahp`, {}).set('Accept-Language', lang), ['MC', 'MS', 'MF', 'CS', 'CF', 'SF']],
      ['questionnaire item', admin.post('/admin/questionnaire/items', { text_zh: '', text_en: '' }).set('Accept-Language', lang), ['dimension', 'polarity', 'scope', 'text_zh', 'text_en']],
      ['audit filter', admin.get('/admin/audit?from=yesterday&to=2026-13-01').set('Accept-Language', lang), ['from', 'to']],
    ];
    for (const [label, pending, fields] of cases) {
      const res = await pending;
      try {
        expectNamedAndLinked(res.text, lang, fields);
      } catch (err) {
        throw new Error(`${label} (HTTP ${res.status}): ${JSON.stringify(summaryLinks(res.text))}\n${(err as Error).message}`);
      }
    }
  });
});
