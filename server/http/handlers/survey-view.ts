import type { Lang, Translate } from '../../i18n';
import { ANSWER_VALUES, answerField, COMMENT_MAX, type ParsedSurvey } from '../../domain/survey-form';
import type { QuestionnaireItem } from '../../services/questionnaire';
import type { SurveyPost } from '../../services/survey-submit';

// Shapes the answer page: one table per post, rows = items, columns = 1..5 and "don't know", with the user's answers
// and the marks of what is missing or wrong.

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
  let firstMissing: string | null = null;
  const posts = form.posts.map((post, p) => ({
    key: post.key,
    title: post.title,
    captionId: `post-${p}`,
    rows: form.items.map((item, i) => {
      const field = answerField(post.key, item.key);
      const isMissing = missing.has(`${post.key}.${item.key}`);
      const rowId = fieldId(field);
      if (isMissing && !firstMissing) firstMissing = rowId;
      return {
        field,
        rowId,
        headerId: `q-${p}-${i}`,
        text: lang === 'en' ? item.textEn : item.textZh,
        value: parsed?.answers[`${post.key}.${item.key}`] ?? '',
        missing: isMissing,
        error: errors[field] ? t(errors[field]) : isMissing ? t('survey.form.unanswered') : '',
      };
    }),
  }));
  const summary: SummaryError[] = [];
  if (errors.form) summary.push({ href: '#survey-posts', text: t(errors.form) });
  const named = (field: string, key: string) => t('form.error_item', { field, message: t(key) });
  for (const post of posts) for (const row of post.rows) if (errors[row.field]) summary.push({ href: '#' + row.rowId, text: named(post.title, errors[row.field]) });
  if (errors.missing && firstMissing) summary.push({ href: '#' + firstMissing, text: t('survey.error.missing', { count: missing.size }) });
  if (errors.comment) summary.push({ href: '#f-comment', text: named(t('survey.form.comment'), errors.comment) });
  const answered = posts.reduce((n, post) => n + post.rows.filter((row) => row.value !== '').length, 0);
  return {
    code: form.code,
    unitName: form.unitName,
    periodName: form.periodName,
    columns: ANSWER_VALUES.map((value) => ({ value, label: t(`survey.form.value.${value}`), short: value === 'na' ? t('survey.form.value.na') : value })),
    /** Answered statements out of all of them: shown by the server, kept up to date by static/js/survey-progress.js. */
    progress: { answered, total: posts.reduce((n, post) => n + post.rows.length, 0) },
    posts,
    comment: parsed?.comment ?? '',
    commentError: errors.comment ? t(errors.comment) : '',
    commentMax: COMMENT_MAX,
    summary,
  };
}
