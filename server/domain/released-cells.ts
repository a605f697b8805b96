// Released cells (DESIGN.md §4 "Released cells", §3): the one home of the k rule for survey data.
//
// The unit of disclosure is a cell: (post, item) for a post item, (unit, item) for a unit item (postId = 0). A cell's
// non-"don't know" answers become visible only in batches of at least k; comments and the unit's response count
// move in batches of at least k responses. Anything still held enters no figure. So every released cell holds 0 or
// at least k answers, and every count a page shows is 0 or at least k.

/** postId of a unit-scope item's cell. */
export const UNIT_CELL = 0;

export interface Cell {
  postId: number;
  itemId: number;
}

export const cellKey = (c: Cell): string => `${c.postId}:${c.itemId}`;

/** Cells whose held answers reach k: they are released now, all their held answers at once. */
export function cellsDue<C extends Cell & { held: number }>(cells: readonly C[], k: number): C[] {
  return cells.filter((c) => c.held >= Math.max(1, k));
}

/** Held responses are counted in N_u (and their comments released) only as a batch of at least k. */
export function responsesDue(held: number, k: number): boolean {
  return held >= Math.max(1, k);
}

/** A count that may be shown as a number: 0 (nothing released) or at least k. Anything else reads "fewer than k". */
export function countShown(count: number, k: number): boolean {
  return count >= Math.max(1, k);
}

/** A count of people as committee users see it: the number when it is at least k, else "fewer than k" (translated by t). */
export function countText(t: (key: string, params?: Record<string, string | number>) => string, count: number, k: number): string {
  return countShown(count, k) ? String(count) : t('common.fewer_than_k', { k });
}
