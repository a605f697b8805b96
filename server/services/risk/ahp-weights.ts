import type { Knex } from 'knex';
import { AHP_ORDER, ahpWeights, type AhpResult } from '../../domain/ahp';
import { lockForUpdate } from '../../db/dialect';
import type { LikelihoodWeights } from '../../domain/risk-params';
import type { Principal } from '../../domain/principal';
import { Conflict, NotFound } from '../../errors';
import { actorOf, recordAudit } from '../ops/audit';
import { paramsFromJson } from './period-params';

// AHP (层次分析法) weights of the likelihood terms for a period (DESIGN.md §3): the admin gives the six upper-triangle
// judgements of the 4×4 reciprocal matrix; an accepted result (CR < 0.10) becomes the period's likelihood weights.

/** The six upper-triangle pairs in the order the form lists them: M–C, M–S, M–F, C–S, C–F, S–F. */
export const AHP_PAIRS: ReadonlyArray<readonly [number, number]> = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
export const AHP_PAIR_NAMES = AHP_PAIRS.map(([i, j]) => `${AHP_ORDER[i]}${AHP_ORDER[j]}`);

/** The full reciprocal matrix from the six judgements a_ij (i < j): a_ii = 1, a_ji = 1/a_ij. */
export function matrixFromJudgements(judgements: readonly number[]): number[][] {
  const m: number[][] = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
  AHP_PAIRS.forEach(([i, j], n) => {
    m[i][j] = judgements[n];
    m[j][i] = 1 / judgements[n];
  });
  return m;
}

export interface AhpPeriod {
  id: number;
  key: string;
  name: string;
  state: string;
  weights: LikelihoodWeights;
}

export async function ahpPeriod(db: Knex, periodKey: string): Promise<AhpPeriod> {
  const row = await db('periods').where({ key: periodKey }).first('id', 'key', 'name', 'state', 'params_json');
  if (!row) throw new NotFound();
  const params = paramsFromJson(row.params_json);
  return { id: row.id, key: row.key, name: row.name, state: row.state, weights: params.likelihoodWeights };
}

/**
 * Computes the AHP result; when it is consistent, saves the weights as the period's likelihood weights (merged into
 * params_json) with an audit event. A closed period is refused (its parameters are part of its snapshot).
 */
export async function applyAhpWeights(db: Knex, principal: Principal, now: number, periodKey: string, judgements: readonly number[]): Promise<AhpResult> {
  const result = ahpWeights(matrixFromJudgements(judgements));
  await db.transaction(async (trx) => {
    const period = await lockForUpdate(trx, trx('periods').where({ key: periodKey }).first('id', 'state', 'params_json'));
    if (!period) throw new NotFound();
    if (period.state === 'closed') throw new Conflict('assess.ahp.period_closed');
    const details = { judgements: AHP_PAIR_NAMES.map((name, n) => [name, judgements[n]]), CR: result.ok ? result.CR : result.CR ?? null };
    if (!result.ok) {
      await recordAudit(trx, now, { ...actorOf(principal), action: 'params.ahp_refused', objectType: 'period', objectId: period.id, details });
      return;
    }
    const stored = period.params_json ? JSON.parse(period.params_json) : {};
    const params_json = JSON.stringify({ ...stored, likelihoodWeights: result.weights });
    await trx('periods').where({ id: period.id }).update({ params_json });
    await recordAudit(trx, now, { ...actorOf(principal), action: 'params.ahp_weights', objectType: 'period', objectId: period.id, details: { ...details, weights: result.weights } });
  });
  return result;
}
