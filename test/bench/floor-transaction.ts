import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { bootstrap } from '../../server/bootstrap';
import { createLogger } from '../../server/logger';
import { cellKey, cellsDue, responsesDue, UNIT_CELL } from '../../server/domain/released-cells';
import { normaliseCode } from '../../server/domain/access-code';
import { postItems, UNIT_FIELD, unitItems } from '../../server/domain/item-scope';
import { generateBatch, hashCode } from '../../server/services/survey/access-codes';
import { paramsFromJson } from '../../server/services/risk/period-params';
import { activeItems, questionnaireForPeriod } from '../../server/services/survey/questionnaire';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod, fullAnswers } from '../helpers/survey-factories';
import { serialFormHandler } from './floor-http';

// The floor for survey submission (issue 21): a bare node:http handler doing the same transaction as the app, on the
// app's own schema (its migrations: foreign keys, indexes), on better-sqlite3 or pg: lock the unit (PostgreSQL), claim
// the code of a live batch of an open period, read the period, hold the response and its non-"don't know" answers,
// read what the unit holds and, when the cell rule makes anything due, release it (aggregates, post totals, released
// answers, the counted batch and its comments, held rows rewritten under new ids, used codes rewritten) — then, on
// SQLite, truncate the WAL after a release (the checkpoint cost the app pays). Each statement prepared once on the
// driver; no Express, knex, validation, templates, nor the app's reads outside the transaction (the code check and the
// form's posts and questionnaire). The release rule itself comes from server/domain/released-cells.ts.

interface Raw {
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  run(sql: string, params: unknown[]): Promise<number>;
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
  checkpoint(): Promise<void>;
  pg: boolean;
  close(): Promise<void>;
}

const SQLITE_PRAGMAS = 'PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON';

function betterSqlite(file: string): Raw {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.exec(SQLITE_PRAGMAS);
  const statements = new Map<string, { run(p: unknown[]): { changes: number }; all(p: unknown[]): unknown[] }>();
  const prepared = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
  return {
    pg: false,
    begin: async () => db.exec('BEGIN IMMEDIATE'),
    commit: async () => db.exec('COMMIT'),
    rollback: async () => db.exec('ROLLBACK'),
    run: async (sql, params) => prepared(sql).run(params).changes,
    all: async <T>(sql: string, params: unknown[]) => prepared(sql).all(params) as T[],
    checkpoint: async () => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'),
    close: async () => db.close(),
  };
}

/** One pg client (a floor serves one transaction at a time), named prepared statements, `?` turned into `$n`. */
async function postgres(url: string, schema: string): Promise<Raw> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`SET search_path TO ${schema}`);
  const names = new Map<string, { name: string; text: string }>();
  const statement = (sql: string) => {
    let s = names.get(sql);
    if (!s) {
      let n = 0;
      names.set(sql, (s = { name: `floor_${names.size}`, text: sql.replace(/\?/g, () => `$${++n}`) }));
    }
    return s;
  };
  return {
    pg: true,
    begin: async () => void (await client.query('BEGIN')),
    commit: async () => void (await client.query('COMMIT')),
    rollback: async () => void (await client.query('ROLLBACK')),
    run: async (sql, params) => (await client.query({ ...statement(sql), values: params })).rowCount ?? 0,
    all: async <T>(sql: string, params: unknown[]) => (await client.query({ ...statement(sql), values: params })).rows as T[],
    checkpoint: async () => undefined,
    close: async () => client.end(),
  };
}

