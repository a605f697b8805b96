import { DIMENSIONS, type Dimension } from './dimensions';

// Item scope (DESIGN.md §2): a `post` item is asked about every post of the unit; a `unit` item is asked once per
// response and its answers count toward its dimension for every post of the unit (DESIGN.md §3).

export const ITEM_SCOPES = ['post', 'unit'] as const;
export type ItemScope = (typeof ITEM_SCOPES)[number];

/** The post-key part of a unit item's form field: `answer.unit.<itemKey>` (DESIGN.md §8). */
export const UNIT_FIELD = 'unit';

/** Every dimension needs at least this many items (DESIGN.md §2). */
export const MIN_ITEMS_PER_DIMENSION = 2;

export const isItemScope = (value: unknown): value is ItemScope => (ITEM_SCOPES as readonly unknown[]).includes(value);

/** A stored scope read back; anything not `unit` is a post item (the column's default). */
export const scopeOf = (value: unknown): ItemScope => (value === 'unit' ? 'unit' : 'post');

export const postItems = <T extends { scope: ItemScope }>(items: readonly T[]): T[] => items.filter((i) => i.scope === 'post');
export const unitItems = <T extends { scope: ItemScope }>(items: readonly T[]): T[] => items.filter((i) => i.scope === 'unit');

/** Answers one response gives: every post item for every post, every unit item once. */
export function answersPerResponse(postCount: number, items: readonly { scope: ItemScope }[]): number {
  return postItems(items).length * postCount + unitItems(items).length;
}

/** Rule (DESIGN.md §2): every dimension covered by at least two items, post and unit items together. Returns the ones that are not. */
export function uncoveredDimensions(items: readonly { dimension: string }[]): Dimension[] {
  return DIMENSIONS.filter((d) => items.filter((i) => i.dimension === d).length < MIN_ITEMS_PER_DIMENSION);
}
