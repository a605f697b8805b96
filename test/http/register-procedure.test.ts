import { auditEvents } from '../helpers/admin-factories';
import { createReportRow } from '../helpers/assess-factories';
import { runCli } from '../helpers/cli';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { createRegisterUnit, createRiskPoint, type RegisterWorld } from '../helpers/register-factories';

// The assessment procedure of one unit (DESIGN.md §2): five steps in order, each with its state, actor and day and
// what is still missing; 组织评定 with the computed level as the proposal and a written reason for any other level;
// everything audited; `assess status --json` and the results show the same.
let ctx: TestContext;
let w: RegisterWorld;
let reviewer: SignedIn;
let admin: SignedIn;
const base = () => `/committee/register/${w.period.key}/${w.unit.key}`;
const status = async () => JSON.parse((await runCli(ctx.deps, ['assess', 'status', '--period', w.period.key, '--unit', w.unit.key, '--json'])).out);
const computed = async (post: string) => (JSON.parse((await runCli(ctx.deps, ['results', '--period', w.period.key, '--json'])).out).results as Array<Record<string, string>>).find((r) => r.post === post)!;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await createRegisterUnit(ctx.deps.db);
  reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [w.unit.id], email: 'reviewer-proc@example.org' }));
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

test('the page shows five steps; 个人查找 cannot be completed while a post has no risk point', async () => {
  const page = await reviewer.get(base());
  expect(page.status).toBe(200);
  for (const s of ['个人查找', '群众评议', '领导审核', '组织评定', '公示']) expect(page.text).toContain(s);
  expect(page.text).toContain('以下岗位还没有风险点：局长、副局长（分管财务）、纪委书记');
  expect((await reviewer.post(`${base()}/steps/self_check`)).status).toBe(409);
  const s = await status();
  expect(s.steps.map((x: { step: string; state: string }) => [x.step, x.state])).toEqual([
    ['self_check', 'current'], ['staff_review', 'waiting'], ['leadership_review', 'waiting'], ['decision', 'waiting'], ['publication', 'waiting'],
  ]);
  expect(s.steps[0].missing[0]).toMatchObject({ what: 'posts_without_points', blocking: true });
});

test('a later step cannot be completed before the current one', async () => {
  expect((await reviewer.post(`${base()}/steps/leadership_review`, { note: '同意' })).status).toBe(409);
});

test('each step records who completed it and on which day; the leadership review needs its written opinion', async () => {
  for (const post of [w.chief, w.deputy, w.discipline]) await createRiskPoint(ctx.deps.db, post.id, { key: 'p1' });
  expect((await reviewer.post(`${base()}/steps/self_check`)).status).toBe(303);
  expect((await reviewer.post(`${base()}/steps/staff_review`, { note: '问卷和线索已汇总' })).status).toBe(303);
  const missing = await reviewer.post(`${base()}/steps/leadership_review`, { note: '  ' });
  expect(missing.status).toBe(400);
  expect(missing.text).toContain('请填写领导审核意见');
  expect((await reviewer.post(`${base()}/steps/leadership_review`, { note: '班子审核同意，建议从严评定局长岗位' })).status).toBe(303);
  const s = await status();
  const today = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  expect(s.steps.slice(0, 3)).toEqual([
    expect.objectContaining({ step: 'self_check', state: 'done', actor: 'reviewer-proc@example.org', day: today }),
    expect.objectContaining({ step: 'staff_review', state: 'done', note: '问卷和线索已汇总' }),
    expect.objectContaining({ step: 'leadership_review', state: 'done', note: '班子审核同意，建议从严评定局长岗位' }),
  ]);
  expect(s.steps[3]).toMatchObject({ step: 'decision', state: 'current' });
  expect(await auditEvents(ctx.deps.db, 'procedure.complete')).toHaveLength(3);
  const page = await reviewer.get(base());
  expect(page.text).toContain(`${today} 由 reviewer-proc@example.org 完成`);
});

