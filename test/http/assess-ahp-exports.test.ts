import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn } from '../helpers/factories';
import { createFindingRow, createMeasureRow, createPeriod, createReportRow } from '../helpers/assess-factories';
import { addCalendarDays, dayOf } from '../../server/domain/deadlines';
import { seal } from '../../server/services/report/encryption';
import { getPeriodParams } from '../../server/services/risk/period-params';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const consistent = { MC: '1', MS: '2', MF: '4', CS: '2', CF: '4', SF: '2' };
const inconsistent = { MC: '9', MS: '1/9', MF: '1', CS: '9', CF: '1', SF: '1' };

test('AHP on a consistent matrix shows weights and CR and saves them as the period\'s likelihood weights, keeping other params', async () => {
  const period = await createPeriod(ctx.deps.db, { paramsJson: JSON.stringify({ k: 7 }) });
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const page = await s.get(`/admin/periods/${period.key}/ahp`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<option value="1/9"');
  const res = await s.post(`/admin/periods/${period.key}/ahp`, consistent);
  expect(res.status).toBe(200);
  expect(res.text).toContain('权重已保存');
  expect(res.text).toContain('0.3636');
  expect(res.text).toContain('λ<sub>max</sub>');
  const params = await getPeriodParams(ctx.deps.db, period.id);
  expect(params.k).toBe(7);
  expect(params.likelihoodWeights.M).toBeCloseTo(4 / 11, 6);
  expect(params.likelihoodWeights.F).toBeCloseTo(1 / 11, 6);
  expect(await ctx.deps.db('audit_events').where({ action: 'params.ahp_weights', object_id: String(period.id) }).first()).toBeTruthy();
});

test('AHP on an inconsistent matrix is refused, shows CR, keeps the judgements and saves nothing', async () => {
  const period = await createPeriod(ctx.deps.db);
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const res = await s.post(`/admin/periods/${period.key}/ahp`, inconsistent);
  expect(res.status).toBe(400);
  expect(res.text).toMatch(/CR = \d+\.\d{4}/);
  expect(res.text).toContain('一致性不足');
  expect(res.text).not.toContain('{cr}');
  expect(res.text).toContain('<option value="1/9" selected');
  expect((await ctx.deps.db('periods').where({ id: period.id }).first()).params_json).toBeNull();
});

test('AHP weights cannot change on a closed period, and reviewers cannot open the page', async () => {
  const period = await createPeriod(ctx.deps.db, { state: 'closed' });
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  expect((await s.post(`/admin/periods/${period.key}/ahp`, consistent)).status).toBe(409);
  expect((await ctx.deps.db('periods').where({ id: period.id }).first()).params_json).toBeNull();
  const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { allUnits: true }));
  expect((await reviewer.get(`/admin/periods/${period.key}/ahp`)).status).toBe(403);
  expect((await s.post(`/admin/periods/${period.key}/ahp`, { ...consistent, MC: '10' })).status).toBe(400);
});

test('report statistics count by unit, status, matter and behaviour, never content, conflicted reports or other units', async () => {
  const period = await createPeriod(ctx.deps.db, { startsOn: '2025-01-01', endsOn: '2025-12-31' });
  const unitA = await createUnit(ctx.deps.db);
  const unitB = await createUnit(ctx.deps.db);
  const held = await createPost(ctx.deps.db, unitA.id);
  const other = await createPost(ctx.deps.db, unitA.id);
  const postB = await createPost(ctx.deps.db, unitB.id);
  const secret = '秘密内容-不得导出';
  const enc = seal(ctx.deps.secrets.encryption, secret);
  await createReportRow(ctx.deps.db, { unitId: unitA.id, postId: other.id, matter: 'procurement', behaviour: 'greeting', receivedOn: '2025-03-01', descriptionEnc: enc });
  await createReportRow(ctx.deps.db, { unitId: unitA.id, postId: other.id, matter: 'procurement', behaviour: 'greeting', receivedOn: '2025-04-01', descriptionEnc: enc });
  await createReportRow(ctx.deps.db, { unitId: unitA.id, postId: null, matter: 'personnel', behaviour: 'favour', status: 'substantiated', receivedOn: '2025-05-01' });
  await createReportRow(ctx.deps.db, { unitId: unitA.id, postId: held.id, matter: 'land', behaviour: 'benefit', receivedOn: '2025-06-01', descriptionEnc: enc });
  await createReportRow(ctx.deps.db, { unitId: unitB.id, postId: postB.id, matter: 'funds', behaviour: 'meddling', receivedOn: '2025-06-01' });
  await createReportRow(ctx.deps.db, { unitId: unitA.id, postId: other.id, matter: 'other', behaviour: 'other', receivedOn: '2024-12-31' });
  const reviewer = await createUser(ctx.deps.db, { unitIds: [unitA.id], heldPostIds: [held.id] });
  const s = await signIn(ctx.app, ctx.deps.db, reviewer);
  const res = await s.get(`/committee/exports/${period.key}/report-statistics.csv`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers['content-disposition']).toContain('attachment');
  const text = res.text;
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).trim().split('\r\n');
  expect(lines.slice(1).sort()).toEqual([
    `${unitA.key},${unitA.name},new,procurement,greeting,2`,
    `${unitA.key},${unitA.name},substantiated,personnel,favour,1`,
  ].sort());
  expect(text).not.toContain('land');
  expect(text).not.toContain(secret);
  expect(text).not.toContain(unitB.key);
  expect(await ctx.deps.db('audit_events').where({ action: 'export.report_statistics', actor_id: reviewer.id }).first()).toBeTruthy();
});

