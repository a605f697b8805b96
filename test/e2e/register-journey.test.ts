import ExcelJS from 'exceljs';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { createPost, createUnit, createUser } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';
import { journey, launchBrowser, mainText, wcagViolations, type AxeViolationSummary, type BrowserHandle } from './helpers/browser';
import { addAccountByCli, signInWithPassword, type Account } from './helpers/committee';
import { startServer, type RunningServer } from './helpers/server';

// One whole round of the risk-point register for a unit in a real browser (DESIGN.md §2): the chief proposes a risk
// point in 个人查找, staff answer the survey, the leadership reviews, the committee decides with one override,
// publishes, and hands over the xlsx register and the PDF report; axe-core checks every new page on the way.
process.env.SCRYPT_COST_LOG2 ??= '12';
jest.setTimeout(300_000);

let server: RunningServer;
let browser: BrowserHandle;
let admin: Account;
let holder: Account;
let periodKey: string;
let codes: string[];
const UNIT = 'e2e-unit';
const a11y: Record<string, AxeViolationSummary[]> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const db = server.db();
  const unit = await createUnit(db, { key: UNIT, name: '东湖区局' });
  const chief = await createPost(db, unit.id, { key: 'chief', title: '局长', chief: true, power: { decision: 5, personnel: 5, finance: 4, procurement: 3, enforcement: 3 } });
  await createPost(db, unit.id, { key: 'deputy', title: '副局长（分管财务）', power: { decision: 3, personnel: 1, finance: 5, procurement: 5, enforcement: 1 } });
  periodKey = (await createPeriod(db, { name: '2026年度' })).key;
  admin = addAccountByCli(server, 'admin', 'register-admin@example.org', '登记管理员');
  holder = { email: 'chief-holder@example.org', password: 'Holder-passphrase-2026!' };
  await createUser(db, { role: 'reviewer', unitIds: [], heldPostIds: [chief.id], email: holder.email, password: holder.password, name: '东湖区局局长' });
  codes = JSON.parse(server.cli(['codes', 'generate', '--period', periodKey, '--unit', UNIT, '--count', '5', '--json'])).codes;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const base = () => `/committee/register/${periodKey}/${UNIT}`;

async function axe(page: Page, name: string) {
  const violations = await wcagViolations(page);
  if (violations.length) a11y[name] = violations;
}

async function completeStep(page: Page, step: string, note?: string) {
  await page.goto(server.baseUrl + base());
  if (note !== undefined) await page.locator(`form[action$="/steps/${step}"] textarea`).fill(note);
  await page.locator(`form[action$="/steps/${step}"] button[type=submit]`).click();
  await page.waitForLoadState('load');
}

async function download(page: Page, linkText: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkText }).click()]);
  return fs.readFileSync((await file.path())!);
}

