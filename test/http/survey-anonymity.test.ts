import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { isPostgres } from '../../server/db/dialect';
import { createTestContext, usingPostgres, type TestContext } from '../helpers/context';
import { createPost, createUnit } from '../helpers/factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// DESIGN.md §4: after a survey run, no client address, user agent, access code in clear or time of a response is
// anywhere: database rows, the database file, the data folder, the logs.

const ADDRESS = '203.0.113.77';
const AGENT = 'QingfengProbe/9.9 (distinctive-ua-7731)';

let ctx: TestContext;
let codes: string[];
beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: '1' });
  const unit = await createUnit(ctx.deps.db);
  await createPost(ctx.deps.db, unit.id, { key: 'chief' });
  await createPost(ctx.deps.db, unit.id, { key: 'deputy' });
  const period = await createPeriod(ctx.deps.db);
  codes = await createCodes(ctx.deps, period.id, unit.id, 7);
  const form = await fullAnswers(ctx.deps.db, period.id, unit.id, (p, i) => String(((p + i) % 5) + 1));
  const send = (url: string, body: Record<string, string>) =>
    request(ctx.app).post(url).set('User-Agent', AGENT).set('X-Forwarded-For', ADDRESS).type('form').send(body);
  for (const code of codes.slice(0, 6)) {
    expect((await send('/survey/start', { code: code.toLowerCase() })).status).toBe(200);
    expect((await send('/survey/submit', { code, ...form, comment: '匿名意见' })).status).toBe(303);
  }
  // An invalid attempt and a half-filled form are logged nowhere either.
  await send('/survey/start', { code: codes[6].slice(0, 10) });
  await send('/survey/submit', { code: codes[6], 'answer.chief.cost-1': '2' });
});
afterAll(() => ctx.close());

function forbidden(): string[] {
  return [ADDRESS, 'distinctive-ua-7731', ...codes, ...codes.map((c) => c.replace(/-/g, ''))];
}

async function allRows(): Promise<string> {
  const db = ctx.deps.db;
  const tables: string[] = isPostgres(db)
    ? (await db('information_schema.tables').whereRaw('table_schema = current_schema()').select('table_name')).map((r) => r.table_name)
    : (await db('sqlite_master').where({ type: 'table' }).select('name')).map((r) => r.name);
  expect(tables).toContain('held_responses');
  const dumps: string[] = [];
  for (const table of tables) dumps.push(JSON.stringify(await db(table).select()));
  return dumps.join('\n');
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('no database row holds the address, the user agent or an access code in clear', async () => {
  const rows = await allRows();
  expect(rows).toContain('匿名意见');
  for (const s of forbidden()) expect(rows).not.toContain(s);
});

test('no file of the data folder (the SQLite file and its journal included) holds them either', () => {
  const files = filesUnder(ctx.dataDir);
  if (!usingPostgres()) expect(files.some((f) => f.endsWith('.db'))).toBe(true);
  for (const file of files) {
    const bytes = fs.readFileSync(file).toString('latin1');
    const utf8 = fs.readFileSync(file).toString('utf8');
    for (const s of forbidden()) {
      expect(bytes.includes(s) || utf8.includes(s)).toBe(false);
    }
  }
});

test('the logs hold none of them', () => {
  const logs = ctx.logLines.join('\n');
  for (const s of forbidden()) expect(logs).not.toContain(s);
});

test('held and released survey rows have no time column and nothing that could point to a code', async () => {
  const db = ctx.deps.db;
  const columns = async (table: string) => Object.keys(await db(table).columnInfo()).sort();
  expect(await columns('held_responses')).toEqual(['comment', 'counted', 'id', 'period_id', 'released_as', 'unit_id']);
  expect(await columns('held_answers')).toEqual(['held_response_id', 'item_id', 'period_id', 'post_id', 'unit_id', 'value']);
  expect(await columns('released_answers')).toEqual(['item_id', 'period_id', 'post_id', 'response_id', 'unit_id', 'value']);
  expect(await columns('survey_comments')).toEqual(['comment', 'id', 'period_id', 'unit_id']);
  expect(await columns('access_codes')).toEqual(['batch_id', 'code_hash', 'period_id', 'unit_id', 'used']);
  const ids = [
    ...(await db('held_responses').pluck('id')), ...(await db('released_answers').distinct('response_id').pluck('response_id')), ...(await db('survey_comments').pluck('id')),
  ] as string[];
  expect(ids.length).toBeGreaterThanOrEqual(6);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect((await db('releases').select('released_on')).every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.released_on))).toBe(true);
});

test('the public survey pages set no cookie', async () => {
  for (const res of [await request(ctx.app).get('/survey'), await request(ctx.app).post('/survey/start').type('form').send({ code: 'nope' })]) {
    expect(res.headers['set-cookie']).toBeUndefined();
  }
});
