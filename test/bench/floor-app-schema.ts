import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrap } from '../../server/bootstrap';
import { createLogger } from '../../server/logger';
import { generateBatch } from '../../server/services/access-codes';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod, fullAnswers } from '../helpers/survey-factories';
import { serialFormHandler } from './floor-http';

// The floor for survey submission as the issue defines it: a bare node:http handler doing the same SQLite transaction
// as the app — on the app's own schema (its migrations: foreign keys, indexes), with the same statements: claim the
// code of a live batch of an open period, read the period, insert the response and its answers in one statement,
// count the unit's unreleased responses and, every k-th, run the release (DESIGN.md §4) — each statement prepared
// once, with no Express, knex, validation, templates or look-ups outside the transaction.

const COUNTS = ['c1', 'c2', 'c3', 'c4', 'c5', 'cna'];
const tally = (v: number | null) => `SUM(CASE WHEN a.value ${v === null ? 'IS NULL' : `= ${v}`} THEN 1 ELSE 0 END)`;
const RELEASED = 'FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.period_id = ? AND r.unit_id = ? AND r.release_id = ?';
const SQL = {
  claim: "UPDATE access_codes SET used = 1 WHERE code_hash = ? AND used = 0 AND batch_id IN (SELECT id FROM code_batches WHERE revoked_at IS NULL) AND period_id IN (SELECT id FROM periods WHERE state = 'open')",
  period: 'SELECT questionnaire_id, params_json FROM periods WHERE id = ? LIMIT 1',
  response: 'INSERT INTO responses (comment, id, period_id, release_id, unit_id) VALUES (?, ?, ?, ?, ?)',
  answers: (rows: number) => `INSERT INTO answers (item_id, post_id, response_id, value) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}`,
  waiting: 'SELECT count(*) AS n FROM responses WHERE period_id = ? AND unit_id = ? AND release_id IS NULL',
  release: 'INSERT INTO releases (period_id, unit_id, response_count, released_on) VALUES (?, ?, ?, ?) RETURNING id',
  mark: 'UPDATE responses SET release_id = ? WHERE period_id = ? AND unit_id = ? AND release_id IS NULL',
  aggregates: `INSERT INTO survey_aggregates (period_id, unit_id, post_id, item_id, ${COUNTS.join(', ')}) SELECT ?, ?, a.post_id, a.item_id, ${[1, 2, 3, 4, 5, null].map(tally).join(', ')} ${RELEASED} GROUP BY a.post_id, a.item_id ON CONFLICT (period_id, post_id, item_id) DO UPDATE SET ${COUNTS.map((c) => `${c} = survey_aggregates.${c} + excluded.${c}`).join(', ')}`,
  totals: `INSERT INTO survey_post_totals (period_id, unit_id, post_id, respondents) SELECT ?, ?, a.post_id, COUNT(DISTINCT a.response_id) ${RELEASED} AND a.value IS NOT NULL GROUP BY a.post_id ON CONFLICT (period_id, post_id) DO UPDATE SET respondents = survey_post_totals.respondents + excluded.respondents`,
};

interface RawDb {
  exec(sql: string): Promise<void>;
  run(sql: string, params: unknown[]): Promise<number>;
  get<T>(sql: string, params: unknown[]): Promise<T>;
  close(): Promise<void>;
}

function betterSqlite(file: string): RawDb {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL');
  const statements = new Map<string, { run(p: unknown[]): { changes: number }; get(p: unknown[]): unknown }>();
  const prepared = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
  return {
    exec: async (sql) => db.exec(sql),
    run: async (sql, params) => prepared(sql).run(params).changes,
    get: async <T>(sql: string, params: unknown[]) => prepared(sql).get(params) as T,
    close: async () => db.close(),
  };
}

/** The app's database with one unit of three posts, an open period and `codeCount` codes; then the bare handler. */
export async function appTransactionFloor(codeCount: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-floor-app-'));
  const deps = await bootstrap({ env: { DATA_DIR: dir, DATABASE_URL: '' }, logger: createLogger({ level: 'error' }) });
  const unit = await createUnit(deps.db, { name: '压测局' });
  for (const key of ['chief', 'deputy-a', 'deputy-b']) await createPost(deps.db, unit.id, { key });
  const period = await createPeriod(deps.db);
  const codes: string[] = [];
  while (codes.length < codeCount) {
    const target = { periodId: period.id, periodKey: period.key, periodState: 'open', unitId: unit.id, unitKey: unit.key, unitName: unit.name };
    codes.push(...(await deps.db.transaction((trx) => generateBatch(trx, deps.secrets.codeKey, target, { count: Math.min(2000, codeCount - codes.length), kind: 'print', createdBy: null, now: Date.now() }))).codes);
  }
  const form = await fullAnswers(deps.db, period.id, unit.id, (p, i) => String(((p * 7 + i) % 5) + 1));
  const posts = await deps.db('posts').where({ unit_id: unit.id }).select('id', 'key');
  const items = await deps.db('questionnaire_items').select('id', 'key', 'questionnaire_id');
  const { questionnaire_id: pinned } = await deps.db('periods').where({ id: period.id }).first('questionnaire_id');
  // What the bare handler knows up front: which (post, item) each answer field is.
  const fields = new Map<string, [number, number]>();
  for (const p of posts) for (const it of items.filter((x) => x.questionnaire_id === pinned)) fields.set(`answer.${p.key}.${it.key}`, [p.id, it.id]);
  const codeKey = deps.secrets.codeKey;
  await deps.db.destroy();

  const db = betterSqlite(path.join(dir, 'qingfeng.db'));
  const hash = (code: string) => crypto.createHmac('sha256', codeKey).update(code.replace(/-/g, '').toUpperCase()).digest('hex');
  const today = new Date().toISOString().slice(0, 10);

  const submit = async (body: URLSearchParams): Promise<boolean> => {
    const answers: unknown[] = [];
    const id = crypto.randomBytes(16).toString('hex');
    for (const [name, value] of body) {
      const at = fields.get(name);
      if (at) answers.push(at[1], at[0], id, value === 'na' ? null : Number(value));
    }
    await db.exec('BEGIN IMMEDIATE');
    try {
      if ((await db.run(SQL.claim, [hash(body.get('code') ?? '')])) !== 1) {
        await db.exec('ROLLBACK');
        return false;
      }
      const row = await db.get<{ params_json: string | null }>(SQL.period, [period.id]);
      const k = row.params_json ? Number(JSON.parse(row.params_json).k ?? 5) : 5;
      await db.run(SQL.response, [body.get('comment') || null, id, period.id, null, unit.id]);
      await db.run(SQL.answers(answers.length / 4), answers);
      const { n } = await db.get<{ n: number }>(SQL.waiting, [period.id, unit.id]);
      if (n >= k) {
        const { id: releaseId } = await db.get<{ id: number }>(SQL.release, [period.id, unit.id, n, today]);
        await db.run(SQL.mark, [releaseId, period.id, unit.id]);
        await db.run(SQL.aggregates, [period.id, unit.id, period.id, unit.id, releaseId]);
        await db.run(SQL.totals, [period.id, unit.id, period.id, unit.id, releaseId]);
      }
      await db.exec('COMMIT');
      return true;
    } catch (err) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  };

  const handle = serialFormHandler(submit);

  const answerBody = new URLSearchParams(form).toString();
  return { codes, answerBody, handle, close: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
