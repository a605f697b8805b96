import type { NextFunction, Request, Response } from 'express';

/** Committee pages carry names, reports and scores: no cache (browser, proxy) may keep a copy. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  next();
}
