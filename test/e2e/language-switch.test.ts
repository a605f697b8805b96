import type { Page } from 'playwright-core';
import { createUser } from '../helpers/factories';
import { journey, mainText } from './helpers/browser';
import { fileReport } from './helpers/committee';
import { publicJourneys } from './helpers/survey';

// Switching language on a form page sends the form and brings it back in the other language with everything typed or
// chosen still there (no JavaScript needed); Enter in a field still sends the form itself. The survey shows how far
// along one is, and its column headings stay in view.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(180_000);

const setup = publicJourneys('语言测试局');
const b = () => setup.browser;
const lang = (page: Page) => page.getAttribute('html', 'lang');
const radioNames = (page: Page) => page.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);

test(
  'the survey: the code and every answer survive switching to English and back; Enter in the code field still starts the survey',
  journey(b, 'switch-survey', async (page) => {
    await page.goto(setup.server.baseUrl + '/survey');
    await page.locator('#f-code').fill(setup.codes[0]);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await lang(page)).toBe('en');
    expect(await page.locator('#f-code').inputValue()).toBe(setup.codes[0]);
    await page.locator('#f-code').press('Enter');
    await page.waitForLoadState('load');
    expect(await lang(page)).toBe('en');
    // The unit-wide statements come first (asked once), then one table per post, captioned with the post's name.
    await expect(page.locator('caption').first().textContent()).resolves.toBe('语言测试局 as a whole');
    expect(await page.locator('caption').allTextContents()).toContain('局长');

    const names = await radioNames(page);
    await expect(page.locator('#survey-progress').textContent()).resolves.toBe(`0 of ${names.length} answered`);
    await page.locator(`input[name="${names[0]}"][value="2"]`).check();
    await page.locator(`input[name="${names[5]}"][value="na"]`).check();
    await page.locator('#f-comment').fill('Keep this comment');
    await page.getByRole('button', { name: '中文' }).click();
    expect(await lang(page)).toBe('zh-CN');
    expect(new URL(page.url()).pathname).toBe('/survey/submit');
    expect(await page.locator(`input[name="${names[0]}"][value="2"]`).isChecked()).toBe(true);
    expect(await page.locator(`input[name="${names[5]}"][value="na"]`).isChecked()).toBe(true);
    expect(await page.locator('#f-comment').inputValue()).toBe('Keep this comment');
    // Not submitted yet, so nothing is marked missing; the progress counts what was kept.
    expect(await page.locator('.error-summary').count()).toBe(0);
    await expect(page.locator('#survey-progress').textContent()).resolves.toBe(`已答 2 / ${names.length} 题`);

    for (const name of names) await page.locator(`input[name="${name}"][value="4"]`).check();
    await page.getByRole('button', { name: '提交问卷' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('感谢您的参与');
  }),
);

test(
  'with JavaScript on, the progress follows each answer',
  journey(b, 'survey-progress-live', async (page) => {
    await page.goto(setup.server.baseUrl + '/survey');
    await page.locator('#f-code').fill(setup.codes[1]);
    await page.locator('#survey-entry button[type=submit]').click();
    const names = await radioNames(page);
    await page.locator(`input[name="${names[3]}"][value="5"]`).check();
    await page.locator(`input[name="${names[4]}"][value="1"]`).check();
    await page.locator(`input[name="${names[4]}"][value="3"]`).check();
    await expect(page.locator('#survey-progress').textContent()).resolves.toBe(`已答 2 / ${names.length} 题`);
  }, { javaScriptEnabled: true }),
);

describe.each([
  ['zh-CN', 360],
  ['en', 360],
  ['en', 1280],
])('the survey in %s at %i px', (locale, width) => {
  test('keeps the table subject (the unit, then each post) and the column headings in view while its statements scroll past', async () => {
    await journey(b, `survey-sticky-${locale}-${width}`, async (page) => {
      await page.goto(setup.server.baseUrl + '/survey');
      await page.locator('#f-code').fill(setup.codes[2]);
      await page.locator('#survey-entry button[type=submit]').click();
      const table = page.locator('table.survey-grid').first();
      const rows = table.locator('tbody tr');
      await rows.nth(8).scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 0));
      const head = await table.locator('thead th').first().boundingBox();
      const tableBox = await table.boundingBox();
      expect(tableBox!.y).toBeLessThan(0); // the table's top has scrolled out of the window …
      expect(Math.round(head!.y)).toBe(0); // … and its headings are held at the top
      await expect(table.locator('thead').textContent()).resolves.toContain('语言测试局');
    }, { viewport: { width, height: 640 }, locale, extraHTTPHeaders: { 'Accept-Language': locale } })();
  });
});

