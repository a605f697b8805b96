// Evidence that the questionnaire measures (issue 18): internal consistency of each dimension's items, computed from
// released answers only (DESIGN.md §4), in the risk direction (polarity applied, DESIGN.md §3).
//
// Cronbach's α = K/(K−1) · (1 − Σ s²_i / s²_total) over the complete cases of a dimension's K items (sample variances);
// item-rest correlation = Pearson r of an item with the sum of the dimension's other items; α-if-deleted = α of the
// other items; spread = the sample standard deviation of an item's released answers (1–5).

/** An item whose item-rest correlation is below this does not hang together with its dimension. */
export const MIN_ITEM_REST = 0.3;

export interface ItemReliability {
  key: string;
  /** Pearson r with the sum of the other items; null with fewer than two items or no variance. */
  itemRest: number | null;
  /** α of the dimension without this item; null when fewer than two items would remain, or no variance. */
  alphaIfDeleted: number | null;
  /** "Consider rewriting": itemRest < 0.3, or α rises when the item is left out. */
  weak: boolean;
}

export interface DimensionReliability {
  /** Complete cases: every item of the dimension answered. */
  cases: number;
  alpha: number | null;
  items: ItemReliability[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sample variance (n − 1); 0 for fewer than two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Sample standard deviation of an item's answers: its spread. */
export const spread = (xs: readonly number[]): number => Math.sqrt(variance(xs));

/** Pearson correlation; null when either side has no variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** Cronbach's α of cases × items (each row one case, each column one item); null for K < 2, no case pair or no variance. */
export function cronbachAlpha(rows: readonly (readonly number[])[]): number | null {
  const k = rows[0]?.length ?? 0;
  if (k < 2 || rows.length < 2) return null;
  const itemVariances = Array.from({ length: k }, (_, j) => variance(rows.map((r) => r[j])));
  const totalVariance = variance(rows.map((r) => r.reduce((a, b) => a + b, 0)));
  if (totalVariance === 0) return null;
  return (k / (k - 1)) * (1 - itemVariances.reduce((a, b) => a + b, 0) / totalVariance);
}

/** α, item-rest r and α-if-deleted of one dimension, from its complete cases (rows of the items in `keys` order). */
export function dimensionReliability(keys: readonly string[], rows: readonly (readonly number[])[]): DimensionReliability {
  const alpha = cronbachAlpha(rows);
  const items = keys.map((key, j) => {
    const rest = rows.map((r) => r.reduce((a, b, i) => (i === j ? a : a + b), 0));
    const itemRest = keys.length < 2 || rows.length < 2 ? null : pearson(rows.map((r) => r[j]), rest);
    const alphaIfDeleted = keys.length < 3 ? null : cronbachAlpha(rows.map((r) => r.filter((_, i) => i !== j)));
    const weak = (itemRest !== null && itemRest < MIN_ITEM_REST) || (alpha !== null && alphaIfDeleted !== null && alphaIfDeleted > alpha);
    return { key, itemRest, alphaIfDeleted, weak };
  });
  return { cases: rows.length, alpha, items };
}
