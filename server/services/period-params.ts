import type { Knex } from 'knex';
import { DEFAULT_PARAMS, type ModelParams } from '../domain/risk-params';

// Model parameters of a period (DESIGN.md §3): stored as JSON on the period, defaults where unset. Owned by the admin area.
export async function getPeriodParams(db: Knex, periodId: number): Promise<ModelParams> {
  const row = await db('periods').where({ id: periodId }).first('params_json');
  if (!row?.params_json) return structuredClone(DEFAULT_PARAMS) as ModelParams;
  return { ...(structuredClone(DEFAULT_PARAMS) as ModelParams), ...JSON.parse(row.params_json) };
}
