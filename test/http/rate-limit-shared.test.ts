import request from 'supertest';
import { createApp } from '../../server/app';
import { addressKey, limitRequests } from '../../server/http/middleware/rate-limit';
import type { RouteDef } from '../../server/http/route-def';
import { connectSharedRateLimits } from '../../server/redis';
import { createLogger } from '../../server/logger';
import { createTestContext, type TestContext } from '../helpers/context';

// Two app instances on one database and one Redis (REDIS_TEST_URL, set by .ci/run) share their rate limits.
const redisUrl = process.env.REDIS_TEST_URL;
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const quiet = createLogger({ sink: () => undefined });

function instance(deps: TestContext['deps'], name: string, failClosed: boolean): RouteDef[] {
  return [
    {
      method: 'post', path: '/limited', access: 'public',
      before: [limitRequests(deps, { name, windowMs: 60_000, limit: 3, failClosed })],
      handler: (_req, res) => { res.send('ok'); },
    },
  ];
}

test('the address key rotates daily and never contains the address', async () => {
  const today = await addressKey(ctx.deps, '203.0.113.9', new Date('2026-11-28T10:00:00Z'));
  expect(await addressKey(ctx.deps, '203.0.113.9', new Date('2026-11-28T23:59:00Z'))).toBe(today);
  expect(await addressKey(ctx.deps, '203.0.113.9', new Date('2026-11-29T00:01:00Z'))).not.toBe(today);
  expect(today).not.toContain('203');
});

test('without Redis each instance counts in memory and refuses past the limit with a translated 429', async () => {
  const app = createApp(ctx.deps, instance(ctx.deps, `mem-${Date.now()}`, true));
  for (let i = 0; i < 3; i++) expect((await request(app).post('/limited')).status).toBe(200);
  const refused = await request(app).post('/limited');
  expect(refused.status).toBe(429);
  expect(refused.text).toContain('请求过于频繁');
});

(redisUrl ? test : test.skip)('a limit exhausted on instance A refuses on instance B', async () => {
  const shared = [connectSharedRateLimits(redisUrl as string, quiet), connectSharedRateLimits(redisUrl as string, quiet)];
  try {
    const name = `shared-${Date.now()}`;
    const a = createApp({ ...ctx.deps, sharedRateLimits: shared[0] }, instance({ ...ctx.deps, sharedRateLimits: shared[0] }, name, true));
    const b = createApp({ ...ctx.deps, sharedRateLimits: shared[1] }, instance({ ...ctx.deps, sharedRateLimits: shared[1] }, name, true));
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i++) expect((await request(a).post('/limited')).status).toBe(200);
    expect((await request(b).post('/limited')).status).toBe(429);
  } finally {
    await Promise.all(shared.map((s) => s.close()));
  }
});

test('with Redis unreachable, a fail-closed limiter answers 503 and a fail-open one lets the request through', async () => {
  const down = connectSharedRateLimits('redis://127.0.0.1:1', quiet);
  try {
    const deps = { ...ctx.deps, sharedRateLimits: down };
    const closed = createApp(deps, instance(deps, `closed-${Date.now()}`, true));
    const open = createApp(deps, instance(deps, `open-${Date.now()}`, false));
    const refused = await request(closed).post('/limited');
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('服务暂时不可用');
    expect((await request(open).post('/limited')).status).toBe(200);
  } finally {
    await down.close();
  }
});
