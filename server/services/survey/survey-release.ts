import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { bool } from '../../db/dialect';
import { sqlAll, sqlRun, type SqlDb, type SqlParam } from '../../db/sql-runner';
import { dayOf } from '../../deps';
import { cellKey, cellsDue, responsesDue, UNIT_CELL, type Cell } from '../../domain/released-cells';

// Held and released survey data (DESIGN.md §4). Owned by the survey area.
//
// A submission is held (held_responses, held_answers). A release, in one transaction:
// - moves every cell that holds at least k answers into the released tables (survey_aggregates,
//   survey_unit_aggregates, survey_post_totals, released_answers under random response ids, in random order);
// - counts a batch of at least k held responses in N_u (releases) and moves their comments, shuffled, into
//   survey_comments;
// - deletes every held row of the unit and writes back what stays held under new ids, in random order, and rewrites
//   the unit's used codes: afterwards no row, held or released, carries the transaction, position or id it was
//   submitted with (PostgreSQL xmin/ctid, SQLite page order), so nothing ties a released row to the use of a code.
// The caller truncates SQLite's WAL after the commit (truncateWal), so the frames of held rows are gone too.
// Holding and releasing run at every submission: plain SQL on the driver (db/sql-runner.ts), in the caller's
// transaction, a knex one or a driver one (sqlTransaction).

export type AnswerValue = 1 | 2 | 3 | 4 | 5;

/** One non-"don't know" answer of a submission; postId 0 (UNIT_CELL) for a unit-scope item. */
export interface HeldAnswer extends Cell {
  value: AnswerValue;
}

interface HeldResponseRow {
  id: string;
  comment: string | null;
  counted: unknown;
  released_as: string | null;
}

interface HeldAnswerRow {
  held_response_id: string;
  post_id: number;
  item_id: number;
  value: number;
}

const ROWS_PER_STATEMENT = 200;
const COUNT_COLUMNS = ['c1', 'c2', 'c3', 'c4', 'c5'] as const;

const randomId = () => crypto.randomBytes(16).toString('hex');

/** Fisher–Yates with crypto randomness: released rows and shown comments carry no arrival order. */
export function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/**
 * A multi-row VALUES insert, the same SQL on both databases (knex's builder writes SQLite's multi-row insert as a
 * UNION ALL of SELECTs), with an optional ON CONFLICT clause; run straight on the driver (db/sql-runner.ts): the held
 * answers of every submission go through here.
 */
async function insertRows(trx: SqlDb, table: string, columns: readonly string[], rows: unknown[][], onConflict = ''): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await sqlRun(trx, `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}${onConflict ? ` ON CONFLICT ${onConflict}` : ''}`, chunk.flat() as SqlParam[]);
  }
}

/** Stores one submission as held data, inside the transaction that used its code. */
export async function holdSubmission(trx: SqlDb, periodId: number, unitId: number, comment: string | null, answers: readonly HeldAnswer[]): Promise<void> {
  const id = randomId();
  await sqlRun(trx, 'INSERT INTO held_responses (id, period_id, unit_id, comment, counted, released_as) VALUES (?, ?, ?, ?, ?, ?)', [id, periodId, unitId, comment, false, null]);
  await insertRows(trx, 'held_answers', ['held_response_id', 'period_id', 'unit_id', 'post_id', 'item_id', 'value'],
    answers.map((a) => [id, periodId, unitId, a.postId, a.itemId, a.value]));
}

/** c1..c5 per cell of the answers being released. */
function tally(answers: readonly HeldAnswerRow[]): Map<string, { cell: Cell; counts: number[] }> {
  const cells = new Map<string, { cell: Cell; counts: number[] }>();
  for (const a of answers) {
    const cell = { postId: Number(a.post_id), itemId: Number(a.item_id) };
    const key = cellKey(cell);
    const entry = cells.get(key) ?? { cell, counts: [0, 0, 0, 0, 0] };
    entry.counts[Number(a.value) - 1] += 1;
    cells.set(key, entry);
  }
  return cells;
}

const addCounts = (table: string) => COUNT_COLUMNS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');

