import { auditEvents, createPeriodRow } from '../helpers/admin-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';

let ctx: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin', email: 'admin@example.org' }));
});
afterAll(() => ctx.close());

const periodRow = (key: string) => ctx.deps.db('periods').where({ key }).first();

test('an admin creates a period, opens it (pinning the questionnaire), closes it after confirming, and re-opens it with a reason', async () => {
  let res = await admin.get('/admin/periods/new');
  expect(res.status).toBe(200);
  expect(res.text).toContain('name="_csrf"');
  res = await admin.post('/admin/periods', { key: '2026', name: '2026年度', starts_on: '2026-01-01', ends_on: '2026-12-31' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/periods/2026?created=1');
  res = await admin.get(res.headers.location);
  expect(res.text).toContain('已创建。');
  expect(res.text).toContain('草稿');
  expect((await admin.get('/admin/periods')).text).toContain('2026年度');

  res = await admin.post('/admin/periods/2026/open');
  expect(res.headers.location).toBe('/admin/periods/2026?opened=1');
  let period = await periodRow('2026');
  expect(period.state).toBe('open');
  expect(Number(period.opened_at)).toBeGreaterThan(0);
  expect(period.questionnaire_id).not.toBeNull();
  const questionnaire = await ctx.deps.db('questionnaires').where({ id: period.questionnaire_id }).first();
  expect(Boolean(questionnaire.frozen)).toBe(true);

  res = await admin.get('/admin/periods/2026/close');
  expect(res.status).toBe(200);
  expect(res.text).toContain('name="confirm"');
  res = await admin.post('/admin/periods/2026/close', {});
  expect(res.status).toBe(400);
  expect(res.text).toContain('请勾选确认后再关闭。');
  expect((await periodRow('2026')).state).toBe('open');

  res = await admin.post('/admin/periods/2026/close', { confirm: 'yes' });
  expect(res.headers.location).toBe('/admin/periods/2026?closed=1');
  period = await periodRow('2026');
  expect(period.state).toBe('closed');
  expect(Number(period.closed_at)).toBeGreaterThan(0);

  res = await admin.post('/admin/periods/2026/reopen', { reason: '  ' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('请说明重新开启的原因。');
  expect((await periodRow('2026')).state).toBe('closed');
  res = await admin.post('/admin/periods/2026/reopen', { reason: '补录一个单位的问卷' });
  expect(res.headers.location).toBe('/admin/periods/2026?reopened=1');
  expect((await periodRow('2026')).state).toBe('open');

  expect((await auditEvents(ctx.deps.db, 'period.create'))[0]).toMatchObject({ actor_label: 'admin@example.org', details: { key: '2026', startsOn: '2026-01-01', endsOn: '2026-12-31' } });
  expect(await auditEvents(ctx.deps.db, 'period.open')).toHaveLength(1);
  expect(await auditEvents(ctx.deps.db, 'period.close')).toHaveLength(1);
  expect((await auditEvents(ctx.deps.db, 'period.reopen'))[0].details).toMatchObject({ key: '2026', reason: '补录一个单位的问卷' });
});

test('several periods may be open at the same time', async () => {
  await createPeriodRow(ctx.deps.db, { key: 'h1', state: 'open' });
  await createPeriodRow(ctx.deps.db, { key: 'h2' });
  const res = await admin.post('/admin/periods/h2/open');
  expect(res.status).toBe(303);
  expect((await periodRow('h2')).state).toBe('open');
});

test('a transition the state does not allow is refused with a translated 409 and changes nothing', async () => {
  await createPeriodRow(ctx.deps.db, { key: 'draft-only' });
  let res = await admin.post('/admin/periods/draft-only/close', { confirm: 'yes' }).set('Accept-Language', 'en');
  expect(res.status).toBe(409);
  expect(res.text).toContain('Only an open period can be closed');
  res = await admin.post('/admin/periods/draft-only/reopen', { reason: 'why not' });
  expect(res.status).toBe(409);
  await createPeriodRow(ctx.deps.db, { key: 'already-open', state: 'open' });
  res = await admin.post('/admin/periods/already-open/open');
  expect(res.status).toBe(409);
  expect((await periodRow('draft-only')).state).toBe('draft');
  expect(await auditEvents(ctx.deps.db, 'period.close')).toHaveLength(1);
});

describe('period form validation', () => {
  test('an end date before the start date is refused next to the end date, input kept', async () => {
    const res = await admin.post('/admin/periods', { key: 'backwards', name: '倒序', starts_on: '2026-06-01', ends_on: '2026-05-31' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-ends_on"');
    expect(res.text).toContain('结束日期不能早于开始日期。');
    expect(res.text).toContain('value="backwards"');
    expect(res.text).toContain('value="倒序"');
    expect(res.text).toContain('value="2026-06-01"');
    expect(res.text).toContain('value="2026-05-31"');
    expect(await periodRow('backwards')).toBeUndefined();
  });

  test('impossible dates, a malformed key and a missing name are each named', async () => {
    const res = await admin.post('/admin/periods', { key: '-x', name: '', starts_on: '2026-02-30', ends_on: 'soon' }).set('Accept-Language', 'en');
    expect(res.status).toBe(400);
    for (const field of ['key', 'name', 'starts_on', 'ends_on']) expect(res.text).toContain(`id="e-${field}"`);
    expect(res.text).toContain('Enter a real date');
    expect(res.text).toContain('value="2026-02-30"');
  });

  test('a start and end on the same day are accepted', async () => {
    const res = await admin.post('/admin/periods', { key: 'one-day', name: '一天', starts_on: '2026-03-01', ends_on: '2026-03-01' });
    expect(res.status).toBe(303);
  });

  test('a period key in use is refused next to the key', async () => {
    await createPeriodRow(ctx.deps.db, { key: 'dup-period' });
    const res = await admin.post('/admin/periods', { key: 'dup-period', name: '重复', starts_on: '2026-01-01', ends_on: '2026-12-31' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('该标识已被其他评估周期使用。');
  });

  test('an unknown period is a 404', async () => {
    expect((await admin.get('/admin/periods/nope')).status).toBe(404);
    expect((await admin.post('/admin/periods/nope/open')).status).toBe(404);
  });
});
