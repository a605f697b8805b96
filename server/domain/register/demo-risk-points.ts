// Risk points of the demonstration organisation (`cli demo`): the customary 廉政风险点 of a bureau's leadership posts,
// by the power they arise from, with how they show and the measures usually taken against them.
import type { Dimension, PowerType } from '../dimensions';

export interface DemoRiskPoint { power: PowerType; duty: string; description: string; manifestation: string; dimensions: Dimension[]; measures: string[] }

const P: Record<PowerType, DemoRiskPoint[]> = {
  decision: [
    { power: 'decision', duty: '“三重一大”事项决策', description: '个人说了算，集体决策流于形式', manifestation: '会前定调子、会上走过场，重大事项未上会研究', dimensions: ['rules', 'supervision'], measures: ['严格执行“三重一大”集体决策制度，会议纪要全程留痕', '主要负责人末位表态'] },
  ],
  personnel: [
    { power: 'personnel', duty: '干部选拔任用动议', description: '在动议、考察环节为特定人选打招呼、说情', manifestation: '授意将特定人选列入考察范围，降低任职条件', dimensions: ['opportunity', 'rules'], measures: ['动议环节集体研究、全程纪实', '严格执行“凡提四必”'] },
    { power: 'personnel', duty: '考核评价与评先评优', description: '考核评价失真，照顾关系', manifestation: '评先评优向身边人倾斜', dimensions: ['rationalization', 'supervision'], measures: ['考核结果公示并接受监督'] },
  ],
  finance: [
    { power: 'finance', duty: '大额资金支出审批', description: '违规审批、化整为零规避集体审批', manifestation: '拆分支出事项，先支付后补手续', dimensions: ['opportunity', 'rules'], measures: ['大额支出分级授权、联签', '财务支出季度公开'] },
  ],
  procurement: [
    { power: 'procurement', duty: '装备物资采购与工程项目', description: '指定品牌或供应商，利益输送', manifestation: '量身定制采购参数，化整为零规避招标', dimensions: ['opportunity', 'supervision', 'cost'], measures: ['采购需求集体论证，全流程电子化', '纪检部门全程监督开标评标'] },
  ],
  enforcement: [
    { power: 'enforcement', duty: '行政处罚自由裁量', description: '办人情案、关系案', manifestation: '同类案件畸轻畸重，有人说情后减轻处罚', dimensions: ['rules', 'cost'], measures: ['细化自由裁量基准', '说情打招呼事项登记报告'] },
  ],
};

const DISCIPLINE: DemoRiskPoint = {
  power: 'enforcement', duty: '问题线索处置', description: '压案不查、以案谋私', manifestation: '对反映的问题线索搁置不办、大事化小', dimensions: ['supervision', 'cost'], measures: ['问题线索集体排查、定期通报'],
};

/** The risk points of a demo post: its two strongest powers' points (the discipline secretary: the case-handling one). */
export function demoRiskPoints(postKey: string, power: Record<PowerType, number>): DemoRiskPoint[] {
  if (postKey === 'discipline') return [DISCIPLINE];
  const strongest = (Object.keys(P) as PowerType[]).sort((a, b) => power[b] - power[a]).slice(0, 2);
  return strongest.flatMap((t) => P[t].slice(0, 1));
}
