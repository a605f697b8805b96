import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../errors';

/**
 * Every form here is posted as application/x-www-form-urlencoded, or multipart/form-data where files go along
 * (DESIGN.md §5): a body of any other type is refused with 415 before a handler sees it. A POST whose body was not
 * parsed (none at all, or multipart where no files are taken) reaches its handler as an empty form, so it is answered
 * by the form's own validation instead of failing on an undefined body.
 */
export function formBodiesOnly(req: Request, _res: Response, next: NextFunction): void {
  if (req.method !== 'POST') return next();
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(['application/x-www-form-urlencoded', 'multipart/form-data'])) return next(new AppError(415, 'error.unsupported_type'));
  req.body ??= {};
  next();
}
