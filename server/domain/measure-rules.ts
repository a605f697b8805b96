// Prevention and control measures (防控措施, DESIGN.md §2 Measure): validation and the review default.
import type { FieldErrors } from '../errors';
import { DIMENSIONS, type Dimension, type RiskLevel } from './dimensions';
import { isIsoDate } from './deadlines';
import { isReviewOverdue, nextReviewDate, type ReviewDays, DEFAULT_REVIEW_DAYS } from './review-schedule';
import { charLength } from './char-length';

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
/** A finished measure is not reviewed any more, so its review is never overdue. */
export const FINISHED_MEASURE_STATUSES = ['done', 'dropped'] as const satisfies readonly MeasureStatus[];
export const DESCRIPTION_MAX = 2000;
export const OWNER_MAX = 200;
export const NOTES_MAX = 4000;

export interface MeasureInput {
  dimensions: Dimension[];
  description: string;
  owner: string;
  dueOn: string | null;
  status: MeasureStatus;
  reviewNotes: string | null;
  nextReviewOn: string;
}

export interface MeasureForm {
  dimensions: string[];
  description: string;
  owner: string;
  due_on: string;
  status: string;
  review_notes: string;
  next_review_on: string;
}

/** §2 Measure rules: one or more of the six dimensions, a description and owner, a known status, real dates. */
export function validateMeasure(form: MeasureForm): { ok: true; value: MeasureInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const dims = DIMENSIONS.filter((d) => form.dimensions.includes(d));
  if (form.dimensions.length === 0) errors.dimensions = 'assess.measure.error.dimensions';
  else if (dims.length !== new Set(form.dimensions).size) errors.dimensions = 'form.invalid';
  const description = form.description.trim();
  if (!description) errors.description = 'form.required';
  else if (charLength(description) > DESCRIPTION_MAX) errors.description = 'form.too_long';
  const owner = form.owner.trim();
  if (!owner) errors.owner = 'form.required';
  else if (charLength(owner) > OWNER_MAX) errors.owner = 'form.too_long';
  if (form.due_on && !isIsoDate(form.due_on)) errors.due_on = 'assess.error.date';
  if (!(MEASURE_STATUSES as readonly string[]).includes(form.status)) errors.status = form.status ? 'form.invalid' : 'form.required';
  const notes = form.review_notes.trim();
  if (charLength(notes) > NOTES_MAX) errors.review_notes = 'form.too_long';
  if (!form.next_review_on) errors.next_review_on = 'form.required';
  else if (!isIsoDate(form.next_review_on)) errors.next_review_on = 'assess.error.date';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { dimensions: dims, description, owner, dueOn: form.due_on || null, status: form.status as MeasureStatus, reviewNotes: notes || null, nextReviewOn: form.next_review_on },
  };
}

/** §2 Measure: default next review by the post's current level (90/180/360 days); an unknown level counts as medium. */
export function defaultNextReview(level: RiskLevel | null, today: string, days: ReviewDays = DEFAULT_REVIEW_DAYS): string {
  return nextReviewDate(level ?? 'medium', today, days);
}

/** §2 Measure: a review is overdue once its date has passed, unless the measure is finished (done or dropped). */
export function measureReviewOverdue(status: string, nextReviewOn: string | null, today: string): boolean {
  if (!nextReviewOn || (FINISHED_MEASURE_STATUSES as readonly string[]).includes(status)) return false;
  return isReviewOverdue(nextReviewOn, today);
}

/** Stored form of the dimensions column: comma-separated keys in DIMENSIONS order. */
export function parseDimensions(stored: string): Dimension[] {
  const parts = stored.split(',');
  return DIMENSIONS.filter((d) => parts.includes(d));
}
