import request from 'supertest';
import { createApp } from '../../server/app';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser } from '../helpers/factories';

// DESIGN.md §5: the lockout cannot be raced (the state is read and the failure recorded in one transaction), and it
// cannot be used to lock a victim out from one address (throttle per account and address, back-off per account).
// TRUST_PROXY=1 lets each request name its address in X-Forwarded-For, as a reverse proxy would.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: '1' });
});
afterAll(() => ctx.close());

const attempt = (app: Parameters<typeof request>[0], email: string, password: string, address: string) =>
  request(app).post('/login').set('X-Forwarded-For', address).type('form').send({ email, password });

async function checkedAttempts(userId: number): Promise<number> {
  const rows = await ctx.deps.db('audit_events').where({ object_id: String(userId) }).whereIn('action', ['login.failure', 'login.success', 'login.password_ok']).count({ n: '*' }).first();
  return Number(rows?.n);
}

test('24 wrong passwords and the right one sent at once: only the first few are checked, the rest are refused unchecked', async () => {
  const user = await createUser(ctx.deps.db);
  // A clock that stands still: no back-off can lapse while the burst is served, whatever the machine's speed.
  const frozenAt = Date.now();
  const app = createApp({ ...ctx.deps, clock: { now: () => frozenAt } });
  const burst = Array.from({ length: 24 }, (_, i) => attempt(app, user.email, `wrong-password-${i}`, `198.51.100.${i + 1}`));
  burst.push(attempt(app, user.email, user.password, '198.51.100.200'));
  const results = await Promise.all(burst);
  expect(await checkedAttempts(user.id)).toBeLessThanOrEqual(5);
  expect(results.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(20);
  const refused = await ctx.deps.db('audit_events').where({ object_id: String(user.id), action: 'login.refused_backoff' }).count({ n: '*' }).first();
  expect(Number(refused?.n)).toBeGreaterThanOrEqual(20);
});

test('wrong passwords from one address are throttled for that account and address; the owner signs in from elsewhere', async () => {
  const user = await createUser(ctx.deps.db);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await attempt(ctx.app, user.email, `wrong-password-${i}`, '203.0.113.66')).status);
  expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
  // The same address may still sign in to another account: the throttle is per account and address.
  const other = await createUser(ctx.deps.db);
  expect((await attempt(ctx.app, other.email, other.password, '203.0.113.66')).status).toBe(303);
  // The owner, from another address, waits out a short back-off at most: the account is never locked.
  try {
    ctx.clock.advance(3000);
    expect((await attempt(ctx.app, user.email, user.password, '192.0.2.10')).status).toBe(303);
  } finally {
    ctx.clock.set(Date.now());
  }
  expect(await ctx.deps.db('audit_events').where({ action: 'login.lockout', object_id: String(user.id) }).first()).toBeUndefined();
});

test('failures from many addresses make the account back off, longer after each; the right password waits like a wrong one', async () => {
  const user = await createUser(ctx.deps.db);
  for (let i = 0; i < 8; i++) {
    ctx.clock.advance(60_000);
    expect((await attempt(ctx.app, user.email, `wrong-password-${i}`, `192.0.2.${20 + i}`)).status).toBe(401);
  }
  try {
    // After 8 failures the back-off is 8 s: 5 s after the last one even the right password is refused, unchecked.
    ctx.clock.advance(5000);
    expect((await attempt(ctx.app, user.email, user.password, '192.0.2.99')).status).toBe(401);
    ctx.clock.advance(10_000);
    expect((await attempt(ctx.app, user.email, user.password, '192.0.2.99')).status).toBe(303);
  } finally {
    ctx.clock.set(Date.now());
  }
});
