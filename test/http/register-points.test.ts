import { auditEvents } from '../helpers/admin-factories';
import { createFindingRow, createMeasureRow, createReportRow } from '../helpers/assess-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { createRegisterUnit, createRiskPoint, levelPoint, type RegisterWorld } from '../helpers/register-factories';

// Risk points per post (DESIGN.md §2): the committee keeps them, the post's holder proposes their own in 个人查找 and
// never sees the committee's level before 公示; retired, not deleted; findings, measures and substantiated reports
// linked to them; everything audited.
let ctx: TestContext;
let w: RegisterWorld;
let reviewer: SignedIn;
let holder: SignedIn;
const base = () => `/committee/units/${w.unit.key}/posts/${w.chief.key}/risk-points`;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await createRegisterUnit(ctx.deps.db);
  reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [w.unit.id] }));
  // The chief's own account: linked to the post, scoped to no unit at all.
  holder = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [], heldPostIds: [w.chief.id] }));
});
afterAll(() => ctx.close());

const form = (over: Record<string, string | string[]> = {}) => ({
  power: 'personnel', duty: '干部选拔任用动议', description: '动议环节为特定人选打招呼', manifestation: '授意将特定人选列入考察名单', dimensions: ['opportunity', 'rules'], owner: '局长', supervisor: '纪委书记', ...over,
});

test('a reviewer in scope adds a risk point through the form; it gets a stable key and is audited', async () => {
  const res = await reviewer.post(base(), form());
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`${base()}/rp-1?saved=1`);
  const page = await reviewer.get(`${base()}/rp-1`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('人事权：干部选拔任用动议');
  expect(page.text).toContain('授意将特定人选列入考察名单');
  expect(await auditEvents(ctx.deps.db, 'risk_point.create')).toEqual([expect.objectContaining({ details: expect.objectContaining({ key: 'rp-1', source: 'committee' }) })]);
  const row = await ctx.deps.db('risk_points').where({ key: 'rp-1' }).first();
  expect(row).toMatchObject({ source: 'committee', dimensions: 'opportunity,rules' });
});

test('invalid input is refused with translated messages next to the fields, the other input kept', async () => {
  const zh = await reviewer.post(base(), form({ duty: '', power: 'bribery', key: 'Bad Key!' }));
  expect(zh.status).toBe(400);
  expect(zh.text).toContain('编号只能使用小写字母');
  expect(zh.text).toContain('授意将特定人选列入考察名单');
  const en = await reviewer.post(base(), form({ description: '' })).set('Accept-Language', 'en');
  expect(en.status).toBe(400);
  expect(en.text).toMatch(/required/i);
  expect(en.text).toContain('干部选拔任用动议');
  expect(await ctx.deps.db('risk_points').count({ n: '*' }).first()).toEqual({ n: 1 });
});

test('a form without the CSRF token changes nothing', async () => {
  const res = await reviewer.post(base(), { ...form(), _csrf: 'forged' });
  expect(res.status).toBe(403);
});

test('the holder proposes risk points for their own post during 个人查找, without any unit scope', async () => {
  const res = await holder.post(base(), form({ key: 'self-1', duty: '“三重一大”事项决策', power: 'decision' }));
  expect(res.status).toBe(303);
  expect(await ctx.deps.db('risk_points').where({ key: 'self-1' }).first()).toMatchObject({ source: 'holder' });
  const list = await holder.get(base());
  expect(list.status).toBe(200);
  expect(list.text).toContain('self-1');
  expect(list.text).toContain('个人查找进行中');
  // Other posts of the unit, and the committee's pages of the unit, stay closed to the holder.
  expect((await holder.get(`/committee/units/${w.unit.key}/posts/${w.deputy.key}/risk-points`)).status).toBe(404);
  expect((await holder.get(`/committee/units/${w.unit.key}/posts/${w.chief.key}/findings`)).status).toBe(404);
});

test('the holder never sees the level before 公示, nor the evidence; after publication the level shows', async () => {
  const point = await ctx.deps.db('risk_points').where({ key: 'rp-1' }).first('id');
  await levelPoint(ctx.deps.db, w.period.id, point.id, 'high');
  await createFindingRow(ctx.deps.db, w.chief.id, { summary: '干部任用程序不规范ZZQ' });
  const seen = await reviewer.get(`${base()}/rp-1`);
  expect(seen.text).toContain('一级');
  expect(seen.text).toContain('干部任用程序不规范ZZQ');

  const hidden = await holder.get(`${base()}/rp-1`);
  expect(hidden.status).toBe(200);
  expect(hidden.text).not.toContain('一级');
  expect(hidden.text).not.toContain('干部任用程序不规范ZZQ');
  expect(hidden.text).toContain('公示后才会向本人显示');
  expect((await holder.get(base())).text).not.toContain('一级');

  for (const step of ['self_check', 'staff_review', 'leadership_review', 'decision', 'publication']) {
    await ctx.deps.db('assessment_steps').insert({ period_id: w.period.id, unit_id: w.unit.id, step, done_by_label: 'test', done_on: '2026-06-01' });
  }
  const published = await holder.get(`${base()}/rp-1`);
  expect(published.text).toContain('一级');
  expect(published.text).not.toContain('干部任用程序不规范ZZQ');
  await ctx.deps.db('assessment_steps').where({ period_id: w.period.id }).whereNot({ step: 'self_check' }).delete();
});

