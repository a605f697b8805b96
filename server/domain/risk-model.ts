// The risk model v1 of DESIGN.md §3, exactly: pure functions over released aggregates.
import {
  CONSTRAINT_DIMENSIONS,
  DIMENSIONS,
  MOTIVE_DIMENSIONS,
  POWER_TYPES,
  type Dimension,
  type Polarity,
  type PowerType,
  type RiskLevel,
} from './dimensions';
import { REPORT_STATUS_WEIGHTS, validateParams, type ClosedWith, type LikelihoodWeights, type ModelParams, type ReportStatus } from './risk-params';

export type AnswerValue = 1 | 2 | 3 | 4 | 5;
/** How many answers of each value an item received; `na` may be present and is ignored. */
export type AnswerCounts = Partial<Record<AnswerValue | 'na', number>>;
/** n non-`na` answers and the sum of their risk values x. */
export interface DimSum {
  n: number;
  sum: number;
}
export interface ReportInput {
  status: ReportStatus;
  closedWith?: ClosedWith | null;
}
export interface PostRiskInput {
  postKey: string;
  power: Record<PowerType, number>;
  /** N_p: released responses with at least one non-`na` answer about the post. */
  respondents: number;
  dims: Record<Dimension, DimSum>;
  reports: ReportInput[];
  /** Severities (1–3) of the findings about the post in the period. */
  findings: number[];
}
export interface UnitRiskInput {
  /** N_u: released responses of the unit in the period. */
  responses: number;
  posts: PostRiskInput[];
}
export interface DimResult {
  n: number;
  /** Raw mean x̄; null when n = 0, and withheld (null) when N_p < k (§4: no aggregate below k). */
  mean: number | null;
  /** x̃: the prior, or the shrunk mean. */
  score: number;
}
export interface PostRisk {
  postKey: string;
  /** Unrounded figures of §3; R is 0–100, the rest 0–1. */
  E: number; M: number; C: number; S: number; F: number; L: number; R: number;
  level: RiskLevel;
  /** N_p, the report weight sum W and the sum of finding severities behind S and F. */
  N: number; W: number; findingsTotal: number;
  dims: Record<Dimension, DimResult>;
  flags: string[];
  contributions: LikelihoodWeights;
  topDimension: Dimension;
}
export interface UnitRisk {
  priors: Record<Dimension, number>;
  posts: PostRisk[];
}

export const INSUFFICIENT_SURVEY_DATA = 'insufficient_survey_data';
const ANSWER_VALUES: readonly AnswerValue[] = [1, 2, 3, 4, 5];

/** §3 risk value: x = (a−1)/4 for polarity `+`, x = (5−a)/4 for polarity `−`. */
export function riskValue(answer: AnswerValue, polarity: Polarity): number {
  if (!ANSWER_VALUES.includes(answer)) throw new RangeError(`answer must be 1..5, got ${String(answer)}`);
  return polarity === '+' ? (answer - 1) / 4 : (5 - answer) / 4;
}

/** §3 n_{p,d} and Σx of one item from its answer counts; `na` is ignored. */
export function itemCountsToDimSum(counts: AnswerCounts, polarity: Polarity): DimSum {
  let n = 0;
  let sum = 0;
  for (const a of ANSWER_VALUES) {
    const c = counts[a] ?? 0;
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`count of answer ${a} must be a non-negative integer`);
    n += c;
    sum += c * riskValue(a, polarity);
  }
  return { n, sum };
}

/** §3 pooling of items into a dimension: n and Σx add up. */
export function addDimSums(parts: readonly DimSum[]): DimSum {
  return parts.reduce((acc, p) => ({ n: acc.n + p.n, sum: acc.sum + p.sum }), { n: 0, sum: 0 });
}

/** §3 power exposure: E = Σ ω_k·ℓ_k / (5·Σ ω_k). */
export function powerExposure(levels: Record<PowerType, number>, weights: Record<PowerType, number>): number {
  let weighted = 0;
  let total = 0;
  for (const t of POWER_TYPES) {
    const level = levels[t];
    if (!Number.isFinite(level) || level < 0 || level > 5) throw new RangeError(`power level ${t} must be in 0..5`);
    weighted += weights[t] * level;
    total += weights[t];
  }
  if (!(total > 0)) throw new RangeError('power weights must have a positive sum');
  return weighted / (5 * total);
}

/** §3 status weight of one report; a closed report keeps the weight of the outcome it closed with. */
export function reportWeight(report: ReportInput): number {
  const status: string | null | undefined = report.status === 'closed' ? report.closedWith : report.status;
  // Rows come from storage: an unknown status, or `closed` without (or with `closed` as) an outcome, is a data error.
  const weight = status && Object.hasOwn(REPORT_STATUS_WEIGHTS, status) ? (REPORT_STATUS_WEIGHTS as Record<string, number>)[status] : undefined;
  if (weight === undefined) {
    throw new RangeError(`report status ${report.status}/${String(report.closedWith)} has no weight`);
  }
  return weight;
}

