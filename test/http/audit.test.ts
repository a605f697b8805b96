import { recordAudit } from '../../server/services/audit';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createUser, signIn } from '../helpers/factories';

// Each test gets its own database: tampering is destructive.
let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(() => ctx.close());

const cli = (argv: string[]) => runCli(ctx.deps, argv);

async function someEvents(n: number): Promise<number[]> {
  for (let i = 0; i < n; i++) await recordAudit(ctx.deps.db, Date.now(), { actorId: null, actorLabel: 'test', action: `test.event${i}`, details: { i } });
  return (await ctx.deps.db('audit_events').orderBy('id').pluck('id')).map(Number);
}

test('audit verify passes on an intact chain and counts the events', async () => {
  await someEvents(5);
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toEqual({ ok: true, events: 5 });
});

test('audit verify names the first event whose content was edited', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where({ id: ids[2] }).update({ actor_label: 'someone else' });
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  const out = JSON.parse(res.out);
  expect(out.ok).toBe(false);
  expect(out.error).toContain(`event ${ids[2]}`);
});

test('audit verify catches a deleted event in the middle', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where({ id: ids[1] }).delete();
  const res = await cli(['audit', 'verify']);
  expect(res.code).toBe(1);
  expect(res.err).toContain(`event ${ids[2]}`);
});

test('audit verify catches the deletion of the latest events', async () => {
  const ids = await someEvents(5);
  await ctx.deps.db('audit_events').where('id', '>=', ids[3]).delete();
  const res = await cli(['audit', 'verify', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).error).toContain(`event ${ids[4]}`);
  expect(JSON.parse(res.out).error).toContain(`after #${ids[2]}`);
});

test('the audit page lists events with filters and pages, and its verify button reports the result', async () => {
  await someEvents(60);
  const admin = await createUser(ctx.deps.db, { role: 'admin', email: 'auditor@example.org' });
  const session = await signIn(ctx.app, ctx.deps.db, admin);
  const first = await session.get('/admin/audit');
  expect(first.status).toBe(200);
  expect(first.text).toContain('<td>test.event59</td>');
  expect(first.text).not.toContain('<td>test.event5</td>');
  expect(first.text).toContain('rel="next"');
  const second = await session.get('/admin/audit?page=2');
  expect(second.text).toContain('<td>test.event0</td>');
  const filtered = await session.get('/admin/audit?action=test.event7');
  expect(filtered.text).toContain('<td>test.event7</td>');
  expect(filtered.text).not.toContain('<td>test.event8</td>');
  const byActor = await session.get('/admin/audit?actor=nobody-like-this');
  expect(byActor.text).toContain('没有符合条件的记录');
  const today = new Date().toISOString().slice(0, 10);
  expect((await session.get(`/admin/audit?from=${today}&to=${today}`)).text).toContain('<td>test.event59</td>');
  expect((await session.get('/admin/audit?from=2000-01-01&to=2000-01-02')).text).toContain('没有符合条件的记录');
  const badDate = await session.get('/admin/audit?from=yesterday');
  expect(badDate.status).toBe(400);
  expect(badDate.text).toContain('YYYY-MM-DD');
  expect((await session.get('/admin/audit?verify=1')).text).toContain('校验通过');
  await ctx.deps.db('audit_events').where({ action: 'test.event3' }).update({ details_json: '{"i":99}' });
  expect((await session.get('/admin/audit?verify=1')).text).toContain('校验失败');
});
