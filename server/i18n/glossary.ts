// One word for each thing, on the reporter's pages and the committee's alike: the term to use and the variants that
// must not appear in a message catalogue (test/unit/glossary.test.ts holds both catalogues to it). English follows
// British spelling, like the rest of the catalogue.
export interface GlossaryEntry {
  term: string;
  /** Variants that mean the same and are not used. */
  not: string[];
  meaning: string;
}

export const GLOSSARY: Record<'zh-CN' | 'en', GlossaryEntry[]> = {
  'zh-CN': [
    { term: '回执码', not: ['查询码', '回执号', '查询号'], meaning: 'the 28 digits that open a report for its reporter' },
    { term: '问卷码', not: ['访问码', '答卷码', '邀请码'], meaning: 'the one-time code that opens the survey' },
    { term: '已收到', not: ['新收到'], meaning: 'the report status "new"' },
    { term: '评估周期', not: ['考核周期', '评价周期'], meaning: 'a period (e.g. 2026年度)' },
  ],
  en: [
    { term: 'favour', not: ['favor ', 'favors', 'favored'], meaning: '请托 (British spelling, as everywhere else)' },
    { term: 'constraint', not: ['restraint'], meaning: 'the 敢腐 side of the model: rules, supervision, cost' },
    { term: 'receipt code', not: ['receipt number', 'query code', 'tracking code'], meaning: '回执码' },
    { term: 'access code', not: ['survey code', 'questionnaire code'], meaning: '问卷码' },
  ],
};

/** Punctuation of Chinese text that has no place on an English page. */
export const CJK_PUNCTUATION = /[，。：；（）、！？《》【】]/;