test('once 个人查找 is done the holder can no longer add or change risk points', async () => {
  const add = await holder.post(base(), form({ key: 'late' }));
  expect(add.status).toBe(403);
  const edit = await holder.post(`${base()}/self-1`, form({ duty: '改了' }));
  expect(edit.status).toBe(403);
  expect((await holder.get(base())).text).toContain('个人查找已结束');
  await ctx.deps.db('assessment_steps').where({ period_id: w.period.id }).delete();
});

test('a risk point is retired, not deleted, and can be brought back; only by the committee', async () => {
  expect((await holder.post(`${base()}/self-1/retire`)).status).toBe(403);
  expect((await reviewer.post(`${base()}/self-1/retire`)).status).toBe(303);
  expect(await ctx.deps.db('risk_points').where({ key: 'self-1' }).first()).toMatchObject({ retired_at: expect.anything() });
  expect((await reviewer.get(base())).text).toContain('已停用');
  expect((await reviewer.post(`${base()}/self-1/restore`)).status).toBe(303);
  expect(await ctx.deps.db('risk_points').where({ key: 'self-1' }).first()).toMatchObject({ retired_at: null });
  expect((await auditEvents(ctx.deps.db, 'risk_point.retire')).length).toBe(1);
  expect((await auditEvents(ctx.deps.db, 'risk_point.restore')).length).toBe(1);
});

test('findings, measures and substantiated reports are linked to a risk point and listed on its page', async () => {
  const finding = await createFindingRow(ctx.deps.db, w.chief.id, { severity: 3, summary: '违规插手干部考察ZZL' });
  const measure = await createMeasureRow(ctx.deps.db, w.chief.id, { description: '动议环节全程纪实ZZM' });
  const report = await createReportRow(ctx.deps.db, { unitId: w.unit.id, postId: w.chief.id, status: 'substantiated' });
  const open = await createReportRow(ctx.deps.db, { unitId: w.unit.id, postId: w.chief.id, status: 'under_review' });
  const point = `${base()}/rp-1`;
  for (const [kind, id] of [['finding', finding], ['measure', measure], ['report', report]] as const) {
    expect((await reviewer.post(`${point}/links`, { kind, id: String(id) })).status).toBe(303);
  }
  // A report still under review cannot be linked; a finding of another post neither.
  expect((await reviewer.post(`${point}/links`, { kind: 'report', id: String(open) })).status).toBe(404);
  const other = await createFindingRow(ctx.deps.db, w.deputy.id);
  expect((await reviewer.post(`${point}/links`, { kind: 'finding', id: String(other) })).status).toBe(404);

  const page = await reviewer.get(point);
  expect(page.text).toContain('违规插手干部考察ZZL');
  expect(page.text).toContain('动议环节全程纪实ZZM');
  expect(page.text).toContain(`/committee/reports/${report}`);
  expect(page.text).not.toContain(`/committee/reports/${open}"`);
  expect(await auditEvents(ctx.deps.db, 'risk_point.link')).toHaveLength(3);

  // A linked finding can still be deleted (its link goes with it).
  const del = await reviewer.post(`/committee/units/${w.unit.key}/posts/${w.chief.key}/findings/${finding}/delete`);
  expect(del.status).toBe(303);
  expect(await ctx.deps.db('risk_point_findings').where({ finding_id: finding }).first()).toBeUndefined();
  expect((await reviewer.post(`${point}/links/delete`, { kind: 'measure', id: String(measure) })).status).toBe(303);
  expect(await ctx.deps.db('measures').where({ id: measure }).first()).toMatchObject({ risk_point_id: null });
});

test('a reviewer of another unit gets 404 on every risk point page of this unit', async () => {
  const stranger = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [] }));
  await createRiskPoint(ctx.deps.db, w.deputy.id, { key: 'dep-1' });
  for (const url of [base(), `${base()}/rp-1`, `${base()}/new`, `${base()}/rp-1/edit`]) expect((await stranger.get(url)).status).toBe(404);
  expect((await stranger.post(base(), form())).status).toBe(404);
});
