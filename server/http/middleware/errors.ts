import type { NextFunction, Request, Response } from 'express';
import { dbErrorKind } from '../../db/translate-error';
import { AppError, NotFound } from '../../errors';
import { translator, DEFAULT_LANG } from '../../i18n';
import { errorFields, type Logger } from '../../logger';
import '../request-context';

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFound());
}

/** Maps any error to a status and a message key; body-parser and database errors get their own. */
function classify(err: unknown): { status: number; key: string; params?: Record<string, string | number> } {
  if (err instanceof AppError) return { status: err.status, key: err.messageKey, params: err.params };
  const e = err as { type?: string; status?: number; statusCode?: number; code?: string };
  if (e?.type === 'entity.too.large' || e?.type === 'parameters.too.many' || e?.code === 'LIMIT_FILE_SIZE') return { status: 413, key: 'error.too_large' };
  if (e?.type === 'entity.parse.failed' || e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return { status: 400, key: 'error.bad_request' };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return { status: e.status, key: 'error.bad_request' };
  const kind = dbErrorKind(err);
  if (kind === 'busy' || kind === 'unavailable') return { status: 503, key: 'error.unavailable' };
  if (kind === 'bad_input') return { status: 400, key: 'error.bad_request' };
  return { status: 500, key: 'error.internal' };
}

/** Last middleware: a translated page, never a stack trace. Only server faults are logged, without request data. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, key, params: raw } = classify(err);
    if (status >= 500) logger.error('request failed', { status, route: req.route?.path ?? 'unmatched', ...errorFields(err) });
    if (res.headersSent) return res.end();
    const t = req.t ?? translator(DEFAULT_LANG);
    // A wait in minutes reads as "1 minute" / "N minutes" in the page's language.
    const params = raw && typeof raw.minutes === 'number' ? { ...raw, wait: t(raw.minutes === 1 ? 'time.one_minute' : 'time.minutes', { n: raw.minutes }) } : raw;
    res.locals.t ??= t;
    res.locals.lang ??= req.lang ?? DEFAULT_LANG;
    if (status === 503) res.set('Retry-After', '5');
    res.status(status).render('errors/error', { title: t('error.title'), status, message: t(key, params) }, (renderErr: Error | null, html?: string) => {
      if (renderErr) {
        logger.error('error page failed to render', errorFields(renderErr));
        res.type('text/plain').send(`${status} ${t(key, params)}`);
        return;
      }
      res.send(html);
    });
  };
}
