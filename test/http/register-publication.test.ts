import ExcelJS from 'exceljs';
import { auditEvents } from '../helpers/admin-factories';
import { createFindingRow, createReportRow } from '../helpers/assess-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { createRegisterUnit, createRiskPoint, decide, levelPoint, linkMeasure, type RegisterWorld } from '../helpers/register-factories';

// 公示 and the register's downloads on the web: the published register shows posts, risk points, levels and measures
// — never a survey figure, a computed score, a reason, a report or a finding; holders see it only once published.
let ctx: TestContext;
let w: RegisterWorld;
let reviewer: SignedIn;
let holder: SignedIn;
const base = () => `/committee/register/${w.period.key}/${w.unit.key}`;

beforeAll(async () => {
  ctx = await createTestContext();
  w = await createRegisterUnit(ctx.deps.db);
  const db = ctx.deps.db;
  reviewer = await signIn(ctx.app, db, await createUser(db, { role: 'reviewer', unitIds: [w.unit.id] }));
  holder = await signIn(ctx.app, db, await createUser(db, { role: 'reviewer', unitIds: [w.unit.id], heldPostIds: [w.chief.id] }));
  const rp = await createRiskPoint(db, w.chief.id, { key: 'cadre', description: '动议环节打招呼ZZP' });
  await createRiskPoint(db, w.deputy.id, { key: 'buy', power: 'procurement', duty: '采购审批', description: '指定供应商ZZD' });
  await linkMeasure(db, w.chief.id, rp.id, { description: '动议全程纪实ZZM', dueOn: '2026-09-30' });
  await levelPoint(db, w.period.id, rp.id, 'high');
  await decide(db, w.period.id, w.chief.id, 'medium', 'high', '理由不公开ZZR');
  await createFindingRow(db, w.chief.id, { summary: '发现不公开ZZF', severity: 3 });
  await createReportRow(db, { unitId: w.unit.id, postId: w.chief.id, status: 'substantiated' });
});
afterAll(() => ctx.close());

test('before 公示: a preview for the committee, nothing for a member who holds a post of the unit', async () => {
  const page = await reviewer.get(`${base()}/publication`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('预览');
  expect(page.text).toContain('动议环节打招呼ZZP');
  expect(page.text).toContain('动议全程纪实ZZM');
  expect((await holder.get(`${base()}/publication`)).status).toBe(404);
});

test('the published register never shows a survey figure, a score, a reason, a report or a finding', async () => {
  for (const step of ['self_check', 'staff_review', 'leadership_review', 'decision', 'publication']) {
    await ctx.deps.db('assessment_steps').insert({ period_id: w.period.id, unit_id: w.unit.id, step, done_by_label: 'x', done_on: '2026-07-01' });
  }
  for (const viewer of [reviewer, holder]) {
    const page = await viewer.get(`${base()}/publication`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('公示日期：2026-07-01');
    expect(page.text).toContain('局长');
    expect(page.text).toContain('一级');
    for (const hidden of ['理由不公开ZZR', '发现不公开ZZF', '/committee/reports/', '测评等级', 'R =', 'E =']) expect(page.text).not.toContain(hidden);
  }
  // The chief is listed first and marked.
  const page = await reviewer.get(`${base()}/publication`);
  expect(page.text.indexOf('局长')).toBeLessThan(page.text.indexOf('副局长'));
  expect(page.text).toContain('主官');
});

test('the register downloads as xlsx, CSV and JSON; a member holding a post gets the others only; audited', async () => {
  const xlsx = await reviewer.get(`${base()}/register.xlsx`).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.body as never);
  expect(wb.worksheets[0].getCell('A1').value).toBe('序号');

  const json = await reviewer.get(`${base()}/register.json`);
  expect(JSON.parse(json.text).register.map((e: { post: string }) => e.post)).toEqual(['chief', 'deputy', 'discipline']);
  const held = await holder.get(`${base()}/register.json`);
  expect(JSON.parse(held.text).register.map((e: { post: string }) => e.post)).toEqual(['deputy', 'discipline']);
  expect(held.text).not.toContain('理由不公开ZZR');
  const csv = await reviewer.get(`${base()}/register.csv`).set('Accept-Language', 'en');
  expect(csv.text).toContain('No.,Post,Duty or power');
  expect(await auditEvents(ctx.deps.db, 'export.register')).toHaveLength(4);
});

test('the team view: the posts side by side, the chief first and marked, the share of level 1; the viewer\'s own post left out', async () => {
  const page = await reviewer.get(`${base()}/team`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('登记市局领导班子');
  expect(page.text.indexOf('局长')).toBeLessThan(page.text.indexOf('副局长（分管财务）'));
  expect(page.text).toMatch(/class="team-chief"[\s\S]*?主官/);
  expect(page.text).toContain('一级（高风险）岗位 1 个，占班子岗位的 33%');
  const own = await holder.get(`${base()}/team`);
  expect(own.text).not.toContain('team-chief');
  expect(own.text).toContain('本人岗位不显示');
});
