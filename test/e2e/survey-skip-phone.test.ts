import { createPost, createUnit } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';
import { type BrowserHandle, journey, launchBrowser, sideways, wcagViolations } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

// Questionnaire v2 on a phone (issue 18): a staff member answers the unit items once, marks one post "not familiar",
// answers the others and submits, at 390 px wide. The skipped post's questions are neither required nor stored.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(180_000);

let server: RunningServer;
let browser: BrowserHandle;
let codes: string[];
const posts: Record<string, number> = {};
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const unit = await createUnit(server.db(), { name: '北山区局' });
  for (const [key, title] of [['chief', '局长'], ['deputy', '副局长（分管财务装备）'], ['discipline', '纪委书记']]) posts[key] = (await createPost(server.db(), unit.id, { key, title })).id;
  const period = await createPeriod(server.db(), { name: '2026年度' });
  codes = JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', '2', '--json'])).codes;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const progress = async (page: import('playwright-core').Page) => (await page.locator('#survey-progress').textContent())?.trim();

test(
  'on a 390 px phone, one post is skipped in one choice: the unit items are answered once, the rest of the form passes',
  journey(() => browser, 'survey-skip-phone', async (page) => {
    await page.goto(server.baseUrl + '/survey');
    await page.locator('#f-code').fill(codes[0]);
    await page.locator('#survey-entry button[type=submit]').click();
    await page.locator('#survey-form').waitFor();
    // 14 unit items once + 5 post items × 3 posts.
    expect(await progress(page)).toBe('已答 0 / 29 题');
    expect(await page.locator('input[name^="answer.unit."][value="3"]').count()).toBe(14);

    const skip = page.getByLabel('不熟悉该岗位（副局长（分管财务装备）），跳过它的全部题目');
    const box = await skip.boundingBox();
    expect(box && box.width >= 20 && box.height >= 20).toBe(true); // a target a thumb can hit
    await skip.check();
    expect(await progress(page)).toBe('已答 0 / 24 题');

    const names = await page.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
    for (const name of names.filter((n) => !n.startsWith('answer.deputy.'))) await page.locator(`input[name="${name}"][value="4"]`).check();
    expect(await progress(page)).toBe('已答 24 / 24 题');
    expect(await sideways(page)).toEqual([]);
    expect(await wcagViolations(page)).toEqual([]);

    await page.locator('#survey-form button[type=submit]').click();
    await page.waitForURL('**/survey/thanks');
    expect(await page.locator('h1').textContent()).toContain('感谢您的参与');

    const held = await server.db()('held_answers').select('post_id', 'value');
    expect(held.filter((a) => a.post_id === posts.deputy)).toEqual([]);
    expect(held.filter((a) => a.post_id === 0)).toHaveLength(14);
    expect(held.filter((a) => a.post_id === posts.chief)).toHaveLength(5);
    expect(held.every((a) => a.value === 4)).toBe(true);
  }, { viewport: { width: 390, height: 844 }, javaScriptEnabled: true, isMobile: true, hasTouch: true }),
);

test(
  'without JavaScript on a phone, a post left unanswered and not skipped is marked; ticking "not familiar" lets it pass',
  journey(() => browser, 'survey-skip-phone-nojs', async (page) => {
    await page.goto(server.baseUrl + '/survey');
    await page.locator('#f-code').fill(codes[1]);
    await page.locator('#survey-entry button[type=submit]').click();
    const names = await page.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
    for (const name of names.filter((n) => !n.startsWith('answer.discipline.'))) await page.locator(`input[name="${name}"][value="2"]`).check();
    await page.locator('#survey-form button[type=submit]').click();
    expect(await page.locator('#error-summary').textContent()).toContain('还有 5 道题没有作答');
    expect(await page.locator('input[name="answer.chief.rules-1"][value="2"]').isChecked()).toBe(true); // answers kept
    expect(await sideways(page)).toEqual([]);
    await page.getByLabel('不熟悉该岗位（纪委书记），跳过它的全部题目').check();
    await page.locator('#survey-form button[type=submit]').click();
    await page.waitForURL('**/survey/thanks');
    // This respondent answered 2 everywhere; nothing of theirs about the skipped post is stored (the 4s are the first respondent's).
    const held = await server.db()('held_answers').where({ post_id: posts.discipline }).select('value');
    expect(held.map((a) => a.value)).toEqual([4, 4, 4, 4, 4]);
    expect(Number((await server.db()('held_answers').where({ post_id: posts.chief, value: 2 }).count({ n: '*' }).first())?.n)).toBe(5);
  }, { viewport: { width: 390, height: 844 }, javaScriptEnabled: false }),
);
