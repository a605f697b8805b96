// AHP (层次分析法) derivation of the likelihood weights (DESIGN.md §3).
// Rows and columns are in the order M, C, S, F; entry a_ij says how much more i matters than j.
import type { LikelihoodWeights } from './risk-params';

export type AhpError = 'ahp.inconsistent' | 'ahp.not_reciprocal' | 'ahp.out_of_scale' | 'ahp.shape';
export type AhpResult =
  | { ok: true; weights: LikelihoodWeights; lambdaMax: number; CI: number; CR: number }
  | { ok: false; error: AhpError; CR?: number };

export const AHP_ORDER = ['M', 'C', 'S', 'F'] as const;
/** Saaty's random index for n = 4. */
export const RANDOM_INDEX_4 = 0.9;
/** A matrix with CR at or above this is refused. */
export const MAX_CONSISTENCY_RATIO = 0.1;

const N = 4;
const TOLERANCE = 1e-9;
const SCALE = [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((v) => (v === 1 ? [1] : [v, 1 / v]));

const onScale = (x: number): boolean => SCALE.some((s) => Math.abs(x - s) <= TOLERANCE);

/** §3 AHP: principal eigenvector (power iteration, Σ = 1), λ_max, CI = (λ_max − 4)/3, CR = CI/0.90; CR ≥ 0.10 refused. */
export function ahpWeights(matrix: number[][]): AhpResult {
  if (!Array.isArray(matrix) || matrix.length !== N || !matrix.every((row) => Array.isArray(row) && row.length === N)) {
    return { ok: false, error: 'ahp.shape' };
  }
  if (!matrix.every((row) => row.every((x) => typeof x === 'number' && Number.isFinite(x) && onScale(x)))) {
    return { ok: false, error: 'ahp.out_of_scale' };
  }
  for (let i = 0; i < N; i++) {
    if (Math.abs(matrix[i][i] - 1) > TOLERANCE) return { ok: false, error: 'ahp.not_reciprocal' };
    for (let j = i + 1; j < N; j++) {
      if (Math.abs(matrix[j][i] - 1 / matrix[i][j]) > TOLERANCE) return { ok: false, error: 'ahp.not_reciprocal' };
    }
  }
  const w = principalEigenvector(matrix);
  const Aw = multiply(matrix, w);
  const lambdaMax = Aw.reduce((acc, v, i) => acc + v / w[i], 0) / N;
  // λ_max ≥ n for every positive reciprocal matrix; clamp only the rounding noise of a consistent one.
  const CI = Math.max(0, (lambdaMax - N) / (N - 1));
  const CR = CI / RANDOM_INDEX_4;
  if (CR >= MAX_CONSISTENCY_RATIO) return { ok: false, error: 'ahp.inconsistent', CR };
  return { ok: true, weights: { M: w[0], C: w[1], S: w[2], F: w[3] }, lambdaMax, CI, CR };
}

function multiply(matrix: number[][], v: number[]): number[] {
  return matrix.map((row) => row.reduce((acc, a, j) => acc + a * v[j], 0));
}

/** Perron vector of a positive matrix by power iteration, normalised to sum 1. */
function principalEigenvector(matrix: number[][]): number[] {
  let w = new Array<number>(N).fill(1 / N);
  for (let iter = 0; iter < 10_000; iter++) {
    const next = multiply(matrix, w);
    const total = next.reduce((a, b) => a + b, 0);
    const normalised = next.map((v) => v / total);
    const change = Math.max(...normalised.map((v, i) => Math.abs(v - w[i])));
    w = normalised;
    if (change < 1e-15) break;
  }
  return w;
}

/** Saaty scale input: "1".."9" or "1/2".."1/9" (surrounding spaces allowed); anything else is null. */
export function parseSaaty(text: string): number | null {
  const match = /^\s*(?:([1-9])|1\s*\/\s*([1-9]))\s*$/.exec(text);
  if (!match) return null;
  return match[1] !== undefined ? Number(match[1]) : 1 / Number(match[2]);
}
