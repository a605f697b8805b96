import type { Request, Response } from 'express';
import type { AppDeps } from '../../deps';

/** Liveness: the process answers. */
export function healthz(_req: Request, res: Response): void {
  res.type('application/json').send({ status: 'ok' });
}

/** Readiness: the database answers a query. */
export function readyz(deps: AppDeps) {
  return async (_req: Request, res: Response) => {
    try {
      await deps.db.raw('select 1');
      res.type('application/json').send({ status: 'ready' });
    } catch {
      res.status(503).type('application/json').send({ status: 'unavailable' });
    }
  };
}
