import request from 'supertest';
import { ensureDefaults } from '../../server/services/ops/startup';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { createCodes, createPeriod } from '../helpers/survey-factories';

let ctx: TestContext;
let admin: SignedIn;
let unit: { id: number; key: string; name: string };
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  unit = await createUnit(ctx.deps.db, { name: '西城区局' });
  await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
});
afterAll(() => ctx.close());

const cli = (argv: string[]) => runCli(ctx.deps, argv);
const versions = async () => (await ctx.deps.db('questionnaires').orderBy('version').select('version', 'frozen')).map((r) => r.version);

test('the first start creates questionnaire version 1 once, and questionnaire show prints it in the stable format', async () => {
  await ensureDefaults(ctx.deps);
  expect(await versions()).toEqual([1]);
  const res = await cli(['questionnaire', 'show', '--json']);
  expect(res.code).toBe(0);
  const { items } = JSON.parse(res.out);
  expect(items.length).toBeGreaterThanOrEqual(12);
  expect(Object.keys(items[0]).sort()).toEqual(['dimension', 'key', 'polarity', 'scope', 'text']);
  expect(Object.keys(items[0].text).sort()).toEqual(['en', 'zh-CN']);
});

test('an admin adds, edits, reorders and retires questions while the version is not used by a period', async () => {
  const add = await admin.post('/admin/questionnaire/items', { dimension: 'rules', polarity: '-', scope: 'post', text_zh: '该岗位的自由裁量基准公开。', text_en: 'The discretion standards of this post are public.' });
  expect(add.status).toBe(303);
  expect(await versions()).toEqual([1]);
  const added = await ctx.deps.db('questionnaire_items').where({ text_en: 'The discretion standards of this post are public.' }).first('id', 'key');
  expect(added.key).toBe('rules-4');
  expect((await admin.post(`/admin/questionnaire/items/${added.id}/move`, { direction: 'up' })).status).toBe(303);
  expect((await admin.post(`/admin/questionnaire/items/${added.id}`, { dimension: 'rules', polarity: '+', scope: 'post', text_zh: '改后', text_en: 'Edited' })).status).toBe(303);
  expect((await admin.post(`/admin/questionnaire/items/${added.id}/retire`, { retired: '1' })).status).toBe(303);
  const { items } = JSON.parse((await cli(['questionnaire', 'show', '--json'])).out);
  expect(items.map((i: { key: string }) => i.key)).not.toContain('rules-4');
  const page = await admin.get('/admin/questionnaire');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Edited');
  expect(page.text).toContain('已停用');
  const bad = await admin.post('/admin/questionnaire/items', { dimension: 'luck', polarity: '?', text_zh: '', text_en: 'kept text' });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('kept text');
  expect(bad.text).toContain('请选择一个维度');
  expect((await admin.get('/admin/questionnaire/preview')).text).toMatch(/<table class="survey-grid">/);
});

test('a questionnaire pinned by an opened period is frozen: editing creates a new version and the period keeps its own', async () => {
  const period = await createPeriod(ctx.deps.db, { key: 'frozen-period' });
  const pinned = await ctx.deps.db('periods').where({ id: period.id }).first('questionnaire_id');
  const item = await ctx.deps.db('questionnaire_items').where({ questionnaire_id: pinned.questionnaire_id, key: 'cost-2' }).first('id');
  const res = await admin.post(`/admin/questionnaire/items/${item.id}`, { dimension: 'cost', polarity: '+', scope: 'unit', text_zh: '新版题目', text_en: 'New wording' });
  expect(res.status).toBe(303);
  expect(await versions()).toEqual([1, 2]);
  const old = JSON.parse((await cli(['questionnaire', 'show', '--period', 'frozen-period', '--json'])).out);
  const current = JSON.parse((await cli(['questionnaire', 'show', '--json'])).out);
  expect(old.items.find((i: { key: string }) => i.key === 'cost-2').text.en).not.toBe('New wording');
  expect(current.items.find((i: { key: string }) => i.key === 'cost-2').text.en).toBe('New wording');
  expect(current.items).toHaveLength(old.items.length);
  await admin.post(`/admin/questionnaire/items/${item.id}/retire`, { retired: '1' });
  expect(await versions()).toEqual([1, 2]);
});

