// Evidence that the questionnaire measures (issue 18): internal consistency of each dimension's items, computed from
// released answers only (DESIGN.md §4), in the risk direction (polarity applied, DESIGN.md §3).
//
// Cronbach's α = K/(K−1) · (1 − Σ s²_i / s²_total) over the complete cases of a dimension's K items (sample variances);
// item-rest correlation = Pearson r of an item with the sum of the dimension's other items; α-if-deleted = α of the
// other items; spread = the sample standard deviation of an item's released answers (1–5).
//
// Every one of these comes from the items' covariances, and those from running sums (CaseSums): the cases are added
// one at a time and never kept, so a period of a million answers needs no more memory than one of a hundred. Answers
// are small integers, so the sums, and the scatter n·Σxy − Σx·Σy built from them, are exact in a double; only the
// final divisions round.

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

/** Running sums of the complete cases of K items: n, Σx_i and Σx_i·x_j. */
export interface CaseSums {
  n: number;
  sums: number[];
  products: number[][];
}

export function emptyCaseSums(items: number): CaseSums {
  return { n: 0, sums: Array(items).fill(0), products: Array.from({ length: items }, () => Array(items).fill(0)) };
}

/** Adds one complete case (one value per item, in the items' order). */
export function addCase(s: CaseSums, row: readonly number[]): void {
  s.n += 1;
  for (let i = 0; i < row.length; i++) {
    s.sums[i] += row[i];
    for (let j = 0; j < row.length; j++) s.products[i][j] += row[i] * row[j];
  }
}

/** n·Σx_i·x_j − Σx_i·Σx_j: the covariance of items i and j times n(n − 1). */
const scatter = (s: CaseSums, i: number, j: number) => s.n * s.products[i][j] - s.sums[i] * s.sums[j];

/** Σ of the scatter over pairs of the given items: a sum's variance, times n(n − 1). */
function scatterOfSum(s: CaseSums, items: readonly number[], others: readonly number[] = items): number {
  let total = 0;
  for (const i of items) for (const j of others) total += scatter(s, i, j);
  return total;
}

/** Cronbach's α of the given items; null for fewer than two items, fewer than two cases, or no variance of the total. */
function alphaOf(s: CaseSums, items: readonly number[]): number | null {
  if (items.length < 2 || s.n < 2) return null;
  const total = scatterOfSum(s, items);
  if (total === 0) return null;
  const itemScatter = items.reduce((a, i) => a + scatter(s, i, i), 0);
  return (items.length / (items.length - 1)) * (1 - itemScatter / total);
}

/** α, item-rest r and α-if-deleted of one dimension, from the running sums of its complete cases. */
export function reliabilityOf(keys: readonly string[], s: CaseSums): DimensionReliability {
  const all = keys.map((_, i) => i);
  const alpha = alphaOf(s, all);
  const items = keys.map((key, j) => {
    const rest = all.filter((i) => i !== j);
    const own = scatter(s, j, j);
    const ofRest = scatterOfSum(s, rest);
    const itemRest = keys.length < 2 || s.n < 2 || own <= 0 || ofRest <= 0 ? null : scatterOfSum(s, [j], rest) / Math.sqrt(own * ofRest);
    const alphaIfDeleted = keys.length < 3 ? null : alphaOf(s, rest);
    const weak = (itemRest !== null && itemRest < MIN_ITEM_REST) || (alpha !== null && alphaIfDeleted !== null && alphaIfDeleted > alpha);
    return { key, itemRest, alphaIfDeleted, weak };
  });
  return { cases: s.n, alpha, items };
}

function sumsOfRows(rows: readonly (readonly number[])[]): CaseSums {
  const s = emptyCaseSums(rows[0]?.length ?? 0);
  for (const row of rows) addCase(s, row);
  return s;
}

/** Cronbach's α of cases × items (each row one case, each column one item). */
export const cronbachAlpha = (rows: readonly (readonly number[])[]): number | null => reliabilityOf((rows[0] ?? []).map(String), sumsOfRows(rows)).alpha;

/** The figures of one dimension from its complete cases as rows (the items in `keys` order). */
export const dimensionReliability = (keys: readonly string[], rows: readonly (readonly number[])[]): DimensionReliability => reliabilityOf(keys, rows.length ? sumsOfRows(rows) : emptyCaseSums(keys.length));

/** Running sums of one item's answers, for its spread. */
export interface ValueSums {
  n: number;
  sum: number;
  squares: number;
}

export const emptyValueSums = (): ValueSums => ({ n: 0, sum: 0, squares: 0 });

export function addValue(s: ValueSums, value: number): void {
  s.n += 1;
  s.sum += value;
  s.squares += value * value;
}

/** Sample standard deviation (n − 1) of the values added; 0 for fewer than two. */
export const spreadOf = (s: ValueSums): number => (s.n < 2 ? 0 : Math.sqrt(Math.max(0, s.n * s.squares - s.sum * s.sum) / (s.n * (s.n - 1))));

/** The spread of a list of answers. */
export function spread(xs: readonly number[]): number {
  const s = emptyValueSums();
  for (const x of xs) addValue(s, x);
  return spreadOf(s);
}
