// 组织评定 (DESIGN.md §2 Assessment procedure): the computed level of §3 is the proposal; any other decision needs a
// written reason.
import type { FieldErrors } from '../../errors';
import type { RiskLevel } from '../dimensions';
import { isLevel } from './vocabulary';
import { charLength } from '../char-length';

export const REASON_MAX = 2000;

export interface PostDecisionInput {
  level: RiskLevel;
  reason: string | null;
}

/** A decided level among the three; a reason (up to 2,000 characters) required when it differs from the proposal. */
export function validatePostDecision(proposal: RiskLevel, level: string, reasonRaw: string, field = 'level'): { ok: true; value: PostDecisionInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const reason = reasonRaw.trim();
  const reasonField = field === 'level' ? 'reason' : field.replace(/level/, 'reason');
  if (!isLevel(level)) errors[field] = level ? 'form.invalid' : 'form.required';
  else if (level !== proposal && !reason) errors[reasonField] = 'register.decision.error.reason';
  if (charLength(reason) > REASON_MAX) errors[reasonField] = 'form.too_long';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { level: level as RiskLevel, reason: reason || null } };
}

/** Whether a decision overrides the computed level (shown as such wherever both appear). */
export function isOverride(computed: RiskLevel, decided: RiskLevel | null): boolean {
  return decided !== null && decided !== computed;
}
