import request from 'supertest';
import { notifyCommittee } from '../../server/services/ops/notifications';
import { createFindingRow, createMeasureRow, createReportRow } from '../helpers/assess-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { addRelease, createPeriod, createQuestionnaire, setAggregate, setRespondents, TEST_ITEMS } from '../helpers/risk-factories';

// DESIGN.md §2/§5 conflict of interest: a committee user linked to a post never sees, edits or deletes anything about
// it — its reports, findings, score, level, survey figures, measures and the review date that follows its level — in
// any page, export, count or mail. The holder here is a reviewer scoped to the post's own unit; a colleague with the
// same scope and no held post sees everything, so every refusal below is about holding the post.
let ctx: TestContext;
let holder: SignedIn;
let colleague: SignedIn;
let adminHolder: SignedIn;
let adminHolderId: number;
let world: { unit: { id: number; key: string }; chief: { id: number; key: string; title: string }; deputy: { id: number; key: string; title: string }; period: string; findings: number[]; measure: number };

const CHIEF_TITLE = '局长HELD岗位';
const DEPUTY_TITLE = '副局长VISIBLE岗位';
const CHIEF_MEASURE = '主官措施HELDMEASURE';
const CHIEF_FINDING = '主官问题HELDFINDING';

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  const unit = await createUnit(db, { key: 'coi-unit', name: '回避测试局' });
  const chief = await createPost(db, unit.id, { key: 'chief', title: CHIEF_TITLE, chief: true, power: { decision: 5, personnel: 5, finance: 5, procurement: 5, enforcement: 5 } });
  const deputy = await createPost(db, unit.id, { key: 'deputy', title: DEPUTY_TITLE });
  const q = await createQuestionnaire(db, [...TEST_ITEMS]);
  const periodId = await createPeriod(db, { key: 'coi-2026', startsOn: '2026-01-01', endsOn: '2026-12-31', questionnaireId: q.id });
  for (const post of [chief, deputy]) {
    for (const itemId of Object.values(q.items)) await setAggregate(db, { periodId, unitId: unit.id, postId: post.id, itemId, counts: [1, 1, 2, 1, 1] });
    await setRespondents(db, periodId, unit.id, post.id, 6);
  }
  await addRelease(db, periodId, unit.id, 6);
  const findings = [];
  for (let i = 0; i < 3; i++) findings.push(await createFindingRow(db, chief.id, { severity: 3, foundOn: '2026-03-01', summary: `${CHIEF_FINDING}${i}` }));
  const measure = await createMeasureRow(db, chief.id, { description: CHIEF_MEASURE, nextReviewOn: '2020-01-01', status: 'in_progress' });
  await createMeasureRow(db, deputy.id, { description: '副职措施VISIBLE', nextReviewOn: '2020-01-01', status: 'in_progress' });
  await createReportRow(db, { unitId: unit.id, postId: chief.id, status: 'substantiated', receivedOn: '2026-04-01' });
  world = { unit, chief, deputy, period: 'coi-2026', findings, measure };

  holder = await signIn(ctx.app, db, await createUser(db, { unitIds: [unit.id], heldPostIds: [chief.id] }));
  colleague = await signIn(ctx.app, db, await createUser(db, { unitIds: [unit.id] }));
  const admin = await createUser(db, { role: 'admin', heldPostIds: [chief.id] });
  adminHolderId = admin.id;
  adminHolder = await signIn(ctx.app, db, admin);
});
afterAll(() => ctx.close());

const findingsBase = () => `/committee/units/${world.unit.key}/posts/${world.chief.key}/findings`;

test('a holder can neither open, edit nor delete the findings about their own post', async () => {
  const [first, second] = world.findings;
  expect((await colleague.get(findingsBase())).text).toContain(CHIEF_FINDING);
  expect((await holder.get(findingsBase())).status).toBe(404);
  expect((await holder.get(`${findingsBase()}/${first}/edit`)).status).toBe(404);
  const edit = await holder.post(`${findingsBase()}/${first}`, { source: 'inspection', severity: '1', found_on: '2026-03-01', summary: 'softened' });
  expect(edit.status).toBe(404);
  const deleted = await holder.post(`${findingsBase()}/${second}/delete`);
  expect(deleted.status).toBe(404);
  const rows = await ctx.deps.db('findings').where({ post_id: world.chief.id }).orderBy('id');
  expect(rows.map((r) => [Number(r.severity), r.summary])).toEqual([[3, `${CHIEF_FINDING}0`], [3, `${CHIEF_FINDING}1`], [3, `${CHIEF_FINDING}2`]]);
  const added = await holder.post(findingsBase(), { source: 'inspection', severity: '1', found_on: '2026-03-01', summary: 'planted' });
  expect(added.status).toBe(404);
});

test('the new-measure page of a held post does not exist for its holder, so neither its level nor a date chosen by it shows', async () => {
  const page = (who: SignedIn, post: string) => who.get(`/committee/measures/${world.unit.key}/${post}/new`);
  const control = await colleague.get(`/committee/measures/${world.unit.key}/chief/new`);
  expect(control.status).toBe(200);
  expect(control.text).toMatch(/一级|二级|三级/);
  expect((await page(holder, 'chief')).status).toBe(404);
  expect((await page(holder, 'deputy')).status).toBe(200);
  expect((await holder.get(`/committee/measures/${world.unit.key}/chief`)).status).toBe(404);
  expect((await holder.get(`/committee/measures/${world.unit.key}/chief/${world.measure}/edit`)).status).toBe(404);
  expect((await holder.post(`/committee/measures/${world.unit.key}/chief/${world.measure}/delete`)).status).toBe(404);
  expect(await ctx.deps.db('measures').where({ id: world.measure }).first('id')).toBeDefined();
});

