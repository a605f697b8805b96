import { chromium, type Page } from 'playwright-core';
import { createSession } from '../../server/services/auth/sessions';
import { createPost, createUnit, createUser } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';
import { type BrowserHandle, CHROMIUM, journey, launchBrowser, mainText, PROOF_USER_AGENT, wcagViolations } from './helpers/browser';
import { databasePlace, placesKept, releasedRowsPairedWithCodes, secretsFound } from './helpers/anonymity-audit';
import { startServer, type RunningServer } from './helpers/server';

// The anonymous survey in a real browser with JavaScript off, and WCAG 2.1 AA on every survey page.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(180_000);

let server: RunningServer;
let browser: BrowserHandle;
let unitKey: string;
let periodKey: string;
let codes: string[];
const slipCodes: string[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser().catch(() => plainBrowser())]);
  const unit = await createUnit(server.db(), { name: '南湖区局' });
  unitKey = unit.key;
  await createPost(server.db(), unit.id, { key: 'chief', title: '局长' });
  await createPost(server.db(), unit.id, { key: 'dep-fin', title: '副局长（分管财务）' });
  periodKey = (await createPeriod(server.db(), { name: '2026年度' })).key;
  codes = JSON.parse(server.cli(['codes', 'generate', '--period', periodKey, '--unit', unitKey, '--count', '8', '--json'])).codes;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
const b = () => browser;

/** Fallback when the shared launcher's profile flag is refused by this playwright-core: the same browser, no profile dir. */
async function plainBrowser(): Promise<BrowserHandle> {
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const instance = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: flags });
  return {
    browser: instance,
    context: (options = {}) => instance.newContext({ javaScriptEnabled: false, userAgent: PROOF_USER_AGENT, locale: 'zh-CN', ...options }),
    close: () => instance.close(),
  };
}

async function answerAll(page: Page, value: string, except?: string) {
  const names = await page.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
  for (const name of names) if (name !== except) await page.locator(`input[name="${name}"][value="${value}"]`).check();
  return names;
}

async function signedIn(page: Page, role: 'admin' | 'reviewer') {
  const user = await createUser(server.db(), { role, allUnits: true });
  const { token } = await createSession(server.db(), user.id, Date.now(), false);
  await page.context().addCookies([{ name: 'qf_session', value: token, url: server.baseUrl }]);
}

test(
  'a staff member enters a sloppily typed code, is told what is missing with answers kept, submits, gets no cookie, and cannot use the code again',
  journey(b, 'survey-answer', async (page, context) => {
    await page.goto(server.baseUrl + '/survey');
    await page.getByLabel('问卷码').fill(codes[0].toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: '开始答卷' }).click();
    // The unit items first (asked once), then one table per post.
    await expect(page.locator('caption').first().textContent()).resolves.toBe('南湖区局整体情况');
    await expect(page.locator('caption').nth(1).textContent()).resolves.toBe('局长');
    const names = await answerAll(page, '4', 'answer.dep-fin.rules-1');
    await page.getByRole('button', { name: '提交问卷' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('还有 1 道题没有作答');
    expect(await page.locator(`input[name="${names[0]}"][value="4"]`).isChecked()).toBe(true);
    await page.locator('input[name="answer.dep-fin.rules-1"][value="na"]').check();
    await page.getByLabel('意见建议（选填）').fill('希望加强对财务审批的监督');
    await page.getByRole('button', { name: '提交问卷' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('感谢您的参与');
    expect(await context.cookies()).toEqual([]);

    await page.goto(server.baseUrl + '/survey');
    await page.getByLabel('问卷码').fill(codes[0]);
    await page.getByRole('button', { name: '开始答卷' }).click();
    await expect(mainText(page)).resolves.toContain('此问卷码已经使用过');
    expect(await page.locator('.survey-grid').count()).toBe(0);
    expect(await context.cookies()).toEqual([]);
  }),
);

describe('accessibility of the survey pages (axe-core, WCAG 2.1 A and AA)', () => {
  const axe = (name: string, body: (page: Page) => Promise<void>) =>
    journey(b, `axe-survey-${name}`, async (page) => {
      await body(page);
      expect(await wcagViolations(page)).toEqual([]);
    }, { javaScriptEnabled: true });

  test('entry page with a refusal', axe('entry', async (page) => {
    await page.goto(server.baseUrl + '/survey');
    await page.locator('#f-code').fill('AAAA-BBBB-CCCC-DDDD');
    await page.locator('form button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
  }));

  test('answer page with missing answers marked', axe('form', async (page) => {
    await page.goto(server.baseUrl + '/survey');
    await page.locator('#f-code').fill(codes[1]);
    await page.locator('form button[type=submit]').click();
    await page.locator('.survey-grid').first().waitFor();
    await page.locator('form.survey-form button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
  }));

  test('committee figures after a release', axe('figures', async (page) => {
    for (const code of codes.slice(2, 7)) {
      await page.goto(server.baseUrl + '/survey');
      await page.locator('#f-code').fill(code);
      await page.locator('form button[type=submit]').click();
      await answerAll(page, '2');
      await page.locator('form.survey-form button[type=submit]').click();
      await page.getByRole('heading', { level: 1 }).waitFor();
    }
    await signedIn(page, 'reviewer');
    await page.goto(`${server.baseUrl}/committee/survey/${periodKey}/${unitKey}`);
    await expect(page.locator('#fig-released').textContent()).resolves.toBe('5');
    expect(await page.locator('svg.bar-chart').count()).toBeGreaterThan(0);
  }));

  test('admin questionnaire editor and printable slips', axe('admin', async (page) => {
    await signedIn(page, 'admin');
    await page.goto(server.baseUrl + '/admin/questionnaire');
    expect(await wcagViolations(page)).toEqual([]);
    await page.goto(`${server.baseUrl}/admin/questionnaire/reliability?period=${periodKey}`);
    await expect(page.locator('h2').count()).resolves.toBe(6);
    expect(await wcagViolations(page)).toEqual([]);
    await page.goto(server.baseUrl + '/admin/survey/codes');
    await page.locator('#f-period').selectOption(periodKey);
    await page.locator('#f-unit').selectOption(unitKey);
    await page.locator('#f-count').fill('4');
    await page.locator('form[action="/admin/survey/codes"] button[type=submit]').click();
    await page.locator('.slip-code').first().waitFor(); // count() does not wait for the new page
    await expect(page.locator('.slip-code').count()).resolves.toBe(4);
    slipCodes.push(...(await page.locator('.slip-code').allTextContents()).map((c) => c.trim()));
  }));
});

test('after the journeys nothing the server keeps holds a respondent\'s address, user agent or any code in clear', async () => {
  expect(slipCodes).toHaveLength(4);
  const secrets: Record<string, string> = { 'client address': '127.0.0.1', 'user agent': PROOF_USER_AGENT, 'user agent marker': 'anonymity-audit-marker' };
  for (const [i, code] of [...codes, ...slipCodes].entries()) {
    secrets[`code ${i + 1}`] = code;
    secrets[`code ${i + 1} without dashes`] = code.replace(/-/g, '');
  }
  const places = placesKept(server);
  expect(databasePlace(server, places)).toBeDefined(); // the audit really reads the database
  expect(secretsFound(places, secrets)).toEqual([]);
  // After the release, no released row shares its transaction with the use of fewer than k codes (PostgreSQL xmin).
  expect(Number((await server.db()('releases').count({ n: '*' }).first())?.n)).toBe(1);
  expect(await releasedRowsPairedWithCodes(server)).toEqual([]);
});
