// Findings (DESIGN.md §2): a result of inspection, patrol, a discipline case or special research about a post.
import type { FieldErrors } from '../errors';
import { isIsoDate } from './deadlines';
import { charLength } from './char-length';

export const FINDING_SOURCES = ['inspection', 'patrol', 'case', 'research'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];
export const FINDING_SEVERITIES = [1, 2, 3] as const;
type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export const SUMMARY_MAX = 2000;

export interface FindingInput {
  source: FindingSource;
  severity: FindingSeverity;
  foundOn: string;
  summary: string;
}

/** Raw form fields, as typed. */
export interface FindingForm {
  source: string;
  severity: string;
  found_on: string;
  summary: string;
}


/** §2 Finding rules: a known source, severity 1–3, a real date not after today, a summary of 1–2,000 characters. */
export function validateFinding(form: FindingForm, today: string): { ok: true; value: FindingInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!(FINDING_SOURCES as readonly string[]).includes(form.source)) errors.source = form.source ? 'assess.finding.error.source' : 'form.required';
  const severity = Number(form.severity);
  if (!FINDING_SEVERITIES.map(String).includes(form.severity)) errors.severity = form.severity ? 'assess.finding.error.severity' : 'form.required';
  if (!form.found_on) errors.found_on = 'form.required';
  else if (!isIsoDate(form.found_on)) errors.found_on = 'assess.error.date';
  else if (form.found_on > today) errors.found_on = 'assess.finding.error.future';
  const summary = form.summary.trim();
  if (!summary) errors.summary = 'form.required';
  else if (charLength(summary) > SUMMARY_MAX) errors.summary = 'assess.finding.error.summary_long';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { source: form.source as FindingSource, severity: severity as FindingSeverity, foundOn: form.found_on, summary } };
}