const values = (columns: number, rows: number) => Array(rows).fill(`(${Array(columns).fill('?').join(', ')})`).join(', ');
const COUNTS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const addCounts = (table: string) => COUNTS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
const SQL = {
  lock: 'SELECT id FROM units WHERE id = ? FOR UPDATE',
  claim: 'UPDATE access_codes SET used = ? WHERE code_hash = ? AND used = ? AND batch_id IN (SELECT id FROM code_batches WHERE revoked_at IS NULL) AND period_id IN (SELECT id FROM periods WHERE state = \'open\')',
  period: 'SELECT questionnaire_id, params_json FROM periods WHERE id = ? LIMIT 1',
  hold: 'INSERT INTO held_responses (id, period_id, unit_id, comment, counted, released_as) VALUES (?, ?, ?, ?, ?, ?)',
  heldAnswers: (rows: number) => `INSERT INTO held_answers (held_response_id, period_id, unit_id, post_id, item_id, value) VALUES ${values(6, rows)}`,
  heldResponses: 'SELECT id, comment, counted, released_as FROM held_responses WHERE period_id = ? AND unit_id = ?',
  heldOfUnit: 'SELECT held_response_id, post_id, item_id, value FROM held_answers WHERE period_id = ? AND unit_id = ?',
  aggregates: (rows: number) => `INSERT INTO survey_aggregates (period_id, unit_id, post_id, item_id, c1, c2, c3, c4, c5, cna) VALUES ${values(10, rows)} ON CONFLICT (period_id, post_id, item_id) DO UPDATE SET ${addCounts('survey_aggregates')}`,
  unitAggregates: (rows: number) => `INSERT INTO survey_unit_aggregates (period_id, unit_id, item_id, c1, c2, c3, c4, c5) VALUES ${values(8, rows)} ON CONFLICT (period_id, unit_id, item_id) DO UPDATE SET ${addCounts('survey_unit_aggregates')}`,
  totals: (rows: number) => `INSERT INTO survey_post_totals (period_id, unit_id, post_id, respondents) VALUES ${values(4, rows)} ON CONFLICT (period_id, post_id) DO UPDATE SET respondents = survey_post_totals.respondents + excluded.respondents`,
  released: (rows: number) => `INSERT INTO released_answers (response_id, period_id, unit_id, post_id, item_id, value) VALUES ${values(6, rows)}`,
  knownPairs: (ids: number) => `SELECT DISTINCT response_id, post_id FROM released_answers WHERE response_id IN (${Array(ids).fill('?').join(', ')}) AND post_id <> 0`,
  release: 'INSERT INTO releases (period_id, unit_id, response_count, released_on) VALUES (?, ?, ?, ?)',
  comments: (rows: number) => `INSERT INTO survey_comments (id, period_id, unit_id, comment) VALUES ${values(4, rows)}`,
  dropAnswers: 'DELETE FROM held_answers WHERE period_id = ? AND unit_id = ?',
  dropResponses: 'DELETE FROM held_responses WHERE period_id = ? AND unit_id = ?',
  rewriteResponses: (rows: number) => `INSERT INTO held_responses (id, period_id, unit_id, comment, counted, released_as) VALUES ${values(6, rows)}`,
  rewriteCodes: 'UPDATE access_codes SET used = ? WHERE period_id = ? AND unit_id = ? AND used = ?',
};
const CHUNK = 200;

const randomId = () => crypto.randomBytes(16).toString('hex');
const shuffle = <T>(list: T[]): T[] => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
};
const truthy = (v: unknown) => v === true || v === 1;

async function insertChunked(db: Raw, sql: (rows: number) => string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db.run(sql(chunk.length), chunk.flat());
  }
}

interface Held { id: string; comment: string | null; counted: unknown; released_as: string | null }
interface HeldAnswer { held_response_id: string; post_id: number; item_id: number; value: number }

