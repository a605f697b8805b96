import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type TestUser } from '../helpers/factories';
import { cookieFrom, csrfFrom, totpCode } from '../helpers/auth-factories';
import { setSetting } from '../../server/services/ops/settings';
import { TOTP_REQUIRED_FOR_ADMINS } from '../../server/services/auth/totp';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.set(Date.now()));

/** Enrols a user through the real pages; returns the secret and the recovery codes shown once. */
async function enrol(user: TestUser): Promise<{ secret: string; codes: string[] }> {
  const session = await signIn(ctx.app, ctx.deps.db, user, ctx.clock.now());
  const page = await session.get('/account/totp');
  expect(page.status).toBe(200);
  expect(page.text).toContain('<svg');
  const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page.text)![1];
  const done = await session.post('/account/totp/confirm', { secret, code: await totpCode(secret, ctx.clock.now()) });
  expect(done.status).toBe(200);
  const codes = [...done.text.matchAll(/<li><code>([0-9a-f-]+)<\/code><\/li>/g)].map((m) => m[1]);
  return { secret, codes };
}

async function passwordStep(user: TestUser): Promise<string> {
  const res = await request(ctx.app).post('/login').type('form').send({ email: user.email, password: user.password, next: '/committee' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toMatch(/^\/login\/totp/);
  return cookieFrom(res);
}

async function codeStep(cookie: string, code: string) {
  const page = await request(ctx.app).get('/login/totp').set('Cookie', cookie);
  return request(ctx.app).post('/login/totp').set('Cookie', cookie).type('form').send({ _csrf: csrfFrom(page.text), code, next: '/committee' });
}

test('enrolling shows a QR code and ten recovery codes once, and stores the secret sealed', async () => {
  const user = await createUser(ctx.deps.db, { role: 'admin' });
  const { secret, codes } = await enrol(user);
  expect(codes).toHaveLength(10);
  const row = await ctx.deps.db('users').where({ id: user.id }).first();
  expect(row.totp_secret_enc).not.toContain(secret);
  expect(row.recovery_codes_json).not.toContain(codes[0]);
  expect(await ctx.deps.db('audit_events').where({ action: 'totp.enable', object_id: String(user.id) }).count({ n: '*' }).first()).toEqual({ n: 1 });
});

test('a wrong first code does not turn TOTP on and keeps the same key on the page', async () => {
  const user = await createUser(ctx.deps.db);
  const session = await signIn(ctx.app, ctx.deps.db, user);
  const page = await session.get('/account/totp');
  const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page.text)![1];
  const res = await session.post('/account/totp/confirm', { secret, code: '000000' === (await totpCode(secret, ctx.clock.now())) ? '111111' : '000000' });
  expect(res.status).toBe(400);
  expect(res.text).toContain(secret);
  expect(res.text).toContain('验证码不正确');
});

test('with TOTP on, the password alone opens nothing; a current code completes the sign-in with a new session id', async () => {
  const user = await createUser(ctx.deps.db);
  const { secret } = await enrol(user);
  const halfway = await passwordStep(user);
  const blocked = await request(ctx.app).get('/committee').set('Cookie', halfway);
  expect(blocked.status).toBe(303);
  expect(blocked.headers.location).toBe('/login/totp');
  // The enrolment code's time step is spent: wait for the next one.
  ctx.clock.advance(30 * 1000);
  const wrong = await codeStep(halfway, '12345x');
  expect(wrong.status).toBe(401);
  const ok = await codeStep(halfway, await totpCode(secret, ctx.clock.now()));
  expect(ok.status).toBe(303);
  expect(ok.headers.location).toBe('/committee');
  const full = cookieFrom(ok);
  expect(full).not.toBe(halfway);
  expect((await request(ctx.app).get('/committee').set('Cookie', full)).status).toBe(200);
  expect((await request(ctx.app).get('/committee').set('Cookie', halfway)).status).toBe(303);
});

test('a TOTP code cannot be used twice', async () => {
  const user = await createUser(ctx.deps.db);
  const { secret } = await enrol(user);
  ctx.clock.advance(30 * 1000);
  const code = await totpCode(secret, ctx.clock.now());
  expect((await codeStep(await passwordStep(user), code)).status).toBe(303);
  expect((await codeStep(await passwordStep(user), code)).status).toBe(401);
});

test('a recovery code signs in once and only once', async () => {
  const user = await createUser(ctx.deps.db);
  const { codes } = await enrol(user);
  expect((await codeStep(await passwordStep(user), codes[3])).status).toBe(303);
  expect((await codeStep(await passwordStep(user), codes[3])).status).toBe(401);
  expect((await codeStep(await passwordStep(user), codes[4].toUpperCase())).status).toBe(303);
});

test('wrong codes count towards the back-off; at the fifth the half-open session ends and the password step comes again', async () => {
  const user = await createUser(ctx.deps.db);
  await enrol(user);
  const halfway = await passwordStep(user);
  for (let i = 0; i < 4; i++) {
    ctx.clock.advance(61 * 1000);
    expect((await codeStep(halfway, 'abc')).status).toBe(401);
  }
  ctx.clock.advance(61 * 1000);
  const fifth = await codeStep(halfway, 'abc');
  expect(fifth.status).toBe(401);
  expect(fifth.text).toContain('name="password"');
  expect((await request(ctx.app).get('/login/totp').set('Cookie', halfway)).status).toBe(303);
  // Five failures in the window: a second's back-off, then the password works again (there is no lock).
  expect((await request(ctx.app).post('/login').type('form').send({ email: user.email, password: user.password })).status).toBe(401);
  ctx.clock.advance(2000);
  expect((await request(ctx.app).post('/login').type('form').send({ email: user.email, password: user.password })).status).toBe(303);
  expect(await ctx.deps.db('audit_events').where({ action: 'login.totp_failure', object_id: String(user.id) }).count({ n: '*' }).first()).toEqual({ n: 5 });
});

test('replacing the authenticator of an account with TOTP on needs a current code; a session alone cannot', async () => {
  const user = await createUser(ctx.deps.db);
  const { secret: first } = await enrol(user);
  const stored = () => ctx.deps.db('users').where({ id: user.id }).first('totp_secret_enc');
  const before = await stored();
  const session = await signIn(ctx.app, ctx.deps.db, user, ctx.clock.now());
  const page = await session.get('/account/totp');
  const second = /name="secret" value="([A-Z2-7]+)"/.exec(page.text)?.[1] ?? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  ctx.clock.advance(31_000);
  const bare = await session.post('/account/totp/confirm', { secret: second, code: await totpCode(second, ctx.clock.now()) });
  expect(bare.status).toBe(400);
  expect(await stored()).toEqual(before);
  const wrong = await session.post('/account/totp/confirm', { secret: second, code: await totpCode(second, ctx.clock.now()), current_code: '000000' === (await totpCode(first, ctx.clock.now())) ? '111111' : '000000' });
  expect(wrong.status).toBe(400);
  expect(wrong.text).toContain('验证码不正确');
  expect(await stored()).toEqual(before);
  const done = await session.post('/account/totp/confirm', { secret: second, code: await totpCode(second, ctx.clock.now()), current_code: await totpCode(first, ctx.clock.now()) });
  expect(done.status).toBe(200);
  expect(await stored()).not.toEqual(before);
  ctx.clock.advance(31_000);
  const halfway = await passwordStep(user);
  expect((await codeStep(halfway, await totpCode(first, ctx.clock.now()))).status).toBe(401);
  expect((await codeStep(halfway, await totpCode(second, ctx.clock.now()))).status).toBe(303);
});

test('turning TOTP off needs a current code and is audited', async () => {
  const user = await createUser(ctx.deps.db);
  const { codes } = await enrol(user);
  const session = await signIn(ctx.app, ctx.deps.db, user);
  expect((await session.post('/account/totp/disable', { code: 'nope' })).status).toBe(400);
  const res = await session.post('/account/totp/disable', { code: codes[0] });
  expect(res.status).toBe(303);
  expect((await ctx.deps.db('users').where({ id: user.id }).first()).totp_secret_enc).toBeNull();
  expect(await ctx.deps.db('audit_events').where({ action: 'totp.disable', object_id: String(user.id) }).count({ n: '*' }).first()).toEqual({ n: 1 });
  const plain = await request(ctx.app).post('/login').type('form').send({ email: user.email, password: user.password });
  expect(plain.headers.location).toBe('/committee');
});

test('when TOTP is required for admins, an admin without it must enrol before anything else', async () => {
  const owner = await createUser(ctx.deps.db, { role: 'admin' });
  const ownerSession = await signIn(ctx.app, ctx.deps.db, owner);
  expect((await ownerSession.post('/admin/users/totp-setting', { required: '1' })).status).toBe(303);
  try {
    const admin = await createUser(ctx.deps.db, { role: 'admin' });
    const session = await signIn(ctx.app, ctx.deps.db, admin);
    const page = await session.get('/committee');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/account/totp');
    expect((await session.get('/admin/users')).status).toBe(303);
    expect((await session.post('/admin/users/totp-setting', { required: '0' })).status).toBe(403);
    const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db));
    expect((await reviewer.get('/committee')).status).toBe(200);
    const enrolPage = await session.get('/account/totp');
    expect(enrolPage.text).toContain('要求管理员开启两步验证');
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(enrolPage.text)![1];
    expect((await session.post('/account/totp/confirm', { secret, code: await totpCode(secret, ctx.clock.now()) })).status).toBe(200);
    expect((await session.get('/committee')).status).toBe(200);
    const off = await session.post('/account/totp/disable', { code: 'whatever' });
    expect(off.status).toBe(400);
    expect(off.text).toContain('不能关闭');
    // The admin who switched it on is held to it as well.
    expect((await ownerSession.get('/admin/users')).headers.location).toBe('/account/totp');
  } finally {
    await setSetting(ctx.deps.db, TOTP_REQUIRED_FOR_ADMINS, false);
  }
  expect(await ctx.deps.db('audit_events').where({ action: 'settings.totp_required' }).count({ n: '*' }).first()).toEqual({ n: 1 });
});
