import { journey, mainText } from './helpers/browser';
import { fileReport } from './helpers/committee';
import { publicJourneys } from './helpers/survey';

// The reporter in a real browser, JavaScript off: the receipt page's dates, and Back-check-send caught with a choice.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(120_000);

const setup = publicJourneys('回执测试局');

const STORY = '有人以同乡名义打电话，要求在项目审批中“特事特办”，这是浏览器里提交的描述。';

test(
  'the receipt page gives the acknowledgement date; going Back and sending the same report again asks first, and can still file it',
  journey(() => setup.browser, 'report-receipt-and-resubmit', async (page) => {
    const first = await fileReport(page, setup.server, '回执测试局', STORY);
    const text = await mainText(page);
    expect(text).toMatch(/纪委将在 \d{4}-\d{2}-\d{2} 前受理您的反映（收到后 15 个工作日内）/);
    expect(text).toContain('15 个工作日内告知您结果');

    await page.goBack();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/report');
    // Whatever the browser restored, the reporter checks the text and sends the same report once more.
    await page.locator('#f-unit').selectOption({ label: '回执测试局' });
    await page.locator('#f-matter').selectOption({ index: 1 });
    await page.locator('#f-behaviour').selectOption({ index: 1 });
    await page.locator('#f-occurred_on').fill('2026-03');
    await page.locator('#f-description').fill(STORY);
    await page.locator('form.report-form button[type=submit]').click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('这份反映刚刚已经提交过');
    expect(await page.locator('#receipt').count()).toBe(0);
    expect(await page.locator('#f-description').inputValue()).toBe(STORY);

    await page.getByRole('button', { name: '仍要再次提交' }).click();
    const second = ((await page.locator('#receipt').textContent()) ?? '').trim();
    expect(second).toMatch(/^\d{4}( \d{4}){6}$/);
    expect(second).not.toBe(first);
  }),
);
