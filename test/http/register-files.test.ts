import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { dbFingerprint } from '../helpers/auth-factories';
import { runCli } from '../helpers/cli';
import { createTestContext, type TestContext } from '../helpers/context';
import { createRegisterUnit, createRiskPoint, decide, levelPoint, linkMeasure, type RegisterWorld } from '../helpers/register-factories';

// The register as people file it (DESIGN.md §8): export → import is the identity (JSON and xlsx), a bad workbook is
// refused whole with the sheet, row and column named, and CSV cells are neutralised against formulas.
let a: TestContext;
let world: RegisterWorld;
let exported: Record<string, unknown>;
const contexts: TestContext[] = [];

async function fresh(): Promise<TestContext> {
  const ctx = await createTestContext();
  contexts.push(ctx);
  await createRegisterUnit(ctx.deps.db);
  return ctx;
}

async function exportJson(ctx: TestContext) {
  const res = await runCli(ctx.deps, ['register', 'export', '--period', '2026', '--format', 'json', '--json']);
  expect(res).toMatchObject({ code: 0 });
  return JSON.parse(res.out);
}

beforeAll(async () => {
  a = await createTestContext();
  contexts.push(a);
  world = await createRegisterUnit(a.deps.db);
  const db = a.deps.db;
  const rp1 = await createRiskPoint(db, world.chief.id, { key: 'cadre', power: 'personnel', duty: '干部选拔任用动议', sortOrder: 0 });
  const rp2 = await createRiskPoint(db, world.chief.id, { key: 'major', power: 'decision', duty: '“三重一大”事项决策', description: '=HYPERLINK("http://x","点我")', manifestation: '个人说了算，会议走过场', dimensions: 'rules,supervision', sortOrder: 1 });
  const rp3 = await createRiskPoint(db, world.deputy.id, { key: 'purchase', power: 'procurement', duty: '物资采购审批', description: '指定供应商', manifestation: '化整为零规避招标', dimensions: 'opportunity', owner: '副局长', supervisor: '' });
  await linkMeasure(db, world.chief.id, rp1.id, { description: '动议环节集体研究、全程纪实', owner: '政治处', dueOn: '2026-06-30', status: 'in_progress' });
  await linkMeasure(db, world.chief.id, rp1.id, { description: '+严格执行“凡提四必”', owner: '纪委', dueOn: null, status: 'planned' });
  await linkMeasure(db, world.deputy.id, rp3.id, { description: '大额采购一律公开招标', status: 'done' });
  const results = JSON.parse((await runCli(a.deps, ['results', '--period', '2026', '--json'])).out).results as Array<{ post: string; level: string }>;
  const computed = (post: string) => results.find((r) => r.post === post)!.level;
  const other = computed('chief') === 'high' ? 'medium' : 'high';
  await decide(db, world.period.id, world.chief.id, computed('chief'), other, '近年多次反映干部任用问题，从严评定');
  await decide(db, world.period.id, world.deputy.id, computed('deputy'), computed('deputy'));
  await levelPoint(db, world.period.id, rp1.id, 'high');
  await levelPoint(db, world.period.id, rp3.id, 'medium');
  void rp2;
  exported = await exportJson(a);
});
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
});

