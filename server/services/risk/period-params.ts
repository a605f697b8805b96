import type { Knex } from 'knex';
import { lockForUpdate } from '../../db/dialect';
import { paramErrorFields } from '../../domain/params-form';
import { DEFAULT_PARAMS, validateParams, type ModelParams } from '../../domain/risk-params';
import { Conflict, NotFound, ValidationError } from '../../errors';
import { recordAudit } from '../ops/audit';
import type { Actor } from '../ops/audit';

// Model parameters of a period (DESIGN.md §3): stored as JSON on the period, defaults where unset. Owned by the admin area.
// A period row already read with its params_json (risk-inputs.ts PeriodRow) is not read again.
export async function getPeriodParams(db: Knex, period: number | { id: number; paramsJson?: string | null }): Promise<ModelParams> {
  if (typeof period === 'object' && period.paramsJson !== undefined) return paramsFromJson(period.paramsJson);
  const row = await db('periods').where({ id: typeof period === 'number' ? period : period.id }).first('params_json');
  return paramsFromJson(row?.params_json ?? null);
}

/** A period's params_json column read as parameters, defaults where unset. */
export function paramsFromJson(json: string | null): ModelParams {
  if (!json) return structuredClone(DEFAULT_PARAMS) as ModelParams;
  return { ...(structuredClone(DEFAULT_PARAMS) as ModelParams), ...JSON.parse(json) };
}

/**
 * Saves the parameters of a draft or open period after the §3 rules (validateParams; a ValidationError names the
 * fields). A closed period's parameters are part of its snapshot and are refused with a 409. Audited as
 * params.update with the old and the new values.
 */
export async function savePeriodParams(db: Knex, now: number, actor: Actor, periodKey: string, params: ModelParams): Promise<void> {
  const errors = validateParams(params);
  if (errors.length) throw new ValidationError(paramErrorFields(errors));
  const stored: ModelParams = {
    k: params.k,
    m: params.m,
    powerWeights: { ...params.powerWeights },
    likelihoodWeights: { ...params.likelihoodWeights },
    thresholds: { ...params.thresholds },
  };
  await db.transaction(async (trx) => {
    const period = await lockForUpdate(trx, trx('periods').where({ key: periodKey }).first('id', 'state'));
    if (!period) throw new NotFound();
    if (period.state === 'closed') throw new Conflict('admin.params.closed');
    const old = await getPeriodParams(trx, period.id);
    await trx('periods').where({ id: period.id }).update({ params_json: JSON.stringify(stored) });
    await recordAudit(trx, now, { ...actor, action: 'params.update', objectType: 'period', objectId: period.id, details: { key: periodKey, old, new: stored } });
  });
}