/** §3 report signal: W = Σ status weights, S = 1 − exp(−W/2). */
export function reportSignal(reports: readonly ReportInput[]): { W: number; S: number } {
  const W = reports.reduce((acc, r) => acc + reportWeight(r), 0);
  return { W, S: 1 - Math.exp(-W / 2) };
}

/** §3 findings signal: F = 1 − exp(−Σ severity / 3). */
export function findingsSignal(severities: readonly number[]): { total: number; F: number } {
  const total = severities.reduce((acc, s) => acc + s, 0);
  return { total, F: 1 - Math.exp(-total / 3) };
}

/** §3 level on the unrounded R: high if R ≥ high, medium if R ≥ medium, else low. */
export function levelOf(R: number, thresholds: { high: number; medium: number }): RiskLevel {
  if (R >= thresholds.high) return 'high';
  if (R >= thresholds.medium) return 'medium';
  return 'low';
}

/** §3 prior π_{u,d}: pooled mean of x over all posts' answers of d if N_u ≥ k and any exist, else 0.5. */
export function unitPriors(input: UnitRiskInput, k: number): Record<Dimension, number> {
  const priors = {} as Record<Dimension, number>;
  for (const d of DIMENSIONS) {
    const pooled = addDimSums(input.posts.map((p) => p.dims[d]));
    priors[d] = input.responses >= k && pooled.n > 0 ? pooled.sum / pooled.n : 0.5;
  }
  return priors;
}

/** §3 survey score: x̃ = π if N_p < k, else (n·x̄ + m·π)/(n + m). */
export function shrunkScore(dim: DimSum, prior: number, respondents: number, k: number, m: number): number {
  if (respondents < k) return prior;
  if (dim.n + m === 0) return prior; // n = 0 and m = 0: no answers and no prior weight, the prior is all there is
  return (dim.sum + m * prior) / (dim.n + m);
}

const mean3 = (a: number, b: number, c: number): number => (a + b + c) / 3;

function assessPost(post: PostRiskInput, priors: Record<Dimension, number>, params: ModelParams): PostRisk {
  const { k, m, likelihoodWeights: w } = params;
  const sparse = post.respondents < k;
  const dims = {} as Record<Dimension, DimResult>;
  for (const d of DIMENSIONS) {
    const { n, sum } = post.dims[d];
    if (n < 0 || sum < 0 || sum > n) throw new RangeError(`dimension ${d} of ${post.postKey} needs 0 ≤ sum ≤ n`);
    dims[d] = { n, mean: n > 0 && !sparse ? sum / n : null, score: shrunkScore(post.dims[d], priors[d], post.respondents, k, m) };
  }
  const [o, p, r] = MOTIVE_DIMENSIONS.map((d) => dims[d].score);
  const [ru, su, co] = CONSTRAINT_DIMENSIONS.map((d) => dims[d].score);
  const M = mean3(o, p, r);
  const C = mean3(ru, su, co);
  const { W, S } = reportSignal(post.reports);
  const { total: findingsTotal, F } = findingsSignal(post.findings);
  const contributions = { M: w.M * M, C: w.C * C, S: w.S * S, F: w.F * F };
  const L = contributions.M + contributions.C + contributions.S + contributions.F;
  const E = powerExposure(post.power, params.powerWeights);
  const R = 100 * Math.sqrt(E * L);
  return {
    postKey: post.postKey, E, M, C, S, F, L, R,
    level: levelOf(R, params.thresholds),
    N: post.respondents, W, findingsTotal,
    dims,
    flags: sparse ? [INSUFFICIENT_SURVEY_DATA] : [],
    contributions,
    topDimension: topDimension(dims, w),
  };
}

/** §3 explanation: the dimension contributing most to L (w_M·x̃_d/3 or w_C·x̃_d/3); ties go to the earlier in DIMENSIONS. */
export function topDimension(dims: Record<Dimension, { score: number }>, w: LikelihoodWeights): Dimension {
  const motive = new Set<Dimension>(MOTIVE_DIMENSIONS);
  let best: Dimension = DIMENSIONS[0];
  let bestValue = -Infinity;
  for (const d of DIMENSIONS) {
    const value = ((motive.has(d) ? w.M : w.C) * dims[d].score) / 3;
    if (value > bestValue) {
      best = d;
      bestValue = value;
    }
  }
  return best;
}

/** §3 whole model for one unit in one period: priors, then E, x̃, M, C, S, F, L, R and level per post. */
export function computeUnitRisk(input: UnitRiskInput, params: ModelParams): UnitRisk {
  const errors = validateParams(params);
  if (errors.length > 0) throw new RangeError(`invalid model parameters: ${errors.join(', ')}`);
  const priors = unitPriors(input, params.k);
  return { priors, posts: input.posts.map((p) => assessPost(p, priors, params)) };
}
