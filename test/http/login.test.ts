import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

function cookieFrom(res: request.Response): string {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return set.map((c) => c.split(';')[0]).join('; ');
}

test('a committee member signs in with the right password and gets a strict, http-only session cookie', async () => {
  const user = await createUser(ctx.deps.db, { role: 'admin' });
  const res = await request(ctx.app).post('/login').type('form').send({ email: user.email, password: user.password });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/committee');
  const setCookie = res.headers['set-cookie'][0];
  expect(setCookie).toMatch(/qf_session=/);
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const page = await request(ctx.app).get('/committee').set('Cookie', cookieFrom(res));
  expect(page.status).toBe(200);
});

test('a wrong password is refused without saying whether the e-mail exists', async () => {
  const user = await createUser(ctx.deps.db);
  const wrong = await request(ctx.app).post('/login').type('form').send({ email: user.email, password: 'not-the-password' });
  const unknown = await request(ctx.app).post('/login').type('form').send({ email: 'nobody@example.org', password: 'not-the-password' });
  expect(wrong.status).toBe(401);
  expect(unknown.status).toBe(401);
  expect(wrong.text).toContain('邮箱或密码不正确');
  expect(unknown.text.replace(/nobody@example\.org/g, '')).toBe(wrong.text.replace(new RegExp(user.email.replace(/\./g, '\\.'), 'g'), ''));
});

test('committee pages send an anonymous visitor to the login page', async () => {
  const res = await request(ctx.app).get('/committee');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/login?next=%2Fcommittee');
});

test('a committee POST without the CSRF token is refused and changes nothing', async () => {
  const user = await createUser(ctx.deps.db);
  const session = await signIn(ctx.app, ctx.deps.db, user);
  const res = await request(ctx.app).post('/logout').set('Cookie', session.cookie).type('form').send({});
  expect(res.status).toBe(403);
  expect((await session.get('/committee')).status).toBe(200);
});

test('signing out ends the session on the server', async () => {
  const user = await createUser(ctx.deps.db);
  const session = await signIn(ctx.app, ctx.deps.db, user);
  const res = await session.post('/logout');
  expect(res.status).toBe(303);
  const after = await session.get('/committee');
  expect(after.status).toBe(303);
  expect(after.headers.location).toMatch(/^\/login/);
});

test('a session idle for more than 30 minutes has expired', async () => {
  const user = await createUser(ctx.deps.db);
  const session = await signIn(ctx.app, ctx.deps.db, user, ctx.clock.now());
  ctx.clock.advance(31 * 60 * 1000);
  try {
    expect((await session.get('/committee')).status).toBe(303);
  } finally {
    ctx.clock.set(Date.now());
  }
});

async function tryLogin(email: string, password: string) {
  return request(ctx.app).post('/login').type('form').send({ email, password });
}

// Back-off and the throttle per account and address: test/http/login-throttle.test.ts.

test('sign-in successes and failures are written to the audit log', async () => {
  const user = await createUser(ctx.deps.db);
  await tryLogin(user.email, 'definitely-wrong-pw');
  await tryLogin(user.email, user.password);
  const actions = await ctx.deps.db('audit_events').where({ object_id: String(user.id) }).orderBy('id').pluck('action');
  expect(actions).toEqual(['login.failure', 'login.success']);
});

test('a disabled account cannot sign in, and the refusal looks like any other', async () => {
  const user = await createUser(ctx.deps.db);
  await ctx.deps.db('users').where({ id: user.id }).update({ disabled_at: Date.now() });
  const res = await tryLogin(user.email, user.password);
  expect(res.status).toBe(401);
  expect(res.text).toContain('邮箱或密码不正确');
});

test('signing in issues a new session id and ignores one planted before', async () => {
  const user = await createUser(ctx.deps.db);
  const planted = 'qf_session=planted-by-attacker';
  const res = await request(ctx.app).post('/login').set('Cookie', planted).type('form').send({ email: user.email, password: user.password });
  expect(res.status).toBe(303);
  expect(cookieFrom(res)).not.toContain('planted-by-attacker');
  const first = cookieFrom(res);
  const again = await tryLogin(user.email, user.password);
  expect(cookieFrom(again)).not.toBe(first);
});

test('a session older than 12 hours has expired even when used all the time', async () => {
  const user = await createUser(ctx.deps.db);
  const session = await signIn(ctx.app, ctx.deps.db, user, ctx.clock.now());
  try {
    for (let h = 0; h < 12 * 4; h++) {
      ctx.clock.advance(15 * 60 * 1000);
      const res = await session.get('/committee');
      if (h < 12 * 4 - 1) expect(res.status).toBe(200);
      else expect(res.status).toBe(303);
    }
  } finally {
    ctx.clock.set(Date.now());
  }
});

test('signing out is audited', async () => {
  const user = await createUser(ctx.deps.db);
  const session = await signIn(ctx.app, ctx.deps.db, user);
  await session.post('/logout');
  expect(await ctx.deps.db('audit_events').where({ action: 'logout', actor_id: user.id }).count({ n: '*' }).first()).toEqual({ n: 1 });
});

test('many failed sign-ins from one address are slowed down by a rate limit', async () => {
  const other = await createTestContext();
  try {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await request(other.app).post('/login').type('form').send({ email: `nobody${i}@example.org`, password: 'wrong-password-x' })).status;
    expect(last).toBe(429);
  } finally {
    await other.close();
  }
});
