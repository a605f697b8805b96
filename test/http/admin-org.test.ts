import request from 'supertest';
import { routeTable } from '../../server/http/routes';
import { auditEvents, createPeriodRow } from '../helpers/admin-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';

let ctx: TestContext;
let admin: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin', email: 'admin@example.org' }));
});
afterAll(() => ctx.close());

const power = { power_decision: '5', power_personnel: '4', power_finance: '3', power_procurement: '2', power_enforcement: '1' };

describe('access', () => {
  test('a reviewer gets 403 on every /admin page, GET and POST', async () => {
    const unit = await createUnit(ctx.deps.db);
    const post = await createPost(ctx.deps.db, unit.id);
    const period = await createPeriodRow(ctx.deps.db);
    const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', allUnits: true }));
    const adminRoutes = routeTable(ctx.deps).filter((r) => r.path.startsWith('/admin'));
    expect(adminRoutes.length).toBeGreaterThan(20);
    for (const route of adminRoutes) {
      const url = route.path.replace(':unit', unit.key).replace(':post', post.key).replace(':period', period.key);
      const res = route.method === 'get' ? await reviewer.get(url) : await reviewer.post(url, { name: 'x', reason: 'x', confirm: 'yes' });
      expect(`${route.method} ${url} ${res.status}`).toBe(`${route.method} ${url} 403`);
    }
    expect(await ctx.deps.db('periods').where({ key: period.key }).first('state')).toEqual({ state: 'draft' });
  });

  test('a visitor without a session is sent to the login page', async () => {
    const res = await request(ctx.app).get('/admin/units');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Funits');
  });

  test('a form posted without its CSRF token is refused', async () => {
    const res = await request(ctx.app).post('/admin/units').set('Cookie', admin.cookie).type('form').send({ key: 'no-csrf', name: 'x' });
    expect(res.status).toBe(403);
    expect(await ctx.deps.db('units').where({ key: 'no-csrf' }).first()).toBeUndefined();
  });
});

test('the admin landing page links to units and periods', async () => {
  const res = await admin.get('/admin');
  expect(res.status).toBe(200);
  expect(res.text).toContain('href="/admin/units"');
  expect(res.text).toContain('href="/admin/periods"');
  expect(res.text).not.toMatch(/\sstyle=|\son[a-z]+=|<script(?![^>]*\bsrc=)/i);
});

