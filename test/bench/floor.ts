import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serialFormHandler } from './floor-http';

// The floor for survey submission: the same transaction as the app (claim the code atomically, insert a response
// with a random id and its answers) in a bare node:http handler, on better-sqlite3, WAL + synchronous=FULL.
const SCHEMA = `
PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;
CREATE TABLE access_codes (code_hash TEXT PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE responses (id TEXT PRIMARY KEY, period_id INTEGER NOT NULL, unit_id INTEGER NOT NULL, comment TEXT) WITHOUT ROWID;
CREATE TABLE answers (response_id TEXT NOT NULL, post_id INTEGER NOT NULL, item_id INTEGER NOT NULL, value INTEGER,
  PRIMARY KEY (response_id, post_id, item_id)) WITHOUT ROWID;`;

interface Tx { claim(hash: string): Promise<boolean>; insert(id: string, answers: Array<[number, number, number]>): Promise<void>; begin(): Promise<void>; commit(): Promise<void>; rollback(): Promise<void>; close(): Promise<void> }

function betterSqlite(file: string, codeHashes: string[]): Tx {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.exec(SCHEMA);
  const add = db.prepare('INSERT INTO access_codes (code_hash) VALUES (?)');
  db.transaction(() => codeHashes.forEach((h) => add.run(h)))();
  const claim = db.prepare('UPDATE access_codes SET used = 1 WHERE code_hash = ? AND used = 0');
  const resp = db.prepare('INSERT INTO responses (id, period_id, unit_id) VALUES (?, 1, 1)');
  const ans = db.prepare('INSERT INTO answers (response_id, post_id, item_id, value) VALUES (?, ?, ?, ?)');
  return {
    begin: async () => db.exec('BEGIN IMMEDIATE'),
    claim: async (h) => claim.run(h).changes === 1,
    insert: async (id, answers) => {
      resp.run(id);
      for (const [p, i, v] of answers) ans.run(id, p, i, v);
    },
    commit: async () => db.exec('COMMIT'),
    rollback: async () => db.exec('ROLLBACK'),
    close: async () => db.close(),
  };
}

export async function submissionFloor(codeCount: number, answersPerResponse: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-floor-'));
  const key = crypto.randomBytes(32);
  const hash = (code: string) => crypto.createHmac('sha256', key).update(code).digest('hex');
  const codes = Array.from({ length: codeCount }, () => crypto.randomBytes(10).toString('hex').toUpperCase());
  const file = path.join(dir, 'floor.db');
  const tx = betterSqlite(file, codes.map(hash));
  const answerBody = new URLSearchParams(Array.from({ length: answersPerResponse }, (_, i) => [`answer.p${i % 3}.i${i}`, String((i % 5) + 1)])).toString();

  const submit = async (form: URLSearchParams): Promise<boolean> => {
    const answers: Array<[number, number, number]> = [];
    let n = 0;
    for (const [k, v] of form) if (k.startsWith('answer.')) answers.push([n % 3, n++, Number(v)]);
    await tx.begin();
    try {
      if (!(await tx.claim(hash(form.get('code') ?? '')))) {
        await tx.rollback();
        return false;
      }
      await tx.insert(crypto.randomBytes(16).toString('hex'), answers);
      await tx.commit();
      return true;
    } catch (err) {
      await tx.rollback().catch(() => undefined);
      throw err;
    }
  };

  const handle = serialFormHandler(submit);

  return { codes, answerBody, handle, close: async () => { await tx.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}
