import request from 'supertest';
import { DEFAULT_ITEMS } from '../../server/domain/default-questionnaire';
import { DEFAULT_ITEMS_V2 } from '../../server/domain/default-questionnaire-v2';
import { currentQuestionnaire } from '../../server/services/survey/questionnaire';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';

// An installation that started before the revised default (issue 18) adopts it from the editor: a new version with
// the revised items, the pinned period untouched, no key reused for another question, audited, refused a second time.

let ctx: TestContext;
let admin: SignedIn;
let oldVersionId: number;
beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  admin = await signIn(ctx.app, db, await createUser(db, { role: 'admin' }));
  // What an older installation holds: version 1 with the first default's items, pinned by a period.
  const v1 = await db('questionnaires').where({ version: 1 }).first('id');
  oldVersionId = v1.id;
  await db('questionnaire_items').where({ questionnaire_id: oldVersionId }).delete();
  await db('questionnaire_items').insert(DEFAULT_ITEMS.map((it, i) => ({ questionnaire_id: oldVersionId, key: it.key, dimension: it.dimension, polarity: it.polarity, scope: 'post', text_zh: it.zh, text_en: it.en, sort_order: i + 1, retired: false })));
  await createPeriod(db, { key: 'old-2025' });
});
afterAll(() => ctx.close());

const URL_ADOPT = '/admin/questionnaire/adopt-revised';

test('the editor offers the revised default with its burden; only an admin, with the form token, may adopt it', async () => {
  const page = (await admin.get('/admin/questionnaire')).text;
  expect(page).toContain(`action="${URL_ADOPT}"`);
  expect(page).toContain('有 5 个岗位的单位共需回答 39 道');
  const reviewer = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer' }));
  expect((await reviewer.post(URL_ADOPT)).status).toBe(403);
  expect((await request(ctx.app).post(URL_ADOPT).set('Cookie', admin.cookie).type('form').send({})).status).toBe(403);
  expect((await currentQuestionnaire(ctx.deps.db))?.version).toBe(1);
});

test('adopting makes a new current version of the revised items; the pinned period keeps the old; keys keep their meaning', async () => {
  const db = ctx.deps.db;
  const res = await admin.post(URL_ADOPT);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/questionnaire?adopted=2');
  expect((await admin.get(res.headers.location)).text).toContain('已采用修订版默认问卷，当前为第 2 版。');

  const current = await currentQuestionnaire(db);
  expect(current?.version).toBe(2);
  expect(current?.frozen).toBe(false);
  expect(current?.items.map((i) => i.textZh)).toEqual(DEFAULT_ITEMS_V2.map((i) => i.zh));
  expect(current?.items.map((i) => i.scope)).toEqual(DEFAULT_ITEMS_V2.map((i) => i.scope));
  // A key of the old version names the same question in the new one, or is not used there: the revised
  // 'opportunity-2' (a unit item) means something else than the old one (discretion of the post), so it is renamed.
  const old = await db('questionnaire_items').where({ questionnaire_id: oldVersionId }).select('key', 'text_zh');
  for (const item of current?.items ?? []) {
    const sameKey = old.find((o) => o.key === item.key);
    if (sameKey) expect(sameKey.text_zh).toBe(item.textZh);
  }
  expect(current?.items.map((i) => i.key)).not.toContain('opportunity-2');
  expect(new Set(current?.items.map((i) => i.key)).size).toBe(DEFAULT_ITEMS_V2.length);

  // The period that pinned version 1 still asks the old items; a period opened now pins the new version.
  expect(await db('periods').where({ key: 'old-2025' }).first('questionnaire_id')).toEqual({ questionnaire_id: oldVersionId });
  expect(await db('questionnaire_items').where({ questionnaire_id: oldVersionId }).count({ n: '*' }).first()).toEqual({ n: DEFAULT_ITEMS.length });
  await runCli(ctx.deps, ['period', 'add', '--key', 'new-2026', '--name', '2026', '--start', '2026-01-01', '--end', '2026-12-31']);
  expect((await runCli(ctx.deps, ['period', 'open', 'new-2026', '--json'])).code).toBe(0);
  expect(await db('periods').where({ key: 'new-2026' }).first('questionnaire_id')).toEqual({ questionnaire_id: current?.id });

  const audit = await db('audit_events').where({ action: 'questionnaire.adopt_revised' }).select('object_type', 'object_id');
  expect(audit).toEqual([{ object_type: 'questionnaire', object_id: '2' }]);
});

test('a second adoption is refused with a message on the editor, and makes no version', async () => {
  const page = (await admin.get('/admin/questionnaire')).text;
  expect(page).toContain('id="revised-in-use"');
  expect(page).not.toContain(`action="${URL_ADOPT}"`);
  const res = await admin.post(URL_ADOPT);
  expect(res.status).toBe(409);
  expect(res.text).toContain('未采用：当前版本使用中的题目已是修订版默认问卷。');
  expect((await currentQuestionnaire(ctx.deps.db))?.version).toBe(2);
});