/** Adds the released cells to the running aggregates: post cells and unit cells. */
async function addAggregates(trx: SqlDb, periodId: number, unitId: number, moving: readonly HeldAnswerRow[]): Promise<void> {
  const cells = [...tally(moving).values()];
  const postCells = cells.filter((c) => c.cell.postId !== UNIT_CELL);
  const unitCells = cells.filter((c) => c.cell.postId === UNIT_CELL);
  await insertRows(trx, 'survey_aggregates', ['period_id', 'unit_id', 'post_id', 'item_id', ...COUNT_COLUMNS, 'cna'],
    postCells.map((c) => [periodId, unitId, c.cell.postId, c.cell.itemId, ...c.counts, 0]),
    `(period_id, post_id, item_id) DO UPDATE SET ${addCounts('survey_aggregates')}`);
  await insertRows(trx, 'survey_unit_aggregates', ['period_id', 'unit_id', 'item_id', ...COUNT_COLUMNS],
    unitCells.map((c) => [periodId, unitId, c.cell.itemId, ...c.counts]),
    `(period_id, unit_id, item_id) DO UPDATE SET ${addCounts('survey_unit_aggregates')}`);
}

/** N_p grows by the released responses that had no released answer about the post before (§3). */
async function addRespondents(trx: SqlDb, periodId: number, unitId: number, moving: readonly { responseId: string; postId: number }[], knownBefore: readonly string[]): Promise<void> {
  const pairs = new Set(moving.filter((m) => m.postId !== UNIT_CELL).map((m) => `${m.responseId}|${m.postId}`));
  if (!pairs.size) return;
  const seen = new Set<string>();
  if (knownBefore.length) {
    for (let i = 0; i < knownBefore.length; i += ROWS_PER_STATEMENT) {
      const ids = knownBefore.slice(i, i + ROWS_PER_STATEMENT);
      const rows = await sqlAll<{ response_id: string; post_id: number }>(trx, `SELECT DISTINCT response_id, post_id FROM released_answers WHERE response_id IN (${ids.map(() => '?').join(', ')}) AND post_id <> ?`, [...ids, UNIT_CELL]);
      for (const r of rows) seen.add(`${r.response_id}|${Number(r.post_id)}`);
    }
  }
  const added = new Map<number, number>();
  for (const pair of pairs) {
    if (seen.has(pair)) continue;
    const postId = Number(pair.split('|')[1]);
    added.set(postId, (added.get(postId) ?? 0) + 1);
  }
  await insertRows(trx, 'survey_post_totals', ['period_id', 'unit_id', 'post_id', 'respondents'],
    [...added].map(([postId, n]) => [periodId, unitId, postId, n]),
    '(period_id, post_id) DO UPDATE SET respondents = survey_post_totals.respondents + excluded.respondents');
}

/** N_u and comments: a batch of at least k held responses is counted, their comments released shuffled and undated. */
async function countResponses(trx: SqlDb, periodId: number, unitId: number, batch: readonly HeldResponseRow[], now: number): Promise<void> {
  await sqlRun(trx, 'INSERT INTO releases (period_id, unit_id, response_count, released_on) VALUES (?, ?, ?, ?)', [periodId, unitId, batch.length, dayOf(now)]);
  const comments = shuffle(batch.map((r) => (r.comment ?? '').trim()).filter((c) => c !== ''));
  await insertRows(trx, 'survey_comments', ['id', 'period_id', 'unit_id', 'comment'], comments.map((c) => [randomId(), periodId, unitId, c]));
}

/** Deletes every held row of the unit and writes back what stays held, under new ids and in random order. */
async function rewriteHeld(trx: SqlDb, periodId: number, unitId: number, responses: readonly HeldResponseRow[], remaining: readonly HeldAnswerRow[]): Promise<void> {
  await sqlRun(trx, 'DELETE FROM held_answers WHERE period_id = ? AND unit_id = ?', [periodId, unitId]);
  await sqlRun(trx, 'DELETE FROM held_responses WHERE period_id = ? AND unit_id = ?', [periodId, unitId]);
  const answersOf = new Map<string, HeldAnswerRow[]>();
  for (const a of remaining) answersOf.set(a.held_response_id, [...(answersOf.get(a.held_response_id) ?? []), a]);
  const survivors = shuffle(responses.filter((r) => !bool(r.counted) || answersOf.has(r.id)).map((r) => ({ ...r, newId: randomId() })));
  await insertRows(trx, 'held_responses', ['id', 'period_id', 'unit_id', 'comment', 'counted', 'released_as'],
    survivors.map((r) => [r.newId, periodId, unitId, bool(r.counted) ? null : r.comment, bool(r.counted), r.released_as]));
  const answers = shuffle(survivors.flatMap((r) => (answersOf.get(r.id) ?? []).map((a) => [r.newId, periodId, unitId, a.post_id, a.item_id, a.value])));
  await insertRows(trx, 'held_answers', ['held_response_id', 'period_id', 'unit_id', 'post_id', 'item_id', 'value'], answers);
}