test('CSV exports are formula-injection safe, quoted and audited; results come per post of the unit', async () => {
  const period = await createPeriod(ctx.deps.db);
  const unit = await createUnit(ctx.deps.db, { name: '甲市局' });
  const post = await createPost(ctx.deps.db, unit.id, { title: '=HYPERLINK("http://evil")', power: { decision: 5, personnel: 5, finance: 5, procurement: 5, enforcement: 5 } });
  await createPost(ctx.deps.db, unit.id, { title: '纪委书记, 兼办公室', power: { decision: 1, personnel: 1, finance: 0, procurement: 0, enforcement: 1 } });
  await createFindingRow(ctx.deps.db, post.id, { severity: 3, foundOn: '2026-02-01' });
  await createMeasureRow(ctx.deps.db, post.id, { description: '+cmd|calc', nextReviewOn: '2000-01-01' });
  const user = await createUser(ctx.deps.db, { unitIds: [unit.id] });
  const s = await signIn(ctx.app, ctx.deps.db, user);
  const results = await s.get(`/committee/exports/${period.key}/${unit.key}/results.csv`);
  expect(results.status).toBe(200);
  const rows = results.text.slice(1).trim().split('\r\n');
  expect(rows).toHaveLength(3);
  expect(rows[0]).toContain('风险等级');
  expect(results.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  expect(results.text).toContain('"纪委书记, 兼办公室"');
  expect(rows[1]).toMatch(/,(high|medium|low),/);
  const measures = await s.get(`/committee/exports/measures.csv?unit=${unit.key}`);
  expect(measures.text).toContain("'+cmd|calc");
  expect(measures.text).toContain('overdue');
  const actions = await ctx.deps.db('audit_events').where({ actor_id: user.id }).pluck('action');
  expect(actions).toEqual(expect.arrayContaining(['export.results', 'export.measures']));
  const outsider = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { unitIds: [(await createUnit(ctx.deps.db)).id] }));
  expect((await outsider.get(`/committee/exports/${period.key}/${unit.key}/results.csv`)).status).toBe(404);
  expect((await outsider.get(`/committee/print/${period.key}/${unit.key}`)).status).toBe(404);
  const outsiderMeasures = await outsider.get(`/committee/exports/measures.csv`);
  expect(outsiderMeasures.text).not.toContain('calc');
});

test('the print-ready report shows results, the level distribution and measures of the unit', async () => {
  const period = await createPeriod(ctx.deps.db, { name: '2026年度' });
  const unit = await createUnit(ctx.deps.db, { name: '丙市局' });
  await createPost(ctx.deps.db, unit.id, { title: '局长', power: { decision: 5, personnel: 5, finance: 4, procurement: 3, enforcement: 3 } });
  const deputy = await createPost(ctx.deps.db, unit.id, { title: '副局长（分管财务装备）' });
  await createMeasureRow(ctx.deps.db, deputy.id, { description: '财务审批分级授权' });
  const s = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { unitIds: [unit.id] }));
  const res = await s.get(`/committee/print/${period.key}/${unit.key}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('丙市局廉政风险评估报告（2026年度）');
  expect(res.text).toContain('副局长（分管财务装备）');
  expect(res.text).toContain('风险等级分布');
  expect(res.text).toContain('<svg class="distribution"');
  expect(res.text).toContain('财务审批分级授权');
  expect(res.text).toContain('/static/css/assess.css');
  expect((await s.get('/committee/exports')).status).toBe(200);
});

test('the print-ready report\'s legend states the period\'s own level thresholds', async () => {
  const period = await createPeriod(ctx.deps.db, { paramsJson: JSON.stringify({ thresholds: { high: 70, medium: 45 } }) });
  const unit = await createUnit(ctx.deps.db);
  await createPost(ctx.deps.db, unit.id, { title: '局长' });
  const s = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { unitIds: [unit.id] }));
  const res = await s.get(`/committee/print/${period.key}/${unit.key}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('一级 R ≥ 70，二级 45 ≤ R &lt; 70，三级 R &lt; 45');
  expect(res.text).not.toContain('R ≥ 60');
});

test('a new measure\'s next review follows the post\'s current level: 90 days high, 180 medium, 360 low', async () => {
  await createPeriod(ctx.deps.db, { startsOn: '2030-01-01', endsOn: '2030-12-31', state: 'open' });
  const unit = await createUnit(ctx.deps.db);
  const max = { decision: 5, personnel: 5, finance: 5, procurement: 5, enforcement: 5 };
  const high = await createPost(ctx.deps.db, unit.id, { power: max });
  const medium = await createPost(ctx.deps.db, unit.id, { power: { decision: 3, personnel: 3, finance: 3, procurement: 3, enforcement: 3 } });
  const low = await createPost(ctx.deps.db, unit.id, { power: { decision: 0, personnel: 0, finance: 0, procurement: 0, enforcement: 0 } });
  for (let i = 0; i < 6; i++) await createReportRow(ctx.deps.db, { unitId: unit.id, postId: high.id, status: 'substantiated', receivedOn: '2030-02-01' });
  for (let i = 0; i < 3; i++) await createFindingRow(ctx.deps.db, high.id, { severity: 3, foundOn: '2030-03-01' });
  const s = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { unitIds: [unit.id] }));
  const today = dayOf(ctx.clock.now());
  for (const [post, days] of [[high, 90], [medium, 180], [low, 360]] as const) {
    const form = await s.get(`/committee/measures/${unit.key}/${post.key}/new`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`id="f-next_review_on" value="${addCalendarDays(today, days)}"`);
  }
});
