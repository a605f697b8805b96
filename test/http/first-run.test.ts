import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUnit } from '../helpers/factories';

// What a new installation shows before anyone has set it up: no 404 for the icon, and a report form that says why
// there is nothing to choose instead of an empty list.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

test('the browser finds the site icon: /favicon.ico answers and every page links the icon', async () => {
  const icon = await request(ctx.app).get('/favicon.ico');
  expect(icon.status).toBe(200);
  expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  expect(String(icon.body ?? icon.text)).toContain('<svg');
  const home = await request(ctx.app).get('/');
  expect(home.text).toContain('<link rel="icon" href="/static/favicon.svg"');
  expect((await request(ctx.app).get('/static/favicon.svg')).status).toBe(200);
});

test('before any unit is set up, the report form says so in both languages; once there is one, it does not', async () => {
  const zh = await request(ctx.app).get('/report');
  expect(zh.text).toContain('目前还没有设置任何单位');
  const en = await request(ctx.app).get('/report').set('Accept-Language', 'en');
  expect(en.text).toContain('No units have been set up yet');
  await createUnit(ctx.deps.db, { name: '首个局' });
  expect((await request(ctx.app).get('/report')).text).not.toContain('目前还没有设置任何单位');
});
