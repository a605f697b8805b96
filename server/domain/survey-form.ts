// Parsing and checking a submitted survey form (DESIGN.md §8 field names): answer.<postKey>.<itemKey> = 1..5 | na.

export const COMMENT_MAX = 2000;
export const ANSWER_VALUES = ['1', '2', '3', '4', '5', 'na'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

export interface FormShape {
  postKeys: string[];
  itemKeys: string[];
}

export interface ParsedSurvey {
  /** `${postKey}.${itemKey}` → the answer given (only well-formed ones, so a re-rendered form keeps them). */
  answers: Record<string, AnswerValue>;
  comment: string;
  /** Field name (answer.p.i, comment, form) → message key. */
  errors: Record<string, string>;
  /** Cells not answered, `${postKey}.${itemKey}`. */
  missing: string[];
  complete: boolean;
}

export const answerField = (postKey: string, itemKey: string) => `answer.${postKey}.${itemKey}`;

/** Rule: every post × item must carry exactly one value of 1–5 or na; unknown fields, arrays and oversize comments are refused. */
export function parseSurveyForm(body: Record<string, unknown>, shape: FormShape): ParsedSurvey {
  const answers: Record<string, AnswerValue> = {};
  const errors: Record<string, string> = {};
  const posts = new Set(shape.postKeys);
  const items = new Set(shape.itemKeys);

  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('answer.')) continue;
    const rest = name.slice('answer.'.length);
    const dot = rest.indexOf('.');
    const postKey = dot > 0 ? rest.slice(0, dot) : '';
    const itemKey = dot > 0 ? rest.slice(dot + 1) : '';
    if (!posts.has(postKey) || !items.has(itemKey)) {
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

  let comment = '';
  if (body.comment !== undefined) {
    if (typeof body.comment !== 'string') errors.comment = 'survey.error.repeated';
    else if (body.comment.length > COMMENT_MAX) {
      errors.comment = 'survey.error.comment_long';
      comment = body.comment.slice(0, COMMENT_MAX);
    } else comment = body.comment;
  }

  const missing: string[] = [];
  for (const p of shape.postKeys) for (const i of shape.itemKeys) if (!answers[`${p}.${i}`] && !errors[answerField(p, i)]) missing.push(`${p}.${i}`);
  if (missing.length) errors.missing = 'survey.error.missing';
  return { answers, comment: comment.trim(), errors, missing, complete: Object.keys(errors).length === 0 };
}
