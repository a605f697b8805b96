import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';

let ctx: TestContext;
let admin: SignedIn;
let adminId: number;
let unit: { id: number; key: string; name: string };
let post: { id: number; key: string; title: string };
beforeAll(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx.deps.db, { role: 'admin' });
  adminId = user.id;
  admin = await signIn(ctx.app, ctx.deps.db, user);
  unit = await createUnit(ctx.deps.db, { key: 'north', name: '北区局' });
  post = await createPost(ctx.deps.db, unit.id, { title: '副局长（分管财务）' });
});
afterAll(() => ctx.close());

const cli = (argv: string[], stdin = '') => runCli(ctx.deps, argv, stdin);

const valid = () => ({ email: `new-${Math.random().toString(36).slice(2)}@example.org`, name: '张三', role: 'reviewer', scope: 'units', units: unit.key, posts: String(post.id) });
const login = (email: string, password: string) => request(ctx.app).post('/login').type('form').send({ email, password });

test('an admin creates a reviewer scoped to a unit; the password is shown once and works', async () => {
  const form = valid();
  const res = await admin.post('/admin/users/new', form);
  expect(res.status).toBe(200);
  const password = /class="generated-password">([^<]+)</.exec(res.text)![1];
  expect(password.length).toBeGreaterThanOrEqual(12);
  expect((await login(form.email, password)).status).toBe(303);
  const row = await ctx.deps.db('users').where({ email: form.email }).first();
  expect(await ctx.deps.db('user_units').where({ user_id: row.id }).pluck('unit_id')).toEqual([unit.id]);
  expect(await ctx.deps.db('user_posts').where({ user_id: row.id }).pluck('post_id')).toEqual([post.id]);
  expect(await ctx.deps.db('audit_events').where({ action: 'user.create', object_id: String(row.id) }).count({ n: '*' }).first()).toEqual({ n: 1 });
  const list = await admin.get('/admin/users');
  expect(list.text).toContain(form.email);
  expect(list.text).toContain('北区局');
});

test.each([
  ['email', { email: '' }, '请填写电子邮箱'],
  ['email', { email: 'not-an-address' }, '电子邮箱格式不正确'],
  ['name', { name: '   ' }, '请填写姓名'],
  ['name', { name: '名'.repeat(201) }, '姓名过长'],
  ['role', { role: 'superuser' }, '请选择角色'],
  ['scope', { scope: 'galaxy' }, '请选择单位范围'],
  ['units', { units: '' }, '请至少选择一个单位'],
  ['units', { units: 'no-such-unit' }, '所选单位不存在'],
  ['posts', { posts: '999999' }, '所选岗位不存在'],
])('the new-account form refuses a bad %s with a message next to it and keeps the input', async (field, change, message) => {
  const form = { ...valid(), ...change };
  const before = await ctx.deps.db('users').count({ n: '*' }).first();
  const res = await admin.post('/admin/users/new', form);
  expect(res.status).toBe(400);
  expect(res.text).toContain(message);
  expect(res.text).toContain(`href="#f-${field}"`);
  expect(res.text).toContain(`id="f-${field}"`);
  if (form.name.trim()) expect(res.text).toContain(`value="${form.name}"`);
  expect(await ctx.deps.db('users').count({ n: '*' }).first()).toEqual(before);
});

test('the new-account form refuses an e-mail that already has an account', async () => {
  const existing = await createUser(ctx.deps.db);
  const res = await admin.post('/admin/users/new', { ...valid(), email: existing.email.toUpperCase() });
  expect(res.status).toBe(400);
  expect(res.text).toContain('这个电子邮箱已有账号');
});

test('the edit form refuses bad input with messages and keeps it', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unit.id] });
  const res = await admin.post(`/admin/users/${user.id}`, { name: '', role: 'reviewer', scope: 'units', units: '' });
  expect(res.status).toBe(400);
  expect(res.text).toContain('请填写姓名');
  expect(res.text).toContain('请至少选择一个单位');
  expect(res.text).toContain(user.email);
});

test('an admin cannot remove their own admin role or disable themselves', async () => {
  const demote = await admin.post(`/admin/users/${adminId}`, { name: '管理员', role: 'reviewer', scope: 'all' });
  expect(demote.status).toBe(400);
  expect(demote.text).toContain('不能取消自己的管理员角色');
  const disable = await admin.post(`/admin/users/${adminId}/disable`);
  expect(disable.status).toBe(400);
  expect(disable.text).toContain('不能停用自己的账号');
});