test('the JSON export has the shape of DESIGN.md §8, with decided and computed levels and the reason', () => {
  const register = exported.register as Array<Record<string, unknown>>;
  expect(exported.period).toBe('2026');
  expect(register.map((e) => e.post)).toEqual(['chief', 'deputy', 'discipline']);
  expect(Object.keys(register[0]).sort()).toEqual(['decided_level', 'level', 'post', 'reason', 'risk_points', 'unit']);
  expect(register[0]).toMatchObject({ unit: 'reg-unit', reason: '近年多次反映干部任用问题，从严评定' });
  expect(register[0].decided_level).not.toBe(register[0].level);
  const points = register[0].risk_points as Array<Record<string, unknown>>;
  expect(points.map((p) => p.key)).toEqual(['cadre', 'major']);
  expect(Object.keys(points[0]).sort()).toEqual(['description', 'dimensions', 'duty', 'key', 'level', 'manifestation', 'measures', 'owner', 'power', 'supervisor']);
  expect(points[0]).toMatchObject({ power: 'personnel', level: 'high', dimensions: ['opportunity', 'rules'], measures: [
    { what: '动议环节集体研究、全程纪实', owner: '政治处', due: '2026-06-30', status: 'in_progress' },
    { what: '+严格执行“凡提四必”', owner: '纪委', due: null, status: 'planned' },
  ] });
  expect(register[2]).toMatchObject({ post: 'discipline', decided_level: null, reason: null, risk_points: [] });
});

test('JSON: importing the export into another database gives back the same register; importing it again changes nothing', async () => {
  const b = await fresh();
  const file = path.join(b.dataDir, 'register.json');
  fs.writeFileSync(file, JSON.stringify(exported));
  const res = await runCli(b.deps, ['register', 'import', file, '--json']);
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toMatchObject({ ok: true, period: '2026', riskPointsCreated: 3, decisions: 2, measuresCreated: 3 });
  expect(await exportJson(b)).toEqual(exported);
  expect((await runCli(b.deps, ['register', 'import', file])).code).toBe(0);
  expect(await exportJson(b)).toEqual(exported);
  const audit = await b.deps.db('audit_events').where({ action: 'register.import' });
  expect(audit).toHaveLength(2);
});

test('xlsx: one sheet per unit with the customary columns, frozen header and print setup; importing it gives back the same register', async () => {
  const out = path.join(a.dataDir, 'register.xlsx');
  expect((await runCli(a.deps, ['register', 'export', '--period', '2026', '--format', 'xlsx', '--out', out])).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['登记市局']);
  const ws = wb.worksheets[0];
  expect((ws.getRow(1).values as unknown[]).slice(1, 10)).toEqual(['序号', '岗位', '职权事项', '风险点', '表现形式', '风险等级', '防控措施', '责任人', '监督人']);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' });
  expect(ws.getColumn(4).width).toBeGreaterThan(20);
  expect(ws.getCell('C2').value).toBe('人事权：干部选拔任用动议');
  expect(ws.getCell('F2').value).toBe('一级');
  // A text that looks like a formula stays text in the workbook.
  expect(ws.getCell('D4').value).toBe('=HYPERLINK("http://x","点我")');

  const c = await fresh();
  const res = await runCli(c.deps, ['register', 'import', out, '--period', '2026']);
  expect(res).toMatchObject({ code: 0 });
  expect(await exportJson(c)).toEqual(exported);
});

test('CSV: the same rows, every cell neutralised against formulas', async () => {
  const res = await runCli(a.deps, ['register', 'export', '--period', '2026', '--unit', 'reg-unit', '--format', 'csv']);
  expect(res.code).toBe(0);
  const lines = res.out.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[0].startsWith('单位,序号,岗位,职权事项,风险点,表现形式,风险等级,防控措施,责任人,监督人')).toBe(true);
  expect(res.out).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
  expect(res.out).toContain("'+严格执行“凡提四必”");
  expect(res.out).not.toMatch(/,=HYPERLINK/);
});