test('a period\'s survey page keeps its pinned wording after an edit, while a period opened later shows the new one', async () => {
  const first = await createPeriod(ctx.deps.db, { key: 'pinned-before-edit' });
  const [code] = await createCodes(ctx.deps, first.id, unit.id, 1);
  const page = async (c: string) => (await request(ctx.app).post('/survey/start').type('form').send({ code: c })).text;
  const before = await page(code); // read (and remembered) before the edit
  const pinned = await ctx.deps.db('periods').where({ id: first.id }).first('questionnaire_id');
  const item = await ctx.deps.db('questionnaire_items').where({ questionnaire_id: pinned.questionnaire_id, key: 'rules-1' }).first('id', 'text_zh');
  expect(before).toContain(item.text_zh);
  expect((await admin.post(`/admin/questionnaire/items/${item.id}`, { dimension: 'rules', polarity: '-', scope: 'post', text_zh: '编辑后的制度题', text_en: 'Edited rules item' })).status).toBe(303);
  const after = await page(code);
  expect(after).toContain(item.text_zh);
  expect(after).not.toContain('编辑后的制度题');
  const later = await createPeriod(ctx.deps.db, { key: 'opened-after-edit' });
  const [laterCode] = await createCodes(ctx.deps, later.id, unit.id, 1);
  expect(await page(laterCode)).toContain('编辑后的制度题');
});

test('codes from the CLI are printed once, stored only as hashes, and work on the survey', async () => {
  const period = await createPeriod(ctx.deps.db, { key: 'cli-period' });
  const res = await cli(['codes', 'generate', '--period', 'cli-period', '--unit', unit.key, '--count', '3', '--json']);
  expect(res.code).toBe(0);
  const out = JSON.parse(res.out);
  expect(out.ok).toBe(true);
  expect(out.codes).toHaveLength(3);
  expect(out.codes[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  const stored = await ctx.deps.db('access_codes').where({ batch_id: out.batch }).select('code_hash');
  expect(stored).toHaveLength(3);
  expect(JSON.stringify(stored)).not.toContain(out.codes[0].replace(/-/g, ''));
  expect((await request(ctx.app).post('/survey/start').type('form').send({ code: out.codes[0] })).status).toBe(200);
  expect((await cli(['codes', 'generate', '--period', 'nope', '--unit', unit.key, '--count', '3', '--json'])).code).toBe(1);
  expect((await cli(['codes', 'generate', '--period', 'cli-period', '--unit', unit.key, '--count', '0', '--json'])).code).toBe(1);
  void period;
});

test('the admin page shows a batch once as printable slips, offers its CSV, lists batches by size only, and revokes', async () => {
  await createPeriod(ctx.deps.db, { key: 'page-period', name: '2027年度' });
  const res = await admin.post('/admin/survey/codes', { period: 'page-period', unit: unit.key, count: '4' });
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toContain('no-store');
  const codes = [...res.text.matchAll(/<span class="slip-code">([^<]+)<\/span>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(4);
  expect(res.text).toContain('西城区局');
  expect(res.text).toContain('http://127.0.0.1/survey');
  const batch = /\/admin\/survey\/batches\/([0-9a-f]+)\/csv/.exec(res.text)![1];
  const csv = await admin.post(`/admin/survey/batches/${batch}/csv`, { codes: [...codes, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ'].join(' ') });
  expect(csv.headers['content-type']).toContain('text/csv');
  for (const c of codes) expect(csv.text).toContain(c);
  expect(csv.text).not.toContain('ZZZZ-ZZZZ');
  await request(ctx.app).post('/survey/submit').type('form').send({ code: codes[0] });
  const list = await admin.get('/admin/survey/codes?period=page-period');
  expect(list.text).toContain('<td class="num">4</td>');
  expect(list.text).not.toMatch(/已使用|used:/i);
  expect((await admin.post(`/admin/survey/batches/${batch}/revoke`)).status).toBe(303);
  const refused = await request(ctx.app).post('/survey/start').type('form').send({ code: codes[1] });
  expect(refused.text).toContain('已被作废');
  const bad = await admin.post('/admin/survey/codes', { period: 'page-period', unit: unit.key, count: '99999' });
  expect(bad.status).toBe(400);
  const audit = await ctx.deps.db('audit_events').where({ action: 'survey.codes.generate' }).select('details_json');
  for (const a of audit) for (const c of codes) expect(a.details_json).not.toContain(c);
});

// E-mail invitations (sent from memory over SMTP): test/http/survey-invitations.test.ts.

test('reviewers cannot reach the admin survey pages', async () => {
  const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { allUnits: true }));
  expect((await reviewer.get('/admin/questionnaire')).status).toBe(403);
  expect((await reviewer.post('/admin/survey/codes', { period: 'page-period', unit: unit.key, count: '2' })).status).toBe(403);
});
