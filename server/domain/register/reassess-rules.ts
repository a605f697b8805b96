// 动态调整 (DESIGN.md §2 Dynamic adjustment): which changes flag a post "re-assessment due".
import { POWER_TYPES, type PowerType } from '../dimensions';
import type { ReassessTrigger } from './vocabulary';

/** A report about the post found substantiated, wholly or in part. */
export function reportStatusTriggers(to: string): boolean {
  return to === 'substantiated' || to === 'partly_substantiated';
}

/** A finding of severity 3 (serious) about the post, new or raised to 3. */
export function findingTriggers(severity: number, before: number | null = null): boolean {
  return severity === 3 && before !== 3;
}

export interface PostProfile {
  holderName: string | null;
  power: Record<PowerType, number>;
}

/** A new holder (a different, non-empty name) or a changed power profile. */
export function postChangeTriggers(before: PostProfile, after: PostProfile): ReassessTrigger[] {
  const triggers: ReassessTrigger[] = [];
  const holder = after.holderName?.trim() ?? '';
  if (holder && holder !== (before.holderName?.trim() ?? '')) triggers.push('holder');
  if (POWER_TYPES.some((t) => before.power[t] !== after.power[t])) triggers.push('power');
  return triggers;
}