describe('a bad workbook is refused whole, naming the sheet, row and column', () => {
  let b: TestContext;
  let source: string;
  beforeAll(async () => {
    b = await fresh();
    source = path.join(a.dataDir, 'register.xlsx');
    await runCli(a.deps, ['register', 'export', '--period', '2026', '--format', 'xlsx', '--out', source]);
  });

  async function refused(name: string, change: (ws: ExcelJS.Worksheet) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(source);
    change(wb.worksheets[0]);
    const file = path.join(b.dataDir, name);
    await wb.xlsx.writeFile(file);
    const before = await dbFingerprint(b.deps.db);
    const res = await runCli(b.deps, ['register', 'import', file, '--json']);
    expect(res.code).toBe(1);
    expect(await dbFingerprint(b.deps.db)).toBe(before);
    const body = JSON.parse(res.out);
    expect(body.ok).toBe(false);
    expect(body.error).toMatch(/nothing imported/);
    return [body.error, ...body.details].join('\n');
  }

  test('a missing column', async () => {
    const text = await refused('missing-column.xlsx', (ws) => ws.spliceColumns(5, 1));
    expect(text).toContain('sheet "登记市局", row 1: missing column 表现形式');
  });

  test('an unknown post', async () => {
    const text = await refused('unknown-post.xlsx', (ws) => {
      ws.unMergeCells('B2:B4');
      ws.unMergeCells('L2:L4');
      ws.getCell('L2').value = '';
      ws.getCell('B2').value = '不存在的岗位';
    });
    expect(text).toContain('sheet "登记市局", row 2, column B (岗位): unknown post "不存在的岗位"');
  });

  test('a bad level', async () => {
    const text = await refused('bad-level.xlsx', (ws) => {
      ws.getCell('F5').value = '四级';
    });
    expect(text).toContain('sheet "登记市局", row 5, column F (风险等级): unknown level "四级"');
  });

  test('a decided level that overrides the computed one without a reason', async () => {
    const text = await refused('no-reason.xlsx', (ws) => {
      ws.getCell('N2').value = '';
    });
    expect(text).toContain('sheet "登记市局", row 2, column N (评定理由): decided level');
  });
});

test('JSON faults name the entry, the risk point and the field', async () => {
  const b = await fresh();
  const bad = JSON.parse(JSON.stringify(exported));
  bad.register[0].risk_points[1].power = 'bribery';
  bad.register[1].post = 'nobody';
  const file = path.join(b.dataDir, 'bad.json');
  fs.writeFileSync(file, JSON.stringify(bad));
  const res = await runCli(b.deps, ['register', 'import', file, '--json']);
  expect(res.code).toBe(1);
  const body = JSON.parse(res.out);
  expect(body.details.join('\n')).toContain('register #1 (unit reg-unit, post chief) › risk_points #2 › power');
  expect(await b.deps.db('risk_points').count({ n: '*' }).first()).toEqual({ n: 0 });
  fs.writeFileSync(file, JSON.stringify({ ...exported, register: [{ ...(exported.register as object[])[1], post: 'nobody' }] }));
  const res2 = await runCli(b.deps, ['register', 'import', file, '--json']);
  expect(JSON.parse(res2.out).details.join('\n')).toContain('register #1 (unit reg-unit, post nobody) › post: unknown post "nobody" of unit "reg-unit"');
});

test('results --json show the decided level beside the computed one; closing files the register, which later edits do not change', async () => {
  const b = await fresh();
  const file = path.join(b.dataDir, 'register.json');
  fs.writeFileSync(file, JSON.stringify(exported));
  await runCli(b.deps, ['register', 'import', file]);
  const rows = JSON.parse((await runCli(b.deps, ['results', '--period', '2026', '--json'])).out).results as Array<Record<string, unknown>>;
  const register = exported.register as Array<Record<string, unknown>>;
  expect(rows.map((r) => [r.post, r.level, r.decided_level])).toEqual(register.map((e) => [e.post, e.level, e.decided_level]));

  expect((await runCli(b.deps, ['period', 'close', '2026'])).code).toBe(0);
  await b.deps.db('risk_points').update({ description: '改过的描述', retired_at: Date.now() });
  await b.deps.db('post_decisions').delete();
  expect(await exportJson(b)).toEqual(exported);
  const closed = JSON.parse((await runCli(b.deps, ['results', '--period', '2026', '--json'])).out).results as Array<Record<string, unknown>>;
  expect(closed.map((r) => r.decided_level)).toEqual(register.map((e) => e.decided_level));
});
