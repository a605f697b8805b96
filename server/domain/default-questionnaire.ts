import type { Dimension, Polarity } from './dimensions';

// The first default questionnaire (DESIGN.md §2), every item asked about every post. New installations start with
// default-questionnaire-v2.ts; installations that started with this one keep it, and the periods that pinned it.
// Answers run from 1 (strongly disagree) to 5 (strongly agree); polarity + means agreement signals more risk.

export interface DefaultItem {
  key: string;
  dimension: Dimension;
  polarity: Polarity;
  zh: string;
  en: string;
}

export const DEFAULT_ITEMS: readonly DefaultItem[] = Object.freeze([
  { key: 'opportunity-1', dimension: 'opportunity', polarity: '+', zh: '有人通过打招呼、说情、请托等方式找到该岗位办事的情况较为常见。', en: 'People often approach this post through greetings, interceding or asking favours to get things done.' },
  { key: 'opportunity-2', dimension: 'opportunity', polarity: '+', zh: '该岗位在审批、用人、资金或执法中有较大的自由裁量空间。', en: 'This post has wide room for discretion in approvals, appointments, funds or enforcement.' },
  { key: 'opportunity-3', dimension: 'opportunity', polarity: '-', zh: '该岗位的决策与执行相分离，重要事项由集体研究决定。', en: 'At this post, decision and execution are separated and important matters are decided collectively.' },
  { key: 'pressure-1', dimension: 'pressure', polarity: '+', zh: '该岗位承受着来自上级、亲友或利益相关方的较大压力，要求“关照”或“通融”。', en: 'This post is under strong pressure from superiors, relatives or interested parties to "look after" someone or bend the rules.' },
  { key: 'pressure-2', dimension: 'pressure', polarity: '-', zh: '单位对该岗位人员的工作和生活压力关心及时，谈心谈话经常开展。', en: 'The unit pays timely attention to the work and personal pressure on this post, and care talks are held regularly.' },
  { key: 'rationalization-1', dimension: 'rationalization', polarity: '+', zh: '我听到过为该岗位接受请托或违规办事开脱的说法，如“人情往来”“大家都这样”。', en: 'I have heard excuses for this post doing favours or bending rules, such as "it is just social custom" or "everyone does it".' },
  { key: 'rationalization-2', dimension: 'rationalization', polarity: '-', zh: '该岗位人员明确拒绝打招呼、说情，并按规定如实记录报告。', en: 'The holder of this post clearly refuses greetings and interceding, and records and reports them as required.' },
  { key: 'rules-1', dimension: 'rules', polarity: '-', zh: '该岗位行使权力的规则、流程和标准清楚明确。', en: 'The rules, procedures and standards for how this post uses its power are clear.' },
  { key: 'rules-2', dimension: 'rules', polarity: '+', zh: '该岗位办事“有没有规定都一样”，制度执行存在变通。', en: 'For this post, rules make little difference: they are applied flexibly or worked around.' },
  { key: 'supervision-1', dimension: 'supervision', polarity: '-', zh: '该岗位的权力运行受到有效的日常监督，重要事项公开透明。', en: 'The use of power at this post is effectively supervised day to day, and important matters are open and transparent.' },
  { key: 'supervision-2', dimension: 'supervision', polarity: '+', zh: '对该岗位的问题，同事和群众不敢或不便提出意见。', en: 'Colleagues and the public do not dare, or find it hard, to raise concerns about this post.' },
  { key: 'cost-1', dimension: 'cost', polarity: '-', zh: '该岗位一旦违规违纪，会被及时发现并严肃追责问责。', en: 'If this post broke the rules, it would be found out quickly and held firmly to account.' },
  { key: 'cost-2', dimension: 'cost', polarity: '+', zh: '对该岗位发现的问题，往往“大事化小、小事化了”。', en: 'Problems found at this post tend to be played down and quietly settled.' },
  { key: 'cost-3', dimension: 'cost', polarity: '-', zh: '插手干预、利益输送的典型案例在本单位得到了通报和警示。', en: 'Typical cases of meddling and passing benefits are made known in the unit as warnings.' },
]);
