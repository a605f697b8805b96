import { createPost, createUnit, createUser } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';
import { type BrowserHandle, journey, launchBrowser, mainText } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

// A reviewer's working day in a real browser with JavaScript off: sign in, read a unit's results and a post's
// explanation, register a prevention measure, export the register as CSV.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(180_000);

let server: RunningServer;
let browser: BrowserHandle;
let unitKey: string;
let periodKey: string;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const unit = await createUnit(server.db(), { name: '旅程测试局' });
  unitKey = unit.key;
  await createPost(server.db(), unit.id, { key: 'chief', title: '局长', chief: true, power: { decision: 5, personnel: 5, finance: 4 } });
  periodKey = (await createPeriod(server.db(), { name: '2026年度' })).key;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'a reviewer signs in, reads the unit results and the chief post explanation, adds a measure and exports the register',
  journey(() => browser, 'committee-day', async (page) => {
    const user = await createUser(server.db(), { role: 'reviewer', allUnits: true, name: '赵审查' });
    await page.goto(`${server.baseUrl}/committee/results/${periodKey}/${unitKey}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.locator('#f-email').fill(user.email);
    await page.locator('#f-password').fill(user.password);
    await page.locator('form[action="/login"] button[type=submit]').click();
    expect(new URL(page.url()).pathname).toBe(`/committee/results/${periodKey}/${unitKey}`);
    await expect(mainText(page)).resolves.toContain('局长');

    await page.locator(`main a[href="/committee/results/${periodKey}/${unitKey}/chief"]`).first().click();
    const explanation = await mainText(page);
    expect(explanation).toContain('局长');
    expect(explanation).toContain('能腐');

    await page.goto(`${server.baseUrl}/committee/measures/${unitKey}/chief/new`);
    await page.locator('input[name="dimensions"]').first().check();
    await page.locator('#f-description').fill('制定自由裁量基准，重大事项集体决策-旅程标记');
    await page.locator('#f-owner').fill('办公室');
    await page.locator('#f-next_review_on').fill('2027-03-31');
    await page.locator('main form[method="post"] button[type=submit]').first().click();
    expect(page.url()).toContain('saved=1');
    await expect(mainText(page)).resolves.toContain('旅程标记');

    const csv = await page.request.get(`${server.baseUrl}/committee/exports/measures.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('旅程标记');
  }),
);
