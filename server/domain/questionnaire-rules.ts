import { charLength } from './char-length';
import { DIMENSIONS } from './dimensions';
import { isItemScope } from './item-scope';

// What an item of the questionnaire editor must be (DESIGN.md §2): a known dimension, a polarity, a scope and both
// texts. The rule that a version keeps every dimension covered is in item-scope.ts (uncoveredDimensions).

/** Longest item text, in characters (char-length.ts), in either language. */
export const ITEM_TEXT_MAX = 500;

export interface ItemInput {
  dimension: string;
  polarity: string;
  scope: string;
  textZh: string;
  textEn: string;
}

/** Field name → message key for every problem of an item form; empty when it is fine. */
export function validateItem(input: ItemInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(DIMENSIONS as readonly string[]).includes(input.dimension)) errors.dimension = 'survey.q.error.dimension';
  if (input.polarity !== '+' && input.polarity !== '-') errors.polarity = 'survey.q.error.polarity';
  if (!isItemScope(input.scope)) errors.scope = 'survey.q.error.scope';
  for (const [field, text] of [['text_zh', input.textZh], ['text_en', input.textEn]] as const) {
    if (!text.trim()) errors[field] = 'form.required';
    else if (charLength(text) > ITEM_TEXT_MAX) errors[field] = 'form.too_long';
  }
  return errors;
}

/** An item as the keys rule sees it: what the question is, whatever version it sits in. */
export interface KeyedItem {
  key: string;
  dimension: string;
  polarity: string;
  scope: string;
  textZh: string;
}

const sameQuestion = (a: KeyedItem, b: Omit<KeyedItem, 'key'>) => a.dimension === b.dimension && a.polarity === b.polarity && a.scope === b.scope && a.textZh.trim() === b.textZh.trim();

/** The first `<dimension>-<n>` not taken: a key, once used, never comes back with another meaning. */
export function nextFreeKey(dimension: string, taken: ReadonlySet<string>): string {
  let n = 1;
  while (taken.has(`${dimension}-${n}`)) n++;
  return `${dimension}-${n}`;
}

/**
 * Keys for a set of items joining an installation whose versions already hold `existing`: an item keeps its own key
 * when that key is unused or already means the same question; otherwise it gets the next free key of its dimension,
 * so a key never names two different questions across versions (results and trends compare items by key).
 */
export function keysForNewItems(items: readonly KeyedItem[], existing: readonly KeyedItem[]): string[] {
  const taken = new Set(existing.map((e) => e.key));
  const given = new Set<string>();
  return items.map((item) => {
    const holders = existing.filter((e) => e.key === item.key);
    const key = !given.has(item.key) && holders.every((h) => sameQuestion(h, item)) ? item.key : nextFreeKey(item.dimension, new Set([...taken, ...given]));
    given.add(key);
    return key;
  });
}

/** Whether the items in use ask exactly these questions (keys aside). */
export function asksTheSame(inUse: readonly KeyedItem[], items: readonly Omit<KeyedItem, 'key'>[]): boolean {
  return inUse.length === items.length && items.every((item) => inUse.some((u) => sameQuestion(u, item)));
}
