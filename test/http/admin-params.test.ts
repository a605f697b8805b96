import { DEFAULT_PARAMS } from '../../server/domain/risk-params';
import { getPeriodParams } from '../../server/services/risk/period-params';
import { auditEvents, createPeriodRow } from '../helpers/admin-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';

let ctx: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const good = {
  k: '7', m: '3', w_M: '0.4', w_C: '0.3', w_S: '0.2', w_F: '0.1',
  p_decision: '2', p_personnel: '1', p_finance: '1.5', p_procurement: '1', p_enforcement: '0', high: '65', medium: '35',
};

test('the page shows the defaults of a period that has none stored', async () => {
  const period = await createPeriodRow(ctx.deps.db);
  const res = await admin.get(`/admin/periods/${period.key}/params`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('name="_csrf"');
  expect(res.text).toMatch(/id="f-k" name="k" value="5"/);
  expect(res.text).toMatch(/id="f-w_S" name="w_S" value="0.25"/);
  expect(res.text).toMatch(/id="f-high" name="high" value="60"/);
});

test('an admin saves valid parameters; they are stored, shown again, and audited with old and new values', async () => {
  const period = await createPeriodRow(ctx.deps.db, { state: 'open' });
  let res = await admin.post(`/admin/periods/${period.key}/params`, good);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/admin/periods/${period.key}/params?saved=1`);
  res = await admin.get(res.headers.location);
  expect(res.text).toContain('已保存。');
  expect(res.text).toMatch(/id="f-p_finance" name="p_finance" value="1.5"/);
  const stored = await getPeriodParams(ctx.deps.db, period.id);
  expect(stored).toEqual({
    k: 7, m: 3, likelihoodWeights: { M: 0.4, C: 0.3, S: 0.2, F: 0.1 },
    powerWeights: { decision: 2, personnel: 1, finance: 1.5, procurement: 1, enforcement: 0 }, thresholds: { high: 65, medium: 35 },
  });
  const [event] = await auditEvents(ctx.deps.db, 'params.update');
  expect(event.details.old).toEqual(JSON.parse(JSON.stringify(DEFAULT_PARAMS)));
  expect(event.details.new).toEqual(stored);
});

describe('refused parameters (400, input kept, message next to the fields)', () => {
  let key: string;
  beforeAll(async () => {
    key = (await createPeriodRow(ctx.deps.db)).key;
  });

  test('likelihood weights that do not sum to 1', async () => {
    const res = await admin.post(`/admin/periods/${key}/params`, { ...good, w_F: '0.2' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-likelihood"');
    expect(res.text).toContain('四个可能性权重之和必须等于 1。');
    expect(res.text).toMatch(/id="f-w_F" name="w_F" value="0.2"/);
    expect(res.text).toMatch(/id="f-k" name="k" value="7"/);
  });

  test('k out of range', async () => {
    for (const k of ['2', '51', '4.5']) {
      const res = await admin.post(`/admin/periods/${key}/params`, { ...good, k }).set('Accept-Language', 'en');
      expect(res.status).toBe(400);
      expect(res.text).toContain('k must be a whole number from 3 to 50.');
      expect(res.text).toContain(`name="k" value="${k}"`);
    }
  });

  test('thresholds out of order', async () => {
    const res = await admin.post(`/admin/periods/${key}/params`, { ...good, high: '30', medium: '40' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-thresholds"');
    expect(res.text).toContain('阈值须满足 0 &lt; 二级 &lt; 一级 ≤ 100。');
  });

  test('power weights all zero, a negative m and a field that is not a number', async () => {
    const res = await admin.post(`/admin/periods/${key}/params`, {
      ...good, p_decision: '0', p_personnel: '0', p_finance: '0', p_procurement: '0', m: '-1',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('权力权重不能全部为 0。');
    expect(res.text).toContain('m 必须是不小于 0 的数。');
    const nan = await admin.post(`/admin/periods/${key}/params`, { ...good, w_M: 'abc', high: '' });
    expect(nan.status).toBe(400);
    expect(nan.text).toContain('id="e-w_M"');
    expect(nan.text).toContain('id="e-high"');
    expect(nan.text).toContain('value="abc"');
  });

  test('nothing refused was stored or audited', async () => {
    const period = await ctx.deps.db('periods').where({ key }).first('params_json');
    expect(period.params_json).toBeNull();
  });
});

test('a closed period refuses new parameters with a translated 409 and shows them read-only', async () => {
  const stored = JSON.stringify({ ...DEFAULT_PARAMS, k: 9 });
  const period = await createPeriodRow(ctx.deps.db, { state: 'closed', paramsJson: stored });
  const before = (await auditEvents(ctx.deps.db, 'params.update')).length;
  const res = await admin.post(`/admin/periods/${period.key}/params`, good).set('Accept-Language', 'en');
  expect(res.status).toBe(409);
  expect(res.text).toContain('This period is closed; its model parameters cannot be changed.');
  expect((await ctx.deps.db('periods').where({ id: period.id }).first('params_json')).params_json).toBe(stored);
  expect(await auditEvents(ctx.deps.db, 'params.update')).toHaveLength(before);
  const page = await admin.get(`/admin/periods/${period.key}/params`);
  expect(page.text).toMatch(/name="k" value="9"[^>]*readonly/);
  expect(page.text).not.toContain('<button type="submit">');
});
