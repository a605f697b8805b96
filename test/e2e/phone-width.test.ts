import { journey, sideways } from './helpers/browser';
import { fileReport } from './helpers/committee';
import { publicJourneys } from './helpers/survey';

// Every public page on a 360 px phone, in both languages: nothing makes the page scroll sideways. A page that does
// names the elements that stick out past the right edge.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(240_000);

const setup = publicJourneys('手机测试局');

describe.each(['zh-CN', 'en'])('public pages at 360 px in %s', (locale) => {
  test('none scrolls sideways', async () => {
    await journey(() => setup.browser, `phone-public-${locale}`, async (page) => {
      const found: Record<string, string[]> = {};
      const check = async (label: string) => {
        const wide = await sideways(page);
        if (wide.length) found[label] = wide;
      };
      for (const path of ['/', '/survey', '/survey/thanks', '/report', '/report/follow-up', '/login', '/no-such-page']) {
        await page.goto(setup.server.baseUrl + path);
        await check(path);
      }
      await page.goto(setup.server.baseUrl + '/survey');
      await page.locator('#survey-entry button[type=submit]').click();
      await check('survey entry with an error');
      await page.locator('#f-code').fill(setup.codes[locale === 'en' ? 0 : 1]);
      await page.locator('#survey-entry button[type=submit]').click();
      await check('survey form');
      await page.locator('#survey-form button[type=submit]').click();
      await check('survey form with errors');
      await page.goto(setup.server.baseUrl + '/report');
      await page.locator('form.report-form button[type=submit]').click();
      await check('report form with errors');
      const receipt = await fileReport(page, setup.server, '手机测试局', `在手机上提交的反映（${locale}），描述需要至少二十个字才行。`);
      await check('receipt page');
      await page.goto(setup.server.baseUrl + '/report/follow-up');
      await page.locator('#f-receipt').fill('1234');
      await page.locator('#followup-form button[type=submit]').click();
      await check('follow-up with an error');
      await page.locator('#f-receipt').fill(receipt);
      await page.locator('#followup-form button[type=submit]').click();
      await check('status page');
      expect(found).toEqual({});
    }, { viewport: { width: 360, height: 740 }, locale, extraHTTPHeaders: { 'Accept-Language': locale } })();
  });
});
