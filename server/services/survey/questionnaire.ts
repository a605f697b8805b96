import type { Knex } from 'knex';
import { bool, insertedId } from '../../db/dialect';
import { DEFAULT_ITEMS_V2 } from '../../domain/default-questionnaire-v2';
import type { Dimension, Polarity } from '../../domain/dimensions';
import { scopeOf, uncoveredDimensions, type ItemScope } from '../../domain/item-scope';
import { Conflict, NotFound } from '../../errors';

// Questionnaire versions (DESIGN.md §2). Owned by the survey area. A version pinned by a period is frozen: editing
// it copies its items into a new version, which becomes the current one (questionnaire-editor.ts).

export interface QuestionnaireItem {
  id: number;
  key: string;
  dimension: Dimension;
  polarity: Polarity;
  scope: ItemScope;
  textZh: string;
  textEn: string;
  sortOrder: number;
  retired: boolean;
}

export interface Questionnaire {
  id: number;
  version: number;
  frozen: boolean;
  items: QuestionnaireItem[];
}


function toItem(r: Record<string, unknown>): QuestionnaireItem {
  return {
    id: r.id as number, key: r.key as string, dimension: r.dimension as Dimension, polarity: r.polarity as Polarity, scope: scopeOf(r.scope),
    textZh: r.text_zh as string, textEn: r.text_en as string, sortOrder: r.sort_order as number, retired: bool(r.retired),
  };
}

export async function load(db: Knex, id: number): Promise<Questionnaire> {
  const q = await db('questionnaires').where({ id }).first();
  if (!q) throw new NotFound();
  const items = await db('questionnaire_items').where({ questionnaire_id: id }).orderBy([{ column: 'sort_order' }, { column: 'id' }]);
  return { id: q.id, version: q.version, frozen: bool(q.frozen), items: items.map(toItem) };
}

// A frozen version never changes (editing copies it into a new version), so it is read once per database handle
// (not per transaction) and shared, frozen in memory too. Keyed by the handle: tests run many databases in one process.
const frozenVersions = new WeakMap<Knex, Map<number, Questionnaire>>();

function deepFreeze(q: Questionnaire): Questionnaire {
  q.items.forEach((item) => Object.freeze(item));
  Object.freeze(q.items);
  return Object.freeze(q);
}

/** A version by id; a frozen one comes from memory after the first read. */
export async function questionnaireVersion(db: Knex, id: number): Promise<Questionnaire> {
  const cacheable = !(db as unknown as { isTransaction?: boolean }).isTransaction;
  const hit = cacheable ? frozenVersions.get(db)?.get(id) : undefined;
  if (hit) return hit;
  const q = await load(db, id);
  if (!q.frozen || !cacheable) return q;
  let versions = frozenVersions.get(db);
  if (!versions) frozenVersions.set(db, (versions = new Map()));
  versions.set(id, deepFreeze(q));
  return q;
}

/** The version in force (the highest), or null before the first start created one. */
export async function currentQuestionnaire(db: Knex): Promise<Questionnaire | null> {
  const q = await db('questionnaires').orderBy('version', 'desc').first('id');
  return q ? load(db, q.id) : null;
}

/** The version a period is pinned to; an unpinned period uses the current version. */
export async function questionnaireForPeriod(db: Knex, periodId: number): Promise<Questionnaire> {
  const period = await db('periods').where({ id: periodId }).first('questionnaire_id');
  if (!period) throw new NotFound();
  return questionnaireOf(db, period.questionnaire_id);
}

/** The version a period pinned (its questionnaire_id), or the current one for a period not pinned yet (null). */
export async function questionnaireOf(db: Knex, pinnedId: number | null): Promise<Questionnaire> {
  if (pinnedId) return questionnaireVersion(db, pinnedId);
  const current = await currentQuestionnaire(db);
  if (!current) throw new NotFound();
  return current;
}

/** Items people answer: not retired, in order. */
export const activeItems = (q: Questionnaire) => q.items.filter((i) => !i.retired);

/** The revised default's items as rows of version `questionnaireId`, under the given keys, in its order. */
export function revisedDefaultRows(questionnaireId: number, keys: readonly string[]): Record<string, unknown>[] {
  return DEFAULT_ITEMS_V2.map((item, i) => ({ questionnaire_id: questionnaireId, key: keys[i], dimension: item.dimension, polarity: item.polarity, scope: item.scope, text_zh: item.zh, text_en: item.en, sort_order: i + 1, retired: false }));
}

/** Creates version 1 with the default items (DEFAULT_ITEMS_V2) when no questionnaire exists yet (idempotent). */
export async function ensureDefaultQuestionnaire(db: Knex, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const existing = await trx('questionnaires').first('id');
    if (existing) return;
    const [row] = await trx('questionnaires').insert({ version: 1, frozen: false, created_at: now }).returning('id');
    const id = insertedId(row);
    await trx('questionnaire_items').insert(revisedDefaultRows(id, DEFAULT_ITEMS_V2.map((i) => i.key)));
  }).catch(async (err) => {
    // Another instance starting at the same time created it first (unique version): that is fine.
    if (await db('questionnaires').first('id')) return;
    throw err;
  });
}

/**
 * When a period opens it pins the questionnaire version in force (frozen from then on). A version that leaves a
 * dimension with fewer than two items (DESIGN.md §2) cannot be pinned: the period does not open.
 */
export async function pinQuestionnaire(trx: Knex, periodId: number): Promise<void> {
  const period = await trx('periods').where({ id: periodId }).first('questionnaire_id');
  if (!period) throw new NotFound();
  let id: number | null = period.questionnaire_id ?? null;
  if (!id) {
    const current = await trx('questionnaires').orderBy('version', 'desc').first('id');
    if (!current) throw new NotFound();
    id = current.id as number;
    const uncovered = uncoveredDimensions(activeItems(await load(trx, id)));
    if (uncovered.length) throw new Conflict('survey.q.error.coverage_open', { dimensions: uncovered.join(', ') });
    await trx('periods').where({ id: periodId }).update({ questionnaire_id: id });
  }
  await trx('questionnaires').where({ id }).update({ frozen: true });
}

/** `questionnaire show` format (DESIGN.md §8). */
export function questionnaireJson(q: Questionnaire) {
  return { items: activeItems(q).map((i) => ({ key: i.key, dimension: i.dimension, polarity: i.polarity, scope: i.scope, text: { 'zh-CN': i.textZh, en: i.textEn } })) };
}
