import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn } from '../helpers/factories';
import { createFindingRow, createMeasureRow, createPeriod } from '../helpers/assess-factories';
import { addCalendarDays, dayOf } from '../../server/domain/deadlines';
import { overdueReviews } from '../../server/services/risk/measures';
import { loadPrincipal } from '../../server/services/auth/sessions';

let ctx: TestContext;
let unitA: { id: number; key: string };
let unitB: { id: number; key: string };
let postA: { id: number; key: string };
let postB: { id: number; key: string };
beforeAll(async () => {
  ctx = await createTestContext();
  unitA = await createUnit(ctx.deps.db, { name: '甲市局' });
  unitB = await createUnit(ctx.deps.db, { name: '乙市局' });
  postA = await createPost(ctx.deps.db, unitA.id, { title: '副局长（分管财务）' });
  postB = await createPost(ctx.deps.db, unitB.id, { title: '副局长（分管审批）' });
});
afterAll(() => ctx.close());

const findingsUrl = (u: { key: string }, p: { key: string }) => `/committee/units/${u.key}/posts/${p.key}/findings`;
const measuresUrl = (u: { key: string }, p: { key: string }) => `/committee/measures/${u.key}/${p.key}`;

test('a reviewer records a finding about a post, sees it listed, and the action is audited', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const res = await s.post(findingsUrl(unitA, postA), { source: 'patrol', severity: '3', found_on: '2026-02-03', summary: '巡察发现：违规插手工程项目' });
  expect(res.status).toBe(303);
  const page = await s.get(findingsUrl(unitA, postA));
  expect(page.text).toContain('巡察发现：违规插手工程项目');
  expect(page.text).toContain('政治巡察');
  const audit = await ctx.deps.db('audit_events').where({ action: 'finding.create', actor_id: user.id }).first();
  expect(audit).toBeTruthy();
});

test('an invalid finding is refused with messages next to the fields and the input kept', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const before = await ctx.deps.db('findings').count({ n: '*' }).first();
  const res = await s.post(findingsUrl(unitA, postA), { source: 'gossip', severity: '4', found_on: '2026-02-30', summary: 'x'.repeat(2001) });
  expect(res.status).toBe(400);
  expect(res.text).toContain('href="#f-source"');
  expect(res.text).toContain('严重程度须为1');
  expect(res.text).toContain('请输入有效日期');
  expect(res.text).toContain('不能超过2000字');
  expect(res.text).toContain('x'.repeat(2001));
  const future = await s.post(findingsUrl(unitA, postA), { source: 'case', severity: '1', found_on: '2999-01-01', summary: '未来' });
  expect(future.status).toBe(400);
  expect(future.text).toContain('不能晚于今天');
  const after = await ctx.deps.db('findings').count({ n: '*' }).first();
  expect(after).toEqual(before);
});

test('a finding is edited and deleted through the forms', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const id = await createFindingRow(ctx.deps.db, postA.id, { summary: '原摘要' });
  const edit = await s.get(`${findingsUrl(unitA, postA)}/${id}/edit`);
  expect(edit.status).toBe(200);
  expect(edit.text).toContain('原摘要');
  expect((await s.post(`${findingsUrl(unitA, postA)}/${id}`, { source: 'research', severity: '1', found_on: '2026-01-05', summary: '新摘要' })).status).toBe(303);
  expect(await ctx.deps.db('findings').where({ id }).first()).toMatchObject({ source: 'research', summary: '新摘要', found_on: '2026-01-05' });
  expect((await s.post(`${findingsUrl(unitA, postA)}/${id}/delete`)).status).toBe(303);
  expect(await ctx.deps.db('findings').where({ id }).first()).toBeUndefined();
  expect(await ctx.deps.db('audit_events').where({ action: 'finding.delete', object_id: String(id) }).first()).toBeTruthy();
});

test('a reviewer scoped to unit A gets 404 for unit B\'s post, finding and measure, by any URL', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const findingB = await createFindingRow(ctx.deps.db, postB.id, { summary: 'B单位的发现' });
  const measureB = await createMeasureRow(ctx.deps.db, postB.id, { description: 'B单位的措施' });
  expect((await s.get(findingsUrl(unitB, postB))).status).toBe(404);
  expect((await s.get(`${findingsUrl(unitB, postB)}/${findingB}/edit`)).status).toBe(404);
  expect((await s.post(`${findingsUrl(unitB, postB)}/${findingB}/delete`)).status).toBe(404);
  expect((await s.post(findingsUrl(unitB, postB), { source: 'case', severity: '1', found_on: '2026-01-01', summary: 'x' })).status).toBe(404);
  // B's finding through A's post is not found either.
  expect((await s.get(`${findingsUrl(unitA, postA)}/${findingB}/edit`)).status).toBe(404);
  expect((await s.get(measuresUrl(unitB, postB))).status).toBe(404);
  expect((await s.get(`${measuresUrl(unitB, postB)}/new`)).status).toBe(404);
  expect((await s.get(`${measuresUrl(unitB, postB)}/${measureB}/edit`)).status).toBe(404);
  expect((await s.get(`${measuresUrl(unitA, postA)}/${measureB}/edit`)).status).toBe(404);
  expect((await s.post(`${measuresUrl(unitB, postB)}/${measureB}/delete`)).status).toBe(404);
  const register = await s.get(`/committee/measures?unit=${unitB.key}&post=${postB.id}`);
  expect(register.status).toBe(200);
  expect(register.text).not.toContain('B单位的措施');
  expect(await ctx.deps.db('findings').where({ id: findingB }).first()).toBeTruthy();
  expect(await ctx.deps.db('measures').where({ id: measureB }).first()).toBeTruthy();
});

