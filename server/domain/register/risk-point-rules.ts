// Risk point fields (DESIGN.md §2 Risk point): validation of the form, with translated messages and limits.
import type { FieldErrors } from '../../errors';
import { DIMENSIONS, POWER_TYPES, type Dimension, type PowerType } from '../dimensions';
import { charLength } from '../char-length';

export const DUTY_MAX = 500;
export const TEXT_MAX = 2000;
export const PERSON_MAX = 200;
export const RISK_POINT_KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface RiskPointInput {
  key: string | null;
  power: PowerType;
  duty: string;
  description: string;
  manifestation: string;
  dimensions: Dimension[];
  owner: string;
  supervisor: string;
}

/** Raw form fields, as typed. */
export interface RiskPointForm {
  key: string;
  power: string;
  duty: string;
  description: string;
  manifestation: string;
  dimensions: string[];
  owner: string;
  supervisor: string;
}

function text(errors: FieldErrors, field: string, value: string, max: number, required: boolean): string {
  const trimmed = value.trim();
  if (!trimmed && required) errors[field] = 'form.required';
  else if (charLength(trimmed) > max) errors[field] = 'form.too_long';
  return trimmed;
}

/**
 * §2 Risk point rules: a power type and the concrete duty, a description and how it shows are required; dimensions
 * among the six; owner and supervisor may wait (the procedure lists them as missing); an optional stable key.
 */
export function validateRiskPoint(form: RiskPointForm): { ok: true; value: RiskPointInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const key = form.key.trim();
  if (key && !RISK_POINT_KEY.test(key)) errors.key = 'register.error.key';
  if (!(POWER_TYPES as readonly string[]).includes(form.power)) errors.power = form.power ? 'form.invalid' : 'form.required';
  const duty = text(errors, 'duty', form.duty, DUTY_MAX, true);
  const description = text(errors, 'description', form.description, TEXT_MAX, true);
  const manifestation = text(errors, 'manifestation', form.manifestation, TEXT_MAX, true);
  const owner = text(errors, 'owner', form.owner, PERSON_MAX, false);
  const supervisor = text(errors, 'supervisor', form.supervisor, PERSON_MAX, false);
  const dimensions = DIMENSIONS.filter((d) => form.dimensions.includes(d));
  if (dimensions.length !== new Set(form.dimensions).size) errors.dimensions = 'form.invalid';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { key: key || null, power: form.power as PowerType, duty, description, manifestation, dimensions, owner, supervisor } };
}

/** The next free generated key of a post ("rp-1", "rp-2", …) given the keys it already has. */
export function nextRiskPointKey(taken: readonly string[]): string {
  const used = new Set(taken);
  let n = taken.length + 1;
  while (used.has(`rp-${n}`)) n++;
  return `rp-${n}`;
}

/** Dimensions as stored (comma-separated) back to the list, in display order. */
export function parseStoredDimensions(stored: string): Dimension[] {
  const parts = stored.split(',');
  return DIMENSIONS.filter((d) => parts.includes(d));
}
