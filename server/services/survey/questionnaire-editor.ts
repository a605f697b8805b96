import type { Knex } from 'knex';
import { insertedId } from '../../db/dialect';
import { uncoveredDimensions } from '../../domain/item-scope';
import { DEFAULT_ITEMS_V2 } from '../../domain/default-questionnaire-v2';
import { asksTheSame, keysForNewItems, nextFreeKey, validateItem, type ItemInput, type KeyedItem } from '../../domain/questionnaire-rules';
import { Conflict, NotFound, ValidationError } from '../../errors';
import { activeItems, currentQuestionnaire, load, revisedDefaultRows, type Questionnaire, type QuestionnaireItem } from './questionnaire';

// Editing the questionnaire (DESIGN.md §2): a frozen version is copied into a new one first; a change that would
// leave a dimension with fewer than two items is refused, and its transaction rolls back.

/** The current version, made editable: a frozen one is copied into a new version first. */
async function editableVersion(trx: Knex, now: number): Promise<Questionnaire> {
  const current = await currentQuestionnaire(trx);
  if (!current) throw new NotFound();
  if (!current.frozen) return current;
  const [row] = await trx('questionnaires').insert({ version: current.version + 1, frozen: false, created_at: now }).returning('id');
  const id = insertedId(row);
  if (current.items.length) {
    await trx('questionnaire_items').insert(current.items.map((i) => ({ questionnaire_id: id, key: i.key, dimension: i.dimension, polarity: i.polarity, scope: i.scope, text_zh: i.textZh, text_en: i.textEn, sort_order: i.sortOrder, retired: i.retired })));
  }
  return load(trx, id);
}

/** The item with this id's key in the editable version (ids of a frozen version map by key onto the copy). */
async function editableItem(trx: Knex, itemId: number, now: number): Promise<{ q: Questionnaire; item: QuestionnaireItem }> {
  const original = await trx('questionnaire_items').where({ id: itemId }).first('key');
  if (!original) throw new NotFound();
  const q = await editableVersion(trx, now);
  const item = q.items.find((i) => i.key === original.key);
  if (!item) throw new NotFound();
  return { q, item };
}

/** After a change, inside its transaction: every dimension still has at least two items (DESIGN.md §2). */
async function checkCoverage(trx: Knex, questionnaireId: number): Promise<void> {
  if (uncoveredDimensions(activeItems(await load(trx, questionnaireId))).length) throw new ValidationError({ form: 'survey.q.error.coverage' });
}

/** Next free key of a dimension, over every version, so a retired item's key never comes back with another meaning. */
async function nextKey(trx: Knex, dimension: string): Promise<string> {
  return nextFreeKey(dimension, new Set((await trx('questionnaire_items').where({ dimension }).select('key')).map((r) => r.key as string)));
}

export async function addItem(db: Knex, input: ItemInput, now: number): Promise<string> {
  const errors = validateItem(input);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction(async (trx) => {
    const q = await editableVersion(trx, now);
    const key = await nextKey(trx, input.dimension);
    const sortOrder = Math.max(0, ...q.items.map((i) => i.sortOrder)) + 1;
    await trx('questionnaire_items').insert({ questionnaire_id: q.id, key, dimension: input.dimension, polarity: input.polarity, scope: input.scope, text_zh: input.textZh.trim(), text_en: input.textEn.trim(), sort_order: sortOrder, retired: false });
    return key;
  });
}

export async function editItem(db: Knex, itemId: number, input: ItemInput, now: number): Promise<void> {
  const errors = validateItem(input);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.transaction(async (trx) => {
    const { q, item } = await editableItem(trx, itemId, now);
    await trx('questionnaire_items').where({ id: item.id }).update({ dimension: input.dimension, polarity: input.polarity, scope: input.scope, text_zh: input.textZh.trim(), text_en: input.textEn.trim() });
    await checkCoverage(trx, q.id);
  });
}

export async function setItemRetired(db: Knex, itemId: number, retired: boolean, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const { q, item } = await editableItem(trx, itemId, now);
    await trx('questionnaire_items').where({ id: item.id }).update({ retired });
    await checkCoverage(trx, q.id);
  });
}

/** Moves an item one place up or down, renumbering the version's order 1..n. */
export async function moveItem(db: Knex, itemId: number, direction: 'up' | 'down', now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const { q, item } = await editableItem(trx, itemId, now);
    const order = q.items.map((i) => i.id);
    const at = order.indexOf(item.id);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to], order[at]];
    for (let i = 0; i < order.length; i++) await trx('questionnaire_items').where({ id: order[i] }).update({ sort_order: i + 1 });
  });
}

const REVISED: readonly KeyedItem[] = DEFAULT_ITEMS_V2.map((i) => ({ key: i.key, dimension: i.dimension, polarity: i.polarity, scope: i.scope, textZh: i.zh }));

/** Whether the version's items in use already ask the revised default's questions. */
export const revisedDefaultInUse = (q: Questionnaire): boolean => asksTheSame(activeItems(q), REVISED);

/**
 * Installations that started before the revised default (default-questionnaire-v2.ts) adopt it as a new version: its
 * items only, in its order; the current version and every period that pinned one stay as they are. A key that an
 * earlier version used for another question is not reused (keysForNewItems). Refused when the items in use already
 * ask the revised default's questions. Returns the new version's number.
 */
export async function adoptRevisedDefault(trx: Knex, now: number): Promise<number> {
  const current = await currentQuestionnaire(trx);
  if (!current) throw new NotFound();
  if (revisedDefaultInUse(current)) throw new Conflict('survey.q.error.revised_in_use');
  const existing = (await trx('questionnaire_items').select('key', 'dimension', 'polarity', 'scope', 'text_zh')).map((r) => ({ key: r.key as string, dimension: r.dimension as string, polarity: r.polarity as string, scope: String(r.scope), textZh: r.text_zh as string }));
  const keys = keysForNewItems(REVISED, existing);
  const version = current.version + 1;
  const [row] = await trx('questionnaires').insert({ version, frozen: false, created_at: now }).returning('id');
  const id = insertedId(row);
  await trx('questionnaire_items').insert(revisedDefaultRows(id, keys));
  return version;
}
