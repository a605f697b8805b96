import type { Request } from 'express';

// Small parsing helpers shared by the assessment-inputs handlers.

/** A trimmed-at-most string field; anything that is not a string becomes ''. */
export function field(value: unknown, max = 10_000): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A repeated form field (checkboxes) as a list of strings. */
export function fieldList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').slice(0, 20);
  return typeof value === 'string' ? [value] : [];
}

/** A numeric id route parameter; NaN (not found) when it is not a positive integer. */
export function idParam(req: Request, name: string): number {
  const raw = req.params[name];
  return typeof raw === 'string' && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
}

export function param(req: Request, name: string): string {
  const raw = req.params[name];
  return typeof raw === 'string' ? raw : '';
}