test(
  'the report form keeps unit, matter, description and name across a switch, and still files',
  journey(b, 'switch-report', async (page) => {
    await page.goto(setup.server.baseUrl + '/report');
    await page.locator('#f-unit').selectOption({ label: '语言测试局' });
    await page.locator('#f-matter').selectOption('procurement');
    await page.locator('#f-behaviour').selectOption({ index: 2 });
    await page.locator('#f-description').fill('某局长多次打电话要求在采购中照顾其亲属的公司，语言切换后应仍然保留。');
    await page.locator('#f-real_name').fill('张三');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await lang(page)).toBe('en');
    expect(await page.locator('#f-unit option:checked').textContent()).toBe('语言测试局');
    expect(await page.locator('#f-matter').inputValue()).toBe('procurement');
    expect(await page.locator('#f-description').inputValue()).toContain('语言切换后应仍然保留');
    expect(await page.locator('#f-real_name').inputValue()).toBe('张三');
    expect(await page.locator('.error-summary').count()).toBe(0);
    await page.locator('form.report-form button[type=submit]').click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Report received');
  }),
);

test(
  'the receipt page and the status page after a reply switch language in place, the receipt and a draft kept',
  journey(b, 'switch-follow-up', async (page) => {
    const receipt = await fileReport(page, setup.server, '语言测试局', '有人就工程项目打招呼，这是一段足够长的描述文字。');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await lang(page)).toBe('en');
    expect((await page.locator('#receipt').textContent())?.trim()).toBe(receipt);

    await page.goto(setup.server.baseUrl + '/report/follow-up');
    await page.locator('#f-receipt').fill(receipt.slice(0, 9));
    await page.getByRole('button', { name: '中文' }).click();
    expect(await lang(page)).toBe('zh-CN');
    expect(await page.locator('#f-receipt').inputValue()).toBe(receipt.slice(0, 9));
    await page.locator('#f-receipt').fill(receipt);
    await page.locator('#followup-form button[type=submit]').click();
    await page.locator('#f-message').fill('补充一点情况。');
    await page.locator('#reply-form button[type=submit]').click();
    await expect(mainText(page)).resolves.toContain('补充一点情况。');
    await page.locator('#f-message').fill('还没写完的草稿');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await lang(page)).toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My report');
    expect(await page.locator('#f-message').inputValue()).toBe('还没写完的草稿');
    // The draft was not sent by switching.
    expect(await page.locator('.report-message').count()).toBe(1);
  }),
);

test(
  'the sign-in form keeps the e-mail (never the password) across a switch and makes no attempt',
  journey(b, 'switch-login', async (page) => {
    const user = await createUser(setup.server.db(), { role: 'reviewer' });
    await page.goto(setup.server.baseUrl + '/login');
    await page.locator('#f-email').fill(user.email);
    await page.locator('#f-password').fill('wrong password here');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await lang(page)).toBe('en');
    expect(await page.locator('#f-email').inputValue()).toBe(user.email);
    expect(await page.locator('#f-password').inputValue()).toBe('');
    expect(await page.locator('.error-summary').count()).toBe(0);
  }),
);
