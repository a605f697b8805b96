import { translator } from '../../server/i18n';
import { totpCode } from '../helpers/auth-factories';
import { reportOrg } from '../helpers/report-factories';
import { createPeriod } from '../helpers/survey-factories';
import { type BrowserHandle, journey, launchBrowser, mainText } from './helpers/browser';
import { addAccountByCli, fileReport, signInWithPassword } from './helpers/committee';
import { startServer, type RunningServer } from './helpers/server';

// An administrator protects the account with TOTP, signs in again with password and code, and works a report that
// was filed through the public form a moment earlier: acknowledge, write to the reporter, export a CSV.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(180_000);

const STORY = '某科长多次为亲属企业打招呼、请托，要求加快审批-TOTP旅程标记';
const MESSAGE = '已受理，请补充时间地点。';

let server: RunningServer;
let browser: BrowserHandle;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await reportOrg(server.db());
  await createPeriod(server.db(), { name: '2026年度' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test(
  'an administrator enrols TOTP, signs in with password and code, acknowledges a fresh report, writes to the reporter and exports a CSV',
  journey(() => browser, 'totp-committee', async (page) => {
    const receipt = await fileReport(page, server, '甲市局', STORY);
    expect(receipt).not.toBe('');

    const admin = addAccountByCli(server, 'admin', 'totp.admin@example.org', '周管理');
    await signInWithPassword(page, server, admin);
    expect(new URL(page.url()).pathname).toBe('/committee');

    await page.goto(server.baseUrl + '/account/totp');
    const secret = ((await page.locator('.totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const enrolledAt = Date.now();
    await page.locator('#f-code').fill(await totpCode(secret, enrolledAt));
    await page.locator('form[action="/account/totp/confirm"] button[type=submit]').click();
    await expect(mainText(page)).resolves.toContain(translator('zh-CN')('auth.totp.recovery_title'));
    await page.goto(server.baseUrl + '/account/totp');
    await expect(mainText(page)).resolves.toContain(translator('zh-CN')('auth.totp.enabled_status', { n: 10 }));

    await page.locator('form[action="/logout"] button[type=submit]').first().click();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(server.baseUrl + '/committee/reports');
    await signInWithPassword(page, server, admin);
    expect(new URL(page.url()).pathname).toBe('/login/totp');
    // The enrolment spent its time step (no replay): the next step's code is within the accepted window.
    await page.locator('#f-code').fill(await totpCode(secret, enrolledAt + 30_000));
    await page.locator('form[action="/login/totp"] button[type=submit]').click();
    expect(new URL(page.url()).pathname).toBe('/committee/reports');

    await page.locator('main a[href^="/committee/reports/"]').first().click();
    await expect(mainText(page)).resolves.toContain(STORY);
    await page.locator('#f-status').selectOption('acknowledged');
    await page.locator('form[action$="/status"] button[type=submit]').click();
    expect(await page.locator('#f-status').inputValue()).toBe('acknowledged');
    await page.locator('#f-message').fill(MESSAGE);
    await page.locator('form[action$="/messages"] button[type=submit]').click();
    await expect(mainText(page)).resolves.toContain(MESSAGE);

    await page.goto(server.baseUrl + '/committee/exports');
    const href = await page.locator('main a[href$="/report-statistics.csv"]').first().getAttribute('href');
    expect(href).toBeTruthy();
    const csv = await page.request.get(server.baseUrl + href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers()['content-disposition']).toMatch(/attachment/);
    const firstLine = (await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    expect(firstLine.split(',').length).toBeGreaterThan(1);
    expect(firstLine).toMatch(/[\u4e00-\u9fff]/); // the column names are in the reader's language
  }),
);
