import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { RegisterEntry } from '../../domain/register/register-file';
import { computeUnitRisk, type UnitRisk } from '../../domain/risk-model';
import type { ModelParams } from '../../domain/risk-params';
import { recordAudit, SYSTEM_ACTOR } from '../ops/audit';
import { getPeriodParams } from './period-params';
import { loadUnitInputs, periodById, type UnitInputs } from './risk-inputs';

// Immutable period snapshots (DESIGN.md §2 Period). Owned by the risk area.
// A closed period is shown from its latest snapshot only: later edits of posts, weights or the model change nothing.

export interface UnitSnapshot {
  unit: { id: number; key: string; name: string };
  inputs: UnitInputs;
  result: UnitRisk;
}

export interface PeriodSnapshot {
  format: 1;
  model: 'v1';
  period: { id: number; key: string; name: string; startsOn: string; endsOn: string };
  params: ModelParams;
  takenAt: number;
  units: UnitSnapshot[];
  /** The risk-point register filed (备案) at close (DESIGN.md §2): the §8 register entries of every unit. */
  register?: RegisterEntry[];
  /** Posts that were due for re-assessment when the period closed. */
  reassess?: Array<{ unit: string; post: string }>;
}

/** What closing files beside the results (built by the register area before the snapshot is taken). */
export type RegisterFiling = Pick<PeriodSnapshot, 'register' | 'reassess'>;

/** At period close (after the final release): stores every input, parameter and result of the period. */
export async function snapshotPeriod(trx: Knex, periodId: number, now: number, filing: RegisterFiling = {}): Promise<void> {
  const period = await periodById(trx, periodId);
  if (!period) throw new RangeError(`period ${periodId} does not exist`);
  const params = await getPeriodParams(trx, periodId);
  const unitRows = await trx('units').whereNull('archived_at').orderBy('key').select('id', 'key', 'name');
  const units: UnitSnapshot[] = [];
  for (const u of unitRows) {
    const inputs = await loadUnitInputs(trx, period, Number(u.id));
    units.push({ unit: { id: Number(u.id), key: u.key, name: u.name }, inputs, result: computeUnitRisk(inputs.input, params) });
  }
  const snapshot: PeriodSnapshot = {
    format: 1, model: 'v1',
    period: { id: period.id, key: period.key, name: period.name, startsOn: period.startsOn, endsOn: period.endsOn },
    params, takenAt: now, units, ...filing,
  };
  const json = JSON.stringify(snapshot);
  const last = await trx('period_snapshots').where({ period_id: periodId }).max({ v: 'version' }).first();
  const version = Number(last?.v ?? 0) + 1;
  await trx('period_snapshots').insert({ period_id: periodId, version, snapshot_json: json, created_at: now });
  // The content hash goes into the audit chain, so a later change of the stored snapshot is detectable.
  const sha256 = crypto.createHash('sha256').update(json).digest('hex');
  await recordAudit(trx, now, {
    ...SYSTEM_ACTOR, action: 'period.snapshot', objectType: 'period', objectId: periodId, details: { version, sha256 },
  });
}

/** The latest snapshot of a period, or null if it was never closed. */
export async function readSnapshot(db: Knex, periodId: number): Promise<PeriodSnapshot | null> {
  const row = await db('period_snapshots').where({ period_id: periodId }).orderBy('version', 'desc').first('snapshot_json');
  return row ? (JSON.parse(row.snapshot_json) as PeriodSnapshot) : null;
}
