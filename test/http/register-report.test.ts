import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { auditEvents } from '../helpers/admin-factories';
import { createMeasureRow } from '../helpers/assess-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { createRegisterUnit, createRiskPoint, decide, levelPoint, linkMeasure, type RegisterWorld } from '../helpers/register-factories';

// The assessment report for the committee's meeting: summary, level distribution, heat map and trend, posts sorted
// by level, each post's risk points and measures, decided against computed levels with reasons, overdue measures —
// on the print page and as a PDF with the CJK text embedded.
let ctx: TestContext;
let w: RegisterWorld;
let reviewer: SignedIn;
const url = () => `/committee/print/${w.period.key}/${w.unit.key}`;

const binary = (req: import('supertest').Test) => req.buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

beforeAll(async () => {
  ctx = await createTestContext();
  w = await createRegisterUnit(ctx.deps.db);
  const db = ctx.deps.db;
  reviewer = await signIn(ctx.app, db, await createUser(db, { role: 'reviewer', unitIds: [w.unit.id] }));
  const rp = await createRiskPoint(db, w.discipline.id, { key: 'case', power: 'enforcement', duty: '案件查办', description: '压案不查ZZC', manifestation: '对线索搁置不办' });
  await linkMeasure(db, w.discipline.id, rp.id, { description: '线索集体排查ZZM', status: 'in_progress' });
  await levelPoint(db, w.period.id, rp.id, 'high');
  await createMeasureRow(db, w.deputy.id, { description: '逾期未复核的措施ZZO', nextReviewOn: '2000-01-01', status: 'in_progress' });
  // The discipline secretary's post is decided high, against a lower computed level: it must come first, with its reason.
  await decide(db, w.period.id, w.discipline.id, 'low', 'high', '巡察发现问题较多ZZR');
});
afterAll(() => ctx.close());

test('the print page has every section of the meeting report, posts sorted by level', async () => {
  const res = await reviewer.get(url());
  expect(res.status).toBe(200);
  for (const heading of ['一、总体情况', '二、风险等级分布', '三、风险热力图', '四、历年趋势', '五、各岗位风险等级', '六、评定等级与测评等级不同', '七、各岗位廉政风险点及防控措施', '八、逾期未复核的防控措施']) {
    expect(res.text).toContain(heading);
  }
  expect(res.text).toContain('id="report-heatmap"');
  expect(res.text).toContain('id="report-trend"');
  expect(res.text).toContain('巡察发现问题较多ZZR');
  expect(res.text).toContain('压案不查ZZC');
  expect(res.text).toContain('线索集体排查ZZM');
  expect(res.text).toContain('逾期未复核的措施ZZO');
  const table = res.text.slice(res.text.indexOf('五、各岗位风险等级'));
  expect(table.indexOf('纪委书记')).toBeLessThan(table.indexOf('副局长（分管财务）'));
  expect(await auditEvents(ctx.deps.db, 'export.print_report')).toHaveLength(1);
});

test('the PDF is a real PDF with the CJK font embedded and the report title, audited', async () => {
  const res = await binary(reviewer.get(`${url()}/report.pdf`));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const bytes = res.body as Buffer;
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const pdf = await PDFDocument.load(bytes);
  expect(pdf.getPageCount()).toBeGreaterThanOrEqual(2);
  expect(pdf.getTitle()).toBe('登记市局廉政风险评估报告（2026 年度）');
  const fonts = pdf.context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('FontDescriptor'));
  expect(fonts.map((d) => String(d.get(PDFName.of('FontName'))))).toEqual([expect.stringMatching(/NotoSansSC/)]);
  // The font is a subset, not the 10 MB file.
  expect(bytes.length).toBeLessThan(400_000);
  expect(await auditEvents(ctx.deps.db, 'export.print_report')).toHaveLength(2);
});

test('a member who holds a post of the unit gets the report without that post', async () => {
  const holder = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [w.unit.id], heldPostIds: [w.discipline.id] }));
  const res = await holder.get(url());
  expect(res.status).toBe(200);
  expect(res.text).not.toContain('巡察发现问题较多ZZR');
  expect(res.text).not.toContain('压案不查ZZC');
  expect(res.text).toContain('副局长（分管财务）');
  const outsider = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'reviewer', unitIds: [] }));
  expect((await outsider.get(`${url()}/report.pdf`)).status).toBe(404);
});
