import { journey } from './helpers/browser';
import { publicJourneys } from './helpers/survey';

// The error summary in a real browser, JavaScript off, on a phone: each link names its field, and following it brings
// that very field into view (its label is the name the link gave).
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(120_000);

const setup = publicJourneys('摘要测试局');

describe.each(['zh-CN', 'en'])('in %s', (locale) => {
  test('every link of the report form\'s error summary leads to the field it names', async () => {
    await journey(() => setup.browser, `error-summary-${locale}`, async (page) => {
      await page.goto(setup.server.baseUrl + '/report');
      await page.locator('#f-occurred_on').fill('2999-01');
      await page.locator('form.report-form button[type=submit]').click();
      await page.waitForLoadState('load');
      const links = page.locator('.error-summary a');
      const count = await links.count();
      expect(count).toBe(5);
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        const text = ((await link.textContent()) ?? '').trim();
        const href = (await link.getAttribute('href')) as string;
        const fieldName = text.split(/[:：]/)[0].trim();
        await link.click();
        expect(new URL(page.url()).hash).toBe(href);
        const target = page.locator(href);
        const label = (await page.locator(`label[for="${href.slice(1)}"]`).textContent())?.trim();
        expect({ text, label }).toEqual({ text, label: fieldName });
        const box = await target.boundingBox();
        const viewport = page.viewportSize()!;
        expect(box!.y).toBeGreaterThanOrEqual(-1);
        expect(box!.y).toBeLessThan(viewport.height);
        await page.evaluate(() => window.scrollTo(0, 0));
      }
    }, { viewport: { width: 360, height: 700 }, locale, extraHTTPHeaders: { 'Accept-Language': locale } })();
  });
});
