import { auditEvents } from '../helpers/admin-factories';
import { createTestContext, type TestContext } from '../helpers/context';
import { runCli } from '../helpers/cli';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const cli = (argv: string[]) => runCli(ctx.deps, argv);

test('period add, open, close and list, with --json, drive the same lifecycle as the pages', async () => {
  let res = await cli(['period', 'add', '--key', '2026', '--name', '2026年度', '--start', '2026-01-01', '--end', '2026-12-31', '--json']);
  expect(res.code).toBe(0);
  expect(JSON.parse(res.out)).toEqual({ ok: true, period: { key: '2026', name: '2026年度', start: '2026-01-01', end: '2026-12-31', state: 'draft' } });

  res = await cli(['period', 'open', '2026', '--json']);
  expect(JSON.parse(res.out)).toMatchObject({ ok: true, period: { state: 'open' } });
  const opened = await ctx.deps.db('periods').where({ key: '2026' }).first();
  expect(opened.questionnaire_id).not.toBeNull();

  res = await cli(['period', 'list', '--json']);
  expect(JSON.parse(res.out)).toEqual({ periods: [{ key: '2026', name: '2026年度', start: '2026-01-01', end: '2026-12-31', state: 'open' }] });

  res = await cli(['period', 'close', '2026', '--json']);
  expect(JSON.parse(res.out)).toMatchObject({ ok: true, period: { key: '2026', state: 'closed' } });

  res = await cli(['period', 'list']);
  expect(res.out).toBe('2026\tclosed\t2026-01-01..2026-12-31\t2026年度');

  for (const action of ['period.create', 'period.open', 'period.close']) {
    expect(await auditEvents(ctx.deps.db, action)).toEqual([expect.objectContaining({ actor_label: 'cli' })]);
  }
});

test('re-opening from the CLI needs a reason, which is audited', async () => {
  let res = await cli(['period', 'reopen', '2026', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out)).toMatchObject({ ok: false, error: '--reason: Give the reason for re-opening.' });
  res = await cli(['period', 'reopen', '2026', '--reason', 'late responses', '--json']);
  expect(JSON.parse(res.out)).toMatchObject({ ok: true, period: { state: 'open' } });
  expect((await auditEvents(ctx.deps.db, 'period.reopen'))[0].details).toMatchObject({ reason: 'late responses' });
});

test('a bad period is refused with the flag at fault, and nothing is created', async () => {
  const res = await cli(['period', 'add', '--key', 'bad', '--name', 'x', '--start', '2026-05-01', '--end', '2026-04-30', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out)).toMatchObject({ ok: false, error: '--end: The end date cannot be before the start date.' });
  expect(await ctx.deps.db('periods').where({ key: 'bad' }).first()).toBeUndefined();
  const missing = await cli(['period', 'add', '--key', 'x', '--json']);
  expect(JSON.parse(missing.out)).toMatchObject({ ok: false, error: '--name is required' });
});

test('refused transitions and unknown periods are one-line errors', async () => {
  await cli(['period', 'add', '--key', 'd', '--name', 'D', '--start', '2026-01-01', '--end', '2026-01-31']);
  let res = await cli(['period', 'close', 'd']);
  expect(res.code).toBe(1);
  expect(res.err).toBe('Only an open period can be closed.');
  res = await cli(['period', 'open', 'ghost', '--json']);
  expect(res.code).toBe(1);
  expect(JSON.parse(res.out).ok).toBe(false);
  res = await cli(['period', 'add', '--key', 'd', '--name', 'D', '--start', '2026-01-01', '--end', '2026-01-31']);
  expect(res.err).toBe('--key: Another period already uses this key.');
});
