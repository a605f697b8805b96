// Release rule and visibility thresholds (DESIGN.md §4): figures move only in steps of at least k responses.

/** While a period is open: release the unit's unreleased responses, all of them, as soon as there are k. */
export function releaseDue(unreleased: number, k: number): boolean {
  return unreleased >= k && unreleased > 0;
}

/** At close: the remainder is released only if at least k remain; fewer stay out of every figure. */
export function releaseOnCloseDue(remaining: number, k: number): boolean {
  return remaining >= k && remaining > 0;
}

/** A group (respondents, answers) may be shown only when it holds at least k. */
export function visible(count: number, k: number): boolean {
  return count >= k && count > 0;
}

/** §3 risk value of an answer a ∈ 1..5: (a−1)/4 for polarity +, (5−a)/4 for polarity −. */
export function riskValue(answer: number, polarity: '+' | '-'): number {
  return polarity === '+' ? (answer - 1) / 4 : (5 - answer) / 4;
}

export interface ItemCounts {
  polarity: '+' | '-';
  /** c[0] = count of answer 1 … c[4] = count of answer 5. */
  c: [number, number, number, number, number];
  cna: number;
}

/** §3 n_{p,d} and x̄_{p,d} of one dimension from its items' released counts; respondents = the largest item's non-na count. */
export function dimensionStats(items: ItemCounts[]): { n: number; mean: number | null; minRespondents: number } {
  let n = 0;
  let sum = 0;
  let respondents = 0;
  for (const item of items) {
    let itemN = 0;
    item.c.forEach((count, i) => {
      itemN += count;
      sum += count * riskValue(i + 1, item.polarity);
    });
    n += itemN;
    respondents = Math.max(respondents, itemN);
  }
  return { n, mean: n > 0 ? sum / n : null, minRespondents: respondents };
}
