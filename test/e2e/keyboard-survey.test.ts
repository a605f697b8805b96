import { createPost, createUnit } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';
import { journey, launchBrowser, type BrowserHandle } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

// WCAG 2.1.1: the whole survey can be completed from the keyboard alone (Tab, Space, Enter; typing the code).
jest.setTimeout(180_000);

let server: RunningServer;
let browser: BrowserHandle;
let code: string;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const unit = await createUnit(server.db(), { name: '键盘测试局' });
  await createPost(server.db(), unit.id, { key: 'chief', title: '局长', chief: true });
  await createPost(server.db(), unit.id, { key: 'deputy', title: '副局长' });
  const period = await createPeriod(server.db());
  code = JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', '1', '--json'])).codes[0];
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return { tag: el?.tagName ?? '', type: el?.type ?? '', id: el?.id ?? '', name: el?.name ?? '', checked: !!el?.checked };
  });

test(
  'a staff member completes the survey with Tab, Space and Enter only',
  journey(() => browser, 'keyboard-survey', async (page) => {
    await page.goto(server.baseUrl + '/survey');
    for (let i = 0; i < 30 && (await focused(page)).id !== 'f-code'; i++) await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('f-code');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.locator('.survey-grid').first().waitFor();

    const groups = await page.locator('input[type=radio]').evaluateAll((els) => new Set(els.map((e) => (e as HTMLInputElement).name)).size);
    const answered = new Set<string>();
    for (let i = 0; i < groups * 3 + 60; i++) {
      await page.keyboard.press('Tab');
      const el = await focused(page);
      if (el.type === 'radio' && !answered.has(el.name)) {
        await page.keyboard.press('Space');
        answered.add(el.name);
      }
      if (el.tag === 'BUTTON' && el.type === 'submit' && answered.size === groups) break;
    }
    expect(answered.size).toBe(groups);
    expect((await focused(page)).tag).toBe('BUTTON');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('感谢您的参与');
  }, { javaScriptEnabled: true }), // on only so the test can ask which element has focus; the page has no script
);
