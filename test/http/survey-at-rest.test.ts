import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { hashCode } from '../../server/services/survey/access-codes';
import { closePeriod } from '../../server/services/org/periods';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';
import { createPost, createUnit } from '../helpers/factories';
import { found, placesKept } from '../helpers/kept-bytes';
import { fileViaForm, reportOrg } from '../helpers/report-factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// The second adversary of DESIGN.md §4: IT staff with the database (its WAL, a dump), after the fact. Each test is an
// attack that worked before held and released data: pairing a response with the transaction that used a code
// (PostgreSQL xmin), reading submission order from physical order (ctid, dump order, SQLite page order), finding held
// answers in the WAL or in free pages, and reading the order codes were printed in from their storage order.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function submit(code: string, form: Record<string, string>): Promise<void> {
  const res = await request(ctx.app).post('/survey/submit').type('form').send({ code, ...form });
  expect(res.status).toBe(303);
}

async function surveyUnit(codeCount: number, params?: Record<string, unknown>) {
  const unit = await createUnit(ctx.deps.db);
  await createPost(ctx.deps.db, unit.id, { key: 'chief' });
  const period = await createPeriod(ctx.deps.db, params ? { params } : {});
  const codes = await createCodes(ctx.deps, period.id, unit.id, codeCount);
  return { unit, period, codes };
}

const pgOnly = usingPostgres() ? test : test.skip;
const sqliteOnly = usingPostgres() ? test.skip : test;

pgOnly('attack: the xmin join — after a release no released row shares its transaction with the use of one code', async () => {
  const { unit, period, codes } = await surveyUnit(7);
  for (const [i, code] of codes.entries()) await submit(code, { ...(await fullAnswers(ctx.deps.db, period.id, unit.id, () => String((i % 5) + 1))), comment: `comment ${i}` });
  const db = ctx.deps.db;
  const codeXmins: string[] = (await db('access_codes').where({ period_id: period.id, used: true }).select(db.raw('xmin::text as x'))).map((r) => r.x);
  for (const table of ['released_answers', 'survey_comments', 'survey_aggregates', 'survey_post_totals', 'releases']) {
    const rows: { x: string }[] = await db(table).where({ period_id: period.id }).select(db.raw('xmin::text as x'));
    expect(rows.length).toBeGreaterThan(0);
    for (const { x } of rows) {
      const paired = codeXmins.filter((c) => c === x).length;
      // Either no code at all, or every code used up to the release (at least k of them): never one person.
      expect(paired === 0 || paired >= 5).toBe(true);
    }
  }
});

pgOnly('attack: ctid and dump order — released comments are not stored in the order they were submitted', async () => {
  const { unit, period, codes } = await surveyUnit(10);
  const sent = codes.map((_, i) => `order-probe-${i}-${Date.now()}`);
  for (const [i, code] of codes.entries()) await submit(code, { ...(await fullAnswers(ctx.deps.db, period.id, unit.id)), comment: sent[i] });
  const byCtid: string[] = (await ctx.deps.db('survey_comments').where({ period_id: period.id }).orderByRaw('ctid').select('comment')).map((r) => r.comment);
  expect([...byCtid].sort()).toEqual([...sent].sort());
  expect(byCtid).not.toEqual(sent);
  const dump = spawnSync('pg_dump', ['--data-only', `--table=${ctx.env.DATABASE_SCHEMA}.survey_comments`, '--dbname', String(process.env.DATABASE_URL)], { encoding: 'utf8' });
  expect(dump.status).toBe(0);
  const inDump = sent.map((c) => dump.stdout.indexOf(c));
  expect(inDump.every((i) => i >= 0)).toBe(true);
  expect([...inDump].sort((a, b) => a - b)).not.toEqual(inDump);
});

sqliteOnly('attack: SQLite page order — released comments are not stored in the order they were submitted', async () => {
  const { unit, period, codes } = await surveyUnit(10);
  const sent = codes.map((_, i) => `page-probe-${i}`);
  for (const [i, code] of codes.entries()) await submit(code, { ...(await fullAnswers(ctx.deps.db, period.id, unit.id)), comment: sent[i] });
  const stored: string[] = (await ctx.deps.db.raw('SELECT comment FROM survey_comments WHERE period_id = ?', [period.id])).map((r: { comment: string }) => r.comment);
  expect([...stored].sort()).toEqual([...sent].sort());
  expect(stored).not.toEqual(sent);
});

sqliteOnly('attack: WAL and free pages — after a release the WAL is empty, and a remainder deleted at close is in no byte of the data folder', async () => {
  const { unit, period, codes } = await surveyUnit(8);
  const wal = path.join(ctx.dataDir, 'qingfeng.db-wal');
  for (const code of codes.slice(0, 5)) await submit(code, await fullAnswers(ctx.deps.db, period.id, unit.id, () => '2'));
  expect(fs.statSync(wal).size).toBe(0);

  // Three more, each with a comment that never reaches a batch of k: deleted at close, with secure_delete on.
  const marks = [0, 1, 2].map((i) => `HELD-REMAINDER-${i}-${process.pid}`);
  for (const [i, code] of codes.slice(5).entries()) await submit(code, { ...(await fullAnswers(ctx.deps.db, period.id, unit.id, () => '4')), comment: marks[i] });
  expect(found(await placesKept(ctx), Object.fromEntries(marks.map((m) => [m, m])))).not.toEqual([]); // held: still there
  const periodKey = (await ctx.deps.db('periods').where({ id: period.id }).first('key')).key;
  await closePeriod(ctx.deps.db, Date.now(), { actorId: null, actorLabel: 'test' }, periodKey);
  expect(fs.statSync(wal).size).toBe(0);
  expect(found(await placesKept(ctx), Object.fromEntries(marks.map((m) => [m, m])))).toEqual([]);
});

test('attack: code order — codes are stored in hash order, not in the order they were printed or mailed', async () => {
  const { period, codes } = await surveyUnit(30);
  const hashes = codes.map((c) => hashCode(ctx.deps.secrets.codeKey, c.replace(/-/g, '')));
  const db = ctx.deps.db;
  const stored: string[] = usingPostgres()
    ? (await db('access_codes').where({ period_id: period.id }).orderByRaw('ctid').select('code_hash')).map((r) => r.code_hash)
    : (await db.raw('SELECT code_hash FROM access_codes WHERE period_id = ?', [period.id])).map((r: { code_hash: string }) => r.code_hash);
  expect(stored).toEqual([...hashes].sort());
  expect(stored).not.toEqual(hashes);
});

sqliteOnly('attack: WAL after a report filing — the filing does not sit in the WAL next to the rest of the day', async () => {
  const org = await reportOrg(ctx.deps.db);
  const res = await fileViaForm(ctx.app, { unit: org.unit.key, post: org.chief.key });
  expect(res.status).toBe(200);
  expect(fs.statSync(path.join(ctx.dataDir, 'qingfeng.db-wal')).size).toBe(0);
});
