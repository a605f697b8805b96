import { POWER_TYPES, type PowerType } from './dimensions';
import { orgKeySchema, powerLevelSchema } from './org-file';
import { charLength } from './char-length';

// Validation of the admin forms for units and posts (DESIGN.md §2 Unit, Post). The key format and the power levels
// are the organisation file's own rules (org-file.ts), so a unit made on a page can be exported and re-imported.

export type FormErrors = Record<string, string>;
export type FormInput = Record<string, unknown>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

export const NAME_MAX = 200;
export const PORTFOLIO_MAX = 500;
export const POWER_LEVELS = [0, 1, 2, 3, 4, 5] as const;

export interface UnitFields {
  key: string;
  name: string;
}

export interface PostFields {
  key: string;
  title: string;
  portfolio: string;
  chief: boolean;
  holderName: string | null;
  power: Record<PowerType, number>;
}

/** Form text as the user typed it (trimmed); anything that is not a string counts as empty. */
export function text(input: FormInput, name: string): string {
  const value = input[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Keys that name pages (/admin/units/new), so the admin forms do not hand them out. */
export const RESERVED_KEYS: readonly string[] = ['new'];

/** Key rule of the organisation file: 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit; not reserved. */
export function keyError(key: string): string | null {
  if (key === '') return 'form.required';
  if (!orgKeySchema.safeParse(key).success) return 'admin.key.format';
  return RESERVED_KEYS.includes(key) ? 'admin.key.reserved' : null;
}

/** A required single-line name of at most `max` characters. */
export function nameError(value: string, max = NAME_MAX): string | null {
  if (value === '') return 'form.required';
  return charLength(value) > max ? 'form.too_long' : null;
}

/** Unit form: key (org-file format) and name. */
export function validateUnitForm(input: FormInput): Validated<UnitFields> {
  const value = { key: text(input, 'key'), name: text(input, 'name') };
  const errors: FormErrors = {};
  const k = keyError(value.key);
  if (k) errors.key = k;
  const n = nameError(value.name);
  if (n) errors.name = n;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

/** Unit rename form: the name only (keys are stable). */
export function validateUnitName(input: FormInput): Validated<{ name: string }> {
  const name = text(input, 'name');
  const n = nameError(name);
  return n ? { ok: false, errors: { name: n } } : { ok: true, value: { name } };
}

/** Power level field `power_<type>`: an integer 0–5, required. */
function powerLevel(input: FormInput, type: PowerType): number | null {
  const raw = text(input, `power_${type}`);
  if (!/^\d$/.test(raw)) return null;
  const level = Number(raw);
  return powerLevelSchema.safeParse(level).success ? level : null;
}

/** Post form: key, title, portfolio, chief flag, optional holder name, and a level 0–5 for each power type. */
export function validatePostForm(input: FormInput): Validated<PostFields> {
  const errors: FormErrors = {};
  const key = text(input, 'key');
  const title = text(input, 'title');
  const portfolio = text(input, 'portfolio');
  const holder = text(input, 'holder_name');
  const k = keyError(key);
  if (k) errors.key = k;
  const t = nameError(title);
  if (t) errors.title = t;
  if (charLength(portfolio) > PORTFOLIO_MAX) errors.portfolio = 'form.too_long';
  if (charLength(holder) > NAME_MAX) errors.holder_name = 'form.too_long';
  const power = {} as Record<PowerType, number>;
  for (const type of POWER_TYPES) {
    const level = powerLevel(input, type);
    if (level === null) errors[`power_${type}`] = 'admin.post.power_level';
    else power[type] = level;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const chief = input.chief === '1' || input.chief === 'on' || input.chief === 'true';
  return { ok: true, value: { key, title, portfolio, chief, holderName: holder === '' ? null : holder, power } };
}
