import { createUser } from '../helpers/factories';
import { type BrowserHandle, journey, launchBrowser, mainText, wcagViolations } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

// The front door in a real browser with JavaScript off: language, committee sign-in, and WCAG 2.1 AA on each page.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(120_000);

let server: RunningServer;
let browser: BrowserHandle;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
const b = () => browser;

test(
  'the home page opens in Chinese and the language link switches it to English, which is remembered',
  journey(b, 'home-language', async (page) => {
    await page.goto(server.baseUrl + '/');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('清风');
    await page.getByRole('link', { name: 'English' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(mainText(page)).resolves.toContain('Take the anonymous survey');
    await page.goto(server.baseUrl + '/login');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // On a page with a form the switch is a button that sends the form back in the other language.
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  }),
);

test(
  'a committee member signs in through the form and reaches the workspace; a wrong password is refused in place',
  journey(b, 'committee-login', async (page) => {
    const user = await createUser(server.db(), { role: 'reviewer', name: '王审查' });
    await page.goto(server.baseUrl + '/');
    await page.getByRole('link', { name: '纪委工作人员请从此处登录' }).click();
    await page.getByLabel('电子邮箱').fill(user.email);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('邮箱或密码不正确');
    expect(await page.getByLabel('电子邮箱').inputValue()).toBe(user.email);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: '登录' }).click();
    expect(new URL(page.url()).pathname).toBe('/committee');
    await expect(mainText(page)).resolves.toContain('王审查');
  }),
);

describe.each([
  ['zh-CN', 'zh-CN,zh;q=0.9'],
  ['en', 'en-GB,en;q=0.9'],
])('accessibility in %s (axe-core, WCAG 2.1 A and AA)', (lang, acceptLanguage) => {
  test.each([
    ['home page', '/'],
    ['login page', '/login'],
    ['error page', '/no-such-page'],
  ])(
    'the %s has no violations',
    async (label, path) => {
      // axe runs in the page, so this context has JavaScript on; the page itself does not need it.
      await journey(b, `axe-${lang}-${label}`, async (page) => {
        await page.goto(server.baseUrl + path);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await wcagViolations(page)).toEqual([]);
      }, { javaScriptEnabled: true, extraHTTPHeaders: { 'Accept-Language': acceptLanguage }, locale: lang })();
    },
  );

  test('the login page with a form error has no violations', async () => {
    await journey(b, `axe-${lang}-login-error`, async (page) => {
      await page.goto(server.baseUrl + '/login');
      await page.locator('#f-email').fill('nobody@example.org');
      await page.locator('#f-password').fill('wrong');
      await page.locator('form button[type=submit]').click();
      await page.locator('.error-summary').waitFor();
      expect(await wcagViolations(page)).toEqual([]);
    }, { javaScriptEnabled: true, extraHTTPHeaders: { 'Accept-Language': acceptLanguage }, locale: lang })();
  });
});
