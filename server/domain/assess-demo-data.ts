// The demonstration organisation of `cli demo` (DESIGN.md §8): three city bureaus with their leadership posts and
// power profiles, and per-post "true" risk tendencies the generated survey answers lean towards.
import type { OrgFile } from './org-file';

type P = [key: string, title: string, portfolio: string, chief: boolean, power: [number, number, number, number, number], tendency: number];

// power: decision, personnel, finance, procurement, enforcement (0–5); tendency 0 (clean) … 1 (risky).
const POSTS: Record<string, P[]> = {
  'demo-jia': [
    ['chief', '局长', '主持全面工作', true, [5, 5, 4, 3, 3], 0.45],
    ['commissar', '政委', '党建、队伍建设', false, [4, 5, 2, 1, 1], 0.3],
    ['deputy-finance', '副局长（分管财务装备）', '财务、装备采购、基建', false, [3, 2, 5, 5, 1], 0.75],
    ['deputy-enforcement', '副局长（分管执法办案）', '治安、刑侦、行政审批', false, [3, 2, 1, 1, 5], 0.6],
    ['discipline', '纪委书记', '监督执纪问责', false, [2, 1, 1, 0, 2], 0.15],
  ],
  'demo-yi': [
    ['chief', '局长', '主持全面工作', true, [5, 5, 4, 4, 3], 0.35],
    ['commissar', '政委', '党建、队伍建设、人事', false, [4, 5, 2, 1, 1], 0.25],
    ['deputy-planning', '副局长（分管规划建设）', '工程项目、土地规划', false, [4, 2, 3, 5, 3], 0.7],
    ['deputy-approval', '副局长（分管行政审批）', '行政许可、资金补贴', false, [3, 1, 4, 2, 4], 0.5],
    ['discipline', '纪委书记', '监督执纪问责', false, [2, 1, 1, 0, 2], 0.2],
  ],
  'demo-bing': [
    ['chief', '局长', '主持全面工作', true, [5, 5, 4, 3, 3], 0.3],
    ['commissar', '政委', '党建、队伍建设', false, [4, 4, 2, 1, 1], 0.2],
    ['deputy-finance', '副局长（分管后勤财务）', '财务、后勤、采购', false, [3, 1, 5, 4, 1], 0.45],
    ['deputy-enforcement', '副局长（分管执法监督）', '执法监督、案件审核', false, [3, 1, 1, 1, 4], 0.35],
    ['discipline', '纪委书记', '监督执纪问责', false, [2, 1, 1, 0, 2], 0.1],
  ],
};

const UNIT_NAMES: Record<string, string> = { 'demo-jia': '甲市局', 'demo-yi': '乙市局', 'demo-bing': '丙市局' };
export const DEMO_UNIT_KEYS = Object.keys(POSTS);

/** The organisation file (same format as `org import`). */
export function demoOrg(): OrgFile {
  return {
    units: DEMO_UNIT_KEYS.map((key) => ({
      key,
      name: UNIT_NAMES[key],
      posts: POSTS[key].map(([pk, title, portfolio, chief, [decision, personnel, finance, procurement, enforcement]]) => ({
        key: pk, title, portfolio, chief, power: { decision, personnel, finance, procurement, enforcement },
      })),
    })),
  };
}

/** How risky the demo wants a post to look (0–1); drives answers, reports and findings. */
export function demoTendency(unitKey: string, postKey: string): number {
  return POSTS[unitKey]?.find((p) => p[0] === postKey)?.[5] ?? 0.3;
}

export const DEMO_PERIODS = [
  { key: '2025', name: '2025年度', startsOn: '2025-01-01', endsOn: '2025-12-31', close: true },
  { key: '2026', name: '2026年度', startsOn: '2026-01-01', endsOn: '2026-12-31', close: false },
] as const;

export const DEMO_REPORT_TEXTS = [
  '有人打电话为亲属的招录考试打招呼，要求“关照一下”。',
  '工程项目招标前，有领导干部约请投标单位负责人吃饭。',
  '在一起行政处罚案件中，有人说情要求减轻处罚。',
  '装备采购中指定供应商，疑似存在利益输送。',
  '干预过问补贴资金审批，要求加快办理特定企业的申请。',
];

export const DEMO_FINDING_TEXTS: Record<string, string> = {
  inspection: '检查督察发现：财务报销审批手续不全，存在先支付后补签现象。',
  patrol: '政治巡察反馈：议事决策程序执行不严格，“三重一大”事项未全部上会研究。',
  case: '执纪办案中发现：违规接受管理服务对象宴请。',
  research: '专题调研发现：行政处罚自由裁量基准不细，同类案件处理差异较大。',
};
