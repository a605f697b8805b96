import crypto from 'node:crypto';
import type { Knex } from 'knex';

// Factories of the risk area: periods, questionnaire items, released aggregates, reports and findings, straight in the
// database with known counts (the survey area's release step is not what these tests are about).
const idOf = (row: unknown): number => Number(typeof row === 'object' && row !== null ? (row as { id: number }).id : row);

export async function createPeriod(
  db: Knex, attrs: { key: string; name?: string; startsOn: string; endsOn: string; state?: 'draft' | 'open' | 'closed'; questionnaireId?: number },
): Promise<number> {
  const [row] = await db('periods').insert({
    key: attrs.key, name: attrs.name ?? attrs.key, starts_on: attrs.startsOn, ends_on: attrs.endsOn, state: attrs.state ?? 'open',
    questionnaire_id: attrs.questionnaireId ?? null, created_at: Date.now(),
  }).returning('id');
  return idOf(row);
}

/** A questionnaire with the given items; returns the item ids by key. */
export async function createQuestionnaire(db: Knex, items: { key: string; dimension: string; polarity: '+' | '-'; scope?: 'post' | 'unit' }[]): Promise<{ id: number; items: Record<string, number> }> {
  const version = Math.floor(Math.random() * 1e9);
  const [q] = await db('questionnaires').insert({ version, frozen: true, created_at: Date.now() }).returning('id');
  const id = idOf(q);
  const ids: Record<string, number> = {};
  let order = 0;
  for (const it of items) {
    const [row] = await db('questionnaire_items').insert({
      questionnaire_id: id, key: it.key, dimension: it.dimension, polarity: it.polarity, scope: it.scope ?? 'post', text_zh: it.key, text_en: it.key, sort_order: order++,
    }).returning('id');
    ids[it.key] = idOf(row);
  }
  return { id, items: ids };
}

/** Released answer counts of one item about one post: [c1, c2, c3, c4, c5] and the "don't know" count. */
export async function setAggregate(
  db: Knex, a: { periodId: number; unitId: number; postId: number; itemId: number; counts: [number, number, number, number, number]; na?: number },
): Promise<void> {
  const [c1, c2, c3, c4, c5] = a.counts;
  await db('survey_aggregates').insert({ period_id: a.periodId, unit_id: a.unitId, post_id: a.postId, item_id: a.itemId, c1, c2, c3, c4, c5, cna: a.na ?? 0 });
}

/** Released answer counts of one unit item (its unit cell). */
export async function setUnitAggregate(
  db: Knex, a: { periodId: number; unitId: number; itemId: number; counts: [number, number, number, number, number] },
): Promise<void> {
  const [c1, c2, c3, c4, c5] = a.counts;
  await db('survey_unit_aggregates').insert({ period_id: a.periodId, unit_id: a.unitId, item_id: a.itemId, c1, c2, c3, c4, c5 }).onConflict(['period_id', 'unit_id', 'item_id']).merge();
}

export async function setRespondents(db: Knex, periodId: number, unitId: number, postId: number, respondents: number): Promise<void> {
  await db('survey_post_totals').insert({ period_id: periodId, unit_id: unitId, post_id: postId, respondents });
}

export async function addRelease(db: Knex, periodId: number, unitId: number, responseCount: number, releasedOn = '2026-02-01'): Promise<void> {
  await db('releases').insert({ period_id: periodId, unit_id: unitId, response_count: responseCount, released_on: releasedOn });
}

export async function createReport(
  db: Knex, r: { unitId: number; postId: number | null; status: string; closedWith?: string; receivedOn: string },
): Promise<number> {
  const [row] = await db('reports').insert({
    receipt_hash: crypto.randomBytes(16).toString('hex'), unit_id: r.unitId, post_id: r.postId, matter: 'procurement', behaviour: 'greeting',
    description_enc: null, status: r.status, closed_with: r.closedWith ?? null, received_on: r.receivedOn,
  }).returning('id');
  return idOf(row);
}

export async function createFinding(db: Knex, f: { postId: number; severity: number; foundOn: string; source?: string }): Promise<number> {
  const [row] = await db('findings').insert({
    post_id: f.postId, source: f.source ?? 'inspection', severity: f.severity, found_on: f.foundOn, summary: '检查发现', created_at: Date.now(),
  }).returning('id');
  return idOf(row);
}

/** The six dimensions with two items each (the second of each with the other polarity where it matters). */
export const TEST_ITEMS = [
  { key: 'opp1', dimension: 'opportunity', polarity: '+' }, { key: 'opp2', dimension: 'opportunity', polarity: '-' },
  { key: 'pre1', dimension: 'pressure', polarity: '+' }, { key: 'pre2', dimension: 'pressure', polarity: '+' },
  { key: 'rat1', dimension: 'rationalization', polarity: '+' }, { key: 'rat2', dimension: 'rationalization', polarity: '+' },
  { key: 'rul1', dimension: 'rules', polarity: '-' }, { key: 'rul2', dimension: 'rules', polarity: '-' },
  { key: 'sup1', dimension: 'supervision', polarity: '-' }, { key: 'sup2', dimension: 'supervision', polarity: '-' },
  { key: 'cos1', dimension: 'cost', polarity: '-' }, { key: 'cos2', dimension: 'cost', polarity: '-' },
] as const;
