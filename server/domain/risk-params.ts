// Parameters of the risk model (DESIGN.md §3): defaults, validation, and report status weights.
import { POWER_TYPES, type PowerType } from './dimensions';
import type { ReportStatus } from './report-workflow';

/** Weights of the four terms of the likelihood L = w_M·M + w_C·C + w_S·S + w_F·F. */
export interface LikelihoodWeights {
  M: number;
  C: number;
  S: number;
  F: number;
}

export interface ModelParams {
  /** k-anonymity threshold: posts with fewer respondents take the unit prior. */
  k: number;
  /** Prior weight m of the shrinkage x̃ = (n·x̄ + m·π)/(n + m). */
  m: number;
  /** ω_k of the power exposure E. */
  powerWeights: Record<PowerType, number>;
  likelihoodWeights: LikelihoodWeights;
  /** R ≥ high → high; R ≥ medium → medium; else low. */
  thresholds: { high: number; medium: number };
}

export const DEFAULT_PARAMS: ModelParams = Object.freeze({
  k: 5,
  m: 4,
  powerWeights: Object.freeze({ decision: 1, personnel: 1, finance: 1, procurement: 1, enforcement: 1 }),
  likelihoodWeights: Object.freeze({ M: 0.3, C: 0.3, S: 0.25, F: 0.15 }),
  thresholds: Object.freeze({ high: 60, medium: 40 }),
}) as ModelParams;

/** Bounds of k, the released-cells threshold (§3, §4): a whole number from K_MIN to K_MAX. */
export const K_MIN = 3;
export const K_MAX = 50;

/** Tolerance for "the likelihood weights sum to 1". */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/** Message keys returned by validateParams. */
export const PARAM_ERRORS = {
  likelihoodWeightRange: 'params.likelihood_weight_range',
  likelihoodWeightSum: 'params.likelihood_weight_sum',
  kRange: 'params.k_range',
  mRange: 'params.m_range',
  powerWeightRange: 'params.power_weight_range',
  powerWeightSum: 'params.power_weight_sum',
  thresholdsOrder: 'params.thresholds_order',
} as const;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** §3 parameter rules: w_M..w_F ∈ [0,1] summing to 1 (±1e-6); k integer in 3..50; m ≥ 0; ω_k ≥ 0 with Σω > 0; 0 < medium < high ≤ 100. */
export function validateParams(p: ModelParams): string[] {
  const errors: string[] = [];
  const w = [p.likelihoodWeights.M, p.likelihoodWeights.C, p.likelihoodWeights.S, p.likelihoodWeights.F];
  if (!w.every((x) => isNumber(x) && x >= 0 && x <= 1)) errors.push(PARAM_ERRORS.likelihoodWeightRange);
  else if (Math.abs(w.reduce((a, b) => a + b, 0) - 1) > WEIGHT_SUM_TOLERANCE) errors.push(PARAM_ERRORS.likelihoodWeightSum);

  if (!isNumber(p.k) || !Number.isInteger(p.k) || p.k < K_MIN || p.k > K_MAX) errors.push(PARAM_ERRORS.kRange);
  if (!isNumber(p.m) || p.m < 0) errors.push(PARAM_ERRORS.mRange);

  const omega = POWER_TYPES.map((t) => p.powerWeights[t]);
  if (!omega.every((x) => isNumber(x) && x >= 0)) errors.push(PARAM_ERRORS.powerWeightRange);
  else if (!(omega.reduce((a, b) => a + b, 0) > 0)) errors.push(PARAM_ERRORS.powerWeightSum);

  const { high, medium } = p.thresholds;
  if (!isNumber(high) || !isNumber(medium) || !(medium > 0 && medium < high && high <= 100)) {
    errors.push(PARAM_ERRORS.thresholdsOrder);
  }
  return errors;
}

/** Report statuses are the workflow's (report-workflow.ts); `closed` carries the outcome it closed with. */
export type { ReportStatus };
/** Any status a report can be closed with (normally one of the three outcomes). */
export type ClosedWith = Exclude<ReportStatus, 'closed'>;

/** §3 report signal weights; a closed report keeps the weight of `closedWith`. */
export const REPORT_STATUS_WEIGHTS: Readonly<Record<ClosedWith, number>> = Object.freeze({
  new: 0.5,
  acknowledged: 0.5,
  under_review: 0.5,
  substantiated: 1,
  partly_substantiated: 0.75,
  unfounded: 0,
  duplicate: 0,
  withdrawn: 0,
});