test(
  'self-check, survey, leadership review, decision with one override, publication, xlsx and PDF',
  journey(() => browser, 'register-round', async (page, context) => {
    // 个人查找: the chief, with no unit scope, proposes a risk point for their own post.
    await signInWithPassword(page, server, holder);
    await page.goto(server.baseUrl + '/committee/register');
    await page.getByRole('link', { name: '东湖区局 › 局长' }).click();
    await axe(page, 'risk points (holder)');
    await page.getByRole('link', { name: '新增风险点' }).click();
    await page.locator('#f-power').selectOption('personnel');
    await page.locator('#f-duty').fill('干部选拔任用动议');
    await page.locator('#f-description').fill('在动议环节为特定人选打招呼');
    await page.locator('#f-manifestation').fill('授意将特定人选列入考察名单');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(mainText(page)).resolves.toContain('干部选拔任用动议');
    await axe(page, 'risk point (holder)');
    await context.clearCookies();

    // The committee fills in the deputy's risk point and completes 个人查找.
    await signInWithPassword(page, server, admin);
    await page.goto(server.baseUrl + base());
    await expect(mainText(page)).resolves.toContain('以下岗位还没有风险点：副局长（分管财务）');
    await axe(page, 'procedure');
    await page.goto(`${server.baseUrl}/committee/units/${UNIT}/posts/deputy/risk-points/new`);
    await axe(page, 'risk point form');
    await page.locator('#f-power').selectOption('procurement');
    await page.locator('#f-duty').fill('物资采购审批');
    await page.locator('#f-description').fill('指定供应商，利益输送');
    await page.locator('#f-manifestation').fill('化整为零规避招标');
    await page.locator('#f-owner').fill('副局长');
    await page.locator('#f-supervisor').fill('纪委书记');
    await page.getByRole('button', { name: '保存' }).click();
    await completeStep(page, 'self_check');
    await expect(mainText(page)).resolves.toMatch(/个人查找\s*（已完成）/);

    // 群众评议: five staff members answer the survey (JavaScript off, no session).
    const staff = await browser.context();
    const survey = await staff.newPage();
    for (const code of codes) {
      await survey.goto(server.baseUrl + '/survey');
      await survey.getByLabel('问卷码').fill(code);
      await survey.getByRole('button', { name: '开始答卷' }).click();
      const names = await survey.locator('input[type=radio]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLInputElement).name))]);
      for (const name of names) await survey.locator(`input[name="${name}"][value="${name.includes('chief') ? '5' : '2'}"]`).check();
      await survey.getByRole('button', { name: '提交问卷' }).click();
      await expect(survey.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('感谢您的参与');
    }
    await staff.close();
    await page.goto(server.baseUrl + base());
    await expect(mainText(page)).resolves.not.toContain('尚无已发布的测评问卷');
    await completeStep(page, 'staff_review', '问卷和线索已汇总');

    // 领导审核: the opinion is required.
    await completeStep(page, 'leadership_review', '');
    await expect(mainText(page)).resolves.toContain('请填写领导审核意见');
    await axe(page, 'procedure with an error');
    await completeStep(page, 'leadership_review', '班子审核同意，建议对局长岗位从严评定');

    // 组织评定: the chief's level differs from the proposal and needs a reason; the deputy keeps the proposal.
    await page.goto(server.baseUrl + base() + '/decisions');
    await axe(page, 'decision board');
    await page.getByRole('link', { name: '评定 局长' }).click();
    await axe(page, 'decision form');
    const proposal = await page.locator('input[name=level]:checked').getAttribute('value');
    const other = proposal === 'high' ? 'medium' : 'high';
    await page.locator(`input[name=level][value=${other}]`).check();
    await page.getByRole('button', { name: '保存评定' }).click();
    await expect(mainText(page)).resolves.toContain('评定等级与测评等级不同，请写明理由');
    await axe(page, 'decision form with an error');
    expect(await page.locator(`input[name=level][value=${other}]`).isChecked()).toBe(true);
    await page.locator('#f-reason').fill('班子审核意见：从严评定');
    await page.getByRole('button', { name: '保存评定' }).click();
    await expect(mainText(page)).resolves.toContain('评定已保存');
    await page.getByRole('link', { name: '评定 副局长（分管财务）' }).click();
    await page.getByRole('button', { name: '保存评定' }).click();
    await completeStep(page, 'decision');
    await expect(mainText(page)).resolves.toMatch(/组织评定\s*（已完成）/);

    // 公示.
    await completeStep(page, 'publication');
    await page.goto(server.baseUrl + base() + '/publication');
    const published = await mainText(page);
    expect(published).toContain('公示日期');
    expect(published).toContain('指定供应商，利益输送');
    expect(published).not.toContain('班子审核意见：从严评定');
    await axe(page, 'publication');
    for (const [path, name] of [[base() + '/team', 'team'], [`/committee/results/${periodKey}/${UNIT}`, 'results'], ['/committee/register', 'register home'], ['/committee', 'dashboard']]) {
      await page.goto(server.baseUrl + path);
      await axe(page, name);
    }
    await expect(mainText(page)).resolves.toContain('需重新评定的岗位');

    // The register and the report, as handed over.
    await page.goto(server.baseUrl + base());
    const xlsx = await download(page, '登记表（Excel）');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('东湖区局');
    expect(ws.getCell('B2').value).toBe('局长');
    expect(String(ws.getCell('N2').value)).toBe('班子审核意见：从严评定');
    const pdf = await download(page, '评估报告（PDF）');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.goto(`${server.baseUrl}/committee/print/${periodKey}/${UNIT}`);
    await axe(page, 'print report');
    await expect(mainText(page)).resolves.toContain('班子审核意见：从严评定');
    await context.clearCookies();

    // After publication the chief sees the decided level of their post, and still no reason or evidence.
    await signInWithPassword(page, server, holder);
    await page.goto(`${server.baseUrl}/committee/units/${UNIT}/posts/chief/risk-points`);
    const own = await mainText(page);
    expect(own).toMatch(/[一二三]级/);
    expect(own).not.toContain('班子审核意见');
    expect(a11y).toEqual({});
  }, { javaScriptEnabled: true, acceptDownloads: true }),
);
