import { countShown } from '../domain/released-cells';
import type { Translate } from '../i18n';

/** A count of people as shown to committee users (DESIGN.md §4): the number when it is at least k, else "fewer than k". */
export function countText(t: Translate, count: number, k: number): string {
  return countShown(count, k) ? String(count) : t('common.fewer_than_k', { k });
}
