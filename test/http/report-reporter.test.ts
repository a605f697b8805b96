import request from 'supertest';
import { createApp } from '../../server/app';
import { addWorkingDays, dayOf } from '../../server/domain/deadlines';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { fileAndGetReceipt, fileViaForm, receiptFrom, reportIdOf, reportOrg } from '../helpers/report-factories';

// What a reporter sees about time and about their own report: the deadlines of the deployment's profile on the
// receipt and status pages, a status that follows the committee's first action, and a report sent again by going
// Back held until they say to file it again.
let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const reports = async () => Number((await ctx.deps.db('reports').count({ n: '*' }).first())?.n);
const lookUp = (receipt: string, lang = 'zh-CN') => request(ctx.app).post('/report/follow-up').type('form').send({ receipt }).set('Accept-Language', lang);

describe('deadlines', () => {
  test('the receipt page says by which day the report will be acknowledged and how soon the outcome is told (default profile)', async () => {
    const res = await fileViaForm(ctx.app, { unit: org.unit.key });
    const due = addWorkingDays(dayOf(ctx.clock.now()), 15);
    expect(res.text).toContain(`纪委将在 ${due} 前受理您的反映（收到后 15 个工作日内）`);
    expect(res.text).toContain('纪委将在 15 个工作日内告知您结果');
    const en = await fileViaForm(ctx.app, { unit: org.unit.key }).set('Accept-Language', 'en');
    expect(en.text).toContain(`The committee will acknowledge your report by ${due} (within 15 working days of receiving it).`);
  });

  test('the EU profile says 7 days and 3 months', async () => {
    const eu = await createTestContext({ DEADLINE_PROFILE: 'eu' });
    try {
      const euOrg = await reportOrg(eu.deps.db);
      const res = await fileViaForm(eu.app, { unit: euOrg.unit.key }).set('Accept-Language', 'en');
      expect(res.text).toContain('(within 7 days of receiving it)');
      expect(res.text).toContain('will tell you within 3 months');
    } finally {
      await eu.close();
    }
  });

  test('the status page follows the case: acknowledged by the committee\'s first message, then the outcome\'s own date', async () => {
    const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
    const id = await reportIdOf(ctx.deps, receipt);
    const fresh = await lookUp(receipt);
    expect(fresh.text).toContain('尚待纪委受理');
    expect(fresh.text).toMatch(/纪委将在 \d{4}-\d{2}-\d{2} 前受理您的反映/);

    // A message to the reporter is the committee taking the report up: the page must not say "not taken up yet".
    expect((await admin.post(`/committee/reports/${id}/messages`, { message: '已收到，正在了解情况。' })).status).toBe(303);
    const row = await ctx.deps.db('reports').where({ id }).first('status', 'acknowledged_on');
    expect(row).toEqual({ status: 'acknowledged', acknowledged_on: dayOf(ctx.clock.now()) });
    const taken = await lookUp(receipt, 'en');
    expect(taken.text).toContain('The committee has taken up your report');
    expect(taken.text).not.toContain('has not taken it up yet');
    expect(taken.text).toContain(`The committee acknowledged your report on ${dayOf(ctx.clock.now())}.`);
    expect(taken.text).toContain('已收到，正在了解情况。');
    // Row ids are random (nothing orders a report's rows by when they were written): compare the set.
    const history = await ctx.deps.db('report_status_changes').where({ report_id: id }).pluck('to_status');
    expect(history.sort()).toEqual(['acknowledged', 'new']);

    for (const status of ['under_review', 'substantiated']) expect((await admin.post(`/committee/reports/${id}/status`, { status, reason: '核查' })).status).toBe(303);
    const outcome = await ctx.deps.db('reports').where({ id }).first('outcome_due_on');
    expect((await lookUp(receipt, 'en')).text).toContain(`The committee will tell you the outcome by ${outcome.outcome_due_on}.`);
  });

  test('an internal note or an assignment takes a new report up too; a recusal does not', async () => {
    const noted = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
    const notedId = await reportIdOf(ctx.deps, noted);
    await admin.post(`/committee/reports/${notedId}/notes`, { note: '先核实单位' });
    expect((await ctx.deps.db('reports').where({ id: notedId }).first('status')).status).toBe('acknowledged');
    expect((await lookUp(noted)).text).not.toContain('先核实单位');

    const assignedId = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }));
    const reviewer = await createUser(ctx.deps.db, { role: 'reviewer', allUnits: true });
    await admin.post(`/committee/reports/${assignedId}/assign`, { assignee: String(reviewer.id) });
    expect((await ctx.deps.db('reports').where({ id: assignedId }).first('status')).status).toBe('acknowledged');

    const recusedId = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }));
    await admin.post(`/committee/reports/${recusedId}/recuse`, {});
    expect((await ctx.deps.db('reports').where({ id: recusedId }).first('status')).status).toBe('new');
  });
});

describe('the same report sent again', () => {
  const content = { description: '某局长打招呼要求照顾一家公司参加投标，这段文字只提交一次。', real_name: '', contact: '' };

  test('within 30 minutes, from a fresh form, is held with a prompt; "file it again anyway" files it', async () => {
    const before = await reports();
    const first = await fileViaForm(ctx.app, { unit: org.unit.key, ...content });
    expect(first.status).toBe(200);
    ctx.clock.advance(10 * 60_000);
    const again = await fileViaForm(ctx.app, { unit: org.unit.key, ...content, description: `  ${content.description}\n` }).set('Accept-Language', 'en');
    expect(again.status).toBe(409);
    expect(again.text).toContain('You sent this report a moment ago');
    expect(again.text).toContain('name="file_again" value="1"');
    expect(again.text).toContain(content.description);
    expect(again.text).not.toMatch(/id="receipt"/);
    expect(await reports()).toBe(before + 1);

    const anyway = await fileViaForm(ctx.app, { unit: org.unit.key, ...content }).field('file_again', '1');
    expect(anyway.status).toBe(200);
    expect(receiptFrom(anyway.text)).not.toBe(receiptFrom(first.text));
    expect(await reports()).toBe(before + 2);
  });

  // Another instance does not know it: the check lives in this process's memory, not in the shared database.
  test('other content, or the same after 30 minutes, or on another instance, is filed without asking', async () => {
    const text = { ...content, description: '另一件事：有人请托在人事调整中给予关照，描述足够长。' };
    await fileViaForm(ctx.app, { unit: org.unit.key, ...text });
    const changed = await fileViaForm(ctx.app, { unit: org.unit.key, ...text, matter: 'personnel' });
    expect(changed.status).toBe(200);
    const otherInstance = await fileViaForm(createApp(ctx.deps), { unit: org.unit.key, ...text });
    expect(otherInstance.status).toBe(200);
    ctx.clock.advance(31 * 60_000);
    expect((await fileViaForm(ctx.app, { unit: org.unit.key, ...text })).status).toBe(200);
  });
});
