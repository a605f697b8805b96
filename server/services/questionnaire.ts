import type { Knex } from 'knex';
import { bool } from '../db/dialect';
import { DEFAULT_ITEMS } from '../domain/default-questionnaire';
import { DIMENSIONS, type Dimension, type Polarity } from '../domain/dimensions';
import { NotFound, ValidationError } from '../errors';

// Questionnaire versions (DESIGN.md §2). Owned by the survey area. A version pinned by a period is frozen: editing
// it copies its items into a new version, which becomes the current one.

export interface QuestionnaireItem {
  id: number;
  key: string;
  dimension: Dimension;
  polarity: Polarity;
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

const idOf = (row: unknown): number => (typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number));

function toItem(r: Record<string, unknown>): QuestionnaireItem {
  return {
    id: r.id as number, key: r.key as string, dimension: r.dimension as Dimension, polarity: r.polarity as Polarity,
    textZh: r.text_zh as string, textEn: r.text_en as string, sortOrder: r.sort_order as number, retired: bool(r.retired),
  };
}

async function load(db: Knex, id: number): Promise<Questionnaire> {
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

/** Creates version 1 with the default items when no questionnaire exists yet (idempotent). */
export async function ensureDefaultQuestionnaire(db: Knex, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const existing = await trx('questionnaires').first('id');
    if (existing) return;
    const [row] = await trx('questionnaires').insert({ version: 1, frozen: false, created_at: now }).returning('id');
    const id = idOf(row);
    await trx('questionnaire_items').insert(
      DEFAULT_ITEMS.map((item, i) => ({ questionnaire_id: id, key: item.key, dimension: item.dimension, polarity: item.polarity, text_zh: item.zh, text_en: item.en, sort_order: i + 1, retired: false })),
    );
  }).catch(async (err) => {
    // Another instance starting at the same time created it first (unique version): that is fine.
    if (await db('questionnaires').first('id')) return;
    throw err;
  });
}

/** When a period opens it pins the questionnaire version in force (frozen from then on). */
export async function pinQuestionnaire(trx: Knex, periodId: number): Promise<void> {
  const period = await trx('periods').where({ id: periodId }).first('questionnaire_id');
  if (!period) throw new NotFound();
  let id: number | null = period.questionnaire_id ?? null;
  if (!id) {
    const current = await trx('questionnaires').orderBy('version', 'desc').first('id');
    if (!current) throw new NotFound();
    id = current.id as number;
    await trx('periods').where({ id: periodId }).update({ questionnaire_id: id });
  }
  await trx('questionnaires').where({ id }).update({ frozen: true });
}

export interface ItemInput {
  dimension: string;
  polarity: string;
  textZh: string;
  textEn: string;
}

/** Checks an item form: a known dimension, + or −, both texts (≤ 500 characters). */
export function validateItem(input: ItemInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(DIMENSIONS as readonly string[]).includes(input.dimension)) errors.dimension = 'survey.q.error.dimension';
  if (input.polarity !== '+' && input.polarity !== '-') errors.polarity = 'survey.q.error.polarity';
  if (!input.textZh.trim()) errors.text_zh = 'form.required';
  else if (input.textZh.length > 500) errors.text_zh = 'form.too_long';
  if (!input.textEn.trim()) errors.text_en = 'form.required';
  else if (input.textEn.length > 500) errors.text_en = 'form.too_long';
  return errors;
}

/** The current version, made editable: a frozen one is copied into a new version first. */
async function editableVersion(trx: Knex, now: number): Promise<Questionnaire> {
  const current = await currentQuestionnaire(trx);
  if (!current) throw new NotFound();
  if (!current.frozen) return current;
  const [row] = await trx('questionnaires').insert({ version: current.version + 1, frozen: false, created_at: now }).returning('id');
  const id = idOf(row);
  if (current.items.length) {
    await trx('questionnaire_items').insert(current.items.map((i) => ({ questionnaire_id: id, key: i.key, dimension: i.dimension, polarity: i.polarity, text_zh: i.textZh, text_en: i.textEn, sort_order: i.sortOrder, retired: i.retired })));
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

/** Next free key of a dimension, over every version, so a retired item's key never comes back with another meaning. */
async function nextKey(trx: Knex, dimension: string): Promise<string> {
  const keys = new Set((await trx('questionnaire_items').where({ dimension }).select('key')).map((r) => r.key as string));
  let n = 1;
  while (keys.has(`${dimension}-${n}`)) n++;
  return `${dimension}-${n}`;
}

export async function addItem(db: Knex, input: ItemInput, now: number): Promise<string> {
  const errors = validateItem(input);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction(async (trx) => {
    const q = await editableVersion(trx, now);
    const key = await nextKey(trx, input.dimension);
    const sortOrder = Math.max(0, ...q.items.map((i) => i.sortOrder)) + 1;
    await trx('questionnaire_items').insert({ questionnaire_id: q.id, key, dimension: input.dimension, polarity: input.polarity, text_zh: input.textZh.trim(), text_en: input.textEn.trim(), sort_order: sortOrder, retired: false });
    return key;
  });
}

export async function editItem(db: Knex, itemId: number, input: ItemInput, now: number): Promise<void> {
  const errors = validateItem(input);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.transaction(async (trx) => {
    const { item } = await editableItem(trx, itemId, now);
    await trx('questionnaire_items').where({ id: item.id }).update({ dimension: input.dimension, polarity: input.polarity, text_zh: input.textZh.trim(), text_en: input.textEn.trim() });
  });
}

export async function setItemRetired(db: Knex, itemId: number, retired: boolean, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const { item } = await editableItem(trx, itemId, now);
    await trx('questionnaire_items').where({ id: item.id }).update({ retired });
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

/** `questionnaire show` format (DESIGN.md §8). */
export function questionnaireJson(q: Questionnaire) {
  return { items: activeItems(q).map((i) => ({ key: i.key, dimension: i.dimension, polarity: i.polarity, text: { 'zh-CN': i.textZh, en: i.textEn } })) };
}
