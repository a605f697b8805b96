import { countReports } from '../../server/services/report/report-inbox';
import { findOverdueReports } from '../../server/services/report/report-deadlines';
import { loadPrincipal } from '../../server/services/auth/sessions';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, reportIdOf, reportOrg } from '../helpers/report-factories';
import { markedJpeg } from '../helpers/attachment-fixtures';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
let aboutChief: number;
let aboutNobody: number;
let otherUnitReport: number;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
  aboutChief = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key, post: org.chief.key, description: '关于局长的反映内容：为亲属项目打招呼要求关照。' }));
  aboutNobody = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key, real_name: '实名甲', description: '实名反映：有人请托在干部选拔中关照某人。' }, [['proof.jpg', await markedJpeg(), 'image/jpeg']]));
  otherUnitReport = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.otherUnit.key, post: org.otherPost.key, description: '乙市局的反映内容：执法过程中有人干预过问。' }));
});
afterAll(() => ctx.close());

test('a reviewer sees only reports of their units: list, count and page (404 otherwise)', async () => {
  const reviewer = await createUser(ctx.deps.db, { unitIds: [org.unit.id] });
  const s = await signIn(ctx.app, ctx.deps.db, reviewer);
  const inbox = await s.get('/committee/reports');
  expect(inbox.status).toBe(200);
  expect(inbox.text).toContain(`/committee/reports/${aboutChief}"`);
  expect(inbox.text).not.toContain(`/committee/reports/${otherUnitReport}"`);
  expect(inbox.text).toContain('共 2 条');
  expect((await s.get(`/committee/reports/${otherUnitReport}`)).status).toBe(404);
  expect((await s.post(`/committee/reports/${otherUnitReport}/messages`, { message: 'x' })).status).toBe(404);
  // real-name reports come first
  expect(inbox.text.indexOf(`/committee/reports/${aboutNobody}"`)).toBeLessThan(inbox.text.indexOf(`/committee/reports/${aboutChief}"`));
});

test('the holder of a post never sees reports about it: not in list, count, page or download', async () => {
  const holder = await createUser(ctx.deps.db, { role: 'admin', heldPostIds: [org.chief.id] });
  const s = await signIn(ctx.app, ctx.deps.db, holder);
  const inbox = await s.get('/committee/reports');
  expect(inbox.text).not.toContain(`/committee/reports/${aboutChief}"`);
  expect(inbox.text).toContain(`/committee/reports/${aboutNobody}"`);
  expect(inbox.text).toContain('共 2 条');
  expect((await s.get(`/committee/reports/${aboutChief}`)).status).toBe(404);
  expect((await s.post(`/committee/reports/${aboutChief}/status`, { status: 'acknowledged', reason: 'r' })).status).toBe(404);
  const principal = await loadPrincipal(ctx.deps.db, holder.id);
  expect(await countReports(ctx.deps.db, principal!, {}, '2100-01-01')).toBe(2);
  const filtered = await s.get(`/committee/reports?unit=${org.unit.key}`);
  expect(filtered.text).toContain('共 1 条');
});

test('the report page shows the decrypted content, and viewing it is audited without content', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const page = await s.get(`/committee/reports/${aboutNobody}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('实名反映：有人请托在干部选拔中关照某人。');
  expect(page.text).toContain('实名甲');
  const events = await ctx.deps.db('audit_events').where({ action: 'report.view', object_id: String(aboutNobody) });
  expect(events.length).toBeGreaterThan(0);
  expect(JSON.stringify(events)).not.toContain('实名');
});

test('attachments download as attachments with the right type and nosniff, and the download is audited', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const att = await ctx.deps.db('report_attachments').where({ report_id: aboutNobody }).first();
  const res = await s.get(`/committee/reports/${aboutNobody}/attachments/${att.id}`).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('image/jpeg');
  expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('附件-1.jpg')}`); // the name proof.jpg was not kept
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(res.body).toString('latin1')).not.toContain('GPS');
  expect(await ctx.deps.db('audit_events').where({ action: 'report.attachment.download', object_id: String(aboutNobody) }).first()).toBeTruthy();
  expect((await s.get(`/committee/reports/${aboutChief}/attachments/${att.id}`)).status).toBe(404);
});

