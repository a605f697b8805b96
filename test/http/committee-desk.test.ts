import { addCalendarDays, dayOf } from '../../server/domain/deadlines';
import { createTestContext, type TestContext } from '../helpers/context';
import { loadDemo } from '../../server/services/ops/demo';
import { createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';
import { fileAndGetReceipt, reportIdOf, reportOrg } from '../helpers/report-factories';

// The committee's desk: what the dashboard says about reports, and the defaults of its forms.
let ctx: TestContext;
let admin: SignedIn;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const stat = (html: string, href: string) => Number(new RegExp(`<a href="${href.replace(/[?]/g, '\\?')}"><strong>(\\d+)</strong>`).exec(html)?.[1]);

test('the dashboard shows the report workload (new, due soon, overdue), each linked to the inbox with the same reports', async () => {
  const today = dayOf(ctx.clock.now());
  const file = async (dueOn: string | null, status = 'new') => {
    const id = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }));
    if (status === 'new') await ctx.deps.db('reports').where({ id }).update({ acknowledge_due_on: dueOn });
    else await ctx.deps.db('reports').where({ id }).update({ status, outcome_due_on: dueOn });
  };
  await file(addCalendarDays(today, 20)); // new, not due soon
  await file(addCalendarDays(today, 2)); // new, due soon
  await file(addCalendarDays(today, -1)); // new, overdue
  await file(addCalendarDays(today, 4), 'substantiated'); // outcome due soon
  await file(addCalendarDays(today, -3), 'unfounded'); // outcome overdue
  await file(null, 'under_review'); // no deadline running

  const page = await admin.get('/committee');
  expect(stat(page.text, '/committee/reports?status=new')).toBe(3);
  expect(stat(page.text, '/committee/reports?due=soon')).toBe(2);
  expect(stat(page.text, '/committee/reports?overdue=1')).toBe(2);
  expect(page.text).toContain('5 天内到期');

  const soon = await admin.get('/committee/reports?due=soon');
  expect(soon.text).toContain('id="report-count">共 2 条');
  expect(soon.text).toMatch(/id="f-due" name="due" value="soon" checked/);
});

test('the codes and invitation forms preselect the only open period (and the only unit)', async () => {
  const only = await createTestContext({ SMTP_URL: 'smtp://127.0.0.1:9' }); // the invitation form needs SMTP configured
  try {
    const s = await signIn(only.app, only.deps.db, await createUser(only.deps.db, { role: 'admin' }));
    const unit = await createUnit(only.deps.db, { name: '唯一局' });
    await createPeriod(only.deps.db, { key: 'draft-next', state: 'draft' });
    await createPeriod(only.deps.db, { key: 'open-now', name: '本年度' });
    for (const url of ['/admin/survey/codes', '/admin/survey/invitations']) {
      const page = await s.get(url);
      expect({ url, period: /<option value="open-now" selected>/.test(page.text), unit: new RegExp(`<option value="${unit.key}" selected>`).test(page.text) }).toEqual({ url, period: true, unit: true });
    }
  } finally {
    await only.close();
  }
});

test('the comparison opens on the latest period against the one before, for the first unit, already compared', async () => {
  const cmp = await createTestContext();
  try {
    const s = await signIn(cmp.app, cmp.deps.db, await createUser(cmp.deps.db, { role: 'admin' }));
    await loadDemo(cmp.deps);
    const page = await s.get('/committee/results/compare');
    expect(page.text).toMatch(/<select id="f-a" name="a">\s*<option value="2026">[^<]*<\/option><option value="2025" selected>/);
    expect(page.text).toMatch(/<option value="2026" selected>[^<]*<\/option><option value="2025">[^<]*<\/option>\s*<\/select>\s*<p><button/);
    expect(page.text).toContain('<table class="risk-table">');
  } finally {
    await cmp.close();
  }
});

test('each printed code slip carries a QR code of the survey address (the address only, never the code)', async () => {
  const unit = await createUnit(ctx.deps.db, { name: '纸条局' });
  await createPeriod(ctx.deps.db, { key: 'slip-period' });
  const res = await admin.post('/admin/survey/codes', { period: 'slip-period', unit: unit.key, count: '3' });
  const QRCode = await import('qrcode');
  const ofAddress = await QRCode.toString(`${ctx.deps.config.baseUrl}/survey`, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  expect(res.text.split(ofAddress)).toHaveLength(4); // once per slip
  const codes = [...res.text.matchAll(/<span class="slip-code">([^<]+)<\/span>/g)].map((m) => m[1]);
  for (const code of codes) expect(res.text).not.toContain(await QRCode.toString(code, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }));
});