test('组织评定: the computed level is the proposal; a different level needs a reason; both levels are shown side by side', async () => {
  const chief = await computed('chief');
  const other = chief.level === 'high' ? 'medium' : 'high';
  const board = await reviewer.get(`${base()}/decisions`);
  expect(board.status).toBe(200);
  expect(board.text).toContain('测评等级（建议）');

  const form = await reviewer.get(`${base()}/decisions/chief`);
  expect(form.text).toMatch(new RegExp(`value="${chief.level}" checked`));
  const refused = await reviewer.post(`${base()}/decisions/chief`, { level: other, reason: '', 'point.p1': 'high' });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('评定等级与测评等级不同，请写明理由');
  expect(refused.text).toMatch(new RegExp(`value="${other}" checked`));
  expect(await ctx.deps.db('post_decisions').count({ n: '*' }).first()).toEqual({ n: 0 });

  expect((await reviewer.post(`${base()}/decisions/chief`, { level: other, reason: '班子审核意见：从严评定', 'point.p1': 'high' })).status).toBe(303);
  const event = (await auditEvents(ctx.deps.db, 'decision.post'))[0];
  expect(event.details).toMatchObject({ post: 'chief', computed: chief.level, to: other, override: true, reason: '班子审核意见：从严评定' });
  expect((await computed('chief')).decided_level).toBe(other);
  expect((await computed('deputy')).decided_level).toBeNull();

  const results = await reviewer.get(`/committee/results/${w.period.key}/${w.unit.key}`);
  expect(results.text).toContain('评定等级');
  expect(results.text).toContain('与测评等级不同');
  const post = await reviewer.get(`/committee/results/${w.period.key}/${w.unit.key}/chief`);
  expect(post.text).toContain('班子审核意见：从严评定');
});

test('组织评定 cannot be completed until every post and risk point has a level; then 公示 closes the procedure', async () => {
  expect((await reviewer.post(`${base()}/steps/decision`)).status).toBe(409);
  for (const post of ['deputy', 'discipline']) {
    const c = await computed(post);
    expect((await reviewer.post(`${base()}/decisions/${post}`, { level: c.level, 'point.p1': 'low' })).status).toBe(303);
  }
  expect((await reviewer.post(`${base()}/steps/decision`)).status).toBe(303);
  expect((await reviewer.post(`${base()}/steps/publication`)).status).toBe(303);
  expect((await status()).steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
  // Outside 组织评定 a post that is not due for re-assessment cannot be decided again.
  expect((await reviewer.post(`${base()}/decisions/deputy`, { level: 'high', reason: 'x', 'point.p1': 'low' })).status).toBe(409);
});

test('an administrator re-opens a step with a reason, which re-opens the later steps; a reviewer cannot', async () => {
  expect((await reviewer.post(`${base()}/steps/decision/reopen`, { reason: '需要复议' })).status).toBe(403);
  expect((await admin.post(`${base()}/steps/decision/reopen`, { reason: '' })).status).toBe(400);
  expect((await admin.post(`${base()}/steps/decision/reopen`, { reason: '局长岗位需复议' })).status).toBe(303);
  expect((await status()).steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'done', 'current', 'waiting']);
  expect((await auditEvents(ctx.deps.db, 'procedure.reopen'))[0].details).toMatchObject({ step: 'decision', undone: ['decision', 'publication'], reason: '局长岗位需复议' });
});

test('dynamic adjustment: a substantiated report, a severe finding, a new holder or a changed power profile flags the post until it is decided again', async () => {
  const report = await createReportRow(ctx.deps.db, { unitId: w.unit.id, postId: w.deputy.id, status: 'under_review' });
  expect((await admin.post(`/committee/reports/${report}/status`, { status: 'substantiated', reason: '经核查属实' })).status).toBe(303);
  expect((await computed('deputy')).flags).toContain('reassess');

  expect((await reviewer.post(`/committee/units/${w.unit.key}/posts/discipline/findings`, { source: 'patrol', severity: '3', found_on: '2026-05-01', summary: '严重问题' })).status).toBe(303);
  expect((await computed('discipline')).flags).toContain('reassess');

  const post = { key: 'chief', title: '局长', portfolio: '', chief: '1', holder_name: '新任局长', power_decision: '5', power_personnel: '5', power_finance: '4', power_procurement: '3', power_enforcement: '3' };
  expect((await admin.post(`/admin/units/${w.unit.key}/posts/chief`, post)).status).toBe(303);
  expect((await computed('chief')).flags).toContain('reassess');
  expect(await ctx.deps.db('reassessments').whereNull('resolved_at').pluck('trigger')).toEqual(expect.arrayContaining(['report', 'finding', 'holder']));

  const dash = await reviewer.get('/committee');
  expect(dash.text).toContain('需重新评定的岗位');
  expect(dash.text).toContain('线索查实');
  expect(dash.text).toContain('严重问题发现');

  // Confirming the level (the same as before) resolves the flag.
  const deputy = await computed('deputy');
  expect((await reviewer.post(`${base()}/decisions/deputy`, { level: deputy.decided_level, reason: deputy.decided_level === deputy.level ? '' : '维持', 'point.p1': 'low' })).status).toBe(303);
  expect((await computed('deputy')).flags).not.toContain('reassess');
  expect((await computed('discipline')).flags).toContain('reassess');
});