test('an admin sets up a unit with posts entirely through the pages, and every step is audited', async () => {
  let res = await admin.post('/admin/units', { key: 'city-a', name: '甲市局' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/units/city-a?created=1');
  res = await admin.get(res.headers.location);
  expect(res.text).toContain('已创建。');
  expect(res.text).toContain('甲市局');

  res = await admin.get('/admin/units/city-a/posts/new');
  expect(res.status).toBe(200);
  expect(res.text).toContain('<legend>决策权</legend>');
  expect(res.text).toContain('<legend>执法与行政审批（自由裁量）</legend>');
  expect(res.text).toContain('name="_csrf"');

  res = await admin.post('/admin/units/city-a/posts', { key: 'chief', title: '局长', portfolio: '全面工作', chief: '1', holder_name: '张三', ...power });
  expect(res.status).toBe(303);
  res = await admin.post('/admin/units/city-a/posts', { key: 'dep-fin', title: '副局长', portfolio: '财务装备', ...power, power_decision: '2' });
  expect(res.status).toBe(303);

  res = await admin.get('/admin/units/city-a');
  expect(res.text).toContain('局长');
  expect(res.text).toContain('副局长');

  res = await admin.post('/admin/units/city-a/posts/dep-fin', { title: '副局长（分管财务装备）', portfolio: '财务装备', ...power, power_finance: '5' });
  expect(res.headers.location).toBe('/admin/units/city-a/posts/dep-fin?saved=1');
  expect((await admin.get(res.headers.location)).text).toContain('已保存。');
  res = await admin.post('/admin/units/city-a/posts/dep-fin/archive');
  expect(res.status).toBe(303);
  res = await admin.post('/admin/units/city-a', { name: '甲市公安局' });
  expect(res.headers.location).toBe('/admin/units/city-a?saved=1');

  const unit = await ctx.deps.db('units').where({ key: 'city-a' }).first();
  expect(unit.name).toBe('甲市公安局');
  const posts = await ctx.deps.db('posts').where({ unit_id: unit.id }).orderBy('sort_order');
  expect(posts.map((p) => [p.key, p.sort_order, p.archived_at !== null])).toEqual([['chief', 0, false], ['dep-fin', 1, true]]);
  expect(posts[0]).toMatchObject({ title: '局长', holder_name: '张三', power_decision: 5, power_enforcement: 1 });
  expect(Boolean(posts[0].chief)).toBe(true);
  expect(posts[1]).toMatchObject({ title: '副局长（分管财务装备）', power_finance: 5, power_decision: 5 });

  expect(await auditEvents(ctx.deps.db, 'unit.create')).toEqual([expect.objectContaining({ actor_label: 'admin@example.org', details: { key: 'city-a', name: '甲市局' } })]);
  expect(await auditEvents(ctx.deps.db, 'post.create')).toHaveLength(2);
  const [update] = await auditEvents(ctx.deps.db, 'post.update');
  expect(update.details.changes).toEqual({ title: { from: '副局长', to: '副局长（分管财务装备）' }, 'power.decision': { from: 2, to: 5 }, 'power.finance': { from: 3, to: 5 } });
  expect(await auditEvents(ctx.deps.db, 'post.archive')).toHaveLength(1);
  expect((await auditEvents(ctx.deps.db, 'unit.rename'))[0].details).toEqual({ key: 'city-a', from: '甲市局', to: '甲市公安局' });
});

test('a unit can be archived and restored, and the list says which is which', async () => {
  await createUnit(ctx.deps.db, { key: 'old-unit', name: '旧单位' });
  let res = await admin.post('/admin/units/old-unit/archive');
  expect(res.headers.location).toBe('/admin/units/old-unit?archived=1');
  expect((await admin.get('/admin/units').set('Accept-Language', 'en')).text).toMatch(/旧单位<\/a><\/th>[\s\S]*?Archived/);
  expect(await auditEvents(ctx.deps.db, 'unit.archive')).toHaveLength(1);
  res = await admin.post('/admin/units/old-unit/unarchive');
  expect(res.headers.location).toBe('/admin/units/old-unit?unarchived=1');
  expect((await ctx.deps.db('units').where({ key: 'old-unit' }).first()).archived_at).toBeNull();
  expect(await auditEvents(ctx.deps.db, 'unit.unarchive')).toHaveLength(1);
});

describe('validation', () => {
  test('the unit form explains a malformed key and a missing name, and keeps the input', async () => {
    const res = await admin.post('/admin/units', { key: 'Bad Key!', name: '' }).set('Accept-Language', 'en');
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-key"');
    expect(res.text).toContain('Use 1–64 lower-case letters');
    expect(res.text).toContain('This field is required');
    expect(res.text).toContain('value="Bad Key!"');
    expect(await ctx.deps.db('units').where({ key: 'Bad Key!' }).first()).toBeUndefined();
  });

  test('a unit key already in use is refused next to the key field', async () => {
    await createUnit(ctx.deps.db, { key: 'taken' });
    const res = await admin.post('/admin/units', { key: 'taken', name: '另一个单位' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('该标识已被其他单位使用。');
    expect(res.text).toContain('value="另一个单位"');
  });

  test('renaming a unit to an empty name is refused with the message next to the field', async () => {
    await createUnit(ctx.deps.db, { key: 'rename-me', name: '原名' });
    const res = await admin.post('/admin/units/rename-me', { name: '   ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="e-name"');
    expect((await ctx.deps.db('units').where({ key: 'rename-me' }).first()).name).toBe('原名');
  });

  test('the post form names each power level left out, and keeps everything typed and chosen', async () => {
    await createUnit(ctx.deps.db, { key: 'val-unit' });
    const res = await admin.post('/admin/units/val-unit/posts', {
      key: 'dep', title: 'x'.repeat(201), portfolio: '人事', chief: '1', holder_name: '李四', power_decision: '4', power_personnel: '9',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('href="#f-title"');
    expect(res.text).toContain('href="#f-power_personnel"');
    expect(res.text).toContain('href="#f-power_finance"');
    expect(res.text).not.toContain('href="#f-power_decision"');
    expect(res.text).toContain('内容过长。');
    expect(res.text).toContain('请为该项权力选择 0–5 级。');
    expect(res.text).toContain('value="dep"');
    expect(res.text).toContain('value="人事"');
    expect(res.text).toContain('value="李四"');
    expect(res.text).toMatch(/id="f-chief" name="chief" value="1" checked/);
    expect(res.text).toMatch(/id="f-power_decision-4" name="power_decision" value="4" checked/);
    expect(await ctx.deps.db('posts').where({ key: 'dep' }).first()).toBeUndefined();
  });

  test('a post key already used in the unit is refused; the same key in another unit is fine', async () => {
    const a = await createUnit(ctx.deps.db, { key: 'dup-a' });
    await createUnit(ctx.deps.db, { key: 'dup-b' });
    await createPost(ctx.deps.db, a.id, { key: 'chief' });
    let res = await admin.post('/admin/units/dup-a/posts', { key: 'chief', title: '局长', ...power });
    expect(res.status).toBe(400);
    expect(res.text).toContain('本单位已有岗位使用该标识。');
    res = await admin.post('/admin/units/dup-b/posts', { key: 'chief', title: '局长', ...power });
    expect(res.status).toBe(303);
  });

  test('editing a post keeps its key even if the form sends another, and refuses a missing title', async () => {
    const unit = await createUnit(ctx.deps.db, { key: 'edit-unit' });
    await createPost(ctx.deps.db, unit.id, { key: 'stable', title: '政委' });
    let res = await admin.post('/admin/units/edit-unit/posts/stable', { key: 'changed', title: '', ...power });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="e-title"');
    res = await admin.post('/admin/units/edit-unit/posts/stable', { key: 'changed', title: '政治委员', ...power });
    expect(res.status).toBe(303);
    expect(await ctx.deps.db('posts').where({ unit_id: unit.id }).select('key', 'title')).toEqual([{ key: 'stable', title: '政治委员' }]);
  });

  test('an unknown unit or post is a 404', async () => {
    expect((await admin.get('/admin/units/no-such-unit')).status).toBe(404);
    await createUnit(ctx.deps.db, { key: 'has-no-posts' });
    expect((await admin.get('/admin/units/has-no-posts/posts/ghost')).status).toBe(404);
    expect((await admin.post('/admin/units/no-such-unit/posts', { key: 'a', title: 'b', ...power })).status).toBe(404);
  });
});
