import type { NextFunction, Request, Response } from 'express';
import { isLang, negotiateLang, translator, type Lang } from '../../i18n';
import '../request-context';

export const LANG_COOKIE = 'lang';

function useLang(req: Request, res: Response, lang: Lang): void {
  req.lang = lang;
  req.t = translator(lang);
  res.locals.lang = lang;
  res.locals.t = req.t;
}

/** The one cookie an anonymous visitor gets: their language choice. */
export function rememberLang(res: Response, lang: Lang): void {
  res.cookie(LANG_COOKIE, lang, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000, path: '/' });
}

/** Picks the language (cookie, then Accept-Language) and exposes `t` to handlers and views. */
export function language(req: Request, res: Response, next: NextFunction): void {
  useLang(req, res, negotiateLang(req.cookies?.[LANG_COOKIE], req.get('accept-language')));
  res.locals.currentPath = req.path;
  res.vary('Accept-Language');
  next();
}

/**
 * The language switch of a page with a form: its button submits the form with `_lang` (views/partials/head.ejs).
 * The choice is remembered and `req.languageSwitch` tells the handler to show the same form again in that language,
 * with everything the user entered, and to do nothing else (no validation, no filing, no sign-in).
 * Runs after the route's own body parsing (multipart forms) and CSRF check.
 */
export function languageSwitch(req: Request, res: Response, next: NextFunction): void {
  const wanted = (req.body as Record<string, unknown> | undefined)?._lang;
  if (isLang(wanted)) {
    rememberLang(res, wanted);
    useLang(req, res, wanted);
    req.languageSwitch = true;
  }
  next();
}
