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
