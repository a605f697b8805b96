// Vocabulary of the risk model (DESIGN.md §2, §3): survey dimensions, power types, levels,
// and the measures typically used against each dimension.

/** The six survey dimensions, in the order used for display and for breaking ties. */
export const DIMENSIONS = ['opportunity', 'pressure', 'rationalization', 'rules', 'supervision', 'cost'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Motive (想腐): M is their mean. */
export const MOTIVE_DIMENSIONS = ['opportunity', 'pressure', 'rationalization'] as const satisfies readonly Dimension[];
/** Constraint (敢腐), scored as a deficit: C is their mean. */
export const CONSTRAINT_DIMENSIONS = ['rules', 'supervision', 'cost'] as const satisfies readonly Dimension[];

/** Power types of a post's power profile, each at a level 0–5 (能腐). */
export const POWER_TYPES = ['decision', 'personnel', 'finance', 'procurement', 'enforcement'] as const;
export type PowerType = (typeof POWER_TYPES)[number];

/** `+`: a higher answer means more risk; `-`: a higher answer means less risk. */
export type Polarity = '+' | '-';

/** Risk levels: high (一级), medium (二级), low (三级). */
export const LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof LEVELS)[number];

/** The measure typically used against each dimension (DESIGN.md §3, explanation). */
export const TYPICAL_MEASURE_TEXTS: Record<Dimension, { 'zh-CN': string; en: string }> = {
  opportunity: {
    'zh-CN': '分事行权、决策与执行相分离，重点岗位定期轮岗交流',
    en: 'Separate decision-making from execution and rotate staff in key posts',
  },
  pressure: {
    'zh-CN': '开展谈心谈话，及时了解和纾解思想与生活压力',
    en: 'Hold care talks (heart-to-heart talks) to notice and relieve pressure early',
  },
  rationalization: {
    'zh-CN': '加强廉政教育和警示教育',
    en: 'Integrity education and cautionary case education',
  },
  rules: {
    'zh-CN': '细化自由裁量基准，明确权力运行规则和流程',
    en: 'Define standards for the use of discretion and clear procedures',
  },
  supervision: {
    'zh-CN': '加强日常监督，压实监督责任',
    en: 'Strengthen day-to-day oversight',
  },
  cost: {
    'zh-CN': '严肃追责问责，形成有力震慑',
    en: 'Firm accountability for every violation',
  },
};
