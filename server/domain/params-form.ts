import { POWER_TYPES, type PowerType } from './dimensions';
import type { FormErrors, FormInput, Validated } from './org-forms';
import { PARAM_ERRORS, validateParams, type LikelihoodWeights, type ModelParams } from './risk-params';

// The model-parameter form of a period (DESIGN.md §3): field names, parsing, and the §3 rules of validateParams,
// each error placed on the field or group of fields it is about.

export const LIKELIHOOD_TERMS = ['M', 'C', 'S', 'F'] as const satisfies readonly (keyof LikelihoodWeights)[];

/** Every input of the form, in display order. */
export const PARAM_FIELDS = ['k', 'm', ...LIKELIHOOD_TERMS.map((t) => `w_${t}`), ...POWER_TYPES.map((t) => `p_${t}`), 'high', 'medium'];

/** Where each validateParams error is shown: a single field, or the fieldset of a group (k, m, likelihood, power, thresholds). */
const ERROR_FIELD: Record<string, string> = {
  [PARAM_ERRORS.likelihoodWeightRange]: 'likelihood',
  [PARAM_ERRORS.likelihoodWeightSum]: 'likelihood',
  [PARAM_ERRORS.kRange]: 'k',
  [PARAM_ERRORS.mRange]: 'm',
  [PARAM_ERRORS.powerWeightRange]: 'power',
  [PARAM_ERRORS.powerWeightSum]: 'power',
  [PARAM_ERRORS.thresholdsOrder]: 'thresholds',
};

/** The stored parameters as the strings the form shows. */
export function paramsToForm(p: ModelParams): Record<string, string> {
  const form: Record<string, string> = { k: String(p.k), m: String(p.m), high: String(p.thresholds.high), medium: String(p.thresholds.medium) };
  for (const t of LIKELIHOOD_TERMS) form[`w_${t}`] = String(p.likelihoodWeights[t]);
  for (const t of POWER_TYPES) form[`p_${t}`] = String(p.powerWeights[t]);
  return form;
}

/** The submitted strings, kept as typed so a refused form shows them again. */
export function formValues(input: FormInput): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of PARAM_FIELDS) values[name] = typeof input[name] === 'string' ? (input[name] as string).trim().slice(0, 32) : '';
  return values;
}

/** Parses the form (decimal numbers; every field required) and applies validateParams (§3 parameter rules). */
export function parseParamsForm(input: FormInput): Validated<ModelParams> {
  const values = formValues(input);
  const errors: FormErrors = {};
  const num: Record<string, number> = {};
  for (const name of PARAM_FIELDS) {
    const raw = values[name];
    if (raw === '') errors[name] = 'form.required';
    else if (!/^-?\d+(\.\d+)?$/.test(raw)) errors[name] = 'admin.params.number';
    else num[name] = Number(raw);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const params: ModelParams = {
    k: num.k,
    m: num.m,
    likelihoodWeights: { M: num.w_M, C: num.w_C, S: num.w_S, F: num.w_F },
    powerWeights: Object.fromEntries(POWER_TYPES.map((t) => [t, num[`p_${t}`]])) as Record<PowerType, number>,
    thresholds: { high: num.high, medium: num.medium },
  };
  Object.assign(errors, paramErrorFields(validateParams(params)));
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: params };
}

/** validateParams errors placed on their field or group (the first error of a group wins). */
export function paramErrorFields(keys: string[]): FormErrors {
  const errors: FormErrors = {};
  for (const key of keys) errors[ERROR_FIELD[key] ?? 'likelihood'] ??= key;
  return errors;
}