test('changing a user\'s role or scope ends their sessions and is audited', async () => {
  const user = await createUser(ctx.deps.db, { unitIds: [unit.id] });
  const theirs = await signIn(ctx.app, ctx.deps.db, user);
  const res = await admin.post(`/admin/users/${user.id}`, { name: '李四', role: 'reviewer', scope: 'all' });
  expect(res.status).toBe(303);
  expect((await theirs.get('/committee')).status).toBe(303);
  const row = await ctx.deps.db('users').where({ id: user.id }).first();
  expect(row.name).toBe('李四');
  expect(await ctx.deps.db('user_units').where({ user_id: user.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await ctx.deps.db('audit_events').where({ action: 'user.update', object_id: String(user.id) }).count({ n: '*' }).first()).toEqual({ n: 1 });
});

test('a disabled user is signed out, cannot sign in, and can be enabled again', async () => {
  const user = await createUser(ctx.deps.db);
  const theirs = await signIn(ctx.app, ctx.deps.db, user);
  expect((await admin.post(`/admin/users/${user.id}/disable`)).status).toBe(303);
  expect((await theirs.get('/committee')).status).toBe(303);
  expect((await login(user.email, user.password)).status).toBe(401);
  expect((await admin.get('/admin/users')).text).toContain('已停用');
  expect((await admin.post(`/admin/users/${user.id}/enable`)).status).toBe(303);
  expect((await login(user.email, user.password)).status).toBe(303);
});

test('resetting a password shows the new one once, ends sessions and lifts a lockout', async () => {
  const user = await createUser(ctx.deps.db);
  const theirs = await signIn(ctx.app, ctx.deps.db, user);
  await ctx.deps.db('users').where({ id: user.id }).update({ locked_until: ctx.clock.now() + 600000 });
  const res = await admin.post(`/admin/users/${user.id}/password`);
  expect(res.status).toBe(200);
  const password = /class="generated-password">([^<]+)</.exec(res.text)![1];
  expect((await theirs.get('/committee')).status).toBe(303);
  expect((await login(user.email, user.password)).status).toBe(401);
  expect((await login(user.email, password)).status).toBe(303);
});

test('an unknown or malformed user id answers 404', async () => {
  expect((await admin.get('/admin/users/999999')).status).toBe(404);
  expect((await admin.get('/admin/users/abc')).status).toBe(404);
  expect((await admin.post('/admin/users/999999/disable')).status).toBe(404);
});

test('user add on the command line takes the password from stdin and enforces the policy', async () => {
  const weak = await cli(['user', 'add', '--email', 'cli1@example.org', '--name', '王五', '--role', 'reviewer', '--units', unit.key, '--json'], 'short\n');
  expect(weak.code).toBe(1);
  expect(JSON.parse(weak.out).error).toContain('12');
  const common = await cli(['user', 'add', '--email', 'cli1@example.org', '--name', '王五', '--role', 'reviewer', '--json'], 'password1234\n');
  expect(JSON.parse(common.out).error).toMatch(/common/);
  const ok = await cli(['user', 'add', '--email', 'cli1@example.org', '--name', '王五', '--role', 'reviewer', '--units', unit.key, '--json'], 'a long enough passphrase\n');
  expect(ok.code).toBe(0);
  const out = JSON.parse(ok.out);
  expect(out).toEqual({ ok: true, id: expect.any(Number), email: 'cli1@example.org' });
  expect((await login('cli1@example.org', 'a long enough passphrase')).status).toBe(303);
});

test('user add generates a password when none is piped, and prints it once', async () => {
  const res = await cli(['user', 'add', '--email', 'cli2@example.org', '--name', '赵六', '--role', 'admin', '--json']);
  const out = JSON.parse(res.out);
  expect(out.ok).toBe(true);
  expect(out.password).toMatch(/^.{20}$/);
  expect((await login('cli2@example.org', out.password)).status).toBe(303);
  const bad = await cli(['user', 'add', '--email', 'cli3@example.org', '--name', 'x', '--role', 'boss', '--json']);
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.out).error).toContain('--role');
});

test('user list, disable and reset-password work from the command line', async () => {
  await cli(['user', 'add', '--email', 'cli4@example.org', '--name', '孙七', '--role', 'reviewer', '--units', unit.key]);
  const list = JSON.parse((await cli(['user', 'list', '--json'])).out);
  expect(list.users.find((u: { email: string }) => u.email === 'cli4@example.org')).toMatchObject({ role: 'reviewer', units: ['北区局'], disabled: false });
  const reset = await cli(['user', 'reset-password', '--email', 'cli4@example.org', '--json'], 'another long passphrase\n');
  expect(JSON.parse(reset.out)).toEqual({ ok: true, id: expect.any(Number) });
  expect((await login('cli4@example.org', 'another long passphrase')).status).toBe(303);
  expect((await cli(['user', 'disable', '--email', 'cli4@example.org'])).code).toBe(0);
  expect((await login('cli4@example.org', 'another long passphrase')).status).toBe(401);
  expect((await cli(['user', 'disable', '--email', 'nobody@example.org'])).code).toBe(1);
  const actions = await ctx.deps.db('audit_events').where({ actor_label: 'cli' }).pluck('action');
  expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.password_reset', 'user.disable']));
});
