import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logger';

/**
 * Access log for committee routes only. Anonymous traffic is not logged at all: even a path with an hour
 * would help date a survey answer or a report. Never the address, user agent, query string or body.
 */
export function committeeAccessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (!req.principal) return;
      logger.info('committee request', {
        method: req.method,
        route: req.route?.path ?? 'unmatched',
        status: res.statusCode,
        user: req.principal.id,
        ms: Number((process.hrtime.bigint() - started) / 1000000n),
      });
    });
    next();
  };
}
