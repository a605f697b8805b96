import type { Lang, Translate } from '../../i18n';
import { postItems, UNIT_FIELD, unitItems } from '../../domain/item-scope';
import { ANSWER_VALUES, answerField, COMMENT_MAX, skipField, type ParsedSurvey } from '../../domain/survey-form';
import type { QuestionnaireItem } from '../../services/survey/questionnaire';
import type { SurveyPost } from '../../services/survey/survey-submit';

// Shapes the answer page: one table of the unit items (asked once), then one table per post of the post items, each
// with its "not familiar with this post" choice; rows = items, columns = 1..5 and "don't know", with the user's
// answers and the marks of what is missing or wrong.

export const fieldId = (name: string) => 'f-' + name.replace(/[^A-Za-z0-9_-]/g, '-');

export interface SummaryError {
  href: string;
  text: string;
}

export function surveyFormView(
  t: Translate,
  lang: Lang,
  form: { code: string; unitName: string; periodName: string; posts: SurveyPost[]; items: QuestionnaireItem[] },
  parsed: ParsedSurvey | null,
) {
  const errors = parsed?.errors ?? {};
  const missing = new Set(parsed?.missing ?? []);
  const skipped = new Set(parsed?.skipped ?? []);
  let firstMissing: string | null = null;
  const rowsOf = (postKey: string, items: QuestionnaireItem[], p: string) => items.map((item, i) => {
    const field = answerField(postKey, item.key);
    const isMissing = missing.has(`${postKey}.${item.key}`);
    const rowId = fieldId(field);
    if (isMissing && !firstMissing) firstMissing = rowId;
    return {
      field,
      rowId,
      headerId: `q-${p}-${i}`,
      text: lang === 'en' ? item.textEn : item.textZh,
      value: skipped.has(postKey) ? '' : parsed?.answers[`${postKey}.${item.key}`] ?? '',
      missing: isMissing,
      error: errors[field] ? t(errors[field]) : isMissing ? t('survey.form.unanswered') : '',
    };
  });
  const unitRows = unitItems(form.items);
  const unit = unitRows.length ? { key: UNIT_FIELD, title: t('survey.form.unit_items', { unit: form.unitName }), captionId: 'unit', rows: rowsOf(UNIT_FIELD, unitRows, 'u') } : null;
  const posts = form.posts.map((post, p) => ({
    key: post.key,
    title: post.title,
    captionId: `post-${p}`,
    skip: { field: skipField(post.key), id: fieldId(skipField(post.key)), checked: skipped.has(post.key), error: errors[skipField(post.key)] ? t(errors[skipField(post.key)]) : '' },
    rows: rowsOf(post.key, postItems(form.items), String(p)),
  }));
  const summary: SummaryError[] = [];
  if (errors.form) summary.push({ href: '#survey-posts', text: t(errors.form) });
  const named = (field: string, key: string) => t('form.error_item', { field, message: t(key) });
  for (const table of [...(unit ? [unit] : []), ...posts]) for (const row of table.rows) if (errors[row.field]) summary.push({ href: '#' + row.rowId, text: named(table.title, errors[row.field]) });
  for (const post of posts) if (post.skip.error) summary.push({ href: '#' + post.skip.id, text: named(post.title, errors[post.skip.field]) });
  if (errors.missing && firstMissing) summary.push({ href: '#' + firstMissing, text: t('survey.error.missing', { count: missing.size }) });
  if (errors.comment) summary.push({ href: '#f-comment', text: named(t('survey.form.comment'), errors.comment) });
  const counted = [...(unit ? [unit] : []), ...posts.filter((post) => !post.skip.checked)];
  return {
    code: form.code,
    unitName: form.unitName,
    periodName: form.periodName,
    columns: ANSWER_VALUES.map((value) => ({ value, label: t(`survey.form.value.${value}`), short: value === 'na' ? t('survey.form.value.na') : value })),
    /**
     * Answered statements out of those still to answer (a skipped post's are not): shown by the server, kept up to
     * date by static/js/survey-progress.js.
     */
    progress: { answered: counted.reduce((n, table) => n + table.rows.filter((row) => row.value !== '').length, 0), total: counted.reduce((n, table) => n + table.rows.length, 0) },
    unit,
    posts,
    comment: parsed?.comment ?? '',
    commentError: errors.comment ? t(errors.comment) : '',
    commentMax: COMMENT_MAX,
    summary,
  };
}
