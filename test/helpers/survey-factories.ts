import type { Knex } from 'knex';
import type { AppDeps } from '../../server/deps';
import { generateBatch } from '../../server/services/survey/access-codes';
import { activeItems, pinQuestionnaire, questionnaireForPeriod } from '../../server/services/survey/questionnaire';

// Survey test data: periods (opened the way the admin area opens them: pinning the questionnaire) and access codes.
let seq = 0;

export async function createPeriod(
  db: Knex,
  attrs: { key?: string; name?: string; state?: 'draft' | 'open' | 'closed'; params?: Record<string, unknown> } = {},
): Promise<{ id: number; key: string }> {
  const key = attrs.key ?? `p-${Date.now().toString(36)}-${seq++}`;
  const state = attrs.state ?? 'open';
  const [row] = await db('periods')
    .insert({ key, name: attrs.name ?? `${key} 年度`, starts_on: '2026-01-01', ends_on: '2026-12-31', state, params_json: attrs.params ? JSON.stringify(attrs.params) : null, created_at: Date.now() })
    .returning('id');
  const id = typeof row === 'object' ? row.id : row;
  if (state !== 'draft') await db.transaction((trx) => pinQuestionnaire(trx, id));
  return { id, key };
}

/** Codes in clear, as an admin would print them. */
export async function createCodes(deps: AppDeps, periodId: number, unitId: number, count: number): Promise<string[]> {
  const period = await deps.db('periods').where({ id: periodId }).first('key', 'state');
  const unit = await deps.db('units').where({ id: unitId }).first('key', 'name');
  return deps.db.transaction(async (trx) =>
    (await generateBatch(trx, deps.secrets.codeKey, { periodId, periodKey: period.key, periodState: period.state, unitId, unitKey: unit.key, unitName: unit.name }, { count, kind: 'print', createdBy: null, now: Date.now() })).codes,
  );
}

/**
 * A complete answer form for the unit: every post × post item, values from pick(postIndex, itemIndex), and every unit
 * item once as answer.unit.<item>, value pick(0, itemIndex). itemIndex counts all active items in order.
 */
export async function fullAnswers(
  db: Knex,
  periodId: number,
  unitId: number,
  pick: (post: number, item: number) => string = () => '3',
): Promise<Record<string, string>> {
  const posts = await db('posts').where({ unit_id: unitId }).whereNull('archived_at').orderBy([{ column: 'sort_order' }, { column: 'id' }]).select('key');
  const items = activeItems(await questionnaireForPeriod(db, periodId));
  const form: Record<string, string> = {};
  items.forEach((it, ii) => {
    if (it.scope === 'unit') form[`answer.unit.${it.key}`] = pick(0, ii);
    else posts.forEach((p, pi) => (form[`answer.${p.key}.${it.key}`] = pick(pi, ii)));
  });
  return form;
}

/** Submissions stored so far, held or released: the counted batches (N_u) plus held responses not yet counted. */
export async function storedSubmissions(db: Knex, periodId?: number): Promise<number> {
  const released = db('releases').sum({ n: 'response_count' });
  const held = db('held_responses').where({ counted: false }).count({ n: '*' });
  if (periodId !== undefined) {
    released.where({ period_id: periodId });
    held.where({ period_id: periodId });
  }
  return Number((await released.first())?.n ?? 0) + Number((await held.first())?.n ?? 0);
}
