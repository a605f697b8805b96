import type { Knex } from 'knex';
import { dayOf } from '../deps';
import { releaseDue, releaseOnCloseDue } from '../domain/release-rule';

// Release batches (DESIGN.md §4). Owned by the survey area. Survey figures (survey_aggregates, survey_post_totals)
// only ever grow by whole releases of at least k responses of a unit.

const COUNT_COLUMNS = ['c1', 'c2', 'c3', 'c4', 'c5', 'cna'];

const idOf = (row: unknown): number => (typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number));

async function unreleasedCount(trx: Knex, periodId: number, unitId: number): Promise<number> {
  const row = await trx('responses').where({ period_id: periodId, unit_id: unitId }).whereNull('release_id').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** INSERT INTO target SELECT … ON CONFLICT …: the same upsert syntax on SQLite (≥ 3.24) and PostgreSQL. */
async function upsertFrom(trx: Knex, target: string, select: Knex.QueryBuilder, onConflict: string): Promise<void> {
  const { sql, bindings } = select.toSQL();
  await trx.raw(`INSERT INTO ${target} ${sql} ON CONFLICT ${onConflict}`, bindings);
}

// The release's responses are found through the (period_id, unit_id, release_id) index, so a release costs its own
// size, not the number of responses stored before it.

/** Releases every unreleased response of the unit now: a releases row (day only), release_id set, figures incremented. */
async function releaseAll(trx: Knex, periodId: number, unitId: number, count: number, now: number): Promise<number> {
  const [row] = await trx('releases').insert({ period_id: periodId, unit_id: unitId, response_count: count, released_on: dayOf(now) }).returning('id');
  const releaseId = idOf(row);
  await trx('responses').where({ period_id: periodId, unit_id: unitId }).whereNull('release_id').update({ release_id: releaseId });

  const released = { 'r.period_id': periodId, 'r.unit_id': unitId, 'r.release_id': releaseId };

  // Answer counts per (post, item) added to the running aggregates in one statement (an upsert, on both databases).
  const tally = (value: number | null) => trx.raw(`SUM(CASE WHEN a.value ${value === null ? 'IS NULL' : `= ${value}`} THEN 1 ELSE 0 END)`);
  const counts = trx('answers as a').join('responses as r', 'r.id', 'a.response_id').where(released).groupBy('a.post_id', 'a.item_id')
    .select(trx.raw('CAST(? AS INTEGER)', [periodId]), trx.raw('CAST(? AS INTEGER)', [unitId]), 'a.post_id', 'a.item_id', tally(1), tally(2), tally(3), tally(4), tally(5), tally(null));
  await upsertFrom(trx, 'survey_aggregates (period_id, unit_id, post_id, item_id, c1, c2, c3, c4, c5, cna)', counts,
    `(period_id, post_id, item_id) DO UPDATE SET ${COUNT_COLUMNS.map((c) => `${c} = survey_aggregates.${c} + excluded.${c}`).join(', ')}`);

  // Respondents of a post: released responses with at least one non-na answer about it.
  const totals = trx('answers as a').join('responses as r', 'r.id', 'a.response_id').where(released).whereNotNull('a.value').groupBy('a.post_id')
    .select(trx.raw('CAST(? AS INTEGER)', [periodId]), trx.raw('CAST(? AS INTEGER)', [unitId]), 'a.post_id', trx.raw('COUNT(DISTINCT a.response_id)'));
  await upsertFrom(trx, 'survey_post_totals (period_id, unit_id, post_id, respondents)', totals,
    '(period_id, post_id) DO UPDATE SET respondents = survey_post_totals.respondents + excluded.respondents');
  return releaseId;
}

/** After a submission, in its transaction: release the unit's responses once k are waiting. Returns whether it did. */
export async function releaseIfDue(trx: Knex, periodId: number, unitId: number, k: number, now: number): Promise<boolean> {
  const waiting = await unreleasedCount(trx, periodId, unitId);
  if (!releaseDue(waiting, k)) return false;
  await releaseAll(trx, periodId, unitId, waiting, now);
  return true;
}

/** At period close: releases what remains of each unit only if at least k responses remain unreleased. */
export async function releaseRemainingOnClose(trx: Knex, periodId: number, k: number, now: number): Promise<void> {
  const units: { unit_id: number; n: unknown }[] = await trx('responses').where({ period_id: periodId }).whereNull('release_id').groupBy('unit_id').select('unit_id').count({ n: '*' });
  for (const u of units) {
    if (releaseOnCloseDue(Number(u.n), k)) await releaseAll(trx, periodId, u.unit_id, Number(u.n), now);
  }
}