test('a changed power profile through org import flags the post too', async () => {
  const org = JSON.parse((await runCli(ctx.deps, ['org', 'export'])).out);
  const unit = org.units.find((u: { key: string }) => u.key === w.unit.key);
  unit.posts.find((p: { key: string }) => p.key === 'deputy').power.finance = 2;
  const fs = await import('node:fs');
  const file = `${ctx.dataDir}/org.json`;
  fs.writeFileSync(file, JSON.stringify(org));
  expect((await runCli(ctx.deps, ['org', 'import', file])).code).toBe(0);
  expect(await ctx.deps.db('reassessments').whereNull('resolved_at').where({ post_id: w.deputy.id }).pluck('trigger')).toEqual(['power']);
});

test('linking a committee account to a post gives the post a new holder: re-assessment is due', async () => {
  await ctx.deps.db('reassessments').where({ post_id: w.deputy.id }).update({ resolved_at: Date.now() });
  const email = `holder-${Date.now()}@example.org`;
  const res = await admin.post('/admin/users/new', { email, name: '副局长本人', role: 'reviewer', scope: 'units', units: w.unit.key, posts: String(w.deputy.id) });
  expect(res.status).toBe(200);
  expect(await ctx.deps.db('reassessments').whereNull('resolved_at').where({ post_id: w.deputy.id }).pluck('trigger')).toEqual(['holder']);
  // Saving the same account again with the same post is no new holder.
  await ctx.deps.db('reassessments').where({ post_id: w.deputy.id }).update({ resolved_at: Date.now() });
  const user = await ctx.deps.db('users').where({ email }).first('id');
  expect((await admin.post(`/admin/users/${user.id}`, { name: '副局长本人', role: 'reviewer', scope: 'units', units: w.unit.key, posts: String(w.deputy.id) })).status).toBe(303);
  expect(await ctx.deps.db('reassessments').whereNull('resolved_at').where({ post_id: w.deputy.id }).first()).toBeUndefined();
});

test('a member who holds a post of the unit is not told that their own post lacks survey data', async () => {
  const both = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [w.unit.id], heldPostIds: [w.chief.id] }));
  await ctx.deps.db('assessment_steps').where({ period_id: w.period.id }).whereNot({ step: 'self_check' }).delete();
  // A release of 5 responses that answered nothing about these posts: every post has too few.
  await ctx.deps.db('releases').insert({ period_id: w.period.id, unit_id: w.unit.id, response_count: 5, released_on: '2026-06-01' });
  const mine = await both.get(base());
  expect(mine.text).toContain('以下岗位测评数据不足');
  expect(mine.text).not.toMatch(/测评数据不足[^<]*局长、/);
  expect(mine.text).toMatch(/测评数据不足 5 份：副局长（分管财务）、纪委书记/);
  expect((await reviewer.get(base())).text).toMatch(/测评数据不足 5 份：局长、副局长（分管财务）、纪委书记/);
});

test('a substantiated report flags the post whose holder interfered, never the post that was approached', async () => {
  const report = await createReportRow(ctx.deps.db, { unitId: w.unit.id, postId: null, status: 'under_review' });
  await ctx.deps.db('reports').where({ id: report }).update({ target_post_id: w.deputy.id });
  const before = await ctx.deps.db('reassessments').where({ post_id: w.deputy.id, trigger: 'report' }).whereNull('resolved_at').count({ n: '*' }).first();
  expect((await admin.post(`/committee/reports/${report}/status`, { status: 'substantiated', reason: '属实' })).status).toBe(303);
  expect(await ctx.deps.db('reassessments').where({ post_id: w.deputy.id, trigger: 'report' }).whereNull('resolved_at').count({ n: '*' }).first()).toEqual(before);
});
