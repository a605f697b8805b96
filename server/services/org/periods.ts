import type { Knex } from 'knex';
import { insertedId, lockForUpdate, truncateWal } from '../../db/dialect';
import { dbErrorKind } from '../../db/translate-error';
import { nextState, reasonError, type PeriodAction, type PeriodFields, type PeriodState } from '../../domain/period-rules';
import { Conflict, NotFound, ValidationError } from '../../errors';
import { recordAudit, type Actor } from '../ops/audit';
import { getPeriodParams } from '../risk/period-params';
import { pinQuestionnaire } from '../survey/questionnaire';
import { snapshotPeriod } from '../risk/risk-snapshot';
import { registerFiling } from '../register/register-data';
import { releaseRemainingOnClose } from '../survey/survey-release';

// The period lifecycle (DESIGN.md §2 Period): create, open (pins the questionnaire), close (final release, snapshot),
// re-open (with a reason). The one service behind both the admin pages and `cli period`; every step is audited
// in the transaction that makes it.

export interface PeriodSummary {
  id: number;
  key: string;
  name: string;
  startsOn: string;
  endsOn: string;
  state: PeriodState;
  openedAt: number | null;
  closedAt: number | null;
}

type PeriodRow = { id: number; key: string; name: string; starts_on: string; ends_on: string; state: string; opened_at: unknown; closed_at: unknown };

const toSummary = (r: PeriodRow): PeriodSummary => ({
  id: r.id,
  key: r.key,
  name: r.name,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  state: r.state as PeriodState,
  openedAt: r.opened_at === null ? null : Number(r.opened_at),
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
});

/** Every period, the latest start first. */
export async function listPeriods(db: Knex): Promise<PeriodSummary[]> {
  const rows = await db('periods').orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'key' }]);
  return rows.map(toSummary);
}

/** The period with this key, or NotFound. */
export async function findPeriod(db: Knex, key: string): Promise<PeriodSummary> {
  const row = await db('periods').where({ key }).first();
  if (!row) throw new NotFound();
  return toSummary(row);
}

/** Creates a draft period; a key in use is a field error on `key`. Audited as period.create. */
export async function createPeriod(db: Knex, now: number, actor: Actor, fields: PeriodFields): Promise<PeriodSummary> {
  try {
    await db.transaction(async (trx) => {
      if (await trx('periods').where({ key: fields.key }).first('id')) throw new ValidationError({ key: 'admin.period.key_taken' });
      const [row] = await trx('periods')
        .insert({ key: fields.key, name: fields.name, starts_on: fields.startsOn, ends_on: fields.endsOn, state: 'draft', created_at: now })
        .returning('id');
      const id = insertedId(row);
      await recordAudit(trx, now, { ...actor, action: 'period.create', objectType: 'period', objectId: id, details: { key: fields.key, name: fields.name, startsOn: fields.startsOn, endsOn: fields.endsOn } });
    });
  } catch (err) {
    if (dbErrorKind(err) === 'unique') throw new ValidationError({ key: 'admin.period.key_taken' });
    throw err;
  }
  return findPeriod(db, fields.key);
}

/** Locks the period row and checks that `action` is allowed from its state; a refused transition is a 409. */
async function lockForTransition(trx: Knex.Transaction, key: string, action: PeriodAction): Promise<{ period: PeriodSummary; to: PeriodState }> {
  const row = await lockForUpdate(trx, trx('periods').where({ key }).first());
  if (!row) throw new NotFound();
  const period = toSummary(row);
  const to = nextState(period.state, action);
  if (!to) throw new Conflict(`admin.period.cannot_${action}`, { state: period.state });
  return { period, to };
}

/** draft → open: pins the questionnaire version in force, in the same transaction. Audited as period.open. */
export async function openPeriod(db: Knex, now: number, actor: Actor, key: string): Promise<PeriodSummary> {
  await db.transaction(async (trx) => {
    const { period } = await lockForTransition(trx, key, 'open');
    await pinQuestionnaire(trx, period.id);
    await trx('periods').where({ id: period.id }).update({ state: 'open', opened_at: now });
    await recordAudit(trx, now, { ...actor, action: 'period.open', objectType: 'period', objectId: period.id, details: { key } });
  });
  return findPeriod(db, key);
}

/**
 * open → closed, all in one transaction: the final release of the remaining responses (only where at least k remain),
 * then the immutable snapshot (results and the risk-point register), then the state. Audited as period.close.
 */
export async function closePeriod(db: Knex, now: number, actor: Actor, key: string): Promise<PeriodSummary> {
  const heldBefore = await db.transaction(async (trx) => {
    const { period } = await lockForTransition(trx, key, 'close');
    const { k } = await getPeriodParams(trx, period.id);
    const held = await releaseRemainingOnClose(trx, period.id, k, now);
    // The risk-point register is filed (备案) in the same snapshot, built from the final figures.
    await snapshotPeriod(trx, period.id, now, await registerFiling(trx, period.id));
    await trx('periods').where({ id: period.id }).update({ state: 'closed', closed_at: now });
    await recordAudit(trx, now, { ...actor, action: 'period.close', objectType: 'period', objectId: period.id, details: { key, k } });
    return held;
  });
  // What stayed held was deleted in the close: its WAL frames go too.
  if (heldBefore) await truncateWal(db);
  return findPeriod(db, key);
}

/** closed → open with a mandatory reason (a field error on `reason` otherwise). Audited as period.reopen with the reason. */
export async function reopenPeriod(db: Knex, now: number, actor: Actor, key: string, reason: string): Promise<PeriodSummary> {
  const trimmed = reason.trim();
  const invalid = reasonError(trimmed);
  if (invalid) throw new ValidationError({ reason: invalid });
  await db.transaction(async (trx) => {
    const { period } = await lockForTransition(trx, key, 'reopen');
    await trx('periods').where({ id: period.id }).update({ state: 'open', closed_at: null });
    await recordAudit(trx, now, { ...actor, action: 'period.reopen', objectType: 'period', objectId: period.id, details: { key, reason: trimmed, closedAt: period.closedAt } });
  });
  return findPeriod(db, key);
}
