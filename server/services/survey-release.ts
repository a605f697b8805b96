import type { Knex } from 'knex';
import { dayOf } from '../deps';
import { releaseDue, releaseOnCloseDue } from '../domain/release-rule';

// Release batches (DESIGN.md §4). Owned by the survey area. Survey figures (survey_aggregates, survey_post_totals)
// only ever grow by whole releases of at least k responses of a unit.

const idOf = (row: unknown): number => (typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number));

async function unreleasedCount(trx: Knex, periodId: number, unitId: number): Promise<number> {
  const row = await trx('responses').where({ period_id: periodId, unit_id: unitId }).whereNull('release_id').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Releases every unreleased response of the unit now: a releases row (day only), release_id set, figures incremented. */
async function releaseAll(trx: Knex, periodId: number, unitId: number, count: number, now: number): Promise<number> {
  const [row] = await trx('releases').insert({ period_id: periodId, unit_id: unitId, response_count: count, released_on: dayOf(now) }).returning('id');
  const releaseId = idOf(row);
  await trx('responses').where({ period_id: periodId, unit_id: unitId }).whereNull('release_id').update({ release_id: releaseId });

  const counts = await trx('answers as a').join('responses as r', 'r.id', 'a.response_id').where('r.release_id', releaseId)
    .groupBy('a.post_id', 'a.item_id').select('a.post_id', 'a.item_id')
    .select(trx.raw('SUM(CASE WHEN a.value = 1 THEN 1 ELSE 0 END) AS c1'), trx.raw('SUM(CASE WHEN a.value = 2 THEN 1 ELSE 0 END) AS c2'),
      trx.raw('SUM(CASE WHEN a.value = 3 THEN 1 ELSE 0 END) AS c3'), trx.raw('SUM(CASE WHEN a.value = 4 THEN 1 ELSE 0 END) AS c4'),
      trx.raw('SUM(CASE WHEN a.value = 5 THEN 1 ELSE 0 END) AS c5'), trx.raw('SUM(CASE WHEN a.value IS NULL THEN 1 ELSE 0 END) AS cna'));
  for (const c of counts) {
    const add = { c1: Number(c.c1), c2: Number(c.c2), c3: Number(c.c3), c4: Number(c.c4), c5: Number(c.c5), cna: Number(c.cna) };
    const key = { period_id: periodId, post_id: c.post_id, item_id: c.item_id };
    const updated = await trx('survey_aggregates').where(key).update(Object.fromEntries(Object.entries(add).map(([col, n]) => [col, trx.raw('?? + ?', [col, n])])));
    if (!updated) await trx('survey_aggregates').insert({ ...key, unit_id: unitId, ...add });
  }

  // Respondents of a post: released responses with at least one non-na answer about it.
  const totals: { post_id: number; n: unknown }[] = await trx('answers as a').join('responses as r', 'r.id', 'a.response_id').where('r.release_id', releaseId).whereNotNull('a.value')
    .groupBy('a.post_id').select('a.post_id').countDistinct({ n: 'a.response_id' });
  for (const t of totals) {
    const key = { period_id: periodId, post_id: t.post_id };
    const n = Number(t.n);
    const updated = await trx('survey_post_totals').where(key).update({ respondents: trx.raw('respondents + ?', [n]) });
    if (!updated) await trx('survey_post_totals').insert({ ...key, unit_id: unitId, respondents: n });
  }
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
