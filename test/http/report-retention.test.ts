import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { commands } from '../../server/cli/commands';
import { parseArgs, runCommand } from '../../server/cli/run';
import { purgeClosedReports } from '../../server/services/ops/retention';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, reportIdOf, reportOrg } from '../helpers/report-factories';
import { markedJpeg } from '../helpers/attachment-fixtures';

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
beforeAll(async () => {
  ctx = await createTestContext({ RETENTION_DAYS: '30' });
  org = await reportOrg(ctx.deps.db);
});
afterAll(() => ctx.close());

async function cli(argv: string[]) {
  const out: string[] = [];
  const code = await runCommand(ctx.deps, commands, parseArgs(argv), { out: (t) => out.push(t), err: (t) => out.push(t), readStdin: async () => '' });
  return { code, out: out.join('\n') };
}

const uploads = () => (fs.existsSync(path.join(ctx.dataDir, 'uploads')) ? fs.readdirSync(path.join(ctx.dataDir, 'uploads')) : []);

test('reports closed longer than the retention period lose their content and files but keep status and dates', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, real_name: '赵六', contact: 'tel 1' }, [['a.jpg', await markedJpeg(), 'image/jpeg']]);
  const id = await reportIdOf(ctx.deps, receipt);
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  await s.post(`/committee/reports/${id}/messages`, { message: '请补充材料' });
  for (const status of ['acknowledged', 'under_review', 'unfounded', 'closed']) await s.post(`/committee/reports/${id}/status`, { status, reason: 'r ' + status });
  const openReceipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key });
  const openId = await reportIdOf(ctx.deps, openReceipt);
  await ctx.deps.db('reports').where({ id }).update({ closed_on: '2026-01-01' });
  const filesBefore = uploads().length;

  expect(await purgeClosedReports(ctx.deps.db, ctx.deps.config, '2026-01-31')).toEqual({ purged: 0 });
  expect(await purgeClosedReports(ctx.deps.db, ctx.deps.config, '2026-02-01')).toEqual({ purged: 1 });
  const row = await ctx.deps.db('reports').where({ id }).first();
  expect(row).toMatchObject({ description_enc: null, real_name_enc: null, contact_enc: null, purged_on: '2026-02-01', status: 'closed', closed_with: 'unfounded', closed_on: '2026-01-01' });
  expect(await ctx.deps.db('report_attachments').where({ report_id: id })).toEqual([]);
  expect((await ctx.deps.db('report_messages').where({ report_id: id }).whereNotNull('body_enc')).length).toBe(0);
  expect(uploads().length).toBe(filesBefore - 1);
  expect(await ctx.deps.db('audit_events').where({ action: 'report.purge' }).first()).toBeTruthy();
  expect((await ctx.deps.db('reports').where({ id: openId }).first()).description_enc).not.toBeNull();

  const view = await request(ctx.app).post('/report/follow-up').type('form').send({ receipt });
  expect(view.status).toBe(200);
  expect(view.text).toContain('内容已按保存期限删除');
  expect(view.text).toContain('已办结');
  expect((await s.get(`/committee/reports/${id}`)).status).toBe(200);
  expect(await purgeClosedReports(ctx.deps.db, ctx.deps.config, '2026-03-01')).toEqual({ purged: 0 });
  expect(openReceipt).toBeTruthy();
});

test('keys rotate re-encrypts every sealed value and upload with a new key and drops the old one', async () => {
  const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, description: '轮换密钥之前提交的反映内容，需要在轮换后仍能读取。' }, [['b.jpg', await markedJpeg(), 'image/jpeg']]);
  const id = await reportIdOf(ctx.deps, receipt);
  const oldKey = ctx.deps.secrets.encryption.current;
  const res = await cli(['keys', 'rotate', '--json']);
  expect(res.code).toBe(0);
  const out = JSON.parse(res.out);
  expect(out).toMatchObject({ ok: true });
  expect(out.key).not.toBe(oldKey);
  expect(out.reencrypted).toBeGreaterThanOrEqual(3);
  const onDisk = JSON.parse(fs.readFileSync(path.join(ctx.dataDir, 'secrets.json'), 'utf8'));
  expect(Object.keys(onDisk.encryption.keys)).toEqual([out.key]);
  const row = await ctx.deps.db('reports').where({ id }).first();
  expect(row.description_enc.split('.')[1]).toBe(out.key);
  for (const name of uploads()) expect(fs.readFileSync(path.join(ctx.dataDir, 'uploads', name), 'utf8').split('.')[1]).toBe(out.key);
  const view = await request(ctx.app).post('/report/follow-up').type('form').send({ receipt });
  expect(view.text).toContain('轮换密钥之前提交的反映内容');
  const admin = await createUser(ctx.deps.db, { role: 'admin' });
  const s = await signIn(ctx.app, ctx.deps.db, admin);
  const att = await ctx.deps.db('report_attachments').where({ report_id: id }).first();
  expect((await s.get(`/committee/reports/${id}/attachments/${att.id}`)).status).toBe(200);
});
