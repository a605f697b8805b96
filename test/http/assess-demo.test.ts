import { createTestContext, type TestContext } from '../helpers/context';
import { signIn } from '../helpers/factories';
import { commands } from '../../server/cli/commands';
import { parseArgs, runCommand } from '../../server/cli/run';
import { open } from '../../server/services/report/encryption';
import { logIn } from '../../server/services/auth/login';
import { unitResults } from '../../server/services/risk/risk-results';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function cli(argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCommand(ctx.deps, commands, parseArgs(argv), { out: (t) => out.push(t), err: () => undefined, readStdin: async () => '' });
  return { code, out };
}

test('`cli demo --json` loads a living organisation whose results can be computed, then refuses a second load', async () => {
  const { code, out } = await cli(['demo', '--json']);
  expect(code).toBe(0);
  const summary = JSON.parse(out[0]);
  expect(summary).toMatchObject({ ok: true, admin: { email: 'demo-admin@example.org' }, units: 3, periods: ['2025', '2026'] });
  // The full sign-in address, not just a path the operator has to complete.
  expect(summary.signIn).toBe(`${ctx.deps.config.baseUrl}/login`);
  expect(summary.admin.password.length).toBeGreaterThanOrEqual(12);
  expect(summary.posts).toBe(15);
  expect(summary.reports).toBeGreaterThan(0);
  expect(summary.findings).toBeGreaterThan(0);
  expect(summary.measures).toBeGreaterThan(0);

  const db = ctx.deps.db;
  const periods = await db('periods').orderBy('key').select('id', 'key', 'state', 'questionnaire_id');
  expect(periods.map((p) => [p.key, p.state])).toEqual([['2025', 'closed'], ['2026', 'open']]);
  expect(periods.every((p) => p.questionnaire_id)).toBe(true);
  expect(await db('period_snapshots').where({ period_id: periods[0].id }).first()).toBeTruthy();

  // Responses are counted in releases of at least k; the closed period keeps nothing held.
  expect(await db('held_responses').where({ period_id: periods[0].id }).first()).toBeUndefined();
  const releases = await db('releases').select('response_count');
  expect(releases.every((r) => Number(r.response_count) >= 5)).toBe(true);
  const released = releases.reduce((a, r) => a + Number(r.response_count), 0);
  const held = Number((await db('held_responses').where({ counted: false }).count({ n: '*' }).first())!.n);
  // Closing 2025 dropped what never reached a batch: fewer than k per unit.
  const dropped = summary.responses - (released + held);
  expect(dropped).toBeGreaterThanOrEqual(0);
  expect(dropped).toBeLessThanOrEqual(summary.units * 4);

  // Report content is sealed, receipts are random hashes.
  const report = await db('reports').whereNotNull('description_enc').first();
  expect(open(ctx.deps.secrets.encryption, report.description_enc).length).toBeGreaterThan(5);
  expect(new Set((await db('reports').select('status')).map((r) => r.status)).size).toBeGreaterThan(2);

  for (const period of periods) {
    for (const unit of await db('units').orderBy('key').select('id')) {
      const r = await unitResults(db, period.id, unit.id);
      expect(r.posts).toHaveLength(5);
      for (const p of r.posts) {
        expect(p.R).toBeGreaterThanOrEqual(0);
        expect(p.R).toBeLessThanOrEqual(100);
        expect(p.N).toBeGreaterThanOrEqual(5);
      }
    }
  }
  const open2026 = await unitResults(db, periods[1].id, (await db('units').where({ key: 'demo-jia' }).first()).id);
  expect(new Set(open2026.posts.map((p) => p.level)).size).toBeGreaterThan(1);

  const login = await logIn(db, ctx.clock.now(), summary.admin.email, summary.admin.password);
  expect(login.ok).toBe(true);
  const reviewer = await db('users').where({ email: 'demo-reviewer@example.org' }).first();
  const s = await signIn(ctx.app, db, reviewer);
  const register = await s.get('/committee/measures');
  expect(register.status).toBe(200);
  expect(register.text).toContain('甲市局');
  expect(register.text).not.toContain('乙市局</td>');
  expect((await s.get('/committee/print/2026/demo-jia')).status).toBe(200);
  expect((await s.get('/committee/print/2026/demo-yi')).status).toBe(404);

  const again = await cli(['demo', '--json']);
  expect(again.code).toBe(1);
  expect(JSON.parse(again.out[0])).toMatchObject({ ok: false });
  expect(Number((await db('units').count({ n: '*' }).first())!.n)).toBe(3);
});

test('the demo fills the register: risk points for every post, 甲市局 published with one override, 乙市局 half way, 2025 filed', async () => {
  const db = ctx.deps.db;
  const posts = await db('posts').whereIn('unit_id', db('units').whereIn('key', ['demo-jia', 'demo-yi', 'demo-bing']).select('id')).pluck('id');
  const withPoints = await db('risk_points').whereIn('post_id', posts).distinct('post_id').pluck('post_id');
  expect(withPoints.length).toBe(posts.length);
  expect(await db('measures').whereNotNull('risk_point_id').count({ n: '*' }).first()).not.toEqual({ n: 0 });

  const status = async (unit: string) => JSON.parse((await cli(['assess', 'status', '--period', '2026', '--unit', unit, '--json'])).out[0]).steps.map((s: { state: string }) => s.state);
  expect(await status('demo-jia')).toEqual(['done', 'done', 'done', 'done', 'done']);
  expect(await status('demo-yi')).toEqual(['done', 'done', 'current', 'waiting', 'waiting']);
  expect(await status('demo-bing')).toEqual(['current', 'waiting', 'waiting', 'waiting', 'waiting']);

  const results = JSON.parse((await cli(['results', '--period', '2026', '--json'])).out[0]).results as Array<{ unit: string; post: string; level: string; decided_level: string | null; flags: string[] }>;
  const jia = results.filter((r) => r.unit === 'demo-jia');
  expect(jia.every((r) => r.decided_level !== null)).toBe(true);
  expect(jia.filter((r) => r.decided_level !== r.level).map((r) => r.post)).toEqual(['deputy-finance']);
  expect(results.filter((r) => r.unit !== 'demo-jia').every((r) => r.decided_level === null)).toBe(true);
  expect(results.find((r) => r.unit === 'demo-yi' && r.post === 'deputy-planning')!.flags).toContain('reassess');

  const filed = JSON.parse((await cli(['register', 'export', '--period', '2025', '--format', 'json', '--json'])).out[0]);
  expect(filed.register).toHaveLength(15);
  expect(filed.register.every((e: { decided_level: string | null; risk_points: unknown[] }) => e.decided_level && e.risk_points.length > 0)).toBe(true);
  const holder = await db('users').where({ email: 'demo-holder@example.org' }).first();
  const h = await signIn(ctx.app, db, holder);
  const own = await h.get('/committee/units/demo-bing/posts/chief/risk-points');
  expect(own.status).toBe(200);
  expect(own.text).toContain('个人查找进行中');
});
