import type { Page } from 'playwright-core';
import { journey, launchBrowser, wcagViolations, type AxeViolationSummary, type BrowserHandle } from './helpers/browser';
import { loadDemo, signInWithPassword, type Account } from './helpers/committee';
import { startServer, type RunningServer } from './helpers/server';

// WCAG 2.1 A/AA (axe-core) on the committee's main pages, on the demo organisation, in both languages.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(240_000);

let server: RunningServer;
let browser: BrowserHandle;
let admin: Account;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  admin = loadDemo(server).admin;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The first link in <main> whose path matches, as an absolute path. */
async function firstLink(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator('main a[href]').evaluateAll((els) => els.map((e) => (e as HTMLAnchorElement).pathname));
  const found = hrefs.find((h) => pattern.test(h));
  if (!found) throw new Error(`no link matching ${pattern} on ${page.url()}`);
  return found;
}

describe.each([
  ['zh-CN', 'zh-CN'],
  ['en', 'en-GB'],
])('committee pages in %s pass axe-core WCAG 2.1 A/AA', (lang, locale) => {
  test(
    'dashboard, results, a post explanation, reports inbox and one report, measures register, administration',
    journey(() => browser, `axe-committee-${lang}`, async (page) => {
      await signInWithPassword(page, server, admin);
      expect(new URL(page.url()).pathname).toBe('/committee');
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);

      const visited: string[] = [];
      const found: Record<string, AxeViolationSummary[]> = {};
      const check = async (path: string) => {
        const response = await page.goto(server.baseUrl + path);
        expect([path, response?.status()]).toEqual([path, 200]);
        const violations = await wcagViolations(page);
        visited.push(path);
        if (violations.length) found[path] = violations;
      };
      await check('/committee');
      await page.goto(server.baseUrl + '/committee/results');
      const unitPage = await firstLink(page, /^\/committee\/results\/[^/]+\/[^/]+$/);
      await check(unitPage);
      const postPage = await firstLink(page, new RegExp(`^${unitPage}/[^/]+$`));
      await check(postPage);
      await check('/committee/reports');
      await check(await firstLink(page, /^\/committee\/reports\/\d+$/));
      await check('/committee/measures');
      await check('/admin');
      expect(visited).toHaveLength(7);
      expect(found).toEqual({});
    }, { javaScriptEnabled: true, locale }),
  );
});
