import { isIsoDate } from './deadlines';
import { keyError, nameError, text, type FormErrors, type FormInput, type Validated } from './org-forms';
import { charLength } from './char-length';

// Assessment periods (DESIGN.md §2 Period): the form rules and the state machine draft → open → closed (→ open again).

export const PERIOD_STATES = ['draft', 'open', 'closed'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];
export type PeriodAction = 'open' | 'close' | 'reopen';

export const REASON_MAX = 1000;

export interface PeriodFields {
  key: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** Period form: key (org-file key format), name, start and end dates with end ≥ start. */
export function validatePeriodForm(input: FormInput): Validated<PeriodFields> {
  const value = { key: text(input, 'key'), name: text(input, 'name'), startsOn: text(input, 'starts_on'), endsOn: text(input, 'ends_on') };
  const errors: FormErrors = {};
  const k = keyError(value.key);
  if (k) errors.key = k;
  const n = nameError(value.name);
  if (n) errors.name = n;
  if (value.startsOn === '') errors.starts_on = 'form.required';
  else if (!isIsoDate(value.startsOn)) errors.starts_on = 'admin.period.date_format';
  if (value.endsOn === '') errors.ends_on = 'form.required';
  else if (!isIsoDate(value.endsOn)) errors.ends_on = 'admin.period.date_format';
  else if (!errors.starts_on && value.endsOn < value.startsOn) errors.ends_on = 'admin.period.end_before_start';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

const TRANSITIONS: Record<PeriodAction, { from: PeriodState; to: PeriodState }> = {
  open: { from: 'draft', to: 'open' },
  close: { from: 'open', to: 'closed' },
  reopen: { from: 'closed', to: 'open' },
};

/** Lifecycle rule: open only a draft, close only an open period, re-open only a closed one. Returns the new state or null. */
export function nextState(current: string, action: PeriodAction): PeriodState | null {
  const t = TRANSITIONS[action];
  return current === t.from ? t.to : null;
}

/** Re-opening needs a written reason (it is audited): required, at most REASON_MAX characters. */
export function reasonError(reason: string): string | null {
  if (reason === '') return 'admin.period.reason_required';
  return charLength(reason) > REASON_MAX ? 'form.too_long' : null;
}