test('a new measure defaults its next review to 180 days when the post has no risk level yet, and saves', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const today = dayOf(ctx.clock.now());
  const form = await s.get(`${measuresUrl(unitA, postA)}/new`);
  expect(form.status).toBe(200);
  expect(form.text).toContain(`value="${addCalendarDays(today, 180)}"`);
  expect(form.text).toMatch(/<fieldset id="f-dimensions"/);
  const res = await s.post(measuresUrl(unitA, postA), {
    dimensions: ['rules', 'supervision'], description: '细化审批自由裁量基准', owner: '法制科', due_on: '2026-12-31', status: 'in_progress', review_notes: '', next_review_on: addCalendarDays(today, 30),
  });
  expect(res.status).toBe(303);
  const row = await ctx.deps.db('measures').where({ post_id: postA.id, description: '细化审批自由裁量基准' }).first();
  expect(row).toMatchObject({ dimensions: 'rules,supervision', owner: '法制科', status: 'in_progress', next_review_on: addCalendarDays(today, 30) });
  expect(await ctx.deps.db('audit_events').where({ action: 'measure.create', object_id: String(row.id) }).first()).toBeTruthy();
  const filtered = await s.get(`/committee/measures?post=${postA.id}`);
  expect(filtered.text).toContain(`href="${measuresUrl(unitA, postA)}/new"`);
  expect(filtered.text).toContain(`href="${findingsUrl(unitA, postA)}"`);
  const list = await s.get(measuresUrl(unitA, postA));
  expect(list.text).toContain('细化审批自由裁量基准');
  expect(list.text).toContain('制度（敢腐）');
});

test('an invalid measure is refused with every input kept', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const res = await s.post(measuresUrl(unitA, postA), { description: '保留这段文字', owner: '', status: 'finished', due_on: '2026-13-01', next_review_on: '' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('请至少选择一个风险维度');
  expect(res.text).toContain('href="#f-owner"');
  expect(res.text).toContain('href="#f-next_review_on"');
  expect(res.text).toContain('保留这段文字');
  expect(await ctx.deps.db('measures').where({ description: '保留这段文字' }).first()).toBeUndefined();
});

test('an overdue review is flagged in text in the register, filterable, and listed for the dashboard', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const today = dayOf(ctx.clock.now());
  const late = await createMeasureRow(ctx.deps.db, postA.id, { description: '逾期复查的措施', nextReviewOn: addCalendarDays(today, -1) });
  await createMeasureRow(ctx.deps.db, postA.id, { description: '今天复查的措施', nextReviewOn: today });
  await createMeasureRow(ctx.deps.db, postA.id, { description: '已完成的旧措施', nextReviewOn: addCalendarDays(today, -10), status: 'done' });
  await createMeasureRow(ctx.deps.db, postB.id, { description: '别的单位逾期措施', nextReviewOn: addCalendarDays(today, -5) });
  const page = await s.get('/committee/measures?overdue=1');
  expect(page.status).toBe(200);
  expect(page.text).toContain('逾期复查的措施');
  expect(page.text).toContain('复查已逾期');
  expect(page.text).not.toContain('今天复查的措施');
  expect(page.text).not.toContain('已完成的旧措施');
  expect(page.text).not.toContain('别的单位逾期措施');
  const principal = await loadPrincipal(ctx.deps.db, user.id);
  const overdue = await overdueReviews(ctx.deps.db, principal!, today);
  expect(overdue.map((m) => m.id)).toEqual([late]);
  expect(overdue[0]).toMatchObject({ overdue: true, unitKey: unitA.key, postKey: postA.key });
});

test('editing a measure keeps it in its post and records the status change', async () => {
  await createPeriod(ctx.deps.db, { state: 'open' });
  const user = await createUser(ctx.deps.db, { unitIds: [unitA.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const id = await createMeasureRow(ctx.deps.db, postA.id, { description: '开展谈心谈话' });
  const edit = await s.get(`${measuresUrl(unitA, postA)}/${id}/edit`);
  expect(edit.status).toBe(200);
  const res = await s.post(`${measuresUrl(unitA, postA)}/${id}`, { dimensions: 'pressure', description: '开展谈心谈话', owner: '政治处', status: 'done', review_notes: '已完成两轮', next_review_on: '2027-01-10' });
  expect(res.status).toBe(303);
  expect(await ctx.deps.db('measures').where({ id }).first()).toMatchObject({ status: 'done', review_notes: '已完成两轮', dimensions: 'pressure' });
  const audit = await ctx.deps.db('audit_events').where({ action: 'measure.update', object_id: String(id) }).first();
  expect(JSON.parse(audit.details_json)).toMatchObject({ from: 'planned', status: 'done' });
});
