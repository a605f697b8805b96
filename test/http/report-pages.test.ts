import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, fileViaForm, reportIdOf, reportOrg } from '../helpers/report-factories';
import { markedJpeg } from '../helpers/attachment-fixtures';

// Every report page in both languages: no message key shows through untranslated, no inline script or style.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

test('every report page is fully translated in zh-CN and en and has no inline script or style', async () => {
  const org = await reportOrg(ctx.deps.db);
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, post: org.chief.key, real_name: 'N' }, [['a.jpg', await markedJpeg(), 'image/jpeg']]);
  const id = await reportIdOf(ctx.deps, receipt);
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  await s.post(`/committee/reports/${id}/messages`, { message: 'hello' });
  await s.post(`/committee/reports/${id}/notes`, { note: 'note' });
  for (const lang of ['zh-CN', 'en']) {
    const pages = [
      await request(ctx.app).get('/report').set('Accept-Language', lang),
      await fileViaForm(ctx.app, { unit: org.unit.key }).set('Accept-Language', lang),
      await fileViaForm(ctx.app, { unit: '', description: '' }).set('Accept-Language', lang),
      await request(ctx.app).get('/report/follow-up').set('Accept-Language', lang),
      await request(ctx.app).post('/report/follow-up').type('form').send({ receipt }).set('Accept-Language', lang),
      await request(ctx.app).post('/report/follow-up').type('form').send({ receipt: 'nope' }).set('Accept-Language', lang),
      await s.get('/committee/reports?overdue=1').set('Accept-Language', lang),
      await s.get('/committee/reports').set('Accept-Language', lang),
      await s.get(`/committee/reports/${id}`).set('Accept-Language', lang),
    ];
    for (const [index, page] of pages.entries()) {
      expect({ lang, index, keys: page.text.match(/\breport\.[a-z_]+\.[a-z_.]+\b/g) }).toEqual({ lang, index, keys: null });
      expect(page.text).not.toMatch(/<script|style=|\son[a-z]+=/i);
    }
  }
});