/**
 * Releases whatever of the unit's held data is due under the cell rule (DESIGN.md §4), in the caller's transaction.
 * Returns whether anything was released (the caller then truncates SQLite's WAL after the commit).
 */
export async function releaseDue(trx: SqlDb, periodId: number, unitId: number, k: number, now: number): Promise<boolean> {
  const responses = await sqlAll<HeldResponseRow>(trx, 'SELECT id, comment, counted, released_as FROM held_responses WHERE period_id = ? AND unit_id = ?', [periodId, unitId]);
  if (!responses.length) return false;
  const answers = await sqlAll<HeldAnswerRow>(trx, 'SELECT held_response_id, post_id, item_id, value FROM held_answers WHERE period_id = ? AND unit_id = ?', [periodId, unitId]);

  const heldPerCell = new Map<string, Cell & { held: number }>();
  for (const a of answers) {
    const cell = { postId: Number(a.post_id), itemId: Number(a.item_id) };
    const entry = heldPerCell.get(cellKey(cell)) ?? { ...cell, held: 0 };
    entry.held += 1;
    heldPerCell.set(cellKey(cell), entry);
  }
  const due = new Set(cellsDue([...heldPerCell.values()], k).map(cellKey));
  const uncounted = responses.filter((r) => !bool(r.counted));
  const batch = responsesDue(uncounted.length, k);
  if (!due.size && !batch) return false;

  const moving = answers.filter((a) => due.has(cellKey({ postId: Number(a.post_id), itemId: Number(a.item_id) })));
  const knownBefore = responses.filter((r) => r.released_as).map((r) => r.released_as as string);
  for (const r of responses) if (!r.released_as && moving.some((a) => a.held_response_id === r.id)) r.released_as = randomId();
  const releasedAs = new Map(responses.map((r) => [r.id, r.released_as as string]));
  const moved = moving.map((a) => ({ responseId: releasedAs.get(a.held_response_id) as string, postId: Number(a.post_id), itemId: Number(a.item_id), value: Number(a.value) }));

  await addRespondents(trx, periodId, unitId, moved, knownBefore);
  await addAggregates(trx, periodId, unitId, moving);
  await insertRows(trx, 'released_answers', ['response_id', 'period_id', 'unit_id', 'post_id', 'item_id', 'value'],
    shuffle(moved.map((m) => [m.responseId, periodId, unitId, m.postId, m.itemId, m.value])));
  if (batch) {
    await countResponses(trx, periodId, unitId, uncounted, now);
    for (const r of uncounted) r.counted = true;
  }
  await rewriteHeld(trx, periodId, unitId, responses, answers.filter((a) => !due.has(cellKey({ postId: Number(a.post_id), itemId: Number(a.item_id) }))));
  // The unit's used codes are written again in this transaction, so none keeps the transaction that used it.
  await sqlRun(trx, 'UPDATE access_codes SET used = ? WHERE period_id = ? AND unit_id = ? AND used = ?', [true, periodId, unitId, true]);
  return true;
}

/**
 * At period close: releases per unit what reaches k, then deletes what stays held: it enters no figure and no
 * snapshot, and nothing of it is kept. Returns whether any held data was there.
 */
export async function releaseRemainingOnClose(trx: Knex, periodId: number, k: number, now: number): Promise<boolean> {
  const units: { unit_id: number }[] = await trx('held_responses').where({ period_id: periodId }).distinct('unit_id');
  for (const u of units) await releaseDue(trx, periodId, Number(u.unit_id), k, now);
  await trx('held_answers').where({ period_id: periodId }).delete();
  await trx('held_responses').where({ period_id: periodId }).delete();
  return units.length > 0;
}
