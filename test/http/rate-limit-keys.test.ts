import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app';
import { addressKey, limitRequests } from '../../server/http/middleware/rate-limit';
import type { RouteDef } from '../../server/http/route-def';
import { createLogger } from '../../server/logger';
import { connectSharedRateLimits } from '../../server/redis';
import { createTestContext, type TestContext } from '../helpers/context';
import { found, placesKept } from '../helpers/kept-bytes';

// DESIGN.md §4 rate limiting: fixed clock-aligned windows; the address keyed by an HMAC (IPv6 by its /64) under a
// random key of the day that exists only in memory, or in Redis with a TTL of at most a day; never on disk, and no
// persistent secret derives it. TRUST_PROXY=1 lets each request name its address, as behind a reverse proxy.
const redisUrl = process.env.REDIS_TEST_URL;
const quiet = createLogger({ sink: () => undefined });
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: '1' });
});
afterAll(() => ctx.close());

function limited(deps: TestContext['deps'], name: string, limit = 3): RouteDef[] {
  return [{ method: 'post', path: '/limited', access: 'public', before: [limitRequests(deps, { name, windowMs: 60_000, limit })], handler: (_req, res) => { res.send('ok'); } }];
}

const hit = (app: Parameters<typeof request>[0], address: string) => request(app).post('/limited').set('X-Forwarded-For', address);

/** Every secret-looking value on disk: the values of secrets.json and of the settings table, decoded as base64 too. */
async function candidateSecrets(): Promise<Buffer[]> {
  const file = JSON.parse(fs.readFileSync(path.join(ctx.dataDir, 'secrets.json'), 'utf8'));
  const strings: string[] = [];
  const collect = (v: unknown) => (typeof v === 'string' ? strings.push(v) : v && typeof v === 'object' ? Object.values(v).forEach(collect) : undefined);
  collect(file);
  for (const row of await ctx.deps.db('settings').select('value_json')) collect(JSON.parse(row.value_json));
  return strings.flatMap((s) => [Buffer.from(s), Buffer.from(s, 'base64')]);
}

test('the key an address is counted under cannot be recomputed from anything on disk', async () => {
  const address = '203.0.113.77';
  const app = createApp(ctx.deps, limited(ctx.deps, `disk-${Date.now()}`));
  expect((await hit(app, address)).status).toBe(200);
  const now = new Date();
  const live = await addressKey(ctx.deps, address, now);
  expect(found(await placesKept(ctx), { 'the live key': live })).toEqual([]);
  // The derivation every earlier version used (a secret and the date), tried with every secret kept on disk.
  for (const secret of await candidateSecrets()) {
    const day = crypto.createHmac('sha256', secret).update('rate-limit:' + now.toISOString().slice(0, 10)).digest();
    expect(crypto.createHmac('sha256', day).update(address).digest('base64url').slice(0, 22)).not.toBe(live);
    expect(crypto.createHmac('sha256', secret).update(address).digest('base64url')).not.toContain(live.slice(0, 16));
  }
  const secrets = JSON.parse(fs.readFileSync(path.join(ctx.dataDir, 'secrets.json'), 'utf8'));
  expect(secrets.rateLimitKey).toBeUndefined();
});

test('an older secrets.json loses its rate-limit secret at the next start', async () => {
  const other = await createTestContext();
  try {
    const file = path.join(other.dataDir, 'secrets.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), rateLimitKey: crypto.randomBytes(32).toString('base64') }));
    const { loadSecrets } = await import('../../server/secrets');
    loadSecrets(other.dataDir, {});
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).rateLimitKey).toBeUndefined();
  } finally {
    await other.close();
  }
});

test('two IPv6 addresses of one /64 share an allowance; another /64 has its own; an IPv4-mapped address is its IPv4', async () => {
  const app = createApp(ctx.deps, limited(ctx.deps, `v6-${Date.now()}`, 3));
  expect((await hit(app, '2001:db8:1:2::1')).status).toBe(200);
  expect((await hit(app, '2001:db8:1:2:ffff:ffff:ffff:fffe')).status).toBe(200);
  expect((await hit(app, '2001:0db8:0001:0002:0000:0000:0000:0009')).status).toBe(200);
  expect((await hit(app, '2001:db8:1:2:abcd::1')).status).toBe(429);
  expect((await hit(app, '2001:db8:1:3::1')).status).toBe(200);
  expect(await addressKey(ctx.deps, '::ffff:198.51.100.7', new Date())).toBe(await addressKey(ctx.deps, '198.51.100.7', new Date()));
});

(redisUrl ? test : test.skip)('in Redis a counter expires exactly at the end of its clock-aligned window, and the day key within the day', async () => {
  const shared = connectSharedRateLimits(redisUrl as string, quiet);
  const { createClient } = await import('redis');
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    const name = `window-${crypto.randomBytes(4).toString('hex')}`;
    const deps = { ...ctx.deps, sharedRateLimits: shared };
    const app = createApp(deps, limited(deps, name));
    expect((await hit(app, '198.51.100.23')).status).toBe(200);
    const keys = await redis.keys(`qf:rl:${name}:*`);
    expect(keys).toHaveLength(1);
    const expiresAt = Number(await redis.sendCommand(['PEXPIRETIME', keys[0]]));
    expect(expiresAt % 60_000).toBe(0);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(keys[0]).not.toContain('198.51.100.23');
    const dayKeys = await redis.keys('qf:rl:day:*');
    expect(dayKeys.length).toBeGreaterThanOrEqual(1);
    for (const k of dayKeys) {
      const ttl = await redis.ttl(k);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(24 * 3600);
    }
  } finally {
    await redis.quit();
    await shared.close();
  }
});
