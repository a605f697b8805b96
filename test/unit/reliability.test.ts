import { addCase, cronbachAlpha, dimensionReliability, emptyCaseSums, reliabilityOf, spread } from '../../server/domain/reliability';

// A fixture small enough to compute by hand: four cases, three items.
//   case  i1 i2 i3 | total
//   c1     1  2  2 |  5
//   c2     2  2  3 |  7
//   c3     3  4  3 | 10
//   c4     4  4  4 | 12
// Sample variances (n − 1 = 3): i1 = (2.25+.25+.25+2.25)/3 = 5/3; i2 = (1+1+1+1)/3 = 4/3; i3 = (1+0+0+1)/3 = 2/3;
// total = (12.25+2.25+2.25+12.25)/3 = 29/3.
// α = 3/2 · (1 − (5/3 + 4/3 + 2/3)/(29/3)) = 3/2 · (1 − 11/29) = 27/29 ≈ 0.93103.
// Without i3: totals 3, 4, 7, 8 (variance 17/3), items 5/3 + 4/3 = 3 → α = 2 · (1 − 9/17) = 16/17 ≈ 0.94118 > 27/29:
// i3 is marked (α rises when it is left out). Without i1: totals 4, 5, 7, 8 (10/3), items 2 → α = 0.8. Without i2:
// totals 3, 5, 6, 8 (13/3), items 7/3 → α = 12/13.
// Item-rest r of i3 with i1 + i2 (3, 4, 7, 8): deviations (−1, 0, 0, 1) and (−2.5, −1.5, 1.5, 2.5):
// Σxy = 5, Σx² = 2, Σy² = 17 → r = 5/√34 ≈ 0.85749. i1 with i2 + i3 (4, 5, 7, 8): 7/√50. i2 with i1 + i3 (3, 5, 6, 8): 6/√52.
const rows = [[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 4]];

test('Cronbach\'s α of the hand-computed fixture is 27/29', () => {
  expect(cronbachAlpha(rows)).toBeCloseTo(27 / 29, 12);
});

test('item-rest correlations and α-if-deleted match the hand computation; the item whose removal raises α is marked', () => {
  const r = dimensionReliability(['i1', 'i2', 'i3'], rows);
  expect(r.cases).toBe(4);
  expect(r.alpha).toBeCloseTo(27 / 29, 12);
  expect(r.items.map((i) => i.itemRest)).toEqual([expect.closeTo(7 / Math.sqrt(50), 12), expect.closeTo(6 / Math.sqrt(52), 12), expect.closeTo(5 / Math.sqrt(34), 12)]);
  expect(r.items.map((i) => i.alphaIfDeleted)).toEqual([expect.closeTo(0.8, 12), expect.closeTo(12 / 13, 12), expect.closeTo(16 / 17, 12)]);
  expect(r.items.map((i) => i.weak)).toEqual([false, false, true]);
});

test('an item running against its dimension (item-rest r < 0.3) is marked; no variance gives no α', () => {
  const r = dimensionReliability(['a', 'b'], [[1, 5], [2, 4], [3, 3], [4, 2]]);
  expect(r.alpha).toBeNull(); // every total is 6
  expect(r.items.map((i) => i.itemRest)).toEqual([expect.closeTo(-1, 12), expect.closeTo(-1, 12)]);
  expect(r.items.every((i) => i.weak)).toBe(true);
  expect(r.items.map((i) => i.alphaIfDeleted)).toEqual([null, null]);
  // An item that never varies correlates with nothing.
  expect(dimensionReliability(['a', 'b', 'c'], [[3, 1, 2], [3, 2, 2], [3, 3, 5]]).items[0].itemRest).toBeNull();
});

test('the running sums give the figures of the rows they were fed, whatever their order, without keeping them', () => {
  // Pseudo-random answers 1..5 (a fixed linear congruential sequence), 4 items, 500 cases, fed in two orders.
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 5) + 1;
  const cases = Array.from({ length: 500 }, () => { const base = next(); return [base, Math.min(5, base + (next() % 2)), next(), Math.max(1, base - (next() % 2))]; });
  const forward = emptyCaseSums(4);
  const backward = emptyCaseSums(4);
  cases.forEach((row) => addCase(forward, row));
  [...cases].reverse().forEach((row) => addCase(backward, row));
  const keys = ['a', 'b', 'c', 'd'];
  expect(reliabilityOf(keys, forward)).toEqual(reliabilityOf(keys, backward));
  // Against α computed the textbook way, from the kept rows.
  const variance = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1); };
  const textbook = (4 / 3) * (1 - [0, 1, 2, 3].reduce((a, j) => a + variance(cases.map((r) => r[j])), 0) / variance(cases.map((r) => r[0] + r[1] + r[2] + r[3])));
  expect(reliabilityOf(keys, forward).alpha).toBeCloseTo(textbook, 10);
});

test('spread is the sample standard deviation', () => {
  expect(spread([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  expect(spread([3])).toBe(0);
});
