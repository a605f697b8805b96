import type { Knex } from 'knex';
import { truncateWal } from '../../server/db/dialect';
import { postItems, unitItems } from '../../server/domain/item-scope';
import { UNIT_CELL } from '../../server/domain/released-cells';
import { activeItems, questionnaireForPeriod } from '../../server/services/survey/questionnaire';
import { paramsFromJson } from '../../server/services/risk/period-params';
import { holdSubmission, releaseDue, type HeldAnswer } from '../../server/services/survey/survey-release';

// Survey history for the result-page and release rows: submissions held and released through the app's own code
// (holdSubmission, releaseDue), so every figure table the pages read is filled the way production fills it.

const BATCH = 200;

async function cellsOf(db: Knex, periodId: number, unitId: number) {
  const posts: { id: number }[] = await db('posts').where({ unit_id: unitId }).whereNull('archived_at').select('id');
  const items = activeItems(await questionnaireForPeriod(db, periodId));
  const period = await db('periods').where({ id: periodId }).first('params_json');
  // A unit item is answered once per response, in its unit cell (post 0).
  const cells = [...unitItems(items).map((it) => ({ postId: UNIT_CELL, itemId: it.id })), ...posts.flatMap((p) => postItems(items).map((it) => ({ postId: Number(p.id), itemId: it.id })))];
  return { cells, k: paramsFromJson(period.params_json).k };
}

let made = 0;
const submission = (cells: { postId: number; itemId: number }[]): HeldAnswer[] => {
  const r = made++;
  return cells.map((c, i) => ({ ...c, value: (((r + i) % 5) + 1) as HeldAnswer['value'] }));
};

/** Holds and releases submissions until the unit has at least `target` released answers; returns how many it has. */
export async function fillReleased(db: Knex, periodId: number, unitId: number, target: number): Promise<number> {
  const { cells, k } = await cellsOf(db, periodId, unitId);
  const count = async () => Number((await db('released_answers').where({ period_id: periodId, unit_id: unitId }).count({ n: '*' }).first())?.n ?? 0);
  let stored = await count();
  while (stored < target) {
    const n = Math.max(k, Math.min(BATCH, Math.ceil((target - stored) / cells.length)));
    await db.transaction(async (trx) => {
      for (let i = 0; i < n; i++) await holdSubmission(trx, periodId, unitId, made % 10 === 0 ? `意见 ${made}` : null, submission(cells));
      await releaseDue(trx, periodId, unitId, k, Date.now());
    });
    await truncateWal(db);
    stored += n * cells.length;
  }
  return count();
}

/** Median time of a release of k held responses (k submissions held untimed, then releaseDue and the WAL truncation). */
export async function releaseOfK(db: Knex, periodId: number, unitId: number, runs = 15) {
  const { cells, k } = await cellsOf(db, periodId, unitId);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    await db.transaction(async (trx) => {
      for (let i = 0; i < k; i++) await holdSubmission(trx, periodId, unitId, null, submission(cells));
    });
    const t0 = performance.now();
    const released = await db.transaction((trx) => releaseDue(trx, periodId, unitId, k, Date.now()));
    if (released) await truncateWal(db);
    times.push(performance.now() - t0);
    if (!released) throw new Error('nothing was due: the release row would measure nothing');
  }
  times.sort((a, b) => a - b);
  return { k, answers: k * cells.length, runs, median: times[Math.floor(runs / 2)] };
}