/** The release check and, when due, the release: the app's releaseDue (server/services/survey/survey-release.ts) in raw SQL. */
async function releaseDue(db: Raw, periodId: number, unitId: number, k: number, today: string): Promise<boolean> {
  const responses = await db.all<Held>(SQL.heldResponses, [periodId, unitId]);
  if (!responses.length) return false;
  const answers = await db.all<HeldAnswer>(SQL.heldOfUnit, [periodId, unitId]);
  const perCell = new Map<string, { postId: number; itemId: number; held: number }>();
  for (const a of answers) {
    const key = `${a.post_id}:${a.item_id}`;
    const e = perCell.get(key) ?? { postId: Number(a.post_id), itemId: Number(a.item_id), held: 0 };
    e.held += 1;
    perCell.set(key, e);
  }
  const due = new Set(cellsDue([...perCell.values()], k).map(cellKey));
  const uncounted = responses.filter((r) => !truthy(r.counted));
  const batch = responsesDue(uncounted.length, k);
  if (!due.size && !batch) return false;

  const isDue = (a: HeldAnswer) => due.has(`${a.post_id}:${a.item_id}`);
  const moving = answers.filter(isDue);
  const knownBefore = responses.filter((r) => r.released_as).map((r) => r.released_as as string);
  const movingIds = new Set(moving.map((a) => a.held_response_id));
  for (const r of responses) if (!r.released_as && movingIds.has(r.id)) r.released_as = randomId();
  const releasedAs = new Map(responses.map((r) => [r.id, r.released_as as string]));

  // N_p: pairs (released response, post) not released before.
  const seen = new Set<string>();
  for (let i = 0; i < knownBefore.length; i += CHUNK) {
    const ids = knownBefore.slice(i, i + CHUNK);
    for (const r of await db.all<{ response_id: string; post_id: number }>(SQL.knownPairs(ids.length), ids)) seen.add(`${r.response_id}|${r.post_id}`);
  }
  const added = new Map<number, number>();
  const pairs = new Set(moving.filter((a) => Number(a.post_id) !== UNIT_CELL).map((a) => `${releasedAs.get(a.held_response_id)}|${a.post_id}`));
  for (const p of pairs) if (!seen.has(p)) added.set(Number(p.split('|')[1]), (added.get(Number(p.split('|')[1])) ?? 0) + 1);
  await insertChunked(db, SQL.totals, [...added].map(([postId, n]) => [periodId, unitId, postId, n]));

  const cells = new Map<string, { postId: number; itemId: number; counts: number[] }>();
  for (const a of moving) {
    const key = `${a.post_id}:${a.item_id}`;
    const e = cells.get(key) ?? { postId: Number(a.post_id), itemId: Number(a.item_id), counts: [0, 0, 0, 0, 0] };
    e.counts[Number(a.value) - 1] += 1;
    cells.set(key, e);
  }
  const list = [...cells.values()];
  await insertChunked(db, SQL.aggregates, list.filter((c) => c.postId !== UNIT_CELL).map((c) => [periodId, unitId, c.postId, c.itemId, ...c.counts, 0]));
  await insertChunked(db, SQL.unitAggregates, list.filter((c) => c.postId === UNIT_CELL).map((c) => [periodId, unitId, c.itemId, ...c.counts]));
  await insertChunked(db, SQL.released, shuffle(moving.map((a) => [releasedAs.get(a.held_response_id), periodId, unitId, a.post_id, a.item_id, a.value])));
  if (batch) {
    await db.run(SQL.release, [periodId, unitId, uncounted.length, today]);
    const comments = shuffle(uncounted.map((r) => (r.comment ?? '').trim()).filter((c) => c !== ''));
    await insertChunked(db, SQL.comments, comments.map((c) => [randomId(), periodId, unitId, c]));
    for (const r of uncounted) r.counted = true;
  }
  await db.run(SQL.dropAnswers, [periodId, unitId]);
  await db.run(SQL.dropResponses, [periodId, unitId]);
  const remaining = new Map<string, HeldAnswer[]>();
  for (const a of answers) if (!isDue(a)) remaining.set(a.held_response_id, [...(remaining.get(a.held_response_id) ?? []), a]);
  const survivors = shuffle(responses.filter((r) => !truthy(r.counted) || remaining.has(r.id)).map((r) => ({ ...r, newId: randomId() })));
  const b = (v: boolean) => (db.pg ? v : v ? 1 : 0);
  await insertChunked(db, SQL.rewriteResponses, survivors.map((r) => [r.newId, periodId, unitId, truthy(r.counted) ? null : r.comment, b(truthy(r.counted)), r.released_as]));
  await insertChunked(db, SQL.heldAnswers, shuffle(survivors.flatMap((r) => (remaining.get(r.id) ?? []).map((a) => [r.newId, periodId, unitId, a.post_id, a.item_id, a.value]))));
  await db.run(SQL.rewriteCodes, [b(true), periodId, unitId, b(true)]);
  return true;
}

export interface FloorSetup {
  /** A knex on the database the floor should use (migrated by bootstrap). */
  env: Record<string, string>;
  /** The bare driver on that same database. */
  raw: () => Promise<Raw>;
  cleanup: () => Promise<void>;
}

