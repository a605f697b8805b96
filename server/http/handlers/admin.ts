import type { Request, Response } from 'express';

// The /admin landing page and what the admin handlers share: the notice after a redirect, the form and its parameters.

/** GET /admin — links to every administration section (each area fills its views/admin/sections/<area>.ejs). */
export function showAdmin(req: Request, res: Response): void {
  res.render('admin/index', { title: req.t('nav.admin') });
}

// Success notices shown after a redirect, e.g. /admin/units?created=1 → "Created."
const NOTICES: Record<string, string> = {
  created: 'admin.notice.created',
  saved: 'admin.notice.saved',
  archived: 'admin.notice.archived',
  unarchived: 'admin.notice.unarchived',
  opened: 'admin.notice.opened',
  closed: 'admin.notice.closed',
  reopened: 'admin.notice.reopened',
};

/** The message key of the notice asked for in the query string, if any. */
export function noticeOf(req: Request): string | null {
  for (const [flag, key] of Object.entries(NOTICES)) if (req.query[flag] === '1') return key;
  return null;
}

/** A form body as a plain record (an absent body counts as empty). */
export function formOf(req: Request): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

/** A route parameter as a string (Express 5 types allow arrays for wildcards). */
export function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}
