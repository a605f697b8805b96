import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { bool } from '../../db/dialect';
import { sqlAll, type SqlDb } from '../../db/sql-runner';
import { dayOf } from '../../domain/deadlines';
import { encodeCode, CODE_SYMBOLS, groupCode, MAX_BATCH, normaliseCode } from '../../domain/access-code';
import { AppError, Conflict, NotFound } from '../../errors';

// Access codes (DESIGN.md §2, §4): generated in batches for one (period, unit), shown once, stored only as
// HMAC-SHA-256 under the code key with a used flag and the batch id.

/** Keyed hash of a code's canonical symbols (no dashes). */
export function hashCode(codeKey: Buffer, symbols: string): string {
  return crypto.createHmac('sha256', codeKey).update(symbols).digest('hex');
}

export function newCode(): string {
  return encodeCode(crypto.randomBytes(CODE_SYMBOLS));
}

export interface BatchTarget {
  periodId: number;
  periodKey: string;
  unitId: number;
  unitKey: string;
  unitName: string;
  periodState: string;
}

/** Period and unit by key, for code generation (a closed period gets no new codes). */
export async function batchTarget(db: Knex, periodKey: string, unitKey: string): Promise<BatchTarget> {
  const period = await db('periods').where({ key: periodKey }).first('id', 'key', 'state');
  const unit = await db('units').where({ key: unitKey }).whereNull('archived_at').first('id', 'key', 'name');
  if (!period || !unit) throw new NotFound('survey.codes.error.target');
  return { periodId: period.id, periodKey: period.key, periodState: period.state, unitId: unit.id, unitKey: unit.key, unitName: unit.name };
}

/** Creates a batch of `count` fresh codes inside the caller's transaction; returns the codes in clear, once. */
export async function generateBatch(
  trx: Knex,
  codeKey: Buffer,
  target: BatchTarget,
  options: { count: number; kind: 'print' | 'email'; createdBy: number | null; now: number },
): Promise<{ batchId: string; codes: string[] }> {
  if (!Number.isInteger(options.count) || options.count < 1 || options.count > MAX_BATCH) throw new AppError(400, 'survey.codes.error.count', { params: { max: MAX_BATCH } });
  if (target.periodState === 'closed') throw new Conflict('survey.codes.error.closed');
  const batchId = crypto.randomBytes(12).toString('hex');
  await trx('code_batches').insert({ id: batchId, period_id: target.periodId, unit_id: target.unitId, kind: options.kind, code_count: options.count, created_by: options.createdBy, created_at: options.now });
  const codes: string[] = [];
  const rows: Record<string, unknown>[] = [];
  while (codes.length < options.count) {
    const code = newCode();
    codes.push(code);
    rows.push({ code_hash: hashCode(codeKey, code.replace(/-/g, '')), batch_id: batchId, period_id: target.periodId, unit_id: target.unitId, used: false });
  }
  // Stored in hash order, not in the order the codes are printed or mailed (DESIGN.md §4: codes in random order).
  rows.sort((a, b) => String(a.code_hash).localeCompare(String(b.code_hash)));
  for (let i = 0; i < rows.length; i += 200) await trx('access_codes').insert(rows.slice(i, i + 200));
  return { batchId, codes };
}

export interface BatchSummary {
  id: string;
  periodKey: string;
  unitKey: string;
  unitName: string;
  kind: string;
  count: number;
  createdOn: string;
  revoked: boolean;
}

/** Batches with their sizes, newest first. Never how many or which codes were used (that would date responses). */
export async function listBatches(db: Knex, filter: { periodId?: number; unitId?: number } = {}): Promise<BatchSummary[]> {
  const q = db('code_batches as b').join('periods as p', 'p.id', 'b.period_id').join('units as u', 'u.id', 'b.unit_id')
    .select('b.id', 'b.kind', 'b.code_count', 'b.created_at', 'b.revoked_at', 'p.key as period_key', 'u.key as unit_key', 'u.name as unit_name')
    .orderBy('b.created_at', 'desc');
  if (filter.periodId) q.where('b.period_id', filter.periodId);
  if (filter.unitId) q.where('b.unit_id', filter.unitId);
  return (await q).map((r) => ({ id: r.id, periodKey: r.period_key, unitKey: r.unit_key, unitName: r.unit_name, kind: r.kind, count: r.code_count, createdOn: dayOf(Number(r.created_at)), revoked: r.revoked_at !== null && r.revoked_at !== undefined }));
}

export async function revokeBatch(trx: Knex, batchId: string, now: number): Promise<void> {
  const n = await trx('code_batches').where({ id: batchId }).whereNull('revoked_at').update({ revoked_at: now });
  if (!n && !(await trx('code_batches').where({ id: batchId }).first('id'))) throw new NotFound();
}

/** Of the given codes, those that belong to the batch (for the CSV download of a sheet just printed). */
export async function codesOfBatch(db: Knex, codeKey: Buffer, batchId: string, codes: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const code of codes) {
    const symbols = normaliseCode(code);
    if (!symbols) continue;
    if (await db('access_codes').where({ code_hash: hashCode(codeKey, symbols), batch_id: batchId }).first('batch_id')) out.push(code);
  }
  return out;
}

export type CodeRefusal = 'survey.code.unknown' | 'survey.code.used' | 'survey.code.revoked' | 'survey.code.not_open';

export interface ValidCode {
  codeHash: string;
  /** Canonical grouped form, to carry in the form. */
  code: string;
  periodId: number;
  unitId: number;
}

const CODE_CHECK = 'SELECT c.used, c.period_id, c.unit_id, b.revoked_at, p.state FROM access_codes c JOIN code_batches b ON b.id = c.batch_id JOIN periods p ON p.id = c.period_id WHERE c.code_hash = ? LIMIT 1';

/** Checks what a person typed: a valid unused code of a live batch of an open period, or the reason it is not. */
export async function checkCode(db: SqlDb, codeKey: Buffer, input: string): Promise<{ ok: true; code: ValidCode } | { ok: false; refusal: CodeRefusal }> {
  const symbols = normaliseCode(input);
  if (!symbols) return { ok: false, refusal: 'survey.code.unknown' };
  const codeHash = hashCode(codeKey, symbols);
  // Every submission checks its code first: plain SQL on the driver (db/sql-runner.ts).
  const [row] = await sqlAll<{ used: unknown; period_id: number; unit_id: number; revoked_at: number | null; state: string }>(db, CODE_CHECK, [codeHash]);
  if (!row) return { ok: false, refusal: 'survey.code.unknown' };
  if (row.revoked_at !== null && row.revoked_at !== undefined) return { ok: false, refusal: 'survey.code.revoked' };
  if (bool(row.used)) return { ok: false, refusal: 'survey.code.used' };
  if (row.state !== 'open') return { ok: false, refusal: 'survey.code.not_open' };
  return { ok: true, code: { codeHash, code: groupCode(symbols), periodId: row.period_id, unitId: row.unit_id } };
}