/** SQLite: a fresh data folder. */
export function sqliteSetup(): FloorSetup {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-floor-'));
  return { env: { DATA_DIR: dir, DATABASE_URL: '' }, raw: async () => betterSqlite(path.join(dir, 'qingfeng.db')), cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** PostgreSQL: a fresh schema in the given database (dropped by the caller with the database). */
export function pgSetup(url: string): FloorSetup {
  const schema = `floor_${crypto.randomBytes(4).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-floor-'));
  return {
    env: { DATA_DIR: dir, DATABASE_URL: url, DATABASE_SCHEMA: schema },
    raw: () => postgres(url, schema),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function createSchema(env: Record<string, string>): Promise<void> {
  if (!env.DATABASE_SCHEMA) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof import('pg');
  const c = new Client({ connectionString: env.DATABASE_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA IF NOT EXISTS ${env.DATABASE_SCHEMA}`);
  await c.end();
}

/** The app's database with one unit of three posts, an open period and `codeCount` codes; then the bare handler. */
export async function transactionFloor(setup: FloorSetup, codeCount: number) {
  await createSchema(setup.env);
  const deps = await bootstrap({ env: setup.env, logger: createLogger({ level: 'error' }) });
  const db: Knex = deps.db;
  const unit = await createUnit(db, { name: '压测局' });
  for (const key of ['chief', 'deputy-a', 'deputy-b']) await createPost(db, unit.id, { key });
  const period = await createPeriod(db);
  const codes: string[] = [];
  while (codes.length < codeCount) {
    const target = { periodId: period.id, periodKey: period.key, periodState: 'open', unitId: unit.id, unitKey: unit.key, unitName: unit.name };
    codes.push(...(await db.transaction((trx) => generateBatch(trx, deps.secrets.codeKey, target, { count: Math.min(2000, codeCount - codes.length), kind: 'print', createdBy: null, now: Date.now() }))).codes);
  }
  const form = await fullAnswers(db, period.id, unit.id, (p, i) => String(((p * 7 + i) % 5) + 1));
  const posts = await db('posts').where({ unit_id: unit.id }).select('id', 'key');
  const items = activeItems(await questionnaireForPeriod(db, period.id));
  // What the bare handler knows up front: which cell (post, item) each answer field is; a unit item's is (0, item).
  const fields = new Map<string, [number, number]>();
  for (const it of unitItems(items)) fields.set(`answer.${UNIT_FIELD}.${it.key}`, [UNIT_CELL, it.id]);
  for (const p of posts) for (const it of postItems(items)) fields.set(`answer.${p.key}.${it.key}`, [Number(p.id), it.id]);
  const codeKey = deps.secrets.codeKey;
  await db.destroy();

  const raw = await setup.raw();
  const b = (v: boolean) => (raw.pg ? v : v ? 1 : 0);
  const hash = (code: string) => hashCode(codeKey, normaliseCode(code) ?? '');
  const today = new Date().toISOString().slice(0, 10);

  const submit = async (body: URLSearchParams): Promise<boolean> => {
    const id = randomId();
    const answers: unknown[][] = [];
    for (const [name, value] of body) {
      const at = fields.get(name);
      if (at && value !== 'na') answers.push([id, period.id, unit.id, at[0], at[1], Number(value)]);
    }
    await raw.begin();
    let released = false;
    try {
      if (raw.pg) await raw.all(SQL.lock, [unit.id]);
      if ((await raw.run(SQL.claim, [b(true), hash(body.get('code') ?? ''), b(false)])) !== 1) {
        await raw.rollback();
        return false;
      }
      const [row] = await raw.all<{ params_json: string | null }>(SQL.period, [period.id]);
      const { k } = paramsFromJson(row.params_json);
      await raw.run(SQL.hold, [id, period.id, unit.id, body.get('comment') || null, b(false), null]);
      await insertChunked(raw, SQL.heldAnswers, answers);
      released = await releaseDue(raw, period.id, unit.id, k, today);
      await raw.commit();
    } catch (err) {
      await raw.rollback().catch(() => undefined);
      throw err;
    }
    if (released) await raw.checkpoint();
    return true;
  };

  return {
    codes,
    answerBody: new URLSearchParams(form).toString(),
    handle: serialFormHandler(submit),
    close: async () => {
      await raw.close();
      await setup.cleanup();
    },
  };
}
