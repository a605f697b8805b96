import crypto from 'node:crypto';
import { commands } from '../../server/cli/commands';
import { parseArgs, runCommand } from '../../server/cli/run';
import { snapshotPeriod } from '../../server/services/risk/risk-snapshot';
import { createTestContext, type TestContext } from '../helpers/context';
import { createPost, createUnit, createUser, signIn, type SignedIn } from '../helpers/factories';
import {
  addRelease, createFinding, createPeriod, createQuestionnaire, createReport, setAggregate, setRespondents, TEST_ITEMS,
} from '../helpers/risk-factories';

// A closed period is shown from its snapshot: edits of posts, parameters, reports or findings after closing change nothing.

let ctx: TestContext;
let periodId: number;
let chiefId: number;
let session: SignedIn;
const PAGES = ['/committee/results/y2025/west', '/committee/results/y2025/west/chief'];

async function cliResults(): Promise<unknown> {
  const out: string[] = [];
  await runCommand(ctx.deps, commands, parseArgs(['results', '--period', 'y2025', '--json']), { out: (t) => out.push(t), err: () => undefined, readStdin: async () => '' });
  return JSON.parse(out.join(''));
}

async function page(url: string): Promise<string> {
  const res = await session.get(url).set('Accept-Language', 'en');
  expect(res.status).toBe(200);
  return res.text;
}

/** The page without the banner that says where the figures come from. */
const figures = (html: string) => html.replace(/<p class="notice">[^<]*<\/p>/, '');

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.deps.db;
  const q = await createQuestionnaire(db, [...TEST_ITEMS]);
  periodId = await createPeriod(db, { key: 'y2025', name: '2025年度', startsOn: '2025-01-01', endsOn: '2025-12-31', questionnaireId: q.id });
  const unit = await createUnit(db, { key: 'west', name: '西区局' });
  const chief = await createPost(db, unit.id, { key: 'chief', title: '局长', power: { decision: 5, personnel: 5, finance: 5, procurement: 5, enforcement: 5 } });
  chiefId = chief.id;
  await addRelease(db, periodId, unit.id, 6, '2025-05-01');
  await setRespondents(db, periodId, unit.id, chief.id, 6);
  for (const item of ['opp1', 'pre1', 'rat1', 'rul1', 'sup1', 'cos1']) {
    await setAggregate(db, { periodId, unitId: unit.id, postId: chief.id, itemId: q.items[item], counts: [1, 1, 1, 1, 2] });
  }
  await createReport(db, { unitId: unit.id, postId: chief.id, status: 'substantiated', receivedOn: '2025-03-03' });
  await createFinding(db, { postId: chief.id, severity: 2, foundOn: '2025-04-04' });
  const admin = await createUser(db, { role: 'admin' });
  session = await signIn(ctx.app, db, admin);
});
afterAll(() => ctx.close());

test('closing keeps the figures, and later edits of posts, weights, reports and findings do not change the closed pages', async () => {
  const db = ctx.deps.db;
  const liveHtml = await Promise.all(PAGES.map(page));
  const liveCli = await cliResults();
  expect(liveHtml[0]).toContain('This period is open');

  const now = ctx.clock.now();
  await db.transaction(async (trx) => {
    await snapshotPeriod(trx, periodId, now);
    await trx('periods').where({ id: periodId }).update({ state: 'closed', closed_at: now });
  });
  const closedHtml = await Promise.all(PAGES.map(page));
  expect(closedHtml[0]).toContain('This period is closed');
  expect(closedHtml.map(figures)).toEqual(liveHtml.map(figures));
  expect(await cliResults()).toEqual(liveCli);

  // Edits after closing: the chief's power profile, the model parameters, the post title, a new report and finding.
  await db('posts').where({ id: chiefId }).update({ power_decision: 0, power_personnel: 0, power_finance: 0, title: '改名后的岗位' });
  await db('periods').where({ id: periodId }).update({ params_json: JSON.stringify({ k: 10, likelihoodWeights: { M: 0.1, C: 0.1, S: 0.4, F: 0.4 } }) });
  await createReport(db, { unitId: (await db('posts').where({ id: chiefId }).first('unit_id')).unit_id, postId: chiefId, status: 'new', receivedOn: '2025-06-06' });
  await createFinding(db, { postId: chiefId, severity: 3, foundOn: '2025-07-07' });

  expect(await Promise.all(PAGES.map(page))).toEqual(closedHtml);
  expect(await cliResults()).toEqual(liveCli);

  // Re-opened (an audited admin action), the period is computed live again and the edits show.
  await db('periods').where({ id: periodId }).update({ state: 'open' });
  const reopened = await page(PAGES[0]);
  expect(reopened).toContain('改名后的岗位');
  expect(await cliResults()).not.toEqual(liveCli);
});

test('the snapshot holds every input, parameter and result, and its hash is in the audit chain', async () => {
  const db = ctx.deps.db;
  const row = await db('period_snapshots').where({ period_id: periodId }).orderBy('version', 'desc').first();
  const snapshot = JSON.parse(row.snapshot_json);
  expect(snapshot.params).toMatchObject({ k: 5, m: 4 });
  const west = snapshot.units.find((u: { unit: { key: string } }) => u.unit.key === 'west');
  expect(west.inputs.input.responses).toBe(6);
  expect(west.inputs.posts[0]).toMatchObject({ key: 'chief', title: '局长', power: { decision: 5 } });
  expect(west.inputs.items).toHaveLength(6);
  expect(west.inputs.reports).toHaveLength(1);
  expect(west.inputs.findings).toHaveLength(1);
  expect(west.result.posts[0].postKey).toBe('chief');
  const audit = await db('audit_events').where({ action: 'period.snapshot' }).first();
  expect(JSON.parse(audit.details_json).sha256).toBe(crypto.createHash('sha256').update(row.snapshot_json).digest('hex'));
});
