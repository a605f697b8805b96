import path from 'node:path';
import type { Request, Response } from 'express';
import { STATIC_DIR } from '../../paths';
import { isLang } from '../../i18n';
import { rememberLang } from '../middleware/language';

export function showHome(req: Request, res: Response): void {
  res.render('home/index', { title: req.t('site.tagline') });
}

/** Only same-site relative paths, so the switch cannot be used as an open redirect. */
export function safeNext(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : fallback;
}

/** GET /lang/:lang — remembers the choice in the one cookie anonymous visitors get, then goes back. */
export function switchLanguage(req: Request, res: Response): void {
  const lang = req.params.lang;
  if (isLang(lang)) rememberLang(res, lang);
  res.redirect(303, safeNext(req.query.next));
}

/** GET /favicon.ico — browsers ask for it whatever the page says; the site's mark as SVG (every current browser). */
export function sendFavicon(_req: Request, res: Response): void {
  res.set('Cache-Control', 'public, max-age=86400');
  res.type('image/svg+xml').sendFile(path.join(STATIC_DIR, 'favicon.svg'));
}
