import request from 'supertest';
import { createApp } from '../../server/app';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('public pages', () => {
  test('the home page is served in zh-CN by default with both ways in and the committee link', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('参加匿名问卷');
    expect(res.text).toContain('反映打招呼、说情问题');
    expect(res.text).toContain('href="/survey"');
    expect(res.text).toContain('href="/report"');
    expect(res.text).toContain('href="/login"');
  });

  test('an English browser gets the English page', async () => {
    const res = await request(ctx.app).get('/').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Take the anonymous survey');
  });

  test('the language switch is remembered in the lang cookie and returns to the page', async () => {
    const res = await request(ctx.app).get('/lang/en?next=/');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['set-cookie'][0]).toMatch(/^lang=en;/);
    const page = await request(ctx.app).get('/').set('Cookie', 'lang=en').set('Accept-Language', 'zh-CN');
    expect(page.text).toContain('<html lang="en">');
  });

  test('the language switch does not redirect to another site', async () => {
    const res = await request(ctx.app).get('/lang/en?next=//evil.example/');
    expect(res.headers.location).toBe('/');
  });

  test('a public page sets no cookie', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  test('pages carry a strict content security policy, no referrer and no X-Powered-By', async () => {
    const res = await request(ctx.app).get('/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src-attr 'none'");
    expect(csp).not.toMatch(/unsafe-inline|https?:\/\//);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('the pages contain no inline script or style attribute', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(res.text).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });
});

describe('errors', () => {
  test('an unknown page gets a translated 404 page', async () => {
    const zh = await request(ctx.app).get('/no-such-page');
    expect(zh.status).toBe(404);
    expect(zh.text).toContain('页面不存在');
    const en = await request(ctx.app).get('/no-such-page').set('Accept-Language', 'en');
    expect(en.text).toContain('This page does not exist.');
  });

  test('a server fault gets a translated 500 page without a stack trace, and is logged', async () => {
    const app = createApp(ctx.deps, [
      { method: 'get', path: '/boom', access: 'public', handler: () => { throw new Error('secret internals at /srv/app.ts:12'); } },
    ]);
    const res = await request(app).get('/boom').set('Accept-Language', 'en');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Internal error');
    expect(res.text).not.toMatch(/secret internals|app\.ts|at \w+ \(/);
    expect(ctx.logLines.some((l) => l.includes('secret internals'))).toBe(true);
  });

  test('an oversized form gets a translated 413 page, never a 500', async () => {
    const res = await request(ctx.app).post('/login').type('form').send({ email: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('提交的内容过大');
  });

  test('a form posted from another site is refused', async () => {
    const bySite = await request(ctx.app).post('/login').set('Sec-Fetch-Site', 'cross-site').type('form').send({ email: 'a@b.c', password: 'x' });
    expect(bySite.status).toBe(403);
    expect(bySite.text).toContain('不接受来自其他网站的提交');
    const byOrigin = await request(ctx.app).post('/login').set('Origin', 'https://evil.example').type('form').send({ email: 'a@b.c', password: 'x' });
    expect(byOrigin.status).toBe(403);
  });
});

describe('health', () => {
  test('/healthz answers and /readyz checks the database', async () => {
    expect((await request(ctx.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(ctx.app).get('/readyz')).body).toEqual({ status: 'ready' });
  });
});

describe('logging', () => {
  test('public requests leave no address and no user agent in the logs', async () => {
    const ua = 'Mozilla/5.0 (X11; Linux) QingfengProbe/1.0';
    await request(ctx.app).get('/?q=1').set('User-Agent', ua).set('X-Forwarded-For', '203.0.113.9');
    await request(ctx.app).post('/login').set('User-Agent', ua).type('form').send({ email: 'nobody@example.org', password: 'wrong-password-123' });
    await request(ctx.app).get('/no-such-page').set('User-Agent', ua);
    const all = ctx.logLines.join('\n');
    expect(all).not.toContain('QingfengProbe');
    expect(all).not.toMatch(/127\.0\.0\.1|::1|::ffff|203\.0\.113\.9/);
    expect(all).not.toContain('nobody@example.org');
  });
});

describe('input the database cannot store', () => {
  test('a NUL character that reaches the database is a translated 400, never a 500', async () => {
    const app = createApp(ctx.deps, [
      {
        method: 'post', path: '/store', access: 'public',
        handler: async (req, res) => {
          await ctx.deps.db('units').insert({ key: `nul-${Date.now()}`, name: String(req.body.name), created_at: Date.now() });
          res.send('stored');
        },
      },
    ]);
    const res = await request(app).post('/store').type('form').send({ name: 'a\u0000b' }).set('Accept-Language', 'en');
    // SQLite stores NUL; PostgreSQL refuses it (SQLSTATE 22021), which is the input's fault, not a server fault.
    if (usingPostgres()) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('The request was malformed.');
    } else {
      expect(res.status).toBe(200);
    }
  });
});
