// Review schedule of prevention and control measures (DESIGN.md §2, Measure).
import { addCalendarDays, parseIsoDate } from './deadlines';
import type { RiskLevel } from './dimensions';

export type ReviewDays = Record<RiskLevel, number>;

/** Default review intervals in calendar days: high 90, medium 180, low 360. */
export const DEFAULT_REVIEW_DAYS: Readonly<ReviewDays> = Object.freeze({ high: 90, medium: 180, low: 360 });

/** §2 Measure: next review = from + (90 | 180 | 360) calendar days by the post's level. */
export function nextReviewDate(level: RiskLevel, from: string, days: ReviewDays = DEFAULT_REVIEW_DAYS): string {
  const interval = days[level];
  if (!Number.isInteger(interval) || interval <= 0) throw new RangeError(`review interval for ${level} must be a positive integer`);
  return addCalendarDays(from, interval);
}

/** §2 Measure: a review is overdue once its date has passed (due today is not yet overdue). */
export function isReviewOverdue(nextReview: string, today: string): boolean {
  return parseIsoDate(today) > parseIsoDate(nextReview);
}
