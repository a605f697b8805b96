import type { NextFunction, Request, Response } from 'express';
import { negotiateLang, translator } from '../../i18n';
import '../request-context';

export const LANG_COOKIE = 'lang';

/** Picks the language (cookie, then Accept-Language) and exposes `t` to handlers and views. */
export function language(req: Request, res: Response, next: NextFunction): void {
  req.lang = negotiateLang(req.cookies?.[LANG_COOKIE], req.get('accept-language'));
  req.t = translator(req.lang);
  res.locals.lang = req.lang;
  res.locals.t = req.t;
  res.locals.currentPath = req.path;
  res.vary('Accept-Language');
  next();
}
