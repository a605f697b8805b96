import { unitResults } from '../../server/services/risk/risk-results';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, fileViaForm, reportIdOf, reportOrg } from '../helpers/report-factories';
import { createPeriod, createQuestionnaire, TEST_ITEMS } from '../helpers/risk-factories';

// Issue 17, the two posts of a report (DESIGN.md §2, §8): `post` is whose holder interfered and feeds S; `target_post`
// is the post approached — a leader who duly records being approached must not raise their own score.

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
let periodId: number;
const year = new Date().getUTCFullYear();
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
  const q = await createQuestionnaire(ctx.deps.db, [...TEST_ITEMS]);
  periodId = await createPeriod(ctx.deps.db, { key: 'two-posts', startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, questionnaireId: q.id });
});
afterAll(() => ctx.close());

const sOf = async (postId: number) => (await unitResults(ctx.deps.db, periodId, org.unit.id)).posts.find((p) => p.post.id === postId)?.S;

test('a report with post=A and target_post=B moves S of A only; B\'s page shows it was approached, as context', async () => {
  const [chiefBefore, deputyBefore] = [await sOf(org.chief.id), await sOf(org.deputy.id)];
  expect([chiefBefore, deputyBefore]).toEqual([0, 0]);
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, post: org.chief.key, target_post: org.deputy.key });
  const id = await reportIdOf(ctx.deps, receipt);
  expect(await ctx.deps.db('reports').where({ id }).first('post_id', 'target_post_id')).toEqual({ post_id: org.chief.id, target_post_id: org.deputy.id });
  expect(await sOf(org.chief.id)).toBeGreaterThan(0);
  expect(await sOf(org.deputy.id)).toBe(0);

  const admin = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  const deputyPage = await admin.get(`/committee/results/two-posts/${org.unit.key}/${org.deputy.key}`).set('Accept-Language', 'en');
  expect(deputyPage.status).toBe(200);
  expect(deputyPage.text).toMatch(/id="approached">In this period 1 report\(s\) recorded that this post was approached/);
  expect(deputyPage.text).toContain('No reports about this post were received in this period.');
  const chiefPage = await admin.get(`/committee/results/two-posts/${org.unit.key}/${org.chief.key}`).set('Accept-Language', 'en');
  expect(chiefPage.text).toMatch(/id="approached">In this period 0 report\(s\)/);
  expect(chiefPage.text).toContain(`/committee/reports/${id}`);

  // Both posts on the committee's case page and on the reporter's own page.
  const casePage = await admin.get(`/committee/reports/${id}`);
  expect(casePage.text).toMatch(/<dt>被反映的岗位<\/dt><dd>局长<\/dd>/);
  expect(casePage.text).toMatch(/<dt>被打招呼、被请托的岗位<\/dt><dd>副局长（分管财务）<\/dd>/);
  const own = await admin.get('/report'); // the public form offers both fields
  expect(own.text).toContain('name="target_post"');
});

test('target_post is validated: an unknown post, a post of another unit, the same post as `post`; the input is kept', async () => {
  const unknown = await fileViaForm(ctx.app, { unit: org.unit.key, post: org.chief.key, target_post: 'no-such-post' }).set('Accept-Language', 'en');
  expect(unknown.status).toBe(400);
  expect(unknown.text).toContain('The post that was approached does not belong to the chosen unit.');
  expect(unknown.text).toContain('href="#f-target_post"');
  const foreign = await fileViaForm(ctx.app, { unit: org.unit.key, target_post: org.otherPost.key });
  expect(foreign.status).toBe(400);
  expect(foreign.text).toContain('所选的被打招呼岗位不属于所选单位');
  const same = await fileViaForm(ctx.app, { unit: org.unit.key, post: org.deputy.key, target_post: org.deputy.key });
  expect(same.status).toBe(400);
  expect(same.text).toContain('被打招呼的岗位不能与被反映的岗位相同');
  expect(same.text).toMatch(new RegExp(`<option value="${org.deputy.key}" selected>`));
  // Only the approached post, no post reported: valid, and S of nobody moves.
  expect((await fileViaForm(ctx.app, { unit: org.unit.key, target_post: org.deputy.key })).status).toBe(200);
  expect(await sOf(org.deputy.id)).toBe(0);
});
