import { UNIT_FIELD } from './item-scope';

// Parsing and checking a submitted survey form (DESIGN.md §8 field names): answer.<postKey>.<itemKey> = 1..5 | na for
// post items, answer.unit.<itemKey> for unit items (asked once), skip.<postKey> = 1 for a post the respondent is not
// familiar with (all its post items are then "don't know").

export const COMMENT_MAX = 2000;
export const ANSWER_VALUES = ['1', '2', '3', '4', '5', 'na'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

export interface FormShape {
  postKeys: string[];
  /** Post items: asked about every post. */
  itemKeys: string[];
  /** Unit items: asked once (DESIGN.md §2); none when left out. */
  unitItemKeys?: string[];
}

export interface ParsedSurvey {
  /**
   * `${postKey}.${itemKey}` (post items) and `unit.${itemKey}` (unit items) → the answer given (only well-formed
   * ones, so a re-rendered form keeps them). Unit and post item keys differ, so the two never collide.
   */
  answers: Record<string, AnswerValue>;
  /** Posts marked "not familiar with this post": their post items count as "don't know". */
  skipped: string[];
  comment: string;
  /** Field name (answer.p.i, skip.p, comment, form) → message key. */
  errors: Record<string, string>;
  /** Questions not answered: `${postKey}.${itemKey}` or `unit.${itemKey}`. */
  missing: string[];
  complete: boolean;
}

export const answerField = (postKey: string, itemKey: string) => `answer.${postKey}.${itemKey}`;
export const unitAnswerField = (itemKey: string) => answerField(UNIT_FIELD, itemKey);
const SKIP_PREFIX = 'skip.';
export const skipField = (postKey: string) => `${SKIP_PREFIX}${postKey}`;
export const SKIP_VALUE = '1';

/** Splits `prefix.a.b` into [a, b] at the first dot after the prefix. */
function splitField(name: string, prefix: string): [string, string] {
  const rest = name.slice(prefix.length);
  const dot = rest.indexOf('.');
  return dot > 0 ? [rest.slice(0, dot), rest.slice(dot + 1)] : [rest, ''];
}

/**
 * Rule: every unit item, and every post item of every post not marked "not familiar", carries exactly one value of
 * 1–5 or na; a post marked "not familiar" answers all its post items na, whatever else was sent for it. Unknown
 * fields, arrays and oversize comments are refused.
 */
export function parseSurveyForm(body: Record<string, unknown>, shape: FormShape): ParsedSurvey {
  const answers: Record<string, AnswerValue> = {};
  const errors: Record<string, string> = {};
  const posts = new Set(shape.postKeys);
  const items = new Set(shape.itemKeys);
  const unitItemKeys = shape.unitItemKeys ?? [];
  const unitItems = new Set(unitItemKeys);
  const skipped = new Set<string>();

  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith(SKIP_PREFIX)) {
      const postKey = name.slice(SKIP_PREFIX.length);
      if (!posts.has(postKey)) errors.form = 'survey.error.unknown_field';
      else if (value !== SKIP_VALUE) errors[name] = typeof value === 'string' ? 'survey.error.skip_value' : 'survey.error.repeated';
      else skipped.add(postKey);
      continue;
    }
    if (!name.startsWith('answer.')) continue;
    const [postKey, itemKey] = splitField(name, 'answer.');
    const isUnit = postKey === UNIT_FIELD && unitItems.has(itemKey);
    if (!isUnit && (!posts.has(postKey) || !items.has(itemKey))) {
      errors.form = 'survey.error.unknown_field';
      continue;
    }
    if (typeof value !== 'string') {
      errors[name] = 'survey.error.repeated';
      continue;
    }
    if (!(ANSWER_VALUES as readonly string[]).includes(value)) {
      errors[name] = 'survey.error.value';
      continue;
    }
    answers[`${postKey}.${itemKey}`] = value as AnswerValue;
  }
  // "Not familiar with this post": one choice that answers all its post items "don't know".
  for (const p of skipped) {
    for (const i of shape.itemKeys) {
      answers[`${p}.${i}`] = 'na';
      delete errors[answerField(p, i)];
    }
  }

  let comment = '';
  if (body.comment !== undefined) {
    if (typeof body.comment !== 'string') errors.comment = 'survey.error.repeated';
    else if (body.comment.length > COMMENT_MAX) {
      errors.comment = 'survey.error.comment_long';
      comment = body.comment.slice(0, COMMENT_MAX);
    } else comment = body.comment;
  }

  const missing: string[] = [];
  for (const i of unitItemKeys) if (!answers[`${UNIT_FIELD}.${i}`] && !errors[unitAnswerField(i)]) missing.push(`${UNIT_FIELD}.${i}`);
  for (const p of shape.postKeys) for (const i of shape.itemKeys) if (!answers[`${p}.${i}`] && !errors[answerField(p, i)]) missing.push(`${p}.${i}`);
  if (missing.length) errors.missing = 'survey.error.missing';
  return { answers, skipped: [...skipped], comment: comment.trim(), errors, missing, complete: Object.keys(errors).length === 0 };
}
