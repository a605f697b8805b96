import { COMMENTS_PER_PAGE } from '../../server/services/survey/survey-figures';
import { holdSubmission, releaseDue } from '../../server/services/survey/survey-release';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';

// A unit's released comments come a page at a time, in an order that stays put from page to page (the random ids
// they got at release) and that says nothing of who wrote them or when: every comment once, none lost.

let ctx: TestContext;
let admin: SignedIn;
let url: string;
const written: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  const unit = await createUnit(db);
  await createPost(db, unit.id, { key: 'chief', title: '局长' });
  const period = await createPeriod(db);
  url = `/committee/survey/${period.key}/${unit.key}`;
  // 125 responses with a comment, held and released in batches of k = 5 as the survey does.
  for (let i = 0; i < COMMENTS_PER_PAGE + 25; i++) {
    const comment = `意见建议第${String(i).padStart(3, '0')}条`;
    written.push(comment);
    await db.transaction(async (trx) => {
      await holdSubmission(trx, period.id, unit.id, comment, []);
      await releaseDue(trx, period.id, unit.id, 5, Date.now());
    });
  }
  admin = await signIn(ctx.app, db, await createUser(db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const commentsOf = (html: string) => [...html.matchAll(/<li>(意见建议第\d{3}条)<\/li>/g)].map((m) => m[1]);

async function page(query: string) {
  const res = await admin.get(url + query).set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  return res.text;
}

test('a hundred comments a page, every released comment on exactly one page, in the same order on every visit', async () => {
  const first = await page('');
  const second = await page('?page=2');
  expect(commentsOf(first)).toHaveLength(COMMENTS_PER_PAGE);
  expect(commentsOf(second)).toHaveLength(25);
  expect([...commentsOf(first), ...commentsOf(second)].sort()).toEqual([...written].sort());
  expect(commentsOf(await page('?page=1'))).toEqual(commentsOf(first));
  expect(first).toContain('Page 1 of 2 (125 comments)');
  expect(first).toContain(`href="${url}?page=2#comments-h" rel="next"`);
  expect(second).toContain('Page 2 of 2 (125 comments)');
  expect(second).toContain(`href="${url}?page=1#comments-h" rel="prev"`);
});

test('the order is not the order of writing', async () => {
  const shown = commentsOf(await page(''));
  expect(shown).not.toEqual(written.slice(0, COMMENTS_PER_PAGE));
});

test('a page past the end shows the last page; a page that is not a number shows the first', async () => {
  expect(commentsOf(await page('?page=999'))).toEqual(commentsOf(await page('?page=2')));
  expect(commentsOf(await page('?page=abc'))).toEqual(commentsOf(await page('')));
  expect(commentsOf(await page('?page=-3'))).toEqual(commentsOf(await page('')));
});