test('the register, its CSV export and the dashboard list none of the held post\'s measures; the colleague sees them', async () => {
  for (const url of ['/committee/measures', '/committee/measures?overdue=1', `/committee/measures?post=${world.chief.id}`, '/committee/exports/measures.csv', '/committee']) {
    const mine = await holder.get(url);
    expect({ url, status: mine.status }).toEqual({ url, status: 200 });
    expect({ url, leaks: mine.text.includes(CHIEF_MEASURE) || mine.text.includes(CHIEF_TITLE) }).toEqual({ url, leaks: false });
    if (url !== '/committee') expect((await colleague.get(url)).text).toContain(CHIEF_MEASURE);
  }
  expect((await colleague.get('/committee')).text).toContain(CHIEF_TITLE);
});

test('no page, export or picture shows the held post\'s score, level or survey figures to its holder', async () => {
  const pages = [
    `/committee/results/${world.period}/${world.unit.key}`,
    `/committee/results/compare?a=${world.period}&b=${world.period}&unit=${world.unit.key}`,
    `/committee/survey/${world.period}/${world.unit.key}`,
    `/committee/exports/${world.period}/${world.unit.key}/results.csv`,
    `/committee/print/${world.period}/${world.unit.key}`,
    `/committee?period=${world.period}`,
  ];
  for (const url of pages) {
    const mine = await holder.get(url);
    expect({ url, status: mine.status }).toEqual({ url, status: 200 });
    expect({ url, leaks: mine.text.includes(CHIEF_TITLE) || /(^|[,/])chief([,/]|$)/m.test(mine.text) }).toEqual({ url, leaks: false });
    expect({ url, shows: mine.text.includes(DEPUTY_TITLE) || mine.text.includes('deputy') }).toEqual({ url, shows: true });
    expect({ url, colleague: (await colleague.get(url)).text.includes(CHIEF_TITLE) }).toEqual({ url, colleague: true });
  }
  expect((await holder.get(`/committee/results/${world.period}/${world.unit.key}/chief`)).status).toBe(404);
});

test('the report statistics export and the inbox count nothing about the held post', async () => {
  const stats = await holder.get(`/committee/exports/${world.period}/report-statistics.csv`);
  expect(stats.status).toBe(200);
  expect(stats.text.trim().split(/\r?\n/)).toHaveLength(1);
  expect((await colleague.get(`/committee/exports/${world.period}/report-statistics.csv`)).text.trim().split(/\r?\n/)).toHaveLength(2);
  const inbox = await holder.get('/committee/reports');
  expect(inbox.text).not.toContain(CHIEF_TITLE);
});

test('an administrator who holds a post can neither open its admin page nor edit it, nor drop the post from their own account', async () => {
  const url = `/admin/units/${world.unit.key}/posts/chief`;
  expect((await adminHolder.get(url)).status).toBe(404);
  const before = await ctx.deps.db('posts').where({ id: world.chief.id }).first();
  const edit = await adminHolder.post(url, { title: CHIEF_TITLE, portfolio: '', power_decision: '0', power_personnel: '0', power_finance: '0', power_procurement: '0', power_enforcement: '0' });
  expect(edit.status).toBe(404);
  expect(await ctx.deps.db('posts').where({ id: world.chief.id }).first()).toEqual(before);
  expect((await adminHolder.get(`/admin/units/${world.unit.key}/posts/deputy`)).status).toBe(200);
  const self = await adminHolder.get(`/admin/users/${adminHolderId}`);
  const email = /name="email"[^>]*value="([^"]+)"/.exec(self.text)?.[1] ?? '';
  const dropped = await adminHolder.post(`/admin/users/${adminHolderId}`, { email, name: '管理员', role: 'admin', scope: 'all' });
  expect(dropped.status).toBe(400);
  expect(await ctx.deps.db('user_posts').where({ user_id: adminHolderId }).pluck('post_id')).toEqual([world.chief.id]);
});

test('a reviewer who recused themselves from a report is not notified of activity on it; one who did not, is', async () => {
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  const post = await createPost(db, unit.id);
  const recused = await createUser(db, { unitIds: [unit.id] });
  const other = await createUser(db, { unitIds: [unit.id] });
  const reportId = await createReportRow(db, { unitId: unit.id, postId: post.id });
  await db('report_recusals').insert({ report_id: reportId, user_id: recused.id, created_on: new Date().toISOString().slice(0, 10) });
  await db('mail_outbox').delete();
  await db.transaction((trx) => notifyCommittee(trx, { ...ctx.deps.config, notify: 'immediate' }, { unitId: unit.id, postId: post.id, reportId }, Date.now()));
  const recipients = await db('mail_outbox').pluck('recipient');
  expect(recipients).toContain(other.email);
  expect(recipients).not.toContain(recused.email);
});

test('an anonymous visitor still gets the login page for the held post\'s URLs (nothing differs by holding)', async () => {
  const res = await request(ctx.app).get(findingsBase());
  expect(res.status).toBe(303);
});