test('status follows the workflow; a closed report remembers its outcome and dates', async () => {
  const reviewer = await createUser(ctx.deps.db, { unitIds: [org.unit.id] });
  const s = await signIn(ctx.app, ctx.deps.db, reviewer);
  const id = aboutNobody;
  expect((await s.post(`/committee/reports/${id}/status`, { status: 'substantiated', reason: '跳步' })).status).toBe(409);
  const noReason = await s.post(`/committee/reports/${id}/status`, { status: 'acknowledged', reason: '' });
  expect(noReason.status).toBe(400);
  expect(noReason.text).toContain('href="#f-reason"');
  for (const status of ['acknowledged', 'under_review', 'partly_substantiated']) {
    expect((await s.post(`/committee/reports/${id}/status`, { status, reason: `理由 ${status}` })).status).toBe(303);
  }
  let row = await ctx.deps.db('reports').where({ id }).first();
  expect(row.acknowledged_on).toBe(row.received_on);
  expect(row.outcome_due_on).not.toBeNull();
  expect((await s.post(`/committee/reports/${id}/status`, { status: 'closed', reason: '已告知反映人' })).status).toBe(303);
  row = await ctx.deps.db('reports').where({ id }).first();
  expect(row.status).toBe('closed');
  expect(row.closed_with).toBe('partly_substantiated');
  expect(row.closed_on).not.toBeNull();
  expect((await s.post(`/committee/reports/${id}/status`, { status: 'under_review', reason: '重开' })).status).toBe(409);
  const audit = await ctx.deps.db('audit_events').where({ action: 'report.status', object_id: String(id) }).orderBy('id');
  expect(audit.map((e) => JSON.parse(e.details_json).to)).toEqual(['acknowledged', 'under_review', 'partly_substantiated', 'closed']);
  expect(JSON.stringify(audit)).not.toContain('理由');
});

test('a report can be assigned only to someone who may see it, and recusal hides it from the recused user', async () => {
  const lead = await createUser(ctx.deps.db, { unitIds: [org.unit.id], name: '组长' });
  const helper = await createUser(ctx.deps.db, { unitIds: [org.unit.id], name: '核查员' });
  const outsider = await createUser(ctx.deps.db, { unitIds: [org.otherUnit.id], name: '外单位' });
  const holder = await createUser(ctx.deps.db, { unitIds: [org.unit.id], heldPostIds: [org.chief.id], name: '局长本人' });
  const s = await signIn(ctx.app, ctx.deps.db, lead);
  const page = await s.get(`/committee/reports/${aboutChief}`);
  expect(page.text).toContain('核查员');
  expect(page.text).not.toContain('外单位');
  expect(page.text).not.toContain('局长本人');
  expect((await s.post(`/committee/reports/${aboutChief}/assign`, { assignee: String(outsider.id) })).status).toBe(400);
  expect((await s.post(`/committee/reports/${aboutChief}/assign`, { assignee: String(holder.id) })).status).toBe(400);
  expect((await s.post(`/committee/reports/${aboutChief}/assign`, { assignee: String(helper.id) })).status).toBe(303);
  expect((await ctx.deps.db('reports').where({ id: aboutChief }).first()).assigned_to).toBe(helper.id);

  const h = await signIn(ctx.app, ctx.deps.db, helper);
  expect((await h.post(`/committee/reports/${aboutChief}/recuse`)).status).toBe(303);
  expect((await h.get(`/committee/reports/${aboutChief}`)).status).toBe(404);
  expect((await h.get('/committee/reports')).text).not.toContain(`/committee/reports/${aboutChief}"`);
  expect((await ctx.deps.db('reports').where({ id: aboutChief }).first()).assigned_to).toBeNull();
  expect(await ctx.deps.db('audit_events').where({ action: 'report.recuse', actor_id: helper.id }).first()).toBeTruthy();
});

test('reports not acknowledged in time are flagged overdue and found for reminders', async () => {
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  await ctx.deps.db('reports').where({ id: otherUnitReport }).update({ acknowledge_due_on: '2000-01-03' });
  const inbox = await s.get('/committee/reports?overdue=1');
  expect(inbox.text).toContain(`/committee/reports/${otherUnitReport}"`);
  expect(inbox.text).toContain('已逾期');
  expect(inbox.text).not.toContain(`/committee/reports/${aboutChief}"`);
  const overdue = await findOverdueReports(ctx.deps.db, '2000-02-01');
  expect(overdue).toEqual([{ reportId: otherUnitReport, unitId: org.otherUnit.id, postId: org.otherPost.id, kind: 'acknowledge', dueOn: '2000-01-03' }]);
});

test('committee report pages need a login', async () => {
  const anonymous = await (await import('supertest')).default(ctx.app).get('/committee/reports');
  expect(anonymous.status).toBe(303);
});
