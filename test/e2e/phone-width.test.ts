import { journey, sideways, squeezedCells } from './helpers/browser';
import { fileReport, loadDemo, signInWithPassword, type Account } from './helpers/committee';
import { publicJourneys } from './helpers/survey';

// Every public page and the committee's main pages on a 360 px phone, in both languages: nothing makes the page scroll
// sideways (a committee table may scroll inside its own region), no date splits, no short Chinese cell is written a
// character per line. A failure names the elements at fault.
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

const COMMITTEE_PAGES = [
  '/committee', '/committee/results', '/committee/results/2026/demo-jia', '/committee/results/2026/demo-jia/chief', '/committee/results/compare',
  '/committee/reports', '/committee/survey', '/committee/survey/2026/demo-jia', '/committee/measures', '/committee/measures/demo-jia/chief',
  '/committee/units/demo-jia/posts/chief/findings', '/committee/exports', '/committee/register', '/committee/print/2026/demo-jia', '/account/totp',
  '/admin', '/admin/units', '/admin/units/demo-jia', '/admin/units/demo-jia/posts/chief', '/admin/periods', '/admin/periods/2026',
  '/admin/periods/2026/params', '/admin/periods/2026/ahp', '/admin/questionnaire', '/admin/questionnaire/reliability', '/admin/survey/codes', '/admin/survey/invitations',
  '/admin/users', '/admin/users/new', '/admin/audit', '/admin/mail',
];

describe('the committee\'s main pages at 360 px', () => {
  let admin: Account;
  beforeAll(() => {
    admin = loadDemo(setup.server).admin;
  });

  test.each(['zh-CN', 'en'])('in %s: the page never scrolls sideways and no cell is squeezed', async (locale) => {
    await journey(() => setup.browser, `phone-committee-${locale}`, async (page) => {
      await signInWithPassword(page, setup.server, admin);
      const found: Record<string, string[]> = {};
      for (const path of COMMITTEE_PAGES) {
        const response = await page.goto(setup.server.baseUrl + path);
        const problems = [...(response?.status() === 200 ? [] : [`HTTP ${response?.status()}`]), ...(await sideways(page, { tableRegions: true })), ...(await squeezedCells(page))];
        if (problems.length) found[path] = problems;
      }
      await page.goto(setup.server.baseUrl + '/committee/reports');
      const report = await page.locator('main a[href^="/committee/reports/"]').first().getAttribute('href');
      await page.goto(setup.server.baseUrl + report);
      const onReport = [...(await sideways(page, { tableRegions: true })), ...(await squeezedCells(page))];
      if (onReport.length) found[report as string] = onReport;
      expect(found).toEqual({});
    }, { viewport: { width: 360, height: 740 }, locale, extraHTTPHeaders: { 'Accept-Language': locale } })();
  });
});
