import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';
import { createUnit } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';

// The CLI's refusals as the README promises them: with --json one document {"ok":false,"error":…} on stdout and exit
// code 1 (an unknown command too); a mistyped option is refused, naming it and what was probably meant; an unknown
// period or unit is named; `help COMMAND` explains one command.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const ROOT = path.resolve(__dirname, '../..');
const TSX = require.resolve('tsx', { paths: [ROOT] });
/** The real entry, as `npm run -s cli -- …` runs it, on this test's database. */
function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const res = spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'server/cli/index.ts'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...ctx.env, ...env } as NodeJS.ProcessEnv,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

test('an unknown command with --json prints {"ok":false,"error":…} and exits 1, also from the real entry', async () => {
  const inProcess = await runCli(ctx.deps, ['frobnicate', 'now', '--json']);
  expect(inProcess.code).toBe(1);
  expect(JSON.parse(inProcess.out)).toEqual({ ok: false, error: expect.stringContaining('unknown command: frobnicate now'), details: [] });
  const real = cli(['frobnicate', '--json']);
  expect(real.code).toBe(1);
  expect(JSON.parse(real.out)).toMatchObject({ ok: false, error: expect.stringContaining('npm run -s cli -- help') });
  expect(real.err).toContain('unknown command: frobnicate');
});

test('a mistyped option is refused (not ignored), naming it and the option probably meant', async () => {
  const res = await runCli(ctx.deps, ['codes', 'list', '--perod', 'x', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).error).toBe('unknown option --perod (did you mean --period?) for "codes list". Usage: npm run -s cli -- codes list [--period K] [--unit U]');
  const text = await runCli(ctx.deps, ['period', 'list', '--verbose']);
  expect(text.code).toBe(1);
  expect(text.err).toContain('unknown option --verbose for "period list"');
  expect(text.out).toBe('');
});

test('an unknown period or unit is named', async () => {
  const unit = await createUnit(ctx.deps.db, { name: '命名局' });
  const period = await createPeriod(ctx.deps.db);
  const badPeriod = await runCli(ctx.deps, ['codes', 'generate', '--period', 'p-none', '--unit', unit.key, '--count', '2', '--json']);
  expect(badPeriod.code).toBe(1);
  expect(JSON.parse(badPeriod.out).error).toMatch(/^unknown period: p-none/);
  const badUnit = await runCli(ctx.deps, ['codes', 'generate', '--period', period.key, '--unit', 'u-none', '--count', '2']);
  expect(badUnit.err).toMatch(/^unknown unit: u-none/);
  expect(badUnit.err).not.toContain('period');
  const both = await runCli(ctx.deps, ['codes', 'list', '--period', 'p-none', '--unit', 'u-none']);
  expect(both.err).toMatch(/unknown period: p-none.*; unknown unit: u-none/);
});

test('a refusal from deeper down is still one JSON document with exit code 1', async () => {
  const closed = await createPeriod(ctx.deps.db, { state: 'closed' });
  const unit = await createUnit(ctx.deps.db, { name: '关闭局' });
  const res = await runCli(ctx.deps, ['codes', 'generate', '--period', closed.key, '--unit', unit.key, '--count', '2', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out)).toMatchObject({ ok: false, error: expect.stringContaining('the period is closed') });
});

(usingPostgres() ? test.skip : test)('help COMMAND explains one command (or a group); help for nothing known is refused', () => {
  const one = cli(['help', 'codes', 'generate']);
  expect(one.code).toBe(0);
  expect(one.out).toContain('Usage: npm run -s cli -- codes generate --period K --unit U --count N [--json]');
  expect(one.out).toContain('one-time access codes');
  expect(one.out).not.toContain('codes revoke');
  const group = cli(['codes', '--help']);
  expect(group.out).toContain('codes revoke BATCH');
  const none = cli(['help', 'frobnicate', '--json']);
  expect(none.code).toBe(1);
  expect(JSON.parse(none.out).error).toContain('unknown command: frobnicate');
  const bad = cli(['period', 'list', '--json'], { PORT: 'not-a-port' });
  expect(bad.code).toBe(1);
  expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: expect.stringContaining('PORT') });
});
