// Vocabulary of the risk-point register and the assessment procedure (DESIGN.md §2 Risk point, Assessment procedure,
// Dynamic adjustment). Stable codes; the catalogues translate them.
import { LEVELS, type RiskLevel } from '../dimensions';

/** The five customary steps, in order: 个人查找 → 群众评议 → 领导审核 → 组织评定 → 公示. */
export const STEPS = ['self_check', 'staff_review', 'leadership_review', 'decision', 'publication'] as const;
export type Step = (typeof STEPS)[number];

/** Who entered a risk point: a committee member, the post's holder in 个人查找, or a register import. */
export const RISK_POINT_SOURCES = ['committee', 'holder', 'import'] as const;
export type RiskPointSource = (typeof RISK_POINT_SOURCES)[number];

/** 动态调整: what flags a post for re-assessment. */
export const REASSESS_TRIGGERS = ['report', 'finding', 'holder', 'power'] as const;
export type ReassessTrigger = (typeof REASSESS_TRIGGERS)[number];

/** The flag a result row carries while re-assessment is due (DESIGN.md §8 `results` flags). */
export const REASSESS_FLAG = 'reassess';

export function isStep(value: unknown): value is Step {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

export function isLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** Levels from the most to the least serious, for sorting (high first). */
export function levelRank(level: RiskLevel | null): number {
  return level === null ? LEVELS.length : LEVELS.indexOf(level);
}
