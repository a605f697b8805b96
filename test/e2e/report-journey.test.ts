import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { dayOf } from '../../server/domain/deadlines';
import { claimFormToken } from '../../server/services/auth/form-tokens';
import { createSession } from '../../server/services/auth/sessions';
import fs from 'node:fs';
import path from 'node:path';
import { createUser } from '../helpers/factories';
import { markedJpeg, markersIn } from '../helpers/attachment-fixtures';
import { reportOrg } from '../helpers/report-factories';
import { type BrowserHandle, journey, launchBrowser, mainText, PROOF_USER_AGENT, wcagViolations } from './helpers/browser';
import { databasePlace, placesKept, secretsFound } from './helpers/anonymity-audit';
import { startServer, type RunningServer } from './helpers/server';

// A reporter and the committee talk through the anonymous channel in a real browser (JavaScript off on both
// sides), then everything the server kept is searched for what would identify the reporter (DESIGN.md §4).
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(180_000);

const STORY = '副局长甲某某三月打电话给审批科要求对其亲属项目特事特办-审计标记7781';
const REPLY = '补充情况：宴请地点在城东某酒店-审计标记9934';
const COMMITTEE_MESSAGE = '已受理，请补充通话的大致日期。';

let server: RunningServer;
let browser: BrowserHandle;
let receipt = '';
beforeAll(async () => {
  server = await startServer({ env: { NOTIFY: 'immediate' } });
  browser = await launchBrowser();
  await reportOrg(server.db());
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
const b = () => browser;

async function onePagePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setAuthor('Reporter Real Name');
  doc.addPage([200, 200]);
  return Buffer.from(await doc.save());
}

async function asCommittee(page: Page) {
  const user = await createUser(server.db(), { role: 'admin', allUnits: true, name: '李纪检' });
  const { token } = await createSession(server.db(), user.id, Date.now(), false);
  await page.context().addCookies([{ name: 'qf_session', value: token, url: server.baseUrl }]);
}

test(
  'a reporter files with a photo and a PDF and keeps the receipt; the committee sees and downloads the photo, acknowledges and asks; the reporter reads it and replies',
  journey(b, 'report-conversation', async (page, context) => {
    await page.goto(server.baseUrl + '/report');
    await page.locator('#f-unit').selectOption({ label: '甲市局' });
    await page.locator('#f-matter').selectOption({ index: 1 });
    await page.locator('#f-behaviour').selectOption({ index: 1 });
    await page.locator('#f-occurred_on').fill('2026-03');
    await page.locator('#f-description').fill(STORY);
    await page.locator('#f-attachments').setInputFiles([
      { name: 'IMG_20261120_LiSi.jpg', mimeType: 'image/jpeg', buffer: await markedJpeg() },
      { name: 'note.pdf', mimeType: 'application/pdf', buffer: await onePagePdf() },
    ]);
    await page.locator('form.report-form button[type=submit]').click();
    receipt = ((await page.locator('#receipt').textContent()) ?? '').trim();
    expect(receipt.replace(/\s/g, '')).toMatch(/^\d{24,}$/);
    expect(await context.cookies()).toEqual([]);

    const committee = await browser.context();
    const desk = await committee.newPage();
    await asCommittee(desk);
    await desk.goto(server.baseUrl + '/committee/reports');
    await desk.locator('main a[href^="/committee/reports/"]').first().click();
    await expect(mainText(desk)).resolves.toContain(STORY);
    // The photo is on the case page under a generated name, and what downloads is the re-rendered copy.
    const photo = desk.locator('main a[download]', { hasText: '附件-1.jpg' });
    await expect(photo.count()).resolves.toBe(1);
    await expect(desk.locator('main a[download]', { hasText: '附件-2.pdf' }).count()).resolves.toBe(1);
    await expect(mainText(desk)).resolves.not.toContain('LiSi');
    const [download] = await Promise.all([desk.waitForEvent('download'), photo.click()]);
    expect(download.suggestedFilename()).toBe('附件-1.jpg');
    const downloaded = fs.readFileSync(await download.path());
    expect(downloaded.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(markersIn(downloaded)).toEqual([]);
    await desk.locator('#f-status').selectOption('acknowledged');
    await desk.locator('form[action$="/status"] button[type=submit]').click();
    await desk.locator('#f-message').fill(COMMITTEE_MESSAGE);
    await desk.locator('form[action$="/messages"] button[type=submit]').click();
    await expect(mainText(desk)).resolves.toContain(COMMITTEE_MESSAGE);
    await committee.close();

    await page.goto(server.baseUrl + '/report/follow-up');
    await page.locator('#f-receipt').fill(receipt);
    await page.locator('form[action="/report/follow-up"] button[type=submit]').click();
    const status = await mainText(page);
    expect(status).toContain(COMMITTEE_MESSAGE);
    expect(status).toContain('已受理');
    await page.locator('#f-message').fill(REPLY);
    await page.locator('form[action="/report/follow-up/reply"] button[type=submit]').click();
    await expect(mainText(page)).resolves.toContain(REPLY);
    expect(await context.cookies()).toEqual([]);
  }),
);

async function fillReport(page: Page, story: string) {
  await page.goto(server.baseUrl + '/report');
  await page.locator('#f-unit').selectOption({ label: '甲市局' });
  await page.locator('#f-matter').selectOption({ index: 1 });
  await page.locator('#f-behaviour').selectOption({ index: 1 });
  await page.locator('#f-description').fill(story);
}

const reportCount = async () => Number((await server.db()('reports').count({ n: '*' }).first())?.n);

test(
  'reloading the receipt page (the browser sends the form again) files nothing more and shows the same receipt',
  journey(b, 'report-reload', async (page) => {
    await fillReport(page, '刷新测试：刷新回执页面不应再登记一份反映，内容足够长。');
    const before = await reportCount();
    let posts = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/report') posts++; });
    await page.locator('form.report-form button[type=submit]').click();
    const shown = ((await page.locator('#receipt').textContent()) ?? '').trim();
    await page.reload();
    expect(posts).toBe(2); // the browser really sent the form twice
    expect(((await page.locator('#receipt').textContent()) ?? '').trim()).toBe(shown);
    expect(await reportCount()).toBe(before + 1);
    await page.goto(server.baseUrl + '/report/follow-up');
    await page.locator('#f-receipt').fill(shown);
    await page.locator('form[action="/report/follow-up"] button[type=submit]').click();
    await expect(mainText(page)).resolves.toContain('刷新测试');
  }),
);

describe.each([
  ['zh-CN', 'zh-CN,zh;q=0.9', '这份反映已经收到'],
  ['en', 'en-GB,en;q=0.9', 'This report was already received'],
])('a form sent again later (%s)', (lang, acceptLanguage, heading) => {
  test('is answered with a page that files nothing, shows no receipt and has no WCAG 2.1 A/AA violations', async () => {
    await journey(b, `report-already-filed-${lang}`, async (page) => {
      await fillReport(page, '重复提交测试：这张表单的令牌已经用过，不应再登记。');
      const token = await page.locator('input[name="form_token"]').inputValue();
      // As if this form had been filed more than half a minute ago, or on another instance.
      await claimFormToken(server.db(), token, dayOf(Date.now()));
      const before = await reportCount();
      await page.locator('form.report-form button[type=submit]').click();
      await expect(mainText(page)).resolves.toContain(heading);
      expect(await page.locator('#receipt').count()).toBe(0);
      expect(await reportCount()).toBe(before);
      expect(await wcagViolations(page)).toEqual([]);
    }, { javaScriptEnabled: true, extraHTTPHeaders: { 'Accept-Language': acceptLanguage }, locale: lang })();
  });
});

test('after the journeys nothing the server keeps holds the reporter\'s address, user agent, receipt or words in clear', async () => {
  expect(receipt).not.toBe('');
  const secrets: Record<string, string> = {
    'client address': '127.0.0.1',
    'user agent': PROOF_USER_AGENT,
    'user agent marker': 'anonymity-audit-marker',
    receipt,
    'receipt digits': receipt.replace(/\s/g, ''),
    'report text': STORY,
    'report text marker': '审计标记7781',
    'reply marker': '审计标记9934',
  };
  // Upload files carry the day as their times, never the moment of filing, even after the committee read them. (Checked
  // before the audit below reads every file; a folder's access time is left out: listing it here sets it.)
  const uploads = path.join(server.dataDir, 'uploads');
  const stamped = fs.readdirSync(uploads, { recursive: true, encoding: 'utf8' }).map((name) => fs.statSync(path.join(uploads, name)));
  expect(stamped.filter((stat) => stat.isFile()).length).toBeGreaterThan(1);
  for (const stat of stamped) expect([stat.mtimeMs % 86_400_000, stat.isFile() ? stat.atimeMs % 86_400_000 : 0]).toEqual([0, 0]);
  const places = placesKept(server);
  expect(databasePlace(server, places)).toBeDefined(); // the audit really reads the database
  const found = secretsFound(places, secrets);
  expect(found).toEqual([]);
});
